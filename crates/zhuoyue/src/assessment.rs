//! The assessment interchange format shared by every surface, and its checking against a framework.
//!
//! Parsing is syntax only (unknown fields, duplicate keys and wrong types are refused, each error
//! with its place in the document); `Checked::new` adds the semantics of one framework.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

pub use crate::check::{suggest, Checked, Completeness, Warning};
use crate::framework::Framework;
use crate::limits::MAX_ITEMS;
pub use crate::text::Format;
use crate::text::{from_text, OrderedMap};
use crate::Error;

/// One organisation's self-assessment against one framework.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    /// Whose file this is: an organisation's self-assessment (the default) or an individual's
    /// nomination (`"individual"`, with an `individual` block).
    #[serde(default, skip_serializing_if = "is_organisation")]
    pub kind: crate::award::Applicant,
    /// The framework the items are rated against; an individual's nomination may name none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub framework: String,
    /// Who scored it: the organisation itself, or an examiner (consensus attributes notes to them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessor: Option<String>,
    /// When the assessment was made (`YYYY-MM-DD`): what orders an organisation's history.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Organisation::is_empty")]
    pub organisation: Organisation,
    /// The organisational profile (组织概述): text sections the framework names, and key factors.
    #[serde(default, skip_serializing_if = "Profile::is_empty")]
    pub profile: Profile,
    /// The nominee of an individual's nomination (`kind = "individual"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub individual: Option<Individual>,
    #[serde(default, skip_serializing_if = "Items::is_empty")]
    pub items: Items,
}

impl Items {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

fn is_organisation(kind: &crate::award::Applicant) -> bool {
    *kind == crate::award::Applicant::Organisation
}

/// The person an individual award nomination is for. Gates read these facts; a fact left out makes
/// its gate `unknown`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Individual {
    /// A stable id (e.g. the roster's id for the person).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The organisation the person works for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    /// Where the person is registered or employed, e.g. `shanghai` (compared case-insensitively).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Years of quality-related work (in the region, where the award asks so).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality_work_years: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// The achievements the nomination rests on, as text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub achievements: Option<String>,
    /// Quality awards already won; `[]` means none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prior_awards: Option<Vec<PriorAward>>,
    /// Other applications (this year's included); `[]` means none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applications: Option<Vec<Applied>>,
    /// Declared compliance with the law.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_compliance: Option<bool>,
    /// Declared professional conduct: no breach of law or discipline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub good_conduct: Option<bool>,
}

/// An application made or planned: which award, its level where the award is not a known
/// profile, and the year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Applied {
    pub award: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<crate::award::Level>,
    pub year: i32,
}

/// The organisational profile: one text per section the framework names (in the order written),
/// and the key factors examiners' comments cite. In the file it is one object: the sections'
/// texts, plus `key_factors`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(type = "{ key_factors?: KeyFactor[] } & { [section: string]: string | KeyFactor[] | undefined }")
)]
pub struct Profile {
    pub sections: Vec<(String, String)>,
    pub key_factors: Vec<KeyFactor>,
}

impl Profile {
    pub fn is_empty(&self) -> bool {
        self.sections.is_empty() && self.key_factors.is_empty()
    }

    /// The length the application limits count: Unicode scalar values, whitespace included,
    /// summed over the sections (key factors are a summary of them, not counted again).
    pub fn chars(&self) -> usize {
        self.sections.iter().map(|(_, text)| text.chars().count()).sum()
    }

    pub fn section(&self, id: &str) -> Option<&str> {
        self.sections.iter().find(|(s, _)| s == id).map(|(_, t)| t.as_str())
    }
}

/// A key factor of the organisation (a customer requirement, a strategic challenge ...), under
/// the profile section it belongs to; its id is what strengths and OFIs cite.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct KeyFactor {
    pub id: String,
    pub section: String,
    pub text: String,
}

/// A results measure with its values over periods, for a results item's table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Measure {
    pub name: String,
    #[serde(default)]
    pub unit: String,
    pub better: Better,
    #[serde(default)]
    pub values: Vec<Observation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comparison: Option<Comparison>,
}

/// Which direction of a measure is good.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Better {
    Higher,
    Lower,
}

