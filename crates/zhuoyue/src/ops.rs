//! The engine's use cases, one function each: score, validate, suggest, readiness, plan, report,
//! crosswalk, consensus, cohort and programme. Each takes parsed inputs and an options struct and
//! returns a serialisable result. The CLI, Python and the browser are adapters around these: they
//! convert their native input, call one function here, and convert the result or the error. None
//! of them chains pipeline steps itself, so the same request gives the same answer everywhere.
//!
//! ```
//! use zhuoyue::{ops, Assessment, Catalog, Format};
//!
//! let catalog = Catalog::builtin()?;
//! let a = Assessment::parse(r#"{"framework": "gbt19580-2012", "items": {"4.4.3": 35}}"#, Format::Json)?;
//! let scored = ops::score(&catalog, &a, &ops::Options { partial: true, ..Default::default() })?;
//! assert_eq!(scored.card.total.to_string(), "5.25");
//! # Ok::<(), zhuoyue::Error>(())
//! ```

use serde::Serialize;

use crate::assessment::Assessment;
use crate::award::AwardProfile;
use crate::catalog::Catalog;
use crate::check::{Completeness, Warning};
use crate::cohort::{Cohort, Row};
use crate::consensus::{Override, Record, Team, Theme, Worksheet};
use crate::crosswalk::Translation;
use crate::plan::{Effort, Gap, Plan, Target};
use crate::present::{Date, Lang};
use crate::programme::{Candidate, Progress, Roster};
use crate::readiness::Readiness;
use crate::score::ScoreResult;
use crate::scorebook::Scorebook;
use crate::text::Format;
use crate::{Checked, Error, Points};

/// What every operation on one assessment may be told.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Score the rated items only and report coverage, instead of refusing an incomplete assessment.
    pub partial: bool,
    /// An award profile id: readiness, the roadmap to its line, candidates.
    pub award: Option<String>,
    /// The year award gates are judged in; default: `today`'s year.
    pub year: Option<i32>,
    /// The day the caller runs on; the core never reads a clock. Default: 1970-01-01, so a surface
    /// that forgets to pass it gets an obviously wrong, reproducible year rather than a hidden one.
    pub today: Option<Date>,
    /// The language of words in text results (reports).
    pub lang: Lang,
}

impl Options {
    /// The year gates are judged in: the one asked for, else this year.
    pub fn year(&self) -> i32 {
        self.year.unwrap_or_else(|| self.today.map_or(1970, |d| d.year))
    }

    fn completeness(&self) -> Completeness {
        if self.partial {
            Completeness::Partial
        } else {
            Completeness::Full
        }
    }

    fn award<'c>(&self, catalog: &'c Catalog) -> Result<Option<&'c AwardProfile>, Error> {
        self.award.as_deref().map(|id| catalog.award(id)).transpose()
    }
}

fn check<'c>(catalog: &'c Catalog, assessment: &'c Assessment, options: &Options) -> Result<Checked<'c>, Error> {
    catalog.check(assessment, options.completeness())
}

/// Scores an assessment: the organisation, the scorecard and the warnings.
pub fn score(catalog: &Catalog, assessment: &Assessment, options: &Options) -> Result<ScoreResult, Error> {
    let checked = check(catalog, assessment, options)?;
    Ok(ScoreResult::new(&checked, &checked.score()))
}

/// What `validate` found: the framework, how much is rated, and the warnings.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Validation {
    /// The assessment as the engine reads it (normalised: items in the file's order, numbers as
    /// whole percents), for a page or notebook that imports a file.
    pub assessment: Assessment,
    /// Whose file it is: an organisation's assessment or an individual's nomination.
    pub kind: crate::award::Applicant,
    /// Empty for a nomination that names no rubric (judged on its award's gates alone).
    pub framework: String,
    pub framework_version: String,
    pub rated: usize,
    pub item_count: usize,
    pub warnings: Vec<Warning>,
}

/// Checks an assessment against its framework without scoring it; an individual's nomination that
/// names no rubric is checked as a nomination (its facts, texts and date), with no items.
pub fn validate(catalog: &Catalog, assessment: &Assessment, options: &Options) -> Result<Validation, Error> {
    if assessment.is_gates_only() {
        crate::check::check_common(assessment)?;
        return Ok(Validation {
            assessment: assessment.clone(),
            kind: assessment.kind,
            framework: String::new(),
            framework_version: String::new(),
            rated: 0,
            item_count: 0,
            warnings: Vec::new(),
        });
    }
    let checked = check(catalog, assessment, options)?;
    Ok(Validation {
        assessment: assessment.clone(),
        kind: assessment.kind,
        framework: checked.framework.id.clone(),
        framework_version: checked.framework.version.clone(),
        rated: checked.percents.iter().filter(|p| p.is_some()).count(),
        item_count: checked.percents.len(),
        warnings: checked.warnings.clone(),
    })
}

