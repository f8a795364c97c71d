//! Scoring benchmarks, each beside the peer a user would otherwise write: a map-of-floats scorer
//! over `serde_json::Value` (what a quick script or a spreadsheet port does).
//!
//! Run: cargo bench -p zhuoyue-benches --bench score
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a test failure

use divan::{black_box, Bencher};
use zhuoyue::{Assessment, Catalog, Completeness, Format};
use zhuoyue_benches::Naive;

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
                kind: Default::default(),
                individual: None,
                framework: fw.id.clone(),
                assessor: None,
                date: None,
                organisation: Default::default(),
                profile: Default::default(),
                items: zhuoyue::assessment::Items(items),
            }
        })
        .collect()
}

#[divan::bench]
fn score_checked(bencher: Bencher) {
    let catalog = Catalog::builtin().unwrap();
    let a = &assessments(1)[0];
    let checked = catalog.check(a, Completeness::Full).unwrap();
    bencher.bench_local(|| black_box(&checked).score().total);
}

/// The same, into a card kept from call to call: no allocation per call.
#[divan::bench]
fn score_checked_into(bencher: Bencher) {
    let catalog = Catalog::builtin().unwrap();
    let a = &assessments(1)[0];
    let checked = catalog.check(a, Completeness::Full).unwrap();
    let mut card = checked.score();
    bencher.bench_local(|| {
        black_box(&checked).score_into(&mut card);
        card.total
    });
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

/// Random starts whose totals sit below 600, for the roadmap benchmark.
fn plan_starts() -> Vec<Vec<Option<u8>>> {
    let catalog = Catalog::builtin().unwrap();
    let fw = catalog.get("gbt19580-2012").unwrap();
    assessments(200)
        .iter()
        .map(|a| catalog.check(a, Completeness::Full).unwrap().percents)
        .filter(|p| zhuoyue::score::score(fw, p).total < zhuoyue::Points::whole(600))
        .take(50)
        .collect()
}

#[divan::bench]
fn plan_optimal_to_600(bencher: Bencher) {
    let catalog = Catalog::builtin().unwrap();
    let fw = catalog.get("gbt19580-2012").unwrap();
    let starts = plan_starts();
    let effort = zhuoyue::plan::Effort::uniform(fw);
    let target = zhuoyue::plan::Target::points(zhuoyue::Points::whole(600));
    let mut n = 0;
    bencher.bench_local(|| {
        n = (n + 1) % starts.len();
        let card = zhuoyue::score::score(fw, &starts[n]);
        zhuoyue::plan::plan(&card, &target, &effort, 15).unwrap().cost_thousandths
    });
}

/// The peer: greedy, the biggest one-step gain first, within the same caps (what a spreadsheet
/// user does by hand). Returns (cycles, cost in thousandths) with `weight` per step of an item of
/// the given points. Fast, and not optimal: `plan_greedy_cost_gap` shows by how much.
fn greedy(fw: &zhuoyue::Framework, start: &[Option<u8>], target: i64, weight: impl Fn(u32) -> u64) -> (u32, u64) {
    let points: Vec<u32> = fw.items().map(|i| i.points).collect();
    let mut p: Vec<u8> = start.iter().map(|x| x.unwrap_or(0)).collect();
    let mut total: i64 = p.iter().zip(&points).map(|(p, w)| i64::from(*p) * i64::from(*w)).sum();
    let (mut cycles, mut cost) = (0u32, 0u64);
    while total < target {
        cycles += 1;
        let base = p.clone();
        while total < target {
            let best = (0..p.len()).filter(|i| p[*i] < 100 && p[*i] - base[*i] < 15).max_by_key(|i| points[*i]);
            let Some(i) = best else { break };
            p[i] += 5;
            total += 5 * i64::from(points[i]);
            cost += weight(points[i]);
        }
    }
    (cycles, cost)
}

#[divan::bench]
fn peer_plan_greedy_to_600(bencher: Bencher) {
    let catalog = Catalog::builtin().unwrap();
    let fw = catalog.get("gbt19580-2012").unwrap();
    let starts = plan_starts();
    let mut n = 0;
    bencher.bench_local(|| {
        n = (n + 1) % starts.len();
        greedy(fw, &starts[n], 60_000, |_| 1000)
    });
}

/// Not a timing: prints how much effort the optimal plan saves over greedy with uneven weights.
#[divan::bench(sample_count = 1, sample_size = 1)]
fn plan_greedy_cost_gap() {
    let catalog = Catalog::builtin().unwrap();
    let fw = catalog.get("gbt19580-2012").unwrap();
    let target = zhuoyue::plan::Target::points(zhuoyue::Points::whole(600));
    let (mut optimal, mut greedy_total) = (0u64, 0u64);
    for start in plan_starts() {
        // Uneven effort: the big results items cost three times as much per step.
        let pairs: Vec<(String, f64)> =
            fw.items().map(|i| (i.id.clone(), if i.points >= 60 { 3.0 } else { 1.0 })).collect();
        let effort = zhuoyue::plan::Effort::from_pairs(fw, &pairs).unwrap();
        let card = zhuoyue::score::score(fw, &start);
        optimal += zhuoyue::plan::plan(&card, &target, &effort, 15).unwrap().cost_thousandths;
        // Greedy picks by points alone, then pays the same weights.
        greedy_total += greedy(fw, &start, 60_000, |points| if points >= 60 { 3000 } else { 1000 }).1;
    }
    println!("plan cost over 50 starts, uneven effort: optimal {optimal}, greedy {greedy_total} (thousandths)");
}

/// `n` generated assessments' percents as one row-major float64 matrix (a 2-D NumPy array).
fn row_major(n: usize) -> Vec<f64> {
    assessments(n).iter().flat_map(|a| a.items.0.iter().map(|(_, e)| e.percent.unwrap() as f64)).collect()
}

/// 100,000 rows as one row-major float64 matrix (a 2-D NumPy array), scored into a `Batch` kept
/// from call to call (`batch_with_layout_into`): the kernel alone, no fresh output memory; on one
/// thread and on two (two parts side by side).
#[divan::bench(sample_count = 20, args = [1, 2])]
fn batch_columns_100k(bencher: Bencher, threads: usize) {
    let catalog = Catalog::builtin().unwrap();
    let fw = catalog.get("gbt19580-2012").unwrap();
    let values = row_major(100_000);
    let mut out = zhuoyue::score::Batch::default();
    let layout = zhuoyue::score::Layout::RowMajor;
    bencher.bench_local(|| {
        zhuoyue::score::batch_with_layout_into(
            fw,
            black_box(&values),
            100_000,
            layout,
            Completeness::Full,
            threads,
            &mut out,
        )
        .unwrap();
        out.totals.len()
    });
}

/// The same with fresh output vectors per call (`batch`), as a caller that keeps nothing pays:
/// 8.5 MB of new memory, its page faults included.
#[divan::bench(sample_count = 20)]
fn batch_columns_100k_fresh(bencher: Bencher) {
    let catalog = Catalog::builtin().unwrap();
    let fw = catalog.get("gbt19580-2012").unwrap();
    let values = row_major(100_000);
    bencher.bench_local(|| {
        zhuoyue::score::batch(fw, black_box(&values), 100_000, Completeness::Full).unwrap().totals.len()
    });
}

/// The Arrow path's kernel: one int64 column per item, as pyarrow, polars or pandas hold them,
/// into a kept `Batch`, on one thread and on two.
#[divan::bench(sample_count = 20, args = [1, 2])]
fn batch_typed_i64_100k(bencher: Bencher, threads: usize) {
    let catalog = Catalog::builtin().unwrap();
    let fw = catalog.get("gbt19580-2012").unwrap();
    let rows = assessments(100_000);
    let columns: Vec<Vec<i64>> =
        (0..fw.item_count()).map(|i| rows.iter().map(|a| a.items.0[i].1.percent.unwrap()).collect()).collect();
    let views: Vec<zhuoyue::score::Column<'_>> =
        columns.iter().map(|c| zhuoyue::score::Column { cells: zhuoyue::score::Cells::I64(c), valid: None }).collect();
    let mut out = zhuoyue::score::Batch::default();
    bencher.bench_local(|| {
        zhuoyue::score::batch_columns_into(fw, black_box(&views), 100_000, Completeness::Full, threads, &mut out)
            .unwrap();
        out.totals.len()
    });
}
