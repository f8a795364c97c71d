//! Scoring benchmarks, each beside the peer a user would otherwise write: a map-of-floats scorer
//! over `serde_json::Value` (what a quick script or a spreadsheet port does).
//!
//! Run: cargo bench -p zhuoyue-benches --bench score
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a test failure

use std::collections::HashMap;

use divan::{black_box, Bencher};
use zhuoyue::{Assessment, Catalog, Completeness, Format};

fn main() {
    divan::main();
}

const EXAMPLE: &str = include_str!("../../examples/gbt19580-example.json");

/// Deterministic pseudo-random assessments on the 5% grid.
fn assessments(n: usize) -> Vec<Assessment> {
    let catalog = Catalog::builtin().unwrap();
    let fw = catalog.get("gbt19580-2012").unwrap();
    let mut state = 0x2545_f491_4f6c_dd1du64;
    (0..n)
        .map(|_| {
            let items = fw
                .items()
                .map(|i| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    (i.id.clone(), zhuoyue::Entry::percent((state % 21) as i64 * 5))
                })
                .collect();
            Assessment {
                framework: fw.id.clone(),
                organisation: Default::default(),
                items: zhuoyue::assessment::Items(items),
            }
        })
        .collect()
}

/// The peer: item points in a hash map, percents as floats, a float sum.
struct Naive {
    points: HashMap<String, (f64, usize)>,
    categories: usize,
}

impl Naive {
    fn new() -> Naive {
        let catalog = Catalog::builtin().unwrap();
        let fw = catalog.get("gbt19580-2012").unwrap();
        let mut points = HashMap::new();
        for (c, category) in fw.categories.iter().enumerate() {
            for item in &category.items {
                points.insert(item.id.clone(), (f64::from(item.points), c));
            }
        }
        Naive { points, categories: fw.categories.len() }
    }

    fn score(&self, items: &serde_json::Map<String, serde_json::Value>) -> (f64, Vec<f64>) {
        let mut categories = vec![0.0; self.categories];
        let mut total = 0.0;
        for (id, value) in items {
            let percent = value.as_f64().or_else(|| value.get("percent").and_then(|p| p.as_f64())).unwrap();
            assert!((0.0..=100.0).contains(&percent) && percent % 5.0 == 0.0);
            let (points, c) = self.points[id.as_str()];
            let score = percent * points / 100.0;
            categories[c] += score;
            total += score;
        }
        (total, categories)
    }
}

#[divan::bench]
fn score_checked(bencher: Bencher) {
    let catalog = Catalog::builtin().unwrap();
    let a = &assessments(1)[0];
    let checked = catalog.check(a, Completeness::Full).unwrap();
    bencher.bench_local(|| black_box(&checked).score().total);
}

#[divan::bench]
fn check_and_score_parsed(bencher: Bencher) {
    let catalog = Catalog::builtin().unwrap();
    let a = &assessments(1)[0];
    bencher.bench_local(|| catalog.check(black_box(a), Completeness::Full).unwrap().score().total);
}

#[divan::bench]
fn peer_score_parsed_value(bencher: Bencher) {
    let naive = Naive::new();
    let value: serde_json::Value = serde_json::from_str(&assessments(1)[0].to_json()).unwrap();
    let items = value["items"].as_object().unwrap();
    bencher.bench_local(|| naive.score(black_box(items)).0);
}

#[divan::bench]
fn parse_and_score_json(bencher: Bencher) {
    let catalog = Catalog::builtin().unwrap();
    bencher.bench_local(|| {
        let a = Assessment::parse(black_box(EXAMPLE), Format::Json).unwrap();
        catalog.check(&a, Completeness::Full).unwrap().score().total
    });
}

#[divan::bench]
fn peer_parse_and_score_json(bencher: Bencher) {
    let naive = Naive::new();
    bencher.bench_local(|| {
        let value: serde_json::Value = serde_json::from_str(black_box(EXAMPLE)).unwrap();
        naive.score(value["items"].as_object().unwrap()).0
    });
}

#[divan::bench(sample_count = 10)]
fn score_100k_parsed(bencher: Bencher) {
    let catalog = Catalog::builtin().unwrap();
    let all = assessments(100_000);
    bencher.bench_local(|| {
        let mut sum = 0i64;
        for a in &all {
            sum += catalog.check(a, Completeness::Full).unwrap().score().total.hundredths();
        }
        sum
    });
}

#[divan::bench(sample_count = 10)]
fn peer_score_100k_parsed(bencher: Bencher) {
    let naive = Naive::new();
    let all: Vec<serde_json::Value> =
        assessments(100_000).iter().map(|a| serde_json::from_str(&a.to_json()).unwrap()).collect();
    bencher.bench_local(|| {
        let mut sum = 0.0;
        for v in &all {
            sum += naive.score(v["items"].as_object().unwrap()).0;
        }
        sum
    });
}