/// Read as a string and matched: a derived enum deserializer cost the browser's .wasm ~3 KB.
impl<'de> Deserialize<'de> for Better {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Better, D::Error> {
        let text = String::deserialize(d)?;
        match text.as_str() {
            "higher" => Ok(Better::Higher),
            "lower" => Ok(Better::Lower),
            _ => Err(de::Error::unknown_variant(&text, &["higher", "lower"])),
        }
    }
}

/// One period's value, e.g. `{"period": "2024", "value": 96.5}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Observation {
    pub period: String,
    pub value: f64,
}

/// A comparison value and where it comes from (a competitor, the industry, a benchmark).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Comparison {
    pub value: f64,
    pub source: String,
}

/// Facts about the organisation. Award gates read them; a fact left out makes its gate `unknown`,
/// never a silent pass, so every fact is optional here.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// A stable id (e.g. the unified social credit code): what matches one organisation across
    /// assessments, cohorts and rosters when names are spelt differently.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sector: Option<Sector>,
    /// Year founded (or registered).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub founded: Option<i32>,
    /// Years in operation, for when the founding year is not the right measure; wins over `founded`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub years_in_operation: Option<u32>,
    /// Where the organisation is registered, e.g. `shanghai` (compared case-insensitively).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Major quality, safety, environmental or public-health accidents in the last 3 years.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub major_accidents_last_3_years: Option<u32>,
    /// Years (e.g. 2024) in which the organisation made a loss; `[]` means none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loss_years: Option<Vec<i32>>,
    /// Quality awards already held; `[]` means none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prior_awards: Option<Vec<PriorAward>>,
    /// Other applications (this year's included); `[]` means none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applications: Option<Vec<Applied>>,
    /// Declared compliance with industrial, environmental, energy and safety law.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_compliance: Option<bool>,
    /// Declared to hold the licences its business requires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licences: Option<bool>,
    /// Declared good credit standing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub good_credit: Option<bool>,
    /// Declared key indicators leading the local industry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub industry_leading: Option<bool>,
}

/// An award the applicant already holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct PriorAward {
    /// An award profile id, e.g. `shanghai-quality-gold`.
    pub award: String,
    pub year: i32,
}

impl Organisation {
    fn is_empty(&self) -> bool {
        *self == Organisation::default()
    }
}

/// Whose facts award gates read: an organisation's or an individual's.
#[derive(Debug, Clone, Copy)]
pub enum Facts<'a> {
    Organisation(&'a Organisation),
    Individual(&'a Individual),
}

impl Facts<'_> {
    pub fn applicant(&self) -> crate::award::Applicant {
        match self {
            Facts::Organisation(_) => crate::award::Applicant::Organisation,
            Facts::Individual(_) => crate::award::Applicant::Individual,
        }
    }

    pub fn region(&self) -> Option<&str> {
        match self {
            Facts::Organisation(o) => o.region.as_deref(),
            Facts::Individual(p) => p.region.as_deref(),
        }
    }

    pub fn prior_awards(&self) -> Option<&[PriorAward]> {
        match self {
            Facts::Organisation(o) => o.prior_awards.as_deref(),
            Facts::Individual(p) => p.prior_awards.as_deref(),
        }
    }

    pub fn applications(&self) -> Option<&[Applied]> {
        match self {
            Facts::Organisation(o) => o.applications.as_deref(),
            Facts::Individual(p) => p.applications.as_deref(),
        }
    }

    /// A declared fact; one the applicant's kind cannot declare is unknown.
    pub fn declared(&self, fact: crate::award::Declaration) -> Option<bool> {
        use crate::award::Declaration as D;
        match (self, fact) {
            (Facts::Organisation(o), D::LegalCompliance) => o.legal_compliance,
            (Facts::Organisation(o), D::Licences) => o.licences,
            (Facts::Organisation(o), D::GoodCredit) => o.good_credit,
            (Facts::Organisation(o), D::IndustryLeading) => o.industry_leading,
            (Facts::Individual(p), D::LegalCompliance) => p.legal_compliance,
            (Facts::Individual(p), D::GoodConduct) => p.good_conduct,
            _ => None,
        }
    }
}

/// The longest career the engine believes: more years of quality work than this is a typing error.
pub const MAX_QUALITY_WORK_YEARS: u32 = 70;

impl Individual {
    /// How an error names the person: `individual <name>`, the name cut to 64 characters.
    pub(crate) fn label(&self) -> String {
        format!("individual {}", self.name.as_deref().unwrap_or("").chars().take(64).collect::<String>())
    }