/// The percent that an item's dimension ratings suggest (their mean on the grid, ties down).
pub fn suggest(catalog: &Catalog, framework: &str, item: &str, dimensions: &[(String, i64)]) -> Result<u8, Error> {
    let fw = catalog.get(framework)?;
    let kind = fw
        .items()
        .find(|i| i.id == item)
        .map(|i| i.kind)
        .ok_or_else(|| Error::UnknownItem { item: item.to_string(), framework: framework.to_string() })?;
    crate::check::suggest(fw, kind, item, dimensions)
}

/// One award profile as a list shows it: whom it is for, its frameworks, its line (null where none).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AwardSummary {
    pub id: String,
    pub name: crate::Text,
    pub level: crate::award::Level,
    pub applicant: crate::award::Applicant,
    pub frameworks: Vec<String>,
    pub score_line: Option<u32>,
}

/// The award profiles the catalog holds, in order.
pub fn awards(catalog: &Catalog) -> Vec<AwardSummary> {
    catalog
        .awards()
        .iter()
        .map(|a| AwardSummary {
            id: a.id.clone(),
            name: a.name.clone(),
            level: a.level,
            applicant: a.applicant,
            frameworks: a.frameworks.clone(),
            score_line: a.score_line,
        })
        .collect()
}

/// May the applicant apply? An organisation's or an individual's readiness for `options.award` in
/// `options.year()`. An individual's nomination naming no rubric is judged on its gates alone.
///
/// ```
/// use zhuoyue::{ops, Assessment, Catalog, Format};
///
/// let catalog = Catalog::builtin()?;
/// let nominee = Assessment::parse(
///     r#"{"kind": "individual", "individual": {"name": "王芳", "region": "shanghai",
///         "quality_work_years": 9, "legal_compliance": true, "good_conduct": true,
///         "prior_awards": [], "applications": []}}"#,
///     Format::Json,
/// )?;
/// let options = ops::Options { award: Some("shanghai-mayor-individual".into()), year: Some(2026), ..Default::default() };
/// let judged = ops::readiness(&catalog, &nominee, &options)?;
/// assert_eq!(judged.verdict.id(), "ineligible"); // the mayor's individual award asks 10 years
/// assert_eq!(judged.line, None); // judged on the gates: no score line
/// # Ok::<(), zhuoyue::Error>(())
/// ```
pub fn readiness(catalog: &Catalog, assessment: &Assessment, options: &Options) -> Result<Readiness, Error> {
    let award = options.award(catalog)?.ok_or_else(|| Error::Options { rule: "readiness needs an award".into() })?;
    future_awards(assessment, options)?;
    if assessment.kind != award.applicant || assessment.is_gates_only() {
        return crate::readiness::readiness(None, assessment, award, options.year(), catalog.awards());
    }
    let checked = check(catalog, assessment, options)?;
    crate::readiness::readiness(Some(&checked.score()), assessment, award, options.year(), catalog.awards())
}

/// Refuses prior awards and applications dated after the year judged in when that year is today's
/// or later: a typing error, not a fact (judging an earlier year simply ignores later ones).
fn future_awards(assessment: &Assessment, options: &Options) -> Result<(), Error> {
    let Some(today) = options.today else { return Ok(()) };
    let facts = assessment.facts();
    let won = facts.prior_awards().unwrap_or_default().iter().map(|a| (&a.award, a.year));
    match won.clone().find(|(_, y)| *y > today.year) {
        Some((award, y)) => Err(Error::Applicant {
            entry: format!("prior award {}", award.chars().take(64).collect::<String>()),
            rule: format!("won in {y}, after today ({today}) (rule: prior awards are in the past)"),
        }),
        None => Ok(()),
    }
}

/// Where a plan should go: a total in points (as the user wrote it) or an award's line and floors
/// (`Options::award`).
#[derive(Debug, Clone, Default)]
pub struct PlanOptions {
    /// A target total as text, e.g. `600` or `612.5`; exactly one of this and `Options::award`.
    pub target: Option<String>,
    pub effort: EffortInput,
    /// Most points of percent one item may rise per cycle; default: the framework's usual raise.
    pub max_raise: Option<i64>,
}

/// Effort weights per item: weight 1 everywhere, or `(item id, weight)` pairs (a surface reads an
/// effort file into pairs with `plan::Effort::pairs`; the ids are checked here, against the
/// assessment's framework).
#[derive(Debug, Clone, Default)]
pub enum EffortInput {
    #[default]
    Uniform,
    Pairs(Vec<(String, f64)>),
}

/// A roadmap and the gaps it starts from.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlanResult {
    pub plan: Plan,
    pub gaps: Vec<Gap>,
}

