//! The improvement roadmap: reaches the target, respects caps and floors, and no cheaper plan with
//! as few cycles exists (checked by brute force over small random frameworks).
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a test failure

use proptest::prelude::*;
use zhuoyue::award::Floor;
use zhuoyue::plan::{gaps, plan, Effort, Target};
use zhuoyue::score::score;
use zhuoyue::{Catalog, Framework, Kind, Points};

/// A small framework: categories of one kind each, the last of results items.
fn small_framework(categories: &[Vec<u32>]) -> Framework {
    let mut text = String::from(
        "id = \"small\"\nversion = \"1\"\nstandard = \"S\"\nedition = \"1\"\nname = { zh = \"小\", en = \"Small\" }\n",
    );
    let max: u32 = categories.iter().flatten().sum();
    text.push_str(&format!("max_points = {max}\npercent_step = 5\n"));
    text.push_str("[provenance]\nsource = \"test\"\nconfidence = \"test\"\n");
    text.push_str(
        "[kinds]\nprocess = { zh = \"过程\", en = \"Process\" }\nresults = { zh = \"结果\", en = \"Results\" }\n",
    );
    for (min, max) in [(0, 5), (10, 25), (30, 45), (50, 65), (70, 85), (90, 100)] {
        text.push_str(&format!(
            "[[bands]]\nmin = {min}\nmax = {max}\nprocess = {{ zh = \"p\", en = \"p\" }}\nresults = {{ zh = \"r\", en = \"r\" }}\n"
        ));
    }
    for (c, items) in categories.iter().enumerate() {
        let kind = if c + 1 == categories.len() { "results" } else { "process" };
        text.push_str(&format!(
            "[[categories]]\nid = \"{c}\"\nname = {{ zh = \"类{c}\", en = \"C{c}\" }}\npoints = {}\nitems = [\n",
            items.iter().sum::<u32>()
        ));
        for (i, p) in items.iter().enumerate() {
            text.push_str(&format!(
                "  {{ id = \"{c}.{i}\", name = {{ zh = \"项\", en = \"I\" }}, points = {p}, kind = \"{kind}\" }},\n"
            ));
        }
        text.push_str("]\n");
    }
    Framework::from_toml(&text).unwrap()
}

/// Final percents meet the target and every floor.
fn meets(fw: &Framework, percents: &[u8], target: &Target) -> bool {
    let p: Vec<Option<u8>> = percents.iter().map(|p| Some(*p)).collect();
    let card = score(fw, &p);
    card.total >= target.total
        && target.floors.iter().all(|f| match f {
            Floor::CategoryPercent { category, min } => {
                let c = fw.categories.iter().position(|x| x.id == *category).unwrap();
                card.categories[c] >= Points::of(*min, fw.categories[c].points)
            }
            Floor::KindPoints { of, min } => {
                (if *of == Kind::Process { card.process } else { card.results }) >= Points::whole(*min)
            }
        })
}

/// The fewest cycles and the least cost, by trying every raise vector.
fn brute_force(fw: &Framework, start: &[u8], effort: &[u64], max_raise: u8, target: &Target) -> (u32, u64) {
    if meets(fw, start, target) {
        return (0, 0);
    }
    for k in 1..=100u32.div_ceil(u32::from(max_raise)) {
        let caps: Vec<u32> = start.iter().map(|p| u32::from((100 - p) / 5).min(k * u32::from(max_raise / 5))).collect();
        let mut best: Option<u64> = None;
        let mut raise = vec![0u32; start.len()];
        loop {
            let percents: Vec<u8> = start.iter().zip(&raise).map(|(p, r)| p + (*r * 5) as u8).collect();
            if meets(fw, &percents, target) {
                let cost = raise.iter().zip(effort).map(|(r, e)| u64::from(*r) * e).sum();
                best = Some(best.map_or(cost, |b: u64| b.min(cost)));
            }
            // Next raise vector (odometer).
            let mut i = 0;
            while i < raise.len() && raise[i] == caps[i] {
                raise[i] = 0;
                i += 1;
            }
            if i == raise.len() {
                break;
            }
            raise[i] += 1;
        }
        if let Some(cost) = best {
            return (k, cost);
        }
    }
    panic!("no plan at all");
}

