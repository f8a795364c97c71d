//! The report's charts as standalone SVG elements (with a title and text, so they read without
//! the page), used by the HTML report, the notebook view and the browser.

use std::fmt::Write;

use super::escape;
use crate::present::{Lang, Percent};
use crate::{Points, Scorecard};

/// A radar chart of category percentages, as a standalone SVG element with a title.
pub fn radar_svg(card: &Scorecard, lang: Lang) -> String {
    let fw = card.framework;
    let n = fw.categories.len();
    let (size, r) = (320.0_f64, 110.0_f64);
    let c = size / 2.0;
    let point = |i: usize, f: f64| {
        let a = -std::f64::consts::FRAC_PI_2 + 2.0 * std::f64::consts::PI * i as f64 / n.max(1) as f64;
        (c + r * f * a.cos(), c + r * f * a.sin())
    };
    let polygon = |f: &dyn Fn(usize) -> f64| {
        (0..n).map(|i| point(i, f(i))).map(|(x, y)| format!("{x:.1},{y:.1}")).collect::<Vec<_>>().join(" ")
    };
    let shares: Vec<i64> =
        fw.categories.iter().zip(&card.categories).map(|(cat, s)| s.percent_of(Points::whole(cat.points))).collect();
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="{size}" height="{size}" role="img" aria-labelledby="radar-title"><title id="radar-title">{}</title>"#,
        escape(&format!(
            "{}: {}",
            lang.t("各类目得分率", "Category percentages"),
            fw.categories
                .iter()
                .zip(&card.categories)
                .map(|(cat, s)| format!("{} {}", cat.id, Percent::of(*s, Points::whole(cat.points))))
                .collect::<Vec<_>>()
                .join(", ")
        ))
    );
    for ring in [0.25, 0.5, 0.75, 1.0] {
        let _ = write!(svg, r##"<polygon points="{}" fill="none" stroke="#bbb"/>"##, polygon(&|_| ring));
    }
    let _ = write!(
        svg,
        r##"<polygon points="{}" fill="rgba(200,30,30,0.3)" stroke="#c81e1e" stroke-width="2"/>"##,
        polygon(&|i| shares[i] as f64 / 10_000.0)
    );
    for (i, cat) in fw.categories.iter().enumerate() {
        let (x, y) = point(i, 1.22);
        let _ = write!(
            svg,
            r#"<text x="{x:.1}" y="{y:.1}" font-size="12" text-anchor="middle">{}</text>"#,
            escape(&cat.id)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Horizontal bars of item scores against their maxima.
pub fn bars_svg(card: &Scorecard, lang: Lang) -> String {
    let fw = card.framework;
    let max_points = fw.items().map(|i| i.points).max().unwrap_or(1).max(1) as f64;
    let (row, label, width) = (18.0_f64, 60.0_f64, 420.0_f64);
    let height = row * fw.item_count() as f64 + 10.0;
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {height}" width="{w}" height="{height}" role="img" aria-labelledby="bars-title"><title id="bars-title">{}</title>"#,
        escape(lang.t("各评分项得分与满分", "Item scores against their maxima")),
        w = label + width + 90.0,
    );
    for (k, (item, s)) in fw.items().zip(&card.items).enumerate() {
        let y = 5.0 + row * k as f64;
        let full = width * item.points as f64 / max_points;
        let got = full * s.score.hundredths() as f64 / Points::whole(item.points).hundredths() as f64;
        let _ = write!(
            svg,
            r##"<text x="0" y="{ty:.1}" font-size="11">{id}</text><rect x="{label}" y="{y:.1}" width="{full:.1}" height="12" fill="#eee"/><rect x="{label}" y="{y:.1}" width="{got:.1}" height="12" fill="#1a5fb4"/><text x="{tx:.1}" y="{ty:.1}" font-size="11">{score} / {max}</text>"##,
            ty = y + 10.0,
            id = escape(&item.id),
            tx = label + full + 6.0,
            score = s.score,
            max = item.points,
        );
    }
    svg.push_str("</svg>");
    svg
}

/// The organisation's totals by date as a line chart ("since last time"), a standalone SVG with a
/// title that says every point, so it reads without the page; a data table belongs beside it.
pub fn trend_svg(history: &crate::history::History, max: Points, lang: Lang) -> String {
    let (w, h, left, right, top, bottom) = (520.0_f64, 240.0_f64, 64.0, 48.0, 24.0, 40.0);
    let n = history.series.len();
    let x = |i: usize| {
        if n <= 1 {
            (left + w - right) / 2.0
        } else {
            left + (w - left - right) * i as f64 / (n - 1) as f64
        }
    };
    let top_value = max.hundredths().max(1) as f64;
    let y = |p: Points| top + (h - top - bottom) * (1.0 - p.hundredths() as f64 / top_value);
    let points: Vec<String> = history.series.iter().map(|p| format!("{} {}", p.date, p.total)).collect();
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-labelledby="trend-title"><title id="trend-title">{}</title>"#,
        escape(&format!("{}: {}", lang.t("历年自评总分", "Self-assessment totals by date"), points.join(", ")))
    );
    for k in 0..=4 {
        let v = Points::whole((max.hundredths() / 100 * k / 4) as u32);
        let yy = y(v);
        let _ = write!(
            svg,
            r##"<line x1="{left}" y1="{yy:.1}" x2="{:.1}" y2="{yy:.1}" stroke="#ddd"/><text x="{:.1}" y="{:.1}" font-size="11" text-anchor="end">{}</text>"##,
            w - right,
            left - 6.0,
            yy + 4.0,
            escape(&v.to_string())
        );
    }
    let line: Vec<String> =
        history.series.iter().enumerate().map(|(i, p)| format!("{:.1},{:.1}", x(i), y(p.total))).collect();
    let _ = write!(svg, r##"<polyline points="{}" fill="none" stroke="#c81e1e" stroke-width="2"/>"##, line.join(" "));
    for (i, p) in history.series.iter().enumerate() {
        let _ = write!(
            svg,
            r##"<circle cx="{:.1}" cy="{:.1}" r="4" fill="#c81e1e"/><text x="{:.1}" y="{:.1}" font-size="11" text-anchor="middle">{}</text><text x="{:.1}" y="{:.1}" font-size="11" text-anchor="middle">{}</text>"##,
            x(i),
            y(p.total),
            x(i),
            y(p.total) - 8.0,
            escape(&p.total.to_string()),
            x(i),
            h - bottom + 18.0,
            escape(&p.date)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A cohort's totals by group (sector, then "all") as box plots: the minimum and maximum as a
/// whisker, the quartiles as a box, the median as a bar, each group's count beside its name. A
/// standalone SVG with a title that says every group's median, for notebooks and pages.
pub fn cohort_svg(groups: &[crate::cohort::Summary], max_points: f64, lang: Lang) -> String {
    let (w, left, right, row, top) = (640.0_f64, 250.0_f64, 28.0_f64, 28.0_f64, 28.0_f64);
    let h = top + row * groups.len().max(1) as f64 + 28.0;
    let scale = if max_points > 0.0 { max_points } else { 1000.0 };
    let x = |v: f64| left + (w - left - right) * (v / scale).clamp(0.0, 1.0);
    let medians: Vec<String> = groups.iter().map(|g| format!("{} {:.2}", g.group, g.median)).collect();
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-labelledby="cohort-title"><title id="cohort-title">{}</title>"#,
        escape(&format!("{}: {}", lang.t("各组总分分布（中位数）", "Totals by group (median)"), medians.join(", ")))
    );
    for k in 0..=4 {
        let v = scale * f64::from(k) / 4.0;
        let _ = write!(
            svg,
            r##"<line x1="{0:.1}" y1="{1}" x2="{0:.1}" y2="{2:.1}" stroke="#ddd"/><text x="{0:.1}" y="{3:.1}" font-size="11" text-anchor="middle">{4}</text>"##,
            x(v),
            top - 8.0,
            h - 24.0,
            h - 8.0,
            v.round()
        );
    }
    for (i, g) in groups.iter().enumerate() {
        let mid = top + row * i as f64 + row / 2.0;
        let _ = write!(
            svg,
            r##"<text x="{:.1}" y="{:.1}" font-size="12" text-anchor="end">{} (n={})</text><line x1="{:.1}" y1="{mid:.1}" x2="{:.1}" y2="{mid:.1}" stroke="#555"/><rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="#f4c7c3" stroke="#c81e1e"/><line x1="{m:.1}" y1="{:.1}" x2="{m:.1}" y2="{:.1}" stroke="#c81e1e" stroke-width="3"/>"##,
            left - 8.0,
            mid + 4.0,
            escape(&g.group),
            g.count,
            x(g.min),
            x(g.max),
            x(g.q1),
            mid - row / 3.0,
            (x(g.q3) - x(g.q1)).max(1.0),
            row * 2.0 / 3.0,
            mid - row / 3.0,
            mid + row / 3.0,
            m = x(g.median),
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A training session's trainees as bars of their bias (trainee − reference, points of percent)
/// around zero, the pass rule's bias band shaded, each bar's label its name, MAD and verdict. A
/// standalone SVG whose title says every trainee's numbers.
pub fn training_svg(trainees: &[crate::training::TraineeResult], rule: Option<crate::training::PassRule>) -> String {
    let (w, left, right, row, top) = (640.0_f64, 200.0_f64, 24.0_f64, 24.0_f64, 28.0_f64);
    let h = top + row * trainees.len().max(1) as f64 + 28.0;
    let span = trainees.iter().filter_map(|t| t.bias).fold(20.0_f64, |m, b| m.max(b.abs().ceil() + 5.0)).min(100.0);
    let x = |v: f64| left + (w - left - right) * ((v + span) / (2.0 * span)).clamp(0.0, 1.0);
    let said: Vec<String> = trainees
        .iter()
        .map(|t| {
            format!(
                "{} bias {} MAD {}",
                t.name,
                t.bias.map_or("-".into(), |b| format!("{b:+.2}")),
                t.mad.map_or("-".into(), |m| format!("{m:.2}"))
            )
        })
        .collect();
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-labelledby="training-title"><title id="training-title">{}</title>"#,
        escape(&format!("Trainees' bias against the reference: {}", said.join("; ")))
    );
    if let Some(r) = rule {
        let (a, b) = (x(-r.max_abs_bias), x(r.max_abs_bias));
        let _ = write!(
            svg,
            r##"<rect x="{a:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="#e6f4ea"/>"##,
            top - 8.0,
            b - a,
            h - top - 16.0
        );
    }
    for v in [-span, -span / 2.0, 0.0, span / 2.0, span] {
        let _ = write!(
            svg,
            r##"<line x1="{0:.1}" y1="{1:.1}" x2="{0:.1}" y2="{2:.1}" stroke="{3}"/><text x="{0:.1}" y="{4:.1}" font-size="11" text-anchor="middle">{5}</text>"##,
            x(v),
            top - 8.0,
            h - 24.0,
            if v == 0.0 { "#555" } else { "#ddd" },
            h - 8.0,
            if v == 0.0 { "0".to_string() } else { format!("{v:+.0}") }
        );
    }
    for (i, t) in trainees.iter().enumerate() {
        let mid = top + row * i as f64 + row / 2.0;
        let verdict = match t.passed {
            Some(true) => " ✓",
            Some(false) => " ✗",
            None => "",
        };
        let _ = write!(
            svg,
            r##"<text x="{:.1}" y="{:.1}" font-size="12" text-anchor="end">{}</text>"##,
            left - 8.0,
            mid + 4.0,
            escape(&format!("{} (MAD {}){verdict}", t.name, t.mad.map_or("-".into(), |m| format!("{m:.1}"))))
        );
        if let Some(b) = t.bias {
            let (a, z) = (x(0.0), x(b));
            let colour = if t.passed == Some(false) { "#c81e1e" } else { "#1e6bc8" };
            let _ = write!(
                svg,
                r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{colour}"/>"##,
                a.min(z),
                mid - row / 3.0,
                (z - a).abs().max(1.0),
                row * 2.0 / 3.0
            );
        }
    }
    svg.push_str("</svg>");
    svg
}