    fn check(&self) -> Result<(), Error> {
        let who = || self.label();
        if let Some(years) = self.quality_work_years.filter(|y| *y > MAX_QUALITY_WORK_YEARS) {
            return Err(Error::Applicant {
                entry: format!("{}, quality_work_years", who()),
                rule: format!("{years} years is not a career length (rule: 0..={MAX_QUALITY_WORK_YEARS} years)"),
            });
        }
        let years = self.prior_awards.iter().flatten().map(|a| (&a.award, a.year, "prior_awards"));
        let applied = self.applications.iter().flatten().map(|a| (&a.award, a.year, "applications"));
        for (award, year, field) in years.chain(applied) {
            if !(1900..=2200).contains(&year) {
                return Err(Error::Applicant {
                    entry: format!("{}, {field} {}", who(), award.chars().take(64).collect::<String>()),
                    rule: format!("year {year} is outside 1900..=2200"),
                });
            }
        }
        Ok(())
    }
}

/// A sector id, as the programme data defines them (e.g. `advanced-manufacturing`); the catalog's
/// programmes list the ids and their zh/en names, and checking refuses an id none of them knows.
pub type Sector = String;

/// Item entries in the order written. A `Vec`, not a map: order is kept for round-trips, and a
/// duplicate key is refused while parsing rather than silently overwritten.
#[derive(Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "Record<string, Entry>"))]
pub struct Items(pub Vec<(String, Entry)>);

/// One item's rating: a bare percent in the file, or an object with notes.
///
/// The notes (dimension ratings, strengths, OFIs, evidence, narrative, measures) are read and
/// written as the entry's own fields (`entry.strengths`, through `Deref` to [`Notes`]) but kept
/// apart, allocated only for an entry that has some: a bare rating is 24 bytes, not 184, so a
/// batch of assessments is scored without streaming empty note lists through the cache.
#[derive(Debug, Clone, Default)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(type = "number | null | { percent?: number, dimensions?: Record<string, number>, strengths?: string[], \
               ofis?: string[], evidence?: string, narrative?: Record<string, string>, measures?: Measure[] }")
)]
pub struct Entry {
    /// `None` means not rated yet (`null`, as in a fresh template).
    pub percent: Option<i64>,
    /// `None` while the entry has no notes (never read directly: through `Deref`).
    #[cfg_attr(feature = "ts", ts(skip))]
    notes: Option<Box<Notes>>,
}

/// What an entry holds beyond its percent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Notes {
    /// Dimension ratings (A/D/L/I or Le/T/C/I) in the order written.
    pub dimensions: Vec<(String, i64)>,
    pub strengths: Vec<String>,
    pub ofis: Vec<String>,
    pub evidence: Option<String>,
    /// What the organisation writes per evaluation dimension (A/D/L/I or Le/T/C/I), in the order written.
    pub narrative: Vec<(String, String)>,
    /// Results tables (results items only).
    pub measures: Vec<Measure>,
}

/// The notes of an entry that has none.
static NO_NOTES: Notes = Notes {
    dimensions: Vec::new(),
    strengths: Vec::new(),
    ofis: Vec::new(),
    evidence: None,
    narrative: Vec::new(),
    measures: Vec::new(),
};

impl Notes {
    #[inline]
    fn is_empty(&self) -> bool {
        self.dimensions.is_empty()
            && self.strengths.is_empty()
            && self.ofis.is_empty()
            && self.evidence.is_none()
            && self.narrative.is_empty()
            && self.measures.is_empty()
    }
}

impl std::ops::Deref for Entry {
    type Target = Notes;
    fn deref(&self) -> &Notes {
        self.notes.as_deref().unwrap_or(&NO_NOTES)
    }
}

/// Writing a note gives the entry its notes.
impl std::ops::DerefMut for Entry {
    fn deref_mut(&mut self) -> &mut Notes {
        self.notes.get_or_insert_with(Box::default)
    }
}

/// Equal percents and equal notes (an entry whose notes were emptied equals one that never had any).
impl PartialEq for Entry {
    fn eq(&self, other: &Entry) -> bool {
        self.percent == other.percent && **self == **other
    }
}

impl Entry {
    pub fn percent(percent: i64) -> Entry {
        Entry { percent: Some(percent), notes: None }
    }

    /// A percent (or none) with notes.
    pub fn with_notes(percent: Option<i64>, notes: Notes) -> Entry {
        let notes = (!notes.is_empty()).then(|| Box::new(notes));
        Entry { percent, notes }
    }

