//! The published JSON Schema agrees with the engine: every valid vector and example passes it, and
//! it rejects the syntax errors the engine rejects. Semantic rules (the grid, item ids) are the
//! engine's alone, so the schema must accept those files and leave them to the engine.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a test failure

use serde_json::Value;

const SCHEMA: &str = include_str!("../../../criteria/schema/assessment.schema.json");
const SCORES: &[&str] = &[
    include_str!("../../../tests/vectors/gbt19580-2012.scores.json"),
    include_str!("../../../tests/vectors/baldrige-2023-2024.scores.json"),
    include_str!("../../../tests/vectors/efqm-2025.scores.json"),
];
const ERRORS: &str = include_str!("../../../tests/vectors/errors.json");
const EXAMPLE: &str = include_str!("../../../examples/gbt19580-example.json");

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&serde_json::from_str(SCHEMA).unwrap()).unwrap()
}

#[test]
fn valid_assessments_pass_the_schema() {
    let v = validator();
    let example: Value = serde_json::from_str(EXAMPLE).unwrap();
    assert!(v.is_valid(&example));
    for text in SCORES {
        let scores: Value = serde_json::from_str(text).unwrap();
        let mut ran = 0;
        for case in scores["cases"].as_array().unwrap() {
            assert!(v.is_valid(&case["assessment"]), "{}", case["name"]);
            ran += 1;
        }
        assert_eq!(Some(ran), scores["count"].as_u64());
    }
}

#[test]
fn schema_and_engine_agree_on_bad_json() {
    let v = validator();
    let errors: Value = serde_json::from_str(ERRORS).unwrap();
    let (mut rejected, mut left_to_engine, mut unparseable) = (0, 0, 0);
    for case in errors["cases"].as_array().unwrap() {
        if case["format"] != "json" {
            continue; // TOML cases are counted by the vector test; the schema speaks of JSON
        }
        let Ok(doc) = serde_json::from_str::<Value>(case["input"].as_str().unwrap()) else {
            unparseable += 1;
            continue;
        };
        let name = case["name"].as_str().unwrap();
        let code = case["code"].as_str().unwrap();
        // A JSON value cannot hold duplicate keys, so the schema never sees them.
        let semantic = matches!(
            code,
            "percent-off-grid"
                | "unknown-item"
                | "unknown-framework"
                | "missing-items"
                | "unknown-dimension"
                | "unknown-section"
                | "measure"
        ) || name.starts_with("duplicate")
            || name == "key factor listed twice";
        if semantic {
            assert!(v.is_valid(&doc), "{name}: the schema must leave {code} to the engine");
            left_to_engine += 1;
        } else {
            assert!(!v.is_valid(&doc), "{name}: the schema must reject what the engine rejects ({code})");
            rejected += 1;
        }
    }
    assert_eq!((rejected, left_to_engine, unparseable), (17, 17, 6));
}

#[test]
fn schema_lists_exactly_the_organisation_facts_the_engine_reads() {
    let org = zhuoyue::Organisation {
        name: Some("n".into()),
        sector: Some("services".into()),
        founded: Some(2000),
        years_in_operation: Some(1),
        region: Some("r".into()),
        major_accidents_last_3_years: Some(0),
        loss_years: Some(vec![2020]),
        prior_awards: Some(vec![zhuoyue::assessment::PriorAward { award: "a".into(), year: 2020 }]),
        quality_work_years: Some(1),
        legal_compliance: Some(true),
        licences: Some(true),
        good_credit: Some(true),
        industry_leading: Some(true),
    };
    let engine: Value = serde_json::to_value(&org).unwrap();
    let schema: Value = serde_json::from_str(SCHEMA).unwrap();
    let mut engine_keys: Vec<&String> = engine.as_object().unwrap().keys().collect();
    let mut schema_keys: Vec<&String> =
        schema["properties"]["organisation"]["properties"].as_object().unwrap().keys().collect();
    engine_keys.sort();
    schema_keys.sort();
    assert_eq!(engine_keys, schema_keys);
    let doc = serde_json::json!({"framework": "gbt19580-2012", "organisation": engine, "items": {}});
    assert!(validator().is_valid(&doc));
}

/// The schema's sector ids are the ones the programme data defines (one list, checked).
#[test]
fn the_schema_lists_the_sectors_of_the_programme_data() {
    let schema: serde_json::Value = serde_json::from_str(SCHEMA).unwrap();
    let listed: Vec<&str> = schema["properties"]["organisation"]["properties"]["sector"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let catalog = zhuoyue::Catalog::builtin().unwrap();
    let data: Vec<&str> = catalog.sectors().iter().map(|s| s.id.as_str()).collect();
    assert_eq!(listed, data);
}
