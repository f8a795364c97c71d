//! The crate's one error type. Every variant names what the user did wrong: the item, the entry,
//! the rule and the allowed range. Surfaces add the file name; `code()` gives bindings a stable tag.

use crate::text::Format;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("input is {size} bytes; the limit is {limit} bytes (rule: input size)")]
    TooLarge { size: usize, limit: usize },

    #[error("{format} {}: {message}", location(*.line, *.column, path))]
    Syntax {
        format: Format,
        /// Where in the document, e.g. `items.4.1.2.percent` (empty at the top level).
        path: String,
        /// The item the error is inside of, when there is one.
        item: Option<String>,
        message: String,
        line: Option<usize>,
        column: Option<usize>,
    },

    #[error("criteria `{framework}`, {entry}: {rule}")]
    Criteria { framework: String, entry: String, rule: String },

    #[error("award profile `{award}`, {entry}: {rule}")]
    Award { award: String, entry: String, rule: String },

    #[error("programme, {entry}: {rule}")]
    Programme { entry: String, rule: String },

    #[error("consensus: {rule}")]
    Consensus { rule: String },

    #[error("calibration `{calibration}`, {entry}: {rule}")]
    Calibration { calibration: String, entry: String, rule: String },

    #[error("date `{value}` is not a calendar date written YYYY-MM-DD (rule: date format)")]
    Date { value: String },

    #[error("history: {rule}")]
    History { rule: String },

    #[error("training, {entry}: {rule}")]
    Training { entry: String, rule: String },

    #[error("scorebook, {entry}: {rule}")]
    Scorebook { entry: String, rule: String },

    #[error("spreadsheet, {entry}: {rule}")]
    Sheet { entry: String, rule: String },

    #[error("crosswalk `{crosswalk}`, {entry}: {rule}")]
    Crosswalk { crosswalk: String, entry: String, rule: String },

    #[error("no crosswalk from `{from}` to `{to}` (known: {})", known.join(", "))]
    NoCrosswalk { from: String, to: String, known: Vec<String> },

    #[error("unknown award `{id}` (known: {})", known.join(", "))]
    UnknownAward { id: String, known: Vec<String> },

    #[error("award `{award}` is for {expected} applicants, but this file is {found} (rule: an award profile names its applicant; a nomination file says kind = \"individual\")", expected = if *expected == "individual" { "individual" } else { "organisation" }, found = if *found == "individual" { "an individual nomination (kind = \"individual\")" } else { "an organisation's assessment" })]
    ApplicantKind { award: String, expected: &'static str, found: &'static str },

    #[error("{entry}: {rule}")]
    Applicant { entry: String, rule: String },

    #[error("award `{award}` applies to {}, not to framework `{framework}` (rule: an award profile names its frameworks)", allowed.join(", "))]
    AwardFramework { award: String, framework: String, allowed: Vec<String> },

    #[error("target {target} is outside 0..={max}, the framework's range (rule: target range)")]
    TargetOutOfRange { target: String, max: String },

    #[error("effort{}: {rule}", item.as_ref().map(|i| format!(" for item {i}")).unwrap_or_default())]
    Effort { item: Option<String>, rule: String },

    #[error(
        "maximum raise {value} must be a positive multiple of the {step}% step, at most 100 (rule: raise per cycle)"
    )]
    MaxRaise { value: i64, step: u8 },

    #[error("row {row}: {source}")]
    Batch { row: usize, source: Box<Error> },

    #[error("batch of {values} values is not {rows} rows x {columns} items (rule: batch shape)")]
    BatchShape { values: usize, rows: usize, columns: usize },

    #[error("framework `{id}` is already loaded; give a regional variant an id of its own")]
    DuplicateFramework { id: String },

    #[error("unknown framework `{id}` (known: {})", known.join(", "))]
    UnknownFramework { id: String, known: Vec<String> },

    #[error("item {item}: no such item in framework `{framework}` (rule: item ids come from the framework)")]
    UnknownItem { item: String, framework: String },

    #[error("item {item}: listed twice (rule: each item appears once)")]
    DuplicateItem { item: String },

    #[error("item {item}: {field} {value} is outside 0..=100 (rule: percent range)")]
    PercentOutOfRange { item: String, field: String, value: i64 },

    #[error("item {item}: {field} {value} is not on the {step}% grid; use {below} or {above} (rule: percent step)")]
    PercentOffGrid { item: String, field: String, value: i64, step: u8, below: i64, above: i64 },

    #[error("item {item}: dimension `{dimension}` does not apply to this item (allowed: {})", allowed.join(", "))]
    UnknownDimension { item: String, dimension: String, allowed: Vec<String> },

    #[error("{} of {total} items not rated: {} (rule: a full score needs every item; ask for a partial score to score the rest)", missing.len(), missing.join(", "))]
    MissingItems { missing: Vec<String>, total: usize },

    #[error("{field}{}: {size} is over the limit of {limit} (rule: text size)", item.as_ref().map(|i| format!(" of item {i}")).unwrap_or_default())]
    TooLong { item: Option<String>, field: String, size: usize, limit: usize },

    #[error("{count} items listed; the limit is {limit} (rule: item count)")]
    TooManyItems { count: usize, limit: usize },

    #[error("option `{option}`: `{value}` is not allowed (allowed: {allowed})")]
    Option { option: String, value: String, allowed: String },

    #[error("options: {rule}")]
    Options { rule: String },

    #[error("{count} {what}; the limit is {limit} (rule: {what} count)")]
    TooMany { what: String, count: usize, limit: usize },

    #[error("the roadmap needs {cells} table cells and about {work} steps; the budget is {max_cells} cells and {max_work} steps (rule: bounded work; the framework's item points share too small a unit, or the target is too far)")]
    PlanBudget { cells: u64, work: u64, max_cells: u64, max_work: u64 },

    #[error("organisation sector `{sector}` is not known (known: {}) (rule: sectors come from the programme data)", known.join(", "))]
    UnknownSector { sector: String, known: Vec<String> },

    #[error("profile section `{section}` is not one framework `{framework}` names (known: {}) (rule: profile sections come from the framework)", known.join(", "))]
    UnknownSection { section: String, framework: String, known: Vec<String> },

    #[error("key factor `{id}`: {rule}")]
    KeyFactor { id: String, rule: String },

    #[error("item {item}, measure {measure}: {rule}")]
    Measure { item: String, measure: String, rule: String },

    #[error("{source_name}: {source}")]
    In { source_name: String, source: Box<Error> },
}

