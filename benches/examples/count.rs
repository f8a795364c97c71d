//! Instruction counts, steady on a busy machine (run under `valgrind --tool=callgrind`): parses
//! and scores the project's example assessment N times, ours or the `serde_json::Value` peer.
//!   cargo build --release -p zhuoyue-benches --example count
//!   valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/examples/count ours 1000
//!   valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/examples/count peer 1000
#![allow(clippy::unwrap_used, clippy::expect_used)] // benchmark code: a panic is a failed run

use std::hint::black_box;

use zhuoyue::{Assessment, Catalog, Completeness, Format};

const EXAMPLE: &str = include_str!("../../examples/gbt19580-example.json");

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(1000);
    let catalog = Catalog::builtin().unwrap();
    let naive = zhuoyue_benches::Naive::new();
    let mut sum = 0.0;
    for _ in 0..n {
        if args.get(1).map(String::as_str) == Some("peer") {
            let value: serde_json::Value = serde_json::from_str(black_box(EXAMPLE)).unwrap();
            sum += naive.score(value["items"].as_object().unwrap()).0;
        } else {
            let a = Assessment::parse(black_box(EXAMPLE), Format::Json).unwrap();
            sum += catalog.check(&a, Completeness::Full).unwrap().score().total.hundredths() as f64;
        }
    }
    println!("{sum}");
}