/// (item points per category, start percents, efforts, max raise, target, category floor, results floor)
type SmallCase = (Vec<Vec<u32>>, Vec<u8>, Vec<u64>, u8, u32, Option<(usize, u8)>, Option<u32>);

fn small_case() -> impl Strategy<Value = SmallCase> {
    proptest::collection::vec(
        proptest::collection::vec(prop_oneof![Just(5u32), Just(10), Just(15), Just(20), Just(30)], 1..=2),
        2..=3,
    )
    .prop_flat_map(|cats| {
        let n: usize = cats.iter().map(Vec::len).sum();
        let max: u32 = cats.iter().flatten().sum();
        let results_max: u32 = cats.last().unwrap().iter().sum();
        let ncat = cats.len();
        (
            Just(cats),
            proptest::collection::vec((0u8..=20).prop_map(|k| k * 5), n),
            proptest::collection::vec(0u64..=4000, n),
            prop_oneof![Just(5u8), Just(10), Just(15), Just(25), Just(100)],
            0..=max,
            proptest::option::of((0..ncat, (0u8..=20).prop_map(|k| k * 5))),
            proptest::option::of(0..=results_max),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn plans_are_feasible_and_optimal((cats, start, effort, max_raise, target, category_floor, results_floor) in small_case()) {
        let fw = small_framework(&cats);
        let percents: Vec<Option<u8>> = start.iter().map(|p| Some(*p)).collect();
        let card = score(&fw, &percents);
        let mut floors = Vec::new();
        if let Some((c, min)) = category_floor {
            floors.push(Floor::CategoryPercent { category: fw.categories[c].id.clone(), min });
        }
        if let Some(min) = results_floor {
            floors.push(Floor::KindPoints { of: Kind::Results, min });
        }
        let target = Target { total: Points::whole(target), floors, award: None };
        let pairs: Vec<(String, f64)> = fw.items().zip(&effort).map(|(i, e)| (i.id.clone(), *e as f64 / 1000.0)).collect();
        let weights = Effort::from_pairs(&fw, &pairs).unwrap();
        let p = plan(&card, &target, &weights, max_raise).unwrap();

        // Reaches the target and the floors, within the caps.
        let mut end = start.clone();
        for cycle in &p.cycles {
            for r in &cycle.raises {
                let i = fw.position(&r.item).unwrap();
                prop_assert_eq!(r.from, end[i]);
                prop_assert!(r.to > r.from && r.to <= 100);
                prop_assert!(r.to - r.from <= max_raise, "raise per cycle within the cap");
                end[i] = r.to;
            }
        }
        prop_assert!(meets(&fw, &end, &target));
        let end_card = score(&fw, &end.iter().map(|p| Some(*p)).collect::<Vec<_>>());
        prop_assert_eq!(p.end, end_card.total);
        let cost: u64 = end.iter().zip(&start).zip(&effort).map(|((e, s), w)| u64::from((e - s) / 5) * w).sum();
        prop_assert_eq!(p.cost_thousandths, cost);

        // Nothing cheaper in as few cycles.
        let (cycles, best) = brute_force(&fw, &start, &effort, max_raise, &target);
        prop_assert_eq!(p.cycle_count, cycles);
        prop_assert_eq!(p.cost_thousandths, best);
    }
}

fn gbt() -> (Catalog, Vec<Option<u8>>) {
    (Catalog::builtin().unwrap(), vec![Some(50); 23])
}

#[test]
fn a_target_already_met_needs_no_cycles() {
    let (catalog, percents) = gbt();
    let fw = catalog.get("gbt19580-2012").unwrap();
    let card = score(fw, &percents);
    let p = plan(&card, &Target::points(Points::whole(500)), &Effort::uniform(fw), 15).unwrap();
    assert_eq!((p.cycle_count, p.cost_thousandths, p.end), (0, 0, Points::whole(500)));
}

#[test]
fn the_cheapest_raise_goes_to_the_items_worth_most_per_effort() {
    let (catalog, percents) = gbt();
    let fw = catalog.get("gbt19580-2012").unwrap();
    let card = score(fw, &percents);
    // 4 more points: one 5% step on an 80-point item, uniform effort.
    let p = plan(&card, &Target::points(Points::whole(504)), &Effort::uniform(fw), 15).unwrap();
    assert_eq!(p.cycle_count, 1);
    assert_eq!(p.cost_thousandths, 1000);
    let raises = &p.cycles[0].raises;
    assert_eq!(raises.len(), 1);
    assert_eq!(fw.items().find(|i| i.id == raises[0].item).unwrap().points, 80);
    // Make the 80-point items expensive and 3 points come from the one 60-point item, 4.4.2 (4.7.5
    // also has 60 points; make it expensive too).
    let pairs: Vec<(String, f64)> =
        ["4.7.2", "4.7.3", "4.7.4", "4.7.5"].iter().map(|i| (i.to_string(), 10.0)).collect();
    let p = plan(&card, &Target::points(Points::whole(503)), &Effort::from_pairs(fw, &pairs).unwrap(), 15).unwrap();
    assert_eq!(p.cost_thousandths, 1000);
    assert_eq!(p.cycles[0].raises[0].item, "4.4.2");
    // For 4 points the 80-point items now cost 10, two 50-point steps cost 2: the plan takes those.
    let p = plan(&card, &Target::points(Points::whole(504)), &Effort::from_pairs(fw, &pairs).unwrap(), 15).unwrap();
    assert_eq!(p.cost_thousandths, 2000);
}

#[test]
fn a_far_target_takes_several_cycles() {
    let catalog = Catalog::builtin().unwrap();
    let fw = catalog.get("gbt19580-2012").unwrap();
    let card = score(fw, &[Some(0); 23]);
    let p = plan(&card, &Target::points(Points::whole(1000)), &Effort::uniform(fw), 15).unwrap();
    assert_eq!(p.cycle_count, 7); // 100% in raises of at most 15: 15 x 6 = 90, then a 7th
    assert_eq!(p.end, Points::whole(1000));
    assert_eq!(p.cost_thousandths, 23 * 20 * 1000);
    assert!(p.cycles.iter().all(|c| c.raises.iter().all(|r| r.to - r.from <= 15)));
}

#[test]
fn floors_are_met_by_the_plan() {
    let (catalog, percents) = gbt();
    let fw = catalog.get("gbt19580-2012").unwrap();
    let card = score(fw, &percents);
    let target = Target {
        total: Points::whole(500),
        floors: vec![Floor::CategoryPercent { category: "4.6".into(), min: 65 }],
        award: None,
    };
    let p = plan(&card, &target, &Effort::uniform(fw), 15).unwrap();
    let raised: Vec<&str> = p.cycles.iter().flat_map(|c| c.raises.iter().map(|r| r.item.as_str())).collect();
    assert!(raised.iter().all(|i| i.starts_with("4.6.")), "{raised:?}");
    assert_eq!(p.cost_thousandths, 6000); // both 40-point items up 15%: 12 points in 6 steps
}

#[test]
fn bad_plan_inputs_are_clear_errors() {
    let (catalog, percents) = gbt();
    let fw = catalog.get("gbt19580-2012").unwrap();
    let card = score(fw, &percents);
    let uniform = Effort::uniform(fw);
    let e = plan(&card, &Target::points(Points::whole(1001)), &uniform, 15).unwrap_err();
    assert_eq!(e.code(), "target-out-of-range");
    assert!(e.to_string().contains("1001.00") && e.to_string().contains("1000.00"), "{e}");
    assert_eq!(plan(&card, &Target::points(Points(-1)), &uniform, 15).unwrap_err().code(), "target-out-of-range");
    for bad in [0u8, 7, 105] {
        assert_eq!(plan(&card, &Target::points(Points::whole(600)), &uniform, bad).unwrap_err().code(), "max-raise");
    }
    let e = Effort::from_pairs(fw, &[("4.1.2".into(), -1.0)]).unwrap_err();
    assert_eq!((e.code(), e.item()), ("effort", Some("4.1.2")));
    assert_eq!(Effort::from_pairs(fw, &[("4.1.2".into(), f64::NAN)]).unwrap_err().code(), "effort");
    let e = Effort::from_pairs(fw, &[("9.9".into(), 1.0)]).unwrap_err();
    assert_eq!(e.item(), Some("9.9"));
    let e = Effort::parse(r#"{"4.1.2": "two"}"#, zhuoyue::Format::Json, fw).unwrap_err();
    assert_eq!((e.code(), e.item()), ("effort", Some("4.1.2")));
    assert!(Effort::parse("\"4.1.2\" = 2.5\n", zhuoyue::Format::Toml, fw).is_ok());
    let e = Effort::parse(r#"{"4.1.2": 1, "4.1.2": 2}"#, zhuoyue::Format::Json, fw).unwrap_err();
    assert!(e.to_string().contains("duplicate"), "{e}");
}

#[test]
fn gaps_rank_items_by_points_at_stake() {
    let (catalog, mut percents) = gbt();
    let fw = catalog.get("gbt19580-2012").unwrap();
    percents[17] = Some(100); // 4.7.2 full
    let g = gaps(&score(fw, &percents));
    assert_eq!(g.len(), 23);
    assert_eq!((g[0].item.as_str(), g[0].headroom), ("4.7.3", Points::whole(40)));
    assert_eq!(g.last().unwrap().item, "4.7.2");
    assert!(g.windows(2).all(|w| w[0].headroom >= w[1].headroom));
}

#[test]
fn the_default_raise_fits_each_frameworks_grid() {
    let catalog = Catalog::builtin().unwrap();
    let defaults: Vec<u8> = catalog.frameworks().iter().map(zhuoyue::plan::default_max_raise).collect();
    assert_eq!(defaults, [15, 15, 10]);
}

/// A framework whose item points share a tiny unit would need billions of steps: refused with the
/// figures before any table is allocated (it used to allocate gigabytes and abort).
#[test]
fn work_beyond_the_budget_is_refused_before_allocating() {
    let fw = small_framework(&[vec![1], vec![99_999]]);
    let card = score(&fw, &[Some(0), Some(0)]);
    let started = std::time::Instant::now();
    let e = plan(&card, &Target::points(fw.max()), &Effort::uniform(&fw), 15).unwrap_err();
    assert_eq!(e.code(), "plan-budget");
    assert!(e.to_string().contains("the budget is 20000000 cells"), "{e}");
    assert!(started.elapsed() < std::time::Duration::from_secs(1));
}

/// The budget still lets every built-in framework plan from nothing to its maximum.
#[test]
fn every_builtin_framework_plans_to_any_target_within_the_budget() {
    let catalog = Catalog::builtin().unwrap();
    for fw in catalog.frameworks() {
        let card = score(fw, &vec![Some(0); fw.item_count()]);
        for target in [fw.max(), Points(fw.max().hundredths() / 2 + 1)] {
            let p = plan(&card, &Target::points(target), &Effort::uniform(fw), zhuoyue::plan::default_max_raise(fw));
            assert!(p.as_ref().is_ok_and(|p| p.end >= target), "{}: {:?}", fw.id, p.err());
        }
    }
}

/// Framework size is bounded when a framework is validated (sums and band bounds cannot overflow).
#[test]
fn oversized_frameworks_are_refused_on_load() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../criteria/frameworks/gbt19580-2012.toml"))
            .unwrap()
            .replacen("max_points = 1000", "max_points = 4294967295", 1);
    let e = Framework::from_toml(&text).unwrap_err();
    assert!(e.to_string().contains("max_points") && e.to_string().contains("framework size"), "{e}");
}
