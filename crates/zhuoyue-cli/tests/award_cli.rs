//! `zhuoyue readiness`, `plan` and `awards` on real files, good and bad.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a test failure

mod common;
use common::{stderr, stdout, write, zhuoyue, EXAMPLE};
use serde_json::{json, Value};

const GOLD: &str = include_str!("../../../criteria/awards/shanghai-quality-gold.toml");

#[test]
fn readiness_text_and_json() {
    let o = zhuoyue(&["readiness", EXAMPLE, "--award", "shanghai-quality-gold", "--year", "2026"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("Verdict: not yet 尚未达到"), "{out}");
    assert!(out.contains("84.00 to go"), "{out}");
    assert!(out.contains("总分 466.00，距评审线 550.00 还差 84.00 分"), "{out}");
    let o = zhuoyue(&["readiness", EXAMPLE, "--award", "shanghai-quality-gold", "--year", "2026", "--format", "json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["verdict"], "not-yet");
    assert_eq!(v["gap"], 84.0);
    let reasons = v["reasons"].as_array().unwrap();
    let operating = reasons.iter().find(|r| r["id"] == "operating-3-years").unwrap();
    assert_eq!((operating["status"].as_str(), operating["actual"].as_str()), (Some("pass"), Some("20 years")));
    assert!(reasons.iter().all(|r| r["sentence"]["zh"].is_string() && r["sentence"]["en"].is_string()));
}

#[test]
fn readiness_year_moves_the_gates() {
    let o = zhuoyue(&["readiness", EXAMPLE, "--award", "shanghai-quality-gold", "--year", "2008", "--format", "json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["verdict"], "ineligible", "founded 2006: two years in 2008");
}

#[test]
fn plan_to_an_award_and_to_a_number() {
    let o = zhuoyue(&["plan", EXAMPLE, "--award", "shanghai-quality-gold", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["plan"]["cycle_count"], 1);
    assert_eq!(v["plan"]["end"], 550.0);
    assert_eq!(v["plan"]["cost"], 27.0);
    assert_eq!(v["gaps"].as_array().unwrap().len(), 23);
    let o = zhuoyue(&["plan", EXAMPLE, "--target", "900"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("3 cycle(s)"), "{out}");
    assert!(out.contains("total after cycle 3: 90"), "{out}");
    let o = zhuoyue(&["plan", EXAMPLE, "--target", "400"]);
    assert!(stdout(&o).contains("already met"));
}

#[test]
fn effort_files_steer_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    // Results items ten times as hard: the plan to 500 avoids them.
    let effort = write(
        dir.path(),
        "effort.toml",
        "\"4.7.2\" = 10\n\"4.7.3\" = 10\n\"4.7.4\" = 10\n\"4.7.5\" = 10\n\"4.7.6\" = 10\n\"4.7.7\" = 10\n",
    );
    let o = zhuoyue(&["plan", EXAMPLE, "--target", "500", "--effort", effort.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let raised: Vec<&str> =
        v["plan"]["cycles"][0]["raises"].as_array().unwrap().iter().map(|r| r["item"].as_str().unwrap()).collect();
    assert!(raised.iter().all(|i| !i.starts_with("4.7.")), "{raised:?}");
}

#[test]
fn bad_plan_and_readiness_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(Vec<String>, i32, &str)> = vec![
        (vec!["--award".into(), "nobel".into()], 1, "unknown award `nobel`"),
        (vec!["--target".into(), "1200".into()], 1, "target 1200.00 is outside 0..=1000.00"),
        // The core reads the target, with one error for every surface (was TargetOutOfRange in Python).
        (vec!["--target=-5".into()], 1, "option `target`: `-5` is not allowed (allowed: a number of points"),
        (vec!["--target".into(), "lots".into()], 1, "option `target`: `lots` is not allowed"),
        (vec!["--target".into(), "600".into(), "--award".into(), "shanghai-mayor".into()], 2, "cannot be used with"),
        (vec!["--target".into(), "600".into(), "--max-raise".into(), "7".into()], 1, "maximum raise 7"),
        (vec!["--target".into(), "600".into(), "--max-raise".into(), "lots".into()], 2, "invalid value"),
    ];
    for (args, code, message) in cases {
        let mut all = vec!["plan", EXAMPLE];
        all.extend(args.iter().map(String::as_str));
        let o = zhuoyue(&all);
        assert_eq!(o.status.code(), Some(code), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(message), "{args:?}: {}", stderr(&o));
    }
    for (name, text, message) in [
        ("negative.json", r#"{"4.1.2": -1}"#, "effort for item 4.1.2: -1 is not a non-negative number"),
        ("text.json", r#"{"4.1.2": "hard"}"#, "effort for item 4.1.2"),
        ("unknown.json", r#"{"9.9.9": 2}"#, "effort for item 9.9.9: no such item"),
        ("broken.json", r#"{"4.1.2": "#, "effort"),
    ] {
        let path = write(dir.path(), name, text);
        let o = zhuoyue(&["plan", EXAMPLE, "--target", "600", "--effort", path.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{name}");
        assert!(stderr(&o).contains(name) && stderr(&o).contains(message), "{name}: {}", stderr(&o));
    }
    // An award for another framework.
    let other = write(
        dir.path(),
        "other.toml",
        &GOLD.replacen("shanghai-quality-gold", "elsewhere", 1).replacen(
            "frameworks = [\"gbt19580-2012\"]",
            "frameworks = [\"baldrige-2023-2024\"]",
            1,
        ),
    );
    let o = zhuoyue(&["--award-file", other.to_str().unwrap(), "readiness", EXAMPLE, "--award", "elsewhere"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("applies to baldrige-2023-2024, not to framework `gbt19580-2012`"), "{}", stderr(&o));
    let o = zhuoyue(&["readiness", EXAMPLE]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn awards_list_show_and_check() {
    let o = zhuoyue(&["awards"]);
    let out = stdout(&o);
    for id in [
        "shanghai-quality-gold",
        "shanghai-quality-gold-older",
        "shanghai-mayor",
        "national-quality-award",
        "china-quality-award-organisation",
        "excellence-levels",
        "shanghai-mayor-individual",
        "shanghai-gold-individual",
        "district-individual",
        "china-quality-award-individual",
    ] {
        assert!(out.contains(id), "{id}");
    }
    // The list as JSON: exactly the summary's keys, null lines where an award judges on gates only.
    let o = zhuoyue(&["awards", "--format", "json"]);
    let list: Value = serde_json::from_slice(&o.stdout).unwrap();
    let list = list.as_array().unwrap();
    for entry in list {
        let mut keys: Vec<&str> = entry.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["applicant", "frameworks", "id", "level", "name", "score_line"]);
    }
    let mayor = list.iter().find(|a| a["id"] == "shanghai-mayor-individual").unwrap();
    assert_eq!(
        (&mayor["applicant"], &mayor["score_line"], &mayor["level"]),
        (&json!("individual"), &Value::Null, &json!("city"))
    );
    let gold = list.iter().find(|a| a["id"] == "shanghai-quality-gold").unwrap();
    assert_eq!((&gold["applicant"], &gold["score_line"]), (&json!("organisation"), &json!(550)));
    assert_eq!(list.iter().filter(|a| a["applicant"] == "individual").count(), 4);
    // The old id of the national quality award still finds it, and says it is a former id.
    let o = zhuoyue(&["awards", "show", "china-quality-award"]);
    let out = stdout(&o);
    assert!(out.contains("id national-quality-award") && out.contains("former ids"), "{out}");
    let o = zhuoyue(&["awards", "show", "shanghai-gold-individual", "--format", "json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["applicant"], "individual");
    assert!(v["provenance"]["notes"][0].as_str().unwrap().contains("not known here"));
    let o = zhuoyue(&["awards", "show", "shanghai-mayor"]);
    assert!(stdout(&o).contains("gate gold-award-3-years"));
    let o = zhuoyue(&["awards", "show", "excellence-levels", "--format", "json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["levels"].as_array().unwrap().len(), 3);
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "mine.toml", &GOLD.replacen("shanghai-quality-gold", "my-district-award", 1));
    let o = zhuoyue(&["awards", "check", good.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let bad = write(dir.path(), "bad.toml", &GOLD.replacen("score_line = 550", "score_line = 5000", 1));
    let o = zhuoyue(&["awards", "check", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("bad.toml") && stderr(&o).contains("score_line"), "{}", stderr(&o));
    // A user's profile is used like a built-in.
    let o = zhuoyue(&["--award-file", good.to_str().unwrap(), "readiness", EXAMPLE, "--award", "my-district-award"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn crosswalk_translates_and_writes_an_assessment() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("baldrige.json");
    let o = zhuoyue(&["crosswalk", EXAMPLE, "--to", "baldrige-2023-2024", "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("coverage 100.0%"));
    let o = zhuoyue(&["score", out.to_str().unwrap(), "--format", "json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!((v["framework"].as_str(), v["total_hundredths"].as_i64()), (Some("baldrige-2023-2024"), Some(46050)));
    let o = zhuoyue(&["crosswalk", EXAMPLE, "--to", "efqm-2025"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no crosswalk from `gbt19580-2012` to `efqm-2025`"));
    let bad = write(dir.path(), "bad.toml", "id = \"x\"\nversion = \"1\"\nfrom = \"gbt19580-2012\"\nto = \"efqm-2025\"\nprovenance = { source = \"s\", confidence = \"c\" }\n[[map]]\ntarget = \"1.1\"\nsources = [{ item = \"4.1.2\", weight = 0.9 }]\n");
    let o = zhuoyue(&["--crosswalk-file", bad.to_str().unwrap(), "crosswalk", EXAMPLE, "--to", "efqm-2025"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("bad.toml") && stderr(&o).contains("weights sum to 0.9"), "{}", stderr(&o));
}
