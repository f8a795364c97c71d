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
                // A valid nomination that names no rubric: the commands that score refuse it.
                | "applicant"
                // Text limits are the engine's (MAX_TEXT_CHARS), not written in the schema.
                | "too-long"
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
    assert_eq!((rejected, left_to_engine, unparseable), (17, 20, 6));
}

#[test]
fn schema_lists_exactly_the_organisation_facts_the_engine_reads() {
    let org = zhuoyue::Organisation {
        id: Some("91310000MA1FL0EX01".into()),
        name: Some("n".into()),
        sector: Some("services".into()),
        founded: Some(2000),
        years_in_operation: Some(1),
        region: Some("r".into()),
        major_accidents_last_3_years: Some(0),
        loss_years: Some(vec![2020]),
        prior_awards: Some(vec![zhuoyue::assessment::PriorAward { award: "a".into(), year: 2020 }]),
        applications: Some(vec![zhuoyue::Applied { award: "a".into(), level: None, year: 2021 }]),
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

/// The schema's individual block lists exactly the facts the engine reads, and the schema accepts
/// the example nominations and refuses a person file carrying an organisation block.
#[test]
fn schema_lists_exactly_the_individual_facts_the_engine_reads() {
    let person = zhuoyue::Individual {
        id: Some("p1".into()),
        name: Some("n".into()),
        organisation: Some("o".into()),
        region: Some("shanghai".into()),
        quality_work_years: Some(12),
        role: Some("r".into()),
        achievements: Some("a".into()),
        prior_awards: Some(vec![zhuoyue::assessment::PriorAward { award: "a".into(), year: 2020 }]),
        applications: Some(vec![zhuoyue::Applied { award: "a".into(), level: None, year: 2021 }]),
        legal_compliance: Some(true),
        good_conduct: Some(true),
    };
    let engine: Value = serde_json::to_value(&person).unwrap();
    let schema: Value = serde_json::from_str(SCHEMA).unwrap();
    let mut engine_keys: Vec<&String> = engine.as_object().unwrap().keys().collect();
    let mut schema_keys: Vec<&String> =
        schema["properties"]["individual"]["properties"].as_object().unwrap().keys().collect();
    engine_keys.sort();
    schema_keys.sort();
    assert_eq!(engine_keys, schema_keys);
    let v = validator();
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/individual/li-ming.json"))
        .unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert!(v.is_valid(&doc));
    assert!(zhuoyue::Assessment::parse(&text, zhuoyue::Format::Json).is_ok());
    for bad in [
        serde_json::json!({"kind": "individual", "individual": engine, "organisation": {"name": "x"}}),
        serde_json::json!({"kind": "individual"}),
        serde_json::json!({"framework": "gbt19580-2012", "items": {}, "individual": {"name": "x"}}),
    ] {
        assert!(!v.is_valid(&bad), "{bad}");
        let e = zhuoyue::Assessment::parse(&bad.to_string(), zhuoyue::Format::Json).unwrap_err();
        assert_eq!(e.code(), "syntax", "{bad}: {e}");
    }
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

/// The scorebook and team schemas accept the example team's files and refuse what the engine
/// refuses for its syntax.
#[test]
fn scorebook_and_team_schemas_accept_the_example_team() {
    let load = |text: &str| jsonschema::validator_for(&serde_json::from_str(text).unwrap()).unwrap();
    let book_schema = load(include_str!("../../../criteria/schema/scorebook.schema.json"));
    let team_schema = load(include_str!("../../../criteria/schema/team.schema.json"));
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/team");
    for file in ["wang-fang.json", "li-qiang.json", "chen-jing.json"] {
        let text = std::fs::read_to_string(format!("{dir}/{file}")).unwrap();
        let doc: Value = serde_json::from_str(&text).unwrap();
        assert!(book_schema.is_valid(&doc), "{file}");
        assert!(zhuoyue::scorebook::Scorebook::parse(&text, zhuoyue::Format::Json).is_ok(), "{file}");
        for bad in [
            serde_json::json!({"kind": "praise", "text": "x"}),
            serde_json::json!({"kind": "ofi", "text": ""}),
            serde_json::json!({"kind": "ofi", "text": "x", "extra": 1}),
        ] {
            let mut doc = doc.clone();
            doc["items"]["4.1.2"]["comments"] = serde_json::json!([bad]);
            doc.as_object_mut().unwrap().remove("sealed");
            assert!(!book_schema.is_valid(&doc), "{bad}");
            assert!(zhuoyue::scorebook::Scorebook::parse(&doc.to_string(), zhuoyue::Format::Json).is_err(), "{bad}");
        }
    }
    let team: toml::Table = toml::from_str(&std::fs::read_to_string(format!("{dir}/team.toml")).unwrap()).unwrap();
    let team = serde_json::to_value(team).unwrap();
    assert!(team_schema.is_valid(&team));
    let mut no_leader = team.clone();
    no_leader.as_object_mut().unwrap().remove("leader");
    assert!(!team_schema.is_valid(&no_leader));
}
