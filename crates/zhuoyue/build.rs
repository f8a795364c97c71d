//! The built-in criteria: the folders under `criteria/` (inside this crate, so the crate packages
//! with its data) are listed here, not in code. For each `.toml` file this writes its JSON form to
//! OUT_DIR (a build without the `toml` feature, the browser's .wasm, embeds the built-ins without a
//! TOML parser) and `builtins.rs`, the lists `catalog.rs` includes. The same validation runs on the
//! files at load time either way.

use std::error::Error;
use std::fmt::Write;
use std::path::Path;
use std::{env, fs};

/// Each folder: the constant of its TOML sources, the constant of its JSON forms, and what they are.
const DIRS: &[(&str, &str, &str, &str)] = &[
    (
        "frameworks",
        "BUILTIN_FRAMEWORKS",
        "FRAMEWORKS_JSON",
        "Built-in frameworks, embedded so the binary, the Python wheel and the .wasm need no data files.",
    ),
    ("awards", "BUILTIN_AWARDS", "AWARDS_JSON", "Built-in award profiles, validated on load like a user's file."),
    ("crosswalks", "BUILTIN_CROSSWALKS", "CROSSWALKS_JSON", "Built-in crosswalks between frameworks."),
    ("programmes", "BUILTIN_PROGRAMMES", "PROGRAMMES_JSON", "Built-in programme targets."),
    ("calibration", "BUILTIN_CALIBRATION", "CALIBRATION_JSON", "Built-in calibration rules (the optimism guard)."),
    (
        "guidance",
        "BUILTIN_GUIDANCE",
        "GUIDANCE_JSON",
        "Built-in content: what each item and profile section asks (the browser fetches it on demand).",
    ),
];

fn main() -> Result<(), Box<dyn Error>> {
    let criteria = Path::new(&env::var("CARGO_MANIFEST_DIR")?).join("criteria");
    let out = Path::new(&env::var("OUT_DIR")?).to_path_buf();
    let order_file = criteria.join("order.toml");
    println!("cargo:rerun-if-changed={}", order_file.display());
    let order: toml::Table = toml::from_str(&fs::read_to_string(&order_file)?)?;
    let mut code = String::from("// Written by build.rs from the folders under criteria/.\n");
    for (dir, toml_const, json_const, doc) in DIRS {
        let source = criteria.join(dir);
        println!("cargo:rerun-if-changed={}", source.display());
        fs::create_dir_all(out.join(dir))?;
        let mut names: Vec<String> = Vec::new();
        for entry in fs::read_dir(&source)? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "toml") {
                let stem = path.file_stem().and_then(|s| s.to_str()).ok_or("file name is not UTF-8")?;
                names.push(stem.to_string());
            }
        }
        names.sort();
        let first: Vec<String> = order
            .get(*dir)
            .and_then(|v| v.as_array())
            .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
            .unwrap_or_default();
        for name in &first {
            if !names.contains(name) {
                return Err(format!("criteria/order.toml names {dir}/{name}.toml, which does not exist").into());
            }
        }
        let rest: Vec<String> = names.iter().filter(|n| !first.contains(n)).cloned().collect();
        let listed: Vec<String> = first.into_iter().chain(rest).collect();
        let (mut tomls, mut jsons) = (String::new(), String::new());
        for name in &listed {
            let path = source.join(format!("{name}.toml"));
            let text = fs::read_to_string(&path)?;
            let value: toml::Value = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            let json = out.join(dir).join(format!("{name}.json"));
            fs::write(&json, serde_json::to_string(&value)?)?;
            writeln!(tomls, "    ({:?}, include_str!({:?})),", format!("{name}.toml"), path.display().to_string())?;
            writeln!(jsons, "    ({:?}, include_str!({:?})),", format!("{name}.toml"), json.display().to_string())?;
        }
        writeln!(code, "/// {doc}\npub const {toml_const}: &[(&str, &str)] = &[\n{tomls}];")?;
        writeln!(code, "const {json_const}: &[(&str, &str)] = &[\n{jsons}];")?;
    }
    fs::write(out.join("builtins.rs"), code)?;
    Ok(())
}
