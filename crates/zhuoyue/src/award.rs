//! Award profiles as data: who may apply (gates), the score line, floors and recognition levels.
//! Score lines are configuration: no Chinese award publishes one, so every threshold lives in a file.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::framework::{Framework, Kind, Provenance, Text};
use crate::{Error, Points};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Level {
    District,
    City,
    Provincial,
    National,
    International,
}

/// Whom a profile is for: organisations (an assessment against a framework) or individuals (a
/// nomination file with an `individual` block).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Applicant {
    #[default]
    Organisation,
    Individual,
}

impl Applicant {
    pub fn id(self) -> &'static str {
        match self {
            Applicant::Organisation => "organisation",
            Applicant::Individual => "individual",
        }
    }
}

/// A declared fact an applicant states about itself (the examiners verify it on site).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Declaration {
    LegalCompliance,
    Licences,
    GoodCredit,
    IndustryLeading,
    /// An individual's declared professional conduct: no breach of law or discipline.
    GoodConduct,
}

/// What a gate checks, against the organisation block of the assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "kebab-case", try_from = "Tagged<RuleKind>")]
pub enum Rule {
    /// At least `min` years in operation (from `years_in_operation`, else the founding year).
    MinYearsOperating { min: u32 },
    /// Registered in `region`.
    Region { region: String },
    /// At most `max` major accidents in the last 3 years.
    MaxMajorAccidents { max: u32 },
    /// No loss-making year among the `years` years before the assessment year.
    NoLossYears { years: u32 },
    /// Has held `award` for at least `min_years` years.
    HoldsAward { award: String, min_years: u32 },
    /// At least `min` years of quality work (individual awards).
    MinQualityWorkYears { min: u32 },
    /// A declared fact must be `true`.
    Declared { fact: Declaration },
    /// A winner of this award waits `years` years before applying again (read from prior awards).
    WaitAfterWin { years: u32 },
    /// No applications to awards of two of these levels in the same year (read from applications).
    OneLevelPerYear { levels: Vec<Level> },
}

