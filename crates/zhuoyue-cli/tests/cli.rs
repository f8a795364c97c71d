//! The `zhuoyue` binary on real files: good ones, every bad-input vector, usage errors.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a test failure

use std::process::{Command, Stdio};

use serde_json::Value;

mod common;
use common::{stderr, stdout, write, zhuoyue};

use common::EXAMPLE;
const PARTIAL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/gbt19580-partial.toml");
const ERRORS: &str = include_str!("../../../tests/vectors/errors.json");
const BUILTIN: &str = include_str!("../../../criteria/frameworks/gbt19580-2012.toml");

#[test]
fn score_prints_the_scorecard() {
    let o = zhuoyue(&["score", EXAMPLE]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("Example Precision Machinery Co."));
    assert!(out.contains("466.00"), "{out}");
    assert!(out.contains("band 5 (446-575"), "{out}");
    assert!(out.contains("4.4.3 财务资源 Financial resources"));
    assert!(out.contains("5.25"), "35% of 15 points: {out}");
    assert!(out.contains("█"), "category bars");
}

#[test]
fn score_json_has_the_documented_fields() {
    let o = zhuoyue(&["score", EXAMPLE, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["framework"], "gbt19580-2012");
    assert_eq!(v["total"], 466.0);
    assert_eq!(v["total_hundredths"], 46600);
    assert_eq!(v["max"], 1000.0);
    assert_eq!(v["band"], 5);
    assert_eq!(v["process"]["score_hundredths"], 29150);
    assert_eq!(v["results"]["score_hundredths"], 17450);
    let categories = v["categories"].as_array().unwrap();
    assert_eq!(categories.len(), 7);
    assert_eq!(categories[0]["id"], "4.1");
    assert_eq!(categories[0]["score"], 56.0);
    assert_eq!(categories[0]["max"], 110.0);
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 23);
    let financial = items.iter().find(|i| i["id"] == "4.4.3").unwrap();
    assert_eq!(financial["percent"], 35);
    assert_eq!(financial["score"], 5.25);
    assert_eq!(financial["max"], 15.0);
    assert_eq!(financial["band"], "30-45%");
    assert_eq!(v["organisation"]["sector"], "advanced-manufacturing");
    assert_eq!(v["warnings"].as_array().unwrap().len(), 0);
}

