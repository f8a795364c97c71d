// Generated from the Rust types by bindings/wasm/tests/typescript.rs (ts-rs). Do not edit:
// run `UPDATE_SNAPSHOTS=1 cargo test -p zhuoyue-wasm --test typescript` after changing a type.

export type Accuracy = { elevation: number | null, differential_elevation: number | null, stereotype_accuracy: number | null, differential_accuracy: number | null, note: string | null, };

export type Adjusted = { item: string, claimed: number, low: number, };

export type Applicant = "organisation" | "individual";

export type Applied = { award: string, level?: Level | null, year: number, };

export type Assessment = { 
/**
 * Whose file this is: an organisation's self-assessment (the default) or an individual's
 * nomination (`"individual"`, with an `individual` block).
 */
kind?: Applicant, 
/**
 * The framework the items are rated against; an individual's nomination may name none.
 */
framework?: string, 
/**
 * Who scored it: the organisation itself, or an examiner (consensus attributes notes to them).
 */
assessor?: string | null, 
/**
 * When the assessment was made (`YYYY-MM-DD`): what orders an organisation's history.
 */
date?: string | null, organisation?: Organisation, 
/**
 * The organisational profile (组织概述): text sections the framework names, and key factors.
 */
profile?: Profile, 
/**
 * The nominee of an individual's nomination (`kind = "individual"`).
 */
individual?: Individual | null, items?: Items, };

export type AwardProfile = { id: string, 
/**
 * Former ids that still find this profile (kept for one release after a rename).
 */
aliases?: Array<string>, version: string, edition: string, name: Text, level: Level, 
/**
 * Whom the profile is for (default: organisations).
 */
applicant: Applicant, 
/**
 * Frameworks this profile applies to. An individual profile may name none: a nomination is
 * judged on its gates, and a rubric the user loads scores it without a line.
 */
frameworks: Array<string>, 
/**
 * The score line in whole points; none where the award judges on gates only.
 */
score_line: number | null, 
/**
 * Within this many points below the line the verdict is `near`.
 */
near_margin: number, 
/**
 * The longest organisational profile the application accepts, in characters (Unicode scalar
 * values, whitespace included, summed over the sections).
 */
profile_max_chars?: number | null, provenance: Provenance, floors: Array<Floor>, gates: Array<Gate>, levels: Array<RecognitionLevel>, };

export type Band = { min: number, max: number, process: Text, results: Text, };

export type Better = "higher" | "lower";

export type CalibrationResult = { framework: string, calibration: string, flags: Array<Flag>, range: Range, 
/**
 * Per flagged item, the percent the low end of the range takes (framework order).
 */
adjusted: Array<Adjusted>, };

export type Category = { id: string, name: Text, points: number, items: Array<Item>, };

export type CategoryComparison = { category: string, rated: number, mad: number | null, bias: number | null, };

export type CategoryView = { id: string, name: Text, score: Points, score_hundredths: number, max: Points, 
/**
 * Score as a percent of the category's points, two decimals.
 */
percent: number, 
/**
 * The percent as every surface prints it: one decimal, rounded once, half up (`39.5%`).
 */
percent_text: string, };

export type Charts = { radar: string, bars: string, };

export type Comparison = { value: number, source: string, };

export type Cycle = { number: number, raises: Array<Raise>, total_after: Points, };

export type Declaration = "legal-compliance" | "licences" | "good-credit" | "industry-leading" | "good-conduct";

export type Dimension = { id: string, kind: Kind, name: Text, };

export type Entry = number | null | { percent?: number, dimensions?: Record<string, number>, strengths?: string[], ofis?: string[], evidence?: string, narrative?: Record<string, string>, measures?: Measure[] };

export type Flag = { rule: string, kind: RuleKind, 
/**
 * The rule's short name.
 */
title: Text, item: string | null, 
/**
 * Points the flag puts at stake: what the item would lose at its adjusted percent.
 */
points_at_stake: Points, points_at_stake_hundredths: number, message: Text, lift: Text, };

export type Floor = { "kind": "category-percent", category: string, min: number, } | { "kind": "kind-points", of: Kind, min: number, };

