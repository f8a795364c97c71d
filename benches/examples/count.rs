//! Instruction counts, steady on a busy machine (run under `valgrind --tool=callgrind`): parses
//! and scores the project's example assessment N times, ours or the `serde_json::Value` peer.
//!   cargo build --release -p zhuoyue-benches --example count
//!   valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/examples/count ours 1000
//!   valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/examples/count peer 1000
//! `floor` counts serde_json's tokenizer alone reading the example into `IgnoredAny` (nothing
//! built): the part of `ours` and `peer` that no change of ours can remove.
//! `score` and `score-into` count scoring a checked assessment alone (`score_checked`, and into a
//! kept card), parsed and checked once before the loop; `check` counts check + score of an
//! assessment parsed once; `batch-i64` scores N rows as int64 columns, `batch-f64` as one
//! row-major float64 matrix, `batch-f64-columns` as a column-major one; `frame-i64` scores the int64
//! columns into a data frame's columns (`frame_columns_into`, the notebook path) kept from call to call,
//! `frame-i64-fresh` into fresh ones each call; with `REPEAT=k` in the environment they run k times and print the
//! fastest time, on `THREADS=k` threads (default 1).
#![allow(clippy::unwrap_used, clippy::expect_used)] // benchmark code: a panic is a failed run

use std::hint::black_box;

use zhuoyue::{Assessment, Catalog, Completeness, Format};

const EXAMPLE: &str = include_str!("../../examples/gbt19580-example.json");

/// Runs `f` once, or `REPEAT` times when that is set, then prints the fastest run's time to
/// standard error (a quick timing outside valgrind; the benchmarks are the figures to quote).
fn repeat(mut f: impl FnMut()) {
    let times: usize = std::env::var("REPEAT").ok().and_then(|r| r.parse().ok()).unwrap_or(1);
    let mut fastest = std::time::Duration::MAX;
    for _ in 0..times {
        let start = std::time::Instant::now();
        f();
        fastest = fastest.min(start.elapsed());
    }
    if times > 1 {
        eprintln!("fastest of {times}: {fastest:?}");
    }
}

/// Threads for the batch modes: `THREADS` in the environment, else 1.
fn threads() -> usize {
    std::env::var("THREADS").ok().and_then(|t| t.parse().ok()).unwrap_or(1)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(1000);
    let catalog = Catalog::builtin().unwrap();
    let naive = zhuoyue_benches::Naive::new();
    let mut sum = 0.0;
    let mode = args.get(1).map_or("ours", String::as_str);
    if mode == "batch-i64" || mode == "frame-i64" || mode == "frame-i64-fresh" {
        // n rows of the example's percents as one int64 column per item (the Arrow/NumPy path).
        let a = Assessment::parse(EXAMPLE, Format::Json).unwrap();
        let fw = catalog.get(&a.framework).unwrap();
        let checked = catalog.check(&a, Completeness::Full).unwrap();
        let card = checked.score();
        let columns: Vec<Vec<i64>> = card.items.iter().map(|i| vec![i64::from(i.percent.unwrap_or(0)); n]).collect();
        let views: Vec<zhuoyue::score::Column<'_>> = columns
            .iter()
            .map(|c| zhuoyue::score::Column { cells: zhuoyue::score::Cells::I64(c), valid: None })
            .collect();
        if mode != "batch-i64" {
            // Into a data frame's columns (the notebook path): kept from call to call, or fresh
            // each call and dropped after it, as a timing loop in a notebook does.
            let mut frame = zhuoyue::score::Frame::default();
            repeat(|| {
                if mode == "frame-i64-fresh" {
                    frame = zhuoyue::score::Frame::default();
                }
                zhuoyue::score::frame_columns_into(fw, black_box(&views), n, Completeness::Full, threads(), &mut frame)
                    .unwrap()
            });
            println!("{}", frame.total_hundredths.iter().sum::<i64>());
            return;
        }
        let mut batch = zhuoyue::score::Batch::default();
        repeat(|| {
            zhuoyue::score::batch_columns_into(fw, black_box(&views), n, Completeness::Full, threads(), &mut batch)
                .unwrap()
        });
        println!("{}", batch.totals.iter().sum::<i64>());
        return;
    }
    if mode == "batch-f64" || mode == "batch-f64-columns" {
        // n rows of the example's percents as one row-major float64 matrix (a 2-D NumPy array).
        let a = Assessment::parse(EXAMPLE, Format::Json).unwrap();
        let fw = catalog.get(&a.framework).unwrap();
        let card = catalog.check(&a, Completeness::Full).unwrap().score();
        let row: Vec<f64> = card.items.iter().map(|i| f64::from(i.percent.unwrap_or(0))).collect();
        let (values, layout) = if mode == "batch-f64" {
            ((0..n).flat_map(|_| row.iter().copied()).collect::<Vec<f64>>(), zhuoyue::score::Layout::RowMajor)
        } else {
            (row.iter().flat_map(|p| std::iter::repeat_n(*p, n)).collect(), zhuoyue::score::Layout::ColumnMajor)
        };
        let mut batch = zhuoyue::score::Batch::default();
        repeat(|| {
            zhuoyue::score::batch_with_layout_into(
                fw,
                black_box(&values),
                n,
                layout,
                Completeness::Full,
                threads(),
                &mut batch,
            )
            .unwrap()
        });
        println!("{}", batch.totals.iter().sum::<i64>());
        return;
    }
    if mode == "check" || mode == "check-plain" {
        // Check + score an assessment parsed once; `check-plain` keeps only its percents, as the
        // benchmark's generated assessments (`check_and_score_parsed`, `score_100k_parsed`).
        let mut a = Assessment::parse(EXAMPLE, Format::Json).unwrap();
        if mode == "check-plain" {
            for (_, entry) in &mut a.items.0 {
                *entry = zhuoyue::Entry::percent(entry.percent.unwrap());
            }
            a.profile = Default::default();
            a.organisation = Default::default();
        }
        for _ in 0..n {
            sum += catalog.check(black_box(&a), Completeness::Full).unwrap().score().total.hundredths() as f64;
        }
        println!("{sum}");
        return;
    }
    if mode == "score" || mode == "score-into" {
        let a = Assessment::parse(EXAMPLE, Format::Json).unwrap();
        let checked = catalog.check(&a, Completeness::Full).unwrap();
        let mut card = checked.score();
        for _ in 0..n {
            if mode == "score" {
                sum += black_box(&checked).score().total.hundredths() as f64;
            } else {
                black_box(&checked).score_into(&mut card);
                sum += card.total.hundredths() as f64;
            }
        }
        println!("{sum}");
        return;
    }
    if mode == "floor" {
        // The floor under any parse through serde_json: its tokenizer reading the example with
        // nothing built (`IgnoredAny`), which ours and the peer both pay.
        for _ in 0..n {
            let _: serde::de::IgnoredAny = serde_json::from_str(black_box(EXAMPLE)).unwrap();
        }
        return;
    }
    for _ in 0..n {
        if mode == "peer" {
            let value: serde_json::Value = serde_json::from_str(black_box(EXAMPLE)).unwrap();
            sum += naive.score(value["items"].as_object().unwrap()).0;
        } else {
            let a = Assessment::parse(black_box(EXAMPLE), Format::Json).unwrap();
            sum += catalog.check(&a, Completeness::Full).unwrap().score().total.hundredths() as f64;
        }
    }
    println!("{sum}");
}
