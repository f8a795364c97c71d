//! Consensus review: N examiners' independent assessments (or sealed scorebooks) of one organisation
//! become a worksheet (per item each percent, mean, median, range, spread; large spreads flagged, the
//! most points at stake first), a proposed consensus percent, rater statistics (ICC(2,1), ICC(2,k),
//! Krippendorff's alpha, each examiner's leniency and spread), and a consensus record in which every
//! override of the proposal says who decided and why, with the team's key themes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::assessment::{Assessment, Entry, Format, Items, Notes};
use crate::framework::Framework;
use crate::scorebook::{CommentKind, Scorebook};
use crate::{Checked, Error, Points};

/// Most examiners in one consensus; beyond this the input is a mistake, not a team.
pub const MAX_EXAMINERS: usize = 100;

/// Default spread (points of percent between the lowest and highest examiner) flagged for discussion.
pub const DEFAULT_SPREAD_THRESHOLD: u8 = 20;

/// An examiner whose percents' standard deviation across items is below this (points of percent)
/// scores flat: much the same percent everywhere.
pub const FLAT_SPREAD: f64 = 5.0;

/// An examiner whose mean difference from the proposals exceeds this (points of percent, either way)
/// is flagged as an outlier: consistently lenient or severe.
pub const OUTLIER_LENIENCY: f64 = 10.0;

/// Key themes one record may carry.
pub const MAX_THEMES: usize = 100;

#[derive(Debug, Clone, Serialize)]
pub struct Note {
    pub examiner: String,
    pub text: String,
    /// The applicant's key factors the comment cites (scorebooks only).
    pub key_factors: Vec<String>,
    /// Marked by its examiner as ready for the applicant's feedback report (scorebooks only).
    pub feedback_ready: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub item: String,
    pub points: u32,
    /// Each examiner's percent, in examiner order (`None` where one did not rate it).
    pub percents: Vec<Option<u8>>,
    pub mean: Option<f64>,
    pub median: Option<f64>,
    pub min: Option<u8>,
    pub max: Option<u8>,
    pub spread: u8,
    /// Points the spread puts at stake: spread x item points / 100.
    pub at_stake: Points,
    pub flagged: bool,
    /// The proposed consensus percent: the median on the grid, ties down.
    pub proposed: Option<u8>,
    /// The percent the team agreed (with a record: its decision, else the proposal); beside each
    /// examiner's original percent above.
    pub agreed: Option<u8>,
    /// Examiners whose percent is further than the threshold from the item's median.
    pub outliers: Vec<String>,
    pub strengths: Vec<Note>,
    pub ofis: Vec<Note>,
}

/// One examiner's scoring pattern, in points of percent.
#[derive(Debug, Clone, Serialize)]
pub struct ExaminerStats {
    pub name: String,
    /// Items this examiner rated.
    pub rated: usize,
    /// Mean of (this examiner's percent - the proposed consensus percent) over the items both have:
    /// positive is lenient, negative severe. `None` with no such item.
    pub leniency: Option<f64>,
    /// Standard deviation of this examiner's percents across items (`None` below two items).
    pub spread: Option<f64>,
    /// The percents vary less than `FLAT_SPREAD` over at least three items.
    pub flat: bool,
    /// |leniency| above `OUTLIER_LENIENCY`.
    pub outlier: bool,
}