/// The cheapest set of raises that reaches the target, cycle by cycle.
pub fn plan(
    catalog: &Catalog,
    assessment: &Assessment,
    options: &Options,
    plan: &PlanOptions,
) -> Result<PlanResult, Error> {
    let checked = check(catalog, assessment, options)?;
    let fw = checked.framework;
    let target = match (plan.target.as_deref(), options.award(catalog)?) {
        (Some(text), None) => Target::points(Points::parse(text).ok_or_else(|| Error::Option {
            option: "target".into(),
            value: text.chars().take(40).collect(),
            allowed: "a number of points with at most two decimals, e.g. 600 or 612.5".into(),
        })?),
        (None, Some(award)) => Target::award(award, fw)?,
        _ => return Err(Error::Options { rule: "give exactly one of a target or an award".into() }),
    };
    let effort = match &plan.effort {
        EffortInput::Uniform => Effort::uniform(fw),
        EffortInput::Pairs(pairs) => Effort::from_pairs(fw, pairs)?,
    };
    let max_raise = match plan.max_raise {
        None => crate::plan::default_max_raise(fw),
        Some(m) => u8::try_from(m).map_err(|_| Error::MaxRaise { value: m, step: fw.percent_step })?,
    };
    let card = checked.score();
    Ok(PlanResult { plan: crate::plan::plan(&card, &target, &effort, max_raise)?, gaps: crate::plan::gaps(&card) })
}

/// The kind of text a report is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReportFormat {
    #[default]
    Html,
    Markdown,
}

/// The self-contained report: scores, charts, notes, and with an award its readiness and roadmap.
pub fn report(
    catalog: &Catalog,
    assessment: &Assessment,
    options: &Options,
    format: ReportFormat,
) -> Result<String, Error> {
    report_since(catalog, assessment, &[], options, format)
}

/// The report with "since last time": the organisation's earlier dated assessments (named) and
/// this one (dated today when it has no date) as a trend chart, a table and the items that moved.
pub fn report_since(
    catalog: &Catalog,
    assessment: &Assessment,
    earlier: &[(String, Assessment)],
    options: &Options,
    format: ReportFormat,
) -> Result<String, Error> {
    let checked = check(catalog, assessment, options)?;
    let award = options.award(catalog)?;
    let trend = if earlier.is_empty() {
        None
    } else {
        let mut now = assessment.clone();
        if now.date.is_none() {
            now.date = Some(options.today.unwrap_or(Date { year: 1970, month: 1, day: 1 }).to_string());
        }
        let mut all = earlier.to_vec();
        all.push(("this assessment".to_string(), now));
        Some(trend(catalog, &all, options)?)
    };
    let markdown = format == ReportFormat::Markdown;
    crate::report::render_with(
        &checked,
        award,
        options.year(),
        options.lang,
        markdown,
        trend.as_ref(),
        catalog.awards(),
    )
}

/// The formats of the dossier. DOCX needs the `docx` feature (the CLI and Python have it; the
/// browser's .wasm does not).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DossierFormat {
    #[default]
    Html,
    Markdown,
    Docx,
}

impl DossierFormat {
    pub fn parse(text: &str) -> Result<DossierFormat, Error> {
        match text {
            "html" => Ok(DossierFormat::Html),
            "md" | "markdown" => Ok(DossierFormat::Markdown),
            "docx" => Ok(DossierFormat::Docx),
            other => Err(Error::Option {
                option: "format".into(),
                value: other.chars().take(40).collect(),
                allowed: "html, md, docx".into(),
            }),
        }
    }
}

/// The application's self-assessment report: cover, profile (its length against the award's
/// limit), and clause by clause the guidance, narrative, results tables, notes and self-score.
/// A draft is welcome: unrated items and unwritten parts are marked, so the check is partial.
pub fn dossier(
    catalog: &Catalog,
    assessment: &Assessment,
    options: &Options,
    format: DossierFormat,
) -> Result<Vec<u8>, Error> {
    let checked = catalog.check(assessment, Completeness::Partial)?;
    let award = options.award(catalog)?;
    if let Some(award) = award {
        award.applies_to(checked.framework)?;
    }
    let today = options.today.unwrap_or(Date { year: 1970, month: 1, day: 1 });
    let laid_out = crate::report::dossier::layout(&checked, award, options.lang, today);
    render_document(&laid_out, format)
}

/// A laid-out document (dossier, feedback report) in one of its formats.
fn render_document(laid_out: &crate::report::dossier::Dossier, format: DossierFormat) -> Result<Vec<u8>, Error> {
    match format {
        DossierFormat::Html => Ok(laid_out.html().into_bytes()),
        DossierFormat::Markdown => Ok(laid_out.markdown().into_bytes()),
        #[cfg(feature = "docx")]
        DossierFormat::Docx => laid_out.docx(),
        #[cfg(not(feature = "docx"))]
        DossierFormat::Docx => Err(Error::Option {
            option: "format".into(),
            value: "docx".into(),
            allowed: "html, md (DOCX is made by the CLI and the Python package)".into(),
        }),
    }
}