    /// A percent alone: no dimensions, notes, narrative or measures.
    #[inline]
    pub(crate) fn is_bare(&self) -> bool {
        self.notes.as_deref().is_none_or(Notes::is_empty)
    }
}

impl Assessment {
    /// An assessment of `framework` from percents in framework order (`None` leaves an item out).
    pub fn from_percents(framework: &Framework, percents: &[Option<u8>]) -> Assessment {
        Assessment {
            kind: crate::award::Applicant::Organisation,
            framework: framework.id.clone(),
            assessor: None,
            date: None,
            organisation: Organisation::default(),
            profile: Profile::default(),
            individual: None,
            items: Items(
                framework
                    .items()
                    .zip(percents)
                    .filter_map(|(i, p)| p.map(|p| (i.id.clone(), Entry::percent(i64::from(p)))))
                    .collect(),
            ),
        }
    }

    /// A blank assessment of `framework` to fill in: every item `null`, every profile section `""`,
    /// the organisation's name empty and its sector `sector`.
    pub fn template(framework: &Framework, sector: Option<&str>) -> Assessment {
        Assessment {
            kind: crate::award::Applicant::Organisation,
            framework: framework.id.clone(),
            assessor: None,
            date: None,
            individual: None,
            organisation: Organisation {
                name: Some(String::new()),
                sector: sector.map(str::to_string),
                ..Organisation::default()
            },
            profile: Profile {
                sections: framework.profile_sections.iter().map(|s| (s.id.clone(), String::new())).collect(),
                key_factors: Vec::new(),
            },
            items: Items(framework.items().map(|i| (i.id.clone(), Entry::default())).collect()),
        }
    }

    /// Parses an assessment written in JSON or TOML (same shape in both): an organisation's
    /// self-assessment, or an individual's nomination (`kind = "individual"`).
    pub fn parse(text: &str, format: Format) -> Result<Assessment, Error> {
        let a: Assessment = from_text(text, format)?;
        a.check_kind(format)?;
        Ok(a)
    }

    /// A blank nomination of an individual to fill in: the text facts present and empty; the facts
    /// gates judge (years, declarations, awards won, applications) left out until stated.
    pub fn individual_template() -> Assessment {
        Assessment {
            kind: crate::award::Applicant::Individual,
            framework: String::new(),
            assessor: None,
            date: None,
            organisation: Organisation::default(),
            profile: Profile::default(),
            individual: Some(Individual {
                name: Some(String::new()),
                organisation: Some(String::new()),
                region: Some(String::new()),
                role: Some(String::new()),
                achievements: Some(String::new()),
                ..Individual::default()
            }),
            items: Items::default(),
        }
    }

    /// What a file of each kind must and must not carry: an organisation's names its framework and
    /// has no `individual` block; an individual's has the block, no `organisation` block, and items
    /// only with the rubric (framework) they are rated against.
    pub fn check_kind(&self, format: Format) -> Result<(), Error> {
        use crate::award::Applicant;
        let syntax = |path: &str, message: &str| Error::Syntax {
            format,
            path: path.to_string(),
            item: None,
            message: message.to_string(),
            line: None,
            column: None,
        };
        match self.kind {
            Applicant::Organisation => {
                if self.individual.is_some() {
                    return Err(syntax(
                        "individual",
                        "an `individual` block belongs to a nomination with kind = \"individual\"",
                    ));
                }
                if self.framework.is_empty() {
                    return Err(syntax("", "missing field `framework`"));
                }
            }
            Applicant::Individual => {
                let Some(person) = &self.individual else {
                    return Err(syntax("", "a nomination with kind = \"individual\" needs an `individual` block"));
                };
                if !self.organisation.is_empty() {
                    return Err(syntax(
                        "organisation",
                        "an individual's nomination names the employer in `individual.organisation`, not an `organisation` block",
                    ));
                }
                if self.framework.is_empty() && !self.items.0.is_empty() {
                    return Err(syntax("framework", "items are rated against a rubric: name it in `framework`"));
                }
                person.check()?;
            }
        }
        Ok(())
    }

    /// An individual's nomination that names no rubric: it has no items, and is judged on its
    /// award's gates alone (an organisation's assessment always names its framework).
    pub fn is_gates_only(&self) -> bool {
        self.kind == crate::award::Applicant::Individual && self.framework.is_empty()
    }