/// Rater statistics. ICC(2,1) and ICC(2,k) of Shrout & Fleiss (1979) (two-way random effects,
/// absolute agreement; single rater and the mean of k) over the items every examiner rated;
/// Krippendorff's alpha (interval and nominal) over every item at least two examiners rated, missing
/// ratings allowed. `None` where a statistic is undefined (too few items or raters, no variation).
#[derive(Debug, Clone, Serialize)]
pub struct Agreement {
    pub icc_2_1: Option<f64>,
    pub icc_2_k: Option<f64>,
    pub krippendorff_alpha_interval: Option<f64>,
    pub krippendorff_alpha_nominal: Option<f64>,
    /// Items every examiner rated (the ICCs' table).
    pub items: usize,
    pub examiner_count: usize,
    pub examiners: Vec<ExaminerStats>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Worksheet {
    pub framework: String,
    pub examiners: Vec<String>,
    pub threshold: u8,
    pub rows: Vec<Row>,
    /// Flagged items, the most points at stake first: discuss these first.
    pub discuss: Vec<String>,
    pub agreement: Agreement,
}

/// The two-way ANOVA mean squares of an n x k table (targets x raters): rows, columns, error.
fn mean_squares(table: &[Vec<f64>]) -> Option<(f64, f64, f64, f64, f64)> {
    let n = table.len();
    let k = table.first()?.len();
    if n < 2 || k < 2 || table.iter().any(|r| r.len() != k) {
        return None;
    }
    let (nf, kf) = (n as f64, k as f64);
    let grand = table.iter().flatten().sum::<f64>() / (nf * kf);
    let row_means: Vec<f64> = table.iter().map(|r| r.iter().sum::<f64>() / kf).collect();
    let col_means: Vec<f64> = (0..k).map(|j| table.iter().map(|r| r[j]).sum::<f64>() / nf).collect();
    let ss_rows = kf * row_means.iter().map(|m| (m - grand).powi(2)).sum::<f64>();
    let ss_cols = nf * col_means.iter().map(|m| (m - grand).powi(2)).sum::<f64>();
    let ss_total = table.iter().flatten().map(|x| (x - grand).powi(2)).sum::<f64>();
    let ss_error = ss_total - ss_rows - ss_cols;
    Some((ss_rows / (nf - 1.0), ss_cols / (kf - 1.0), ss_error / ((nf - 1.0) * (kf - 1.0)), nf, kf))
}

/// ICC(2,1) for an n x k table (targets x raters).
pub fn icc_2_1(table: &[Vec<f64>]) -> Option<f64> {
    let (msr, msc, mse, n, k) = mean_squares(table)?;
    let denominator = msr + (k - 1.0) * mse + k * (msc - mse) / n;
    (denominator != 0.0).then(|| (msr - mse) / denominator)
}

/// ICC(2,k): the reliability of the mean of the k raters.
pub fn icc_2_k(table: &[Vec<f64>]) -> Option<f64> {
    let (msr, msc, mse, n, _) = mean_squares(table)?;
    let denominator = msr + (msc - mse) / n;
    (denominator != 0.0).then(|| (msr - mse) / denominator)
}

/// The difference function of Krippendorff's alpha.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    Nominal,
    Interval,
}

/// Krippendorff's alpha over units (one list of the values coders gave it; missing ones left out),
/// by the coincidence matrix of Krippendorff (2011). Units with fewer than two values are not
/// pairable and drop out. `None` with fewer than two pairable values or no expected disagreement.
pub fn krippendorff_alpha(units: &[Vec<i64>], metric: Metric) -> Option<f64> {
    let delta = |a: i64, b: i64| match metric {
        Metric::Nominal => f64::from(u8::from(a != b)),
        Metric::Interval => ((a - b) as f64).powi(2),
    };
    // Coincidences o(c, k), over ordered pairs of values within a unit, each weighted 1/(m_u - 1).
    let mut o: BTreeMap<(i64, i64), f64> = BTreeMap::new();
    for unit in units.iter().filter(|u| u.len() >= 2) {
        let w = 1.0 / (unit.len() - 1) as f64;
        for (i, &a) in unit.iter().enumerate() {
            for (j, &b) in unit.iter().enumerate() {
                if i != j {
                    *o.entry((a, b)).or_default() += w;
                }
            }
        }
    }
    let mut marginals: BTreeMap<i64, f64> = BTreeMap::new();
    for (&(c, _), &v) in &o {
        *marginals.entry(c).or_default() += v;
    }
    let n: f64 = marginals.values().sum();
    if n < 2.0 {
        return None;
    }
    let observed: f64 = o.iter().map(|(&(c, k), &v)| v * delta(c, k)).sum();
    let expected: f64 =
        marginals.iter().flat_map(|(&c, &nc)| marginals.iter().map(move |(&k, &nk)| nc * nk * delta(c, k))).sum();
    (expected > 0.0).then(|| 1.0 - (n - 1.0) * observed / expected)
}

