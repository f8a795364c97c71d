//! Properties of scoring and of the interchange format, over generated assessments.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a test failure

use proptest::prelude::*;
use zhuoyue::assessment::{Better, Comparison, Items, KeyFactor, Measure, Notes, Observation, Profile};
use zhuoyue::{Assessment, Catalog, Completeness, Entry, Format, Organisation, Points};

fn catalog() -> Catalog {
    Catalog::builtin().unwrap()
}

/// A grid percent for each of the 23 items (`None` = not rated).
fn percents(rated_only: bool) -> impl Strategy<Value = Vec<Option<u8>>> {
    let one = if rated_only {
        (0u8..=20).prop_map(|k| Some(k * 5)).boxed()
    } else {
        prop_oneof![4 => (0u8..=20).prop_map(|k| Some(k * 5)), 1 => Just(None)].boxed()
    };
    proptest::collection::vec(one, 23)
}

fn assessment_from(percents: &[Option<u8>]) -> Assessment {
    Assessment::from_percents(catalog().get("gbt19580-2012").unwrap(), percents)
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 ]{0,12}",
        Just("<script>alert(1)</script>".to_string()),
        Just("示例精密机械有限公司 \"引号\" \\ 反斜杠".to_string()),
        Just("line\nbreak\ttab".to_string()),
    ]
}

fn any_entry() -> impl Strategy<Value = Entry> {
    (
        prop_oneof![4 => (0i64..=20).prop_map(|k| Some(k * 5)), 1 => Just(None)],
        proptest::collection::vec(
            (prop_oneof![Just("A"), Just("D"), Just("L"), Just("I")], (0i64..=20).prop_map(|k| k * 5)),
            0..4,
        ),
        proptest::collection::vec(any_text(), 0..3),
        proptest::collection::vec(any_text(), 0..3),
        proptest::option::of(any_text()),
        proptest::collection::vec((prop_oneof![Just("A"), Just("T")], any_text()), 0..2),
        proptest::collection::vec(
            (any_text(), proptest::collection::vec(-1e9f64..1e9, 0..4), proptest::option::of(-1e3f64..1e3)),
            0..2,
        ),
    )
        .prop_map(|(percent, dims, strengths, ofis, evidence, notes, tables)| {
            let mut dimensions: Vec<(String, i64)> = Vec::new();
            for (id, v) in dims {
                if !dimensions.iter().any(|(d, _)| d == id) {
                    dimensions.push((id.to_string(), v));
                }
            }
            let mut narrative: Vec<(String, String)> = Vec::new();
            for (id, text) in notes {
                if !narrative.iter().any(|(d, _)| d == id) {
                    narrative.push((id.to_string(), text));
                }
            }
            // Any finite value reads back exactly (serde_json's float_roundtrip).
            let measures = tables
                .into_iter()
                .map(|(name, values, comparison)| Measure {
                    name,
                    unit: "%".into(),
                    better: Better::Higher,
                    values: values
                        .into_iter()
                        .enumerate()
                        .map(|(i, value)| Observation { period: format!("{}", 2020 + i), value })
                        .collect(),
                    comparison: comparison.map(|value| Comparison { value, source: "行业 <b>".into() }),
                })
                .collect();
            Entry::with_notes(percent, Notes { dimensions, strengths, ofis, evidence, narrative, measures })
        })
}

fn any_assessment() -> impl Strategy<Value = Assessment> {
    let ids: Vec<String> = catalog().get("gbt19580-2012").unwrap().items().map(|i| i.id.clone()).collect();
    (
        proptest::collection::vec(proptest::option::of(any_entry()), 23),
        proptest::option::of(any_text()),
        proptest::option::of(proptest::sample::select(
            catalog().sectors().iter().map(|s| s.id.clone()).collect::<Vec<String>>(),
        )),
        proptest::option::of(1900i32..2030),
        proptest::collection::vec((prop_oneof![Just("environment"), Just("challenges")], any_text()), 0..3),
    )
        .prop_map(move |(entries, name, sector, founded, sections)| Assessment {
            kind: zhuoyue::award::Applicant::Organisation,
            individual: None,
            framework: "gbt19580-2012".into(),
            assessor: None,
            date: None,
            organisation: Organisation { name, sector, founded, ..Organisation::default() },
            profile: {
                let mut profile = Profile::default();
                for (id, text) in sections {
                    if profile.section(id).is_none() {
                        profile.key_factors.push(KeyFactor {
                            id: format!("kf-{id}"),
                            section: id.into(),
                            text: text.clone(),
                        });
                        profile.sections.push((id.to_string(), text));
                    }
                }
                profile
            },
            items: Items(ids.iter().zip(entries).filter_map(|(id, e)| e.map(|e| (id.clone(), e))).collect()),
        })
}