    /// The award gates' view of whose facts these are.
    pub fn facts(&self) -> Facts<'_> {
        match (&self.kind, &self.individual) {
            (crate::award::Applicant::Individual, Some(person)) => Facts::Individual(person),
            _ => Facts::Organisation(&self.organisation),
        }
    }

    pub fn to_json(&self) -> String {
        // Serialising plain data to a string cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// TOML has no `null`: unrated items are left out, which parses back as missing.
    #[cfg(feature = "toml")]
    pub fn to_toml(&self) -> Result<String, Error> {
        let mut rated = self.clone();
        rated.items.0.retain(|(_, e)| e.percent.is_some());
        toml::to_string(&rated).map_err(|e| Error::Syntax {
            format: Format::Toml,
            path: String::new(),
            item: None,
            message: e.to_string(),
            line: None,
            column: None,
        })
    }
}

// ---- serde for the parts whose shape a derive cannot express ----

impl Serialize for Items {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (id, entry) in &self.0 {
            map.serialize_entry(id, entry)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Items {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Items, D::Error> {
        d.deserialize_map(OrderedMap::<Entry>::new("item", MAX_ITEMS)).map(Items)
    }
}

impl Serialize for Entry {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.is_bare() {
            return match self.percent {
                Some(p) => s.serialize_i64(p),
                None => s.serialize_none(),
            };
        }
        let mut map = s.serialize_map(None)?;
        if let Some(p) = self.percent {
            map.serialize_entry("percent", &p)?;
        }
        if !self.dimensions.is_empty() {
            map.serialize_entry("dimensions", &Dimensions(&self.dimensions))?;
        }
        if !self.strengths.is_empty() {
            map.serialize_entry("strengths", &self.strengths)?;
        }
        if !self.ofis.is_empty() {
            map.serialize_entry("ofis", &self.ofis)?;
        }
        if let Some(e) = &self.evidence {
            map.serialize_entry("evidence", e)?;
        }
        if !self.narrative.is_empty() {
            map.serialize_entry("narrative", &Dimensions(&self.narrative))?;
        }
        if !self.measures.is_empty() {
            map.serialize_entry("measures", &self.measures)?;
        }
        map.end()
    }
}

/// Ids to values in the order written, as a JSON object.
struct Dimensions<'a, V>(&'a [(String, V)]);

impl<V: Serialize> Serialize for Dimensions<'_, V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (id, value) in self.0 {
            map.serialize_entry(id, value)?;
        }
        map.end()
    }
}

/// The object form of an entry, as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryObject {
    #[serde(default)]
    percent: Rating,
    #[serde(default)]
    dimensions: DimensionMap,
    #[serde(default)]
    strengths: Vec<String>,
    #[serde(default)]
    ofis: Vec<String>,
    #[serde(default)]
    evidence: Option<String>,
    #[serde(default)]
    narrative: NarrativeMap,
    #[serde(default)]
    measures: Measures,
}

#[derive(Default)]
struct NarrativeMap(Vec<(String, String)>);

impl<'de> Deserialize<'de> for NarrativeMap {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<NarrativeMap, D::Error> {
        d.deserialize_map(OrderedMap::<String>::new("dimension", 16)).map(NarrativeMap)
    }
}

/// Measures, refused past the limit while parsing (a hostile file never builds a huge list).
#[derive(Default)]
struct Measures(Vec<Measure>);

impl<'de> Deserialize<'de> for Measures {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Measures, D::Error> {
        d.deserialize_seq(BoundedSeq::<Measure>::new("measure", crate::limits::MAX_MEASURES)).map(Measures)
    }
}

impl Serialize for Profile {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        for (id, text) in &self.sections {
            map.serialize_entry(id, text)?;
        }
        // Written whenever the profile is (a template shows where key factors go).
        map.serialize_entry("key_factors", &self.key_factors)?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for Profile {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Profile, D::Error> {
        struct ProfileVisitor;
        impl<'de> Visitor<'de> for ProfileVisitor {
            type Value = Profile;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of profile sections (text) and `key_factors`")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Profile, A::Error> {
                let mut profile = Profile::default();
                let mut key_factors = false;
                while let Some(key) = map.next_key::<String>()? {
                    if key == "key_factors" {
                        if std::mem::replace(&mut key_factors, true) {
                            return Err(de::Error::custom("duplicate `key_factors`"));
                        }
                        profile.key_factors = map.next_value_seed(BoundedSeq::<KeyFactor>::new(
                            "key factor",
                            crate::limits::MAX_KEY_FACTORS,
                        ))?;
                        continue;
                    }
                    if profile.sections.len() == 64 {
                        return Err(de::Error::custom("more than 64 profile sections (rule: profile section count)"));
                    }
                    if profile.sections.iter().any(|(s, _)| *s == key) {
                        return Err(de::Error::custom(format_args!(
                            "duplicate profile section `{key}` (rule: each section appears once)"
                        )));
                    }
                    let text: String = map.next_value()?;
                    profile.sections.push((key, text));
                }
                Ok(profile)
            }
        }
        d.deserialize_map(ProfileVisitor)
    }
}