/// The optimism guard: the calibration rules (`calibration` by id; default: the built-in
/// `default`) applied to an assessment, as flags and a calibrated range. A draft is welcome, so
/// the check is partial when `options.partial`.
pub fn calibrate(
    catalog: &Catalog,
    assessment: &Assessment,
    options: &Options,
    calibration: Option<&str>,
) -> Result<crate::calibration::CalibrationResult, Error> {
    let checked = check(catalog, assessment, options)?;
    crate::calibration::calibrate(&checked, catalog.calibration(calibration)?)
}

/// An organisation's history from its dated assessments (named, in any order), with `plan` (a
/// roadmap as `plan --format json` writes it) telling which planned raises happened.
pub fn history(
    catalog: &Catalog,
    inputs: &[(String, Assessment)],
    options: &Options,
    plan: Option<&crate::history::PlanFile>,
) -> Result<crate::history::History, Error> {
    if inputs.len() > crate::history::MAX_HISTORY {
        return Err(Error::TooMany {
            what: "assessments in a history".into(),
            count: inputs.len(),
            limit: crate::history::MAX_HISTORY,
        });
    }
    let mut checked = Vec::with_capacity(inputs.len());
    for (name, a) in inputs {
        checked.push((name.clone(), check(catalog, a, options).map_err(|e| e.within(name))?));
    }
    let today = options.today.unwrap_or(Date { year: 1970, month: 1, day: 1 });
    crate::history::history(&checked, today, plan)
}

/// An organisation's history with its trend chart (SVG, in `options.lang`): what the widget's
/// "since last time" and the report show.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Trend {
    pub history: crate::history::History,
    pub chart: String,
}

pub fn trend(catalog: &Catalog, inputs: &[(String, Assessment)], options: &Options) -> Result<Trend, Error> {
    let history = self::history(catalog, inputs, options, None)?;
    let max = catalog.get(&history.framework)?.max();
    let chart = crate::report::trend_svg(&history, max, options.lang);
    Ok(Trend { history, chart })
}

/// Carries an assessment into framework `to` through the catalog's crosswalk.
pub fn crosswalk(
    catalog: &Catalog,
    assessment: &Assessment,
    to: &str,
    options: &Options,
) -> Result<Translation, Error> {
    let checked = check(catalog, assessment, options)?;
    let crosswalk = catalog.crosswalk(&checked.framework.id, to)?;
    let target = catalog.get(to)?;
    crate::crosswalk::translate(crosswalk, &checked, target)
}

/// One examiner's independent review: an assessment (the assessment's own `assessor` wins over
/// `name`) or a scorebook (its `examiner` is the name; it must be sealed).
#[derive(Debug, Clone)]
pub struct Examiner {
    pub name: String,
    pub assessment: Assessment,
    pub book: Option<Scorebook>,
}

impl Examiner {
    pub fn from_assessment(name: impl Into<String>, assessment: Assessment) -> Examiner {
        Examiner { name: name.into(), assessment, book: None }
    }

    pub fn from_scorebook(book: Scorebook) -> Examiner {
        Examiner { name: book.examiner.clone(), assessment: book.assessment(), book: Some(book) }
    }
}

