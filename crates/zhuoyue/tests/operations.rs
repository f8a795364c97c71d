//! Replays `tests/vectors/operations.json` (written by the independent Python implementation in
//! `tests/vectors/generate.py`, read by the Python and JS tests too) through `zhuoyue::ops`: category
//! percents as printed, readiness, roadmaps, crosswalks and consensus. Every case is counted.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a test failure

use serde_json::Value;
use zhuoyue::ops::{self, Examiner, Options, PlanOptions};
use zhuoyue::{Assessment, Catalog, Format};

const OPERATIONS: &str = include_str!("../../../tests/vectors/operations.json");

fn assessment(v: &Value) -> Assessment {
    Assessment::parse(&v.to_string(), Format::Json).unwrap()
}

fn partial() -> Options {
    Options { partial: true, ..Options::default() }
}

#[test]
fn every_operation_vector_holds() {
    let catalog = Catalog::builtin().unwrap();
    let file: Value = serde_json::from_str(OPERATIONS).unwrap();
    let cases = file["cases"].as_array().unwrap();
    assert_eq!(cases.len() as u64, file["count"].as_u64().unwrap());
    assert!(cases.len() >= 50);
    let mut seen = std::collections::BTreeMap::new();
    for case in cases {
        let (name, op, expect) = (case["name"].as_str().unwrap(), case["op"].as_str().unwrap(), &case["expect"]);
        *seen.entry(op).or_insert(0) += 1;
        match op {
            "score" => {
                let r = ops::score(&catalog, &assessment(&case["assessment"]), &partial()).unwrap();
                for c in &r.card.categories {
                    assert_eq!(expect["categories_percent_text"][&c.id], c.percent_text.as_str(), "{name}: {}", c.id);
                }
            }
            "readiness" => {
                let opts = Options {
                    award: Some(case["award"].as_str().unwrap().into()),
                    year: Some(case["year"].as_i64().unwrap() as i32),
                    ..partial()
                };
                let r = ops::readiness(&catalog, &assessment(&case["assessment"]), &opts).unwrap();
                let got = serde_json::to_value(&r).unwrap();
                assert_eq!(got["verdict"], expect["verdict"], "{name}");
                assert_eq!(got["score_verdict"], expect["score_verdict"], "{name}");
                assert_eq!(r.gap.map(|g| g.hundredths()), expect["gap_hundredths"].as_i64(), "{name}");
                for reason in &r.reasons {
                    if let Some(status) = expect["statuses"].get(&reason.id) {
                        assert_eq!(serde_json::to_value(reason.status).unwrap(), *status, "{name}: {}", reason.id);
                    }
                }
            }
            "plan" => {
                let request =
                    PlanOptions { target: Some(case["target"].as_str().unwrap().into()), ..Default::default() };
                let r = ops::plan(&catalog, &assessment(&case["assessment"]), &partial(), &request).unwrap();
                assert_eq!(u64::from(r.plan.cycle_count), expect["cycle_count"].as_u64().unwrap(), "{name}");
                assert_eq!(r.plan.cost_thousandths, expect["cost_thousandths"].as_u64().unwrap(), "{name}");
                assert!(r.plan.end >= r.plan.target, "{name}");
            }
            "crosswalk" => {
                let to = case["to"].as_str().unwrap();
                let r = ops::crosswalk(&catalog, &assessment(&case["assessment"]), to, &partial()).unwrap();
                for t in &r.items {
                    let e = &expect["items"][&t.target];
                    assert_eq!(t.percent.map(u64::from), e["percent"].as_u64(), "{name}: {}", t.target);
                    assert_eq!(t.coverage_thousandths, e["coverage_thousandths"].as_i64().unwrap(), "{name}");
                }
                let missing: Vec<&str> =
                    expect["missing"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
                assert_eq!(r.missing, missing, "{name}");
            }
            "consensus" => {
                let examiners: Vec<Examiner> = case["examiners"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| Examiner::from_assessment(e["name"].as_str().unwrap(), assessment(&e["assessment"])))
                    .collect();
                let threshold = case["threshold"].as_u64().unwrap() as u8;
                let r = ops::consensus(&catalog, &examiners, threshold, None).unwrap();
                for row in &r.worksheet.rows {
                    let e = &expect["rows"][&row.item];
                    assert_eq!(row.median, e["median"].as_f64(), "{name}: {}", row.item);
                    assert_eq!(u64::from(row.spread), e["spread"].as_u64().unwrap(), "{name}: {}", row.item);
                    assert_eq!(row.proposed.map(u64::from), e["proposed"].as_u64(), "{name}: {}", row.item);
                    assert_eq!(row.flagged, e["flagged"].as_bool().unwrap(), "{name}: {}", row.item);
                    assert_eq!(row.at_stake.hundredths(), e["at_stake_hundredths"].as_i64().unwrap(), "{name}");
                }
                // Rater statistics, against the generator's exact fractions.
                let a = &r.worksheet.agreement;
                let want = &expect["agreement"];
                let close = |got: Option<f64>, key: &str| match (got, want[key].as_f64()) {
                    (Some(g), Some(w)) => assert!((g - w).abs() < 1e-9, "{name}: {key} {g} vs {w}"),
                    (g, w) => assert_eq!(g, w, "{name}: {key}"),
                };
                close(a.icc_2_1, "icc_2_1");
                close(a.icc_2_k, "icc_2_k");
                close(a.krippendorff_alpha_interval, "krippendorff_alpha_interval");
                close(a.krippendorff_alpha_nominal, "krippendorff_alpha_nominal");
                assert_eq!(a.items as u64, want["items"].as_u64().unwrap(), "{name}");
                for (x, e) in a.examiners.iter().enumerate() {
                    let w = want["leniency"][x].as_f64();
                    assert!(e.leniency.zip(w).is_some_and(|(g, w)| (g - w).abs() < 1e-9), "{name}: leniency {x}");
                }
            }
            "calibrate" => {
                let r = ops::calibrate(&catalog, &assessment(&case["assessment"]), &partial(), None).unwrap();
                let got: Vec<Value> = r.flags.iter().map(|f| serde_json::json!([f.rule, f.item])).collect();
                assert_eq!(Value::Array(got), expect["flags"], "{name}");
                let range = &r.range;
                assert_eq!(range.low_hundredths, expect["low_hundredths"].as_i64().unwrap(), "{name}");
                assert_eq!(range.claimed_hundredths, expect["claimed_hundredths"].as_i64().unwrap(), "{name}");
                assert_eq!(range.high_hundredths, expect["high_hundredths"].as_i64().unwrap(), "{name}");
            }
            "dossier" => {
                let opts = Options {
                    award: Some(case["award"].as_str().unwrap().into()),
                    lang: zhuoyue::Lang::parse(case["lang"].as_str().unwrap()).unwrap(),
                    ..partial()
                };
                let a = assessment(&case["assessment"]);
                for format in [ops::DossierFormat::Html, ops::DossierFormat::Markdown] {
                    let text = String::from_utf8(ops::dossier(&catalog, &a, &opts, format).unwrap()).unwrap();
                    let marks = text.matches("(not written yet)").count() as u64;
                    assert_eq!(marks, expect["not_written"].as_u64().unwrap(), "{name} {format:?}");
                    for needle in expect["contains"].as_array().unwrap() {
                        assert!(text.contains(needle.as_str().unwrap()), "{name} {format:?}: {needle}");
                    }
                    assert!(!text.contains("<b>&</b>"), "{name}: user text is escaped");
                }
            }
            other => panic!("{name}: unknown operation {other}"),
        }
    }
    for op in ["score", "readiness", "plan", "crosswalk", "consensus", "dossier"] {
        assert!(seen.get(op).copied().unwrap_or(0) >= 5, "{op}: {seen:?}");
    }
}
