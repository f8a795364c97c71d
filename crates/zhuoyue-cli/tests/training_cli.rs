//! Frame-of-reference training at the terminal: a session from a folder of trainee files to the
//! group view and pass/fail per manager, checked against values computed by hand, and bad input.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a test failure

mod common;

use common::{fails_with, json_out, stdout, write, zhuoyue};
use serde_json::{json, Value};

const TRAINING: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/training");

fn reference_percents() -> Vec<i64> {
    let text = std::fs::read_to_string(format!("{TRAINING}/reference.json")).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    v["items"].as_object().unwrap().values().map(|i| i["percent"].as_i64().unwrap()).collect()
}

fn session(extra: &[&str]) -> Value {
    let reference = format!("{TRAINING}/reference.json");
    let trainees: Vec<String> = ["liu-fang.json", "sun-ming.json", "zhang-wei.json", "zhao-lei.toml"]
        .iter()
        .map(|f| format!("{TRAINING}/trainees/{f}"))
        .collect();
    let mut args = vec!["training", reference.as_str()];
    args.extend(trainees.iter().map(String::as_str));
    args.extend(extra);
    args.extend(["--format", "json"]);
    json_out(&args)
}

#[test]
fn a_session_gives_each_trainee_the_hand_computed_numbers_and_a_pass_or_fail() {
    let v = session(&["--targets", "city-drive-2013-2015"]);
    let by = |name: &str| v["trainees"].as_array().unwrap().iter().find(|t| t["name"] == name).unwrap().clone();
    // 张伟 rated every item 15 points above the reference (none reaches 100): MAD 15, bias +15, the
    // same order of items (rho 1); MAD over 12 fails.
    let zhang = by("张伟");
    assert_eq!(
        (&zhang["mad"], &zhang["bias"], &zhang["spearman"], &zhang["passed"]),
        (&json!(15.0), &json!(15.0), &json!(1.0), &json!(false))
    );
    // sun-ming (a plain file without an assessor: named by its file) is 10 below: at the bias limit, passes.
    let sun = by("sun-ming");
    assert_eq!((&sun["mad"], &sun["bias"], &sun["passed"]), (&json!(10.0), &json!(-10.0), &json!(true)));
    // 赵磊 (named by the file's assessor) gave 50 everywhere: MAD and bias by hand; ranks undefined.
    let refs = reference_percents();
    let mad = refs.iter().map(|p| (50 - p).abs()).sum::<i64>() as f64 / 23.0;
    let bias = refs.iter().map(|p| 50 - p).sum::<i64>() as f64 / 23.0;
    let zhao = by("赵磊");
    assert!((zhao["mad"].as_f64().unwrap() - mad).abs() < 1e-9 && (zhao["bias"].as_f64().unwrap() - bias).abs() < 1e-9);
    assert!(zhao["spearman"].is_null() && zhao["spearman_note"].as_str().unwrap().contains("same percent"));
    assert_eq!(zhao["passed"], false);
    // 刘芳 found 9 of the 10 key strengths (not 4.7.5's) and all 4 key OFIs, matched by item and key factor.
    assert_eq!(by("刘芳")["found"], json!({"strengths": 10, "strengths_found": 9, "ofis": 4, "ofis_found": 4}));
    assert_eq!(by("刘芳")["passed"], true);
    // Per category and item by item, with the reference's reasoning.
    let item = zhang["items"].as_array().unwrap().iter().find(|i| i["item"] == "4.7.4").unwrap().clone();
    assert_eq!((&item["reference"], &item["trainee"], &item["difference"]), (&json!(30), &json!(45), &json!(15)));
    assert!(item["reasoning"][0].as_str().unwrap().contains("Margins fell"));
    assert_eq!(zhang["categories"][0], json!({"category": "4.1", "rated": 3, "mad": 15.0, "bias": 15.0}));
    // One case: elevation and stereotype accuracy, the differential components null with the reason.
    let acc = &zhang["accuracy"];
    assert_eq!((&acc["elevation"], &acc["stereotype_accuracy"]), (&json!(225.0), &json!(0.0)));
    assert!(acc["differential_elevation"].is_null() && acc["note"].as_str().unwrap().contains("at least two"));
    // The group: two passed, 张伟 lenient.
    assert_eq!((&v["group"]["passed"], &v["group"]["lenient"]), (&json!(2), &json!(["张伟"])));
    // Without a programme: no pass rule, `passed` null, and the text says how to get one.
    let bare = session(&[]);
    assert!(bare["trainees"].as_array().unwrap().iter().all(|t| t["passed"].is_null()));
    let text = stdout(&zhuoyue(&[
        "training",
        &format!("{TRAINING}/reference.json"),
        &format!("{TRAINING}/trainees/sun-ming.json"),
    ]));
    assert!(text.contains("No pass rule (give --targets ID"), "{text}");
}