/// The consensus assessment a record yields, scored, with every override of the proposal and the
/// team's key themes.
#[derive(Debug, Clone, Serialize)]
pub struct Agreed {
    pub assessment: Assessment,
    pub score: ScoreResult,
    pub overrides: Vec<Override>,
    pub themes: Vec<Theme>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ConsensusResult {
    pub worksheet: Worksheet,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agreed: Option<Agreed>,
}

/// Examiners' consensus: the worksheet, and with a record the agreed assessment. Each examiner's
/// assessment is checked as partial (an examiner may leave an item to the team); a failure names
/// the examiner. A scorebook must be sealed: nobody sees another's scores before sealing their own.
pub fn consensus(
    catalog: &Catalog,
    examiners: &[Examiner],
    threshold: u8,
    record: Option<&Record>,
) -> Result<ConsensusResult, Error> {
    let partial = Options { partial: true, ..Options::default() };
    let mut checked = Vec::with_capacity(examiners.len());
    for e in examiners {
        if let Some(book) = &e.book {
            if book.sealed.is_none() {
                return Err(Error::Scorebook {
                    entry: "sealed".into(),
                    rule: "not sealed yet (rule: a team compiles its worksheet only from sealed scorebooks)".into(),
                }
                .within(&e.name));
            }
            book.verify_seal().map_err(|err| err.within(&e.name))?;
        }
        let one = check(catalog, &e.assessment, &partial).map_err(|err| err.within(&e.name))?;
        // A file rating nothing (the applicant's own application, a blank template) is no review.
        if one.percents.iter().all(Option::is_none) {
            let rule = "rates no item (rule: each examiner's review rates at least one item; the applicant's \
                        file and a blank template are not reviews)";
            return Err(Error::Consensus { rule: rule.into() }.within(&e.name));
        }
        checked.push(one);
    }
    let named: Vec<(String, &Checked)> = examiners
        .iter()
        .zip(&checked)
        .map(|(e, c)| match &e.book {
            Some(b) => (b.examiner.clone(), c),
            None => (e.assessment.assessor.clone().unwrap_or_else(|| e.name.clone()), c),
        })
        .collect();
    let mut seen = std::collections::HashSet::new();
    if let Some((name, _)) = named.iter().find(|(n, _)| !seen.insert(n.as_str())) {
        return Err(Error::Consensus {
            rule: format!("examiner `{name}` appears twice (rule: one review per examiner)"),
        });
    }
    let books: Vec<Option<&Scorebook>> = examiners.iter().map(|e| e.book.as_ref()).collect();
    let mut worksheet = crate::consensus::worksheet(&named, &books, threshold)?;
    let agreed = match record {
        None => None,
        Some(record) => {
            let fw = catalog.get(&worksheet.framework)?;
            let (mut assessment, overrides) = crate::consensus::agree(&mut worksheet, record, fw)?;
            // The organisation the examiners assessed: the first examiner's facts that are given.
            if let Some(e) = examiners.iter().find(|e| e.assessment.organisation != Default::default()) {
                assessment.organisation = e.assessment.organisation.clone();
            }
            // Merged notes (each prefixed by its examiner) must still fit the limits of one
            // assessment; a failure names the merged item, not an input file.
            let score =
                score(catalog, &assessment, &partial).map_err(|e| e.within("the merged consensus assessment"))?;
            Some(Agreed { assessment, score, overrides, themes: record.themes.clone() })
        }
    };
    Ok(ConsensusResult { worksheet, agreed })
}

/// A team's review of one applicant: the team file, the applicant's own assessment (its profile's
/// key factors are what comments may cite), each assigned examiner's scorebook in the team's
/// order, and the record once the team has one.
#[derive(Debug, Clone, Copy)]
pub struct TeamReview<'a> {
    pub team: &'a Team,
    pub application: Option<&'a Assessment>,
    pub scorebooks: &'a [Scorebook],
    pub record: Option<&'a Record>,
}

/// The team's consensus: every assigned examiner's scorebook present, for this applicant and
/// framework, sealed and unedited, and citing only key factors the applicant's profile has; then
/// the worksheet (and with a record the agreed assessment) as `consensus` makes it.
pub fn team_consensus(catalog: &Catalog, review: TeamReview<'_>, threshold: u8) -> Result<ConsensusResult, Error> {
    let TeamReview { team, application, scorebooks, record } = review;
    team.check(scorebooks)?;
    let known: Option<Vec<&str>> = application.map(|a| a.profile.key_factors.iter().map(|k| k.id.as_str()).collect());
    let cited = |book: &Scorebook| -> Result<(), Error> {
        for (item, entry) in &book.items.0 {
            for (n, c) in entry.comments.iter().enumerate() {
                for kf in &c.key_factors {
                    let rule = match &known {
                        None => "the team names no `application` whose profile lists key factors".to_string(),
                        Some(ids) if ids.contains(&kf.as_str()) => continue,
                        Some(ids) => format!(
                            "the applicant's profile has no key factor `{kf}` (it has: {})",
                            if ids.is_empty() { "none".to_string() } else { ids.join(", ") }
                        ),
                    };
                    return Err(Error::Scorebook { entry: format!("item {item}, comment {}", n + 1), rule }
                        .within(&book.examiner));
                }
            }
        }
        Ok(())
    };
    for book in scorebooks {
        cited(book)?;
    }
    if let Some(record) = record {
        for (n, theme) in record.themes.iter().enumerate() {
            if let Some(kf) =
                theme.key_factors.iter().find(|kf| !known.as_ref().is_some_and(|ids| ids.contains(&kf.as_str())))
            {
                return Err(Error::Consensus {
                    rule: format!("key theme {}: the applicant's profile has no key factor `{kf}`", n + 1),
                }
                .within("record"));
            }
        }
    }
    let examiners: Vec<Examiner> = scorebooks.iter().cloned().map(Examiner::from_scorebook).collect();
    // Past the scorebooks (each error names its examiner), what fails is the record.
    let mut result = consensus(catalog, &examiners, threshold, record).map_err(|e| match e {
        Error::In { .. } => e,
        other if record.is_some() => other.within("record"),
        other => other,
    })?;
    if let (Some(agreed), Some(app)) = (&mut result.agreed, application) {
        agreed.assessment.organisation = app.organisation.clone();
    }
    Ok(result)
}