/// A list refused past `limit` entries while it is read.
struct BoundedSeq<T> {
    what: &'static str,
    limit: usize,
    _value: std::marker::PhantomData<T>,
}

impl<T> BoundedSeq<T> {
    fn new(what: &'static str, limit: usize) -> Self {
        BoundedSeq { what, limit, _value: std::marker::PhantomData }
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for BoundedSeq<T> {
    type Value = Vec<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a list of at most {} {}s", self.limit, self.what)
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut out = Vec::new();
        while let Some(v) = seq.next_element()? {
            if out.len() == self.limit {
                return Err(de::Error::custom(format_args!(
                    "more than {} {}s (rule: {} count limit)",
                    self.limit, self.what, self.what
                )));
            }
            out.push(v);
        }
        Ok(out)
    }
}

impl<'de, T: Deserialize<'de>> de::DeserializeSeed<'de> for BoundedSeq<T> {
    type Value = Vec<T>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<T>, D::Error> {
        d.deserialize_seq(self)
    }
}

#[derive(Default)]
struct DimensionMap(Vec<(String, Rating)>);

impl<'de> Deserialize<'de> for DimensionMap {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<DimensionMap, D::Error> {
        d.deserialize_map(OrderedMap::<Rating>::new("dimension", 16)).map(DimensionMap)
    }
}

/// A percent as written: a whole number (range and grid are checked against the framework later),
/// or `null` for "not rated". Text, fractions and booleans are refused here with a clear message.
#[derive(Default)]
struct Rating(Option<i64>);

struct RatingVisitor;

const RATING_RULE: &str = "a percent is a whole number from 0 to 100 on the framework's grid";

