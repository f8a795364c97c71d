//! Consensus review: N examiners' independent assessments of one organisation become a worksheet
//! (per item each percent, mean, median, range, spread; large spreads flagged, the most points at
//! stake first), a proposed consensus percent, an agreement statistic, and a consensus record in
//! which every override of the proposal says who decided and why.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::assessment::{Assessment, Entry, Format, Items};
use crate::framework::Framework;
use crate::{Checked, Error, Points};

/// Most examiners in one consensus; beyond this the input is a mistake, not a team.
pub const MAX_EXAMINERS: usize = 100;

/// Default spread (points of percent between the lowest and highest examiner) flagged for discussion.
pub const DEFAULT_SPREAD_THRESHOLD: u8 = 20;

#[derive(Debug, Clone, Serialize)]
pub struct Note {
    pub examiner: String,
    pub text: String,
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
    pub strengths: Vec<Note>,
    pub ofis: Vec<Note>,
}

/// Intraclass correlation ICC(2,1) of Shrout & Fleiss (1979): two-way random effects, absolute
/// agreement, single rater, over the items every examiner rated.
#[derive(Debug, Clone, Serialize)]
pub struct Agreement {
    pub statistic: &'static str,
    pub value: Option<f64>,
    pub items: usize,
    pub examiners: usize,
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

/// ICC(2,1) for an n x k table (targets x raters).
pub fn icc_2_1(table: &[Vec<f64>]) -> Option<f64> {
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
    let msr = ss_rows / (nf - 1.0);
    let msc = ss_cols / (kf - 1.0);
    let mse = ss_error / ((nf - 1.0) * (kf - 1.0));
    let denominator = msr + (kf - 1.0) * mse + kf * (msc - mse) / nf;
    (denominator != 0.0).then(|| (msr - mse) / denominator)
}

fn median(sorted: &[u8]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(f64::from(sorted[n / 2])),
        _ => Some((f64::from(sorted[n / 2 - 1]) + f64::from(sorted[n / 2])) / 2.0),
    }
}

/// Builds the worksheet from checked assessments of one framework, named by examiner.
pub fn worksheet(examiners: &[(String, &Checked)], threshold: u8) -> Result<Worksheet, Error> {
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
        let notes = |pick: fn(&Entry) -> &Vec<String>| -> Vec<Note> {
            examiners
                .iter()
                .flat_map(|(name, c)| {
                    c.assessment.items.0.iter().filter(|(id, _)| *id == item.id).flat_map(move |(_, e)| {
                        pick(e).iter().map(move |t| Note { examiner: name.clone(), text: t.clone() })
                    })
                })
                .collect()
        };
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
            strengths: notes(|e| &e.strengths),
            ofis: notes(|e| &e.ofis),
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
    Ok(Worksheet {
        framework: fw.id.clone(),
        examiners: examiners.iter().map(|(n, _)| n.clone()).collect(),
        threshold,
        discuss: discuss.iter().map(|r| r.item.clone()).collect(),
        agreement: Agreement {
            statistic: "ICC(2,1)",
            value: icc_2_1(&complete),
            items: complete.len(),
            examiners: examiners.len(),
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

/// A consensus record file: the agreed percent per item; every override of the proposal carries
/// who and why. Items left out take the proposed percent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    pub framework: String,
    #[serde(default)]
    pub decisions: BTreeMap<String, Decision>,
}

impl Record {
    pub fn parse(text: &str, format: Format) -> Result<Record, Error> {
        crate::text::from_text(text, format)
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
pub fn agree(sheet: &Worksheet, record: &Record, framework: &Framework) -> Result<(Assessment, Vec<Override>), Error> {
    if record.framework != sheet.framework {
        return Err(Error::Consensus {
            rule: format!("the record is for `{}`, the worksheet for `{}`", record.framework, sheet.framework),
        });
    }
    for id in record.decisions.keys() {
        if framework.position(id).is_none() {
            return Err(Error::UnknownItem { item: id.clone(), framework: framework.id.clone() });
        }
    }
    let mut items = Vec::new();
    let mut overrides = Vec::new();
    for row in &sheet.rows {
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
        if let Some(p) = percent {
            let tag = |n: &Note| format!("[{}] {}", n.examiner, n.text);
            items.push((
                row.item.clone(),
                Entry {
                    percent: Some(i64::from(p)),
                    strengths: row.strengths.iter().map(tag).collect(),
                    ofis: row.ofis.iter().map(tag).collect(),
                    ..Entry::default()
                },
            ));
        }
    }
    Ok((
        Assessment {
            framework: framework.id.clone(),
            assessor: Some(format!("consensus of {}", sheet.examiners.join(", "))),
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
        // Perfect agreement is 1; too little data is no statistic.
        assert_eq!(icc_2_1(&[vec![1.0, 1.0], vec![5.0, 5.0], vec![9.0, 9.0]]), Some(1.0));
        assert_eq!(icc_2_1(&[vec![1.0, 2.0]]), None);
    }
}
