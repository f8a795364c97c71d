//! `zhuoyue`: the command-line surface. Reads files, runs the core pipeline, prints or writes.
//! Exit codes: 0 success, 1 invalid input (the message names file, item and rule), 2 usage error.

mod files;
mod render;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use zhuoyue::{Assessment, Catalog, Completeness, Format, Framework};

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

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    Text,
    Json,
    Csv,
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

impl Failure {
    fn in_file(path: &Path, error: impl std::fmt::Display) -> Failure {
        Failure(format!("{}: {error}", path.display()))
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse(); // exits 2 on usage errors
    match run(cli) {
        Ok(out) => {
            print!("{out}");
            ExitCode::SUCCESS
        }
        Err(Failure(message)) => {
            eprintln!("zhuoyue: error: {message}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> Result<String, Failure> {
    let catalog = load_catalog(&cli.criteria)?;
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
        Command::Template { framework, format, output } => {
            let framework = catalog.get(&framework).map_err(|e| Failure(e.to_string()))?;
            let text = match format {
                TemplateFormat::Json => render::template_json(framework),
                TemplateFormat::Toml => render::template_toml(framework),
            };
            match output {
                None => Ok(text),
                Some(path) => {
                    files::write_atomic(&path, text.as_bytes()).map_err(|e| Failure::in_file(&path, e))?;
                    Ok(format!("wrote {}\n", path.display()))
                }
            }
        }
    }
}

fn load_catalog(extra: &[PathBuf]) -> Result<Catalog, Failure> {
    let mut catalog = Catalog::builtin().map_err(|e| Failure(format!("built-in criteria: {e}")))?;
    for path in extra {
        let framework = load_framework(path)?;
        catalog.add(framework).map_err(|e| Failure::in_file(path, e))?;
    }
    Ok(catalog)
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
    let checked = catalog.check(&assessment, completeness).map_err(|e| {
        let hint = if e.code() == "missing-items" {
            "\n  hint: --partial scores the rated items and reports coverage"
        } else {
            ""
        };
        Failure(format!("{}: {e}{hint}", path.display()))
    })?;
    Ok((assessment, checked))
}
