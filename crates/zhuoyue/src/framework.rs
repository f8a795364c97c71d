//! Frameworks as data: categories, items, points, dimensions and bands, loaded from a TOML file and
//! validated before use. The built-in files are embedded by `catalog`; a user's own file (a regional
//! variant, say) goes through exactly the same `Framework::from_toml`.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::{Error, Points};

/// A name in both languages the criteria are published in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

/// Process items are judged on approach, deployment, learning, integration; results items on
/// levels, trends, comparisons, integration. EFQM's "enablers" are process items here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Process,
    Results,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    pub source: String,
    pub confidence: String,
    #[serde(default)]
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct KindNames {
    pub process: Text,
    pub results: Text,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Dimension {
    pub id: String,
    pub kind: Kind,
    pub name: Text,
}

/// An item scoring band in percent, e.g. 50-65%, with what it means for each kind of item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub min: u8,
    pub max: u8,
    pub process: Text,
    pub results: Text,
}

impl Band {
    pub fn label(&self) -> String {
        format!("{}-{}%", self.min, self.max)
    }
    pub fn descriptor(&self, kind: Kind) -> &Text {
        match kind {
            Kind::Process => &self.process,
            Kind::Results => &self.results,
        }
    }
}

/// A band of the overall total, in whole points (e.g. band 5 = 446-575).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct OverallBand {
    pub band: u8,
    pub min: u32,
    pub max: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct OverallBands {
    pub note: Text,
    pub bands: Vec<OverallBand>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub id: String,
    pub name: Text,
    pub points: u32,
    pub kind: Kind,
    /// Set where this item's points are less certain than the framework's overall confidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<String>,
    /// What the item asks, as short prompts in both languages (from the framework's content file,
    /// or written inline in a user's framework).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guidance: Option<Guidance>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guidance_source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guidance_confidence: Option<String>,
}

/// Prompts in both languages, index-aligned: `zh[i]` and `en[i]` say the same thing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Guidance {
    pub zh: Vec<String>,
    pub en: Vec<String>,
}

/// A section of the organisational profile (组织概述) the framework asks an applicant to write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct ProfileSection {
    pub id: String,
    pub name: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guidance: Option<Guidance>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub id: String,
    pub name: Text,
    pub points: u32,
    pub items: Vec<Item>,
}

/// The file as written; `Framework` is what it becomes once every rule holds.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FrameworkFile {
    id: String,
    version: String,
    standard: String,
    edition: String,
    name: Text,
    max_points: u32,
    percent_step: u8,
    provenance: Provenance,
    kinds: KindNames,
    #[serde(default)]
    dimensions: Vec<Dimension>,
    bands: Vec<Band>,
    #[serde(default)]
    overall_bands: Option<OverallBands>,
    /// The profile's sections, in the order an application writes them.
    #[serde(default)]
    profile_sections: Vec<ProfileSection>,
    categories: Vec<Category>,
}

/// A validated framework. Items are also kept flat, in framework order, for the scoring hot path.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Framework {
    pub id: String,
    pub version: String,
    pub standard: String,
    pub edition: String,
    pub name: Text,
    pub max_points: u32,
    pub percent_step: u8,
    pub provenance: Provenance,
    pub kinds: KindNames,
    pub dimensions: Vec<Dimension>,
    pub bands: Vec<Band>,
    pub overall_bands: Option<OverallBands>,
    pub profile_sections: Vec<ProfileSection>,
    pub categories: Vec<Category>,
    #[serde(skip)]
    slots: Vec<Slot>,
    /// Every category's items are of one kind (process or results), so a category's sum goes
    /// whole to one subtotal.
    #[serde(skip)]
    one_kind_per_category: bool,
    #[serde(skip)]
    ids: Vec<String>,
    #[serde(skip)]
    index: HashMap<String, usize>,
    /// The one table of the grid (the multiples of `percent_step`), by cell index: the whole
    /// percent 0..=100 where it is on the grid, and `OFF_GRID` off the grid; entry 101 is
    /// `OFF_GRID` too (the batch kernel's index for any cell outside 0..=100 or not whole).
    #[serde(skip)]
    cells: [i64; 102],
}

