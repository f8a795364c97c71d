//! `zhuoyue dossier` on the project's example and on the bad input real users produce: the format
//! from the file name, `-o` required, no DOCX on a terminal, unknown sections and hostile text.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a test failure

mod common;

use common::{stderr, stdout, write, zhuoyue, EXAMPLE};

#[test]
fn the_format_follows_the_file_name() {
    let dir = tempfile::tempdir().unwrap();
    for (name, starts) in [("d.docx", &b"PK\x03\x04"[..]), ("d.html", b"<!doctype html>"), ("d.md", b"# ")] {
        let out = dir.path().join(name);
        let o = zhuoyue(&["dossier", EXAMPLE, "--award", "shanghai-quality-gold", "-o", out.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(std::fs::read(&out).unwrap().starts_with(starts), "{name}");
    }
    // An unknown extension gets HTML; --format wins over the name.
    let out = dir.path().join("dossier.txt");
    let o = zhuoyue(&["dossier", EXAMPLE, "--format", "md", "--lang", "en", "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(md.starts_with("# Example Precision Machinery Co."), "{md}");
    assert!(md.contains("### 4.7.2 Product and service results (80 points)"));
    assert!(
        md.contains("| 一次交检合格率 First-pass yield | % | higher | 97.8 | 98.4 | 98.9 | 99.2 | 98.5 (行业协会 2025 年统计) |"),
        "{md}"
    );
    assert!(md.contains("| 顾客投诉 Customer complaints | 件/年 | lower | – | 14 | 11 | 9 | – |"), "{md}");
    // HTML or Markdown may go to standard output; a DOCX may not.
    let o = zhuoyue(&["dossier", EXAMPLE, "-o", "-"]);
    assert!(stdout(&o).starts_with("<!doctype html>"));
    let o = zhuoyue(&["dossier", EXAMPLE, "--format", "docx", "-o", "-"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("binary file"), "{}", stderr(&o));
    // -o is required.
    let o = zhuoyue(&["dossier", EXAMPLE]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--output"), "{}", stderr(&o));
}

#[test]
fn bad_profiles_are_refused_with_the_rule_and_good_files_are_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(EXAMPLE).unwrap().replace("\"environment\":", "\"history\":");
    let bad = write(dir.path(), "bad.json", &text);
    let out = dir.path().join("d.docx");
    std::fs::write(&out, b"earlier dossier").unwrap();
    let o = zhuoyue(&["dossier", bad.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("bad.json") && err.contains("profile section `history`"), "{err}");
    assert!(err.contains("known: environment, relationships"), "{err}");
    assert_eq!(std::fs::read(&out).unwrap(), b"earlier dossier", "bad input never destroys good data");
    // A section over the engine's text limit names the limit.
    let long = std::fs::read_to_string(EXAMPLE).unwrap().replacen(
        "\"environment\": \"",
        &format!("\"environment\": \"{}", "长".repeat(20_001)),
        1,
    );
    let long = write(dir.path(), "long.json", &long);
    let o = zhuoyue(&["dossier", long.to_str().unwrap(), "-o", dir.path().join("x.html").to_str().unwrap()]);
    assert!(
        stderr(&o).contains("profile section environment") && stderr(&o).contains("limit of 20000"),
        "{}",
        stderr(&o)
    );
    // An award for another framework.
    let o = zhuoyue(&["dossier", EXAMPLE, "--award", "no-such", "-o", dir.path().join("y.html").to_str().unwrap()]);
    assert!(stderr(&o).contains("unknown award `no-such`"), "{}", stderr(&o));
}

#[test]
fn hostile_text_stays_text() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(EXAMPLE)
        .unwrap()
        .replace("Example Precision Machinery Co.", "<script>alert(1)</script> =cmd \\u001b[31m");
    let a = write(dir.path(), "a.json", &text);
    let html = dir.path().join("d.html");
    assert_eq!(zhuoyue(&["dossier", a.to_str().unwrap(), "-o", html.to_str().unwrap()]).status.code(), Some(0));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(!page.contains("<script>") && page.contains("&lt;script&gt;alert(1)"));
    let docx = dir.path().join("d.docx");
    let o = zhuoyue(&["dossier", a.to_str().unwrap(), "-o", docx.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}
