//! `zhuoyue`: the command-line surface. Reads files, runs the core pipeline, prints or writes.
//! Exit codes: 0 success, 1 invalid input (the message names file, item and rule), 2 usage error.

mod files;
mod render;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use zhuoyue::award::AwardProfile;
use zhuoyue::plan::{Effort, Target};
use zhuoyue::{Assessment, Catalog, Completeness, Format, Framework, Points};

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
    /// Check an assessment file against its framework without printing scores.
    Validate {
        file: PathBuf,
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
        #[arg(long)]
        partial: bool,
    },
    /// A self-contained report (HTML with charts, or Markdown), with readiness and the roadmap to an
    /// award's line when `--award` is given.
    Report {
        file: PathBuf,
        #[arg(long, value_name = "ID")]
        award: Option<String>,
        #[arg(long, value_enum, default_value_t = ReportLang::Zh)]
        lang: ReportLang,
        #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
        format: ReportFormat,
        /// The year award gates are judged in; default: this year.
        #[arg(long)]
        year: Option<i32>,
        /// Write to this file (atomically) instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        #[arg(long)]
        partial: bool,
    },
    /// Examiners' consensus: a worksheet from independent assessments of one organisation, and with
    /// `--record` the consensus assessment (every override of the proposal says who and why).
    Consensus {
        #[arg(required = true)]
        files: Vec<PathBuf>,
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
    /// A folder of assessments as one table, with summaries per sector and over the bands. A file
    /// that fails is reported by name and the rest still counted; the exit code is then 1.
    Cohort {
        dir: PathBuf,
        /// Add each organisation's readiness verdict for this award.
        #[arg(long, value_name = "ID")]
        award: Option<String>,
        #[arg(long)]
        year: Option<i32>,
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
        #[arg(long)]
        partial: bool,
    },
    /// A programme's progress against its targets from a roster, award candidates ranked by
    /// readiness, organisations without a trained manager, and the yearly plan table.
    Programme {
        roster: PathBuf,
        /// The programme targets id (e.g. city-drive-2013-2015).
        #[arg(long, value_name = "ID")]
        targets: String,
        /// Report up to this year (default: the programme's last year).
        #[arg(long)]
        year: Option<i32>,
        /// Rank award candidates by readiness for this award.
        #[arg(long, value_name = "ID")]
        award: Option<String>,
        /// Write the training-and-award plan table for the year here (CSV, UTF-8 with BOM).
        #[arg(long, value_name = "OUT.csv")]
        plan_table: Option<PathBuf>,
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
        #[arg(long)]
        partial: bool,
    },
    /// List the award profiles, show one, or check a profile file.
    Awards {
        #[command(subcommand)]
        action: Option<AwardsAction>,
    },
    /// Write a blank assessment for a framework, to fill in.
    Template {
        #[arg(long, default_value = "gbt19580-2012")]
        framework: String,
        #[arg(long, value_enum, default_value_t = TemplateFormat::Json)]
        format: TemplateFormat,
        /// Write to this file (atomically) instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
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
    #[arg(long, value_parser = parse_points)]
    target: Option<Points>,
    /// Plan to an award's score line and floors.
    #[arg(long, value_name = "ID")]
    award: Option<String>,
}

fn parse_points(text: &str) -> Result<Points, String> {
    Points::parse(text).ok_or_else(|| format!("`{text}` is not a number of points (e.g. 600 or 612.5)"))
}

#[derive(Subcommand)]
enum AwardsAction {
    /// List the award profiles.
    List,
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

#[derive(Clone, Copy, ValueEnum)]
enum ReportLang {
    Zh,
    En,
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
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
}

/// A failure the user can act on: what went wrong, in which file.
struct Failure(String);

/// Output to print even though some inputs failed (exit code 1).
struct PartlyFailed {
    out: String,
    message: String,
}

enum Problem {
    Failed(Failure),
    Partly(PartlyFailed),
}

impl From<Failure> for Problem {
    fn from(f: Failure) -> Problem {
        Problem::Failed(f)
    }
}

impl Failure {
    fn in_file(path: &Path, error: impl std::fmt::Display) -> Failure {
        Failure(format!("{}: {error}", path.display()))
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse(); // exits 2 on usage errors
    let result = match cli.command {
        Command::Cohort { .. } => cohort(cli),
        _ => run(cli).map_err(Problem::from),
    };
    match result {
        Ok(out) => {
            print!("{out}");
            ExitCode::SUCCESS
        }
        Err(Problem::Failed(Failure(message))) => {
            eprintln!("zhuoyue: error: {message}");
            ExitCode::from(1)
        }
        Err(Problem::Partly(PartlyFailed { out, message })) => {
            print!("{out}");
            eprintln!("zhuoyue: error: {message}");
            ExitCode::from(1)
        }
    }
}

fn cohort(cli: Cli) -> Result<String, Problem> {
    let Command::Cohort { dir, award, year, format, partial } = cli.command else {
        return Err(Failure("not a cohort command".into()).into());
    };
    let catalog = load_catalog(&cli.criteria, &cli.award_files, &cli.crosswalk_files)?;
    let award = award.map(|a| catalog.award(&a)).transpose().map_err(|e| Failure(e.to_string()))?;
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| Failure::in_file(&dir, format!("cannot read the folder: {e}")))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json" || x == "toml"))
        .collect();
    paths.sort();
    if paths.len() > zhuoyue::cohort::MAX_COHORT {
        return Err(Failure::in_file(
            &dir,
            format!("{} files; the limit is {}", paths.len(), zhuoyue::cohort::MAX_COHORT),
        )
        .into());
    }
    let year = year.unwrap_or_else(this_year);
    let (mut rows, mut failures) = (Vec::new(), Vec::new());
    for path in &paths {
        let source = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let completeness = if partial { Completeness::Partial } else { Completeness::Full };
        let row = files::read_limited(path).map_err(|e| Failure::in_file(path, e)).and_then(|text| {
            zhuoyue::cohort::Row::from_text(&catalog, &source, &text, completeness, award, year)
                .map_err(|e| check_failure(path, &e))
        });
        match row {
            Ok(row) => rows.push(row),
            Err(Failure(error)) => failures.push(zhuoyue::cohort::Failure { source, error }),
        }
    }
    let summary = zhuoyue::cohort::summarise(rows, failures);
    let out = match format {
        OutputFormat::Text => render::cohort(&summary),
        OutputFormat::Json => render::to_json(&summary),
        OutputFormat::Csv => render::cohort_csv(&summary).map_err(|e| Failure(format!("writing CSV: {e}")))?,
    };
    if summary.failures.is_empty() {
        Ok(out)
    } else {
        let names: Vec<&str> = summary.failures.iter().map(|f| f.error.as_str()).collect();
        Err(Problem::Partly(PartlyFailed {
            out,
            message: format!("{} of {} files failed:\n  {}", summary.failures.len(), paths.len(), names.join("\n  ")),
        }))
    }
}

fn run(cli: Cli) -> Result<String, Failure> {
    let catalog = load_catalog(&cli.criteria, &cli.award_files, &cli.crosswalk_files)?;
    match cli.command {
        Command::Score { file, format, partial } => {
            let (assessment, checked) = check_file(&catalog, &file, partial)?;
            let card = checked.score();
            Ok(match format {
                OutputFormat::Text => render::text(&assessment, &checked, &card),
                OutputFormat::Json => render::json(&assessment, &checked, &card),
                OutputFormat::Csv => render::csv(&card).map_err(|e| Failure(format!("writing CSV: {e}")))?,
            })
        }
        Command::Validate { file, partial } => {
            let (_, checked) = check_file(&catalog, &file, partial)?;
            let rated = checked.percents.iter().filter(|p| p.is_some()).count();
            let mut out = format!(
                "ok: {} ({} {}, {rated} of {} items rated)\n",
                file.display(),
                checked.framework.id,
                checked.framework.version,
                checked.percents.len()
            );
            for warning in &checked.warnings {
                out.push_str(&format!("warning: {warning}\n"));
            }
            Ok(out)
        }
        Command::Criteria { action } => match action.unwrap_or(CriteriaAction::List) {
            CriteriaAction::List => Ok(render::criteria_list(&catalog)),
            CriteriaAction::Show { id, format } => {
                let framework = catalog.get(&id).map_err(|e| Failure(e.to_string()))?;
                Ok(match format {
                    ShowFormat::Text => render::criteria_show(framework),
                    ShowFormat::Json => render::to_json(framework),
                })
            }
            CriteriaAction::Check { file } => {
                let framework = load_framework(&file)?;
                Ok(format!(
                    "ok: {}: framework {} {} ({} categories, {} items, {} points)\n",
                    file.display(),
                    framework.id,
                    framework.version,
                    framework.categories.len(),
                    framework.item_count(),
                    framework.max_points
                ))
            }
        },
        Command::Readiness { file, award, year, format, partial } => {
            let (assessment, checked) = check_file(&catalog, &file, partial)?;
            let award = catalog.award(&award).map_err(|e| Failure(e.to_string()))?;
            let year = year.unwrap_or_else(this_year);
            let card = checked.score();
            let judged = zhuoyue::readiness::readiness(&card, &assessment.organisation, award, year)
                .map_err(|e| Failure::in_file(&file, e))?;
            Ok(match format {
                ShowFormat::Text => render::readiness(award, &judged, year),
                ShowFormat::Json => render::to_json(&judged),
            })
        }
        Command::Plan { file, target, effort, max_raise, format, partial } => {
            let (_, checked) = check_file(&catalog, &file, partial)?;
            let framework = checked.framework;
            let target = match (target.target, target.award) {
                (Some(points), _) => Target::points(points),
                (None, Some(award)) => {
                    let award = catalog.award(&award).map_err(|e| Failure(e.to_string()))?;
                    Target::award(award, framework).map_err(|e| Failure::in_file(&file, e))?
                }
                (None, None) => return Err(Failure("give --target or --award".into())),
            };
            let effort = match effort {
                None => Effort::uniform(framework),
                Some(path) => {
                    let text = files::read_limited(&path).map_err(|e| Failure::in_file(&path, e))?;
                    let format = Format::detect(&path.to_string_lossy(), &text);
                    Effort::parse(&text, format, framework).map_err(|e| Failure::in_file(&path, e))?
                }
            };
            let card = checked.score();
            let max_raise = max_raise.unwrap_or_else(|| zhuoyue::plan::default_max_raise(framework));
            let planned =
                zhuoyue::plan::plan(&card, &target, &effort, max_raise).map_err(|e| Failure::in_file(&file, e))?;
            let gaps = zhuoyue::plan::gaps(&card);
            Ok(match format {
                ShowFormat::Text => render::plan(framework, &planned, &gaps),
                ShowFormat::Json => render::to_json(&serde_json::json!({ "plan": planned, "gaps": gaps })),
            })
        }
        Command::Report { file, award, lang, format, year, output, partial } => {
            let (assessment, checked) = check_file(&catalog, &file, partial)?;
            let award = match &award {
                None => None,
                Some(id) => Some(catalog.award(id).map_err(|e| Failure(e.to_string()))?),
            };
            let lang = match lang {
                ReportLang::Zh => zhuoyue::report::Lang::Zh,
                ReportLang::En => zhuoyue::report::Lang::En,
            };
            let markdown = matches!(format, ReportFormat::Md);
            let text =
                zhuoyue::report::render(&assessment, &checked, award, year.unwrap_or_else(this_year), lang, markdown)
                    .map_err(|e| Failure::in_file(&file, e))?;

            match output {
                None => Ok(text),
                Some(path) => write_output(&path, &text),
            }
        }
        Command::Consensus { files: paths, threshold, record, format, output } => {
            let mut loaded = Vec::new();
            for path in &paths {
                let (assessment, checked) = check_file(&catalog, path, true)?;
                let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                loaded.push((assessment.assessor.clone().unwrap_or(stem), checked, assessment));
            }
            let examiners: Vec<(String, &zhuoyue::Checked, &Assessment)> =
                loaded.iter().map(|(n, c, a)| (n.clone(), c, a)).collect();
            let sheet = zhuoyue::consensus::worksheet(&examiners, threshold).map_err(|e| Failure(e.to_string()))?;
            let mut out = match format {
                ShowFormat::Text => render::worksheet(&sheet),
                ShowFormat::Json => render::to_json(&sheet),
            };
            if let Some(path) = record {
                let text = files::read_limited(&path).map_err(|e| Failure::in_file(&path, e))?;
                let rec = zhuoyue::consensus::Record::parse(&text, Format::detect(&path.to_string_lossy(), &text))
                    .map_err(|e| Failure::in_file(&path, e))?;
                let framework = catalog.get(&sheet.framework).map_err(|e| Failure(e.to_string()))?;
                let (agreed, overrides) =
                    zhuoyue::consensus::agree(&sheet, &rec, framework).map_err(|e| Failure::in_file(&path, e))?;
                let checked = catalog.check(&agreed, Completeness::Partial).map_err(|e| Failure::in_file(&path, e))?;
                out.push_str(&render::agreed(&checked.score(), &overrides));
                if let Some(target) = output {
                    let text = format!("{}\n", agreed.to_json());
                    out.push_str(&write_output(&target, &text)?);
                }
            }
            Ok(out)
        }
        Command::Programme { roster, targets, year, award, plan_table, format } => {
            let text = files::read_limited(&roster).map_err(|e| Failure::in_file(&roster, e))?;
            let list = zhuoyue::programme::Roster::parse(&text, Format::detect(&roster.to_string_lossy(), &text))
                .map_err(|e| Failure::in_file(&roster, e))?;
            let targets = catalog.programme(&targets).map_err(|e| Failure(e.to_string()))?;
            let until = year.unwrap_or(targets.years[targets.years.len() - 1]);
            let award = award.map(|a| catalog.award(&a)).transpose().map_err(|e| Failure(e.to_string()))?;
            // Roster against targets first: a wrong roster should not wait on its assessments.
            let progress =
                zhuoyue::programme::progress(targets, &list, until).map_err(|e| Failure::in_file(&roster, e))?;
            let base = roster.parent().map(Path::to_path_buf).unwrap_or_default();
            let mut assessed = zhuoyue::programme::Assessed::default();
            for member in &list.organisations {
                let Some(file) = &member.assessment else { continue };
                let path = base.join(file);
                let (assessment, _) = check_file(&catalog, &path, true)?;
                assessed
                    .add(&catalog, &member.id, &assessment, award, until)
                    .map_err(|e| Failure::in_file(&path, e))?;
            }
            let candidates = assessed.candidates();
            let mut out = match format {
                ShowFormat::Text => render::progress(&progress, &candidates, &list),
                ShowFormat::Json => {
                    render::to_json(&serde_json::json!({ "progress": progress, "candidates": candidates }))
                }
            };
            if let Some(path) = plan_table {
                let name = |id: &str| catalog.award(id).ok().map(|a| a.name.zh.clone());
                let rows = zhuoyue::programme::plan_table(&list, until, &assessed.totals, name);
                let csv = render::plan_table(&rows).map_err(|e| Failure(format!("writing CSV: {e}")))?;
                let wrote = write_output(&path, &csv)?;
                // JSON output stays one JSON document.
                if matches!(format, ShowFormat::Text) {
                    out.push_str(&format!("{} ({} organisations planned for {until})\n", wrote.trim_end(), rows.len()));
                }
            }
            Ok(out)
        }
        Command::Cohort { .. } => Err(Failure("cohort runs on its own path".into())),
        Command::Crosswalk { file, to, format, output, partial } => {
            let (assessment, checked) = check_file(&catalog, &file, partial)?;
            let crosswalk = catalog.crosswalk(&checked.framework.id, &to).map_err(|e| Failure::in_file(&file, e))?;
            let target = catalog.get(&to).map_err(|e| Failure(e.to_string()))?;
            let translated = zhuoyue::crosswalk::translate(crosswalk, &checked, &assessment.organisation, target)
                .map_err(|e| Failure::in_file(&file, e))?;
            let mut out = match format {
                ShowFormat::Text => render::translation(&translated),
                ShowFormat::Json => render::to_json(&translated),
            };
            if let Some(path) = output {
                let text = format!("{}\n", translated.assessment.to_json());
                out.push_str(&write_output(&path, &text)?);
            }
            Ok(out)
        }
        Command::Awards { action } => match action.unwrap_or(AwardsAction::List) {
            AwardsAction::List => Ok(render::awards_list(&catalog)),
            AwardsAction::Show { id, format } => {
                let award = catalog.award(&id).map_err(|e| Failure(e.to_string()))?;
                Ok(match format {
                    ShowFormat::Text => render::award_show(award),
                    ShowFormat::Json => render::to_json(award),
                })
            }
            AwardsAction::Check { file } => {
                let award = load_award(&file)?;
                for framework in &award.frameworks {
                    let framework = catalog.get(framework).map_err(|e| Failure::in_file(&file, e))?;
                    award.applies_to(framework).map_err(|e| Failure::in_file(&file, e))?;
                }
                Ok(format!(
                    "ok: {}: award {} {} ({} gates, line {}, for {})\n",
                    file.display(),
                    award.id,
                    award.version,
                    award.gates.len(),
                    award.score_line,
                    award.frameworks.join(", ")
                ))
            }
        },
        Command::Template { framework, format, output } => {
            let framework = catalog.get(&framework).map_err(|e| Failure(e.to_string()))?;
            let text = match format {
                TemplateFormat::Json => render::template_json(framework),
                TemplateFormat::Toml => render::template_toml(framework),
            };
            match output {
                None => Ok(text),
                Some(path) => write_output(&path, &text),
            }
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

/// Writes an output file atomically and returns the line that says so.
fn write_output(path: &Path, text: &str) -> Result<String, Failure> {
    files::write_atomic(path, text.as_bytes()).map_err(|e| Failure::in_file(path, e))?;
    Ok(format!("wrote {}\n", path.display()))
}

fn load_award(path: &Path) -> Result<AwardProfile, Failure> {
    let text = files::read_limited(path).map_err(|e| Failure::in_file(path, e))?;
    AwardProfile::from_toml(&text).map_err(|e| Failure::in_file(path, e))
}

/// The current calendar year (UTC), from the system clock.
fn this_year() -> i32 {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    // Civil year from days since 1970-01-01 (Howard Hinnant's days-to-civil algorithm).
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2)) as i32
}

fn load_framework(path: &Path) -> Result<Framework, Failure> {
    let text = files::read_limited(path).map_err(|e| Failure::in_file(path, e))?;
    Framework::from_toml(&text).map_err(|e| Failure::in_file(path, e))
}

fn check_file<'c>(
    catalog: &'c Catalog,
    path: &Path,
    partial: bool,
) -> Result<(Assessment, zhuoyue::Checked<'c>), Failure> {
    let text = files::read_limited(path).map_err(|e| Failure::in_file(path, e))?;
    let format = Format::detect(&path.to_string_lossy(), &text);
    let assessment = Assessment::parse(&text, format).map_err(|e| Failure::in_file(path, e))?;
    let completeness = if partial { Completeness::Partial } else { Completeness::Full };
    let checked = catalog.check(&assessment, completeness).map_err(|e| check_failure(path, &e))?;
    Ok((assessment, checked))
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