impl Rule {
    /// The kind of applicant whose facts the rule reads; `None`: either kind.
    pub fn applicant(&self) -> Option<Applicant> {
        match self {
            Rule::MinYearsOperating { .. } | Rule::MaxMajorAccidents { .. } | Rule::NoLossYears { .. } => {
                Some(Applicant::Organisation)
            }
            Rule::MinQualityWorkYears { .. } => Some(Applicant::Individual),
            Rule::Declared { fact } => match fact {
                Declaration::GoodConduct => Some(Applicant::Individual),
                Declaration::Licences | Declaration::IndustryLeading | Declaration::GoodCredit => {
                    Some(Applicant::Organisation)
                }
                Declaration::LegalCompliance => None,
            },
            Rule::Region { .. }
            | Rule::HoldsAward { .. }
            | Rule::WaitAfterWin { .. }
            | Rule::OneLevelPerYear { .. } => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Gate {
    pub id: String,
    pub text: Text,
    pub rule: Rule,
}

/// A minimum the scorecard must meet besides the line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "kebab-case", try_from = "Tagged<FloorKind>")]
pub enum Floor {
    /// A category must reach `min` percent of its points.
    CategoryPercent { category: String, min: u8 },
    /// The process or results subtotal must reach `min` points.
    KindPoints { of: Kind, min: u32 },
}

/// A rule or floor as written (`{ kind = "region", region = "shanghai" }`): read flat, then
/// converted and checked to take only its kind's fields. serde's internally tagged enums buffer
/// every value before choosing a variant, which cost the browser's .wasm ~6 KB gzipped here.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Tagged<K> {
    kind: K,
    min: Option<u32>,
    max: Option<u32>,
    years: Option<u32>,
    min_years: Option<u32>,
    region: Option<String>,
    award: Option<String>,
    category: Option<String>,
    fact: Option<Declaration>,
    of: Option<Kind>,
    levels: Option<Vec<Level>>,
}

impl<K> Tagged<K> {
    /// Refuses a field the kind does not take, as `deny_unknown_fields` would.
    fn takes(&self, kind: &str, fields: &[&str]) -> Result<(), String> {
        let given = [
            ("min", self.min.is_some()),
            ("max", self.max.is_some()),
            ("years", self.years.is_some()),
            ("min_years", self.min_years.is_some()),
            ("region", self.region.is_some()),
            ("award", self.award.is_some()),
            ("category", self.category.is_some()),
            ("fact", self.fact.is_some()),
            ("of", self.of.is_some()),
            ("levels", self.levels.is_some()),
        ];
        match given.iter().find(|(name, present)| *present && !fields.contains(name)) {
            Some((name, _)) => Err(format!("unknown field `{name}` for kind `{kind}`, expected {}", fields.join(", "))),
            None => Ok(()),
        }
    }
}

fn needs<T>(field: &str, value: Option<T>) -> Result<T, String> {
    value.ok_or_else(|| format!("missing field `{field}`"))
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
enum RuleKind {
    MinYearsOperating,
    Region,
    MaxMajorAccidents,
    NoLossYears,
    HoldsAward,
    MinQualityWorkYears,
    Declared,
    WaitAfterWin,
    OneLevelPerYear,
}

impl TryFrom<Tagged<RuleKind>> for Rule {
    type Error = String;

    fn try_from(t: Tagged<RuleKind>) -> Result<Rule, String> {
        Ok(match t.kind {
            RuleKind::MinYearsOperating => {
                t.takes("min-years-operating", &["min"])?;
                Rule::MinYearsOperating { min: needs("min", t.min)? }
            }
            RuleKind::Region => {
                t.takes("region", &["region"])?;
                Rule::Region { region: needs("region", t.region)? }
            }
            RuleKind::MaxMajorAccidents => {
                t.takes("max-major-accidents", &["max"])?;
                Rule::MaxMajorAccidents { max: needs("max", t.max)? }
            }
            RuleKind::NoLossYears => {
                t.takes("no-loss-years", &["years"])?;
                Rule::NoLossYears { years: needs("years", t.years)? }
            }
            RuleKind::HoldsAward => {
                t.takes("holds-award", &["award", "min_years"])?;
                Rule::HoldsAward { award: needs("award", t.award)?, min_years: needs("min_years", t.min_years)? }
            }
            RuleKind::MinQualityWorkYears => {
                t.takes("min-quality-work-years", &["min"])?;
                Rule::MinQualityWorkYears { min: needs("min", t.min)? }
            }
            RuleKind::Declared => {
                t.takes("declared", &["fact"])?;
                Rule::Declared { fact: needs("fact", t.fact)? }
            }
            RuleKind::WaitAfterWin => {
                t.takes("wait-after-win", &["years"])?;
                Rule::WaitAfterWin { years: needs("years", t.years)? }
            }
            RuleKind::OneLevelPerYear => {
                t.takes("one-level-per-year", &["levels"])?;
                let levels = needs("levels", t.levels)?;
                if levels.len() < 2 {
                    return Err("`levels` names at least two award levels".into());
                }
                Rule::OneLevelPerYear { levels }
            }
        })
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
enum FloorKind {
    CategoryPercent,
    KindPoints,
}

impl TryFrom<Tagged<FloorKind>> for Floor {
    type Error = String;

    fn try_from(t: Tagged<FloorKind>) -> Result<Floor, String> {
        Ok(match t.kind {
            FloorKind::CategoryPercent => {
                t.takes("category-percent", &["category", "min"])?;
                let min = u8::try_from(needs("min", t.min)?).map_err(|_| "`min` is a percent, 0-100".to_string())?;
                Floor::CategoryPercent { category: needs("category", t.category)?, min }
            }
            FloorKind::KindPoints => {
                t.takes("kind-points", &["of", "min"])?;
                Floor::KindPoints { of: needs("of", t.of)?, min: needs("min", t.min)? }
            }
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct RecognitionLevel {
    pub id: String,
    pub name: Text,
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct AwardProfile {
    pub id: String,
    /// Former ids that still find this profile (kept for one release after a rename).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    pub version: String,
    pub edition: String,
    pub name: Text,
    pub level: Level,
    /// Whom the profile is for (default: organisations).
    #[serde(default)]
    pub applicant: Applicant,
    /// Frameworks this profile applies to. An individual profile may name none: a nomination is
    /// judged on its gates, and a rubric the user loads scores it without a line.
    #[serde(default)]
    pub frameworks: Vec<String>,
    /// The score line in whole points; none where the award judges on gates only.
    #[serde(default)]
    pub score_line: Option<u32>,
    /// Within this many points below the line the verdict is `near`.
    #[serde(default)]
    pub near_margin: u32,
    /// The longest organisational profile the application accepts, in characters (Unicode scalar
    /// values, whitespace included, summed over the sections).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_max_chars: Option<u32>,
    pub provenance: Provenance,
    #[serde(default)]
    pub floors: Vec<Floor>,
    #[serde(default)]
    pub gates: Vec<Gate>,
    #[serde(default)]
    pub levels: Vec<RecognitionLevel>,
}

impl AwardProfile {
    /// Parses and validates an award profile file (TOML). Rules that depend on a framework are
    /// checked by `applies_to` when the profile is used.
    #[cfg(feature = "toml")]
    pub fn from_toml(text: &str) -> Result<AwardProfile, Error> {
        AwardProfile::validate(crate::text::from_text(text, crate::Format::Toml)?)
    }

    fn fail(&self, entry: &str, rule: impl Into<String>) -> Error {
        Error::Award { award: self.id.clone(), entry: entry.to_string(), rule: rule.into() }
    }

    pub(crate) fn validate(self) -> Result<AwardProfile, Error> {
        let id_ok = !self.id.is_empty()
            && self.id.len() <= 64
            && self.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-._".contains(c));
        if !id_ok {
            return Err(self.fail("id", "must be 1-64 characters of a-z, 0-9, '-', '.', '_'"));
        }
        if self.version.trim().is_empty() {
            return Err(self.fail("version", "must not be empty"));
        }
        let texts = std::iter::once(("name", &self.name))
            .chain(self.gates.iter().map(|g| (g.id.as_str(), &g.text)))
            .chain(self.levels.iter().map(|l| (l.id.as_str(), &l.name)));
        for (entry, text) in texts {
            if text.zh.trim().is_empty() || text.en.trim().is_empty() {
                return Err(self.fail(entry, "needs both zh and en text"));
            }
        }
        if self.frameworks.is_empty() && self.applicant == Applicant::Organisation {
            return Err(self.fail("frameworks", "name at least one framework the profile applies to"));
        }
        if self.score_line.is_some() && self.frameworks.is_empty() {
            return Err(self.fail("score_line", "a score line needs the frameworks it is drawn on"));
        }
        if self.score_line.is_none() && (!self.floors.is_empty() || !self.levels.is_empty()) {
            return Err(self.fail("score_line", "floors and levels need a score line"));
        }
        for gate in &self.gates {
            if let Some(kind) = gate.rule.applicant().filter(|k| *k != self.applicant) {
                return Err(self.fail(
                    &format!("gate {}", gate.id),
                    format!(
                        "reads an {}'s facts, but the profile is for applicant = \"{}\"",
                        kind.id(),
                        self.applicant.id()
                    ),
                ));
            }
        }
        for gate in &self.gates {
            if let Rule::OneLevelPerYear { levels } = &gate.rule {
                if !levels.contains(&self.level) {
                    return Err(self.fail(
                        &format!("gate {}", gate.id),
                        "one-level-per-year names the profile's own level among its levels",
                    ));
                }
            }
        }
        for alias in &self.aliases {
            if alias == &self.id || alias.is_empty() || alias.len() > 64 {
                return Err(self.fail("aliases", "an alias is a former id: 1-64 characters, not the id itself"));
            }
        }
        let mut seen = HashSet::new();
        for gate in &self.gates {
            if gate.id.trim().is_empty() || !seen.insert(gate.id.as_str()) {
                return Err(self.fail(&format!("gate {}", gate.id), "gate ids must be present and unique"));
            }
        }
        for floor in &self.floors {
            if let Floor::CategoryPercent { category, min } = floor {
                if *min > 100 {
                    return Err(self.fail(&format!("floor {category}"), format!("{min}% is above 100%")));
                }
            }
        }
        for pair in self.levels.windows(2) {
            if pair[1].line <= pair[0].line {
                return Err(self.fail(&format!("level {}", pair[1].id), "level lines must rise in order"));
            }
        }
        Ok(self)
    }

    /// Checks the profile against the framework of an assessment: the framework is one the profile
    /// names, the line fits under the maximum, floors name real categories and reachable minimums.
    pub fn applies_to(&self, framework: &Framework) -> Result<(), Error> {
        // An individual profile naming no framework takes any rubric the user loads.
        if !self.frameworks.contains(&framework.id) && !self.frameworks.is_empty() {
            return Err(Error::AwardFramework {
                award: self.id.clone(),
                framework: framework.id.clone(),
                allowed: self.frameworks.clone(),
            });
        }
        if let Some(line) = self.score_line.filter(|l| *l > framework.max_points) {
            return Err(
                self.fail("score_line", format!("{line} is above the framework maximum {}", framework.max_points))
            );
        }
        for level in &self.levels {
            if level.line > framework.max_points {
                return Err(self.fail(&format!("level {}", level.id), "line is above the framework maximum"));
            }
        }
        for floor in &self.floors {
            match floor {
                Floor::CategoryPercent { category, .. } => {
                    if !framework.categories.iter().any(|c| c.id == *category) {
                        return Err(self.fail(
                            &format!("floor {category}"),
                            format!("no category {category} in framework {}", framework.id),
                        ));
                    }
                }
                Floor::KindPoints { of, min } => {
                    if Points::whole(*min) > framework.kind_max(*of) {
                        return Err(self.fail(
                            &format!("floor {of:?}"),
                            format!("{min} points is above the {of:?} maximum {}", framework.kind_max(*of)),
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// The line in exact points, where the award has one.
    pub fn line(&self) -> Option<Points> {
        self.score_line.map(Points::whole)
    }

    /// Whether `id` names this profile, by its id or a former one.
    pub fn answers_to(&self, id: &str) -> bool {
        self.id == id || self.aliases.iter().any(|a| a == id)
    }
}
