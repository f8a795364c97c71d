//! The TypeScript declarations of the results (`src/types.d.ts`, which the .d.ts of the package
//! includes) are generated from the core's Rust types by ts-rs, never written by hand. This test
//! regenerates them and fails when the committed file is stale; `UPDATE_SNAPSHOTS=1` rewrites it.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a test failure

use std::any::TypeId;
use std::collections::HashSet;

use ts_rs::{Config, TypeVisitor, TS};

/// Every named type reachable from the roots, each declared once.
struct Declarations {
    config: Config,
    seen: HashSet<TypeId>,
    out: Vec<(String, String)>,
}

impl TypeVisitor for Declarations {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        if T::output_path().is_some() {
            if !self.seen.insert(TypeId::of::<T>()) {
                return;
            }
            self.out.push((T::ident(&self.config), format!("export {}", T::decl(&self.config))));
        }
        T::visit_dependencies(self);
        T::visit_generics(self);
    }
}

fn generate() -> String {
    // JSON numbers, as JSON.parse gives them (the engine's integers fit in 2^53).
    let config = Config::new().with_large_int("number");
    let mut d = Declarations { config, seen: HashSet::new(), out: Vec::new() };
    d.visit::<zhuoyue::score::ScoreResult>();
    d.visit::<zhuoyue::Assessment>();
    d.visit::<zhuoyue::assessment::Entry>();
    d.visit::<zhuoyue::assessment::Measure>();
    d.visit::<zhuoyue::assessment::KeyFactor>();
    d.visit::<zhuoyue::Framework>();
    d.visit::<zhuoyue::award::AwardProfile>();
    d.visit::<zhuoyue::readiness::Readiness>();
    d.visit::<zhuoyue::plan::Plan>();
    d.visit::<zhuoyue::ops::PlanResult>();
    d.visit::<zhuoyue::ops::Validation>();
    d.visit::<zhuoyue::ops::Charts>();
    d.visit::<zhuoyue::calibration::CalibrationResult>();
    d.visit::<zhuoyue::ops::Trend>();
    d.visit::<zhuoyue::limits::Limits>();
    d.visit::<zhuoyue::programme::SectorTarget>();
    d.visit::<zhuoyue::training::Training>();
    let mut text = String::from(
        "// Generated from the Rust types by bindings/wasm/tests/typescript.rs (ts-rs). Do not edit:\n\
         // run `UPDATE_SNAPSHOTS=1 cargo test -p zhuoyue-wasm --test typescript` after changing a type.\n\n",
    );
    // By name: the order ts-rs reaches types in differs between builds; TypeScript needs none.
    d.out.sort();
    for (_, decl) in d.out {
        text.push_str(&decl);
        text.push_str("\n\n");
    }
    text.truncate(text.trim_end().len());
    text.push('\n');
    text
}

#[test]
fn declarations_match_the_rust_types() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/types.d.ts");
    let fresh = generate();
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &fresh).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "{} is stale: run UPDATE_SNAPSHOTS=1 cargo test -p zhuoyue-wasm --test typescript",
        path.display()
    );
    for name in ["ScoreResult", "Framework", "AwardProfile", "Readiness", "Plan", "Assessment", "Entry"] {
        assert!(fresh.contains(&format!("export type {name} =")), "{name} is not declared");
    }
    assert!(!fresh.contains("bigint"), "a result field would be typed bigint, but JSON gives numbers");
}

/// The per-framework content files the browser fetches on demand (`www/content/<id>.json`) are the
/// core's own built-in content, byte for byte; `UPDATE_SNAPSHOTS=1` rewrites them.
#[test]
fn content_files_are_the_builtin_content() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("www/content");
    let catalog = zhuoyue::Catalog::builtin_frameworks_and_awards().unwrap();
    for fw in catalog.frameworks() {
        let fresh = zhuoyue::Catalog::builtin_content_json(&fw.id).unwrap();
        let path = dir.join(format!("{}.json", fw.id));
        if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, fresh).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == fresh,
            "{} is stale: run UPDATE_SNAPSHOTS=1 cargo test -p zhuoyue-wasm --test typescript",
            path.display()
        );
        // And it loads: every item of the framework gets its guidance.
        let mut copy = fw.clone();
        copy.add_content(zhuoyue::framework::ContentFile::from_json(&committed).unwrap()).unwrap();
        assert!(copy.items().all(|i| i.guidance.is_some()), "{}", fw.id);
    }
}

/// The training exercise the widget's training mode fetches (`www/content/training/<case>.json`)
/// is the case study and the reference of `examples/training/`, byte for byte in one file.
#[test]
fn the_training_exercise_is_the_example_case_and_reference() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/training");
    let read = |f: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(root.join(f)).unwrap()).unwrap()
    };
    let (case, reference) = (read("case.json"), read("reference.json"));
    let id = reference["applicant"].as_str().unwrap().to_string();
    let fresh = format!("{}\n", serde_json::json!({"id": id, "case": case, "reference": reference}));
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("www/content/training/{id}.json"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &fresh).unwrap();
    }
    assert!(
        std::fs::read_to_string(&path).unwrap_or_default() == fresh,
        "{} is stale: run UPDATE_SNAPSHOTS=1 cargo test -p zhuoyue-wasm --test typescript",
        path.display()
    );
}
