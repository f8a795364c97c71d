//! Crosswalks: identity is exact, coverage stays in 0..=1, totals stay bounded, unmapped or unrated
//! targets are reported missing, and broken crosswalk files are refused naming entry and rule.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a test failure

use proptest::prelude::*;
use zhuoyue::crosswalk::{translate, Crosswalk};
use zhuoyue::{Assessment, Catalog, Completeness, Framework};

fn identity(fw: &Framework) -> Crosswalk {
    let mut text = format!(
        "id = \"identity\"\nversion = \"1\"\nfrom = \"{0}\"\nto = \"{0}\"\nprovenance = {{ source = \"t\", confidence = \"t\" }}\n",
        fw.id
    );
    for item in fw.items() {
        text.push_str(&format!("[[map]]\ntarget = \"{0}\"\nsources = [{{ item = \"{0}\", weight = 1 }}]\n", item.id));
    }
    Crosswalk::from_toml(&text).unwrap()
}

fn assessment(fw: &Framework, percents: &[Option<u8>]) -> Assessment {
    Assessment::from_percents(fw, percents)
}

proptest! {
    #[test]
    fn identity_is_exact(which in 0usize..3, raw in proptest::collection::vec(proptest::option::of(0u8..=10), 25)) {
        let catalog = Catalog::builtin().unwrap();
        let fw = &catalog.frameworks()[which];
        let step = fw.percent_step;
        let percents: Vec<Option<u8>> = raw.iter().take(fw.item_count()).map(|p| p.map(|k| (k * step).min(100))).collect();
        let a = assessment(fw, &percents);
        let checked = catalog.check(&a, Completeness::Partial).unwrap();
        let t = translate(&identity(fw), &checked, fw).unwrap();
        let back = catalog.check(&t.assessment, Completeness::Partial).unwrap();
        prop_assert_eq!(&back.percents, &checked.percents);
        prop_assert_eq!(back.score().total, checked.score().total);
        for item in &t.items {
            let expect = if item.percent.is_some() { 1000 } else { 0 };
            prop_assert_eq!(item.coverage_thousandths, expect);
        }
    }

    #[test]
    fn gbt_to_baldrige_and_back_is_bounded(raw in proptest::collection::vec(proptest::option::of(0u8..=20), 23)) {
        let catalog = Catalog::builtin().unwrap();
        let gbt = catalog.get("gbt19580-2012").unwrap();
        let baldrige = catalog.get("baldrige-2023-2024").unwrap();
        let percents: Vec<Option<u8>> = raw.iter().map(|p| p.map(|k| k * 5)).collect();
        let a = assessment(gbt, &percents);
        let checked = catalog.check(&a, Completeness::Partial).unwrap();
        let t = translate(catalog.crosswalk(&gbt.id, &baldrige.id).unwrap(), &checked, baldrige).unwrap();
        for item in &t.items {
            prop_assert!((0.0..=1.0).contains(&item.coverage));
            prop_assert_eq!(item.percent.is_none(), item.coverage_thousandths == 0);
        }
        let there = catalog.check(&t.assessment, Completeness::Partial).unwrap();
        prop_assert!(there.score().total <= baldrige.max());
        // All rated: everything maps, nothing is missing, and the percents stay within the source range.
        if percents.iter().all(Option::is_some) {
            prop_assert!(t.missing.is_empty());
            let (lo, hi) = (percents.iter().flatten().min().unwrap(), percents.iter().flatten().max().unwrap());
            prop_assert!(there.percents.iter().flatten().all(|p| lo <= p && p <= hi));
        }
        let back = translate(catalog.crosswalk(&baldrige.id, &gbt.id).unwrap(), &there, gbt).unwrap();
        prop_assert!(catalog.check(&back.assessment, Completeness::Partial).unwrap().score().total <= gbt.max());
    }
}

