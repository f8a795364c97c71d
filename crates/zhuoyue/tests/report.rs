//! The report: snapshots of HTML and Markdown for a fixed assessment, every SVG parses as XML, and
//! user text is escaped in HTML, SVG and Markdown. Set UPDATE_SNAPSHOTS=1 to rewrite the snapshots
//! after an intended change (then read the diff).
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a test failure

use std::path::PathBuf;

use zhuoyue::report::Lang;
use zhuoyue::{Assessment, Catalog, Completeness, Format};

const EXAMPLE: &str = include_str!("../../../examples/gbt19580-example.json");

fn render(text: &str, lang: Lang) -> (String, String) {
    let catalog = Catalog::builtin().unwrap();
    let a = Assessment::parse(text, Format::Json).unwrap();
    let checked = catalog.check(&a, Completeness::Full).unwrap();
    let award = Some(catalog.award("shanghai-quality-gold").unwrap());
    (
        zhuoyue::report::render(&checked, award, 2026, lang, false).unwrap(),
        zhuoyue::report::render(&checked, award, 2026, lang, true).unwrap(),
    )
}

fn snapshot(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/snapshots").join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(expected == actual, "{name} differs from its snapshot; rerun with UPDATE_SNAPSHOTS=1 and read the diff");
}

fn svgs(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        let end = rest[start..].find("</svg>").unwrap() + start + "</svg>".len();
        out.push(&rest[start..end]);
        rest = &rest[end..];
    }
    out
}

#[test]
fn snapshots_of_the_example_report() {
    let (html, md) = render(EXAMPLE, Lang::Zh);
    snapshot("report-example.zh.html", &html);
    snapshot("report-example.zh.md", &md);
    let (html, md) = render(EXAMPLE, Lang::En);
    snapshot("report-example.en.html", &html);
    snapshot("report-example.en.md", &md);
}