export type Found = { strengths: number, strengths_found: number, ofis: number, ofis_found: number, };

export type Framework = { id: string, version: string, standard: string, edition: string, name: Text, max_points: number, percent_step: number, provenance: Provenance, kinds: KindNames, dimensions: Array<Dimension>, bands: Array<Band>, overall_bands: OverallBands | null, profile_sections: Array<ProfileSection>, categories: Array<Category>, };

export type Gap = { item: string, category: string, percent: number | null, score: Points, max: Points, 
/**
 * Points still available on this item: max - score.
 */
headroom: Points, };

export type Gate = { id: string, text: Text, rule: Rule, };

export type Group = { trainees: number, passed: number | null, mean_mad: number | null, mean_bias: number | null, 
/**
 * Trainees whose bias is positive beyond the threshold: lenient.
 */
lenient: Array<string>, 
/**
 * Trainees whose bias is negative beyond the threshold: severe.
 */
severe: Array<string>, misread: Array<Misread>, 
/**
 * Each trainee's bias as a bar beside the pass band (standalone SVG, with a title).
 */
chart: string, };

export type Guidance = { zh: Array<string>, en: Array<string>, };

export type History = { framework: string, organisation: string | null, organisation_id: string | null, 
/**
 * Ascending by date.
 */
series: Array<Point>, 
/**
 * Every item of the framework, in framework order.
 */
items: Array<ItemChange>, 
/**
 * The items whose percent changed most (by points of the total), at most five.
 */
moved: Array<string>, plan: Array<PlannedRaise> | null, };

export type Individual = { 
/**
 * A stable id (e.g. the roster's id for the person).
 */
id?: string | null, name?: string | null, 
/**
 * The organisation the person works for.
 */
organisation?: string | null, 
/**
 * Where the person is registered or employed, e.g. `shanghai` (compared case-insensitively).
 */
region?: string | null, 
/**
 * Years of quality-related work (in the region, where the award asks so).
 */
quality_work_years?: number | null, role?: string | null, 
/**
 * The achievements the nomination rests on, as text.
 */
achievements?: string | null, 
/**
 * Quality awards already won; `[]` means none.
 */
prior_awards?: Array<PriorAward> | null, 
/**
 * Other applications (this year's included); `[]` means none.
 */
applications?: Array<Applied> | null, 
/**
 * Declared compliance with the law.
 */
legal_compliance?: boolean | null, 
/**
 * Declared professional conduct: no breach of law or discipline.
 */
good_conduct?: boolean | null, };

export type Item = { id: string, name: Text, points: number, kind: Kind, 
/**
 * Set where this item's points are less certain than the framework's overall confidence.
 */
confidence?: string | null, 
/**
 * What the item asks, as short prompts in both languages (from the framework's content file,
 * or written inline in a user's framework).
 */
guidance?: Guidance | null, guidance_source?: string | null, guidance_confidence?: string | null, };

export type ItemChange = { id: string, first: number | null, last: number | null, 
/**
 * last - first, in points of percent (`None` unless both are rated).
 */
delta: number | null, 
/**
 * Points of the total the change is worth.
 */
points: Points | null, };

export type ItemComparison = { item: string, reference: number, trainee: number | null, 
/**
 * trainee − reference, where the trainee rated the item.
 */
difference: number | null, 
/**
 * The reference's comments on the item, its reasoning.
 */
reasoning: Array<string>, };

export type ItemView = { id: string, category: string, name: Text, kind: Kind, percent: number | null, score: Points, score_hundredths: number, max: Points, band: string | null, };

export type Items = Record<string, Entry>;

export type KeyFactor = { id: string, section: string, text: string, };

export type Kind = "process" | "results";

export type KindNames = { process: Text, results: Text, };

export type Level = "district" | "city" | "provincial" | "national" | "international";

export type Limits = { max_input_bytes: number, max_items: number, max_text_chars: number, max_notes: number, max_key_factors: number, max_measures: number, max_periods: number, max_cohort: number, max_roster: number, max_history: number, max_framework_points: number, max_framework_items: number, max_plan_cells: number, max_plan_work: number, };

