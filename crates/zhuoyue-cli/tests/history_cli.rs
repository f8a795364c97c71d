//! Calibration and history on real files: the optimism guard from the command line, and an
//! organisation's history in any argument order, with its bad inputs.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a test failure

mod common;
use common::{fails_with, json_out, stderr, stdout, write, zhuoyue, EXAMPLE};
use serde_json::{json, Value};

const HISTORY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/history");

#[test]
fn calibrate_flags_an_optimistic_file_and_reads_a_rules_file() {
    let dir = tempfile::tempdir().unwrap();
    let ids: Vec<String> = {
        let v = json_out(&["criteria", "show", "gbt19580-2012", "--format", "json"]);
        v["categories"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|c| c["items"].as_array().unwrap().clone())
            .map(|i| i["id"].as_str().unwrap().to_string())
            .collect()
    };
    let items: serde_json::Map<String, Value> = ids.iter().map(|i| (i.clone(), json!(90))).collect();
    let rosy = write(dir.path(), "rosy.json", &json!({"framework": "gbt19580-2012", "items": items}).to_string());
    let v = json_out(&["calibrate", rosy.to_str().unwrap(), "--format", "json"]);
    // 90 sits in the 90-100 band: each item drops once to 85. 900 -> 850.
    assert_eq!(
        (v["range"]["claimed_hundredths"].as_i64(), v["range"]["low_hundredths"].as_i64()),
        (Some(90_000), Some(85_000))
    );
    let per_item = v["flags"].as_array().unwrap().iter().filter(|f| f["rule"] == "unsupported-high").count();
    assert_eq!(per_item, 23);
    let whole: Vec<&Value> = v["flags"].as_array().unwrap().iter().filter(|f| f["item"].is_null()).collect();
    assert_eq!(whole.len(), 1);
    assert_eq!(whole[0]["rule"], "flat-scoring");
    // Text in both languages, with the range said to be a range.
    let o = zhuoyue(&["calibrate", rosy.to_str().unwrap(), "--lang", "en"]);
    assert!(stdout(&o).contains("A range to discuss") && stdout(&o).contains("to lift it"), "{}", stdout(&o));
    let o = zhuoyue(&["calibrate", rosy.to_str().unwrap()]);
    assert!(stdout(&o).contains("校准区间"), "{}", stdout(&o));
    // A rules file of one's own: a stricter threshold flags the example's 45% items too.
    let rules =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../zhuoyue/criteria/calibration/default.toml"))
            .unwrap();
    let strict = write(
        dir.path(),
        "strict.toml",
        &rules.replacen("id = \"default\"", "id = \"strict\"", 1).replacen("threshold = 50", "threshold = 45", 1),
    );
    let loose = json_out(&["calibrate", EXAMPLE, "--format", "json"]);
    let tight = json_out(&["calibrate", EXAMPLE, "--format", "json", "--calibration-file", strict.to_str().unwrap()]);
    assert_eq!(tight["calibration"], "strict");
    assert!(tight["flags"].as_array().unwrap().len() > loose["flags"].as_array().unwrap().len());
    // A bad rules file names itself and the rule.
    let bad = write(dir.path(), "bad.toml", &rules.replacen("kind = \"flat-scoring\"", "kind = \"gut-feeling\"", 1));
    fails_with(&["calibrate", EXAMPLE, "--calibration-file", bad.to_str().unwrap()], &["bad.toml", "gut-feeling"]);
    let bad = write(dir.path(), "range.toml", &rules.replacen("share = 60", "share = 600", 1));
    fails_with(
        &["calibrate", EXAMPLE, "--calibration-file", bad.to_str().unwrap()],
        &["range.toml", "flat-scoring", "share"],
    );
}