fn examiner_stats(name: &str, column: impl Iterator<Item = (Option<u8>, Option<u8>)>) -> ExaminerStats {
    let mut own = Vec::new();
    let mut diffs = Vec::new();
    for (mine, proposed) in column {
        if let Some(m) = mine {
            own.push(f64::from(m));
            if let Some(p) = proposed {
                diffs.push(f64::from(m) - f64::from(p));
            }
        }
    }
    let mean = |v: &[f64]| (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64);
    let leniency = mean(&diffs);
    let spread = (own.len() >= 2).then(|| {
        let m = own.iter().sum::<f64>() / own.len() as f64;
        (own.iter().map(|x| (x - m).powi(2)).sum::<f64>() / own.len() as f64).sqrt()
    });
    ExaminerStats {
        name: name.to_string(),
        rated: own.len(),
        leniency,
        spread,
        flat: own.len() >= 3 && spread.is_some_and(|s| s < FLAT_SPREAD),
        outlier: leniency.is_some_and(|l| l.abs() > OUTLIER_LENIENCY),
    }
}

fn median(sorted: &[u8]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(f64::from(sorted[n / 2])),
        _ => Some((f64::from(sorted[n / 2 - 1]) + f64::from(sorted[n / 2])) / 2.0),
    }
}

/// Builds the worksheet from checked assessments of one framework, named by examiner; where an
/// examiner's input was a scorebook (`books`, in the same order), its comments keep their key
/// factors and feedback-ready marks.
pub fn worksheet(
    examiners: &[(String, &Checked)],
    books: &[Option<&Scorebook>],
    threshold: u8,
) -> Result<Worksheet, Error> {
    let Some((_, first)) = examiners.first() else {
        return Err(Error::Consensus { rule: "needs at least one assessment".into() });
    };
    if examiners.len() > MAX_EXAMINERS {
        return Err(Error::Consensus {
            rule: format!("{} assessments; the limit is {MAX_EXAMINERS}", examiners.len()),
        });
    }
    let fw: &Framework = first.framework;
    if let Some((name, other)) = examiners.iter().find(|(_, c)| c.framework.id != fw.id) {
        return Err(Error::Consensus {
            rule: format!(
                "{name} uses framework `{}`, the others `{}` (rule: one framework per consensus)",
                other.framework.id, fw.id
            ),
        });
    }
    let step = fw.percent_step;
    let mut rows = Vec::new();
    for (i, item) in fw.items().enumerate() {
        let percents: Vec<Option<u8>> = examiners.iter().map(|(_, c)| c.percents[i]).collect();
        let mut rated: Vec<u8> = percents.iter().flatten().copied().collect();
        rated.sort_unstable();
        let (min, max) = (rated.first().copied(), rated.last().copied());
        let spread = max.zip(min).map_or(0, |(hi, lo)| hi - lo);
        let med = median(&rated);
        // Nearest grid step to the median, ties down (the median of two is halfway at worst).
        let proposed = med.map(|m| {
            let below = (m / f64::from(step)).floor() * f64::from(step);
            let above = below + f64::from(step);
            if m - below <= above - m {
                below as u8
            } else {
                above as u8
            }
        });
        let notes = |pick: fn(&Entry) -> &Vec<String>, kind: CommentKind| -> Vec<Note> {
            let mut out = Vec::new();
            for (x, (name, c)) in examiners.iter().enumerate() {
                if let Some(Some(book)) = books.get(x) {
                    let comments = book.items.0.iter().filter(|(id, _)| *id == item.id).flat_map(|(_, b)| &b.comments);
                    out.extend(comments.filter(|m| m.kind == kind).map(|m| Note {
                        examiner: name.clone(),
                        text: m.text.clone(),
                        key_factors: m.key_factors.clone(),
                        feedback_ready: m.feedback_ready,
                    }));
                    continue;
                }
                let entries = c.assessment.items.0.iter().filter(|(id, _)| *id == item.id);
                out.extend(entries.flat_map(|(_, e)| pick(e)).map(|t| Note {
                    examiner: name.clone(),
                    text: t.clone(),
                    key_factors: Vec::new(),
                    feedback_ready: false,
                }));
            }
            out
        };
        let outliers = med.map_or_else(Vec::new, |m| {
            examiners
                .iter()
                .zip(&percents)
                .filter(|(_, p)| p.is_some_and(|p| (f64::from(p) - m).abs() > f64::from(threshold)))
                .map(|((name, _), _)| name.clone())
                .collect()
        });
        rows.push(Row {
            item: item.id.clone(),
            points: item.points,
            mean: (!rated.is_empty()).then(|| rated.iter().map(|&p| f64::from(p)).sum::<f64>() / rated.len() as f64),
            median: med,
            min,
            max,
            spread,
            at_stake: Points::of(spread, item.points),
            flagged: spread > threshold,
            proposed,
            agreed: proposed,
            outliers,
            strengths: notes(|e| &e.strengths, CommentKind::Strength),
            ofis: notes(|e| &e.ofis, CommentKind::Ofi),
            percents,
        });
    }
    let mut discuss: Vec<&Row> = rows.iter().filter(|r| r.flagged).collect();
    discuss.sort_by_key(|r| std::cmp::Reverse(r.at_stake)); // stable: ties keep framework order
    let complete: Vec<Vec<f64>> = rows
        .iter()
        .filter(|r| r.percents.iter().all(Option::is_some))
        .map(|r| r.percents.iter().flatten().map(|&p| f64::from(p)).collect())
        .collect();
    let units: Vec<Vec<i64>> =
        rows.iter().map(|r| r.percents.iter().flatten().map(|&p| i64::from(p)).collect()).collect();
    let stats = examiners
        .iter()
        .enumerate()
        .map(|(x, (name, _))| examiner_stats(name, rows.iter().map(|r| (r.percents[x], r.proposed))))
        .collect();
    Ok(Worksheet {
        framework: fw.id.clone(),
        examiners: examiners.iter().map(|(n, _)| n.clone()).collect(),
        threshold,
        discuss: discuss.iter().map(|r| r.item.clone()).collect(),
        agreement: Agreement {
            icc_2_1: icc_2_1(&complete),
            icc_2_k: icc_2_k(&complete),
            krippendorff_alpha_interval: krippendorff_alpha(&units, Metric::Interval),
            krippendorff_alpha_nominal: krippendorff_alpha(&units, Metric::Nominal),
            items: complete.len(),
            examiner_count: examiners.len(),
            examiners: stats,
        },
        rows,
    })
}