/// The percent of a bad cell in the batch kernel: times any item's points (at least 1), it is
/// far above any category's sum of valid scores (at most `MAX_FRAMEWORK_POINTS` x 100 hundredths,
/// below 2^24), and however many items add it (their points sum to at most
/// `MAX_FRAMEWORK_POINTS`, so below 2^49 in all) far below overflow: a sum at or above it holds a
/// bad cell.
pub(crate) const OFF_GRID: i64 = 1 << 32;

/// What scoring needs of an item, by position in framework order.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Slot {
    pub category: usize,
    pub points: i64,
    /// All ones for a results item, zero for a process item: `score & results` is the score a
    /// results item adds to the results total, with no branch.
    pub results: i64,
    pub kind: Kind,
    /// The last item of its category (categories' items are contiguous in framework order).
    pub last: bool,
}

impl Framework {
    /// Parses and validates a framework file. Errors name the entry and the rule; the caller adds
    /// the file name.
    #[cfg(feature = "toml")]
    pub fn from_toml(text: &str) -> Result<Framework, Error> {
        Framework::validate(crate::text::from_text(text, crate::Format::Toml)?)
    }

    pub(crate) fn validate(file: FrameworkFile) -> Result<Framework, Error> {
        let fail =
            |entry: &str, rule: String| Error::Criteria { framework: file.id.clone(), entry: entry.to_string(), rule };
        if !well_formed(&file.id, |c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-._".contains(c)) {
            return Err(fail("id", "must be 1-64 characters of a-z, 0-9, '-', '.', '_'".into()));
        }
        if file.version.trim().is_empty() {
            return Err(fail("version", "must not be empty".into()));
        }
        check_text(&file.name, "name").map_err(|rule| fail("name", rule))?;
        if file.max_points == 0 || file.max_points > crate::limits::MAX_FRAMEWORK_POINTS {
            return Err(fail(
                "max_points",
                format!(
                    "{} must be 1..={} (rule: framework size)",
                    file.max_points,
                    crate::limits::MAX_FRAMEWORK_POINTS
                ),
            ));
        }
        let items: usize = file.categories.iter().map(|c| c.items.len()).sum();
        if items > crate::limits::MAX_FRAMEWORK_ITEMS {
            return Err(fail(
                "categories",
                format!("{items} items; the limit is {} (rule: framework size)", crate::limits::MAX_FRAMEWORK_ITEMS),
            ));
        }
        let step = file.percent_step;
        if step == 0 || step > 100 || 100 % step != 0 {
            return Err(fail("percent_step", format!("{step} must divide 100")));
        }
        validate_bands(&file.bands, step).map_err(|(entry, rule)| fail(&entry, rule))?;

        let mut dimension_ids = HashSet::new();
        for d in &file.dimensions {
            let entry = format!("dimension {}", d.id);
            if !well_formed(&d.id, |c| c.is_ascii_alphanumeric()) {
                return Err(fail(&entry, "id must be 1-64 letters or digits".into()));
            }
            if !dimension_ids.insert((d.kind, d.id.as_str())) {
                return Err(fail(&entry, format!("appears twice for {:?} items", d.kind)));
            }
            check_text(&d.name, "name").map_err(|rule| fail(&entry, rule))?;
        }

        let mut section_ids = HashSet::new();
        for section in &file.profile_sections {
            let entry = format!("profile section {}", section.id);
            if !well_formed(&section.id, |c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                || section.id == "key_factors"
            {
                return Err(fail(&entry, "id must be 1-64 characters of a-z, 0-9 and '_', not `key_factors`".into()));
            }
            if !section_ids.insert(section.id.as_str()) {
                return Err(fail(&entry, "id is not unique".into()));
            }
            check_text(&section.name, "name").map_err(|rule| fail(&entry, rule))?;
            if let Some(g) = &section.guidance {
                check_guidance(g).map_err(|rule| fail(&entry, rule))?;
            }
        }

        if file.categories.is_empty() {
            return Err(fail("categories", "a framework needs at least one category".into()));
        }
        let mut ids = HashSet::new();
        let mut slots = Vec::new();
        let mut index = HashMap::new();
        let mut ids_in_order = Vec::new();
        let mut total = 0u64;
        for (c, category) in file.categories.iter().enumerate() {
            let entry = format!("category {}", category.id);
            if !well_formed(&category.id, |c| c.is_ascii_alphanumeric() || c == '.') {
                return Err(fail(&entry, "id must be 1-64 characters of letters, digits and '.'".into()));
            }
            if !ids.insert(category.id.as_str()) {
                return Err(fail(&entry, "id is not unique".into()));
            }
            check_text(&category.name, "name").map_err(|rule| fail(&entry, rule))?;
            if category.items.is_empty() {
                return Err(fail(&entry, "has no items".into()));
            }
            let mut sum = 0u64;
            for (k, item) in category.items.iter().enumerate() {
                let entry = format!("item {}", item.id);
                let prefix = format!("{}.", category.id);
                if !well_formed(&item.id, |c| c.is_ascii_alphanumeric() || c == '.')
                    || !item.id.starts_with(&prefix)
                    || item.id.len() == prefix.len()
                {
                    return Err(fail(&entry, format!("id must be `{prefix}` followed by letters, digits and '.'")));
                }
                if !ids.insert(item.id.as_str()) {
                    return Err(fail(&entry, "id is not unique".into()));
                }
                check_text(&item.name, "name").map_err(|rule| fail(&entry, rule))?;
                if item.points == 0 {
                    return Err(fail(&entry, "points must be greater than 0".into()));
                }
                check_item_guidance(item).map_err(|rule| fail(&entry, rule))?;
                sum += u64::from(item.points);
                index.insert(item.id.clone(), slots.len());
                ids_in_order.push(item.id.clone());
                slots.push(Slot {
                    category: c,
                    points: i64::from(item.points),
                    results: -i64::from(item.kind == Kind::Results),
                    kind: item.kind,
                    last: k + 1 == category.items.len(),
                });
            }
            if sum != u64::from(category.points) {
                return Err(fail(
                    &entry,
                    format!(
                        "item points sum to {sum}, but the category declares {} (rule: items sum to their category)",
                        category.points
                    ),
                ));
            }
            total += sum;
        }
        if total != u64::from(file.max_points) {
            return Err(fail(
                "max_points",
                format!(
                    "categories sum to {total}, but max_points is {} (rule: categories sum to the total)",
                    file.max_points
                ),
            ));
        }
        // After the points check: a wrong total is the root cause, not the bands that follow it.
        if let Some(overall) = &file.overall_bands {
            validate_overall_bands(&overall.bands, file.max_points).map_err(|(entry, rule)| fail(&entry, rule))?;
        }

        let one_kind_per_category = slots.iter().zip(slots.iter().skip(1)).all(|(a, b)| a.last || a.kind == b.kind);
        Ok(Framework {
            id: file.id,
            version: file.version,
            standard: file.standard,
            edition: file.edition,
            name: file.name,
            max_points: file.max_points,
            percent_step: step,
            provenance: file.provenance,
            kinds: file.kinds,
            dimensions: file.dimensions,
            bands: file.bands,
            overall_bands: file.overall_bands,
            profile_sections: file.profile_sections,
            categories: file.categories,
            slots,
            one_kind_per_category,
            ids: ids_in_order,
            index,
            cells: std::array::from_fn(|p| match i64::try_from(p) {
                Ok(p) if p <= 100 && p % i64::from(step) == 0 => p,
                _ => OFF_GRID,
            }),
        })
    }

    /// All items in framework order.
    pub fn items(&self) -> impl Iterator<Item = &Item> + '_ {
        self.categories.iter().flat_map(|c| c.items.iter())
    }