#[test]
fn unrated_sources_lower_coverage_and_unmapped_targets_are_missing() {
    let catalog = Catalog::builtin().unwrap();
    let gbt = catalog.get("gbt19580-2012").unwrap();
    let baldrige = catalog.get("baldrige-2023-2024").unwrap();
    // Only 4.1.3 rated: 1.2 (4.1.3 x 0.5 + 4.1.4 x 0.5) is half covered and takes 4.1.3's percent.
    let a =
        Assessment::parse(r#"{"framework": "gbt19580-2012", "items": {"4.1.3": 60}}"#, zhuoyue::Format::Json).unwrap();
    let checked = catalog.check(&a, Completeness::Partial).unwrap();
    let t = translate(catalog.crosswalk(&gbt.id, &baldrige.id).unwrap(), &checked, baldrige).unwrap();
    let governance = t.items.iter().find(|i| i.target == "1.2").unwrap();
    assert_eq!((governance.percent, governance.coverage), (Some(60), 0.5));
    assert_eq!(t.missing.len(), 16);
    assert!(!t.missing.contains(&"1.2".to_string()));
    // A crosswalk that maps only one target reports every other one missing.
    let text = r#"id = "one"
version = "1"
from = "gbt19580-2012"
to = "baldrige-2023-2024"
provenance = { source = "t", confidence = "t" }
[[map]]
target = "1.1"
sources = [{ item = "4.1.2", weight = 0.25 }, { item = "4.1.3", weight = 0.75 }]
"#;
    let one = Crosswalk::from_toml(text).unwrap();
    let full = Assessment::parse(
        r#"{"framework": "gbt19580-2012", "items": {"4.1.2": 100, "4.1.3": 40}}"#,
        zhuoyue::Format::Json,
    )
    .unwrap();
    let checked = catalog.check(&full, Completeness::Partial).unwrap();
    let t = translate(&one, &checked, baldrige).unwrap();
    assert_eq!(t.items.len(), 1);
    assert_eq!(t.items[0].percent, Some(55)); // 0.25 x 100 + 0.75 x 40 = 55
    assert_eq!(t.missing.len(), 16);
}

#[test]
fn broken_crosswalks_are_refused() {
    let catalog = Catalog::builtin().unwrap();
    let gbt = catalog.get("gbt19580-2012").unwrap();
    let baldrige = catalog.get("baldrige-2023-2024").unwrap();
    let base = zhuoyue::catalog::BUILTIN_CROSSWALKS[0].1;
    let check = |from: &str, to: &str| {
        assert!(base.contains(from), "{from}");
        let c = Crosswalk::from_toml(&base.replacen(from, to, 1))?;
        c.check(gbt, baldrige)
    };
    let e = check(r#"target = "1.1""#, r#"target = "9.9""#).unwrap_err();
    assert!(e.to_string().contains("target 9.9") && e.to_string().contains("no such item"), "{e}");
    let e = check(r#"item = "4.1.2", weight = 1"#, r#"item = "4.1.9", weight = 1"#).unwrap_err();
    assert!(e.to_string().contains("source 4.1.9"), "{e}");
    let e = check(r#"{ item = "4.1.3", weight = 0.5 }"#, r#"{ item = "4.1.3", weight = 0.6 }"#).unwrap_err();
    assert!(e.to_string().contains("target 1.2") && e.to_string().contains("sum to 1.1"), "{e}");
    let e = check(r#"{ item = "4.1.3", weight = 0.5 }"#, r#"{ item = "4.1.3", weight = -0.5 }"#).unwrap_err();
    assert!(e.to_string().contains("0 < w <= 1"), "{e}");
    // Huge weights once wrapped the sum around to exactly 1 and made `--partial` panic.
    let huge = r#"{ item = "4.1.3", weight = 4611686018427388 }, { item = "4.1.3", weight = 4611686018427388 }, { item = "4.1.3", weight = 4611686018427388 }, { item = "4.1.3", weight = 4611686018427388 }, { item = "4.1.3", weight = 1 }"#;
    let e = check(r#"{ item = "4.1.3", weight = 0.5 }"#, huge).unwrap_err();
    assert!(e.to_string().contains("0 < w <= 1"), "{e}");
    let e = check(r#"{ item = "4.1.3", weight = 0.5 }"#, r#"{ item = "4.1.3", weight = 0.0005 }"#).unwrap_err();
    assert!(e.to_string().contains("thousandths"), "{e}");
    let e = check(r#"target = "1.2""#, r#"target = "1.1""#).unwrap_err();
    assert!(e.to_string().contains("mapped twice"), "{e}");
    assert_eq!(check(r#"to = "baldrige-2023-2024""#, r#"to = "efqm-2025""#).unwrap_err().code(), "crosswalk");
    assert_eq!(check("[[map]]", "[[map]]\nnote = \"x\"").unwrap_err().code(), "syntax");
    assert_eq!(catalog.crosswalk("gbt19580-2012", "efqm-2025").unwrap_err().code(), "no-crosswalk");
}