export type Measure = { name: string, unit: string, better: Better, values: Array<Observation>, comparison?: Comparison | null, };

export type Misread = { item: string, mean_difference: number, reasoning: Array<string>, };

export type Observation = { period: string, value: number, };

export type Organisation = { 
/**
 * A stable id (e.g. the unified social credit code): what matches one organisation across
 * assessments, cohorts and rosters when names are spelt differently.
 */
id?: string | null, name?: string | null, sector?: string | null, 
/**
 * Year founded (or registered).
 */
founded?: number | null, 
/**
 * Years in operation, for when the founding year is not the right measure; wins over `founded`.
 */
years_in_operation?: number | null, 
/**
 * Where the organisation is registered, e.g. `shanghai` (compared case-insensitively).
 */
region?: string | null, 
/**
 * Major quality, safety, environmental or public-health accidents in the last 3 years.
 */
major_accidents_last_3_years?: number | null, 
/**
 * Years (e.g. 2024) in which the organisation made a loss; `[]` means none.
 */
loss_years?: Array<number> | null, 
/**
 * Quality awards already held; `[]` means none.
 */
prior_awards?: Array<PriorAward> | null, 
/**
 * Other applications (this year's included); `[]` means none.
 */
applications?: Array<Applied> | null, 
/**
 * Declared compliance with industrial, environmental, energy and safety law.
 */
legal_compliance?: boolean | null, 
/**
 * Declared to hold the licences its business requires.
 */
licences?: boolean | null, 
/**
 * Declared good credit standing.
 */
good_credit?: boolean | null, 
/**
 * Declared key indicators leading the local industry.
 */
industry_leading?: boolean | null, };

export type OverallBand = { band: number, min: number, max: number, };

export type OverallBands = { note: Text, bands: Array<OverallBand>, };

export type PassRule = { 
/**
 * |bias| at most this (points of percent).
 */
max_abs_bias: number, 
/**
 * The mean absolute difference at most this (points of percent).
 */
max_mad: number, 
/**
 * The rank correlation at least this.
 */
min_spearman: number, };

export type Plan = { target: Points, award: string | null, start: Points, end: Points, max_raise: number, 
/**
 * The fewest improvement cycles that can reach the target; the plan is the cheapest within them.
 */
cycle_count: number, cycles: Array<Cycle>, cost: number, cost_thousandths: number, };

export type PlanResult = { plan: Plan, gaps: Array<Gap>, };

export type PlannedRaise = { cycle: number, item: string, from: number, to: number, latest: number | null, 
/**
 * `done` (reached `to`), `partly` (above `from`), `not-yet`.
 */
status: string, };

export type Point = { date: string, source: string, total: Points, total_hundredths: number, process: Points, results: Points, 
/**
 * Category scores by id.
 */
categories: { [key in string]: Points }, 
/**
 * Item percents by id (`None`: not rated).
 */
items: { [key in string]: number | null }, 
/**
 * Change of the total since the previous date (`None` on the first).
 */
since_previous: Points | null, since_first: Points, since_first_hundredths: number, };

export type Points = number;

export type PriorAward = { 
/**
 * An award profile id, e.g. `shanghai-quality-gold`.
 */
award: string, year: number, };

export type Profile = { key_factors?: KeyFactor[] } & { [section: string]: string | KeyFactor[] | undefined };

export type ProfileSection = { id: string, name: Text, guidance?: Guidance | null, };

export type Provenance = { source: string, confidence: string, notes: Array<string>, };

export type Raise = { item: string, from: number, to: number, steps: number, gain: Points, 
/**
 * Effort of this raise (steps x the item's weight).
 */
cost: number, };

export type Range = { low: Points, claimed: Points, high: Points, max: Points, low_hundredths: number, claimed_hundredths: number, high_hundredths: number, };