    pub fn item_count(&self) -> usize {
        self.slots.len()
    }

    /// Position of an item id in framework order.
    pub fn position(&self, item_id: &str) -> Option<usize> {
        self.index.get(item_id).copied()
    }

    /// The id of the item at a position in framework order.
    pub fn item_id(&self, position: usize) -> Option<&str> {
        self.ids.get(position).map(String::as_str)
    }

    /// By cell index, the percent a cell scores (`OFF_GRID` where it is bad): the one table of the
    /// grid, read by a check (no division per test) and by the batch kernel; see `cells`.
    pub(crate) fn grid_cells(&self) -> &[i64; 102] {
        &self.cells
    }

    pub(crate) fn slots(&self) -> &[Slot] {
        &self.slots
    }

    /// Whether every category's items are of one kind (see the field).
    pub(crate) fn one_kind_per_category(&self) -> bool {
        self.one_kind_per_category
    }

    pub fn max(&self) -> Points {
        Points::whole(self.max_points)
    }

    /// Maximum points of all items of one kind (600 process / 400 results for GB/T 19580).
    pub fn kind_max(&self, kind: Kind) -> Points {
        self.slots.iter().filter(|s| s.kind == kind).map(|s| Points(s.points * 100)).sum()
    }

    pub fn dimensions_of(&self, kind: Kind) -> impl Iterator<Item = &Dimension> + '_ {
        self.dimensions.iter().filter(move |d| d.kind == kind)
    }

    /// Index of the scoring band a percent on the grid falls in.
    pub fn band_of(&self, percent: u8) -> usize {
        // Bands are validated to be contiguous from 0, so the last one starting at or below wins.
        self.bands.iter().rposition(|b| b.min <= percent).unwrap_or(0)
    }

    /// The overall band a total falls in: the highest band whose lower bound it reaches.
    pub fn overall_band(&self, total: Points) -> Option<&OverallBand> {
        let bands = &self.overall_bands.as_ref()?.bands;
        bands.iter().rev().find(|b| Points::whole(b.min) <= total).or(bands.first())
    }
}