fn location(line: Option<usize>, column: Option<usize>, path: &str) -> String {
    let mut out = String::from("error");
    if let (Some(line), Some(column)) = (line, column) {
        out.push_str(&format!(" at line {line} column {column}"));
    }
    if !path.is_empty() && path != "." {
        out.push_str(&format!(" in `{path}`"));
    }
    out
}

/// Every code `Error::code` can return, for the surfaces' mapping tables and their tests.
pub const CODES: &[&str] = &[
    "too-large",
    "syntax",
    "criteria",
    "duplicate-framework",
    "batch-shape",
    "award",
    "crosswalk",
    "consensus",
    "scorebook",
    "sheet",
    "calibration",
    "history",
    "training",
    "date",
    "programme",
    "no-crosswalk",
    "unknown-award",
    "award-framework",
    "applicant-kind",
    "applicant",
    "target-out-of-range",
    "effort",
    "max-raise",
    "unknown-framework",
    "unknown-item",
    "duplicate-item",
    "percent-out-of-range",
    "percent-off-grid",
    "unknown-dimension",
    "missing-items",
    "too-many-items",
    "too-long",
    "bad-option",
    "options",
    "too-many",
    "plan-budget",
    "unknown-sector",
    "unknown-section",
    "key-factor",
    "measure",
];

impl Error {
    /// Names the input an error is about (a file, an examiner, an organisation id), once.
    pub fn within(self, source_name: impl Into<String>) -> Error {
        Error::In { source_name: source_name.into(), source: Box::new(self) }
    }

    /// The error with line and column dropped, for input the user gave as data (a dict, a JS
    /// object) rather than text: the key path is what they can find.
    pub fn without_position(self) -> Error {
        match self {
            Error::Syntax { format, path, item, message, .. } => {
                Error::Syntax { format, path, item, message, line: None, column: None }
            }
            Error::In { source_name, source } => Error::In { source_name, source: Box::new(source.without_position()) },
            other => other,
        }
    }