#[test]
fn a_trainer_gets_a_csv_and_a_workbook_and_a_trainee_sheet_from_the_scorebook_template() {
    let dir = tempfile::tempdir().unwrap();
    let reference = format!("{TRAINING}/reference.json");
    let zhang = format!("{TRAINING}/trainees/zhang-wei.json");
    let csv =
        stdout(&zhuoyue(&["training", &reference, &zhang, "--targets", "city-drive-2013-2015", "--format", "csv"]));
    assert!(csv.starts_with("trainee,rated,mad,bias,spearman,passed,furthest,strengths_found,ofis_found\n"), "{csv}");
    assert!(csv.contains("张伟,23,15.00,15.00,1.000,no,"), "{csv}");
    // A folder of trainee files, and the group's chart beside the table.
    let svg = dir.path().join("group.svg");
    let o = zhuoyue(&[
        "training",
        &reference,
        &format!("{TRAINING}/trainees"),
        "--targets",
        "city-drive-2013-2015",
        "--chart",
        svg.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    assert!(stdout(&o).contains("Group of 4") && stdout(&o).contains("wrote"), "{}", stdout(&o));
    let chart = std::fs::read_to_string(&svg).unwrap();
    assert!(chart.contains("张伟 bias +15.00 MAD 15.00") && chart.contains("sun-ming bias -10.00"), "{chart}");
    let out = dir.path().join("training.xlsx");
    let o = zhuoyue(&["training", &reference, &zhang, "--format", "xlsx", "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    // A session on paper or spreadsheets: the case's scorebook workbook, filled in, read back.
    let sheet = dir.path().join("trainee.xlsx");
    let o = zhuoyue(&[
        "scorebook",
        "template",
        &format!("{TRAINING}/case.json"),
        "--examiner",
        "周敏",
        "-o",
        sheet.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    // Nothing rated yet: every item unrated, the numbers null, not a failure; the case id carried over.
    let v = json_out(&["training", &reference, sheet.to_str().unwrap(), "--format", "json"]);
    assert_eq!(
        (&v["trainees"][0]["name"], &v["trainees"][0]["rated"], &v["trainees"][0]["mad"]),
        (&json!("周敏"), &json!(0), &Value::Null)
    );
}

#[test]
fn bad_sessions_are_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let reference = format!("{TRAINING}/reference.json");
    let zhang = format!("{TRAINING}/trainees/zhang-wei.json");
    let text = std::fs::read_to_string(&zhang).unwrap();
    // A trainee's scorebook of another case, and one of another framework.
    let other_case = write(dir.path(), "other-case.json", &text.replace("CASE-2026-01", "CASE-1999-09"));
    fails_with(
        &["training", &reference, other_case.to_str().unwrap()],
        &["trainee 张伟", "case `CASE-1999-09`", "CASE-2026-01"],
    );
    let efqm = write(dir.path(), "efqm.json", r#"{"framework": "efqm-2025", "assessor": "E", "items": {"1.1": 50}}"#);
    fails_with(&["training", &reference, efqm.to_str().unwrap()], &["trainee E", "efqm-2025", "gbt19580-2012"]);
    // The same trainee twice.
    fails_with(&["training", &reference, &zhang, &zhang], &["trainee 张伟", "named twice"]);
    // A reference leaving an item unrated.
    let mut partial: Value = serde_json::from_str(&std::fs::read_to_string(&reference).unwrap()).unwrap();
    partial["items"].as_object_mut().unwrap().remove("4.7.7");
    let partial = write(dir.path(), "partial-reference.json", &partial.to_string());
    fails_with(&["training", partial.to_str().unwrap(), &zhang], &["reference", "4.7.7"]);
    // A trainee's percent off the grid, and hostile names shown as text.
    let off = write(
        dir.path(),
        "off.json",
        &text.replacen("\"percent\": 75", "\"percent\": 77", 1).replace("张伟", "\\u001b[31m=cmd"),
    );
    fails_with(&["training", &reference, off.to_str().unwrap()], &["off.json", "77"]);
    let o = zhuoyue(&["training", &reference, &zhang, "--targets", "nowhere"]);
    assert_eq!(o.status.code(), Some(1));
    // A workbook to the terminal is refused before anything is written: not even the chart.
    let chart = dir.path().join("group.svg");
    fails_with(
        &["training", &reference, &zhang, "--format", "xlsx", "--chart", chart.to_str().unwrap()],
        &["binary", "-o"],
    );
    assert!(!chart.exists(), "the chart was written although the command failed");
}

/// A one-item exercise: rank agreement is undefined and said so, never a division by zero.
#[test]
fn a_single_item_exercise_says_rank_agreement_is_undefined() {
    let dir = tempfile::tempdir().unwrap();
    let framework = write(
        dir.path(),
        "one.toml",
        r#"id = "one-item"
version = "1"
standard = "test"
edition = "test"
name = { zh = "单项", en = "One item" }
max_points = 10
percent_step = 5
provenance = { source = "test", confidence = "test" }
kinds = { process = { zh = "过程", en = "Process" }, results = { zh = "结果", en = "Results" } }
[[bands]]
min = 0
max = 100
process = { zh = "全部", en = "All" }
results = { zh = "全部", en = "All" }
[[categories]]
id = "1"
name = { zh = "一", en = "One" }
points = 10
items = [{ id = "1.1", name = { zh = "一", en = "One" }, points = 10, kind = "process" }]
"#,
    );
    let reference =
        write(dir.path(), "ref.json", r#"{"framework": "one-item", "assessor": "expert", "items": {"1.1": 60}}"#);
    let trainee = write(dir.path(), "t.json", r#"{"framework": "one-item", "assessor": "T", "items": {"1.1": 40}}"#);
    let v = json_out(&[
        "--criteria",
        framework.to_str().unwrap(),
        "training",
        reference.to_str().unwrap(),
        trainee.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let t = &v["trainees"][0];
    assert_eq!((&t["mad"], &t["bias"]), (&json!(20.0), &json!(-20.0)));
    assert!(t["spearman"].is_null() && t["spearman_note"].as_str().unwrap().contains("at least two items"));
}

/// The programme counts mastery: managers' exercise results in the roster, passed beside trained,
/// per year, sector and organising body, and the organisations whose manager has not yet passed.
#[test]
fn the_programme_counts_managers_who_passed_beside_those_trained() {
    let roster = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/drive/roster.toml");
    let v = json_out(&["programme", roster, "--year", "2014", "--format", "json"]);
    let line = |year: i64, measure: &str| common::progress_line(&v, year, measure);
    // 王强 failed in 2013 and passed in 2014; 刘洋 passed in 2014; 陈立 failed.
    assert_eq!(
        (line(2013, "passed-managers")["cumulative"].as_u64(), line(2014, "passed-managers")["cumulative"].as_u64()),
        (Some(0), Some(2))
    );
    assert!(line(2014, "passed-managers")["target"].is_null());
    assert_eq!(line(2014, "trained-managers")["target"], 1000);
    let services =
        v["progress"]["mastery"].as_array().unwrap().iter().find(|m| m["sector"] == "services").unwrap().clone();
    assert_eq!(services, json!({"sector": "services", "trained": 1, "passed": 0}));
    let ids: Vec<&str> =
        v["progress"]["without_passed_manager"].as_array().unwrap().iter().map(|x| x[0].as_str().unwrap()).collect();
    assert_eq!(ids, ["m-102", "s-101", "s-102"]);
    let harbour =
        v["progress"]["bodies"].as_array().unwrap().iter().find(|b| b["id"] == "harbour-group").unwrap().clone();
    assert_eq!((&harbour["trained_managers"], &harbour["passed_managers"]), (&json!(1), &json!(0)));
    let text = stdout(&zhuoyue(&["programme", roster, "--year", "2014"]));
    assert!(text.contains("Managers who passed a training exercise: 2"), "{text}");
    // An exercise's date that is no date is refused, naming the manager.
    let dir = tempfile::tempdir().unwrap();
    let bad = std::fs::read_to_string(roster).unwrap().replacen("date = \"2014-02-21\"", "date = \"Feb 21\"", 1);
    let path = write(dir.path(), "roster.toml", &bad);
    fails_with(&["programme", path.to_str().unwrap()], &["manager 陈立", "YYYY-MM-DD"]);
}