/// The team's decision on one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub percent: i64,
    #[serde(default)]
    pub by: Option<String>,
    #[serde(default)]
    pub why: Option<String>,
}

/// A key theme: a strength or OFI the team sees across items, for a category or the whole
/// organisation. Themes head the feedback report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    pub kind: CommentKind,
    /// `organisation`, or a category id of the framework (e.g. `4.1`).
    pub scope: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub key_factors: Vec<String>,
}

/// The scope of a theme about the whole organisation.
pub const ORGANISATION: &str = "organisation";

/// A consensus record file: the agreed percent per item; every override of the proposal carries
/// who and why. Items left out take the proposed percent. Key themes beside them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    pub framework: String,
    #[serde(default)]
    pub decisions: BTreeMap<String, Decision>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub themes: Vec<Theme>,
}

impl Record {
    pub fn parse(text: &str, format: Format) -> Result<Record, Error> {
        let record: Record = crate::text::from_text(text, format)?;
        if record.themes.len() > MAX_THEMES {
            return Err(Error::TooMany { what: "key themes".into(), count: record.themes.len(), limit: MAX_THEMES });
        }
        Ok(record)
    }

    /// Each theme's scope is the organisation or one of the framework's categories, with text.
    fn check_themes(&self, framework: &Framework) -> Result<(), Error> {
        for (n, t) in self.themes.iter().enumerate() {
            let known = t.scope == ORGANISATION || framework.categories.iter().any(|c| c.id == t.scope);
            if !known {
                let categories: Vec<&str> = framework.categories.iter().map(|c| c.id.as_str()).collect();
                return Err(Error::Consensus {
                    rule: format!(
                        "key theme {}: scope `{}` is neither `{ORGANISATION}` nor a category ({})",
                        n + 1,
                        t.scope,
                        categories.join(", ")
                    ),
                });
            }
            if t.text.trim().is_empty() || t.text.chars().count() > crate::limits::MAX_TEXT_CHARS {
                return Err(Error::Consensus {
                    rule: format!(
                        "key theme {}: the text must be 1 to {} characters",
                        n + 1,
                        crate::limits::MAX_TEXT_CHARS
                    ),
                });
            }
        }
        Ok(())
    }
}

