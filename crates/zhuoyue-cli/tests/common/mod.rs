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

/// Runs the CLI, expects exit code 1 and every needle in its standard error.
pub fn fails_with(args: &[&str], needles: &[&str]) {
    let o = zhuoyue(args);
    assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stdout(&o));
    for n in needles {
        assert!(stderr(&o).contains(n), "{args:?}: `{n}` not in {}", stderr(&o));
    }
}
