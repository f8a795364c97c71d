//! Calibration: an optimism guard for self-scores. Rules as data (`criteria/calibration/`), each
//! with an id, zh/en text, the reasoning and its source; the engine knows the rule *kinds* (what to
//! look at) and the data sets their thresholds and words. The result is a list of flags, each naming
//! the item (or none, for a rule about the whole assessment), the rule, the points at stake and what
//! would lift the flag, and a calibrated range `low ≤ claimed ≤ high`: a range to discuss, never a
//! "true" score.

use serde::{Deserialize, Serialize};

use crate::check::{suggest, Checked};
use crate::framework::{Framework, Kind, Provenance, Text};
use crate::{Error, Points};

/// The kinds of rule the engine can apply. Unknown kinds are refused when the file loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum RuleKind {
    /// An item at or above `threshold`% with no strengths and no evidence.
    UnsupportedHigh,
    /// A results item at or above `threshold`% with no results table of at least `periods` periods.
    ResultsWithoutTrend,
    /// Dimension ratings that suggest a percent more than `bands` bands away (either way).
    DimensionGap,
    /// At least `share`% of at least `min_items` rated items on one percent.
    FlatScoring,
    /// An item more than `threshold` points of percent above its category's mean.
    AboveCategory,
    /// Process and results, each as a percent of its rated maximum, more than `threshold` apart.
    ProcessResultsApart,
    /// An item in a higher band than its own dimension ratings support.
    AboveNarrative,
}

impl RuleKind {
    /// The parameters a rule of this kind needs, with their allowed ranges.
    fn parameters(self) -> &'static [(&'static str, u32, u32)] {
        match self {
            RuleKind::UnsupportedHigh | RuleKind::AboveCategory | RuleKind::ProcessResultsApart => {
                &[("threshold", 1, 100)]
            }
            RuleKind::ResultsWithoutTrend => &[("threshold", 1, 100), ("periods", 2, 20)],
            RuleKind::DimensionGap => &[("bands", 1, 5)],
            RuleKind::FlatScoring => &[("share", 1, 100), ("min_items", 3, 1000)],
            RuleKind::AboveNarrative => &[],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub id: String,
    pub kind: RuleKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub periods: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bands: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u32>,
    /// A short name for the rule (a heading over its flags).
    pub title: Text,
    /// The flag's words; `{item}`, `{percent}` and `{value}` are filled in.
    pub message: Text,
    /// What would lift the flag.
    pub lift: Text,
    /// Why the rule exists.
    pub reasoning: String,
    /// Where the reasoning comes from.
    pub source: String,
}

impl Rule {
    fn given(&self, name: &str) -> Option<u32> {
        match name {
            "threshold" => self.threshold,
            "periods" => self.periods,
            "bands" => self.bands,
            "share" => self.share,
            "min_items" => self.min_items,
            _ => None,
        }
    }

    /// A parameter's value (validated on load, so present where the kind needs it).
    fn get(&self, name: &str) -> u32 {
        self.given(name).unwrap_or(0)
    }
}

/// A set of calibration rules as its file states it; `Calibration::validate` checks it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Calibration {
    pub id: String,
    pub version: String,
    pub name: Text,
    pub provenance: Provenance,
    pub rules: Vec<Rule>,
}

impl Calibration {
    /// The threshold (in bands) of the first `dimension-gap` rule: what `validate`'s dimension
    /// warning uses.
    pub fn dimension_gap_bands(&self) -> Option<usize> {
        self.rules.iter().find(|r| r.kind == RuleKind::DimensionGap).map(|r| r.get("bands") as usize)
    }
}

/// Rules in one calibration file.
pub const MAX_RULES: usize = 50;

impl Calibration {
    #[cfg(feature = "toml")]
    pub fn from_toml(text: &str) -> Result<Calibration, Error> {
        Calibration::validate(crate::text::from_text(text, crate::Format::Toml)?)
    }

    /// Every rule has a unique id, words in both languages, a source, and exactly the parameters
    /// its kind needs, each in range.
    pub fn validate(c: Calibration) -> Result<Calibration, Error> {
        let fail = |entry: String, rule: String| Err(Error::Calibration { calibration: c.id.clone(), entry, rule });
        if c.id.trim().is_empty() || c.rules.is_empty() || c.rules.len() > MAX_RULES {
            return fail("rules".into(), format!("an id and 1 to {MAX_RULES} rules"));
        }
        for (i, r) in c.rules.iter().enumerate() {
            let entry = format!("rule `{}`", r.id);
            if r.id.trim().is_empty() || c.rules[..i].iter().any(|o| o.id == r.id) {
                return fail(entry, "needs a unique id".into());
            }
            let texts = [&r.message.zh, &r.message.en, &r.lift.zh, &r.lift.en, &r.reasoning, &r.source];
            if texts.iter().any(|t| t.trim().is_empty() || t.chars().count() > 1000) {
                return fail(
                    entry,
                    "message and lift in zh and en, reasoning and source: 1 to 1000 characters each".into(),
                );
            }
            let wanted = r.kind.parameters();
            for name in ["threshold", "periods", "bands", "share", "min_items"] {
                match (wanted.iter().find(|(n, _, _)| *n == name), r.given(name)) {
                    (Some((_, lo, hi)), value) if !value.is_some_and(|v| (*lo..=*hi).contains(&v)) => {
                        return fail(entry, format!("`{name}` must be given, in {lo}..={hi}"));
                    }
                    (None, Some(_)) => {
                        return fail(entry, format!("`{name}` is not a parameter of kind {:?}", r.kind));
                    }
                    _ => {}
                }
            }
        }
        Ok(c)
    }
}