#[test]
fn the_report_carries_the_numbers_and_needs_nothing_outside() {
    let (html, md) = render(EXAMPLE, Lang::En);
    assert!(html.contains("466.00 / 1000") && html.contains("band 5 (446-575)"));
    assert!(html.contains("Total 466.00 is 84.00 points below the score line 550.00"));
    assert!(html.contains("Total after the cycle: 550.00"));
    assert!(html.contains("@media print") && html.contains("size:A4"));
    // The SVG namespace is a name, not an address anything fetches.
    let fetchable = html.replace(r#"xmlns="http://www.w3.org/2000/svg""#, "");
    for forbidden in ["<script", "http://", "https://", "<link", "src=", "url("] {
        assert!(!fetchable.contains(forbidden), "self-contained: found {forbidden}");
    }
    // 59 of 130 is 45.38…%: rounded once, half up (it was truncated to 45.3% before).
    assert!(md.contains("| 4.4 Resources | 59.00 | 130 | 45.4% |"), "{md}");
    let (zh, _) = render(EXAMPLE, Lang::Zh);
    assert!(zh.contains("<html lang=\"zh-CN\">") && zh.contains("总分 466.00，距评审线 550.00 还差 84.00 分"));
}

#[test]
fn every_svg_parses_as_xml() {
    let (html, _) = render(EXAMPLE, Lang::Zh);
    let charts = svgs(&html);
    assert_eq!(charts.len(), 2);
    for svg in charts {
        let doc = roxmltree::Document::parse(svg).unwrap();
        assert_eq!(doc.root_element().tag_name().name(), "svg");
        assert!(doc.descendants().any(|n| n.has_tag_name("title")));
    }
}

#[test]
fn user_text_is_escaped_everywhere() {
    let hostile = EXAMPLE
        .replace("Example Precision Machinery Co. 示例精密机械有限公司", "<script>alert(1)</script> & \\\"co\\\" | x")
        .replace("Senior leaders review", "<img src=x onerror=alert(2)> review");
    let (html, md) = render(&hostile, Lang::En);
    assert!(!html.contains("<script>alert(1)</script>") && !html.contains("<img src=x"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;co&quot;"));
    assert!(html.contains("&lt;img src=x onerror=alert(2)&gt; review"));
    assert!(!md.contains("<script>") && md.contains("&lt;script&gt;") && md.contains("\\| x"));
    for svg in svgs(&html) {
        roxmltree::Document::parse(svg).unwrap();
    }
}

#[test]
fn the_chinese_markdown_report_reads_in_chinese() {
    let (_, md) = render(EXAMPLE, Lang::Zh);
    for english in ["not-yet", "Pass:", "Fail:", "Unknown:", "(true)", " years)", "Some("] {
        assert!(!md.contains(english), "{english} in the zh report:\n{md}");
    }
    assert!(md.contains("尚未达到") && md.contains("通过："), "{md}");
}

#[test]
fn markdown_syntax_in_user_text_stays_text() {
    let hostile = EXAMPLE.replace(
        "Example Precision Machinery Co. 示例精密机械有限公司",
        "![](https://x.invalid/p.png)[verify](https://x.invalid) a\\\\|b",
    );
    let (_, md) = render(&hostile, Lang::En);
    let title = md.lines().next().unwrap();
    // Every bracket and pipe is escaped: no image, no link, no cell break.
    for c in ['[', ']', '|'] {
        assert!(title.match_indices(c).all(|(i, _)| title[..i].ends_with('\\')), "{title}");
    }
}

/// The cohort's box plots: one box per group on the framework's scale, parsed as XML, the title
/// saying each median, a hostile group name escaped.
#[test]
fn the_cohort_chart_is_one_box_per_group_and_escapes_names() {
    let catalog = zhuoyue::Catalog::builtin().unwrap();
    let group = |name: &str, min: f64, median: f64, max: f64| zhuoyue::cohort::Summary {
        group: name.into(),
        count: 3,
        mean: median,
        min,
        q1: (min + median) / 2.0,
        median,
        q3: (median + max) / 2.0,
        max,
    };
    let groups = [
        group("services", 300.0, 420.5, 610.0),
        group("<script>&", 0.0, 0.0, 1000.0),
        group("all", 0.0, 400.0, 1000.0),
    ];
    let svg =
        zhuoyue::ops::cohort_chart(&catalog, &groups, "gbt19580-2012", &zhuoyue::ops::Options::default()).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    assert_eq!(doc.descendants().filter(|n| n.has_tag_name("rect")).count(), 3);
    let title = doc.descendants().find(|n| n.has_tag_name("title")).unwrap().text().unwrap();
    assert!(title.contains("services 420.50") && title.contains("<script>& 0.00"), "{title}");
    assert!(!svg.contains("<script>"));
    // The median of 420.5 of 1000 sits 42.05% along the axis (250 to 612 px).
    assert!(svg.contains(&format!(r#"x1="{:.1}""#, 250.0 + 362.0 * 0.4205)), "{svg}");
    assert_eq!(
        zhuoyue::ops::cohort_chart(&catalog, &groups, "nope", &zhuoyue::ops::Options::default()).unwrap_err().code(),
        "unknown-framework"
    );
}

/// The training group's chart: a bar per trainee who rated anything, the pass band shaded, valid
/// XML, hostile names escaped.
#[test]
fn the_training_chart_is_valid_svg_with_escaped_names() {
    let catalog = zhuoyue::Catalog::builtin().unwrap();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/training");
    let reference = zhuoyue::scorebook::Scorebook::parse(
        &std::fs::read_to_string(format!("{dir}/reference.json")).unwrap(),
        zhuoyue::Format::Json,
    )
    .unwrap();
    let mut trainee = reference.assessment();
    trainee.items.0.iter_mut().for_each(|(_, e)| e.percent = e.percent.map(|p| (p + 10).min(100)));
    let group = [
        zhuoyue::ops::Examiner::from_assessment("<script>alert(1)</script>", trainee),
        zhuoyue::ops::Examiner::from_assessment(
            "blank",
            zhuoyue::Assessment::parse(r#"{"framework": "gbt19580-2012", "items": {}}"#, zhuoyue::Format::Json)
                .unwrap(),
        ),
    ];
    let t = zhuoyue::ops::training(
        &catalog,
        &zhuoyue::ops::Examiner::from_scorebook(reference),
        &group,
        Some("city-drive-2013-2015"),
    )
    .unwrap();
    let doc = roxmltree::Document::parse(&t.group.chart).unwrap();
    // The pass band and one bar: the blank trainee rated nothing, so has no bar.
    assert_eq!(doc.descendants().filter(|n| n.has_tag_name("rect")).count(), 2);
    assert!(!t.group.chart.contains("<script>"));
    assert_eq!((t.trainees[0].bias, t.trainees[1].mad, t.trainees[1].passed), (Some(10.0), None, Some(false)));
}
