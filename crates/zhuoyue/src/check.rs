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
    /// Checks an assessment's items against `framework` (the caller matched the framework id),
    /// warning where dimension ratings fall more than one band from the percent.
    pub fn new(
        framework: &'f Framework,
        assessment: &'f Assessment,
        completeness: Completeness,
    ) -> Result<Checked<'f>, Error> {
        Checked::with_gap_bands(framework, assessment, completeness, Some(1))
    }

    /// `new`, with the dimension warning's threshold in bands from the calibration rule
    /// `dimension-gap` (`None`: no such rule, no warning). `Catalog::check` passes its rule's.
    pub fn with_gap_bands(
        framework: &'f Framework,
        assessment: &'f Assessment,
        completeness: Completeness,
        gap_bands: Option<usize>,
    ) -> Result<Checked<'f>, Error> {
        let items = &assessment.items.0;
        if items.len() > MAX_ITEMS {
            return Err(Error::TooManyItems { count: items.len(), limit: MAX_ITEMS });
        }
        check_common(assessment)?;
        check_profile(framework, &assessment.profile)?;
        let mut percents = vec![None; framework.item_count()];
        // Which items were given, kept only once an item comes out of framework order: while each
        // item sits at its own position, none can repeat an earlier one.
        let mut seen: Option<Vec<bool>> = None;
        let mut warnings = Vec::new();
        let slots = framework.slots();
        for (i, (id, entry)) in items.iter().enumerate() {
            // Files are usually written in framework order; try that position before the index.
            let pos = match framework.item_id(i) {
                Some(expected) if seen.is_none() && expected == id => i,
                _ => {
                    let Some(pos) = framework.position(id) else {
                        return Err(Error::UnknownItem { item: id.clone(), framework: framework.id.clone() });
                    };
                    let seen = seen.get_or_insert_with(|| {
                        let mut given = vec![false; framework.item_count()];
                        given[..i].fill(true);
                        given
                    });
                    if std::mem::replace(&mut seen[pos], true) {
                        return Err(Error::DuplicateItem { item: id.clone() });
                    }
                    pos
                }
            };
            let percent = match entry.percent {
                Some(value) => Some(on_grid(framework, id, "percent", value)?),
                None => None,
            };
            percents[pos] = percent;
            if entry.is_bare() {
                continue;
            }
            check_notes(framework, slots[pos].kind, id, entry)?;
            if !entry.dimensions.is_empty() {
                let suggested = suggest(framework, slots[pos].kind, id, &entry.dimensions)?;
                if let Some(p) = percent {
                    if gap_bands.is_some_and(|b| crate::calibration::bands_apart(framework, p, suggested) > b) {
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

/// What an assessment and an individual's nomination are both checked for, framework or none: its
/// texts' sizes and its date.
pub(crate) fn check_common(assessment: &Assessment) -> Result<(), Error> {
    check_text_sizes(assessment)?;
    if let Some(date) = assessment.date.as_deref().filter(|d| crate::Date::parse(d).is_none()) {
        return Err(Error::Date { value: date.chars().take(40).collect() });
    }
    Ok(())
}

/// Text fields within `MAX_TEXT_CHARS`, notes within `MAX_NOTES` per item.
fn check_text_sizes(a: &Assessment) -> Result<(), Error> {
    use crate::limits::{MAX_NOTES, MAX_TEXT_CHARS};
    // The field's name is made only for an error; a text of at most MAX_TEXT_CHARS bytes has at
    // most that many characters, so only longer ones are counted.
    let too_long = |item: Option<&str>, field: &dyn Fn() -> String, text: &str| {
        if text.len() <= MAX_TEXT_CHARS {
            return None;
        }
        let size = text.chars().count();
        (size > MAX_TEXT_CHARS).then(|| Error::TooLong {
            item: item.map(str::to_string),
            field: field(),
            size,
            limit: MAX_TEXT_CHARS,
        })
    };
    let org = &a.organisation;
    let texts = [("assessor", &a.assessor), ("organisation name", &org.name), ("region", &org.region)];
    let person = a.individual.iter().flat_map(|p| {
        [
            ("individual name", &p.name),
            ("individual organisation", &p.organisation),
            ("individual region", &p.region),
            ("individual role", &p.role),
            ("achievements", &p.achievements),
        ]
    });
    for (field, text) in texts.into_iter().chain(person) {
        if let Some(e) = text.as_deref().and_then(|t| too_long(None, &|| field.to_string(), t)) {
            return Err(e);
        }
    }
    for (id, e) in a.items.0.iter().filter(|(_, e)| !e.is_bare()) {
        for (field, notes) in [("strengths", &e.strengths), ("ofis", &e.ofis)] {
            if notes.len() > MAX_NOTES {
                return Err(Error::TooLong {
                    item: Some(id.clone()),
                    field: format!("{field} count"),
                    size: notes.len(),
                    limit: MAX_NOTES,
                });
            }
            if let Some(err) = notes.iter().find_map(|n| too_long(Some(id), &|| field.to_string(), n)) {
                return Err(err);
            }
        }
        if let Some(err) = e.evidence.as_deref().and_then(|t| too_long(Some(id), &|| "evidence".into(), t)) {
            return Err(err);
        }
        for (dimension, text) in &e.narrative {
            if let Some(err) = too_long(Some(id), &|| format!("narrative {dimension}"), text) {
                return Err(err);
            }
        }
        for m in &e.measures {
            let texts = [("measure name", &m.name), ("measure unit", &m.unit)];
            let source = m.comparison.as_ref().map(|c| ("comparison source", &c.source));
            for (field, text) in texts.into_iter().chain(source) {
                if let Some(err) = too_long(Some(id), &|| field.to_string(), text) {
                    return Err(err);
                }
            }
        }
    }
    for (section, text) in &a.profile.sections {
        if let Some(err) = too_long(None, &|| format!("profile section {section}"), text) {
            return Err(err);
        }
    }
    for k in &a.profile.key_factors {
        let field = || format!("key factor {}", k.id.chars().take(64).collect::<String>());
        if let Some(err) = too_long(None, &field, &k.text) {
            return Err(err);
        }
    }
    Ok(())
}

/// Profile sections the framework names, key factors with well-formed unique ids under them.
fn check_profile(framework: &Framework, profile: &crate::assessment::Profile) -> Result<(), Error> {
    let known = |id: &str| framework.profile_sections.iter().any(|s| s.id == id);
    let unknown = |section: &str| Error::UnknownSection {
        section: section.chars().take(64).collect(),
        framework: framework.id.clone(),
        known: framework.profile_sections.iter().map(|s| s.id.clone()).collect(),
    };
    if let Some((id, _)) = profile.sections.iter().find(|(id, _)| !known(id)) {
        return Err(unknown(id));
    }
    for (n, k) in profile.key_factors.iter().enumerate() {
        let id = || -> String { k.id.chars().take(64).collect() };
        if k.id.is_empty() || k.id.len() > 64 || !k.id.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)) {
            return Err(Error::KeyFactor {
                id: id(),
                rule: "an id is 1-64 characters of letters, digits, '-', '_' and '.' (rule: key factor id)".into(),
            });
        }
        // A scan, not a set: a profile has a handful of key factors (at most MAX_KEY_FACTORS).
        if profile.key_factors[..n].iter().any(|earlier| earlier.id == k.id) {
            return Err(Error::KeyFactor { id: id(), rule: "listed twice (rule: each key factor id once)".into() });
        }
        if !known(&k.section) {
            return Err(unknown(&k.section));
        }
        if k.text.trim().is_empty() {
            return Err(Error::KeyFactor { id: id(), rule: "has no text (rule: a key factor says what it is)".into() });
        }
    }
    Ok(())
}

/// Narratives keyed by the item's own dimensions; measures on results items only, each named,
/// with distinct periods and finite values.
fn check_notes(framework: &Framework, kind: Kind, id: &str, entry: &crate::assessment::Entry) -> Result<(), Error> {
    let allowed = || framework.dimensions_of(kind).map(|d| d.id.clone()).collect();
    for (dimension, _) in &entry.narrative {
        if !framework.dimensions_of(kind).any(|d| &d.id == dimension) {
            return Err(Error::UnknownDimension {
                item: id.to_string(),
                dimension: dimension.clone(),
                allowed: allowed(),
            });
        }
    }
    let fail = |measure: &str, rule: &str| Error::Measure {
        item: id.to_string(),
        measure: measure.chars().take(64).collect(),
        rule: rule.to_string(),
    };
    if kind != Kind::Results && !entry.measures.is_empty() {
        return Err(fail(&entry.measures[0].name, "measures belong to results items (rule: results tables)"));
    }
    for m in &entry.measures {
        if m.name.trim().is_empty() {
            return Err(fail("(unnamed)", "a measure needs a name"));
        }
        if m.values.len() > crate::limits::MAX_PERIODS {
            return Err(fail(
                &m.name,
                &format!("more than {} periods (rule: period count)", crate::limits::MAX_PERIODS),
            ));
        }
        for (n, v) in m.values.iter().enumerate() {
            if v.period.trim().is_empty() || v.period.chars().count() > 32 {
                return Err(fail(&m.name, "a period is 1-32 characters, e.g. 2024 or 2024Q1"));
            }
            if m.values[..n].iter().any(|earlier| earlier.period == v.period) {
                return Err(fail(
                    &m.name,
                    &format!("period {} is listed twice", v.period.chars().take(32).collect::<String>()),
                ));
            }
            if !v.value.is_finite() {
                return Err(fail(&m.name, "values are finite numbers"));
            }
        }
        if m.comparison.as_ref().is_some_and(|c| !c.value.is_finite()) {
            return Err(fail(&m.name, "values are finite numbers"));
        }
    }
    // The item's results table has a column per period any of its measures names: bounded as one
    // measure's periods are, so a table is at most MAX_MEASURES x MAX_PERIODS cells (measures that
    // each named periods of their own made a 1 MB file a 400 MB Word document).
    // Counted only where the values alone could exceed the limit (an item usually has a few); the
    // distinct periods so far kept on the stack, the scan stopping at MAX_PERIODS + 1 of them.
    if entry.measures.iter().map(|m| m.values.len()).sum::<usize>() <= crate::limits::MAX_PERIODS {
        return Ok(());
    }
    const ROOM: usize = crate::limits::MAX_PERIODS + 1;
    let (mut periods, mut distinct) = ([""; ROOM], 0);
    for m in &entry.measures {
        for v in &m.values {
            if distinct < ROOM && !periods[..distinct].contains(&v.period.as_str()) {
                periods[distinct] = &v.period;
                distinct += 1;
            }
        }
        if distinct > crate::limits::MAX_PERIODS {
            return Err(fail(
                &m.name,
                &format!(
                    "the item's measures name more than {} periods in all; its results table has a column per period (rule: period count)",
                    crate::limits::MAX_PERIODS
                ),
            ));
        }
    }
    Ok(())
}

/// A percent within 0..=100 on the framework's step grid.
#[inline]
pub(crate) fn on_grid(framework: &Framework, item: &str, field: &str, value: i64) -> Result<u8, Error> {
    on_grid_named(framework, item, || field.to_string(), value)
}

/// `on_grid` with the field's name made only for an error (a dimension's name is formatted, and
/// formatting on the way that passes cost a fifth of checking an assessment). The way that passes
/// is one comparison and a table read; the error is built out of line.
#[inline]
fn on_grid_named(framework: &Framework, item: &str, field: impl FnOnce() -> String, value: i64) -> Result<u8, Error> {
    // Indices 0..=100 are the whole percents; 101 (and any value past it) is off the grid.
    let cell = usize::try_from(value).ok().and_then(|p| framework.grid_cells().get(p));
    if cell.is_some_and(|c| *c != crate::framework::OFF_GRID) {
        // On the grid, so in 0..=100: it fits.
        return Ok(value as u8);
    }
    Err(off_grid(framework, item, field(), value))
}

#[cold]
fn off_grid(framework: &Framework, item: &str, field: String, value: i64) -> Error {
    if !(0..=100).contains(&value) {
        return Error::PercentOutOfRange { item: item.to_string(), field, value };
    }
    let step = i64::from(framework.percent_step.max(1));
    let below = value - value % step;
    Error::PercentOffGrid {
        item: item.to_string(),
        field,
        value,
        step: framework.percent_step,
        below,
        above: below + step,
    }
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
        sum += i64::from(on_grid_named(framework, item, || format!("dimension {dimension}"), *value)?);
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
