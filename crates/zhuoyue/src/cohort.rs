//! A programme office's view of many assessments: one row per organisation and summaries per sector
//! (count, mean, median, quartiles) and over the overall bands.

use std::collections::{BTreeMap, HashMap, VecDeque};

use serde::Serialize;

use crate::assessment::Assessment;
use crate::readiness::{Readiness, Verdict};
use crate::{Points, Scorecard};

pub use crate::limits::MAX_COHORT;

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// Where the assessment came from (a file name, a row id).
    pub source: String,
    pub organisation: Option<String>,
    /// The organisation's stable id, when the file gives one (what `compare` matches on first).
    pub organisation_id: Option<String>,
    pub sector: Option<String>,
    pub framework: String,
    pub total: Points,
    pub max: Points,
    pub band: Option<u8>,
    pub process: Points,
    pub results: Points,
    pub complete: bool,
    /// Items rated, of `item_count`: a partial row says how much it covers.
    pub rated: usize,
    pub item_count: usize,
    pub verdict: Option<Verdict>,
}

impl Row {
    pub fn new(source: &str, assessment: &Assessment, card: &Scorecard, readiness: Option<&Readiness>) -> Row {
        Row {
            source: source.to_string(),
            organisation: assessment.organisation.name.clone(),
            organisation_id: assessment.organisation.id.clone(),
            sector: assessment.organisation.sector.clone(),
            framework: card.framework.id.clone(),
            total: card.total,
            max: card.max(),
            band: card.band().map(|b| b.band),
            process: card.process,
            results: card.results,
            complete: card.is_complete(),
            rated: card.items.iter().filter(|i| i.percent.is_some()).count(),
            item_count: card.items.len(),
            verdict: readiness.map(|r| r.verdict),
        }
    }
}

/// An input that could not be read or scored, by name, with its error.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    pub source: String,
    pub error: String,
}

/// Totals of one group, in points.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct Summary {
    pub group: String,
    pub count: usize,
    pub mean: f64,
    pub min: f64,
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
    pub max: f64,
}

/// An input a cohort recognised and left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub source: String,
    pub what: SkippedKind,
}

/// What a skipped input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SkippedKind {
    /// A programme's roster.
    Roster,
    /// An individual's award nomination (judged with `readiness`, not scored in a cohort).
    Nomination,
}

#[derive(Debug, Clone, Serialize)]
pub struct Cohort {
    pub rows: Vec<Row>,
    pub failures: Vec<Failure>,
    /// Inputs that are not organisations' assessments but were recognised (a roster, an
    /// individual's nomination beside them), by name, and what each is.
    pub skipped: Vec<Skipped>,
    /// Whether partial rows enter the summaries; when not, they are listed but not counted there.
    pub partial_in_summaries: bool,
    /// Per sector ("unspecified" when a file names none), then "all"; complete rows only unless
    /// `partial_in_summaries`.
    pub sectors: Vec<Summary>,
    /// How many organisations fall in each overall band ("none" where the framework has none).
    pub bands: BTreeMap<String, usize>,
    pub verdicts: BTreeMap<String, usize>,
    /// With an earlier cohort: each organisation's change and the sectors' median change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare: Option<Comparison>,
}