#[test]
fn history_is_the_same_in_any_argument_order() {
    let files = ["2024.json", "2025.json", "2026.json"].map(|f| format!("{HISTORY}/{f}"));
    let orders = [[0, 1, 2], [2, 0, 1], [1, 2, 0]];
    let runs: Vec<Value> = orders
        .iter()
        .map(|o| {
            let mut args = vec!["history", "--format", "json"];
            args.extend(o.iter().map(|&i| files[i].as_str()));
            json_out(&args)
        })
        .collect();
    let dates = |v: &Value| {
        v["series"].as_array().unwrap().iter().map(|p| p["date"].as_str().unwrap().to_string()).collect::<Vec<_>>()
    };
    for run in &runs {
        assert_eq!(dates(run), ["2024-03-15", "2025-03-20", "2026-03-18"]);
        assert_eq!(run["series"], runs[0]["series"]);
        assert_eq!(run["items"], runs[0]["items"]);
    }
    let v = &runs[0];
    let totals: Vec<i64> =
        v["series"].as_array().unwrap().iter().map(|p| p["total_hundredths"].as_i64().unwrap()).collect();
    assert_eq!(totals, [36_600, 41_600, 48_000]);
    assert_eq!(v["series"][2]["since_previous"], 64.0);
    assert_eq!(v["series"][2]["since_first"], 114.0);
    // 4.7.2 (80 points) went from 30% to 50%: 16 points, the most.
    assert_eq!(v["moved"][0], "4.7.2");
    let item = v["items"].as_array().unwrap().iter().find(|i| i["id"] == "4.7.2").unwrap();
    assert_eq!((item["first"].as_u64(), item["last"].as_u64(), item["delta"].as_i64()), (Some(30), Some(50), Some(20)));
    assert_eq!(v["organisation_id"], "91310000MA1FL0EX01");
    // CSV: one row per date, and text.
    let csv = stdout(&zhuoyue(&["history", &files[2], &files[0], &files[1], "--format", "csv"]));
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 4);
    assert!(lines[1].starts_with("2024-03-15,") && lines[3].starts_with("2026-03-18,"));
    let text = stdout(&zhuoyue(&["history", &files[1], &files[0], &files[2]]));
    assert!(text.contains("+114.00") && text.contains("moved most"), "{text}");
    // The folder stands for its files (as a newcomer types it); an empty one is refused clearly.
    let folder = json_out(&["history", HISTORY, "--format", "json"]);
    assert_eq!((&folder["series"], &folder["items"]), (&runs[0]["series"], &runs[0]["items"]));
    let empty = tempfile::tempdir().unwrap();
    fails_with(&["history", empty.path().to_str().unwrap()], &["needs at least one dated assessment"]);
}

