//! The assessment interchange format shared by every surface, and its checking against a framework.
//!
//! Parsing is syntax only (unknown fields, duplicate keys and wrong types are refused, each error
//! with its place in the document); `Checked::new` adds the semantics of one framework.

use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

use crate::framework::{Framework, Kind};
use crate::limits::{MAX_INPUT_BYTES, MAX_ITEMS};
use crate::Error;

/// The two text formats an assessment (or a criteria file) may be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Json,
    Toml,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Json => "JSON",
            Format::Toml => "TOML",
        })
    }
}

impl Format {
    /// The format of a named document: by extension, else JSON when the text opens with `{`.
    pub fn detect(name: &str, text: &str) -> Format {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".toml") {
            Format::Toml
        } else if lower.ends_with(".json") || text.trim_start().starts_with('{') {
            Format::Json
        } else {
            Format::Toml
        }
    }
}

/// One organisation's self-assessment against one framework.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    pub framework: String,
    /// Who scored it: the organisation itself, or an examiner (consensus attributes notes to them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessor: Option<String>,
    #[serde(default, skip_serializing_if = "Organisation::is_empty")]
    pub organisation: Organisation,
    pub items: Items,
}

/// Facts about the organisation. Award gates read them; a fact left out makes its gate `unknown`,
/// never a silent pass, so every fact is optional here.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Organisation {
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
    /// Years of quality work (individual awards).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality_work_years: Option<u32>,
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

/// An award the organisation already holds.
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

/// The programme's sector quotas (400 / 300 / 200 / 100 organisations) use these sectors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Sector {
    AdvancedManufacturing,
    Services,
    StrategicEmerging,
    PublicService,
    Other,
}

impl Sector {
    pub const ALL: [Sector; 5] = [
        Sector::AdvancedManufacturing,
        Sector::Services,
        Sector::StrategicEmerging,
        Sector::PublicService,
        Sector::Other,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Sector::AdvancedManufacturing => "advanced-manufacturing",
            Sector::Services => "services",
            Sector::StrategicEmerging => "strategic-emerging",
            Sector::PublicService => "public-service",
            Sector::Other => "other",
        }
    }
}

/// Item entries in the order written. A `Vec`, not a map: order is kept for round-trips, and a
/// duplicate key is refused while parsing rather than silently overwritten.
#[derive(Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "Record<string, Entry>"))]
pub struct Items(pub Vec<(String, Entry)>);

/// One item's rating: a bare percent in the file, or an object with notes.
#[derive(Debug, Clone, Default, PartialEq)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(type = "number | null | { percent?: number, dimensions?: Record<string, number>, strengths?: string[], \
               ofis?: string[], evidence?: string }")
)]
pub struct Entry {
    /// `None` means not rated yet (`null`, as in a fresh template).
    pub percent: Option<i64>,
    /// Dimension ratings (A/D/L/I or Le/T/C/I) in the order written.
    pub dimensions: Vec<(String, i64)>,
    pub strengths: Vec<String>,
    pub ofis: Vec<String>,
    pub evidence: Option<String>,
}

impl Entry {
    pub fn percent(percent: i64) -> Entry {
        Entry { percent: Some(percent), ..Entry::default() }
    }

    fn is_bare(&self) -> bool {
        self.dimensions.is_empty() && self.strengths.is_empty() && self.ofis.is_empty() && self.evidence.is_none()
    }
}

impl Assessment {
    /// An assessment of `framework` from percents in framework order (`None` leaves an item out).
    pub fn from_percents(framework: &Framework, percents: &[Option<u8>]) -> Assessment {
        Assessment {
            framework: framework.id.clone(),
            assessor: None,
            organisation: Organisation::default(),
            items: Items(
                framework
                    .items()
                    .zip(percents)
                    .filter_map(|(i, p)| p.map(|p| (i.id.clone(), Entry::percent(i64::from(p)))))
                    .collect(),
            ),
        }
    }