/// The applicant's feedback report: per category the team's key themes, per item the
/// feedback-ready strengths and OFIs and the item's scoring band (a band, not the exact percent),
/// and the overall score band. Without a record the proposals stand as the consensus.
pub fn feedback(
    catalog: &Catalog,
    review: TeamReview<'_>,
    options: &Options,
    format: DossierFormat,
) -> Result<Vec<u8>, Error> {
    let empty = Record { framework: review.team.framework.clone(), decisions: Default::default(), themes: Vec::new() };
    let record = review.record.unwrap_or(&empty);
    let result = team_consensus(
        catalog,
        TeamReview { record: Some(record), ..review },
        crate::consensus::DEFAULT_SPREAD_THRESHOLD,
    )?;
    let fw = catalog.get(&review.team.framework)?;
    let agreed = result.agreed.as_ref().ok_or_else(|| Error::Consensus { rule: "no consensus".into() })?;
    let today = options.today.unwrap_or(Date { year: 1970, month: 1, day: 1 });
    let name = review.application.and_then(|a| a.organisation.name.clone());
    let laid_out = crate::report::feedback::layout(
        fw,
        &result.worksheet,
        agreed,
        crate::report::feedback::Heading {
            applicant: &review.team.applicant,
            name: name.as_deref(),
            team: review.team,
        },
        options.lang,
        today,
    );
    render_document(&laid_out, format)
}

/// Seals a scorebook at `at` (UTC, `YYYY-MM-DDTHH:MM:SSZ`), after checking it against its
/// framework (known items, percents on the grid). Sealing a sealed scorebook is refused.
pub fn seal(catalog: &Catalog, book: &Scorebook, at: &str) -> Result<Scorebook, Error> {
    let partial = Options { partial: true, ..Options::default() };
    check(catalog, &book.assessment(), &partial)?;
    let mut sealed = book.clone();
    sealed.seal(at)?;
    Ok(sealed)
}

/// One input of a cohort: its name (a file name, a row id) and its text, or why it could not be read.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub text: Result<String, String>,
}

/// A cohort of assessments: one row each (partial ones with their coverage), failures by name,
/// summaries per sector over complete rows (with `partial`, over every row), bands and verdicts.
/// A roster file or an individual's nomination among the inputs is skipped and listed, not failed.
pub fn cohort(catalog: &Catalog, sources: &[Source], options: &Options) -> Result<Cohort, Error> {
    use crate::cohort::{Skipped, SkippedKind};
    if sources.len() > crate::cohort::MAX_COHORT {
        return Err(Error::TooMany {
            what: "assessments in a cohort".into(),
            count: sources.len(),
            limit: crate::cohort::MAX_COHORT,
        });
    }
    let award = options.award(catalog)?;
    let (year, lenient) = (options.year(), Options { partial: true, ..Options::default() });
    let (mut rows, mut failures, mut skipped) = (Vec::new(), Vec::new(), Vec::new());
    for source in sources {
        let row = source.text.as_deref().map_err(String::clone).and_then(|text| {
            let format = Format::detect(&source.name, text);
            let assessment = match Assessment::parse(text, format) {
                Ok(a) => a,
                Err(_) if Roster::parse(text, format).is_ok() => return Ok(Err(SkippedKind::Roster)),
                Err(e) => return Err(e.to_string()),
            };
            // An individual's nomination beside the organisations' files is recognised, not scored.
            if assessment.kind == crate::award::Applicant::Individual {
                return Ok(Err(SkippedKind::Nomination));
            }
            let card = check(catalog, &assessment, &lenient).map_err(|e| e.to_string())?.score();
            let judged = award
                .map(|a| crate::readiness::readiness(Some(&card), &assessment, a, year, catalog.awards()))
                .transpose()
                .map_err(|e| e.to_string())?;
            Ok(Ok(Row::new(&source.name, &assessment, &card, judged.as_ref())))
        });
        match row {
            Ok(Ok(row)) => rows.push(row),
            Ok(Err(what)) => skipped.push(Skipped { source: source.name.clone(), what }),
            Err(error) => failures.push(crate::cohort::Failure { source: source.name.clone(), error }),
        }
    }
    let mut cohort = crate::cohort::summarise(rows, failures, options.partial);
    cohort.skipped = skipped;
    Ok(cohort)
}