    /// A stable, kebab-case tag for programs (Python exception classes, JS `error.code`, test vectors).
    pub fn code(&self) -> &'static str {
        match self {
            Error::TooLarge { .. } => "too-large",
            Error::Syntax { .. } => "syntax",
            Error::Criteria { .. } => "criteria",
            Error::DuplicateFramework { .. } => "duplicate-framework",
            Error::Batch { source, .. } => source.code(),
            Error::BatchShape { .. } => "batch-shape",
            Error::Award { .. } => "award",
            Error::Crosswalk { .. } => "crosswalk",
            Error::Consensus { .. } => "consensus",
            Error::Scorebook { .. } => "scorebook",
            Error::Calibration { .. } => "calibration",
            Error::History { .. } => "history",
            Error::Training { .. } => "training",
            Error::Date { .. } => "date",
            Error::Sheet { .. } => "sheet",
            Error::Programme { .. } => "programme",
            Error::NoCrosswalk { .. } => "no-crosswalk",
            Error::UnknownAward { .. } => "unknown-award",
            Error::AwardFramework { .. } => "award-framework",
            Error::ApplicantKind { .. } => "applicant-kind",
            Error::Applicant { .. } => "applicant",
            Error::TargetOutOfRange { .. } => "target-out-of-range",
            Error::Effort { .. } => "effort",
            Error::MaxRaise { .. } => "max-raise",
            Error::UnknownFramework { .. } => "unknown-framework",
            Error::UnknownItem { .. } => "unknown-item",
            Error::DuplicateItem { .. } => "duplicate-item",
            Error::PercentOutOfRange { .. } => "percent-out-of-range",
            Error::PercentOffGrid { .. } => "percent-off-grid",
            Error::UnknownDimension { .. } => "unknown-dimension",
            Error::MissingItems { .. } => "missing-items",
            Error::TooManyItems { .. } => "too-many-items",
            Error::TooLong { .. } => "too-long",
            Error::Option { .. } => "bad-option",
            Error::Options { .. } => "options",
            Error::TooMany { .. } => "too-many",
            Error::In { source, .. } => source.code(),
            Error::PlanBudget { .. } => "plan-budget",
            Error::UnknownSector { .. } => "unknown-sector",
            Error::UnknownSection { .. } => "unknown-section",
            Error::KeyFactor { .. } => "key-factor",
            Error::Measure { .. } => "measure",
        }
    }

    /// The fixed rule an error breaks, as a stable name (kebab-case), where the rule is fixed: the
    /// *what* beside `item()`'s *where*. Errors whose rule is data (a criteria or award file's own
    /// entry) or a free condition return `None` and say it in their message.
    pub fn rule(&self) -> Option<&'static str> {
        Some(match self {
            Error::TooLarge { .. } => "input-size",
            Error::Date { .. } => "date-format",
            Error::AwardFramework { .. } => "award-names-its-frameworks",
            Error::ApplicantKind { .. } => "award-names-its-applicant",
            Error::TargetOutOfRange { .. } => "target-range",
            Error::MaxRaise { .. } => "raise-per-cycle",
            Error::BatchShape { .. } => "batch-shape",
            Error::UnknownItem { .. } => "item-ids-from-framework",
            Error::DuplicateItem { .. } => "each-item-once",
            Error::PercentOutOfRange { .. } => "percent-range",
            Error::PercentOffGrid { .. } => "percent-step",
            Error::MissingItems { .. } => "full-score-needs-every-item",
            Error::TooLong { .. } => "text-size",
            Error::TooManyItems { .. } => "item-count",
            Error::TooMany { .. } => "count-limit",
            Error::PlanBudget { .. } => "bounded-work",
            Error::UnknownSector { .. } => "sectors-from-programme-data",
            Error::UnknownSection { .. } => "profile-sections-from-framework",
            Error::Option { .. } => "allowed-values",
            Error::Batch { source, .. } | Error::In { source, .. } => return source.rule(),
            _ => return None,
        })
    }

    /// The item the error is about, if it is about one.
    pub fn item(&self) -> Option<&str> {
        match self {
            Error::Syntax { item, .. } => item.as_deref(),
            Error::Batch { source, .. } | Error::In { source, .. } => source.item(),
            Error::UnknownItem { item, .. }
            | Error::DuplicateItem { item }
            | Error::Effort { item: Some(item), .. }
            | Error::TooLong { item: Some(item), .. }
            | Error::PercentOutOfRange { item, .. }
            | Error::PercentOffGrid { item, .. }
            | Error::UnknownDimension { item, .. }
            | Error::Measure { item, .. } => Some(item),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    /// `CODES` lists every code once (the surfaces' mapping tables are checked against it).
    #[test]
    fn codes_are_unique() {
        let mut codes = super::CODES.to_vec();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), super::CODES.len());
    }

    /// Where and what apart: the item, the code and the rule of an off-grid percent.
    #[test]
    fn errors_name_where_and_which_rule() {
        let e = super::Error::PercentOffGrid {
            item: "4.1.2".into(),
            field: "percent".into(),
            value: 37,
            step: 5,
            below: 35,
            above: 40,
        };
        assert_eq!((e.item(), e.code(), e.rule()), (Some("4.1.2"), "percent-off-grid", Some("percent-step")));
        let inside = e.within("a.json");
        assert_eq!(
            (inside.item(), inside.code(), inside.rule()),
            (Some("4.1.2"), "percent-off-grid", Some("percent-step"))
        );
        assert_eq!(super::Error::Consensus { rule: "x".into() }.rule(), None);
    }
}