/// One organisation in both cohorts.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Change {
    pub organisation: String,
    /// `id` when both files carry the same `organisation.id`, else `name`.
    pub matched_by: &'static str,
    pub sector: Option<String>,
    pub before: Points,
    pub now: Points,
    pub change: Points,
    pub change_hundredths: i64,
    pub source_before: String,
    pub source_now: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SectorChange {
    pub sector: String,
    pub count: usize,
    pub median_change: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Comparison {
    pub changes: Vec<Change>,
    /// Per sector of the later cohort ("unspecified" when none), then "all".
    pub sectors: Vec<SectorChange>,
    /// Sources of the later cohort with no match in the earlier one, and the reverse.
    pub new: Vec<String>,
    pub gone: Vec<String>,
}

/// Matches each organisation of `now` with `before`: by `organisation.id` where both rows carry
/// one, else by name (trimmed, exact); a row matches at most once.
pub fn compare(now: &Cohort, before: &Cohort) -> Comparison {
    let mut used = vec![false; before.rows.len()];
    let mut changes = Vec::new();
    let mut new = Vec::new();
    // The earlier rows by id, by name, and by name among those without an id, each in row order:
    // a match is the first of its queue not yet used (used ones are dropped from the front as they
    // are met), so each row is looked at a bounded number of times, not once per later row.
    let mut by_id: HashMap<&str, VecDeque<usize>> = HashMap::new();
    let mut by_name: HashMap<&str, VecDeque<usize>> = HashMap::new();
    let mut by_name_without_id: HashMap<&str, VecDeque<usize>> = HashMap::new();
    for (i, b) in before.rows.iter().enumerate() {
        if let Some(id) = &b.organisation_id {
            by_id.entry(id).or_default().push_back(i);
        }
        if let Some(n) = name(b) {
            by_name.entry(n).or_default().push_back(i);
            if b.organisation_id.is_none() {
                by_name_without_id.entry(n).or_default().push_back(i);
            }
        }
    }
    let first_unused = |queues: &mut HashMap<&str, VecDeque<usize>>, key: &str, used: &[bool]| {
        let queue = queues.get_mut(key)?;
        while let Some(&i) = queue.front() {
            if !used[i] {
                return Some(i);
            }
            queue.pop_front();
        }
        None
    };
    for row in &now.rows {
        let by_id = row.organisation_id.as_deref().and_then(|id| first_unused(&mut by_id, id, &used));
        let found = match by_id {
            Some(i) => Some((i, "id")),
            // A name matches a row without an id, or any row when this one has no id.
            None => name(row)
                .and_then(|n| match row.organisation_id {
                    None => first_unused(&mut by_name, n, &used),
                    Some(_) => first_unused(&mut by_name_without_id, n, &used),
                })
                .map(|i| (i, "name")),
        };
        let Some((i, how)) = found else {
            new.push(row.source.clone());
            continue;
        };
        let b = &before.rows[i];
        used[i] = true;
        let change = row.total - b.total;
        changes.push(Change {
            organisation: name(row).map(str::to_string).or_else(|| row.organisation_id.clone()).unwrap_or_default(),
            matched_by: how,
            sector: row.sector.clone(),
            before: b.total,
            now: row.total,
            change,
            change_hundredths: change.hundredths(),
            source_before: b.source.clone(),
            source_now: row.source.clone(),
        });
    }
    let mut by_sector: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for c in &changes {
        by_sector.entry(c.sector.clone().unwrap_or_else(|| "unspecified".into())).or_default().push(c.change.as_f64());
    }
    let mut all: Vec<f64> = changes.iter().map(|c| c.change.as_f64()).collect();
    all.sort_by(f64::total_cmp);
    let mut sectors: Vec<SectorChange> = by_sector
        .into_iter()
        .map(|(sector, mut v)| {
            v.sort_by(f64::total_cmp);
            SectorChange { sector, count: v.len(), median_change: quantile(&v, 0.5) }
        })
        .collect();
    if !all.is_empty() {
        sectors.push(SectorChange { sector: "all".into(), count: all.len(), median_change: quantile(&all, 0.5) });
    }
    let gone = before.rows.iter().zip(&used).filter(|(_, u)| !**u).map(|(r, _)| r.source.clone()).collect();
    Comparison { changes, sectors, new, gone }
}

/// A row's organisation name as `compare` matches it: trimmed, none when blank.
fn name(r: &Row) -> Option<&str> {
    r.organisation.as_deref().map(str::trim).filter(|n| !n.is_empty())
}

/// Quantile by linear interpolation between closest ranks (Hyndman & Fan type 7, the default of
/// R, numpy and pandas), on sorted values.
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = (sorted.len() - 1) as f64 * q;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

fn summary(group: &str, rows: &[&Row]) -> Summary {
    let mut totals: Vec<f64> = rows.iter().map(|r| r.total.as_f64()).collect();
    totals.sort_by(f64::total_cmp);
    let count = totals.len();
    Summary {
        group: group.to_string(),
        count,
        // Summed in exact hundredths, then divided once.
        mean: rows.iter().map(|r| r.total.hundredths()).sum::<i64>() as f64 / 100.0 / count.max(1) as f64,
        min: totals.first().copied().unwrap_or(f64::NAN),
        q1: quantile(&totals, 0.25),
        median: quantile(&totals, 0.5),
        q3: quantile(&totals, 0.75),
        max: totals.last().copied().unwrap_or(f64::NAN),
    }
}

/// Summaries of `rows`: over complete rows only, or over all of them with `include_partial`.
pub fn summarise(rows: Vec<Row>, failures: Vec<Failure>, include_partial: bool) -> Cohort {
    let mut by_sector: BTreeMap<String, Vec<&Row>> = BTreeMap::new();
    let mut bands = BTreeMap::new();
    let mut verdicts = BTreeMap::new();
    let counted: Vec<&Row> = rows.iter().filter(|r| include_partial || r.complete).collect();
    for row in counted.iter().copied() {
        by_sector.entry(row.sector.clone().unwrap_or_else(|| "unspecified".into())).or_default().push(row);
        *bands.entry(row.band.map_or_else(|| "none".to_string(), |b| b.to_string())).or_insert(0) += 1;
        if let Some(v) = row.verdict {
            *verdicts.entry(v.id().to_string()).or_insert(0) += 1;
        }
    }
    let mut sectors: Vec<Summary> = by_sector.iter().map(|(s, rs)| summary(s, rs)).collect();
    if !counted.is_empty() {
        sectors.push(summary("all", &counted));
    }
    Cohort {
        rows,
        failures,
        skipped: Vec::new(),
        partial_in_summaries: include_partial,
        sectors,
        bands,
        verdicts,
        compare: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_follow_type_7() {
        let xs = [1.0, 2.0, 3.0, 4.0];
        assert_eq!((quantile(&xs, 0.25), quantile(&xs, 0.5), quantile(&xs, 0.75)), (1.75, 2.5, 3.25));
        assert_eq!(quantile(&[7.0], 0.25), 7.0);
        assert!(quantile(&[], 0.5).is_nan());
    }

    fn row(source: String, id: Option<&str>, name: Option<&str>, total: i64) -> Row {
        Row {
            source,
            organisation: name.map(str::to_string),
            organisation_id: id.map(str::to_string),
            sector: Some(["services", "public-service"][(total % 2) as usize].into()),
            framework: "gbt19580-2012".into(),
            total: Points(total),
            max: Points(100_000),
            band: None,
            process: Points(total),
            results: Points::ZERO,
            complete: true,
            rated: 23,
            item_count: 23,
            verdict: None,
        }
    }

    fn cohort(rows: Vec<Row>) -> Cohort {
        summarise(rows, Vec::new(), false)
    }

    /// The matching `compare` specifies, as a scan of the earlier rows per later row: the first
    /// unused row of the same id, else the first unused row of the same name where one of the two
    /// has no id.
    fn scanned(now: &Cohort, before: &Cohort) -> Vec<(String, String, &'static str)> {
        let mut used = vec![false; before.rows.len()];
        let mut out = Vec::new();
        for r in &now.rows {
            let by_id = r.organisation_id.as_ref().and_then(|id| {
                (0..before.rows.len()).find(|&i| !used[i] && before.rows[i].organisation_id.as_ref() == Some(id))
            });
            let found = by_id.map(|i| (i, "id")).or_else(|| {
                let n = name(r)?;
                (0..before.rows.len())
                    .find(|&i| {
                        let b = &before.rows[i];
                        !used[i] && name(b) == Some(n) && (b.organisation_id.is_none() || r.organisation_id.is_none())
                    })
                    .map(|i| (i, "name"))
            });
            if let Some((i, how)) = found {
                used[i] = true;
                out.push((r.source.clone(), before.rows[i].source.clone(), how));
            }
        }
        out
    }

    proptest::proptest! {
        /// Rows drawn from a few ids and names (blank and padded names among them), so ids and
        /// names repeat and collide: `compare` matches exactly as the scan does, and every earlier
        /// row is matched or gone.
        #[test]
        fn compare_matches_as_the_scan_does(
            now in proptest::collection::vec((0..4usize, 0..5usize, 0..900i64), 0..40),
            before in proptest::collection::vec((0..4usize, 0..5usize, 0..900i64), 0..40),
        ) {
            let ids = [None, Some("a"), Some("b"), Some("c")];
            let names = [None, Some("甲"), Some(" 甲 "), Some("乙"), Some("  ")];
            let make = |side: &str, rows: &[(usize, usize, i64)]| {
                cohort(rows.iter().enumerate().map(|(k, &(i, n, t))| row(format!("{side}{k}"), ids[i], names[n], t)).collect())
            };
            let (now, before) = (make("now", &now), make("before", &before));
            let got = compare(&now, &before);
            let pairs: Vec<(String, String, &str)> =
                got.changes.iter().map(|c| (c.source_now.clone(), c.source_before.clone(), c.matched_by)).collect();
            proptest::prop_assert_eq!(&pairs, &scanned(&now, &before));
            proptest::prop_assert_eq!(got.changes.len() + got.new.len(), now.rows.len());
            proptest::prop_assert_eq!(got.changes.len() + got.gone.len(), before.rows.len());
        }
    }

    /// 100,000 organisations against 100,000 others of no shared name or id (the case where a
    /// scan per row looks at every earlier row, 10^10 comparisons): every row is new or gone, in
    /// linear work.
    #[test]
    fn a_cohort_of_the_largest_size_is_compared_in_linear_work() {
        let rows = |side: &str| {
            cohort(
                (0..MAX_COHORT)
                    .map(|k| {
                        let label = format!("{side} {k}");
                        row(label.clone(), (k % 2 == 0).then_some(label.as_str()), Some(&label), k as i64)
                    })
                    .collect(),
            )
        };
        let got = compare(&rows("now"), &rows("before"));
        assert!(got.changes.is_empty());
        assert_eq!((got.new.len(), got.gone.len()), (MAX_COHORT, MAX_COHORT));
    }
}
