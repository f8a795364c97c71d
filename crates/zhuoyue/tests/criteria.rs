//! Framework files: the built-in is valid, and each broken variant is refused naming entry and rule.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a test failure

use zhuoyue::catalog::BUILTIN_FRAMEWORKS;
use zhuoyue::{Assessment, Catalog, Completeness, Error, Format, Framework};

fn builtin_text() -> &'static str {
    BUILTIN_FRAMEWORKS[0].1
}

/// Applies one textual edit to the built-in file and returns the loader's error.
fn broken(from: &str, to: &str) -> Error {
    let text = builtin_text();
    assert!(text.contains(from), "edit target not found: {from}");
    match Framework::from_toml(&text.replacen(from, to, 1)) {
        Ok(_) => panic!("accepted a file edited {from:?} -> {to:?}"),
        Err(e) => e,
    }
}

fn assert_criteria(error: Error, entry: &str, rule_part: &str) {
    match &error {
        Error::Criteria { framework, entry: e, rule } => {
            assert_eq!(framework, "gbt19580-2012");
            assert_eq!(e, entry, "{error}");
            assert!(rule.contains(rule_part), "rule {rule:?} lacks {rule_part:?}");
            assert!(error.to_string().contains(entry));
        }
        other => panic!("expected a criteria error, got {other:?}"),
    }
}

#[test]
fn builtin_framework_has_the_published_shape() {
    let catalog = Catalog::builtin().unwrap();
    let fw = catalog.get("gbt19580-2012").unwrap();
    assert_eq!(fw.categories.len(), 7);
    assert_eq!(fw.item_count(), 23);
    assert_eq!(fw.max_points, 1000);
    assert_eq!(fw.kind_max(zhuoyue::Kind::Process).hundredths(), 600_00);
    assert_eq!(fw.kind_max(zhuoyue::Kind::Results).hundredths(), 400_00);
    let points: Vec<u32> = fw.categories.iter().map(|c| c.points).collect();
    assert_eq!(points, [110, 90, 90, 130, 100, 80, 400]);
    assert_eq!(fw.bands.len(), 6);
    assert_eq!(fw.overall_bands.as_ref().unwrap().bands.len(), 8);
    assert_eq!(
        fw.dimensions_of(zhuoyue::Kind::Process).map(|d| d.id.as_str()).collect::<Vec<_>>(),
        ["A", "D", "L", "I"]
    );
    assert_eq!(
        fw.dimensions_of(zhuoyue::Kind::Results).map(|d| d.id.as_str()).collect::<Vec<_>>(),
        ["Le", "T", "C", "I"]
    );
    assert!(fw.items().all(|i| !i.name.zh.is_empty() && !i.name.en.is_empty()));
    assert!(!fw.provenance.source.is_empty());
}

#[test]
fn item_points_must_sum_to_the_category() {
    let e = broken(
        r#"{ id = "4.1.2", name = { zh = "高层领导的作用", en = "Role of senior leaders" }, points = 50"#,
        r#"{ id = "4.1.2", name = { zh = "高层领导的作用", en = "Role of senior leaders" }, points = 55"#,
    );
    assert_criteria(e, "category 4.1", "sum to 115");
}

#[test]
fn categories_must_sum_to_the_total() {
    assert_criteria(broken("max_points = 1000", "max_points = 900"), "max_points", "categories sum to 1000");
}