export type Readiness = { award: string, award_version: string, award_name: Text, 
/**
 * Whom the award is for, and so whose facts the gates read.
 */
applicant: Applicant, 
/**
 * The overall verdict: `ineligible` if a gate fails, else `unknown` if a gate lacks its fact,
 * else the score verdict (`ready` when the award has no score line and every gate passes).
 */
verdict: Verdict, 
/**
 * The verdict in words, zh and en (the one wording every surface shows).
 */
verdict_name: Text, 
/**
 * The verdict from the scores alone (`ready`, `near` or `not-yet`), whatever the gates say;
 * null where the award has no score line.
 */
score_verdict: Verdict | null, 
/**
 * The total, where items were rated (an individual's nomination may rate none).
 */
total: Points | null, 
/**
 * The score line; null where the award judges on gates only.
 */
line: Points | null, near_margin: Points, 
/**
 * Points still needed to reach the line (0 when on or above it); null without a line.
 */
gap: Points | null, 
/**
 * Every item rated; null where nothing was scored.
 */
complete: boolean | null, level_reached: string | null, next_level: string | null, reasons: Array<Reason>, };

export type Reason = { kind: ReasonKind, id: string, status: Status, 
/**
 * The status in words, zh and en (the one wording every surface shows beside the sentence).
 */
status_name: Text, expected: string, actual: string | null, sentence: Text, };

export type ReasonKind = "gate" | "line" | "floor" | "level" | "document";

export type RecognitionLevel = { id: string, name: Text, line: number, };

export type Rule = { "kind": "min-years-operating", min: number, } | { "kind": "region", region: string, } | { "kind": "max-major-accidents", max: number, } | { "kind": "no-loss-years", years: number, } | { "kind": "holds-award", award: string, min_years: number, } | { "kind": "min-quality-work-years", min: number, } | { "kind": "declared", fact: Declaration, } | { "kind": "wait-after-win", years: number, } | { "kind": "one-level-per-year", levels: Array<Level>, };

export type RuleKind = "unsupported-high" | "results-without-trend" | "dimension-gap" | "flat-scoring" | "above-category" | "process-results-apart" | "above-narrative";

export type ScoreResult = { organisation: Organisation, warnings: Array<Warning>, framework: string, framework_version: string, total: Points, total_hundredths: number, max: Points, band: number | null, band_range: string | null, process: Subtotal, results: Subtotal, complete: boolean, rated: number, item_count: number, missing: Array<string>, categories: Array<CategoryView>, items: Array<ItemView>, };

export type SectorTarget = { id: string, name: Text, organisations: number | null, };

export type Status = "pass" | "fail" | "unknown";

export type Subtotal = { score: Points, score_hundredths: number, max: Points, };

export type Text = { zh: string, en: string, };

export type TraineeResult = { name: string, 
/**
 * Items both rated.
 */
rated: number, 
/**
 * Mean |trainee − reference| over the items both rated (points of percent).
 */
mad: number | null, 
/**
 * Mean trainee − reference (positive: lenient).
 */
bias: number | null, 
/**
 * The Pearson correlation of average ranks across the items both rated; null where undefined.
 */
spearman: number | null, 
/**
 * Why the rank agreement is undefined, where it is.
 */
spearman_note: string | null, 
/**
 * Null without a pass rule.
 */
passed: boolean | null, categories: Array<CategoryComparison>, items: Array<ItemComparison>, 
/**
 * The items furthest off (largest |difference|, then framework order), at most five.
 */
furthest: Array<string>, found: Found | null, accuracy: Accuracy, };

export type Training = { framework: string, rule: PassRule | null, trainees: Array<TraineeResult>, group: Group, };

export type Trend = { history: History, chart: string, };

export type Validation = { 
/**
 * The assessment as the engine reads it (normalised: items in the file's order, numbers as
 * whole percents), for a page or notebook that imports a file.
 */
assessment: Assessment, 
/**
 * Whose file it is: an organisation's assessment or an individual's nomination.
 */
kind: Applicant, 
/**
 * Empty for a nomination that names no rubric (judged on its award's gates alone).
 */
framework: string, framework_version: string, rated: number, item_count: number, warnings: Array<Warning>, };

export type Verdict = "ready" | "near" | "not-yet" | "ineligible" | "unknown";

export type Warning = { "kind": "suggestion-gap", item: string, percent: number, suggested: number, };
