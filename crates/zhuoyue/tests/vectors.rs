//! Replays the shared conformance vectors in `tests/vectors/` (the same files the Python and JS
//! tests read). Every case is counted; the count must match the file's own.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a test failure

use std::collections::BTreeMap;

use serde::Deserialize;
use zhuoyue::{Assessment, Catalog, Completeness, Format};

/// Every framework's scoring vectors, with the fewest cases each file must hold.
const SCORES: &[(&str, usize)] = &[
    (include_str!("../../../tests/vectors/gbt19580-2012.scores.json"), 77),
    (include_str!("../../../tests/vectors/baldrige-2023-2024.scores.json"), 43),
    (include_str!("../../../tests/vectors/efqm-2025.scores.json"), 51),
];
const ERRORS: &str = include_str!("../../../tests/vectors/errors.json");

#[derive(Deserialize)]
struct ScoreFile {
    count: usize,
    cases: Vec<ScoreCase>,
}

#[derive(Deserialize)]
struct ScoreCase {
    name: String,
    partial: bool,
    assessment: serde_json::Value,
    expect: Expect,
}

#[derive(Deserialize)]
struct Expect {
    total_hundredths: i64,
    process_hundredths: i64,
    results_hundredths: i64,
    categories_hundredths: BTreeMap<String, i64>,
    items_hundredths: BTreeMap<String, i64>,
    band: Option<u8>,
    missing: Vec<String>,
    warnings: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
struct ErrorFile {
    count: usize,
    cases: Vec<ErrorCase>,
}

#[derive(Deserialize)]
struct ErrorCase {
    name: String,
    format: Format,
    input: String,
    code: String,
    #[serde(default)]
    item: Option<String>,
}

#[test]
fn scoring_vectors() {
    let catalog = Catalog::builtin().unwrap();
    let mut all = 0;
    for (text, least) in SCORES {
        let file: ScoreFile = serde_json::from_str(text).unwrap();
        let mut ran = 0;
        for case in &file.cases {
            check_case(&catalog, case);
            ran += 1;
        }
        assert_eq!(ran, file.count);
        assert!(ran >= *least, "a vector file shrank to {ran} cases");
        all += ran;
    }
    assert_eq!(all, 77 + 43 + 51);
}

fn check_case(catalog: &Catalog, case: &ScoreCase) {
    let text = case.assessment.to_string();
    let assessment = Assessment::parse(&text, Format::Json).unwrap_or_else(|e| panic!("{}: {e}", case.name));
    let completeness = if case.partial { Completeness::Partial } else { Completeness::Full };
    let checked = catalog.check(&assessment, completeness).unwrap_or_else(|e| panic!("{}: {e}", case.name));
    let card = checked.score();
    let fw = card.framework;
    let name = format!("{} {}", fw.id, case.name);
    let e = &case.expect;
    assert_eq!(card.total.hundredths(), e.total_hundredths, "{name}: total");
    assert_eq!(card.process.hundredths(), e.process_hundredths, "{name}: process");
    assert_eq!(card.results.hundredths(), e.results_hundredths, "{name}: results");
    let categories: BTreeMap<String, i64> =
        fw.categories.iter().zip(&card.categories).map(|(c, s)| (c.id.clone(), s.hundredths())).collect();
    assert_eq!(categories, e.categories_hundredths, "{name}: categories");
    let items: BTreeMap<String, i64> =
        fw.items().zip(&card.items).map(|(i, s)| (i.id.clone(), s.score.hundredths())).collect();
    assert_eq!(items, e.items_hundredths, "{name}: items");
    assert_eq!(card.band().map(|b| b.band), e.band, "{name}: band");
    assert_eq!(card.missing(), e.missing, "{name}: missing");
    let warnings: Vec<serde_json::Value> = checked.warnings.iter().map(|w| serde_json::to_value(w).unwrap()).collect();
    assert_eq!(warnings, e.warnings, "{name}: warnings");
}

#[test]
fn error_vectors() {
    let file: ErrorFile = serde_json::from_str(ERRORS).unwrap();
    let catalog = Catalog::builtin().unwrap();
    let mut ran = 0;
    for case in &file.cases {
        let result = Assessment::parse(&case.input, case.format)
            .and_then(|a| catalog.check(&a, Completeness::Full).map(|c| c.score().total));
        let error = match result {
            Ok(total) => panic!("{}: expected error {}, got a total of {total}", case.name, case.code),
            Err(e) => e,
        };
        assert_eq!(error.code(), case.code, "{}: {error}", case.name);
        assert_eq!(error.item(), case.item.as_deref(), "{}: {error}", case.name);
        if let Some(item) = &case.item {
            assert!(error.to_string().contains(item.as_str()), "{}: message must name the item: {error}", case.name);
        }
        ran += 1;
    }
    assert_eq!(ran, file.count);
    assert!(ran >= 34, "the vector file shrank to {ran} cases");
}