/// Prompts per item or section, and the longest prompt, in characters.
pub const GUIDANCE_PROMPTS: std::ops::RangeInclusive<usize> = 3..=8;
pub const MAX_PROMPT_CHARS: usize = 400;

fn check_guidance(g: &Guidance) -> Result<(), String> {
    let rule = format!(
        "(rule: guidance is {}-{} prompts in zh and en, index-aligned, each 1-{MAX_PROMPT_CHARS} characters)",
        GUIDANCE_PROMPTS.start(),
        GUIDANCE_PROMPTS.end()
    );
    if g.zh.len() != g.en.len() {
        return Err(format!("guidance has {} zh and {} en prompts {rule}", g.zh.len(), g.en.len()));
    }
    if !GUIDANCE_PROMPTS.contains(&g.zh.len()) {
        return Err(format!("guidance has {} prompts {rule}", g.zh.len()));
    }
    for (i, p) in g.zh.iter().chain(&g.en).enumerate() {
        let n = p.chars().count();
        if p.trim().is_empty() || n > MAX_PROMPT_CHARS || p.chars().any(char::is_control) {
            return Err(format!(
                "guidance prompt {} is empty, has control characters or is {n} characters {rule}",
                i % g.zh.len() + 1
            ));
        }
    }
    Ok(())
}

fn check_item_guidance(item: &Item) -> Result<(), String> {
    match &item.guidance {
        None if item.guidance_source.is_some() || item.guidance_confidence.is_some() => {
            Err("guidance_source and guidance_confidence need guidance".into())
        }
        None => Ok(()),
        Some(g) => {
            check_guidance(g)?;
            let given = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.trim().is_empty());
            if !given(&item.guidance_source) || !given(&item.guidance_confidence) {
                return Err("guidance needs guidance_source and guidance_confidence (rule: provenance)".into());
            }
            Ok(())
        }
    }
}

/// A framework's content file: the guidance per item and per profile section, kept apart from the
/// framework so the browser loads it only when a page asks for it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContentFile {
    pub framework: String,
    pub version: String,
    pub provenance: Provenance,
    #[serde(default)]
    pub profile: Vec<ContentEntry>,
    pub items: Vec<ContentEntry>,
}

/// One item's or profile section's prompts. Items need `source` and `confidence` (checked when
/// added); sections take the file's provenance. One type for both keeps the .wasm smaller.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContentEntry {
    pub id: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub confidence: String,
    pub zh: Vec<String>,
    pub en: Vec<String>,
}

impl ContentFile {
    /// Parses a content file (TOML); its rules are checked when it is added to its framework.
    #[cfg(feature = "toml")]
    pub fn from_toml(text: &str) -> Result<ContentFile, Error> {
        crate::text::from_text(text, crate::Format::Toml)
    }

    /// Parses a content file's JSON form (what the browser fetches; unknown fields are refused).
    pub fn from_json(text: &str) -> Result<ContentFile, Error> {
        crate::text::from_trusted_json(text, "content file")
    }
}

