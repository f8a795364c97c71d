//! Converts the built-in criteria files (TOML, as people edit them) to JSON in OUT_DIR, so a build
//! without the `toml` feature (the browser's .wasm) embeds them without carrying a TOML parser.
//! The same validation runs on them at load time either way.

use std::error::Error;
use std::path::Path;
use std::{env, fs};

const DIRS: &[&str] = &["frameworks", "awards", "crosswalks", "programmes"];

fn main() -> Result<(), Box<dyn Error>> {
    let criteria = Path::new(&env::var("CARGO_MANIFEST_DIR")?).join("../../criteria");
    let out = Path::new(&env::var("OUT_DIR")?).to_path_buf();
    for dir in DIRS {
        let source = criteria.join(dir);
        println!("cargo:rerun-if-changed={}", source.display());
        fs::create_dir_all(out.join(dir))?;
        for entry in fs::read_dir(&source)? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "toml") {
                let text = fs::read_to_string(&path)?;
                let value: toml::Value = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
                let name = path.with_extension("json");
                let name = name.file_name().ok_or("no file name")?;
                fs::write(out.join(dir).join(name), serde_json::to_string(&value)?)?;
            }
        }
    }
    Ok(())
}
