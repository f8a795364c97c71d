//! Checking: an assessment against its framework (ids known, percents on the grid, text sizes,
//! framework order), with warnings and the dimension suggestion.

use std::fmt;

use serde::Serialize;

use crate::assessment::Assessment;
use crate::framework::{Framework, Kind};
use crate::limits::MAX_ITEMS;
use crate::Error;

/// Whether every item must be rated (`Full`) or a partial score with coverage is wanted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Completeness {
    #[default]
    Full,
    Partial,
}

/// Something worth the assessor's attention that does not make the assessment invalid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Warning {
    /// The dimension ratings suggest a percent more than one band away from the assessor's.
    SuggestionGap { item: String, percent: u8, suggested: u8 },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::SuggestionGap { item, percent, suggested } => write!(
                f,
                "item {item}: percent {percent} is more than one band away from {suggested}, the mean of its dimension ratings"
            ),
        }
    }
}

/// An assessment that holds against its framework: percents in framework order, on the grid. It
/// borrows the assessment it checked, so one value flows from the text to the report.
#[derive(Debug, Clone)]
pub struct Checked<'f> {
    pub framework: &'f Framework,
    pub assessment: &'f Assessment,
    /// One slot per framework item, in framework order; `None` where not rated (partial only).
    pub percents: Vec<Option<u8>>,
    pub warnings: Vec<Warning>,
}

impl<'f> Checked<'f> {
    /// Checks an assessment's items against `framework` (the caller matched the framework id).
    pub fn new(
        framework: &'f Framework,
        assessment: &'f Assessment,
        completeness: Completeness,
    ) -> Result<Checked<'f>, Error> {
        let items = &assessment.items.0;
        if items.len() > MAX_ITEMS {
            return Err(Error::TooManyItems { count: items.len(), limit: MAX_ITEMS });
        }
        check_text_sizes(assessment)?;
        let mut percents = vec![None; framework.item_count()];
        let mut seen = vec![false; framework.item_count()];
        let mut warnings = Vec::new();
        let slots = framework.slots();
        for (i, (id, entry)) in items.iter().enumerate() {
            // Files are usually written in framework order; try that position before the index.
            let position = match framework.item_id(i) {
                Some(expected) if expected == id => Some(i),
                _ => framework.position(id),
            };
            let Some(pos) = position else {
                return Err(Error::UnknownItem { item: id.clone(), framework: framework.id.clone() });
            };
            if std::mem::replace(&mut seen[pos], true) {
                return Err(Error::DuplicateItem { item: id.clone() });
            }
            let percent = match entry.percent {
                Some(value) => Some(on_grid(framework, id, "percent", value)?),
                None => None,
            };
            percents[pos] = percent;
            if !entry.dimensions.is_empty() {
                let suggested = suggest(framework, slots[pos].kind, id, &entry.dimensions)?;
                if let Some(p) = percent {
                    if framework.band_of(p).abs_diff(framework.band_of(suggested)) > 1 {
                        warnings.push(Warning::SuggestionGap { item: id.clone(), percent: p, suggested });
                    }
                }
            }
        }
        if completeness == Completeness::Full && percents.iter().any(Option::is_none) {
            let missing = framework
                .items()
                .zip(&percents)
                .filter(|(_, p)| p.is_none())
                .map(|(item, _)| item.id.clone())
                .collect();
            return Err(Error::MissingItems { missing, total: framework.item_count() });
        }
        Ok(Checked { framework, assessment, percents, warnings })
    }
}

/// Text fields within `MAX_TEXT_CHARS`, notes within `MAX_NOTES` per item.
fn check_text_sizes(a: &Assessment) -> Result<(), Error> {
    use crate::limits::{MAX_NOTES, MAX_TEXT_CHARS};
    let too_long = |item: Option<&str>, field: &str, text: &str| {
        let size = text.chars().count();
        (size > MAX_TEXT_CHARS).then(|| Error::TooLong {
            item: item.map(str::to_string),
            field: field.to_string(),
            size,
            limit: MAX_TEXT_CHARS,
        })
    };
    let org = &a.organisation;
    for (field, text) in [("assessor", &a.assessor), ("organisation name", &org.name), ("region", &org.region)] {
        if let Some(e) = text.as_deref().and_then(|t| too_long(None, field, t)) {
            return Err(e);
        }
    }
    for (id, e) in &a.items.0 {
        for (field, notes) in [("strengths", &e.strengths), ("ofis", &e.ofis)] {
            if notes.len() > MAX_NOTES {
                return Err(Error::TooLong {
                    item: Some(id.clone()),
                    field: format!("{field} count"),
                    size: notes.len(),
                    limit: MAX_NOTES,
                });
            }
            if let Some(err) = notes.iter().find_map(|n| too_long(Some(id), field, n)) {
                return Err(err);
            }
        }
        if let Some(err) = e.evidence.as_deref().and_then(|t| too_long(Some(id), "evidence", t)) {
            return Err(err);
        }
    }
    Ok(())
}

/// A percent within 0..=100 on the framework's step grid.
pub(crate) fn on_grid(framework: &Framework, item: &str, field: &str, value: i64) -> Result<u8, Error> {
    if !(0..=100).contains(&value) {
        return Err(Error::PercentOutOfRange { item: item.to_string(), field: field.to_string(), value });
    }
    let step = i64::from(framework.percent_step);
    if value % step != 0 {
        let below = value - value % step;
        return Err(Error::PercentOffGrid {
            item: item.to_string(),
            field: field.to_string(),
            value,
            step: framework.percent_step,
            below,
            above: below + step,
        });
    }
    // In 0..=100, so it fits.
    Ok(value as u8)
}

/// The percent suggested by dimension ratings: their unweighted mean, rounded to the nearest grid
/// step, ties rounding down. Unweighted because no official weights for A/D/L/I exist; ties down to
/// lean against optimistic self-scoring. The assessor's own percent always stands.
pub fn suggest(framework: &Framework, kind: Kind, item: &str, dimensions: &[(String, i64)]) -> Result<u8, Error> {
    let mut sum = 0i64;
    for (dimension, value) in dimensions {
        if !framework.dimensions_of(kind).any(|d| &d.id == dimension) {
            return Err(Error::UnknownDimension {
                item: item.to_string(),
                dimension: dimension.clone(),
                allowed: framework.dimensions_of(kind).map(|d| d.id.clone()).collect(),
            });
        }
        sum += i64::from(on_grid(framework, item, &format!("dimension {dimension}"), *value)?);
    }
    let n = dimensions.len() as i64;
    if n == 0 {
        return Ok(0);
    }
    let step = i64::from(framework.percent_step);
    // Nearest multiple of `step` to sum/n, ties down: ceil((2*sum - n*step) / (2*n*step)).
    let (num, den) = (2 * sum - n * step, 2 * n * step);
    let k = -((-num).div_euclid(den));
    Ok((k * step).clamp(0, 100) as u8)
}