/// A cohort beside an earlier one: each organisation's change in total (matched by
/// `organisation.id`, else by name) and each sector's median change, under `compare`.
pub fn cohort_compare(
    catalog: &Catalog,
    now: &[Source],
    before: &[Source],
    options: &Options,
) -> Result<Cohort, Error> {
    let mut later = cohort(catalog, now, options)?;
    let earlier = cohort(catalog, before, options).map_err(|e| e.within("the earlier cohort"))?;
    later.compare = Some(crate::cohort::compare(&later, &earlier));
    Ok(later)
}

/// The plan table: headers and rows, as the programme office's spreadsheet has them; `body` is
/// the organising body it is for (none: the whole roster).
#[derive(Debug, Clone, Serialize)]
pub struct PlanTable {
    pub year: i32,
    pub body: Option<String>,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProgrammeResult {
    pub programme: String,
    pub year: i32,
    pub progress: Progress,
    pub candidates: Vec<Candidate>,
    /// The plan table of the roster (or of the body asked for).
    pub plan_table: PlanTable,
    /// One plan table per organising body (none when the roster names no bodies).
    pub plan_tables: Vec<PlanTable>,
}

/// What a programme report is about, besides the shared options.
#[derive(Debug, Clone, Default)]
pub struct ProgrammeRequest {
    /// The programme targets id; default: the programme the roster names.
    pub targets: Option<String>,
    /// Narrow progress, candidates and the plan table to one organising body.
    pub body: Option<String>,
    /// The individual award people are judged for; default: each person's planned award for the
    /// year, where it is an individual award.
    pub individual_award: Option<String>,
}

/// A programme's progress up to `options.year` (default: the programme's last year), award
/// candidates ranked by readiness (organisations for `options.award`, individuals for
/// `request.individual_award` or their planned award), the plan table for that year, and one per
/// organising body. `assessments` are the members' latest self-assessments and the individuals'
/// nominations by roster id; a failure names the id.
pub fn programme(
    catalog: &Catalog,
    roster: &Roster,
    request: &ProgrammeRequest,
    assessments: &[(String, Assessment)],
    options: &Options,
) -> Result<ProgrammeResult, Error> {
    let targets = catalog.programme(request.targets.as_deref().unwrap_or(&roster.programme))?;
    let last = targets.years.last().copied().unwrap_or(1970);
    let until = options.year.unwrap_or(last);
    let today = options.today.unwrap_or(Date { year: 1970, month: 1, day: 1 });
    crate::programme::check_roster_for(targets, roster)?;
    let scope = crate::programme::Scope::new(roster, request.body.as_deref())?;
    let progress = crate::programme::progress_in(targets, &scope, until, today)?;
    let org_award = options.award(catalog)?;
    let person_award = request.individual_award.as_deref().map(|id| catalog.award(id)).transpose()?;
    if let Some(a) = person_award.filter(|a| a.applicant != crate::award::Applicant::Individual) {
        let individual: Vec<&str> = catalog
            .awards()
            .iter()
            .filter(|a| a.applicant == crate::award::Applicant::Individual)
            .map(|a| a.id.as_str())
            .collect();
        return Err(Error::Option {
            option: "individual award".into(),
            value: a.id.clone(),
            allowed: format!("an award for individuals: {}", individual.join(", ")),
        });
    }
    let mut assessed = crate::programme::Assessed::default();
    // The whole roster's index, and the narrowed one's only where the scope is narrowed.
    let everyone = roster.index();
    let narrowed = scope.body().map(|_| scope.roster().index());
    let in_scope = narrowed.as_ref().unwrap_or(&everyone);
    for (id, assessment) in assessments {
        let (member, person) = (everyone.member(id), everyone.person(id));
        if member.is_none() && person.is_none() {
            return Err(Error::Programme {
                entry: format!("assessment for {}", id.chars().take(64).collect::<String>()),
                rule: "no organisation or individual of that id in the roster".into(),
            });
        }
        let is_person = person.is_some();
        if is_person != (assessment.kind == crate::award::Applicant::Individual) {
            let (entry, rule) = match is_person {
                true => (
                    "individual",
                    "names an organisation's assessment as the nomination (it needs kind = \"individual\")",
                ),
                false => ("organisation", "names an individual's nomination as its assessment"),
            };
            return Err(Error::Programme { entry: format!("{entry} {id}"), rule: rule.into() }.within(id));
        }
        let (member, person) = (in_scope.member(id), in_scope.person(id));
        let Some(name) = member.map(|m| &m.name).or(person.map(|p| &p.name)) else {
            continue; // another body's
        };
        let award = match person {
            None => org_award,
            Some(p) => person_award.or_else(|| {
                let planned = p.plan.as_ref().filter(|x| x.year == until)?.award.as_deref()?;
                catalog.award(planned).ok().filter(|a| a.applicant == crate::award::Applicant::Individual)
            }),
        };
        assessed.add(catalog, id, name, assessment, award, until).map_err(|e| e.within(id))?;
    }
    let name = |id: &str| catalog.award(id).ok().map(|a| a.name.zh.clone());
    let table = |r: &Roster, body: Option<&str>| PlanTable {
        year: until,
        body: body.map(str::to_string),
        headers: targets.plan_table_headers.clone(),
        rows: crate::programme::plan_table(targets, r, until, &assessed.totals, name)
            .into_iter()
            .map(|row| row.to_vec())
            .collect(),
    };
    let plan_tables =
        scope.shares().iter().map(|share| table(share, share.bodies.first().map(|b| b.id.as_str()))).collect();
    Ok(ProgrammeResult {
        programme: targets.id.clone(),
        year: until,
        progress,
        candidates: assessed.candidates(),
        plan_table: table(scope.roster(), request.body.as_deref()),
        plan_tables,
    })
}

/// Frame-of-reference training: every trainee (a scorebook or a plain assessment, named) compared
/// with the expert reference on the same case, with the pass rule of `programme`'s targets (default:
/// none, so `passed` is null). The reference rates every item; trainees are of the reference's
/// framework and case, each named once.
pub fn training(
    catalog: &Catalog,
    reference: &Examiner,
    trainees: &[Examiner],
    programme: Option<&str>,
) -> Result<crate::training::Training, Error> {
    let fail = |entry: &str, rule: String| Error::Training { entry: entry.to_string(), rule };
    let rule = programme.map(|p| catalog.programme(p)).transpose()?.and_then(|t| t.training);
    let checked = catalog.check(&reference.assessment, Completeness::Partial).map_err(|e| e.within(&reference.name))?;
    let fw = checked.framework;
    let missing: Vec<&str> =
        fw.items().zip(&checked.percents).filter(|(_, p)| p.is_none()).map(|(i, _)| i.id.as_str()).collect();
    if !missing.is_empty() {
        return Err(fail("reference", format!("rates every item; it leaves out {}", missing.join(", "))));
    }
    if trainees.is_empty() {
        return Err(fail("trainees", "none given".into()));
    }
    if trainees.len() > crate::limits::MAX_ROSTER {
        return Err(Error::TooMany {
            what: "trainees".into(),
            count: trainees.len(),
            limit: crate::limits::MAX_ROSTER,
        });
    }
    let case = reference.book.as_ref().map(|b| b.applicant.as_str());
    let mut names = std::collections::HashSet::new();
    let mut rows = Vec::new();
    for t in trainees {
        if !names.insert(t.name.as_str()) {
            return Err(fail(&format!("trainee {}", t.name), "is named twice (a trainee's name is their scorebook's examiner, else the file's assessor, else its file name)".into()));
        }
        if t.assessment.framework != fw.id {
            return Err(fail(
                &format!("trainee {}", t.name),
                format!(
                    "scored framework `{}`, the exercise is on `{}`",
                    t.assessment.framework.chars().take(64).collect::<String>(),
                    fw.id
                ),
            ));
        }
        if let (Some(case), Some(book)) = (case, &t.book) {
            if book.applicant != case {
                return Err(fail(
                    &format!("trainee {}", t.name),
                    format!(
                        "scored case `{}`, the exercise is case `{case}`",
                        book.applicant.chars().take(64).collect::<String>()
                    ),
                ));
            }
        }
        let mine = catalog.check(&t.assessment, Completeness::Partial).map_err(|e| e.within(&t.name))?;
        rows.push((t.name.clone(), mine.percents.clone(), t.book.as_ref()));
    }
    Ok(crate::training::compare(fw, &checked.percents, reference.book.as_ref(), &rows, rule))
}

/// The charts of an assessment's scores as standalone SVG (the report's own), for notebooks and
/// pages that show a score without the whole report.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Charts {
    pub radar: String,
    pub bars: String,
}

/// A cohort's summaries (its `sectors`: per group, then "all") as box plots in one SVG, on the
/// scale of `framework`'s maximum, for a notebook's view of a cohort.
pub fn cohort_chart(
    catalog: &Catalog,
    summaries: &[crate::cohort::Summary],
    framework: &str,
    options: &Options,
) -> Result<String, Error> {
    if summaries.len() > crate::limits::MAX_ROSTER {
        return Err(Error::TooMany { what: "groups".into(), count: summaries.len(), limit: crate::limits::MAX_ROSTER });
    }
    let max = f64::from(catalog.get(framework)?.max_points);
    Ok(crate::report::cohort_svg(summaries, max, options.lang))
}

pub fn charts(catalog: &Catalog, assessment: &Assessment, options: &Options) -> Result<Charts, Error> {
    let card = check(catalog, assessment, options)?.score();
    Ok(Charts {
        radar: crate::report::radar_svg(&card, options.lang),
        bars: crate::report::bars_svg(&card, options.lang),
    })
}
