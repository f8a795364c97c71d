//! Input limits, enforced before work is done. Surfaces check file sizes against the same numbers
//! before they read a file whole.

/// Largest assessment or criteria text accepted, in bytes. A full GB/T 19580 assessment with long
/// evidence notes is well under 1 MiB; anything far larger is a wrong file, not an assessment.
pub const MAX_INPUT_BYTES: usize = 4 * 1024 * 1024;

/// Most items an assessment may list (a framework has a few dozen; this stops a hostile file early).
pub const MAX_ITEMS: usize = 1000;

/// Longest text field (a name, a strength, an evidence note), in characters. The brief's application
/// profile is at most 3000 characters; evidence notes get room, but not unbounded room.
pub const MAX_TEXT_CHARS: usize = 20_000;

/// Most strengths or OFIs on one item.
pub const MAX_NOTES: usize = 200;

/// Most key factors in a profile, measures on a results item, and periods in one measure and in
/// all of an item's measures together (its results table has a column per period).
pub const MAX_KEY_FACTORS: usize = 200;
pub const MAX_MEASURES: usize = 100;
pub const MAX_PERIODS: usize = 50;

/// Most assessments in one cohort.
pub const MAX_COHORT: usize = 100_000;

/// Most organisations in one roster.
pub const MAX_ROSTER: usize = 100_000;

/// Dated assessments in one organisation's history (the widget keeps as many snapshots).
pub const MAX_HISTORY: usize = 100;

/// Most points a framework may have in total (the frameworks in use have 1000). Bounds every sum of
/// points and band bound far below integer overflow.
pub const MAX_FRAMEWORK_POINTS: u32 = 100_000;

/// Most items a framework may define (the frameworks in use have 7 to 23).
pub const MAX_FRAMEWORK_ITEMS: usize = 500;

/// Most table cells the roadmap optimiser may allocate (one per gain unit per item, for the way
/// back). The built-in frameworks need under 100,000 for any target.
pub const MAX_PLAN_CELLS: u64 = 20_000_000;

/// Most elementary steps the roadmap optimiser may take (knapsack rows plus the min-plus
/// convolutions). The built-in frameworks need under 200 million for any target.
pub const MAX_PLAN_WORK: u64 = 2_000_000_000;

/// Every limit, as the surfaces hand them to Python and JavaScript (the widget's forms read them).
#[derive(Debug, Clone, Copy, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Limits {
    pub max_input_bytes: usize,
    pub max_items: usize,
    pub max_text_chars: usize,
    pub max_notes: usize,
    pub max_key_factors: usize,
    pub max_measures: usize,
    pub max_periods: usize,
    pub max_cohort: usize,
    pub max_roster: usize,
    pub max_history: usize,
    pub max_framework_points: u32,
    pub max_framework_items: usize,
    pub max_plan_cells: u64,
    pub max_plan_work: u64,
}

impl Limits {
    pub fn get() -> Limits {
        Limits {
            max_input_bytes: MAX_INPUT_BYTES,
            max_items: MAX_ITEMS,
            max_text_chars: MAX_TEXT_CHARS,
            max_notes: MAX_NOTES,
            max_key_factors: MAX_KEY_FACTORS,
            max_measures: MAX_MEASURES,
            max_periods: MAX_PERIODS,
            max_cohort: MAX_COHORT,
            max_roster: MAX_ROSTER,
            max_history: MAX_HISTORY,
            max_framework_points: MAX_FRAMEWORK_POINTS,
            max_framework_items: MAX_FRAMEWORK_ITEMS,
            max_plan_cells: MAX_PLAN_CELLS,
            max_plan_work: MAX_PLAN_WORK,
        }
    }
}
