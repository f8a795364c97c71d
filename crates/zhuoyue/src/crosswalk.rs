//! Crosswalks carry a self-assessment from one framework to another: each target item's percent is
//! the weighted mean of the percents of the source items mapped to it, with how much of the target
//! those rated sources cover. Targets with no rated source are reported missing, never invented.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::assessment::{Assessment, Entry, Items};
use crate::framework::{Framework, Provenance};
use crate::{Checked, Error};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub item: String,
    /// The share of the target this source stands for; a target's weights sum to 1.
    pub weight: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    pub target: String,
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Crosswalk {
    pub id: String,
    pub version: String,
    pub from: String,
    pub to: String,
    pub provenance: Provenance,
    pub map: Vec<Mapping>,
}

/// Weights are compared in thousandths, so "sums to 1" is exact. A weight is in 0 < w <= 1: a
/// larger one can never be part of a sum to 1, and huge ones once wrapped the sum around.
fn thousandths(weight: f64) -> Option<i64> {
    let t = (weight * 1000.0).round();
    (weight.is_finite() && weight > 0.0 && weight <= 1.0 && (weight * 1000.0 - t).abs() < 1e-6).then_some(t as i64)
}

impl Crosswalk {
    /// Parses a crosswalk file (TOML); `check` validates it against its two frameworks.
    #[cfg(feature = "toml")]
    pub fn from_toml(text: &str) -> Result<Crosswalk, Error> {
        crate::text::from_text(text, crate::Format::Toml)
    }

    fn fail(&self, entry: &str, rule: impl Into<String>) -> Error {
        Error::Crosswalk { crosswalk: self.id.clone(), entry: entry.to_string(), rule: rule.into() }
    }

    /// Every id known in its framework, each target mapped once, weights positive in thousandths
    /// and summing to 1 per target.
    pub fn check(&self, from: &Framework, to: &Framework) -> Result<(), Error> {
        if from.id != self.from || to.id != self.to {
            return Err(
                self.fail("from/to", format!("maps {} -> {}, not {} -> {}", self.from, self.to, from.id, to.id))
            );
        }
        let mut targets = HashSet::new();
        for m in &self.map {
            let entry = format!("target {}", m.target);
            if to.position(&m.target).is_none() {
                return Err(self.fail(&entry, format!("no such item in framework `{}`", to.id)));
            }
            if !targets.insert(m.target.as_str()) {
                return Err(self.fail(&entry, "mapped twice"));
            }
            if m.sources.is_empty() {
                return Err(self.fail(&entry, "has no sources"));
            }
            let mut sum = 0;
            for s in &m.sources {
                if from.position(&s.item).is_none() {
                    return Err(self.fail(&entry, format!("source {} is no item of framework `{}`", s.item, from.id)));
                }
                let Some(w) = thousandths(s.weight) else {
                    return Err(self.fail(
                        &entry,
                        format!("weight {} of {} must be in 0 < w <= 1, in thousandths", s.weight, s.item),
                    ));
                };
                sum = i64::checked_add(sum, w).unwrap_or(i64::MAX);
            }
            if sum != 1000 {
                return Err(self.fail(
                    &entry,
                    format!("weights sum to {}, not 1 (rule: a target's weights sum to 1)", sum as f64 / 1000.0),
                ));
            }
        }
        Ok(())
    }
}

/// One target item after translation.
#[derive(Debug, Clone, Serialize)]
pub struct Translated {
    pub target: String,
    /// `None` when no mapped source is rated (the target is then missing, not zero).
    pub percent: Option<u8>,
    /// The share of the target's weight carried by rated sources, 0..=1.
    pub coverage: f64,
    pub coverage_thousandths: i64,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Translation {
    pub crosswalk: String,
    pub from: String,
    pub to: String,
    pub items: Vec<Translated>,
    /// Target items with nothing to carry over: unmapped, or mapped only to unrated sources.
    pub missing: Vec<String>,
    /// The translated assessment (organisation copied, missing items left out).
    pub assessment: Assessment,
}

/// Translates a checked assessment. The weighted mean is rounded to the target's grid, nearest
/// step, ties down (as suggestions are), so a translated self-assessment never rounds itself up.
pub fn translate(crosswalk: &Crosswalk, checked: &Checked, to: &Framework) -> Result<Translation, Error> {
    let from = checked.framework;
    crosswalk.check(from, to)?;
    let step = i64::from(to.percent_step);
    let mut items = Vec::new();
    let mut entries = Vec::new();
    let mut missing = Vec::new();
    for target in to.items() {
        let Some(m) = crosswalk.map.iter().find(|m| m.target == target.id) else {
            missing.push(target.id.clone());
            continue;
        };
        let (mut weighted, mut covered) = (0i64, 0i64);
        for s in &m.sources {
            let w = thousandths(s.weight).unwrap_or(0);
            if let Some(p) = from.position(&s.item).and_then(|i| checked.percents[i]) {
                weighted += w * i64::from(p);
                covered += w;
            }
        }
        let percent = (covered > 0).then(|| {
            // Nearest multiple of `step` to weighted / covered, ties down.
            let (num, den) = (2 * weighted - covered * step, 2 * covered * step);
            let k = -((-num).div_euclid(den));
            (k * step).clamp(0, 100) as u8
        });
        match percent {
            Some(p) => entries.push((target.id.clone(), Entry::percent(i64::from(p)))),
            None => missing.push(target.id.clone()),
        }
        items.push(Translated {
            target: target.id.clone(),
            percent,
            coverage: covered as f64 / 1000.0,
            coverage_thousandths: covered,
            sources: m.sources.iter().map(|s| s.item.clone()).collect(),
        });
    }
    Ok(Translation {
        crosswalk: crosswalk.id.clone(),
        from: from.id.clone(),
        to: to.id.clone(),
        items,
        missing,
        assessment: Assessment {
            kind: crate::award::Applicant::Organisation,
            individual: None,
            framework: to.id.clone(),
            assessor: None,
            date: checked.assessment.date.clone(),
            organisation: checked.assessment.organisation.clone(),
            // The profile goes along where the target framework has the same section.
            profile: {
                let known = |id: &str| to.profile_sections.iter().any(|s| s.id == id);
                let p = &checked.assessment.profile;
                crate::assessment::Profile {
                    sections: p.sections.iter().filter(|(id, _)| known(id)).cloned().collect(),
                    key_factors: p.key_factors.iter().filter(|k| known(&k.section)).cloned().collect(),
                }
            },
            items: Items(entries),
        },
    })
}