    /// Parses an assessment written in JSON or TOML (same shape in both).
    pub fn parse(text: &str, format: Format) -> Result<Assessment, Error> {
        from_text(text, format)
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

/// Deserialises JSON or TOML text with the path of any error kept (`items.4.1.2.percent`).
pub(crate) fn from_text<T: DeserializeOwned>(text: &str, format: Format) -> Result<T, Error> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(Error::TooLarge { size: text.len(), limit: MAX_INPUT_BYTES });
    }
    let syntax = |path: Option<&serde_path_to_error::Path>, message: String, at: Option<(usize, usize)>| {
        let segments: Vec<String> = path
            .map(|p| {
                p.iter()
                    .filter_map(|s| match s {
                        serde_path_to_error::Segment::Map { key } => Some(key.clone()),
                        serde_path_to_error::Segment::Seq { index } => Some(index.to_string()),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        let item = match segments.as_slice() {
            [items, id, ..] if items == "items" => Some(id.clone()),
            _ => None,
        };
        Error::Syntax {
            format,
            path: segments.join("."),
            item,
            message,
            line: at.map(|a| a.0),
            column: at.map(|a| a.1),
        }
    };
    if text.trim().is_empty() {
        return Err(syntax(None, "the input is empty".into(), None));
    }
    match format {
        Format::Json => {
            // A derived struct also accepts a JSON array, with baffling messages; say what is wanted.
            if !text.trim_start().starts_with('{') {
                return Err(syntax(None, "expected a JSON object `{ ... }` at the top level".into(), Some((1, 1))));
            }
            // One pass that tracks where it is, so an error names its place (`items.4.1.2.percent`).
            // A plain pass with a tracked retry on failure measured no quicker (`parse_and_score_json`
            // bench) and carried every deserializer twice: 7 KB gzipped of the browser's .wasm.
            let mut de = serde_json::Deserializer::from_str(text);
            let value = serde_path_to_error::deserialize::<_, T>(&mut de).map_err(|e| {
                let at = (e.inner().line(), e.inner().column());
                syntax(Some(e.path()), strip_position(&e.inner().to_string()), Some(at))
            })?;
            de.end().map_err(|e| syntax(None, strip_position(&e.to_string()), Some((e.line(), e.column()))))?;
            Ok(value)
        }
        #[cfg(feature = "toml")]
        Format::Toml => {
            let position = |e: &toml::de::Error| e.span().map(|s| line_column(text, s.start));
            let de =
                toml::Deserializer::parse(text).map_err(|e| syntax(None, e.message().to_string(), position(&e)))?;
            serde_path_to_error::deserialize::<_, T>(de)
                .map_err(|e| syntax(Some(e.path()), e.inner().message().to_string(), position(e.inner())))
        }
        #[cfg(not(feature = "toml"))]
        Format::Toml => Err(syntax(None, "this build reads JSON only (built without the `toml` feature)".into(), None)),
    }
}

/// serde_json appends " at line L column C"; the error keeps those as fields instead.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

#[cfg(feature = "toml")]
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text.as_bytes()[..offset.min(text.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
    (line, column)
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

/// A map read in order that refuses duplicate keys and stops at a size limit.
pub(crate) struct OrderedMap<V> {
    what: &'static str,
    limit: usize,
    _value: std::marker::PhantomData<V>,
}

impl<V> OrderedMap<V> {
    pub(crate) fn new(what: &'static str, limit: usize) -> Self {
        OrderedMap { what, limit, _value: std::marker::PhantomData }
    }
}

impl<'de, V: Deserialize<'de>> Visitor<'de> for OrderedMap<V> {
    type Value = Vec<(String, V)>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a map of {} ids", self.what)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.len() == self.limit {
                return Err(de::Error::custom(format_args!(
                    "more than {} {}s (rule: {} count limit)",
                    self.limit, self.what, self.what
                )));
            }
            if !seen.insert(key.clone()) {
                return Err(de::Error::custom(format_args!(
                    "duplicate {} `{key}` (rule: each {} appears once)",
                    self.what, self.what
                )));
            }
            let value = map.next_value()?;
            out.push((key, value));
        }
        Ok(out)
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
        map.end()
    }
}

struct Dimensions<'a>(&'a [(String, i64)]);

impl Serialize for Dimensions<'_> {
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
                Ok(Entry {
                    percent: o.percent.0,
                    // A dimension left `null` is simply not rated.
                    dimensions: o.dimensions.0.into_iter().filter_map(|(id, r)| r.0.map(|v| (id, v))).collect(),
                    strengths: o.strengths,
                    ofis: o.ofis,
                    evidence: o.evidence,
                })
            }
        }
        d.deserialize_any(EntryVisitor)
    }
}

impl From<Rating> for Entry {
    fn from(r: Rating) -> Entry {
        Entry { percent: r.0, ..Entry::default() }
    }
}

// ---- semantics against one framework ----

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

/// An assessment that holds against its framework: percents in framework order, on the grid.
#[derive(Debug, Clone)]
pub struct Checked<'f> {
    pub framework: &'f Framework,
    /// One slot per framework item, in framework order; `None` where not rated (partial only).
    pub percents: Vec<Option<u8>>,
    pub warnings: Vec<Warning>,
}

impl<'f> Checked<'f> {
    /// Checks an assessment's items against `framework` (the caller matched the framework id).
    pub fn new(
        framework: &'f Framework,
        assessment: &Assessment,
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
        Ok(Checked { framework, percents, warnings })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Catalog;

    fn dims(values: &[(&str, i64)]) -> Vec<(String, i64)> {
        values.iter().map(|(d, v)| (d.to_string(), *v)).collect()
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