proptest! {
    #[test]
    fn totals_are_bounded_and_add_up(p in percents(false)) {
        let catalog = catalog();
        let a = assessment_from(&p);
        let card = catalog.check(&a, Completeness::Partial).unwrap().score();
        prop_assert!(Points::ZERO <= card.total && card.total <= card.max());
        prop_assert_eq!(card.total, card.categories.iter().copied().sum::<Points>());
        prop_assert_eq!(card.total, card.process + card.results);
        prop_assert_eq!(card.total, card.items.iter().map(|i| i.score).sum::<Points>());
        for (category, score) in card.framework.categories.iter().zip(&card.categories) {
            prop_assert!(*score <= Points::whole(category.points));
        }
    }

    #[test]
    fn raising_one_item_never_lowers_any_total(p in percents(true), which in 0usize..23, raise in 1u8..=20) {
        let catalog = catalog();
        let before = assessment_from(&p);
        let mut q = p.clone();
        q[which] = Some((q[which].unwrap_or(0) + raise * 5).min(100));
        let after = assessment_from(&q);
        let b = catalog.check(&before, Completeness::Full).unwrap().score();
        let a = catalog.check(&after, Completeness::Full).unwrap().score();
        prop_assert!(a.total >= b.total);
        prop_assert!(a.process >= b.process && a.results >= b.results);
        for (x, y) in a.categories.iter().zip(&b.categories) {
            prop_assert!(x >= y);
        }
        prop_assert!(a.band().unwrap().band >= b.band().unwrap().band);
    }

    #[test]
    fn json_round_trip(a in any_assessment()) {
        let text = a.to_json();
        prop_assert_eq!(Assessment::parse(&text, Format::Json).unwrap(), a);
    }

    #[test]
    fn toml_round_trip_of_rated_items(a in any_assessment()) {
        let text = a.to_toml().unwrap();
        let mut back = Assessment::parse(&text, Format::Toml).unwrap();
        let mut rated = a.clone();
        rated.items.0.retain(|(_, e)| e.percent.is_some());
        // TOML writes plain values before sub-tables, so item order may change; content may not.
        back.items.0.sort_by(|x, y| x.0.cmp(&y.0));
        rated.items.0.sort_by(|x, y| x.0.cmp(&y.0));
        prop_assert_eq!(back, rated);
    }

    #[test]
    fn json_and_toml_score_the_same(p in percents(false)) {
        let catalog = catalog();
        let a = assessment_from(&p);
        let from_json = Assessment::parse(&a.to_json(), Format::Json).unwrap();
        let from_toml = Assessment::parse(&a.to_toml().unwrap(), Format::Toml).unwrap();
        let direct = catalog.check(&a, Completeness::Partial).unwrap().score().total;
        prop_assert_eq!(catalog.check(&from_json, Completeness::Partial).unwrap().score().total, direct);
        prop_assert_eq!(catalog.check(&from_toml, Completeness::Partial).unwrap().score().total, direct);
    }

    #[test]
    fn item_order_in_the_file_does_not_matter(p in percents(true), seed in any::<u64>()) {
        let catalog = catalog();
        let a = assessment_from(&p);
        let mut shuffled = a.clone();
        // A deterministic shuffle from the seed.
        let n = shuffled.items.0.len();
        for i in (1..n).rev() {
            let j = (seed.wrapping_mul(6364136223846793005).wrapping_add(i as u64) % (i as u64 + 1)) as usize;
            shuffled.items.0.swap(i, j);
        }
        prop_assert_eq!(
            catalog.check(&shuffled, Completeness::Full).unwrap().score().total,
            catalog.check(&a, Completeness::Full).unwrap().score().total
        );
    }

    #[test]
    fn off_grid_and_out_of_range_percents_are_refused(value in -1000i64..1000) {
        let catalog = catalog();
        let mut a = assessment_from(&[Some(50); 23]);
        a.items.0[3].1.percent = Some(value);
        let result = catalog.check(&a, Completeness::Full);
        if (0..=100).contains(&value) && value % 5 == 0 {
            prop_assert!(result.is_ok());
        } else {
            let e = result.unwrap_err();
            prop_assert!(matches!(e.code(), "percent-off-grid" | "percent-out-of-range"));
            prop_assert_eq!(e.item(), Some("4.2.2"));
        }
    }
}

proptest! {
    /// Items in any order check to the same percents in framework order; an item given twice,
    /// wherever the second copy sits and whatever came out of order before it, is refused naming it.
    #[test]
    fn any_order_checks_the_same_and_a_repeat_is_refused(
        p in percents(true),
        order in Just((0..23).collect::<Vec<usize>>()).prop_shuffle(),
        repeat in 0usize..23,
        at in 0usize..=23,
    ) {
        let catalog = catalog();
        let fw = catalog.get("gbt19580-2012").unwrap();
        let in_order = assessment_from(&p);
        let mut shuffled = in_order.clone();
        shuffled.items.0 = order.iter().map(|&i| in_order.items.0[i].clone()).collect();
        let expected = catalog.check(&in_order, Completeness::Partial).unwrap().percents;
        prop_assert_eq!(&catalog.check(&shuffled, Completeness::Partial).unwrap().percents, &expected);
        for base in [&in_order, &shuffled] {
            let mut twice = base.clone();
            let copy = base.items.0[repeat].clone();
            twice.items.0.insert(at, copy.clone());
            let e = zhuoyue::check::Checked::new(fw, &twice, Completeness::Partial).unwrap_err();
            prop_assert_eq!(e.code(), "duplicate-item");
            prop_assert_eq!(e.item(), Some(copy.0.as_str()));
        }
    }
}