#[test]
fn history_reports_which_planned_raises_happened() {
    let dir = tempfile::tempdir().unwrap();
    let plan = json_out(&["plan", &format!("{HISTORY}/2025.json"), "--target", "520", "--format", "json"]);
    let path = write(dir.path(), "plan.json", &plan.to_string());
    let mut args =
        vec!["history".to_string(), "--format".into(), "json".into(), "--plan".into(), path.display().to_string()];
    args.extend(["2024.json", "2025.json", "2026.json"].map(|f| format!("{HISTORY}/{f}")));
    let v = json_out(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let raises = v["plan"].as_array().unwrap();
    assert!(!raises.is_empty());
    for r in raises {
        let (to, from, latest) =
            (r["to"].as_u64().unwrap(), r["from"].as_u64().unwrap(), r["latest"].as_u64().unwrap());
        let want = if latest >= to {
            "done"
        } else if latest > from {
            "partly"
        } else {
            "not-yet"
        };
        assert_eq!(r["status"], want, "{r}");
    }
    assert!(raises.iter().any(|r| r["item"] == "4.7.2" && r["status"] == "done"), "{raises:?}");
}

#[test]
fn bad_histories_are_refused_naming_the_file_and_rule() {
    let dir = tempfile::tempdir().unwrap();
    let file = |name: &str, edit: &dyn Fn(&mut Value)| {
        let mut v: Value =
            serde_json::from_str(&std::fs::read_to_string(format!("{HISTORY}/2025.json")).unwrap()).unwrap();
        edit(&mut v);
        write(dir.path(), name, &v.to_string()).display().to_string()
    };
    let a = format!("{HISTORY}/2024.json");
    let undated = file("undated.json", &|v| {
        v.as_object_mut().unwrap().remove("date");
    });
    fails_with(&["history", &a, &undated], &["undated.json", "no `date`"]);
    let same = file("same.json", &|v| v["date"] = json!("2024-03-15"));
    fails_with(&["history", &a, &same], &["both dated 2024-03-15"]);
    let future = file("future.json", &|v| v["date"] = json!("2199-01-01"));
    fails_with(&["history", &a, &future], &["future.json", "after today"]);
    let malformed = file("malformed.json", &|v| v["date"] = json!("2025-02-30"));
    fails_with(&["history", &a, &malformed], &["malformed.json", "2025-02-30", "YYYY-MM-DD"]);
    let other = file("other.json", &|v| v["organisation"]["id"] = json!("91310000XXXXXXXX99"));
    fails_with(&["history", &a, &other], &["other.json", "one organisation per history", "organisation.id"]);
    let baldrige = write(
        dir.path(),
        "b.json",
        r#"{"framework": "baldrige-2023-2024", "date": "2025-01-01", "organisation": {"id": "91310000MA1FL0EX01"}, "items": {"1.1": 50}}"#,
    );
    fails_with(
        &["history", &a, baldrige.to_str().unwrap(), "--partial"],
        &["b.json", "one framework per history", "crosswalk"],
    );
    let plan = write(
        dir.path(),
        "plan.json",
        r#"{"plan": {"cycles": [{"number": 1, "raises": [{"item": "9.9", "from": 10, "to": 20}]}]}}"#,
    );
    fails_with(&["history", &a, "--plan", plan.to_str().unwrap()], &["plan.json", "9.9"]);
    // A malformed date is refused by every command, not only history.
    fails_with(&["score", &malformed], &["malformed.json", "YYYY-MM-DD"]);
}

#[test]
fn cohort_compare_matches_by_id_then_name_and_gives_the_sector_median() {
    let (before, now) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let programme = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/programme");
    std::fs::copy(format!("{HISTORY}/2024.json"), before.path().join("org-a.json")).unwrap();
    std::fs::copy(format!("{programme}/hospital.json"), before.path().join("hospital.json")).unwrap();
    // The later folder names the files differently: matching is by organisation, not file name.
    std::fs::copy(format!("{HISTORY}/2026.json"), now.path().join("a-2026.json")).unwrap();
    std::fs::copy(format!("{programme}/hospital.json"), now.path().join("h.json")).unwrap();
    std::fs::copy(format!("{programme}/machinery.json"), now.path().join("m.json")).unwrap();
    let v = json_out(&[
        "cohort",
        now.path().to_str().unwrap(),
        "--compare",
        before.path().to_str().unwrap(),
        "--partial",
        "--format",
        "json",
    ]);
    let cmp = &v["compare"];
    let changes = cmp["changes"].as_array().unwrap();
    let a = changes.iter().find(|c| c["source_now"] == "a-2026.json").unwrap();
    assert_eq!((a["matched_by"].as_str(), a["change_hundredths"].as_i64()), (Some("id"), Some(11_400)));
    let h = changes.iter().find(|c| c["source_now"] == "h.json").unwrap();
    assert_eq!((h["matched_by"].as_str(), h["change_hundredths"].as_i64()), (Some("name"), Some(0)));
    assert_eq!(cmp["new"], json!(["m.json"]));
    let all = cmp["sectors"].as_array().unwrap().iter().find(|s| s["sector"] == "all").unwrap();
    assert_eq!((all["count"].as_u64(), all["median_change"].as_f64()), (Some(2), Some(57.0)));
    let o = zhuoyue(&[
        "cohort",
        now.path().to_str().unwrap(),
        "--compare",
        before.path().to_str().unwrap(),
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn the_report_says_what_changed_since_last_time() {
    let (a, b, c) = (format!("{HISTORY}/2024.json"), format!("{HISTORY}/2025.json"), format!("{HISTORY}/2026.json"));
    let o = zhuoyue(&["report", &c, "--since", &b, "--since", &a, "--format", "md", "--lang", "en"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = stdout(&o);
    assert!(md.contains("## Since last time"), "{md}");
    assert!(md.contains("| 2024-03-15 | 366.00 |  |") && md.contains("| 2026-03-18 | 480.00 | +64.00 |"), "{md}");
    assert!(md.contains("4.7.2 30% → 50%"), "{md}");
    let html = stdout(&zhuoyue(&["report", &c, "--since", &a]));
    assert!(html.contains("自上次以来") && html.contains("<svg") && html.contains("trend-title"), "chart and table");
    // Without --since, no such section; a report whose history breaks a rule says which file.
    assert!(!stdout(&zhuoyue(&["report", &c, "--format", "md"])).contains("自上次以来"));
    fails_with(&["report", &c, "--since", &c], &["both dated 2026-03-18"]);
    fails_with(&["report", &c, "--since", EXAMPLE], &["no `date`"]);
}
