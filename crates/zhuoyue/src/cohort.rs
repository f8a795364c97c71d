//! A programme office's view of many assessments: one row per organisation and summaries per sector
//! (count, mean, median, quartiles) and over the overall bands.

use std::collections::BTreeMap;

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
#[derive(Debug, Clone, Serialize, PartialEq)]
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

#[derive(Debug, Clone, Serialize)]
pub struct Cohort {
    pub rows: Vec<Row>,
    pub failures: Vec<Failure>,
    /// Inputs that are not assessments but were recognised (a roster beside them), by name.
    pub skipped: Vec<String>,
    /// Whether partial rows enter the summaries; when not, they are listed but not counted there.
    pub partial_in_summaries: bool,
    /// Per sector ("unspecified" when a file names none), then "all"; complete rows only unless
    /// `partial_in_summaries`.
    pub sectors: Vec<Summary>,
    /// How many organisations fall in each overall band ("none" where the framework has none).
    pub bands: BTreeMap<String, usize>,
    pub verdicts: BTreeMap<String, usize>,
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
    Cohort { rows, failures, skipped: Vec::new(), partial_in_summaries: include_partial, sectors, bands, verdicts }
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
}
