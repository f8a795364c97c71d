//! Examiner scorebooks on real files: the example team from sealed scorebooks to the feedback
//! report, sealing and tampering, the team's rules, and workbooks in and out.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a test failure

mod common;
use std::path::{Path, PathBuf};

use common::{fails_with, stderr, stdout, write, zhuoyue};
use serde_json::{json, Value};

const TEAM: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/team");

/// A copy of the example team in a temporary folder, to change without touching the examples.
fn team_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(TEAM).unwrap() {
        let p = entry.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    dir
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn the_example_team_goes_from_sealed_scorebooks_to_the_feedback_report() {
    let team = format!("{TEAM}/team.toml");
    let o = zhuoyue(&["consensus", "--team", &team, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let sheet = &v["worksheet"];
    assert_eq!(sheet["examiners"], json!(["王芳", "李强", "陈静"]));
    let row = sheet["rows"].as_array().unwrap().iter().find(|r| r["item"] == "4.7.2").unwrap();
    // Each examiner's original percent beside the proposal and the team's decision.
    assert_eq!(row["percents"], json!([40, 50, 30]));
    assert_eq!((row["proposed"].as_u64(), row["agreed"].as_u64()), (Some(40), Some(35)));
    // Comments keep their key factors and feedback-ready marks.
    let ofi = &row["ofis"][0];
    assert_eq!((ofi["key_factors"].clone(), ofi["feedback_ready"].clone()), (json!(["KF2"]), json!(true)));
    // Li scores 10 points above the proposals on average: lenient, flagged.
    let li = &sheet["agreement"]["examiners"][1];
    assert_eq!((li["name"].as_str(), li["outlier"].as_bool()), (Some("李强"), Some(false)));
    assert!((li["leniency"].as_f64().unwrap() - 10.0).abs() < 1e-9, "{li}");
    // The record: the override says who and why; the themes come along.
    let agreed = &v["agreed"];
    assert_eq!(agreed["overrides"][0]["item"], "4.7.2");
    assert_eq!(agreed["themes"].as_array().unwrap().len(), 3);
    assert_eq!(agreed["assessment"]["organisation"]["sector"], "advanced-manufacturing");

    // The text worksheet shows the agreement statistics and each examiner's pattern.
    let o = zhuoyue(&["consensus", "--team", &team]);
    let text = stdout(&o);
    assert!(text.contains("Krippendorff's alpha interval") && text.contains("ICC(2,k)"), "{text}");
    assert!(text.contains("+10.0"), "{text}");

    // The feedback report: bands, not percents; feedback-ready comments only; no examiner named
    // beside a comment; key themes first.
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("feedback.md");
    let o = zhuoyue(&["feedback", &team, "-o", s(&md)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report = std::fs::read_to_string(&md).unwrap();
    assert!(report.contains("第 5 档（446-575 分）"), "{report}");
    assert!(report.contains("对关键客户交付周期和人才保留"), "organisation theme");
    assert!(report.contains("多数结果只有一到两年数据"), "category theme");
    assert!(report.contains("精度寿命只有两年数据，趋势不足三个周期"), "a feedback-ready OFI");
    assert!(!report.contains("技师工作室带徒制度"), "a comment not marked feedback-ready reached the applicant");
    assert!(!report.contains("448.50") && !report.contains("35%"), "an exact score reached the applicant");
    assert!(!report.contains("[李强]") && !report.contains("[王芳]"), "examiners are not named beside comments");
    // The same report in English and as DOCX.
    let docx = dir.path().join("feedback.docx");
    let o = zhuoyue(&["feedback", &team, "--lang", "en", "-o", s(&docx)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let bytes = std::fs::read(&docx).unwrap();
    assert_eq!(&bytes[..2], b"PK");
    // DOCX to standard output is refused (a binary file).
    fails_with(&["feedback", &team, "--format", "docx", "-o", "-"], &["binary"]);
}

#[test]
fn sealing_locks_a_scorebook_and_the_team_waits_for_every_seal() {
    let dir = team_copy();
    let team = dir.path().join("team.toml");
    // A fresh scorebook from the applicant's file, filled and sealed.
    let fresh = dir.path().join("zhao.json");
    let o = zhuoyue(&[
        "scorebook",
        "template",
        s(&dir.path().join("applicant.json")),
        "--examiner",
        "赵敏",
        "--id",
        "SH-2026-017",
        "-o",
        s(&fresh),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut book: Value = serde_json::from_str(&std::fs::read_to_string(&fresh).unwrap()).unwrap();
    assert_eq!(book["items"].as_object().unwrap().len(), 23);
    assert_eq!(book["items"]["4.1.2"]["percent"], Value::Null);
    book["items"]["4.1.2"]["percent"] = json!(55);
    std::fs::write(&fresh, book.to_string()).unwrap();
    let o = zhuoyue(&["scorebook", "check", s(&fresh)]);
    assert!(stdout(&o).contains("1 items rated") && stdout(&o).contains("not sealed"), "{}", stdout(&o));

    // An unsealed scorebook on the team: the worksheet is not compiled, naming whose and why.
    let text = std::fs::read_to_string(&team).unwrap();
    std::fs::write(&team, format!("{text}\n[[examiners]]\nname = \"赵敏\"\nscorebook = \"zhao.json\"\n")).unwrap();
    fails_with(&["consensus", "--team", s(&team)], &["zhao.json", "not sealed"]);
    fails_with(&["feedback", s(&team), "-o", s(&dir.path().join("f.html"))], &["zhao.json", "not sealed"]);
    assert!(!dir.path().join("f.html").exists(), "nothing is written on failure");

    // Off the grid: sealing checks the scorebook first and leaves it as it was.
    book["items"]["4.1.3"]["percent"] = json!(47);
    std::fs::write(&fresh, book.to_string()).unwrap();
    fails_with(&["scorebook", "seal", s(&fresh)], &["zhao.json", "4.1.3", "5% grid"]);
    book["items"]["4.1.3"]["percent"] = json!(45);
    std::fs::write(&fresh, book.to_string()).unwrap();
    let o = zhuoyue(&["scorebook", "seal", s(&fresh), "--at", "2026-11-21T08:00:00Z"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("sealed") && stdout(&o).contains("sha256"), "{}", stdout(&o));
    let o = zhuoyue(&["consensus", "--team", s(&team), "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    // Sealed is read-only: sealing again, importing or templating over it are refused.
    fails_with(&["scorebook", "seal", s(&fresh)], &["already sealed"]);
    let sheet = dir.path().join("zhao.xlsx");
    let o = zhuoyue(&[
        "scorebook",
        "template",
        s(&dir.path().join("applicant.json")),
        "--examiner",
        "赵敏",
        "-o",
        s(&sheet),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    fails_with(&["scorebook", "import", s(&sheet), "-o", s(&fresh)], &["zhao.json", "read-only"]);
    fails_with(
        &["scorebook", "template", s(&dir.path().join("applicant.json")), "--examiner", "x", "-o", s(&fresh)],
        &["read-only"],
    );
    // An edit after sealing is caught wherever the scorebook is read.
    let sealed = std::fs::read_to_string(&fresh).unwrap();
    std::fs::write(&fresh, sealed.replace("\"percent\": 55", "\"percent\": 90")).unwrap();
    fails_with(&["consensus", "--team", s(&team)], &["zhao.json", "changed after it was sealed", "read-only"]);
    fails_with(&["scorebook", "check", s(&fresh)], &["changed after it was sealed"]);
    // A bad sealing time.
    std::fs::write(&fresh, book.to_string()).unwrap();
    fails_with(&["scorebook", "seal", s(&fresh), "--at", "tomorrow"], &["UTC time"]);
}

/// Writes a variant of the example team with one change, and returns the team file.
fn team_with(dir: &Path, edit: impl Fn(&str) -> String) -> PathBuf {
    let team = dir.join("team.toml");
    let text = std::fs::read_to_string(format!("{TEAM}/team.toml")).unwrap();
    std::fs::write(&team, edit(&text)).unwrap();
    team
}

/// Rewrites an example scorebook under `dir` (unsealed, edited, resealed).
fn rebook(dir: &Path, file: &str, edit: impl Fn(&mut Value)) {
    let path = dir.join(file);
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    v.as_object_mut().unwrap().remove("sealed");
    edit(&mut v);
    std::fs::write(&path, v.to_string()).unwrap();
    let o = zhuoyue(&["scorebook", "seal", s(&path), "--at", "2026-11-22T08:00:00Z"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn a_team_reviews_one_applicant_in_one_framework_with_its_assigned_examiners() {
    // A scorebook for another applicant.
    let dir = team_copy();
    rebook(dir.path(), "li-qiang.json", |v| v["applicant"] = json!("SH-2026-099"));
    fails_with(
        &["consensus", "--team", s(&dir.path().join("team.toml"))],
        &["li-qiang.json", "SH-2026-099", "one applicant"],
    );
    // A scorebook of another framework.
    let dir = team_copy();
    rebook(dir.path(), "li-qiang.json", |v| {
        v["framework"] = json!("baldrige-2023-2024");
        v["items"] = json!({"1.1": {"percent": 50}});
    });
    fails_with(&["consensus", "--team", s(&dir.path().join("team.toml"))], &["li-qiang.json", "baldrige-2023-2024"]);
    // A scorebook written by an examiner the team did not assign.
    let dir = team_copy();
    rebook(dir.path(), "li-qiang.json", |v| v["examiner"] = json!("周杰"));
    fails_with(&["consensus", "--team", s(&dir.path().join("team.toml"))], &["li-qiang.json", "周杰", "assigns"]);
    // A comment citing a key factor the applicant's profile lacks.
    let dir = team_copy();
    rebook(dir.path(), "chen-jing.json", |v| v["items"]["4.1.2"]["comments"][0]["key_factors"] = json!(["KF9"]));
    fails_with(
        &["consensus", "--team", s(&dir.path().join("team.toml"))],
        &["chen-jing.json", "item 4.1.2, comment 1", "KF9", "KF1, KF2, KF3"],
    );
    // A key theme citing one, or scoped to no category.
    let dir = team_copy();
    let record = dir.path().join("record.toml");
    let text = std::fs::read_to_string(&record).unwrap();
    std::fs::write(&record, text.replace("key_factors = [\"KF2\"]", "key_factors = [\"KF7\"]")).unwrap();
    fails_with(&["consensus", "--team", s(&dir.path().join("team.toml"))], &["record.toml", "key theme 3", "KF7"]);
    std::fs::write(&record, text.replace("scope = \"4.7\"", "scope = \"4.9\"")).unwrap();
    fails_with(&["consensus", "--team", s(&dir.path().join("team.toml"))], &["record.toml", "4.9", "organisation"]);

    // The team file itself: duplicate examiners, a shared scorebook, files outside its folder,
    // no examiners, --record beside a team.
    let dir = team_copy();
    let twice = team_with(dir.path(), |t| t.replace("name = \"李强\"", "name = \"王芳\""));
    fails_with(&["consensus", "--team", s(&twice)], &["team.toml", "王芳", "assigned twice"]);
    let shared =
        team_with(dir.path(), |t| t.replace("scorebook = \"li-qiang.json\"", "scorebook = \"wang-fang.json\""));
    fails_with(&["consensus", "--team", s(&shared)], &["team.toml", "share the scorebook"]);
    let outside =
        team_with(dir.path(), |t| t.replace("scorebook = \"li-qiang.json\"", "scorebook = \"../li-qiang.json\""));
    fails_with(&["consensus", "--team", s(&outside)], &["team.toml", "outside the team file's folder"]);
    let empty = write(
        dir.path(),
        "empty.toml",
        "applicant = \"A\"\nframework = \"gbt19580-2012\"\nleader = \"L\"\nexaminers = []\n",
    );
    fails_with(&["consensus", "--team", s(&empty)], &["empty.toml", "no examiners"]);
    let team = dir.path().join("team.toml");
    std::fs::copy(format!("{TEAM}/team.toml"), &team).unwrap();
    fails_with(&["consensus", "--team", s(&team), "--record", s(&dir.path().join("record.toml"))], &["team file"]);
    assert_eq!(zhuoyue(&["consensus", "--team", s(&team), "x.json"]).status.code(), Some(2));
}

#[test]
fn plain_consensus_takes_sealed_scorebooks_beside_assessments() {
    let books: Vec<String> =
        ["wang-fang.json", "li-qiang.json", "chen-jing.json"].iter().map(|f| format!("{TEAM}/{f}")).collect();
    let mut args = vec!["consensus", "--format", "json"];
    args.extend(books.iter().map(String::as_str));
    let o = zhuoyue(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["worksheet"]["examiners"], json!(["王芳", "李强", "陈静"]));
    // The same scorebook twice is one examiner twice.
    let o = zhuoyue(&["consensus", &books[0], &books[0]]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("appears twice"), "{}", stderr(&o));
    // An unsealed scorebook is refused here too.
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(&books[1]).unwrap();
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v.as_object_mut().unwrap().remove("sealed");
    let open = write(dir.path(), "open.json", &v.to_string());
    fails_with(&["consensus", &books[0], s(&open)], &["open.json", "not sealed"]);
}

#[test]
fn a_workbook_template_reads_back_and_bad_workbooks_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("scores.xlsx");
    let o = zhuoyue(&[
        "scorebook",
        "template",
        &format!("{TEAM}/applicant.json"),
        "--examiner",
        "王芳",
        "--id",
        "SH-2026-017",
        "-o",
        s(&sheet),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let book = dir.path().join("book.json");
    let o = zhuoyue(&["scorebook", "import", s(&sheet), "-o", s(&book)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&book).unwrap()).unwrap();
    assert_eq!((v["applicant"].as_str(), v["examiner"].as_str()), (Some("SH-2026-017"), Some("王芳")));
    assert_eq!(v["items"].as_object().unwrap().len(), 23);
    assert!(v.get("sealed").is_none());
    // Not a workbook at all.
    let junk = write(dir.path(), "junk.xlsx", "this is not a zip");
    fails_with(&["scorebook", "import", s(&junk), "-o", s(&dir.path().join("j.json"))], &["junk.xlsx", "not an .xlsx"]);
    assert!(!dir.path().join("j.json").exists());
    // `-o -` writes the JSON scorebook to standard output.
    let o = zhuoyue(&["scorebook", "template", &format!("{TEAM}/applicant.json"), "--examiner", "x", "-o", "-"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["examiner"], "x");
}

#[test]
fn hostile_text_in_scorebooks_stays_text() {
    let dir = team_copy();
    rebook(dir.path(), "chen-jing.json", |v| {
        v["items"]["4.1.3"]["comments"] = json!([
            {"kind": "ofi", "text": "<script>alert(1)</script> =cmd|' /C calc'!A0", "feedback_ready": true}
        ]);
    });
    let team = dir.path().join("team.toml");
    let html = dir.path().join("f.html");
    let o = zhuoyue(&["feedback", s(&team), "-o", s(&html)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "escaped");
    assert!(!page.contains("<script>alert"), "never markup");
    // An ESC in an examiner's name is shown, not obeyed, on a terminal.
    let dir = team_copy();
    rebook(dir.path(), "li-qiang.json", |v| v["examiner"] = json!("李强\u{1b}[31m"));
    let team = team_with(dir.path(), |t| t.replace("name = \"李强\"", "name = \"李强\\u001b[31m\""));
    let o = zhuoyue(&["consensus", "--team", s(&team)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stdout(&o).contains('\u{1b}') && stdout(&o).contains("\\u{1b}"), "{}", stdout(&o));
}