#[test]
fn score_csv_is_a_long_table() {
    let o = zhuoyue(&["score", EXAMPLE, "--format", "csv"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "level,id,name_zh,name_en,percent,score,max,band");
    assert_eq!(lines.len(), 1 + 23 + 7 + 2 + 1);
    assert!(lines.contains(&"item,4.4.3,财务资源,Financial resources,35,5.25,15,30-45%"));
    assert!(lines.contains(&"total,total,总分,Total,,466.00,1000.00,5"));
    assert!(lines.contains(&"category,4.6,测量、分析与改进,\"Measurement, analysis and improvement\",42.5,34.00,80,"));
}

#[test]
fn partial_scores_report_coverage_and_full_scores_refuse() {
    let o = zhuoyue(&["score", PARTIAL, "--partial", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["complete"], false);
    assert_eq!(v["rated"], 5);
    assert_eq!(v["missing"].as_array().unwrap().len(), 18);
    // 45% x 50 + 40% x 30 + 50% x 30 + 35% x 40 + 30% x 50 = 22.5 + 12 + 15 + 14 + 15
    assert_eq!(v["total_hundredths"], 7850);
    let o = zhuoyue(&["score", PARTIAL]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("gbt19580-partial.toml") && err.contains("18 of 23 items not rated") && err.contains("--partial"),
        "{err}"
    );
}

#[test]
fn validate_reports_ok_and_warnings() {
    let o = zhuoyue(&["validate", EXAMPLE]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).starts_with("ok: "), "{}", stdout(&o));
    assert!(stdout(&o).contains("23 of 23 items rated"));
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(EXAMPLE).unwrap().replace("\"percent\": 55,", "\"percent\": 95,");
    let path = write(dir.path(), "optimistic.json", &text);
    let o = zhuoyue(&["validate", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stdout(&o).contains("warning: item 4.1.2: percent 95 is more than one band away from 55"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn every_bad_input_vector_exits_1_naming_file_and_item() {
    let file: Value = serde_json::from_str(ERRORS).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut ran = 0;
    for (n, case) in file["cases"].as_array().unwrap().iter().enumerate() {
        let ext = if case["format"] == "toml" { "toml" } else { "json" };
        let path = write(dir.path(), &format!("case{n}.{ext}"), case["input"].as_str().unwrap());
        let o = zhuoyue(&["score", path.to_str().unwrap()]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{}: {err}", case["name"]);
        assert!(stdout(&o).is_empty(), "{}: nothing on stdout", case["name"]);
        assert!(err.contains(&format!("case{n}.{ext}")), "{}: names the file: {err}", case["name"]);
        if let Some(item) = case["item"].as_str() {
            assert!(err.contains(item), "{}: names the item: {err}", case["name"]);
        }
        assert!(!err.contains("panicked"), "{}: {err}", case["name"]);
        ran += 1;
    }
    assert_eq!(Some(ran), file["count"].as_u64().map(|c| c as usize));
}

#[test]
fn a_50_mb_file_is_refused_by_size_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.json");
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(50 * 1024 * 1024).unwrap(); // sparse: no 50 MB written to disk
    let o = zhuoyue(&["score", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("52428800 bytes; the limit is 4194304 bytes"), "{}", stderr(&o));
}

#[test]
fn unreadable_inputs_are_clear_errors() {
    let o = zhuoyue(&["score", "/nonexistent/assessment.json"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("/nonexistent/assessment.json: cannot read"), "{}", stderr(&o));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.json");
    std::fs::write(&path, b"{\"framework\": \"\xe9\"}").unwrap();
    let o = zhuoyue(&["score", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("not UTF-8"));
    let o = zhuoyue(&["score", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn a_byte_order_mark_and_stdin_are_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(EXAMPLE).unwrap();
    let path = write(dir.path(), "bom.json", &format!("\u{feff}{text}"));
    assert_eq!(zhuoyue(&["score", path.to_str().unwrap()]).status.code(), Some(0));
    let mut child = Command::new(env!("CARGO_BIN_EXE_zhuoyue"))
        .args(["score", "-", "--format", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["total_hundredths"], 46600);
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(zhuoyue(&[]).status.code(), Some(2));
    assert_eq!(zhuoyue(&["grade", EXAMPLE]).status.code(), Some(2));
    assert_eq!(zhuoyue(&["score", EXAMPLE, "--format", "xml"]).status.code(), Some(2));
    assert_eq!(zhuoyue(&["score"]).status.code(), Some(2));
    assert_eq!(zhuoyue(&["--version"]).status.code(), Some(0));
}

#[test]
fn criteria_lists_shows_and_checks() {
    let o = zhuoyue(&["criteria"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("gbt19580-2012") && stdout(&o).contains("23 items"));
    let o = zhuoyue(&["criteria", "show", "gbt19580-2012"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("4.7.7 领导方面的结果 Leadership results (50 points, results)"), "{out}");
    assert!(out.contains("band 8: 826-1000"));
    let o = zhuoyue(&["criteria", "show", "gbt19580-2012", "--format", "json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["categories"].as_array().unwrap().len(), 7);
    assert_eq!(v["bands"][3]["process"]["zh"], "针对总体要求的有效方法，展开良好，基于事实的改进，与组织需要协调一致");
    let o = zhuoyue(&["criteria", "show", "efqm-1999"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("unknown framework `efqm-1999` (known: gbt19580-2012, baldrige-2023-2024, efqm-2025)"));
}

#[test]
fn a_users_framework_file_loads_through_the_same_path() {
    let dir = tempfile::tempdir().unwrap();
    let variant = BUILTIN.replacen("id = \"gbt19580-2012\"", "id = \"gbt19580-2012-city\"", 1);
    let good = write(dir.path(), "city.toml", &variant);
    let o = zhuoyue(&["criteria", "check", good.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = zhuoyue(&["--criteria", good.to_str().unwrap(), "criteria"]);
    assert!(stdout(&o).contains("gbt19580-2012-city"));
    let text = std::fs::read_to_string(EXAMPLE).unwrap().replace("\"gbt19580-2012\"", "\"gbt19580-2012-city\"");
    let assessment = write(dir.path(), "a.json", &text);
    let o = zhuoyue(&["score", assessment.to_str().unwrap(), "--criteria", good.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let bad = write(dir.path(), "bad.toml", &variant.replacen("max_points = 1000", "max_points = 999", 1));
    let o = zhuoyue(&["criteria", "check", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("bad.toml") && err.contains("max_points") && err.contains("categories sum to 1000"), "{err}");
    // The same broken file refused when loaded to score with.
    let o = zhuoyue(&["score", EXAMPLE, "--criteria", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    // A second copy of a built-in id is refused rather than silently replacing it.
    let clash = write(dir.path(), "clash.toml", BUILTIN);
    let o = zhuoyue(&["criteria", "--criteria", clash.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("already loaded"));
}

#[test]
fn templates_are_blank_and_parse_back() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("blank.json");
    let o = zhuoyue(&["template", "--framework", "gbt19580-2012", "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(v["items"].as_object().unwrap().len(), 23);
    assert!(v["items"]["4.1.2"].is_null());
    // A blank template is not a score of zero: it is refused until filled in...
    let o = zhuoyue(&["score", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("23 of 23 items not rated"));
    // ...and scores as an empty partial assessment.
    let o = zhuoyue(&["score", out.to_str().unwrap(), "--partial", "--format", "json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!((v["total_hundredths"].as_i64(), v["rated"].as_i64()), (Some(0), Some(0)));

    let o = zhuoyue(&["template", "--format", "toml"]);
    assert_eq!(o.status.code(), Some(0));
    let toml_path = write(dir.path(), "blank.toml", &stdout(&o));
    let o = zhuoyue(&["validate", toml_path.to_str().unwrap(), "--partial"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // Uncommenting every line gives a complete, valid assessment.
    let filled: String = std::fs::read_to_string(&toml_path).unwrap().replace("# \"4.", "\"4.");
    let filled_path = write(dir.path(), "filled.toml", &filled);
    let o = zhuoyue(&["score", filled_path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    let o = zhuoyue(&["template", "--framework", "nope"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn a_failed_write_leaves_nothing_behind_and_keeps_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let o = zhuoyue(&["template", "-o", dir.path().join("missing-dir/blank.json").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("missing-dir/blank.json"), "{}", stderr(&o));
    assert!(!dir.path().join("missing-dir").exists());
    // Writing over an existing file replaces it whole; the folder holds no temporary left-overs.
    let target = write(dir.path(), "keep.json", "old");
    let o = zhuoyue(&["template", "-o", target.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert!(std::fs::read_to_string(&target).unwrap().contains("\"framework\""));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn hostile_text_is_printed_as_data() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(EXAMPLE)
        .unwrap()
        .replace("Example Precision Machinery Co. 示例精密机械有限公司", "<script>alert(1)</script>");
    let path = write(dir.path(), "hostile.json", &text);
    let o = zhuoyue(&["score", path.to_str().unwrap(), "--format", "json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["organisation"]["name"], "<script>alert(1)</script>");
}

#[test]
fn every_command_works_on_every_framework() {
    let dir = tempfile::tempdir().unwrap();
    for (framework, half) in [("gbt19580-2012", "500.00"), ("baldrige-2023-2024", "500.00"), ("efqm-2025", "500.00")] {
        let o = zhuoyue(&["template", "--framework", framework]);
        assert_eq!(o.status.code(), Some(0), "{framework}");
        let filled = stdout(&o).replace("null", "50");
        let path = write(dir.path(), &format!("{framework}.json"), &filled);
        let file = path.to_str().unwrap();
        let o = zhuoyue(&["score", file, "--format", "json"]);
        assert_eq!(o.status.code(), Some(0), "{framework}: {}", stderr(&o));
        let v: Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v["framework"], framework);
        assert_eq!(format!("{:.2}", v["total"].as_f64().unwrap()), half, "{framework}");
        for args in [
            vec!["validate", file],
            vec!["score", file, "--format", "csv"],
            vec!["readiness", file, "--award", "excellence-levels", "--year", "2026"],
            vec!["plan", file, "--target", "600"],
            vec!["plan", file, "--award", "excellence-levels"],
            vec!["criteria", "show", framework],
        ] {
            let o = zhuoyue(&args);
            assert_eq!(o.status.code(), Some(0), "{framework} {args:?}: {}", stderr(&o));
        }
        // 55 is on GB/T's and Baldrige's 5% grid but not on EFQM's 10% grid.
        let o = zhuoyue(&["score", &write(dir.path(), "x.json", &filled.replacen("50", "55", 1)).to_string_lossy()]);
        assert_eq!(o.status.code(), Some(if framework == "efqm-2025" { 1 } else { 0 }), "{framework}");
    }
    // An award for one framework refuses another's assessment.
    let path = dir.path().join("efqm-2025.json");
    let o = zhuoyue(&["readiness", path.to_str().unwrap(), "--award", "shanghai-quality-gold"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("not to framework `efqm-2025`"), "{}", stderr(&o));
}
