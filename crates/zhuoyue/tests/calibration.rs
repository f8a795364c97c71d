//! The optimism guard: each rule on an assessment built to trip it (and one built not to), the
//! calibrated range worked by hand, and bad calibration files.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a test failure

use serde_json::{json, Value};
use zhuoyue::calibration::Calibration;
use zhuoyue::ops::{self, Options};
use zhuoyue::{Assessment, Catalog, Format};

const GBT: [&str; 23] = [
    "4.1.2", "4.1.3", "4.1.4", "4.2.2", "4.2.3", "4.3.2", "4.3.3", "4.4.2", "4.4.3", "4.4.4", "4.4.5", "4.4.6",
    "4.4.7", "4.5.2", "4.5.3", "4.6.2", "4.6.3", "4.7.2", "4.7.3", "4.7.4", "4.7.5", "4.7.6", "4.7.7",
];

fn run(items: Value) -> zhuoyue::calibration::CalibrationResult {
    let catalog = Catalog::builtin().unwrap();
    let a =
        Assessment::parse(&json!({"framework": "gbt19580-2012", "items": items}).to_string(), Format::Json).unwrap();
    ops::calibrate(&catalog, &a, &Options { partial: true, ..Options::default() }, None).unwrap()
}

fn rules_on(r: &zhuoyue::calibration::CalibrationResult, item: &str) -> Vec<String> {
    r.flags.iter().filter(|f| f.item.as_deref() == Some(item)).map(|f| f.rule.clone()).collect()
}

/// A well-supported entry: a strength, evidence, and for results a three-period table.
fn supported(id: &str, percent: u8) -> Value {
    let mut e = json!({"percent": percent, "strengths": ["systematic, deployed"], "evidence": "records"});
    if id.starts_with("4.7") {
        e["measures"] = json!([{"name": "m", "better": "higher", "values": [
            {"period": "2024", "value": 1}, {"period": "2025", "value": 2}, {"period": "2026", "value": 3}]}]);
    }
    e
}

#[test]
fn an_optimistic_self_score_is_flagged_item_by_item_with_a_range_below_its_claim() {
    // 80% everywhere, nothing written: every item unsupported, every results item without a trend,
    // and all on one percent.
    let items: serde_json::Map<String, Value> = GBT.iter().map(|i| (i.to_string(), json!(80))).collect();
    let r = run(Value::Object(items));
    for id in GBT {
        let rules = rules_on(&r, id);
        assert!(rules.contains(&"unsupported-high".to_string()), "{id}: {rules:?}");
        assert_eq!(rules.contains(&"results-without-trend".to_string()), id.starts_with("4.7"), "{id}");
    }
    assert!(r.flags.iter().any(|f| f.rule == "flat-scoring" && f.item.is_none()));
    // 80 is in the 70-85 band: each item drops once, to 65, the top of the band below. 800 -> 650.
    assert_eq!((r.range.claimed_hundredths, r.range.low_hundredths, r.range.high_hundredths), (80_000, 65_000, 80_000));
    let first = r.flags.iter().find(|f| f.item.as_deref() == Some("4.1.2")).unwrap();
    assert_eq!(first.points_at_stake_hundredths, 15 * 50); // 15 points of percent of a 50-point item
    assert!(first.message.zh.contains("4.1.2") && first.message.en.contains("80%"), "{:?}", first.message);
    assert!(!first.lift.en.is_empty());
}

#[test]
fn an_evidenced_modest_self_score_is_left_alone() {
    let pattern = [45, 50, 40, 45, 50, 55, 45, 40, 50, 45, 40, 35, 45, 50, 45, 40, 45, 40, 45, 35, 40, 45, 50];
    let items: serde_json::Map<String, Value> =
        GBT.iter().zip(pattern).map(|(i, p)| (i.to_string(), supported(i, p))).collect();
    let r = run(Value::Object(items));
    assert!(r.flags.is_empty(), "{:?}", r.flags);
    assert_eq!(r.range.low, r.range.claimed);
    assert_eq!(r.range.high, r.range.claimed);
    // The project's own example, written with strengths and evidence, is nearly alone too.
    let catalog = Catalog::builtin().unwrap();
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/gbt19580-example.json")).unwrap();
    let a = Assessment::parse(&text, Format::Json).unwrap();
    let r = ops::calibrate(&catalog, &a, &Options::default(), None).unwrap();
    let share = r.range.low_hundredths * 100 / r.range.claimed_hundredths;
    assert!(share >= 90, "low is {share}% of the claim: {:?}", r.flags);
}