/// One flag: a rule that holds for an item (or the whole assessment).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Flag {
    pub rule: String,
    pub kind: RuleKind,
    /// The rule's short name.
    pub title: Text,
    pub item: Option<String>,
    /// Points the flag puts at stake: what the item would lose at its adjusted percent.
    pub points_at_stake: Points,
    pub points_at_stake_hundredths: i64,
    pub message: Text,
    pub lift: Text,
}

/// The calibrated range, in points like `total`, with `_hundredths` beside them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Range {
    pub low: Points,
    pub claimed: Points,
    pub high: Points,
    pub max: Points,
    pub low_hundredths: i64,
    pub claimed_hundredths: i64,
    pub high_hundredths: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CalibrationResult {
    pub framework: String,
    pub calibration: String,
    pub flags: Vec<Flag>,
    pub range: Range,
    /// Per flagged item, the percent the low end of the range takes (framework order).
    pub adjusted: Vec<Adjusted>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Adjusted {
    pub item: String,
    pub claimed: u8,
    pub low: u8,
}

fn fill(text: &Text, item: &str, percent: Option<u8>, value: &str) -> Text {
    let f = |t: &str| {
        t.replace("{item}", item)
            .replace("{percent}", &percent.map_or_else(String::new, |p| p.to_string()))
            .replace("{value}", value)
    };
    Text { zh: f(&text.zh), en: f(&text.en) }
}

/// The top of the band below the one `percent` is in (the same percent in the lowest band).
fn next_band_down(fw: &Framework, percent: u8) -> u8 {
    match fw.band_of(percent) {
        0 => percent,
        b => fw.bands[b - 1].max.min(percent),
    }
}

/// Bands between two percents, either way: the one test behind `validate`'s dimension warning and
/// the `dimension-gap` rule.
pub fn bands_apart(fw: &Framework, a: u8, b: u8) -> usize {
    fw.band_of(a).abs_diff(fw.band_of(b))
}

/// Applies the rules to a checked assessment.
pub fn calibrate(checked: &Checked, calibration: &Calibration) -> Result<CalibrationResult, Error> {
    let fw = checked.framework;
    let a = checked.assessment;
    let card = checked.score();
    let items: Vec<_> = fw.items().collect();
    let entry = |id: &str| a.items.0.iter().find(|(i, _)| i == id).map(|(_, e)| e);
    // Each item's percent for the low end (the lowest any flag proposes) and the high end.
    let mut low: Vec<Option<u8>> = checked.percents.clone();
    let mut high: Vec<Option<u8>> = checked.percents.clone();
    let mut flags = Vec::new();
    let suggestions: Vec<Option<u8>> = items
        .iter()
        .map(|item| {
            let e = entry(&item.id)?;
            if e.dimensions.is_empty() {
                return None;
            }
            suggest(fw, item.kind, &item.id, &e.dimensions).ok()
        })
        .collect();
    for (i, s) in suggestions.iter().enumerate() {
        if let (Some(p), Some(s)) = (checked.percents[i], s) {
            if fw.band_of(*s) > fw.band_of(p) {
                high[i] = Some(*s);
            }
        }
    }
    let stake = |i: usize, to: u8| -> Points {
        let p = checked.percents[i].unwrap_or(0);
        Points::of(p.saturating_sub(to), items[i].points)
    };
    for rule in &calibration.rules {
        let mut flag_item = |flags: &mut Vec<Flag>, i: usize, to: u8, value: String| {
            let p = checked.percents[i];
            low[i] = low[i].map(|l| l.min(to));
            let at = stake(i, to);
            flags.push(Flag {
                rule: rule.id.clone(),
                kind: rule.kind,
                title: rule.title.clone(),
                item: Some(items[i].id.clone()),
                points_at_stake: at,
                points_at_stake_hundredths: at.hundredths(),
                message: fill(&rule.message, &items[i].id, p, &value),
                lift: fill(&rule.lift, &items[i].id, p, &value),
            });
        };
        match rule.kind {
            RuleKind::UnsupportedHigh => {
                for (i, item) in items.iter().enumerate() {
                    let Some(p) = checked.percents[i] else { continue };
                    let e = entry(&item.id);
                    let strengths = e.is_some_and(|e| e.strengths.iter().any(|s| !s.trim().is_empty()));
                    let evidence = e.and_then(|e| e.evidence.as_deref()).is_some_and(|t| !t.trim().is_empty());
                    if u32::from(p) >= rule.get("threshold") && !strengths && !evidence {
                        flag_item(&mut flags, i, next_band_down(fw, p), String::new());
                    }
                }
            }
            RuleKind::ResultsWithoutTrend => {
                for (i, item) in items.iter().enumerate() {
                    let Some(p) = checked.percents[i] else { continue };
                    if item.kind != Kind::Results || u32::from(p) < rule.get("threshold") {
                        continue;
                    }
                    let longest =
                        entry(&item.id).map_or(0, |e| e.measures.iter().map(|m| m.values.len()).max().unwrap_or(0));
                    if (longest as u32) < rule.get("periods") {
                        flag_item(&mut flags, i, next_band_down(fw, p), longest.to_string());
                    }
                }
            }
            RuleKind::DimensionGap => {
                for (i, s) in suggestions.iter().enumerate() {
                    let (Some(p), Some(s)) = (checked.percents[i], *s) else { continue };
                    if bands_apart(fw, p, s) > rule.get("bands") as usize {
                        // Only a claim above its ratings lowers the range; one below raises `high`.
                        let to = if s < p { next_band_down(fw, p) } else { p };
                        flag_item(&mut flags, i, to, s.to_string());
                    }
                }
            }
            RuleKind::AboveNarrative => {
                for (i, s) in suggestions.iter().enumerate() {
                    let (Some(p), Some(s)) = (checked.percents[i], *s) else { continue };
                    if fw.band_of(p) > fw.band_of(s) {
                        flag_item(&mut flags, i, s, s.to_string());
                    }
                }
            }
            RuleKind::AboveCategory => {
                let mut first = 0;
                for category in &fw.categories {
                    let range = first..first + category.items.len();
                    first = range.end;
                    let rated: Vec<u8> = checked.percents[range.clone()].iter().flatten().copied().collect();
                    if rated.len() < 2 {
                        continue;
                    }
                    // The mean of the others in the category: one high item cannot raise its own bar.
                    let sum: u32 = rated.iter().map(|&p| u32::from(p)).sum();
                    for i in range {
                        let Some(p) = checked.percents[i] else { continue };
                        let others = f64::from(sum - u32::from(p)) / (rated.len() - 1) as f64;
                        if f64::from(p) - others > f64::from(rule.get("threshold")) {
                            flag_item(&mut flags, i, next_band_down(fw, p), format!("{others:.0}"));
                        }
                    }
                }
            }
            RuleKind::FlatScoring | RuleKind::ProcessResultsApart => {
                let (holds, value) = if rule.kind == RuleKind::FlatScoring {
                    let rated: Vec<u8> = checked.percents.iter().flatten().copied().collect();
                    let most = (0..=100u8).map(|v| rated.iter().filter(|&&p| p == v).count()).max().unwrap_or(0);
                    let share = if rated.is_empty() { 0 } else { most * 100 / rated.len() };
                    (
                        rated.len() >= rule.get("min_items") as usize && share >= rule.get("share") as usize,
                        format!("{share}"),
                    )
                } else {
                    let rated_max = |kind: Kind| -> i64 {
                        items
                            .iter()
                            .zip(&checked.percents)
                            .filter(|(it, p)| it.kind == kind && p.is_some())
                            .map(|(it, _)| i64::from(it.points) * 100)
                            .sum()
                    };
                    let pct =
                        |score: Points, max: i64| (max > 0).then(|| score.hundredths() as f64 * 100.0 / max as f64);
                    match (pct(card.process, rated_max(Kind::Process)), pct(card.results, rated_max(Kind::Results))) {
                        (Some(pr), Some(rs)) => {
                            ((pr - rs).abs() > f64::from(rule.get("threshold")), format!("{:.0}", (pr - rs).abs()))
                        }
                        _ => (false, String::new()),
                    }
                };
                if holds {
                    flags.push(Flag {
                        rule: rule.id.clone(),
                        kind: rule.kind,
                        title: rule.title.clone(),
                        item: None,
                        points_at_stake: Points::ZERO,
                        points_at_stake_hundredths: 0,
                        message: fill(&rule.message, "", None, &value),
                        lift: fill(&rule.lift, "", None, &value),
                    });
                }
            }
        }
    }
    let total = |percents: &[Option<u8>]| -> Points {
        items.iter().zip(percents).map(|(it, p)| Points::of(p.unwrap_or(0), it.points)).sum()
    };
    let (lo, claimed, hi) = (total(&low), card.total, total(&high));
    let adjusted = items
        .iter()
        .enumerate()
        .filter_map(|(i, it)| match (checked.percents[i], low[i]) {
            (Some(c), Some(l)) if l < c => Some(Adjusted { item: it.id.clone(), claimed: c, low: l }),
            _ => None,
        })
        .collect();
    Ok(CalibrationResult {
        framework: fw.id.clone(),
        calibration: calibration.id.clone(),
        flags,
        range: Range {
            low: lo,
            claimed,
            high: hi,
            max: fw.max(),
            low_hundredths: lo.hundredths(),
            claimed_hundredths: claimed.hundredths(),
            high_hundredths: hi.hundredths(),
        },
        adjusted,
    })
}