impl<'de> Visitor<'de> for RatingVisitor {
    type Value = Rating;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a whole-number percent from 0 to 100, or null when not rated")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Rating, E> {
        Ok(Rating(Some(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Rating, E> {
        Ok(Rating(Some(i64::try_from(v).unwrap_or(i64::MAX))))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Rating, E> {
        // Spreadsheet exports write 55 as 55.0; that is the whole number 55. 55.5 is not.
        if v.fract() == 0.0 && v.abs() <= 1e15 {
            Ok(Rating(Some(v as i64)))
        } else {
            Err(E::custom(format_args!("{v} is not a whole number ({RATING_RULE})")))
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Rating, E> {
        let shown: String = v.chars().take(40).collect();
        Err(E::custom(format_args!("the text {shown:?} is not a number; write it without quotes ({RATING_RULE})")))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Rating, E> {
        Err(E::custom(format_args!("{v} is not a number ({RATING_RULE})")))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Rating, E> {
        Ok(Rating(None))
    }
    fn visit_none<E: de::Error>(self) -> Result<Rating, E> {
        Ok(Rating(None))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Rating, D::Error> {
        d.deserialize_any(RatingVisitor)
    }
}

impl<'de> Deserialize<'de> for Rating {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Rating, D::Error> {
        d.deserialize_any(RatingVisitor)
    }
}

impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Entry, D::Error> {
        struct EntryVisitor;
        impl<'de> Visitor<'de> for EntryVisitor {
            type Value = Entry;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a percent, null, or an object with `percent`")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Entry, E> {
                RatingVisitor.visit_i64(v).map(Entry::from)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Entry, E> {
                RatingVisitor.visit_u64(v).map(Entry::from)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Entry, E> {
                RatingVisitor.visit_f64(v).map(Entry::from)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Entry, E> {
                RatingVisitor.visit_str(v).map(Entry::from)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Entry, E> {
                RatingVisitor.visit_bool(v).map(Entry::from)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Entry, E> {
                Ok(Entry::default())
            }
            fn visit_none<E: de::Error>(self) -> Result<Entry, E> {
                Ok(Entry::default())
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Entry, A::Error> {
                let o = EntryObject::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Entry::with_notes(
                    o.percent.0,
                    Notes {
                        // A dimension left `null` is simply not rated.
                        dimensions: o.dimensions.0.into_iter().filter_map(|(id, r)| r.0.map(|v| (id, v))).collect(),
                        strengths: o.strengths,
                        ofis: o.ofis,
                        evidence: o.evidence,
                        narrative: o.narrative.0,
                        measures: o.measures.0,
                    },
                ))
            }
        }
        d.deserialize_any(EntryVisitor)
    }
}

impl From<Rating> for Entry {
    fn from(r: Rating) -> Entry {
        Entry { percent: r.0, notes: None }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::Kind;
    use crate::Catalog;

    fn dims(values: &[(&str, i64)]) -> Vec<(String, i64)> {
        values.iter().map(|(d, v)| (d.to_string(), *v)).collect()
    }

    /// An entry's notes read as its own fields; writing one gives the entry notes; an entry whose
    /// notes are emptied again equals, and is written as, a bare rating.
    #[test]
    fn notes_are_fields_of_the_entry_and_allocated_only_when_written() {
        assert_eq!(std::mem::size_of::<Entry>(), 24);
        let bare = Entry::percent(55);
        assert!(bare.is_bare() && bare.strengths.is_empty() && bare.evidence.is_none());
        assert_eq!(Entry::with_notes(Some(55), Notes::default()), bare);
        assert!(Entry::with_notes(Some(55), Notes::default()).notes.is_none(), "no notes, no allocation");
        let mut noted = bare.clone();
        noted.strengths.push("月度评审".into());
        assert!(!noted.is_bare());
        assert_ne!(noted, bare);
        assert_eq!(serde_json::to_string(&noted).unwrap(), r#"{"percent":55,"strengths":["月度评审"]}"#);
        noted.strengths.clear();
        assert_eq!(noted, bare);
        assert_eq!(serde_json::to_string(&noted).unwrap(), "55");
        let parsed: Entry = serde_json::from_str(r#"{"percent": 55, "evidence": "年报"}"#).unwrap();
        assert_eq!(parsed.evidence.as_deref(), Some("年报"));
        let plain: Entry = serde_json::from_str(r#"{"percent": 55}"#).unwrap();
        assert!(plain.notes.is_none(), "an object with a percent alone allocates no notes");
    }

    /// The browser build has no TOML parser; a TOML document is refused with a reason, not misread.
    #[cfg(not(feature = "toml"))]
    #[test]
    fn toml_is_refused_clearly_without_the_feature() {
        let e = Assessment::parse("framework = \"gbt19580-2012\"\n[items]\n", Format::Toml).unwrap_err();
        assert_eq!(e.code(), "syntax");
        assert!(e.to_string().contains("JSON only"), "{e}");
        // JSON still works, built-ins included.
        let a = Assessment::parse(r#"{"framework": "gbt19580-2012", "items": {"4.4.3": 35}}"#, Format::Json).unwrap();
        let catalog = Catalog::builtin().unwrap();
        assert_eq!(catalog.check(&a, Completeness::Partial).unwrap().score().total.to_string(), "5.25");
    }

    #[test]
    fn suggestion_is_the_mean_rounded_to_the_grid_ties_down() {
        let catalog = Catalog::builtin().unwrap();
        let fw = catalog.get("gbt19580-2012").unwrap();
        let s = |v: &[(&str, i64)]| suggest(fw, Kind::Process, "4.1.2", &dims(v)).unwrap();
        assert_eq!(s(&[("A", 50), ("D", 60), ("L", 40), ("I", 50)]), 50);
        assert_eq!(s(&[("A", 50), ("D", 45)]), 45); // 47.5: a tie, rounds down
        assert_eq!(s(&[("A", 50), ("D", 50), ("L", 45)]), 50); // 48.33 -> 50
        assert_eq!(s(&[("A", 0), ("D", 5)]), 0); // 2.5 -> 0
        assert_eq!(s(&[("A", 100)]), 100);
        assert_eq!(s(&[]), 0);
    }

    #[test]
    fn format_is_detected_from_name_then_content() {
        assert_eq!(Format::detect("a.TOML", "{"), Format::Toml);
        assert_eq!(Format::detect("a.json", "x = 1"), Format::Json);
        assert_eq!(Format::detect("-", "  {\"a\": 1}"), Format::Json);
        assert_eq!(Format::detect("a.txt", "framework = \"x\""), Format::Toml);
    }

    #[test]
    fn whole_floats_are_accepted_as_spreadsheets_write_them() {
        let a = Assessment::parse(r#"{"framework": "x", "items": {"4.1.2": 55.0}}"#, Format::Json).unwrap();
        assert_eq!(a.items.0[0].1.percent, Some(55));
    }

    /// An item's results table has a column per period its measures name: 100 measures sharing
    /// 50 periods pass; measures that each stay within 50 but together name 51 are refused, naming
    /// the measure that brought the 51st (a 1 MB file of such measures made a 400 MB Word document).
    #[test]
    fn an_items_measures_name_at_most_50_periods_in_all() {
        let catalog = Catalog::builtin().unwrap();
        let fw = catalog.get("gbt19580-2012").unwrap();
        let measure = |name: &str, periods: &mut dyn Iterator<Item = String>| Measure {
            name: name.into(),
            unit: "%".into(),
            better: Better::Higher,
            values: periods.map(|period| Observation { period, value: 1.0 }).collect(),
            comparison: None,
        };
        let with = |measures: Vec<Measure>| {
            let mut a = Assessment::from_percents(fw, &vec![Some(50); fw.item_count()]);
            let entry = &mut a.items.0.iter_mut().find(|(id, _)| id == "4.7.2").unwrap().1;
            entry.measures = measures;
            catalog.check(&a, Completeness::Full).map(|c| c.percents.len())
        };
        let shared: Vec<Measure> =
            (0..100).map(|m| measure(&format!("m{m}"), &mut (0..50).map(|y| format!("{}", 1980 + y)))).collect();
        assert_eq!(with(shared), Ok(23));
        let apart = vec![
            measure("first", &mut (0..50).map(|y| format!("{}", 1980 + y))),
            measure("second", &mut (0..49).map(|y| format!("{}", 1981 + y))),
            measure("third", &mut ["2030".to_string(), "1980".to_string()].into_iter()),
        ];
        let e = with(apart).unwrap_err();
        assert_eq!((e.code(), e.item()), ("measure", Some("4.7.2")));
        assert!(e.to_string().contains("measure third: the item's measures name more than 50 periods in all"), "{e}");
    }

    #[test]
    fn text_fields_are_bounded() {
        let catalog = Catalog::builtin().unwrap();
        let long = "长".repeat(crate::limits::MAX_TEXT_CHARS + 1);
        let text = format!(
            r#"{{"framework": "gbt19580-2012", "items": {{"4.1.2": {{"percent": 50, "evidence": "{long}"}}}}}}"#
        );
        let a = Assessment::parse(&text, Format::Json).unwrap();
        let e = catalog.check(&a, Completeness::Partial).unwrap_err();
        assert_eq!((e.code(), e.item()), ("too-long", Some("4.1.2")));
        assert!(e.to_string().contains("evidence of item 4.1.2: 20001 is over the limit of 20000"), "{e}");
        let text = format!(r#"{{"framework": "gbt19580-2012", "organisation": {{"name": "{long}"}}, "items": {{}}}}"#);
        let a = Assessment::parse(&text, Format::Json).unwrap();
        assert_eq!(catalog.check(&a, Completeness::Partial).unwrap_err().code(), "too-long");
        let notes: Vec<String> = (0..=crate::limits::MAX_NOTES).map(|i| format!("\"n{i}\"")).collect();
        let text = format!(
            r#"{{"framework": "gbt19580-2012", "items": {{"4.1.2": {{"percent": 50, "ofis": [{}]}}}}}}"#,
            notes.join(",")
        );
        let a = Assessment::parse(&text, Format::Json).unwrap();
        assert!(catalog.check(&a, Completeness::Partial).unwrap_err().to_string().contains("ofis count"));
    }

    #[test]
    fn too_many_items_stop_parsing_early() {
        let items: Vec<String> = (0..=MAX_ITEMS).map(|i| format!("\"x{i}\": 0")).collect();
        let text = format!("{{\"framework\": \"x\", \"items\": {{{}}}}}", items.join(","));
        let e = Assessment::parse(&text, Format::Json).unwrap_err();
        assert!(e.to_string().contains("more than 1000 items"), "{e}");
    }
}
