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
        Some("test") => test(args.get(1).map(String::as_str)),
        Some("setup") => {
            // Installs what this machine lacks for every part of the test run, and runs no test.
            let mut tally = Tally::default();
            ensure_debian("python3", "python3")
                .and_then(|()| python_setup(&mut tally))
                .and_then(|()| wasm_setup(&mut tally))
                .and_then(|()| fuzz_setup(&mut tally))
                .map(|()| println!("setup: ok"))
        }
        Some("widget") => widget(),
        Some("test-wasm") => {
            let mut tally = Tally::default();
            wasm(&mut tally).map(|()| println!("total: {} passed, {} failed", tally.passed, tally.failed))
        }
        _ => {
            eprintln!("usage: cargo xtask setup | cargo xtask test [rust|python|wasm|fuzz] | cargo xtask test-wasm | cargo xtask widget");
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
    /// Reads `test result: ok. 12 passed; 0 failed; ...` (cargo test and wasm-bindgen-test),
    /// pytest's closing `29 passed in 2.73s` / `1 failed, 28 passed in 3.1s`, and node's
    /// `ℹ pass 9` / `ℹ fail 0`.
    fn read_line(&mut self, line: &str) {
        if let Some(n) = line.strip_prefix("ℹ pass ") {
            self.passed += n.trim().parse::<u64>().unwrap_or(0);
            return;
        }
        if let Some(n) = line.strip_prefix("ℹ fail ") {
            self.failed += n.trim().parse::<u64>().unwrap_or(0);
            return;
        }
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
/// `cargo package --workspace` publishes the crates to a temporary local registry and verifies the CLI
/// against it. Cargo extracts that registry's crates under `$CARGO_HOME/registry/src/-<hash of its path>/`
/// and reuses an extraction of the same name and version, so a second run from a clone at the same path
/// verified against the first run's core. Only this project's crates, only in local (path-named) registries,
/// are removed.
fn forget_packaged_sources() -> Result<(), String> {
    let home = match std::env::var_os("CARGO_HOME") {
        Some(h) => PathBuf::from(h),
        None => match std::env::var_os("HOME") {
            Some(h) => PathBuf::from(h).join(".cargo"),
            None => return Ok(()),
        },
    };
    let Ok(registries) = std::fs::read_dir(home.join("registry").join("src")) else { return Ok(()) };
    for registry in registries.flatten() {
        if !registry.file_name().to_string_lossy().starts_with('-') {
            continue;
        }
        let Ok(crates) = std::fs::read_dir(registry.path()) else { continue };
        for krate in crates.flatten() {
            let name = krate.file_name().to_string_lossy().into_owned();
            let ours = ["zhuoyue-", "zhuoyue-cli-"]
                .iter()
                .any(|p| name.strip_prefix(p).is_some_and(|v| v.starts_with(|c: char| c.is_ascii_digit())));
            if ours {
                std::fs::remove_dir_all(krate.path())
                    .map_err(|e| format!("cannot remove the stale {}: {e}", krate.path().display()))?;
            }
        }
    }
    Ok(())
}

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
    install_debian_unless(have(program), &format!("no `{program}`"), package)
}

fn install_debian_unless(present: bool, missing: &str, package: &str) -> Result<(), String> {
    if present {
        return Ok(());
    }
    println!("== installing {package} ({missing} on this machine)");
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
const PYTHON_PACKAGES: &[&str] = &[
    "maturin>=1.5,<2",
    "pytest>=8",
    "mypy>=1.10",
    "numpy>=1.22",
    "pandas>=1.5",
    "polars>=0.20",
    "pyarrow>=12",
    "python-docx>=1.1",
    "duckdb>=1.1",
    "threadpoolctl>=3",
    "openpyxl>=3.1",
    "krippendorff>=0.6",
    // The examiners' notebook, executed top to bottom in a kernel of this venv.
    "nbclient>=0.10",
    "nbformat>=5",
    "ipykernel>=6",
];

/// Builds the extension into `.venv` with maturin and runs pytest.
/// The Python side's tools: a venv with maturin, pytest, mypy and the optional frame libraries.
fn python_setup(tally: &mut Tally) -> Result<(), String> {
    let bin = root().join(".venv/bin");
    if !bin.join("python").exists() {
        step("python venv", tally, "python3", &["-m", "venv", ".venv"])?;
    }
    // The dossier test converts a DOCX to PDF once (LibreOffice headless) and a page to PNG.
    ensure_debian("soffice", "libreoffice-writer-nogui")?;
    // The scorebook test saves a workbook through LibreOffice Calc and reads it back.
    let calc = Path::new("/usr/lib/libreoffice/program/libsclo.so").exists();
    install_debian_unless(calc, "no LibreOffice Calc", "libreoffice-calc-nogui")?;
    ensure_debian("pdftoppm", "poppler-utils")?;
    let pip = bin.join("pip").to_string_lossy().into_owned();
    let mut args = vec!["install", "--quiet", "--disable-pip-version-check"];
    args.extend(PYTHON_PACKAGES);
    step("python packages", tally, &pip, &args)
}

fn python(tally: &mut Tally) -> Result<(), String> {
    python_setup(tally)?;
    let root = root();
    let venv = root.join(".venv");
    let bin = venv.join("bin");
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
    )?;
    python_wheel(tally, &maturin, &env)
}

/// A Rust tool of someone else's embedding the engine as the README says (`zhuoyue = { path =
/// ".../crates/zhuoyue" }`): a fresh package outside the workspace, built and run; it scores the
/// example and judges a nomination. The workspace's target folder is shared, so only the tool compiles.
fn crate_user(tally: &mut Tally, cargo: &str) -> Result<(), String> {
    let root = root();
    let dir = std::env::temp_dir().join(format!("zhuoyue-crate-user-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("src")).map_err(|e| format!("{}: {e}", dir.display()))?;
    let core = root.join("crates/zhuoyue");
    let manifest = format!(
        "[package]\nname = \"crate-user\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\nzhuoyue = {{ path = {:?} }}\n\n[workspace]\n",
        core.to_string_lossy()
    );
    let main = r##"use zhuoyue::{ops, Assessment, Catalog, Format};

fn main() -> Result<(), zhuoyue::Error> {
    let catalog = Catalog::builtin()?;
    let text = std::fs::read_to_string(std::env::args().nth(1).expect("an assessment file")).expect("readable");
    let a = Assessment::parse(&text, Format::Json)?;
    let card = ops::score(&catalog, &a, &ops::Options::default())?.card;
    let nominee = Assessment::parse(r#"{"kind": "individual", "individual": {"quality_work_years": 12}}"#, Format::Json)?;
    let options = ops::Options { award: Some("shanghai-mayor-individual".into()), year: Some(2026), ..Default::default() };
    let judged = ops::readiness(&catalog, &nominee, &options)?;
    println!("total {} / {}; nominee {}", card.total, card.max, judged.verdict.id());
    assert_eq!((card.total.to_string(), judged.verdict.id()), ("466.00".to_string(), "unknown"));
    Ok(())
}
"##;
    let write = |name: &str, text: &str| std::fs::write(dir.join(name), text).map_err(|e| format!("{name}: {e}"));
    write("Cargo.toml", &manifest)?;
    write("src/main.rs", main)?;
    let target = root.join("target").to_string_lossy().into_owned();
    let example = root.join("examples/gbt19580-example.json").to_string_lossy().into_owned();
    let ran = step_in(
        "the core as a path dependency",
        tally,
        &dir,
        &[("CARGO_TARGET_DIR", target)],
        cargo,
        &["run", "--quiet", "--", &example],
    );
    let _ = std::fs::remove_dir_all(&dir);
    ran
}

/// The version of the workspace, the wheel and the npm package: `[workspace.package] version`.
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The wheel and the sdist as `maturin build` makes them, the wheel installed into a fresh virtual
/// environment (with the `pandas` and `arrow` extras, as the README says) and the README's Python blocks run
/// against it with `python -I`: the source tree is not on the path.
fn python_wheel(tally: &mut Tally, maturin: &str, env: &[(&str, String)]) -> Result<(), String> {
    let root = root();
    let out = root.join("target/wheels");
    // Outside the project: nothing of the source tree may be near the installed package.
    let venv = std::env::temp_dir().join(format!("zhuoyue-wheel-venv-{}", std::process::id()));
    for dir in [&out, &venv] {
        if dir.exists() {
            std::fs::remove_dir_all(dir).map_err(|e| format!("cannot clear {}: {e}", dir.display()))?;
        }
    }
    let out_arg = out.to_string_lossy().into_owned();
    // The same interpreter as `maturin develop` (the venv's), so the wheel reuses its artefacts. The
    // sdist is packed on its own: `build --sdist` would compile everything again from the unpacked
    // sdist (five minutes here); `crates package` above already proves the Rust sources build alone.
    step_in(
        "python wheel",
        tally,
        &root.join("bindings/python"),
        env,
        maturin,
        &["build", "--release", "--quiet", "--out", &out_arg],
    )?;
    step_in("python sdist", tally, &root.join("bindings/python"), env, maturin, &["sdist", "--out", &out_arg])?;
    let built: Vec<String> = std::fs::read_dir(&out)
        .map_err(|e| format!("{}: {e}", out.display()))?
        .flatten()
        .map(|f| f.file_name().to_string_lossy().into_owned())
        .collect();
    let wheel = format!("zhuoyue-{VERSION}-cp39-abi3-");
    let Some(wheel) = built.iter().find(|f| f.starts_with(&wheel) && f.ends_with(".whl")) else {
        return Err(format!("no abi3 wheel {wheel}*.whl among {built:?}"));
    };
    if !built.iter().any(|f| *f == format!("zhuoyue-{VERSION}.tar.gz")) {
        return Err(format!("no sdist zhuoyue-{VERSION}.tar.gz among {built:?}"));
    }
    let venv_arg = venv.to_string_lossy().into_owned();
    step("fresh venv for the wheel", tally, "python3", &["-m", "venv", &venv_arg])?;
    let pip = venv.join("bin/pip").to_string_lossy().into_owned();
    let requirement = format!("{}[pandas,arrow]", out.join(wheel).display());
    step("install the wheel", tally, &pip, &["install", "--quiet", "--disable-pip-version-check", &requirement])?;
    let python = venv.join("bin/python").to_string_lossy().into_owned();
    let root_arg = root.to_string_lossy().into_owned();
    let ran = step_in(
        "README against the installed wheel",
        tally,
        &root,
        &[("ZHUOYUE_VERSION", VERSION.to_string())],
        &python,
        &["-I", "bindings/python/scripts/wheel_check.py", &root_arg],
    );
    let _ = std::fs::remove_dir_all(&venv);
    ran
}

/// Must equal `wasm-bindgen = "=..."` in bindings/wasm/Cargo.toml.
const WASM_BINDGEN_VERSION: &str = "0.2.130";

/// Debian's WebAssembly-capable Rust (rustc-web), its std source, the wasm linker and Chromium:
/// `rustup target add` cannot download here (see shared/wasm/README.md).
const DEBIAN_WASM_PACKAGES: &[&str] = &[
    "rustc-web",
    "cargo-web",
    "rust-web-src",
    "lld-22",
    "chromium",
    "chromium-driver",
    "fonts-noto-cjk",
    "fonts-wqy-microhei",
];

fn wasm_env(root: &Path) -> Vec<(&'static str, String)> {
    let tools = root.join(".tools/bin");
    vec![
        ("RUSTC", "/usr/bin/rustc".into()),
        ("RUSTDOC", "/usr/bin/rustdoc".into()),
        ("RUSTC_BOOTSTRAP", "1".into()),
        ("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER", "wasm-ld-22".into()),
        ("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", "wasm-bindgen-test-runner".into()),
        // Panic locations (file paths) are not shown to anyone in the browser: leave them out.
        // Derived Debug impls print the type name only (no user-facing text uses them; a str's
        // own Debug, which serde's messages quote values with, is kept).
        ("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS", "-Zlocation-detail=none -Zfmt-debug=shallow".into()),
        // Its own target folder: another compiler than the rest of the workspace.
        ("CARGO_TARGET_DIR", root.join("target/wasm").to_string_lossy().into_owned()),
        ("PATH", format!("{}:{}", tools.display(), std::env::var("PATH").unwrap_or_default())),
    ]
}

/// Builds the engine to WebAssembly, the JS glue and the widget, then runs the JS and browser tests.
fn wasm(tally: &mut Tally) -> Result<(), String> {
    wasm_build(tally)?;
    npm_package(tally)?;
    let root = root();
    let env = wasm_env(&root);
    let web = root.join("bindings/wasm");
    step_in("js and browser tests", tally, &web, &[], "node", &["--test", "--test-reporter=spec", "tests/"])?;
    let mut args = vec!["test", "--target", "wasm32-unknown-unknown", "-p", "zhuoyue-wasm"];
    args.extend(["-Z", "build-std=std,panic_abort"]);
    step_in("wasm-bindgen-test (node)", tally, &root, &env, "/usr/bin/cargo", &args)
}

/// The npm package `zhuoyue`, assembled in target/npm/zhuoyue from the built www/ (engine, glue,
/// widget, guided mode, content) and npm/ (package.json with the workspace's version, the widget's
/// types, a README), then packed with `npm pack` to target/npm/zhuoyue-<version>.tgz, which the
/// package test installs into a fresh project and bundles.
fn npm_package(tally: &mut Tally) -> Result<(), String> {
    let root = root();
    let (www, npm) = (root.join("bindings/wasm/www"), root.join("bindings/wasm/npm"));
    let out = root.join("target/npm");
    let stage = out.join("zhuoyue");
    if out.exists() {
        std::fs::remove_dir_all(&out).map_err(|e| format!("cannot clear {}: {e}", out.display()))?;
    }
    let copy = |from: &Path, to: &Path| -> Result<(), String> {
        if let Some(dir) = to.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        std::fs::copy(from, to).map(|_| ()).map_err(|e| format!("{} -> {}: {e}", from.display(), to.display()))
    };
    let files = [
        "zhuoyue.js",
        "zhuoyue.d.ts",
        "zhuoyue-widget.js",
        "zhuoyue-guided.js",
        "zhuoyue-training.js",
        "zhuoyue-history.js",
        "zhuoyue-individual.js",
        "pkg/zhuoyue_wasm.js",
        "pkg/zhuoyue_wasm.d.ts",
        "pkg/zhuoyue_wasm_bg.wasm",
        "pkg/zhuoyue_wasm_bg.wasm.d.ts",
        "pkg/zhuoyue_full.js",
        "pkg/zhuoyue_full.d.ts",
        "pkg/zhuoyue_full_bg.wasm",
        "pkg/zhuoyue_full_bg.wasm.d.ts",
    ];
    for f in files {
        copy(&www.join(f), &stage.join(f))?;
    }
    // The per-framework content files and the training exercises (content/training/).
    for sub in ["content", "content/training"] {
        let listing = std::fs::read_dir(www.join(sub)).map_err(|e| format!("www/{sub}: {e}"))?;
        for entry in listing.flatten().filter(|e| e.path().extension().is_some_and(|x| x == "json")) {
            copy(&entry.path(), &stage.join(sub).join(entry.file_name()))?;
        }
    }
    for f in ["zhuoyue-widget.d.ts", "README.md"] {
        copy(&npm.join(f), &stage.join(f))?;
    }
    let template = std::fs::read_to_string(npm.join("package.template.json")).map_err(|e| format!("npm/: {e}"))?;
    if !template.contains("\"@VERSION@\"") {
        return Err("npm/package.template.json lost its \"version\": \"@VERSION@\" placeholder".into());
    }
    std::fs::write(stage.join("package.json"), template.replace("@VERSION@", VERSION))
        .map_err(|e| format!("package.json: {e}"))?;
    let dest = out.to_string_lossy().into_owned();
    step_in("npm pack", tally, &stage, &[], "npm", &["pack", "--silent", "--pack-destination", &dest])?;
    let tarball = out.join(format!("zhuoyue-{VERSION}.tgz"));
    if !tarball.exists() {
        return Err(format!("npm pack made no {}", tarball.display()));
    }
    Ok(())
}

/// `cargo xtask widget`: builds the widget and serves the demo page on 127.0.0.1.
fn widget() -> Result<(), String> {
    let mut tally = Tally::default();
    wasm_build(&mut tally)?;
    let port = std::env::var("PORT").unwrap_or_else(|_| "8080".into());
    let www = root().join("bindings/wasm/www");
    println!("\nzhuoyue widget: http://127.0.0.1:{port}/  (Ctrl-C to stop; nothing leaves this machine)");
    let status = Command::new("python3")
        .args(["-m", "http.server", "--bind", "127.0.0.1", &port, "--directory"])
        .arg(&www)
        .status()
        .map_err(|e| format!("cannot start python3 -m http.server: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("the server stopped ({status})"))
    }
}

/// Installs what is missing and builds the .wasm, its JS glue and the optimised module into
/// bindings/wasm/www/pkg.
/// The browser side's tools: Debian's WebAssembly-capable Rust, the linker, Chromium and CJK fonts;
/// wasm-bindgen-cli in .tools; the npm packages (wasm-opt, playwright-core, tsc, esbuild).
fn wasm_setup(tally: &mut Tally) -> Result<(), String> {
    let root = root();
    let debian_ready = Path::new("/usr/bin/wasm-ld-22").exists()
        && Path::new("/usr/bin/chromium").exists()
        && Path::new("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc").exists()
        && Path::new("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc").exists()
        && Path::new("/usr/lib/rustlib/src/rust/library/Cargo.lock").exists()
        && Command::new("/usr/bin/rustc")
            .arg("--print")
            .arg("target-list")
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).lines().any(|l| l == "wasm32-unknown-unknown"));
    if !debian_ready {
        step("apt update", tally, "apt-get", &["update", "-qq"])?;
        let mut args = vec!["install", "-y", "-qq", "--no-install-recommends"];
        args.extend(DEBIAN_WASM_PACKAGES);
        step("apt install (wasm toolchain, chromium)", tally, "apt-get", &args)?;
    }
    let env = wasm_env(&root);
    let tools = root.join(".tools");
    let bindgen = tools.join("bin/wasm-bindgen");
    let have_bindgen = Command::new(&bindgen)
        .arg("--version")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains(WASM_BINDGEN_VERSION));
    if !have_bindgen {
        // Not --locked: its lockfile wants a webpki-roots release the registry here lacks.
        let root_arg = tools.to_string_lossy().into_owned();
        let host_env: Vec<(&str, String)> = env.iter().filter(|(k, _)| *k != "CARGO_TARGET_DIR").cloned().collect();
        step_in(
            "install wasm-bindgen-cli",
            tally,
            &root,
            &host_env,
            "/usr/bin/cargo",
            &["install", "--quiet", "wasm-bindgen-cli", "--version", WASM_BINDGEN_VERSION, "--root", &root_arg],
        )?;
    }
    let web = root.join("bindings/wasm");
    let npm_ready = [
        "node_modules/.bin/wasm-opt",
        "node_modules/playwright-core",
        "node_modules/.bin/tsc",
        "node_modules/.bin/esbuild",
        "node_modules/axe-core/axe.min.js",
        "node_modules/.bin/vite",
    ]
    .iter()
    .all(|p| web.join(p).exists());
    if !npm_ready {
        step_in("npm install", tally, &web, &[], "npm", &["install", "--no-audit", "--no-fund", "--silent"])?;
    }
    Ok(())
}

fn wasm_build(tally: &mut Tally) -> Result<(), String> {
    wasm_setup(tally)?;
    // The page's engine first (what every visitor downloads), then the whole engine (also the
    // report, the dossier and training), which www/zhuoyue.js loads only when a page asks for those.
    wasm_module(tally, "zhuoyue_wasm", &["--no-default-features"])?;
    wasm_module(tally, "zhuoyue_full", &[])
}

/// One module of the engine: built with `features`, bound to JS as `pkg/<name>.js`, its glue
/// minified and its .wasm optimised for size.
fn wasm_module(tally: &mut Tally, name: &str, features: &[&str]) -> Result<(), String> {
    let root = root();
    let env = wasm_env(&root);
    let web = root.join("bindings/wasm");
    let bindgen = root.join(".tools/bin/wasm-bindgen");
    // std's smaller variants (sorting, formatting): the .wasm is downloaded by every visitor.
    let build_std = ["-Z", "build-std=std,panic_abort", "-Z", "build-std-features=optimize_for_size"];
    let mut args =
        vec!["build", "--quiet", "--profile", "wasm", "--target", "wasm32-unknown-unknown", "-p", "zhuoyue-wasm"];
    args.extend(build_std);
    args.extend(features);
    step_in(&format!("wasm build ({name})"), tally, &root, &env, "/usr/bin/cargo", &args)?;
    let wasm = root.join("target/wasm/wasm32-unknown-unknown/wasm/zhuoyue_wasm.wasm").to_string_lossy().into_owned();
    let pkg = web.join("www/pkg").to_string_lossy().into_owned();
    let bindgen = bindgen.to_string_lossy().into_owned();
    step_in(
        &format!("wasm-bindgen ({name})"),
        tally,
        &root,
        &env,
        &bindgen,
        &["--target", "web", "--experimental-reset-state-function", "--out-name", name, "--out-dir", &pkg, &wasm],
    )?;
    // The generated glue minified in place: every visitor downloads it (its .d.ts stays as is).
    let glue = format!("{pkg}/{name}.js");
    let esbuild = web.join("node_modules/.bin/esbuild").to_string_lossy().into_owned();
    step_in(
        &format!("minify JS glue ({name})"),
        tally,
        &root,
        &env,
        &esbuild,
        &[&glue, "--minify", "--format=esm", "--allow-overwrite", "--log-level=warning", &format!("--outfile={glue}")],
    )?;
    let module = format!("{pkg}/{name}_bg.wasm");
    let wasm_opt = web.join("node_modules/.bin/wasm-opt").to_string_lossy().into_owned();
    step_in(
        &format!("wasm-opt ({name})"),
        tally,
        &root,
        &env,
        &wasm_opt,
        &[
            "-Oz",
            "--converge",
            "--strip-debug",
            "--strip-producers",
            "--enable-reference-types",
            "--enable-multivalue",
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
            "--enable-sign-ext",
            "--enable-mutable-globals",
            &module,
            "-o",
            &module,
        ],
    )?;
    Ok(())
}

/// The fuzz targets in fuzz/, each for a few seconds from its committed corpus (libFuzzer via
/// cargo-fuzz on the nightly toolchain). Long runs are done by hand: see the README.
const FUZZ_TARGETS: &[&str] = &[
    "assessment_json",
    "assessment_toml",
    "criteria_files",
    "batch",
    "operations",
    "examiners",
    "user_framework",
    "workbooks",
];

/// cargo-fuzz in .tools (the nightly toolchain comes with the machine's rustup).
fn fuzz_setup(tally: &mut Tally) -> Result<(), String> {
    let tools = root().join(".tools");
    if !tools.join("bin/cargo-fuzz").exists() {
        let root_arg = tools.to_string_lossy().into_owned();
        step("install cargo-fuzz", tally, "cargo", &["install", "--quiet", "cargo-fuzz", "--root", &root_arg])?;
    }
    Ok(())
}

fn fuzz_smoke(tally: &mut Tally) -> Result<(), String> {
    fuzz_setup(tally)?;
    let root = root();
    let tools = root.join(".tools");
    let path = format!("{}:{}", tools.join("bin").display(), std::env::var("PATH").unwrap_or_default());
    let env = [("PATH", path)];
    let seconds = std::env::var("FUZZ_SECONDS").unwrap_or_else(|_| "5".into());
    for target in FUZZ_TARGETS {
        let time = format!("-max_total_time={seconds}");
        step_in(
            &format!("fuzz smoke {target}"),
            tally,
            &root,
            &env,
            "cargo",
            &["+nightly", "fuzz", "run", "--fuzz-dir", "fuzz", target, "--", &time],
        )?;
        // A target that ran its time without a crash is one passed check (so `test fuzz` alone,
        // which runs no test suite, does not read as having run nothing).
        tally.passed += 1;
    }
    Ok(())
}

/// Everything, or one part: `rust` (format, lint, vectors, tests, benches build, the main job),
/// `python`, `wasm` (WebAssembly, JS and browser tests) or `fuzz` (the smoke run).
fn test(part: Option<&str>) -> Result<(), String> {
    let started = Instant::now();
    let mut tally = Tally::default();
    ensure_debian("python3", "python3")?;
    match part {
        None => {
            rust(&mut tally)?;
            python(&mut tally)?;
            wasm(&mut tally)?;
            fuzz_smoke(&mut tally)?;
        }
        Some("rust") => rust(&mut tally)?,
        Some("python") => python(&mut tally)?,
        Some("wasm") | Some("browser") => wasm(&mut tally)?,
        Some("fuzz") => fuzz_smoke(&mut tally)?,
        Some(other) => return Err(format!("unknown part `{other}` (rust, python, wasm, fuzz)")),
    }
    println!("\n== all steps ok in {:.0}s", started.elapsed().as_secs_f64());
    if tally.passed == 0 || tally.failed != 0 {
        return Err(format!("{} tests passed, {} failed", tally.passed, tally.failed));
    }
    println!("total: {} passed, {} failed", tally.passed, tally.failed);
    Ok(())
}

fn rust(tally: &mut Tally) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let cargo = cargo.as_str();

    step("format", tally, cargo, &["fmt", "--all", "--", "--check"])?;
    step("lint", tally, cargo, &["clippy", "--workspace", "--all-targets", "--quiet", "--", "-D", "warnings"])?;
    step("vectors are fresh", tally, "python3", &["tests/vectors/generate.py", "--check"])?;
    // The Python extension is built and tested by maturin and pytest below, not by cargo test.
    step("rust tests", tally, cargo, &["test", "--workspace", "--exclude", "zhuoyue-python"])?;
    // The core as the browser builds it: JSON only, built-ins from build.rs's JSON.
    step("core without toml", tally, cargo, &["test", "--quiet", "-p", "zhuoyue", "--no-default-features", "--lib"])?;
    // The core's documentation builds without a warning (its examples ran as doc tests above).
    step_in(
        "core docs",
        tally,
        &root(),
        &[("RUSTDOCFLAGS", "-D warnings".to_string())],
        cargo,
        &["doc", "--quiet", "--no-deps", "-p", "zhuoyue"],
    )?;
    // Every crate packages on its own: the core carries its criteria (criteria/ is a link to them).
    forget_packaged_sources()?;
    step("crates package", tally, cargo, &["package", "--workspace", "--quiet", "--allow-dirty"])?;
    crate_user(tally, cargo)?;
    step("benchmarks build", tally, cargo, &["build", "--quiet", "-p", "zhuoyue-benches", "--benches"])?;
    step(
        "main job (README)",
        tally,
        cargo,
        &["run", "--quiet", "--bin", "zhuoyue", "--", "score", "examples/gbt19580-example.json"],
    )?;
    Ok(())
}
