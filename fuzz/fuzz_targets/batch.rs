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
        // The same cells read column by column score as the transposed rows do.
        let mut columns = vec![0.0; cells.len()];
        for r in 0..rows {
            for i in 0..fw.item_count() {
                columns[i * rows + r] = cells[r * fw.item_count() + i];
            }
        }
        let c = zhuoyue::score::batch_with_layout(fw, &columns, rows, zhuoyue::score::Layout::ColumnMajor, Completeness::Partial)
            .expect("the same cells in columns are as valid");
        assert_eq!(c.totals, b.totals);
    }
    // The typed path (Arrow and NumPy columns): f64 and f32 columns, with a validity bitmap from
    // the bytes, agree with the f64 path where every cell is valid, and give the same verdict.
    {
        use zhuoyue::score::{Cells, Column};
        let n = fw.item_count();
        let mut columns = vec![vec![0.0f64; rows]; n];
        for r in 0..rows {
            for i in 0..n {
                columns[i][r] = cells[r * n + i];
            }
        }
        let bits: Vec<u8> = data.iter().map(|b| b | 0x55).collect();
        let views: Vec<Column<'_>> = columns.iter().map(|c| Column { cells: Cells::F64(c), valid: None }).collect();
        let typed = zhuoyue::score::batch_columns(fw, &views, rows, Completeness::Partial);
        let plain = zhuoyue::score::batch(fw, cells, rows, Completeness::Partial);
        assert_eq!(typed.is_ok(), plain.is_ok());
        if let (Ok(t), Ok(p)) = (&typed, &plain) {
            assert_eq!(t, p);
        }
        // Into a kept batch that held other results (the first rows, then all of them, on two
        // threads): the same verdict and results as a fresh batch, and empty after an error.
        let mut kept = zhuoyue::score::Batch::default();
        let half = rows / 2;
        let _ = zhuoyue::score::batch_columns_into(
            fw,
            &views.iter().map(|c| c.rows(0, half)).collect::<Vec<_>>(),
            half,
            Completeness::Partial,
            2,
            &mut kept,
        );
        let again = zhuoyue::score::batch_columns_into(fw, &views, rows, Completeness::Partial, 2, &mut kept);
        assert_eq!(again.is_ok(), plain.is_ok());
        match &plain {
            Ok(p) => assert_eq!(&kept, p),
            Err(_) => assert_eq!(kept, zhuoyue::score::Batch::default()),
        }
        // With nulls: never an error a valid cell would not give, and never more items rated.
        let masked: Vec<Column<'_>> =
            columns.iter().map(|c| Column { cells: Cells::F64(c), valid: Some((&bits, 1)) }).collect();
        if let (Ok(m), Ok(p)) = (zhuoyue::score::batch_columns(fw, &masked, rows, Completeness::Partial), &plain) {
            assert!(m.rated.iter().zip(&p.rated).all(|(a, b)| a <= b));
        }
        // Integer columns hold whole numbers: the truncated cells as i64 score as the f64 path does
        // on those same whole numbers.
        let ints: Vec<Vec<i64>> = columns.iter().map(|c| c.iter().map(|v| *v as i64).collect()).collect();
        let whole: Vec<Vec<f64>> = ints.iter().map(|c| c.iter().map(|v| *v as f64).collect()).collect();
        let iv: Vec<Column<'_>> = ints.iter().map(|c| Column { cells: Cells::I64(c), valid: None }).collect();
        let fv: Vec<Column<'_>> = whole.iter().map(|c| Column { cells: Cells::F64(c), valid: None }).collect();
        let (a, b) = (
            zhuoyue::score::batch_columns(fw, &iv, rows, Completeness::Full),
            zhuoyue::score::batch_columns(fw, &fv, rows, Completeness::Full),
        );
        assert_eq!(a.is_ok(), b.is_ok());
        if let (Ok(a), Ok(b)) = (a, b) {
            assert_eq!(a, b);
        }
    }
    // A full score, row-major and column-major, against one row at a time through the plain
    // scorer: it succeeds exactly when every cell is a whole percent in 0..=100 on the grid, and
    // then each row's total and categories are that row's scorecard.
    {
        let n = fw.item_count();
        let step = f64::from(fw.percent_step);
        let good = |v: f64| v.fract() == 0.0 && (0.0..=100.0).contains(&v) && v % step == 0.0;
        let full = zhuoyue::score::batch(fw, cells, rows, Completeness::Full);
        assert_eq!(full.is_ok(), cells.iter().all(|v| good(*v)), "{full:?}");
        let mut columns = vec![0.0; cells.len()];
        for r in 0..rows {
            for i in 0..n {
                columns[i * rows + r] = cells[r * n + i];
            }
        }
        let layout = zhuoyue::score::Layout::ColumnMajor;
        let by_columns = zhuoyue::score::batch_with_layout(fw, &columns, rows, layout, Completeness::Full);
        assert_eq!(by_columns.is_ok(), full.is_ok());
        if let (Ok(b), Ok(c)) = (&full, &by_columns) {
            assert_eq!(b, c);
            for (r, row) in cells.chunks_exact(n.max(1)).enumerate() {
                let percents: Vec<Option<u8>> = row.iter().map(|v| Some(*v as u8)).collect();
                let card = zhuoyue::score::score(fw, &percents);
                assert_eq!(b.totals[r], card.total.hundredths());
                let categories: Vec<i64> = (0..card.categories.len()).map(|c| b.categories[c * rows + r]).collect();
                assert_eq!(categories, card.categories.iter().map(|c| c.hundredths()).collect::<Vec<_>>());
            }
        }
    }
    // Effort weights from the bytes (a JSON map of the first items to numbers), as an effort file.
    let weights: Vec<String> = fw.items().zip(data).map(|(i, b)| format!("\"{}\": {}", i.id, f64::from(*b) / 7.0)).collect();
    let effort = zhuoyue::plan::Effort::parse(&format!("{{{}}}", weights.join(", ")), zhuoyue::Format::Json, fw)
        .expect("non-negative weights are an effort file");
    // A plan from grid percents taken from the bytes, to a target taken from the bytes.
    let percents: Vec<Option<u8>> = data.iter().take(fw.item_count()).map(|b| Some((b % 21) * 5)).collect();
    if percents.len() == fw.item_count() {
        let card = zhuoyue::score::score(fw, &percents);
        let target = Points(i64::from(data[0]) * 400);
        // Every target within 0..=max is reachable; the plan must end on or above it, each raise
        // within the cap (15 or 5 or 10 points of percent, from the bytes).
        let raise = [5u8, 10, 15][usize::from(data[1]) % 3];
        let p = zhuoyue::plan::plan(&card, &zhuoyue::plan::Target::points(target.min(fw.max())), &effort, raise)
            .expect("a target within range always has a plan");
        assert!(p.end >= target.min(fw.max()));
        assert!(p.cycles.iter().flat_map(|c| &c.raises).all(|r| r.to - r.from <= raise));
    }
});
