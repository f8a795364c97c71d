//! The project's one runner. `cargo xtask test` builds and tests everything a change can break,
//! installing what a fresh machine lacks, and ends with one summary line of test counts.
//! `.ci/run` calls exactly this.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("test") => test(),
        _ => {
            eprintln!("usage: cargo xtask test");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: FAILED: {message}");
            ExitCode::FAILURE
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap_or_else(|_| PathBuf::from("."))
}

/// Test counts gathered from the runners' own closing lines.
#[derive(Default)]
struct Tally {
    passed: u64,
    failed: u64,
}

impl Tally {
    /// Reads `test result: ok. 12 passed; 0 failed; ...` (cargo test) and pytest's closing
    /// `29 passed in 2.73s` / `1 failed, 28 passed in 3.1s`.
    fn read_line(&mut self, line: &str) {
        let pytest = line.contains(" passed") && line.contains(" in ") && line.trim_end().ends_with('s');
        if let Some(rest) = line.strip_prefix("test result: ") {
            self.passed += number_before(rest, " passed");
            self.failed += number_before(rest, " failed");
        } else if pytest && !line.starts_with(' ') {
            self.passed += number_before(line, " passed");
            self.failed += number_before(line, " failed");
        }
    }
}

fn number_before(text: &str, word: &str) -> u64 {
    text.find(word)
        .and_then(|end| text[..end].rsplit(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// Runs a step, streaming its output, and feeds its lines to the tally.
fn step(name: &str, tally: &mut Tally, program: &str, args: &[&str]) -> Result<(), String> {
    step_in(name, tally, &root(), &[], program, args)
}

/// `step` in a folder with extra environment variables.
fn step_in(
    name: &str,
    tally: &mut Tally,
    dir: &Path,
    env: &[(&str, String)],
    program: &str,
    args: &[&str],
) -> Result<(), String> {
    println!("\n== {name}: {program} {}", args.join(" "));
    let started = Instant::now();
    let mut child = Command::new(program)
        .args(args)
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .current_dir(dir)
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{name}: cannot start {program}: {e}"))?;
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            println!("{line}");
            tally.read_line(&line);
        }
    }
    let status = child.wait().map_err(|e| format!("{name}: {e}"))?;
    println!(
        "== {name}: {} in {:.1}s",
        if status.success() { "ok" } else { "FAILED" },
        started.elapsed().as_secs_f64()
    );
    if status.success() {
        Ok(())
    } else {
        Err(format!("step `{name}` failed ({status})"))
    }
}

fn have(program: &str) -> bool {
    Command::new(program).arg("--version").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok()
}

/// Installs Debian packages that are missing (the machines run as root).
fn ensure_debian(program: &str, package: &str) -> Result<(), String> {
    if have(program) {
        return Ok(());
    }
    println!("== installing {package} (no `{program}` on this machine)");
    let ok = |c: &mut Command| c.status().map(|s| s.success()).unwrap_or(false);
    if ok(Command::new("apt-get").arg("update").arg("-qq"))
        && ok(Command::new("apt-get").args(["install", "-y", "-qq", "--no-install-recommends", package]))
    {
        Ok(())
    } else {
        Err(format!("could not install {package}"))
    }
}

/// Python packages the tests need, installed into the project's own `.venv` (never globally).
const PYTHON_PACKAGES: &[&str] =
    &["maturin>=1.5,<2", "pytest>=8", "mypy>=1.10", "numpy>=1.22", "pandas>=1.5", "polars>=0.20", "pyarrow>=12"];

/// Builds the extension into `.venv` with maturin and runs pytest.
fn python(tally: &mut Tally) -> Result<(), String> {
    let root = root();
    let venv = root.join(".venv");
    let bin = venv.join("bin");
    if !bin.join("python").exists() {
        step("python venv", tally, "python3", &["-m", "venv", ".venv"])?;
    }
    let pip = bin.join("pip").to_string_lossy().into_owned();
    let mut args = vec!["install", "--quiet", "--disable-pip-version-check"];
    args.extend(PYTHON_PACKAGES);
    step("python packages", tally, &pip, &args)?;
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let env = [("VIRTUAL_ENV", venv.to_string_lossy().into_owned()), ("PATH", path)];
    let maturin = bin.join("maturin").to_string_lossy().into_owned();
    step_in(
        "python build",
        tally,
        &root.join("bindings/python"),
        &env,
        &maturin,
        &["develop", "--release", "--quiet"],
    )?;
    let python = bin.join("python").to_string_lossy().into_owned();
    step_in(
        "python tests",
        tally,
        &root,
        &env,
        &python,
        &["-m", "pytest", "-q", "-p", "no:cacheprovider", "bindings/python/tests"],
    )
}

fn test() -> Result<(), String> {
    let started = Instant::now();
    let mut tally = Tally::default();
    ensure_debian("python3", "python3")?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let cargo = cargo.as_str();

    step("format", &mut tally, cargo, &["fmt", "--all", "--", "--check"])?;
    step("lint", &mut tally, cargo, &["clippy", "--workspace", "--all-targets", "--quiet", "--", "-D", "warnings"])?;
    step("vectors are fresh", &mut tally, "python3", &["tests/vectors/generate.py", "--check"])?;
    // The Python extension is built and tested by maturin and pytest below, not by cargo test.
    step("rust tests", &mut tally, cargo, &["test", "--workspace", "--exclude", "zhuoyue-python"])?;
    step("benchmarks build", &mut tally, cargo, &["build", "--quiet", "-p", "zhuoyue-benches", "--benches"])?;
    step(
        "main job (README)",
        &mut tally,
        cargo,
        &["run", "--quiet", "--bin", "zhuoyue", "--", "score", "examples/gbt19580-example.json"],
    )?;

    python(&mut tally)?;

    println!("\n== all steps ok in {:.0}s", started.elapsed().as_secs_f64());
    if tally.passed == 0 || tally.failed != 0 {
        return Err(format!("{} tests passed, {} failed", tally.passed, tally.failed));
    }
    println!("total: {} passed, {} failed", tally.passed, tally.failed);
    Ok(())
}