impl Framework {
    /// Adds a content file's guidance to this framework, checking every rule first: on any error
    /// the framework is left as it was.
    pub fn add_content(&mut self, content: ContentFile) -> Result<(), Error> {
        let fail = |entry: String, rule: String| Error::Criteria { framework: content.framework.clone(), entry, rule };
        if content.framework != self.id {
            return Err(fail("framework".into(), format!("names `{}`, not `{}`", content.framework, self.id)));
        }
        let mut seen = HashSet::new();
        for item in &content.items {
            let entry = format!("guidance for item {}", item.id);
            if self.position(&item.id).is_none() {
                return Err(fail(entry, format!("no such item in framework `{}`", self.id)));
            }
            if !seen.insert(item.id.as_str()) {
                return Err(fail(entry, "listed twice".into()));
            }
            check_guidance(&Guidance { zh: item.zh.clone(), en: item.en.clone() })
                .map_err(|r| fail(entry.clone(), r))?;
            if item.source.trim().is_empty() || item.confidence.trim().is_empty() {
                return Err(fail(entry, "needs source and confidence (rule: provenance)".into()));
            }
        }
        let mut seen = HashSet::new();
        for section in &content.profile {
            let entry = format!("guidance for profile section {}", section.id);
            if !self.profile_sections.iter().any(|s| s.id == section.id) {
                return Err(fail(entry, "no such profile section in the framework".into()));
            }
            if !seen.insert(section.id.as_str()) {
                return Err(fail(entry, "listed twice".into()));
            }
            check_guidance(&Guidance { zh: section.zh.clone(), en: section.en.clone() })
                .map_err(|r| fail(entry.clone(), r))?;
        }
        for c in content.items {
            if let Some(item) = self.categories.iter_mut().flat_map(|cat| cat.items.iter_mut()).find(|i| i.id == c.id) {
                item.guidance = Some(Guidance { zh: c.zh, en: c.en });
                item.guidance_source = Some(c.source);
                item.guidance_confidence = Some(c.confidence);
            }
        }
        for s in content.profile {
            if let Some(section) = self.profile_sections.iter_mut().find(|x| x.id == s.id) {
                section.guidance = Some(Guidance { zh: s.zh, en: s.en });
            }
        }
        Ok(())
    }
}

fn well_formed(id: &str, allowed: impl Fn(char) -> bool) -> bool {
    !id.is_empty() && id.len() <= 64 && id.chars().all(allowed)
}

fn check_text(text: &Text, what: &str) -> Result<(), String> {
    if text.zh.trim().is_empty() || text.en.trim().is_empty() {
        return Err(format!("{what} needs both zh and en text"));
    }
    Ok(())
}

fn validate_bands(bands: &[Band], step: u8) -> Result<(), (String, String)> {
    let rule = "(rule: bands cover 0..=100 on the percent grid without gap or overlap)";
    let Some(first) = bands.first() else {
        return Err(("bands".into(), format!("none given {rule}")));
    };
    if first.min != 0 {
        return Err((format!("band {}", first.label()), format!("the first band must start at 0 {rule}")));
    }
    let mut previous: Option<&Band> = None;
    for band in bands {
        let entry = format!("band {}", band.label());
        if band.min > band.max || band.max > 100 || band.min % step != 0 || band.max % step != 0 {
            return Err((entry, format!("bounds must be multiples of {step} with min <= max <= 100 {rule}")));
        }
        if let Some(p) = previous {
            if u16::from(band.min) != u16::from(p.max) + u16::from(step) {
                return Err((entry, format!("must start at {} {rule}", u16::from(p.max) + u16::from(step))));
            }
        }
        check_text(&band.process, "process descriptor").map_err(|r| (entry.clone(), r))?;
        check_text(&band.results, "results descriptor").map_err(|r| (entry.clone(), r))?;
        previous = Some(band);
    }
    if previous.map(|b| b.max) != Some(100) {
        return Err(("bands".into(), format!("the last band must end at 100 {rule}")));
    }
    Ok(())
}

fn validate_overall_bands(bands: &[OverallBand], max_points: u32) -> Result<(), (String, String)> {
    let rule = "(rule: overall bands cover 0..=max_points without gap or overlap)";
    if bands.is_empty() {
        return Err(("overall_bands".into(), format!("none given {rule}")));
    }
    let mut next_min = 0u32;
    for (i, band) in bands.iter().enumerate() {
        let entry = format!("overall band {}", band.band);
        if usize::from(band.band) != i + 1 {
            return Err((entry, format!("bands must be numbered 1, 2, 3 ... in order; expected {}", i + 1)));
        }
        if band.min != next_min || band.min > band.max {
            return Err((entry, format!("must start at {next_min} and end at or above it {rule}")));
        }
        next_min = band.max.saturating_add(1);
    }
    if next_min != max_points.saturating_add(1) {
        return Err(("overall_bands".into(), format!("the last band must end at {max_points} {rule}")));
    }
    Ok(())
}