#[test]
fn each_rule_trips_on_its_own_case() {
    // unsupported-high: 50% trips, 45% does not; a strength or evidence lifts it.
    let r = run(json!({"4.1.2": 50, "4.1.3": 45, "4.1.4": {"percent": 60, "evidence": "minutes"}}));
    assert_eq!(rules_on(&r, "4.1.2"), ["unsupported-high"]);
    assert!(rules_on(&r, "4.1.3").is_empty() && rules_on(&r, "4.1.4").is_empty());
    // results-without-trend: a two-period table is not a trend; three periods are.
    let two = json!({"percent": 55, "strengths": ["s"], "measures": [{"name": "m", "better": "higher",
        "values": [{"period": "2025", "value": 1}, {"period": "2026", "value": 2}]}]});
    let r = run(json!({"4.7.2": two, "4.7.3": supported("4.7.3", 55)}));
    assert_eq!(rules_on(&r, "4.7.2"), ["results-without-trend"]);
    assert!(rules_on(&r, "4.7.3").is_empty());
    let flag = &r.flags[0];
    assert!(flag.message.en.contains("longest: 2"), "{}", flag.message.en);
    // dimension-gap and above-narrative: 70% with ratings whose mean is 30% (two bands down).
    let r =
        run(json!({"4.1.2": {"percent": 70, "strengths": ["s"], "dimensions": {"A": 30, "D": 30, "L": 30, "I": 30}}}));
    assert_eq!(rules_on(&r, "4.1.2"), ["dimension-gap", "above-narrative"]);
    // The low end takes the lower of the two: the ratings' 30%, not 65%. 50 points x 40% = 20.
    assert_eq!(r.range.claimed_hundredths - r.range.low_hundredths, 2000);
    // Ratings above the claim raise `high`, and only a gap of more than one band is flagged.
    let r = run(json!({"4.1.2": {"percent": 30, "dimensions": {"A": 70, "D": 70, "L": 70, "I": 70}}}));
    assert_eq!(rules_on(&r, "4.1.2"), ["dimension-gap"]);
    assert_eq!((r.range.low_hundredths, r.range.claimed_hundredths, r.range.high_hundredths), (1500, 1500, 3500));
    // above-category: 4.4.2 at 80 beside 30s in its category (more than 30 points above the rest).
    let r =
        run(json!({"4.4.2": supported("4.4.2", 80), "4.4.3": supported("4.4.3", 30), "4.4.4": supported("4.4.4", 30)}));
    assert_eq!(rules_on(&r, "4.4.2"), ["above-category"]);
    // process-results-apart: process at 70%, results at 30% of what is rated.
    let r = run(json!({"4.1.2": supported("4.1.2", 70), "4.7.2": supported("4.7.2", 30)}));
    let whole: Vec<&str> = r.flags.iter().filter(|f| f.item.is_none()).map(|f| f.rule.as_str()).collect();
    assert_eq!(whole, ["process-results-apart"]);
    assert!(r.flags.iter().find(|f| f.rule == "process-results-apart").unwrap().message.en.contains("40 points"));
    // flat-scoring needs at least ten rated items.
    let nine: serde_json::Map<String, Value> = GBT[..9].iter().map(|i| (i.to_string(), supported(i, 45))).collect();
    assert!(run(Value::Object(nine)).flags.is_empty());
}

#[test]
fn low_is_never_above_claimed_nor_high_below() {
    for p in (0..=100).step_by(5) {
        let items: serde_json::Map<String, Value> = GBT
            .iter()
            .enumerate()
            .map(|(k, i)| (i.to_string(), json!({"percent": (p + 5 * (k % 3)).min(100), "dimensions": {"I": 50}})))
            .collect();
        let r = run(Value::Object(items));
        assert!(r.range.low <= r.range.claimed && r.range.claimed <= r.range.high, "{p}: {:?}", r.range);
    }
}

#[test]
fn bad_calibration_files_are_refused_naming_the_rule() {
    let base =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/criteria/calibration/default.toml")).unwrap();
    assert!(Calibration::from_toml(&base).is_ok());
    for (change, needle) in [
        (base.replacen("kind = \"unsupported-high\"", "kind = \"vibes\"", 1), "vibes"),
        (base.replacen("threshold = 50", "threshold = 500", 1), "threshold"),
        (base.replacen("bands = 1", "", 1), "bands"),
        (base.replacen("bands = 1", "bands = 1\nthreshold = 10", 1), "not a parameter"),
        (base.replacen("id = \"flat-scoring\"", "id = \"unsupported-high\"", 1), "unique id"),
        (base.replacen("source = \"The project's rule.\"", "source = \"\"", 1), "source"),
    ] {
        let err = Calibration::from_toml(&change).unwrap_err();
        assert!(err.to_string().contains(needle), "{needle}: {err}");
    }
}

#[test]
fn validate_takes_its_dimension_warning_from_the_rule() {
    let text = json!({"framework": "gbt19580-2012", "items": {"4.1.2": {"percent": 70, "dimensions": {"A": 30, "D": 30, "L": 30, "I": 30}}}}).to_string();
    let a = Assessment::parse(&text, Format::Json).unwrap();
    let partial = Options { partial: true, ..Options::default() };
    let warnings = |catalog: &Catalog| ops::validate(catalog, &a, &partial).unwrap().warnings.len();
    // Built-in rule: more than one band apart (70% vs 30%: two bands) warns.
    let mut catalog = Catalog::builtin().unwrap();
    assert_eq!(warnings(&catalog), 1);
    // The same rules with `bands = 2`: two bands apart is within the rule, no warning.
    let base =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/criteria/calibration/default.toml")).unwrap();
    catalog.add_calibration(Calibration::from_toml(&base.replacen("bands = 1", "bands = 2", 1)).unwrap()).unwrap();
    assert_eq!(warnings(&catalog), 0);
    // Without a dimension-gap rule, no warning at all.
    let start = base.find("[[rules]]\nid = \"dimension-gap\"").unwrap();
    let end = start + base[start + 1..].find("[[rules]]").unwrap() + 1;
    let without = format!("{}{}", &base[..start], &base[end..]);
    catalog.add_calibration(Calibration::from_toml(&without).unwrap()).unwrap();
    assert_eq!(warnings(&catalog), 0);
}
