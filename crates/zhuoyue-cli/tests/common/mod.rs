//! Helpers shared by the CLI test files.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)] // test code; each file uses some helpers

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/gbt19580-example.json");

pub fn zhuoyue(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zhuoyue")).args(args).output().unwrap()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Runs the CLI, expects exit code 0, and reads its standard output as JSON.
pub fn json_out(args: &[&str]) -> serde_json::Value {
    let o = zhuoyue(args);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

/// Runs the CLI, expects exit code 1 and every needle in its standard error.
pub fn fails_with(args: &[&str], needles: &[&str]) {
    let o = zhuoyue(args);
    assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stdout(&o));
    for n in needles {
        assert!(stderr(&o).contains(n), "{args:?}: `{n}` not in {}", stderr(&o));
    }
}

/// A roster workbook with sheet `meta` and one organisation `a-1` (services), enrolled `enrolled`
/// (a number, or text such as "2014" to test the cell check); tests add sheets to it.
pub fn one_organisation_workbook(enrolled: &str) -> rust_xlsxwriter::Workbook {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let meta = wb.add_worksheet().set_name("meta").unwrap();
    meta.write(0, 0, "programme").unwrap().write(0, 1, "city-drive-2013-2015").unwrap();
    let orgs = wb.add_worksheet().set_name("organisations").unwrap();
    for (c, v) in ["id", "name", "sector", "enrolled"].iter().enumerate() {
        orgs.write(0, c as u16, *v).unwrap();
    }
    orgs.write(1, 0, "a-1").unwrap().write(1, 1, "A").unwrap().write(1, 2, "services").unwrap();
    match enrolled.parse::<i64>() {
        Ok(n) => orgs.write(1, 3, n).unwrap(),
        Err(_) => orgs.write(1, 3, enrolled).unwrap(),
    };
    wb
}

/// The progress line of a programme's JSON for a year and a measure.
pub fn progress_line(v: &serde_json::Value, year: i64, measure: &str) -> serde_json::Value {
    v["progress"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["year"] == year && l["measure"] == measure)
        .unwrap()
        .clone()
}
