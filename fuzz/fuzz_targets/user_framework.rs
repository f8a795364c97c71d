#![no_main]
// A user's framework file, then the work that scales with it: scoring, a batch, and roadmaps from
// nothing to half and all of its points. Either the plan is refused as over the work budget, or it
// ends on or above its target with raises within the cap (the optimiser never allocates unbounded).
use libfuzzer_sys::fuzz_target;
use zhuoyue::plan::{plan, Effort, Target};
use zhuoyue::{Completeness, Framework, Points};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(fw) = Framework::from_toml(text) else { return };
    let n = fw.item_count();
    let full = zhuoyue::score::score(&fw, &vec![Some(100); n]);
    assert_eq!(full.total, fw.max());
    let cells: Vec<f64> = (0..n * 2).map(|i| if i % 2 == 0 { 100.0 } else { f64::NAN }).collect();
    if let Ok(b) = zhuoyue::score::batch(&fw, &cells, 2, Completeness::Partial) {
        assert!(b.totals.iter().all(|t| (0..=fw.max().hundredths()).contains(t)));
    }
    let zero = zhuoyue::score::score(&fw, &vec![Some(0); n]);
    let raise = zhuoyue::plan::default_max_raise(&fw);
    for target in [Points(fw.max().hundredths() / 2), fw.max()] {
        match plan(&zero, &Target::points(target), &Effort::uniform(&fw), raise) {
            Ok(p) => {
                assert!(p.end >= target);
                assert!(p.cycles.iter().flat_map(|c| &c.raises).all(|r| r.to - r.from <= raise));
            }
            Err(e) => assert_eq!(e.code(), "plan-budget", "{e}"),
        }
    }
});