#[test]
fn item_ids_are_unique_and_well_formed() {
    assert_criteria(broken(r#"id = "4.1.3""#, r#"id = "4.1.2""#), "item 4.1.2", "not unique");
    assert_criteria(broken(r#"id = "4.1.3""#, r#"id = "4.2.9""#), "item 4.2.9", "must be `4.1.`");
    assert_criteria(broken(r#"id = "4.1.3""#, r#"id = "4.1.<b>""#), "item 4.1.<b>", "must be `4.1.`");
    assert_criteria(broken(r#"id = "4.2""#, r#"id = "4.1""#), "category 4.1", "not unique");
    assert_criteria(broken(r#"id = "gbt19580-2012""#, r#"id = "GB T""#).with_framework(), "id", "a-z");
}

trait WithFramework {
    fn with_framework(self) -> Error;
}
impl WithFramework for Error {
    /// The id rule fires before the id is trusted; report it under the expected framework name.
    fn with_framework(self) -> Error {
        match self {
            Error::Criteria { entry, rule, .. } => Error::Criteria { framework: "gbt19580-2012".into(), entry, rule },
            other => other,
        }
    }
}

#[test]
fn bands_cover_0_to_100_without_gap_or_overlap() {
    assert_criteria(broken("min = 10\nmax = 25", "min = 15\nmax = 25"), "band 15-25%", "must start at 10");
    assert_criteria(broken("min = 30\nmax = 45", "min = 25\nmax = 45"), "band 25-45%", "must start at 30");
    assert_criteria(broken("min = 90\nmax = 100", "min = 90\nmax = 95"), "bands", "end at 100");
    assert_criteria(broken("min = 0\nmax = 5", "min = 5\nmax = 5"), "band 5-5%", "start at 0");
    assert_criteria(broken("min = 10\nmax = 25", "min = 10\nmax = 27"), "band 10-27%", "multiples of 5");
}

#[test]
fn step_must_divide_100() {
    assert_criteria(broken("percent_step = 5", "percent_step = 7"), "percent_step", "divide 100");
    assert_criteria(broken("percent_step = 5", "percent_step = 0"), "percent_step", "divide 100");
}

#[test]
fn overall_bands_are_contiguous() {
    assert_criteria(broken("min = 126\nmax = 210", "min = 127\nmax = 210"), "overall band 2", "start at 126");
    assert_criteria(broken("min = 826\nmax = 1000", "min = 826\nmax = 999"), "overall_bands", "end at 1000");
    assert_criteria(broken("band = 3", "band = 4"), "overall band 4", "numbered");
}

#[test]
fn names_need_both_languages() {
    assert_criteria(
        broken(r#"name = { zh = "战略", en = "Strategy" }"#, r#"name = { zh = "", en = "Strategy" }"#),
        "category 4.2",
        "zh and en",
    );
}

#[test]
fn dimensions_are_unique_per_kind() {
    let e = broken("id = \"D\"\nkind = \"process\"", "id = \"A\"\nkind = \"process\"");
    assert_criteria(e, "dimension A", "twice");
}

#[test]
fn unknown_and_mistyped_fields_are_refused() {
    let e = broken("max_points = 1000", "max_points = 1000\nmax_pionts = 1000");
    assert_eq!(e.code(), "syntax");
    assert!(e.to_string().contains("max_pionts"), "{e}");
    let e = broken("max_points = 1000", "max_points = \"1000\"");
    assert_eq!(e.code(), "syntax");
    let e = broken(r#"kind = "results" },"#, r#"kind = "result" },"#);
    assert!(e.to_string().contains("result"), "{e}");
    assert!(matches!(Framework::from_toml(""), Err(Error::Syntax { .. })));
    assert!(matches!(Framework::from_toml("id = \"x\""), Err(Error::Syntax { .. })));
}

#[test]
fn a_regional_variant_loads_through_the_same_path_and_scores() {
    // A variant that moves 10 points from 4.4.6 to 4.4.2: same shape, its own id.
    let text = builtin_text()
        .replacen(r#"id = "gbt19580-2012""#, r#"id = "gbt19580-2012-smallbiz""#, 1)
        .replacen(r#"en = "Human resources" }, points = 60"#, r#"en = "Human resources" }, points = 70"#, 1)
        .replacen(r#"en = "Infrastructure" }, points = 10"#, r#"en = "Infrastructure" }, points = 0"#, 1);
    // Zero points is refused...
    let e = Framework::from_toml(&text).unwrap_err();
    assert!(e.to_string().contains("item 4.4.6") && e.to_string().contains("greater than 0"), "{e}");
    // ...so the variant removes the item instead.
    let text = text.replacen(
        r#"  { id = "4.4.6", name = { zh = "基础设施", en = "Infrastructure" }, points = 0, kind = "process", confidence = "medium" },"#,
        "",
        1,
    );
    let variant = Framework::from_toml(&text).unwrap();
    let mut catalog = Catalog::builtin().unwrap();
    catalog.add(variant.clone()).unwrap();
    assert_eq!(catalog.add(variant).unwrap_err().code(), "duplicate-framework");
    let a =
        Assessment::parse(r#"{"framework": "gbt19580-2012-smallbiz", "items": {"4.4.2": 50}}"#, Format::Json).unwrap();
    let card = catalog.check(&a, Completeness::Partial).unwrap().score();
    assert_eq!(card.total.hundredths(), 35_00);
    let a =
        Assessment::parse(r#"{"framework": "gbt19580-2012-smallbiz", "items": {"4.4.6": 50}}"#, Format::Json).unwrap();
    assert_eq!(catalog.check(&a, Completeness::Partial).unwrap_err().code(), "unknown-item");
}

#[test]
fn oversized_input_is_refused_before_parsing() {
    let huge = " ".repeat(zhuoyue::limits::MAX_INPUT_BYTES + 1);
    assert_eq!(Framework::from_toml(&huge).unwrap_err().code(), "too-large");
    assert_eq!(Assessment::parse(&huge, Format::Json).unwrap_err().code(), "too-large");
}

/// The catalog loads the JSON that build.rs makes from the TOML files; both must give the same data.
#[test]
fn builtins_loaded_from_json_equal_their_toml_sources() {
    use zhuoyue::catalog::{BUILTIN_AWARDS, BUILTIN_CROSSWALKS, BUILTIN_PROGRAMMES};
    let catalog = Catalog::builtin().unwrap();
    assert_eq!(catalog.frameworks().len(), BUILTIN_FRAMEWORKS.len());
    for (file, text) in BUILTIN_FRAMEWORKS {
        let mut from_toml = Framework::from_toml(text).unwrap();
        let (_, content) = zhuoyue::catalog::BUILTIN_GUIDANCE.iter().find(|(f, _)| f == file).unwrap();
        from_toml.add_content(zhuoyue::framework::ContentFile::from_toml(content).unwrap()).unwrap();
        let loaded = catalog.get(&from_toml.id).unwrap();
        assert_eq!(json(loaded), json(&from_toml), "{file}");
    }
    assert_eq!(catalog.awards().len(), BUILTIN_AWARDS.len());
    for (file, text) in BUILTIN_AWARDS {
        let from_toml = zhuoyue::award::AwardProfile::from_toml(text).unwrap();
        assert_eq!(catalog.award(&from_toml.id).unwrap(), &from_toml, "{file}");
    }
    assert_eq!(catalog.crosswalks().len(), BUILTIN_CROSSWALKS.len());
    for (file, text) in BUILTIN_CROSSWALKS {
        let from_toml = zhuoyue::crosswalk::Crosswalk::from_toml(text).unwrap();
        assert_eq!(json(catalog.crosswalk(&from_toml.from, &from_toml.to).unwrap()), json(&from_toml), "{file}");
    }
    for (file, text) in BUILTIN_PROGRAMMES {
        let from_toml = zhuoyue::programme::Targets::from_toml(text).unwrap();
        assert_eq!(json(catalog.programme(&from_toml.id).unwrap()), json(&from_toml), "{file}");
    }
    // The self-assessment subset is the same frameworks and awards, nothing else.
    let subset = Catalog::builtin_frameworks_and_awards().unwrap();
    assert_eq!(subset.frameworks().len(), catalog.frameworks().len());
    assert_eq!(subset.awards(), catalog.awards());
    assert!(subset.crosswalks().is_empty());
    // Calibration rules are added on top (the browser's whole engine), the same as the full catalog's.
    assert_eq!(subset.calibration(None).unwrap_err().code(), "calibration");
    let calibrated = subset.with_builtin_calibration().unwrap();
    assert_eq!(json(calibrated.calibration(None).unwrap()), json(catalog.calibration(None).unwrap()));
}

fn json<T: serde::Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap()
}

/// Every item of every built-in framework says what it asks, in zh and en, with provenance; every
/// results item tells what examiners read (levels, trends over three periods, comparisons,
/// integration); every profile section has prompts too.
#[test]
fn every_builtin_item_has_guidance() {
    let catalog = Catalog::builtin().unwrap();
    for fw in catalog.frameworks() {
        assert_eq!(fw.profile_sections.len(), 5, "{}", fw.id);
        for s in &fw.profile_sections {
            assert!(s.guidance.is_some(), "{} profile section {}", fw.id, s.id);
        }
        for item in fw.items() {
            let g = item.guidance.as_ref().unwrap_or_else(|| panic!("{} {} has no guidance", fw.id, item.id));
            assert!((3..=8).contains(&g.zh.len()) && g.zh.len() == g.en.len(), "{} {}", fw.id, item.id);
            assert!(item.guidance_source.is_some() && item.guidance_confidence.is_some());
            if item.kind == zhuoyue::Kind::Results {
                let en = g.en.join(" ");
                for word in ["Levels", "Trends", "three periods", "Comparisons", "Integration"] {
                    assert!(en.contains(word), "{} {}: no `{word}`", fw.id, item.id);
                }
                let zh = g.zh.join("");
                for word in ["水平", "趋势", "三个周期", "对比", "整合"] {
                    assert!(zh.contains(word), "{} {}: no `{word}`", fw.id, item.id);
                }
            }
        }
    }
}

/// Content files are checked before they change anything: unequal lists, too few prompts, an
/// unknown item or section, missing provenance, another framework.
#[test]
fn bad_content_is_refused_and_leaves_the_framework_as_it_was() {
    use zhuoyue::framework::ContentFile;
    let catalog = Catalog::builtin_frameworks_and_awards().unwrap();
    let fw = catalog.get("gbt19580-2012").unwrap();
    assert!(fw.items().all(|i| i.guidance.is_none()), "the browser catalog loads without content");
    let good = r#"{"framework": "gbt19580-2012", "version": "1", "provenance": {"source": "t", "confidence": "t"},
        "items": [{"id": "4.1.2", "source": "s", "confidence": "c", "zh": ["一", "二", "三"], "en": ["a", "b", "c"]}]}"#;
    let cases = [
        (r#"["一", "二", "三"], "en": ["a", "b"]"#, "2 en"),
        (r#"["一", "二"], "en": ["a", "b"]"#, "2 prompts"),
        (r#"["一", "二", "<script>\u001b"], "en": ["a", "b", "c"]"#, "control characters"),
    ];
    for (lists, needle) in cases {
        let text = good.replace(r#"["一", "二", "三"], "en": ["a", "b", "c"]"#, lists);
        let mut copy = fw.clone();
        let e = copy.add_content(ContentFile::from_json(&text).unwrap()).unwrap_err();
        assert!(e.to_string().contains(needle), "{e}");
        assert_eq!(json(&copy), json(fw));
    }
    for (from, to, needle) in [
        ("\"4.1.2\"", "\"9.9\"", "no such item"),
        ("\"source\": \"s\"", "\"source\": \" \"", "provenance"),
        ("\"framework\": \"gbt19580-2012\"", "\"framework\": \"efqm-2025\"", "not `gbt19580-2012`"),
    ] {
        let mut copy = fw.clone();
        let e = copy.add_content(ContentFile::from_json(&good.replace(from, to)).unwrap()).unwrap_err();
        assert!(e.to_string().contains(needle), "{e}");
    }
    let unknown_field = good.replace("\"version\": \"1\"", "\"version\": \"1\", \"extra\": 1");
    assert_eq!(ContentFile::from_json(&unknown_field).unwrap_err().code(), "syntax");
    let mut copy = fw.clone();
    copy.add_content(ContentFile::from_json(good).unwrap()).unwrap();
    assert_eq!(copy.items().next().unwrap().guidance.as_ref().unwrap().en, ["a", "b", "c"]);
}

/// A category mixing process and results items: the batch kernel cannot make the kind sums from
/// the category sums (its dense path), and must still equal scoring each row on its own, through
/// the typed columns and the float path alike.
#[test]
fn a_category_of_mixed_kinds_scores_in_a_batch_as_one_by_one() {
    let from =
        r#"id = "4.1.3", name = { zh = "组织治理", en = "Organizational governance" }, points = 30, kind = "process""#;
    let text = builtin_text();
    assert!(text.contains(from), "edit target not found");
    let mixed = text.replacen(from, &from.replace("\"process\"", "\"results\""), 1).replacen(
        "id = \"gbt19580-2012\"",
        "id = \"gbt19580-2012-mixed\"",
        1,
    );
    let fw = Framework::from_toml(&mixed).unwrap();
    let n = fw.item_count();
    let rows = 7;
    let cell = |r: usize, i: usize| ((r * 5 + i * 3) % 21 * 5) as i64;
    let columns: Vec<Vec<i64>> = (0..n).map(|i| (0..rows).map(|r| cell(r, i)).collect()).collect();
    let views: Vec<zhuoyue::score::Column<'_>> =
        columns.iter().map(|c| zhuoyue::score::Column { cells: zhuoyue::score::Cells::I64(c), valid: None }).collect();
    let typed = zhuoyue::score::batch_columns(&fw, &views, rows, Completeness::Full).unwrap();
    let floats: Vec<f64> = columns.iter().flatten().map(|&v| v as f64).collect();
    let float =
        zhuoyue::score::batch_with_layout(&fw, &floats, rows, zhuoyue::score::Layout::ColumnMajor, Completeness::Full)
            .unwrap();
    assert_eq!(typed, float);
    for r in 0..rows {
        let percents: Vec<Option<u8>> = (0..n).map(|i| Some(cell(r, i) as u8)).collect();
        let card = zhuoyue::score::score(&fw, &percents);
        assert_eq!(
            (typed.totals[r], typed.process[r], typed.results[r], typed.rated[r]),
            (card.total.0, card.process.0, card.results.0, n as u32),
            "row {r}"
        );
        assert!(card.results.0 > 0 && card.process.0 > 0);
    }
    // The subtotals equal the sums of each item's score by its own kind, for this framework (one
    // category mixes kinds: summed item by item) and the built-in one (each category of one kind:
    // the results take whole category sums), also from percents cut short inside a category.
    let builtin = Framework::from_toml(text).unwrap();
    for fw in [&fw, &builtin] {
        for len in [n, n - 2, 10, 3, 0] {
            let percents: Vec<Option<u8>> = (0..len).map(|i| Some(cell(3, i) as u8)).collect();
            let card = zhuoyue::score::score(fw, &percents);
            let (mut process, mut results) = (0i64, 0i64);
            for (item, p) in fw.items().zip(&percents) {
                let score = i64::from(item.points) * i64::from(p.unwrap_or(0));
                match item.kind {
                    zhuoyue::framework::Kind::Results => results += score,
                    _ => process += score,
                }
            }
            assert_eq!((card.process.0, card.results.0, card.total.0), (process, results, process + results), "{len}");
        }
    }
}
