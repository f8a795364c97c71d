#![no_main]
// The columnar batch path and the optimiser on arbitrary numbers.
use libfuzzer_sys::fuzz_target;
#[path = "common.rs"]
mod common;
use common::catalog;
use zhuoyue::{Completeness, Points};

fuzz_target!(|data: &[u8]| {
    let catalog = catalog();
    let fw = &catalog.frameworks()[0];
    let values: Vec<f64> = data.chunks_exact(8).map(|b| f64::from_le_bytes(b.try_into().unwrap())).collect();
    let rows = values.len() / fw.item_count().max(1);
    let cells = &values[..rows * fw.item_count()];
    if let Ok(b) = zhuoyue::score::batch(fw, cells, rows, Completeness::Partial) {
        assert!(b.totals.iter().all(|t| (0..=fw.max().hundredths()).contains(t)));
    }
    // A plan from grid percents taken from the bytes, to a target taken from the bytes.
    let percents: Vec<Option<u8>> = data.iter().take(fw.item_count()).map(|b| Some((b % 21) * 5)).collect();
    if percents.len() == fw.item_count() {
        let card = zhuoyue::score::score(fw, &percents);
        let target = Points(i64::from(data[0]) * 400);
        let effort = zhuoyue::plan::Effort::uniform(fw);
        // Every target within 0..=max is reachable; the plan must end on or above it.
        let p = zhuoyue::plan::plan(&card, &zhuoyue::plan::Target::points(target.min(fw.max())), &effort, 15)
            .expect("a target within range always has a plan");
        assert!(p.end >= target.min(fw.max()));
    }
});
