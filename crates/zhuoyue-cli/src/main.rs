//! `zhuoyue`: the command-line surface. Reads files, runs the core pipeline, prints or writes.
//! Exit codes: 0 success, 1 invalid input (the message names file, item and rule), 2 usage error.

mod files;
mod render;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use zhuoyue::award::AwardProfile;
use zhuoyue::ops::{self, EffortInput, Examiner, Options, PlanOptions, ReportFormat as Report, Source};
use zhuoyue::scorebook::Scorebook;
use zhuoyue::{Assessment, Catalog, Date, Format, Framework, Lang};

#[derive(Parser)]
#[command(
    name = "zhuoyue",
    version,
    about = "Score performance-excellence self-assessments (GB/T 19580 and peers) exactly"
)]
struct Cli {
    /// Load a framework file of your own (e.g. a regional variant) beside the built-ins; repeatable.
    #[arg(long = "criteria", value_name = "FILE", global = true)]
    criteria: Vec<PathBuf>,
    /// Load an award profile file of your own beside the built-ins; repeatable.
    #[arg(long = "award-file", value_name = "FILE", global = true)]
    award_files: Vec<PathBuf>,
    /// Load a crosswalk file of your own; repeatable.
    #[arg(long = "crosswalk-file", value_name = "FILE", global = true)]
    crosswalk_files: Vec<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Score an assessment file (JSON or TOML) and print the scorecard.
    Score {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
        /// Score the rated items only and report coverage, instead of refusing an incomplete file.
        #[arg(long)]
        partial: bool,
    },
    /// The optimism guard: flags where a self-score is not yet credible (item, rule, points at stake,
    /// what would lift it) and a calibrated range low <= claimed <= high, to discuss.
    Calibrate {
        file: PathBuf,
        /// Calibration rules of your own (TOML); default: the built-in rules.
        #[arg(long, value_name = "FILE")]
        calibration_file: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
        #[arg(long, value_parser = parse_lang, default_value = "zh")]
        lang: Lang,
        /// Accept an assessment that leaves items unrated.
        #[arg(long)]
        partial: bool,
    },
    /// An organisation's history from its dated assessments (any order): totals, subtotals,
    /// categories and items per date, the change since the previous and the first, the items that
    /// moved most; with --plan, which planned raises happened.
    History {
        /// The dated assessments: files, or folders whose .json and .toml files are all of them.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// A roadmap as `zhuoyue plan --format json` writes it.
        #[arg(long, value_name = "PLAN.json")]
        plan: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
        /// Accept assessments that leave items unrated.
        #[arg(long)]
        partial: bool,
    },
    /// Check an assessment file against its framework without printing scores.
    Validate {
        file: PathBuf,
        /// Accept an assessment that leaves items unrated: score what is rated and report coverage.
        #[arg(long)]
        partial: bool,
    },
    /// List the frameworks (built-in and loaded), show one, or check a framework file.
    Criteria {
        #[command(subcommand)]
        action: Option<CriteriaAction>,
    },
    /// May we apply? Judge an assessment against an award's gates, line and floors.
    Readiness {
        file: PathBuf,
        #[arg(long, value_name = "ID")]
        award: String,
        /// The year the gates are judged in (years in operation, losses); default: this year.
        #[arg(long)]
        year: Option<i32>,
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
        /// Accept an assessment that leaves items unrated: score what is rated and report coverage.
        #[arg(long)]
        partial: bool,
    },
    /// The cheapest set of 5% raises that reaches a target or an award's line, cycle by cycle.
    Plan {
        file: PathBuf,
        #[command(flatten)]
        target: PlanTarget,
        /// Effort weights per item (JSON or TOML map of item id to a non-negative number; default 1).
        #[arg(long, value_name = "FILE")]
        effort: Option<PathBuf>,
        /// Most points of percent one item may rise in one improvement cycle (default: 15, or the
        /// largest multiple of the framework's step below it).
        #[arg(long)]
        max_raise: Option<u8>,
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
        /// Accept an assessment that leaves items unrated: score what is rated and report coverage.
        #[arg(long)]
        partial: bool,
    },
    /// A self-contained report (HTML with charts, or Markdown), with readiness and the roadmap to an
    /// award's line when `--award` is given.
    Report {
        file: PathBuf,
        #[arg(long, value_name = "ID")]
        award: Option<String>,
        /// The report's language: zh or en.
        #[arg(long, default_value = "zh", value_parser = parse_lang)]
        lang: Lang,
        #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
        format: ReportFormat,
        /// The year award gates are judged in; default: this year.
        #[arg(long)]
        year: Option<i32>,
        /// Write to this file (atomically) instead of standard output (`-`: standard output).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Accept an assessment that leaves items unrated: score what is rated and report coverage.
        #[arg(long)]
        partial: bool,
        /// An earlier dated assessment of the same organisation (repeatable): the report adds
        /// "since last time", a trend chart with its table and the items that moved most.
        #[arg(long, value_name = "FILE")]
        since: Vec<PathBuf>,
    },
    /// The application's self-assessment report (Word, HTML or Markdown): cover, organisational
    /// profile with its length against the award's limit, then clause by clause each item's
    /// guidance, narrative, results tables, strengths, OFIs and self-score. Unwritten parts are marked.
    Dossier {
        file: PathBuf,
        /// The award applied for (its profile length limit is checked).
        #[arg(long, value_name = "ID")]
        award: Option<String>,
        /// The dossier's language: zh or en.
        #[arg(long, default_value = "zh", value_parser = parse_lang)]
        lang: Lang,
        /// docx, html or md; default: from the output file's extension, else html.
        #[arg(long, value_enum)]
        format: Option<DossierFormat>,
        /// Where to write it (required; `-` writes HTML or Markdown to standard output).
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
    /// Examiners' consensus: a worksheet from independent assessments of one organisation, and with
    /// `--record` the consensus assessment (every override of the proposal says who and why).
    Consensus {
        /// Examiners' assessments or sealed scorebooks (JSON or TOML).
        #[arg(required_unless_present = "team", conflicts_with = "team")]
        files: Vec<PathBuf>,
        /// A team file (applicant, framework, leader, examiners = [{name, scorebook}], record):
        /// every assigned examiner's scorebook must be sealed before the worksheet is compiled.
        #[arg(long, value_name = "TEAM")]
        team: Option<PathBuf>,
        /// Flag items whose examiners differ by more than this many points of percent.
        #[arg(long, default_value_t = zhuoyue::consensus::DEFAULT_SPREAD_THRESHOLD)]
        threshold: u8,
        /// The team's decisions (JSON or TOML: framework, decisions = {item: {percent, by, why}}).
        #[arg(long, value_name = "FILE")]
        record: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
        /// With --record: write the consensus assessment here, atomically.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Examiners' scorebooks: a blank one (Excel or JSON/TOML), a workbook read back, sealing.
    Scorebook {
        #[command(subcommand)]
        action: ScorebookAction,
    },
    /// The applicant's feedback report from a team's sealed scorebooks and record: key themes,
    /// feedback-ready strengths and OFIs per item, scoring bands (HTML, Markdown or DOCX).
    Feedback {
        team: PathBuf,
        #[arg(long, value_parser = parse_lang, default_value = "zh")]
        lang: Lang,
        /// Default: from the output's extension (.docx, .md), else HTML.
        #[arg(long, value_enum)]
        format: Option<DossierFormat>,
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
    /// A folder of assessments as one table, with summaries per sector and over the bands. A file
    /// that fails is reported by name and the rest still counted; the exit code is then 1.
    Cohort {
        dir: PathBuf,
        /// Add each organisation's readiness verdict for this award.
        #[arg(long, value_name = "ID")]
        award: Option<String>,
        /// The year award gates are judged in; default: this year.
        #[arg(long)]
        year: Option<i32>,
        #[arg(long, value_enum, default_value_t = CohortFormat::Text)]
        format: CohortFormat,
        /// Accept an assessment that leaves items unrated: score what is rated and report coverage.
        #[arg(long)]
        partial: bool,
        /// Write the table here (atomically) instead of standard output; needed for xlsx.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// An earlier folder of the same organisations: each one's change (matched by
        /// organisation.id, else by name) and each sector's median change.
        #[arg(long, value_name = "DIR")]
        compare: Option<PathBuf>,
    },
    /// A programme's progress against its targets from a roster (TOML, JSON, or an Excel workbook
    /// with sheets meta, organisations, managers and applications), award candidates ranked by
    /// readiness, organisations without a trained manager, and the yearly plan table.
    Programme {
        roster: PathBuf,
        /// The programme targets id (default: the programme the roster names, e.g. city-drive-2013-2015).
        #[arg(long, value_name = "ID")]
        targets: Option<String>,
        /// Report up to this year (default: the programme's last year).
        #[arg(long)]
        year: Option<i32>,
        /// Rank organisations as award candidates by readiness for this award.
        #[arg(long, value_name = "ID")]
        award: Option<String>,
        /// Judge individuals for this individual award (default: each person's planned award).
        #[arg(long, value_name = "ID")]
        individual_award: Option<String>,
        /// Narrow progress, candidates and the plan table to one organising body.
        #[arg(long, value_name = "ID")]
        body: Option<String>,
        /// Write the training-and-award plan table for the year here: CSV (UTF-8 with BOM), or an
        /// Excel workbook when the name ends in .xlsx (with one sheet per organising body).
        #[arg(long, value_name = "OUT.csv|OUT.xlsx")]
        plan_table: Option<PathBuf>,
        /// Let the roster name assessment files outside its own folder.
        #[arg(long)]
        allow_outside: bool,
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
    /// Carry an assessment into another framework through a crosswalk.
    Crosswalk {
        file: PathBuf,
        /// The framework to translate into.
        #[arg(long, value_name = "ID")]
        to: String,
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
        /// Write the translated assessment (interchange JSON) to this file, atomically.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Accept an assessment that leaves items unrated: score what is rated and report coverage.
        #[arg(long)]
        partial: bool,
    },
    /// Frame-of-reference training: trainees' scorings of a case study (scorebooks, plain
    /// assessments or scorebook workbooks) compared with the expert reference, with a pass rule.
    Training {
        /// The expert reference: a scorebook rating every item (its comments are the reasoning).
        reference: PathBuf,
        /// The trainees' files, or folders of them (.json, .toml, .xlsx); a name is the scorebook's
        /// examiner, else the file's assessor, else the file name without extension.
        #[arg(required = true)]
        trainees: Vec<PathBuf>,
        /// The programme whose pass rule applies (its `[training]` thresholds), e.g. city-drive-2013-2015.
        #[arg(long, value_name = "ID")]
        targets: Option<String>,
        /// Also write the group's chart (each trainee's bias beside the pass band) as SVG.
        #[arg(long, value_name = "FILE.svg")]
        chart: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = CohortFormat::Text)]
        format: CohortFormat,
        /// Write to this file (atomically); a workbook needs one.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// List the award profiles (organisations' and individuals'), show one, or check a profile file.
    Awards {
        #[command(subcommand)]
        action: Option<AwardsAction>,
        /// The list's format: text, or a JSON array of {id, name, level, applicant, frameworks, score_line}.
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
    /// Write a blank assessment for a framework, or (--kind individual) an individual's nomination, to fill in.
    Template {
        #[arg(long, default_value = "gbt19580-2012")]
        framework: String,
        /// `organisation` (a self-assessment) or `individual` (a nomination for an individual award:
        /// the facts its gates read, JSON or TOML).
        #[arg(long, value_enum, default_value_t = KindArg::Organisation)]
        kind: KindArg,
        #[arg(long, value_enum, default_value_t = TemplateFormat::Json)]
        format: TemplateFormat,
        /// Write to this file (atomically) instead of standard output (`-`: standard output).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum ScorebookAction {
    /// A blank scorebook for one examiner and one applicant: an Excel workbook (.xlsx: sheets
    /// scores, summary, meta) or JSON/TOML, by the output's extension.
    Template {
        /// The applicant's assessment file (its framework and organisation).
        applicant: PathBuf,
        #[arg(long)]
        examiner: String,
        /// The applicant's id in the team file; default: the organisation's name, else the file name.
        #[arg(long, value_name = "ID")]
        id: Option<String>,
        /// The language of item names and guidance notes in the workbook.
        #[arg(long, value_parser = parse_lang, default_value = "zh")]
        lang: Lang,
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
    /// Read an examiner's workbook (.xlsx) into a scorebook (JSON, unsealed).
    Import {
        sheet: PathBuf,
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
    /// Check a scorebook against its framework and seal it (in place, or to -o): its content hash
    /// and the time are recorded; a sealed scorebook is read-only.
    Seal {
        file: PathBuf,
        /// The sealing time (UTC, e.g. 2026-11-26T09:30:00Z); default: now.
        #[arg(long)]
        at: Option<String>,
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Check a scorebook: its items and percents, and whether it is sealed and unedited.
    Check { file: PathBuf },
}

#[derive(Subcommand)]
enum CriteriaAction {
    /// List the frameworks.
    List,
    /// Show one framework: categories, items, points, dimensions and bands.
    Show {
        id: String,
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
    /// Validate a framework file.
    Check { file: PathBuf },
}

#[derive(Args)]
#[group(required = true, multiple = false)]
struct PlanTarget {
    /// A target total in points (e.g. 600 or 612.5).
    #[arg(long, value_name = "POINTS")]
    target: Option<String>,
    /// Plan to an award's score line and floors.
    #[arg(long, value_name = "ID")]
    award: Option<String>,
}

#[derive(Subcommand)]
enum AwardsAction {
    /// List the award profiles.
    List {
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
    /// Show one profile: line, floors, gates, provenance.
    Show {
        id: String,
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
    /// Validate an award profile file.
    Check { file: PathBuf },
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    Text,
    Json,
    Csv,
}

fn parse_lang(text: &str) -> Result<Lang, String> {
    Lang::parse(text).map_err(|e| e.to_string())
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    Html,
    Md,
}

#[derive(Clone, Copy, ValueEnum)]
enum DossierFormat {
    Docx,
    Html,
    Md,
}

#[derive(Clone, Copy, ValueEnum)]
enum ShowFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum TemplateFormat {
    Json,
    Toml,
    /// An Excel workbook (sheets scores, summary, meta); needs -o FILE.xlsx.
    Xlsx,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum KindArg {
    Organisation,
    Individual,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CohortFormat {
    Text,
    Json,
    Csv,
    /// An Excel workbook; needs -o FILE.xlsx.
    Xlsx,
}

/// A failure the user can act on: what went wrong, in which file.
struct Failure(String);

impl Failure {
    fn in_file(path: &Path, error: impl std::fmt::Display) -> Failure {
        Failure(format!("{}: {error}", path.display()))
    }
}

impl From<zhuoyue::Error> for Failure {
    fn from(e: zhuoyue::Error) -> Failure {
        Failure(e.to_string())
    }
}

/// What a command prints: text for a person (control characters escaped) or data (JSON, CSV)
/// passed through as it is; with the failures to report when only some inputs failed (exit 1).
struct Output {
    text: String,
    for_terminal: bool,
    partly_failed: Option<String>,
}

impl Output {
    fn text(text: String) -> Output {
        Output { text, for_terminal: true, partly_failed: None }
    }
    fn data(text: String) -> Output {
        Output { text, for_terminal: false, partly_failed: None }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse(); // exits 2 on usage errors
    match run(cli) {
        Ok(out) => {
            let text = if out.for_terminal { render::for_terminal(&out.text) } else { out.text };
            print!("{text}");
            match out.partly_failed {
                None => ExitCode::SUCCESS,
                Some(message) => {
                    eprintln!("zhuoyue: error: {}", render::for_terminal(&message));
                    ExitCode::from(1)
                }
            }
        }
        Err(Failure(message)) => {
            eprintln!("zhuoyue: error: {}", render::for_terminal(&message));
            ExitCode::from(1)
        }
    }
}

/// Today, from the system clock: the core never reads it, so the CLI passes it in.
fn today() -> Date {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    Date::from_unix_seconds(secs)
}

fn options(partial: bool, award: Option<String>, year: Option<i32>) -> Options {
    Options { partial, award, year, today: Some(today()), lang: Lang::default() }
}

fn run(cli: Cli) -> Result<Output, Failure> {
    let catalog = load_catalog(&cli.criteria, &cli.award_files, &cli.crosswalk_files)?;
    match cli.command {
        Command::Score { file, format, partial } => {
            let a = read_assessment(&catalog, &file)?;
            let scored =
                ops::score(&catalog, &a, &options(partial, None, None)).map_err(|e| check_failure(&file, &e))?;
            let fw = catalog.get(&scored.card.framework)?;
            Ok(match format {
                OutputFormat::Text => Output::text(render::text(fw, &scored)),
                OutputFormat::Json => Output::data(render::to_json(&scored)),
                OutputFormat::Csv => Output::data(render::csv(fw, &scored).map_err(csv_failure)?),
            })
        }
        Command::Calibrate { file, calibration_file, format, lang, partial } => {
            let mut catalog = catalog;
            let id = match &calibration_file {
                None => None,
                Some(path) => {
                    let text = files::read_limited(path).map_err(|e| Failure::in_file(path, e))?;
                    let c =
                        zhuoyue::calibration::Calibration::from_toml(&text).map_err(|e| Failure::in_file(path, e))?;
                    let id = c.id.clone();
                    catalog.add_calibration(c).map_err(|e| Failure::in_file(path, e))?;
                    Some(id)
                }
            };
            let a = read_assessment(&catalog, &file)?;
            let result = ops::calibrate(&catalog, &a, &options(partial, None, None), id.as_deref())
                .map_err(|e| check_failure(&file, &e))?;
            Ok(match format {
                ShowFormat::Text => {
                    Output::text(render::calibration(catalog.calibration(id.as_deref())?, &result, lang))
                }
                ShowFormat::Json => Output::data(render::to_json(&result)),
            })
        }
        Command::History { files: given, plan, format, partial } => {
            // A folder stands for its assessment files, in name order (the engine orders by date).
            let mut paths = Vec::with_capacity(given.len());
            for path in given {
                if path.is_dir() {
                    paths.extend(files::assessments_in(&path).map_err(|e| Failure::in_file(&path, e))?);
                } else {
                    paths.push(path);
                }
            }
            let mut inputs = Vec::with_capacity(paths.len());
            for path in &paths {
                inputs.push((path.display().to_string(), read_assessment(&catalog, path)?));
            }
            let plan_file = match &plan {
                None => None,
                Some(path) => {
                    let text = files::read_limited(path).map_err(|e| Failure::in_file(path, e))?;
                    let format = Format::detect(&path.to_string_lossy(), &text);
                    Some(zhuoyue::history::PlanFile::parse(&text, format).map_err(|e| Failure::in_file(path, e))?)
                }
            };
            let h = ops::history(&catalog, &inputs, &options(partial, None, None), plan_file.as_ref()).map_err(
                |e| match (&e, &plan) {
                    (zhuoyue::Error::In { source_name, source }, Some(p)) if source_name == "the plan" => {
                        Failure::in_file(p, source)
                    }
                    (zhuoyue::Error::In { source_name, source }, _) => paths
                        .iter()
                        .find(|p| p.display().to_string() == *source_name)
                        .map_or_else(|| Failure(e.to_string()), |p| check_failure(p, source)),
                    _ => Failure(e.to_string()),
                },
            )?;
            let fw = catalog.get(&h.framework)?;
            Ok(match format {
                OutputFormat::Text => Output::text(render::history(fw, &h)),
                OutputFormat::Json => Output::data(render::to_json(&h)),
                OutputFormat::Csv => Output::data(render::history_csv(fw, &h).map_err(csv_failure)?),
            })
        }
        Command::Validate { file, partial } => {
            let a = read_assessment(&catalog, &file)?;
            let v = ops::validate(&catalog, &a, &options(partial, None, None)).map_err(|e| check_failure(&file, &e))?;
            Ok(Output::text(render::validation(&file, &v)))
        }
        Command::Criteria { action } => match action.unwrap_or(CriteriaAction::List) {
            CriteriaAction::List => Ok(Output::text(render::criteria_list(&catalog))),
            CriteriaAction::Show { id, format } => {
                let framework = catalog.get(&id)?;
                Ok(match format {
                    ShowFormat::Text => Output::text(render::criteria_show(framework)),
                    ShowFormat::Json => Output::data(render::to_json(framework)),
                })
            }
            CriteriaAction::Check { file } => {
                let framework = load_framework(&file)?;
                Ok(Output::text(format!(
                    "ok: {}: framework {} {} ({} categories, {} items, {} points)\n",
                    file.display(),
                    framework.id,
                    framework.version,
                    framework.categories.len(),
                    framework.item_count(),
                    framework.max_points
                )))
            }
        },
        Command::Readiness { file, award, year, format, partial } => {
            let a = read_assessment(&catalog, &file)?;
            let opts = options(partial, Some(award), year);
            let judged = ops::readiness(&catalog, &a, &opts).map_err(|e| check_failure(&file, &e))?;
            Ok(match format {
                ShowFormat::Text => {
                    Output::text(render::readiness(catalog.award(&judged.award)?, &judged, opts.year()))
                }
                ShowFormat::Json => Output::data(render::to_json(&judged)),
            })
        }
        Command::Plan { file, target, effort, max_raise, format, partial } => {
            let a = read_assessment(&catalog, &file)?;
            let effort_file = effort.clone();
            let effort = match effort {
                None => EffortInput::Uniform,
                Some(path) => {
                    let text = files::read_limited(&path).map_err(|e| Failure::in_file(&path, e))?;
                    let format = Format::detect(&path.to_string_lossy(), &text);
                    EffortInput::Pairs(
                        zhuoyue::plan::Effort::pairs(&text, format).map_err(|e| Failure::in_file(&path, e))?,
                    )
                }
            };
            let request = PlanOptions { target: target.target, effort, max_raise: max_raise.map(i64::from) };
            let planned =
                ops::plan(&catalog, &a, &options(partial, target.award, None), &request).map_err(|e| {
                    match (e.code(), &effort_file) {
                        ("effort", Some(path)) => Failure::in_file(path, e),
                        _ => check_failure(&file, &e),
                    }
                })?;
            Ok(match format {
                ShowFormat::Text => {
                    Output::text(render::plan(catalog.get(&a.framework)?, &planned.plan, &planned.gaps))
                }
                ShowFormat::Json => Output::data(render::to_json(&planned)),
            })
        }
        Command::Report { file, award, lang, format, year, output, partial, since } => {
            let a = read_assessment(&catalog, &file)?;
            let opts = Options { lang, ..options(partial, award, year) };
            let kind = match format {
                ReportFormat::Html => Report::Html,
                ReportFormat::Md => Report::Markdown,
            };
            let mut earlier = Vec::with_capacity(since.len());
            for path in &since {
                earlier.push((path.display().to_string(), read_assessment(&catalog, path)?));
            }
            let text = ops::report_since(&catalog, &a, &earlier, &opts, kind).map_err(|e| match &e {
                zhuoyue::Error::In { source_name, source } => since
                    .iter()
                    .find(|p| p.display().to_string() == *source_name)
                    .map_or_else(|| check_failure(&file, source), |p| check_failure(p, source)),
                zhuoyue::Error::History { .. } => Failure(format!("{}: {e}", file.display())),
                _ => check_failure(&file, &e),
            })?;
            let mut inputs: Vec<&Path> = vec![&file];
            inputs.extend(since.iter().map(PathBuf::as_path));
            emit(output.as_deref(), text, &inputs)
        }
        Command::Dossier { file, award, lang, format, output } => {
            let a = read_assessment(&catalog, &file)?;
            let kind = document_kind(format, &output);
            if kind == ops::DossierFormat::Docx && is_stdout(&output) {
                return Err(Failure("a DOCX is a binary file: give -o a file name such as dossier.docx".into()));
            }
            let opts = Options { lang, ..options(false, award, None) };
            let bytes = ops::dossier(&catalog, &a, &opts, kind).map_err(|e| check_failure(&file, &e))?;
            emit_bytes(Some(&output), bytes, &[&file])
        }
        Command::Consensus { files: paths, team, threshold, record, format, output } => {
            let loaded = team.as_deref().map(|t| load_team(&catalog, t)).transpose()?;
            let record_file = match (&loaded, record) {
                (Some(_), Some(_)) => {
                    return Err(Failure("give the record in the team file (`record = ...`), not with --record".into()))
                }
                (Some(loaded), None) => loaded.record.clone(),
                (None, record) => record,
            };
            let record = record_file.as_deref().map(read_record).transpose()?;
            let (result, paths) = match (&loaded, &team) {
                (Some(loaded), Some(team_path)) => {
                    let review = ops::TeamReview {
                        team: &loaded.team,
                        application: loaded.application.as_ref(),
                        scorebooks: &loaded.books,
                        record: record.as_ref(),
                    };
                    let result = ops::team_consensus(&catalog, review, threshold)
                        .map_err(|e| loaded.failure(e, record_file.as_deref()))?;
                    let mut inputs = loaded.book_paths.clone();
                    inputs.push(team_path.clone());
                    (result, inputs)
                }
                _ => {
                    let mut examiners = Vec::new();
                    for path in &paths {
                        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                        let text = files::read_limited(path).map_err(|e| Failure::in_file(path, e))?;
                        let format = Format::detect(&path.to_string_lossy(), &text);
                        examiners.push(if zhuoyue::scorebook::Scorebook::looks_like(&text, format) {
                            Examiner::from_scorebook(
                                zhuoyue::scorebook::Scorebook::parse(&text, format)
                                    .map_err(|e| Failure::in_file(path, e))?,
                            )
                        } else {
                            Examiner::from_assessment(
                                stem,
                                Assessment::parse(&text, format).map_err(|e| Failure::in_file(path, e))?,
                            )
                        });
                    }
                    let result =
                        ops::consensus(&catalog, &examiners, threshold, record.as_ref()).map_err(|e| match &e {
                            zhuoyue::Error::In { source_name, source } => examiners
                                .iter()
                                .zip(&paths)
                                .find(|(x, p)| {
                                    x.name == *source_name
                                        || p.file_stem().is_some_and(|s| s.to_string_lossy() == *source_name)
                                })
                                .map_or_else(|| Failure(e.to_string()), |(_, p)| check_failure(p, source)),
                            // Past the examiners' files, what fails is the record's decisions.
                            _ => match &record_file {
                                Some(path) => Failure::in_file(path, e),
                                None => Failure(e.to_string()),
                            },
                        })?;
                    (result, paths)
                }
            };
            let mut inputs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
            inputs.extend(record_file.as_deref());
            let mut out = match format {
                ShowFormat::Text => Output::text(render::worksheet(&result.worksheet)),
                ShowFormat::Json => Output::data(render::to_json(&result)),
            };
            if let Some(agreed) = &result.agreed {
                if matches!(format, ShowFormat::Text) {
                    out.text.push_str(&render::agreed(&agreed.score, &agreed.overrides));
                }
                if let Some(target) = output {
                    let text = format!("{}\n", agreed.assessment.to_json());
                    let wrote = emit(Some(&target), text, &inputs)?;
                    if is_stdout(&target) {
                        return Ok(wrote);
                    }
                    if matches!(format, ShowFormat::Text) {
                        out.text.push_str(&wrote.text);
                    }
                }
            }
            Ok(out)
        }
        Command::Scorebook { action } => scorebook(&catalog, action),
        Command::Feedback { team, lang, format, output } => {
            let kind = document_kind(format, &output);
            if kind == ops::DossierFormat::Docx && is_stdout(&output) {
                return Err(Failure("a DOCX is a binary file: give -o a file name such as feedback.docx".into()));
            }
            let loaded = load_team(&catalog, &team)?;
            let record_path = loaded.record.clone();
            let record = record_path.as_deref().map(read_record).transpose()?;
            let review = ops::TeamReview {
                team: &loaded.team,
                application: loaded.application.as_ref(),
                scorebooks: &loaded.books,
                record: record.as_ref(),
            };
            let opts = Options { lang, ..options(false, None, None) };
            let bytes =
                ops::feedback(&catalog, review, &opts, kind).map_err(|e| loaded.failure(e, record_path.as_deref()))?;
            let mut inputs: Vec<&Path> = loaded.book_paths.iter().map(PathBuf::as_path).collect();
            inputs.push(&team);
            inputs.extend(record_path.as_deref());
            emit_bytes(Some(&output), bytes, &inputs)
        }
        Command::Programme {
            roster,
            targets,
            year,
            award,
            individual_award,
            body,
            plan_table,
            format,
            allow_outside,
        } => {
            let list = if is_xlsx(&roster) {
                let bytes = files::read_bytes_limited(&roster).map_err(|e| Failure::in_file(&roster, e))?;
                zhuoyue::sheet::roster_from_workbook(&bytes).map_err(|e| Failure::in_file(&roster, e))?
            } else {
                let text = files::read_limited(&roster).map_err(|e| Failure::in_file(&roster, e))?;
                zhuoyue::programme::Roster::parse(&text, Format::detect(&roster.to_string_lossy(), &text))
                    .map_err(|e| Failure::in_file(&roster, e))?
            };
            let base = roster.parent().map(Path::to_path_buf).unwrap_or_default();
            let mut assessments = Vec::new();
            let mut paths = Vec::new();
            let files = list.organisations.iter().filter_map(|m| m.assessment.as_ref().map(|f| (&m.id, f)));
            let nominations = list.individuals.iter().filter_map(|p| p.nomination.as_ref().map(|f| (&p.id, f)));
            for (id, file) in files.chain(nominations) {
                let path = files::inside(&base, Path::new(file), allow_outside, "roster")
                    .map_err(|e| Failure::in_file(&roster, e))?;
                assessments.push((id.clone(), read_assessment(&catalog, &path)?));
                paths.push((id.clone(), path));
            }
            let opts = options(true, award, year);
            let request = ops::ProgrammeRequest { targets, body, individual_award };
            let result = ops::programme(&catalog, &list, &request, &assessments, &opts).map_err(|e| match &e {
                zhuoyue::Error::In { source_name, source } => paths
                    .iter()
                    .find(|(id, _)| id == source_name)
                    .map_or_else(|| Failure(e.to_string()), |(_, p)| Failure::in_file(p, source)),
                _ => Failure::in_file(&roster, e),
            })?;
            let mut out = match format {
                ShowFormat::Text => Output::text(render::progress(&result)),
                ShowFormat::Json => Output::data(render::to_json(&result)),
            };
            if let Some(path) = plan_table {
                let mut inputs: Vec<&Path> = vec![&roster];
                inputs.extend(paths.iter().map(|(_, p)| p.as_path()));
                let wrote = if is_xlsx(&path) {
                    // The roster's (or the body's) table first, then one sheet per organising body.
                    let sheets: Vec<(String, &ops::PlanTable)> =
                        std::iter::once(("plan".to_string(), &result.plan_table))
                            .chain(
                                result
                                    .plan_tables
                                    .iter()
                                    .filter(|_| result.progress.body.is_none())
                                    .map(|t| (t.body.clone().unwrap_or_default(), t)),
                            )
                            .collect();
                    let cells: Vec<zhuoyue::sheet::Table> = sheets
                        .iter()
                        .map(|(name, table)| {
                            let rows: Vec<Vec<render::Val>> = table
                                .rows
                                .iter()
                                .map(|r| r.iter().map(|c| render::Val::Text(c.clone())).collect())
                                .collect();
                            (name.clone(), table.headers.clone(), render::sheet_cells(&rows))
                        })
                        .collect();
                    let bytes = zhuoyue::sheet::tables_workbook(&cells)?;
                    emit_bytes(Some(&path), bytes, &inputs)?
                } else {
                    emit(Some(&path), render::plan_table(&result.plan_table).map_err(csv_failure)?, &inputs)?
                };
                if is_stdout(&path) {
                    return Ok(wrote);
                }
                // JSON output stays one JSON document.
                if matches!(format, ShowFormat::Text) {
                    out.text.push_str(&format!(
                        "{} ({} organisations and individuals planned for {}{})\n",
                        wrote.text.trim_end(),
                        result.plan_table.rows.len(),
                        result.year,
                        if is_xlsx(&path) && !result.plan_tables.is_empty() && result.progress.body.is_none() {
                            format!("; one sheet per organising body: {}", result.plan_tables.len())
                        } else {
                            String::new()
                        }
                    ));
                }
            }
            Ok(out)
        }
        Command::Cohort { dir, award, year, format, partial, output, compare } => {
            let read_dir = |dir: &Path| -> Result<(Vec<PathBuf>, Vec<Source>), Failure> {
                let files = files::assessments_in(dir).map_err(|e| Failure::in_file(dir, e))?;
                let sources = files
                    .iter()
                    .map(|path| Source {
                        name: path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
                        text: files::read_limited(path).map_err(|e| e.to_string()),
                    })
                    .collect();
                Ok((files, sources))
            };
            let (files, sources) = read_dir(&dir)?;
            let opts = options(partial, award, year);
            let cohort = match &compare {
                None => ops::cohort(&catalog, &sources, &opts).map_err(|e| Failure::in_file(&dir, e))?,
                Some(earlier) => {
                    if matches!(format, CohortFormat::Csv | CohortFormat::Xlsx) {
                        return Err(Failure("--compare gives text or json".into()));
                    }
                    let (_, before) = read_dir(earlier)?;
                    ops::cohort_compare(&catalog, &sources, &before, &opts).map_err(|e| match e {
                        zhuoyue::Error::In { source, .. } => Failure::in_file(earlier, source),
                        e => Failure::in_file(&dir, e),
                    })?
                }
            };
            let mut out = tabular(
                format,
                output.as_deref(),
                &[],
                "cohort",
                || render::cohort(&cohort),
                || render::to_json(&cohort),
                || render::cohort_table(&cohort),
            )?;
            if !cohort.failures.is_empty() {
                let lines: Vec<String> = cohort.failures.iter().map(|f| format!("{}: {}", f.source, f.error)).collect();
                out.partly_failed =
                    Some(format!("{} of {} files failed:\n  {}", lines.len(), files.len(), lines.join("\n  ")));
            }
            Ok(out)
        }
        Command::Crosswalk { file, to, format, output, partial } => {
            let a = read_assessment(&catalog, &file)?;
            let translated = ops::crosswalk(&catalog, &a, &to, &options(partial, None, None))
                .map_err(|e| check_failure(&file, &e))?;
            let mut out = match format {
                ShowFormat::Text => Output::text(render::translation(&translated)),
                ShowFormat::Json => Output::data(render::to_json(&translated)),
            };
            if let Some(path) = output {
                let text = format!("{}\n", translated.assessment.to_json());
                let wrote = emit(Some(&path), text, &[&file])?;
                if is_stdout(&path) {
                    return Ok(wrote);
                }
                out.text.push_str(&wrote.text);
            }
            Ok(out)
        }
        Command::Training { reference, trainees, targets, chart, format, output } => {
            let expert = read_examiner(&catalog, &reference)?;
            // A folder stands for the trainees' files in it.
            let mut listed = Vec::new();
            for path in trainees {
                if path.is_dir() {
                    listed.extend(files::scorers_in(&path).map_err(|e| Failure::in_file(&path, e))?);
                } else {
                    listed.push(path);
                }
            }
            let trainees = listed;
            let mut group = Vec::new();
            for path in &trainees {
                group.push(read_examiner(&catalog, path)?);
            }
            // A failure names the file: a trainee's, found by the name the error gives, else the reference's.
            let file_of = |name: &str| group.iter().zip(&trainees).find(|(x, _)| x.name == name).map(|(_, p)| p);
            let result = ops::training(&catalog, &expert, &group, targets.as_deref()).map_err(|e| match &e {
                zhuoyue::Error::In { source_name, source } => match file_of(source_name) {
                    Some(path) => check_failure(path, source),
                    None => check_failure(&reference, source),
                },
                zhuoyue::Error::Training { entry, .. } => match entry.strip_prefix("trainee ").and_then(file_of) {
                    Some(path) => Failure::in_file(path, e),
                    None => Failure::in_file(&reference, e),
                },
                _ => Failure(e.to_string()),
            })?;
            let mut inputs: Vec<&Path> = trainees.iter().map(PathBuf::as_path).collect();
            inputs.push(&reference);
            // The table first: a format it cannot give (a workbook to the terminal) writes nothing.
            let mut out = tabular(
                format,
                output.as_deref(),
                &inputs,
                "training",
                || render::training(&result),
                || render::to_json(&result),
                || render::training_table(&result),
            )?;
            let wrote_chart = match &chart {
                Some(path) => Some(emit(Some(path), format!("{}\n", result.group.chart), &inputs)?),
                None => None,
            };
            if let (Some(wrote), CohortFormat::Text) = (wrote_chart, format) {
                out.text.push_str(&wrote.text);
            }
            Ok(out)
        }
        Command::Awards { action, format } => match action.unwrap_or(AwardsAction::List { format }) {
            AwardsAction::List { format } => Ok(match format {
                ShowFormat::Text => Output::text(render::awards_list(&catalog)),
                ShowFormat::Json => Output::data(render::to_json(&ops::awards(&catalog))),
            }),
            AwardsAction::Show { id, format } => {
                let award = catalog.award(&id)?;
                Ok(match format {
                    ShowFormat::Text => Output::text(render::award_show(award)),
                    ShowFormat::Json => Output::data(render::to_json(award)),
                })
            }
            AwardsAction::Check { file } => {
                let award = load_award(&file)?;
                for framework in &award.frameworks {
                    let framework = catalog.get(framework).map_err(|e| Failure::in_file(&file, e))?;
                    award.applies_to(framework).map_err(|e| Failure::in_file(&file, e))?;
                }
                Ok(Output::text(format!(
                    "ok: {}: award {} {} (for {} applicants, {} gates, {}, for {})\n",
                    file.display(),
                    award.id,
                    award.version,
                    award.applicant.id(),
                    award.gates.len(),
                    award.score_line.map_or_else(|| "no score line".to_string(), |l| format!("line {l}")),
                    if award.frameworks.is_empty() { "any rubric".to_string() } else { award.frameworks.join(", ") }
                )))
            }
        },
        Command::Template { kind: KindArg::Individual, format, output, .. } => {
            let blank = Assessment::individual_template();
            let text = match format {
                TemplateFormat::Json => format!("{}\n", blank.to_json()),
                TemplateFormat::Toml => render::individual_template_toml(&blank)?,
                TemplateFormat::Xlsx => {
                    return Err(Failure("a nomination is a short file: --kind individual writes json or toml".into()))
                }
            };
            emit(output.as_deref(), text, &[])
        }
        Command::Template { framework, format, output, kind: KindArg::Organisation } => {
            let framework = catalog.get(&framework)?;
            let sectors: Vec<&str> = catalog.sectors().iter().map(|s| s.id.as_str()).collect();
            let text = match format {
                TemplateFormat::Json => render::template_json(framework, &sectors),
                TemplateFormat::Toml => render::template_toml(framework, &sectors),
                TemplateFormat::Xlsx => {
                    let Some(path) = output.as_deref().filter(|p| !is_stdout(p)) else {
                        return Err(Failure(
                            "a workbook is a binary file: give -o a file name such as assessment.xlsx".into(),
                        ));
                    };
                    let blank = Assessment::template(framework, sectors.last().copied());
                    let bytes = zhuoyue::sheet::assessment_workbook(framework, &blank, Lang::default())?;
                    return emit_bytes(Some(path), bytes, &[]);
                }
            };
            emit(output.as_deref(), text, &[])
        }
    }
}

/// A document's format: the one asked for, else the output's extension (.docx, .md), else HTML.
fn document_kind(format: Option<DossierFormat>, output: &Path) -> ops::DossierFormat {
    let from_name = output.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let format = match (format, from_name.as_deref()) {
        (Some(f), _) => f,
        (None, Some("docx")) => DossierFormat::Docx,
        (None, Some("md" | "markdown")) => DossierFormat::Md,
        _ => DossierFormat::Html,
    };
    match format {
        DossierFormat::Docx => ops::DossierFormat::Docx,
        DossierFormat::Html => ops::DossierFormat::Html,
        DossierFormat::Md => ops::DossierFormat::Markdown,
    }
}

/// A team file and what it names, read; failures name the file they come from.
struct LoadedTeam {
    path: PathBuf,
    team: zhuoyue::consensus::Team,
    record: Option<PathBuf>,
    application: Option<Assessment>,
    books: Vec<Scorebook>,
    book_paths: Vec<PathBuf>,
}

impl LoadedTeam {
    /// An operation's error, in the file it comes from: a scorebook (by its examiner), the
    /// record, or else the team file.
    fn failure(&self, e: zhuoyue::Error, record: Option<&Path>) -> Failure {
        if let zhuoyue::Error::In { source_name, source } = &e {
            if let Some(i) = self.team.examiners.iter().position(|m| m.name == *source_name) {
                return check_failure(&self.book_paths[i], source);
            }
            if let (Some(path), "record") = (record, source_name.as_str()) {
                return Failure::in_file(path, source);
            }
        }
        Failure::in_file(&self.path, e)
    }
}

fn load_team(catalog: &Catalog, path: &Path) -> Result<LoadedTeam, Failure> {
    let text = files::read_limited(path).map_err(|e| Failure::in_file(path, e))?;
    let team = zhuoyue::consensus::Team::parse(&text, Format::detect(&path.to_string_lossy(), &text))
        .map_err(|e| Failure::in_file(path, e))?;
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let within =
        |file: &str| files::inside(&base, Path::new(file), false, "team file").map_err(|e| Failure::in_file(path, e));
    let record = team.record.as_deref().map(within).transpose()?;
    let application = team
        .application
        .as_deref()
        .map(within)
        .transpose()?
        .as_deref()
        .map(|p| read_assessment(catalog, p))
        .transpose()?;
    let mut books = Vec::new();
    let mut book_paths = Vec::new();
    for member in &team.examiners {
        let p = within(&member.scorebook)?;
        books.push(read_scorebook(&p)?);
        book_paths.push(p);
    }
    Ok(LoadedTeam { path: path.to_path_buf(), team, record, application, books, book_paths })
}

fn read_record(path: &Path) -> Result<zhuoyue::consensus::Record, Failure> {
    let text = files::read_limited(path).map_err(|e| Failure::in_file(path, e))?;
    zhuoyue::consensus::Record::parse(&text, Format::detect(&path.to_string_lossy(), &text))
        .map_err(|e| Failure::in_file(path, e))
}

fn read_scorebook(path: &Path) -> Result<Scorebook, Failure> {
    let text = files::read_limited(path).map_err(|e| Failure::in_file(path, e))?;
    Scorebook::parse(&text, Format::detect(&path.to_string_lossy(), &text)).map_err(|e| Failure::in_file(path, e))
}

/// Refuses to write over a sealed scorebook: sealed scorebooks are read-only.
fn refuse_sealed(path: &Path) -> Result<(), Failure> {
    if is_stdout(path) || !path.is_file() {
        return Ok(());
    }
    if let Ok(text) = files::read_limited(path) {
        let format = Format::detect(&path.to_string_lossy(), &text);
        if let Ok(book) = Scorebook::parse(&text, format) {
            book.ensure_editable().map_err(|e| Failure::in_file(path, e))?;
        }
    }
    Ok(())
}

/// Now, as the UTC time a seal records.
fn now_utc() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let day = Date::from_unix_seconds(secs);
    let s = secs % 86_400;
    format!("{day}T{:02}:{:02}:{:02}Z", s / 3600, s % 3600 / 60, s % 60)
}

fn scorebook(catalog: &Catalog, action: ScorebookAction) -> Result<Output, Failure> {
    match action {
        ScorebookAction::Template { applicant, examiner, id, lang, output } => {
            let a = read_assessment(catalog, &applicant)?;
            let fw = catalog.get(&a.framework).map_err(|e| Failure::in_file(&applicant, e))?;
            let id = id
                .or_else(|| a.organisation.id.clone().filter(|n| !n.trim().is_empty()))
                .or_else(|| a.organisation.name.clone().filter(|n| !n.trim().is_empty()))
                .or_else(|| applicant.file_stem().map(|s| s.to_string_lossy().into_owned()))
                .unwrap_or_default();
            let book = Scorebook::template(fw, &id, &examiner);
            book.ensure_editable()?;
            refuse_sealed(&output)?;
            let bytes = match output.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
                Some("xlsx") => {
                    zhuoyue::sheet::scorebook_workbook(fw, &book, lang).map_err(|e| Failure::in_file(&output, e))?
                }
                Some("toml") => book.to_toml().map_err(|e| Failure::in_file(&output, e))?.into_bytes(),
                _ => format!("{}\n", book.to_json()).into_bytes(),
            };
            emit_bytes(Some(&output), bytes, &[&applicant])
        }
        ScorebookAction::Import { sheet, output } => {
            let bytes = files::read_bytes_limited(&sheet).map_err(|e| Failure::in_file(&sheet, e))?;
            let book =
                zhuoyue::sheet::scorebook_from_workbook(&bytes, catalog).map_err(|e| Failure::in_file(&sheet, e))?;
            refuse_sealed(&output)?;
            emit(Some(&output), format!("{}\n", book.to_json()), &[&sheet])
        }
        ScorebookAction::Seal { file, at, output } => {
            let book = read_scorebook(&file)?;
            let at = at.unwrap_or_else(now_utc);
            let sealed = ops::seal(catalog, &book, &at).map_err(|e| check_failure(&file, &e))?;
            let target = output.unwrap_or_else(|| file.clone());
            if target != file {
                refuse_sealed(&target)?;
            }
            let text = match Format::detect(&target.to_string_lossy(), "") {
                Format::Toml => sealed.to_toml().map_err(|e| Failure::in_file(&target, e))?,
                Format::Json => format!("{}\n", sealed.to_json()),
            };
            // Sealing in place replaces the unsealed file atomically: nothing else may be its output.
            let inputs: Vec<&Path> = if target == file { Vec::new() } else { vec![&file] };
            let mut out = emit(Some(&target), text, &inputs)?;
            if let Some(seal) = &sealed.sealed {
                out.text = format!("sealed {} at {} (sha256 {})\n", target.display(), seal.at, seal.sha256);
            }
            Ok(out)
        }
        ScorebookAction::Check { file } => {
            let book = read_scorebook(&file)?;
            let partial = options(true, None, None);
            ops::validate(catalog, &book.assessment(), &partial).map_err(|e| check_failure(&file, &e))?;
            let rated = book.items.0.iter().filter(|(_, i)| i.percent.is_some()).count();
            let comments: usize = book.items.0.iter().map(|(_, i)| i.comments.len()).sum();
            let state = match &book.sealed {
                Some(seal) => format!("sealed at {}, unedited", seal.at),
                None => "not sealed".to_string(),
            };
            Ok(Output::text(format!(
                "ok: {}: scorebook of {} by {} ({}; {rated} items rated, {comments} comments; {state})\n",
                file.display(),
                book.applicant,
                book.examiner,
                book.framework
            )))
        }
    }
}

fn csv_failure(e: csv::Error) -> Failure {
    Failure(format!("writing CSV: {e}"))
}

fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Where a document goes: standard output when no file or `-` is given, else the file, written
/// atomically, never over one of the command's inputs.
fn emit(path: Option<&Path>, text: String, inputs: &[&Path]) -> Result<Output, Failure> {
    emit_bytes(path, text.into_bytes(), inputs)
}

/// Writes bytes to `path` (atomically), or hands text to standard output.
fn emit_bytes(path: Option<&Path>, bytes: Vec<u8>, inputs: &[&Path]) -> Result<Output, Failure> {
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).map_err(|_| Failure("the output is not text".into()));
    match path {
        None => Ok(Output::data(text(bytes)?)),
        Some(p) if is_stdout(p) => Ok(Output::data(text(bytes)?)),
        Some(p) => {
            if let Some(input) = inputs.iter().find(|i| files::same_file(i, p)) {
                return Err(Failure::in_file(
                    p,
                    format!(
                        "is the input {}; write the output elsewhere (rule: outputs never replace inputs)",
                        input.display()
                    ),
                ));
            }
            files::write_atomic(p, &bytes).map_err(|e| Failure::in_file(p, e))?;
            Ok(Output::text(format!("wrote {}\n", p.display())))
        }
    }
}

fn load_catalog(frameworks: &[PathBuf], awards: &[PathBuf], crosswalks: &[PathBuf]) -> Result<Catalog, Failure> {
    let mut catalog = Catalog::builtin().map_err(|e| Failure(format!("built-in criteria: {e}")))?;
    for path in frameworks {
        let framework = load_framework(path)?;
        catalog.add(framework).map_err(|e| Failure::in_file(path, e))?;
    }
    for path in awards {
        let award = load_award(path)?;
        catalog.add_award(award).map_err(|e| Failure::in_file(path, e))?;
    }
    for path in crosswalks {
        let text = files::read_limited(path).map_err(|e| Failure::in_file(path, e))?;
        let crosswalk = zhuoyue::crosswalk::Crosswalk::from_toml(&text).map_err(|e| Failure::in_file(path, e))?;
        catalog.add_crosswalk(crosswalk).map_err(|e| Failure::in_file(path, e))?;
    }
    Ok(catalog)
}

fn load_award(path: &Path) -> Result<AwardProfile, Failure> {
    let text = files::read_limited(path).map_err(|e| Failure::in_file(path, e))?;
    AwardProfile::from_toml(&text).map_err(|e| Failure::in_file(path, e))
}

fn load_framework(path: &Path) -> Result<Framework, Failure> {
    let text = files::read_limited(path).map_err(|e| Failure::in_file(path, e))?;
    Framework::from_toml(&text).map_err(|e| Failure::in_file(path, e))
}

fn is_xlsx(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// Reads and parses an assessment file (JSON, TOML, or an Excel workbook by its .xlsx name); an
/// error names the file (and the sheet and cell).
/// A table-shaped result in the format asked: text, JSON, CSV, or a workbook named after `sheet`
/// (which needs `-o FILE`: a workbook is binary), written to `output` (never over one of
/// `inputs`) or printed.
fn tabular(
    format: CohortFormat,
    output: Option<&Path>,
    inputs: &[&Path],
    sheet: &str,
    text: impl FnOnce() -> String,
    json: impl FnOnce() -> String,
    table: impl FnOnce() -> (Vec<String>, Vec<Vec<render::Val>>),
) -> Result<Output, Failure> {
    let bytes = match format {
        CohortFormat::Text => text().into_bytes(),
        CohortFormat::Json => json().into_bytes(),
        CohortFormat::Csv => {
            let (headers, rows) = table();
            render::table_csv(&headers, &rows).map_err(csv_failure)?.into_bytes()
        }
        CohortFormat::Xlsx => {
            if output.is_none_or(is_stdout) {
                return Err(Failure(format!("a workbook is a binary file: give -o a file name such as {sheet}.xlsx")));
            }
            let (headers, rows) = table();
            zhuoyue::sheet::table_workbook(sheet, &headers, &render::sheet_cells(&rows))?
        }
    };
    Ok(match output {
        Some(path) => emit_bytes(Some(path), bytes, inputs)?,
        None if format == CohortFormat::Text => Output::text(String::from_utf8_lossy(&bytes).into_owned()),
        None => Output::data(String::from_utf8_lossy(&bytes).into_owned()),
    })
}

/// A scorer's file: a scorebook (JSON/TOML, or a scorebook workbook .xlsx) or a plain assessment,
/// named by the scorebook's examiner, else the assessment's assessor, else the file name.
fn read_examiner(catalog: &Catalog, path: &Path) -> Result<Examiner, Failure> {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    if is_xlsx(path) {
        let bytes = files::read_bytes_limited(path).map_err(|e| Failure::in_file(path, e))?;
        return zhuoyue::sheet::scorebook_from_workbook(&bytes, catalog)
            .map(Examiner::from_scorebook)
            .map_err(|e| Failure::in_file(path, e));
    }
    let text = files::read_limited(path).map_err(|e| Failure::in_file(path, e))?;
    let format = Format::detect(&path.to_string_lossy(), &text);
    if zhuoyue::scorebook::Scorebook::looks_like(&text, format) {
        let book = zhuoyue::scorebook::Scorebook::parse(&text, format).map_err(|e| Failure::in_file(path, e))?;
        return Ok(Examiner::from_scorebook(book));
    }
    let a = Assessment::parse(&text, format).map_err(|e| Failure::in_file(path, e))?;
    let name = a.assessor.clone().filter(|n| !n.trim().is_empty()).unwrap_or(stem);
    Ok(Examiner::from_assessment(name, a))
}

fn read_assessment(catalog: &Catalog, path: &Path) -> Result<Assessment, Failure> {
    if is_xlsx(path) {
        let bytes = files::read_bytes_limited(path).map_err(|e| Failure::in_file(path, e))?;
        return zhuoyue::sheet::assessment_from_workbook(&bytes, catalog).map_err(|e| Failure::in_file(path, e));
    }
    let text = files::read_limited(path).map_err(|e| Failure::in_file(path, e))?;
    Assessment::parse(&text, Format::detect(&path.to_string_lossy(), &text)).map_err(|e| Failure::in_file(path, e))
}

/// A file's error, with a hint when only `--partial` was missing.
fn check_failure(path: &Path, e: &zhuoyue::Error) -> Failure {
    let hint = if e.code() == "missing-items" {
        "\n  hint: --partial scores the rated items and reports coverage"
    } else {
        ""
    };
    Failure(format!("{}: {e}{hint}", path.display()))
}