/// An override of the proposal, for the record.
#[derive(Debug, Clone, Serialize)]
pub struct Override {
    pub item: String,
    pub proposed: Option<u8>,
    pub agreed: u8,
    pub by: String,
    pub why: String,
}

/// The consensus assessment: the record's decisions over the worksheet's proposals, with strengths
/// and OFIs merged (each prefixed by its examiner).
/// Each row's `agreed` becomes the team's decision.
pub fn agree(
    sheet: &mut Worksheet,
    record: &Record,
    framework: &Framework,
) -> Result<(Assessment, Vec<Override>), Error> {
    if record.framework != sheet.framework {
        return Err(Error::Consensus {
            rule: format!("the record is for `{}`, the worksheet for `{}`", record.framework, sheet.framework),
        });
    }
    record.check_themes(framework)?;
    for id in record.decisions.keys() {
        if framework.position(id).is_none() {
            return Err(Error::UnknownItem { item: id.clone(), framework: framework.id.clone() });
        }
    }
    let mut items = Vec::new();
    let mut overrides = Vec::new();
    for row in &mut sheet.rows {
        let percent = match record.decisions.get(&row.item) {
            None => row.proposed,
            Some(d) => {
                let agreed = crate::check::on_grid(framework, &row.item, "percent", d.percent)?;
                if Some(agreed) != row.proposed {
                    let who = d.by.as_deref().map(str::trim).filter(|s| !s.is_empty());
                    let why = d.why.as_deref().map(str::trim).filter(|s| !s.is_empty());
                    let (Some(by), Some(why)) = (who, why) else {
                        return Err(Error::Consensus {
                            rule: format!(
                                "item {}: {agreed} overrides the proposed {}; say `by` whom and `why`",
                                row.item,
                                row.proposed.map_or_else(|| "(none)".to_string(), |p| p.to_string())
                            ),
                        });
                    };
                    overrides.push(Override {
                        item: row.item.clone(),
                        proposed: row.proposed,
                        agreed,
                        by: by.into(),
                        why: why.into(),
                    });
                }
                Some(agreed)
            }
        };
        row.agreed = percent;
        if let Some(p) = percent {
            let tag = |n: &Note| format!("[{}] {}", n.examiner, n.text);
            items.push((
                row.item.clone(),
                Entry::with_notes(
                    Some(i64::from(p)),
                    Notes {
                        strengths: row.strengths.iter().map(tag).collect(),
                        ofis: row.ofis.iter().map(tag).collect(),
                        ..Notes::default()
                    },
                ),
            ));
        }
    }
    Ok((
        Assessment {
            kind: crate::award::Applicant::Organisation,
            individual: None,
            framework: framework.id.clone(),
            assessor: Some(format!("consensus of {}", sheet.examiners.join(", "))),
            date: None,
            organisation: Default::default(),
            profile: Default::default(),
            items: Items(items),
        },
        overrides,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Shrout & Fleiss (1979), Psychological Bulletin 86(2), Table 2: six targets rated by four
    /// judges; the paper gives ICC(2,1) = .29.
    #[test]
    fn icc_matches_shrout_and_fleiss_table_2() {
        let table: Vec<Vec<f64>> =
            [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
                .iter()
                .map(|r| r.iter().map(|&x| f64::from(x)).collect())
                .collect();
        let icc = icc_2_1(&table).unwrap();
        assert!((icc - 0.29).abs() < 0.005, "{icc}");
        // Table 4 of the same paper: ICC(2,4), the reliability of the four judges' mean, is .62.
        let k = icc_2_k(&table).unwrap();
        assert!((k - 0.62).abs() < 0.005, "{k}");
        // Perfect agreement is 1; too little data is no statistic.
        assert_eq!(icc_2_1(&[vec![1.0, 1.0], vec![5.0, 5.0], vec![9.0, 9.0]]), Some(1.0));
        assert_eq!(icc_2_1(&[vec![1.0, 2.0]]), None);
    }

    /// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the worked example with
    /// missing values: four observers, twelve units; nominal .743, interval .849.
    #[test]
    fn alpha_matches_krippendorff_2011() {
        let observers: [[Option<i64>; 12]; 4] = [
            [Some(1), Some(2), Some(3), Some(3), Some(2), Some(1), Some(4), Some(1), Some(2), None, None, None],
            [Some(1), Some(2), Some(3), Some(3), Some(2), Some(2), Some(4), Some(1), Some(2), Some(5), None, Some(3)],
            [None, Some(3), Some(3), Some(3), Some(2), Some(3), Some(4), Some(2), Some(2), Some(5), Some(1), None],
            [Some(1), Some(2), Some(3), Some(3), Some(2), Some(4), Some(4), Some(1), Some(2), Some(5), Some(1), None],
        ];
        let units: Vec<Vec<i64>> = (0..12).map(|u| observers.iter().filter_map(|o| o[u]).collect()).collect();
        let nominal = krippendorff_alpha(&units, Metric::Nominal).unwrap();
        let interval = krippendorff_alpha(&units, Metric::Interval).unwrap();
        assert!((nominal - 0.743).abs() < 0.0005, "{nominal}");
        assert!((interval - 0.849).abs() < 0.0005, "{interval}");
        // Unit 12 has one value: it is not pairable, and dropping it changes nothing.
        assert_eq!(krippendorff_alpha(&units[..11], Metric::Interval), Some(interval));
        // Everyone agreeing on one value has no expected disagreement: undefined, not 1.
        assert_eq!(krippendorff_alpha(&[vec![3, 3], vec![3, 3]], Metric::Interval), None);
        assert_eq!(krippendorff_alpha(&[vec![3]], Metric::Nominal), None);
        // Perfect agreement across different values is 1.
        assert_eq!(krippendorff_alpha(&[vec![1, 1], vec![5, 5, 5]], Metric::Interval), Some(1.0));
    }

    #[test]
    fn leniency_spread_and_flat_scoring() {
        let s = examiner_stats(
            "A",
            [(Some(60), Some(50)), (Some(62), Some(40)), (Some(60), Some(45)), (None, Some(30))].into_iter(),
        );
        assert_eq!(s.rated, 3);
        assert!((s.leniency.unwrap() - 47.0 / 3.0).abs() < 1e-9);
        assert!(s.flat && s.outlier);
        let s = examiner_stats("B", [(Some(20), Some(20)), (Some(80), Some(80))].into_iter());
        assert_eq!((s.leniency, s.spread, s.flat, s.outlier), (Some(0.0), Some(30.0), false, false));
        let s = examiner_stats("C", [(None, Some(20))].into_iter());
        assert_eq!((s.rated, s.leniency, s.spread), (0, None, None));
    }
}

/// An examiner assigned to a team, and the file of their scorebook (relative to the team file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub name: String,
    pub scorebook: String,
}

/// The team file: who reviews which applicant. Files it names are relative to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Team {
    /// The applicant's id, as each scorebook names it.
    pub applicant: String,
    /// The applicant's own assessment (its profile's key factors); optional.
    #[serde(default)]
    pub application: Option<String>,
    pub framework: String,
    pub leader: String,
    pub examiners: Vec<Member>,
    /// The consensus record, once the team has one.
    #[serde(default)]
    pub record: Option<String>,
}

impl Team {
    pub fn parse(text: &str, format: Format) -> Result<Team, Error> {
        let team: Team = crate::text::from_text(text, format)?;
        let rule = |r: String| Err(Error::Consensus { rule: r });
        if team.examiners.is_empty() {
            return rule("the team assigns no examiners".into());
        }
        if team.examiners.len() > MAX_EXAMINERS {
            return rule(format!("{} examiners; the limit is {MAX_EXAMINERS}", team.examiners.len()));
        }
        if team.leader.trim().is_empty() {
            return rule("the team names no leader".into());
        }
        for (i, m) in team.examiners.iter().enumerate() {
            if m.name.trim().is_empty() || m.scorebook.trim().is_empty() {
                return rule(format!("examiner {}: give `name` and `scorebook`", i + 1));
            }
            if let Some(dup) = team.examiners[..i].iter().find(|o| o.name == m.name) {
                return rule(format!("examiner `{}` is assigned twice (rule: one scorebook per examiner)", dup.name));
            }
            if let Some(dup) = team.examiners[..i].iter().find(|o| o.scorebook == m.scorebook) {
                return rule(format!(
                    "`{}` and `{}` share the scorebook `{}` (rule: one scorebook per examiner)",
                    dup.name, m.name, m.scorebook
                ));
            }
        }
        Ok(team)
    }

    /// The scorebooks, in the team's order, are the assigned examiners' reviews of this applicant
    /// in this framework. A failure names the examiner.
    pub fn check(&self, books: &[Scorebook]) -> Result<(), Error> {
        if books.len() != self.examiners.len() {
            return Err(Error::Consensus {
                rule: format!("{} scorebooks for {} assigned examiners", books.len(), self.examiners.len()),
            });
        }
        for (member, book) in self.examiners.iter().zip(books) {
            let mismatch = |what: &str, theirs: &str, ours: &str| {
                Err(Error::Scorebook {
                    entry: what.into(),
                    rule: format!(
                        "`{theirs}`, but the team's is `{ours}` (rule: a team reviews one applicant in one framework)"
                    ),
                }
                .within(&member.name))
            };
            if book.examiner != member.name {
                let names: Vec<&str> = self.examiners.iter().map(|m| m.name.as_str()).collect();
                return Err(Error::Scorebook {
                    entry: "examiner".into(),
                    rule: format!(
                        "`{}` wrote it, but the team assigns this scorebook to `{}` (team: {})",
                        book.examiner,
                        member.name,
                        names.join(", ")
                    ),
                }
                .within(&member.name));
            }
            if book.applicant != self.applicant {
                return mismatch("applicant", &book.applicant, &self.applicant);
            }
            if book.framework != self.framework {
                return mismatch("framework", &book.framework, &self.framework);
            }
        }
        Ok(())
    }
}
