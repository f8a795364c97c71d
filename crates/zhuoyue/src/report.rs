//! The self-assessment report as text: one self-contained HTML page (inline SVG charts with data
//! tables beside them, a print stylesheet, no script, no external asset), or Markdown. Every piece
//! of user text passes through `escape` here, once; the surfaces only write the string out.

use std::fmt::Write;

use crate::assessment::Assessment;
use crate::framework::Kind;
use crate::plan::Plan;
use crate::readiness::{Readiness, Status};
use crate::{Points, Scorecard};

pub use crate::present::Lang;
use crate::present::{Percent, Words};

/// Renders the report of a checked assessment in one call, as every surface does: with an award,
/// readiness in `year` and the roadmap to the award's line (default raise) are included.
pub fn render(
    assessment: &Assessment,
    checked: &crate::Checked,
    award: Option<&crate::award::AwardProfile>,
    year: i32,
    lang: Lang,
    markdown: bool,
) -> Result<String, crate::Error> {
    let card = checked.score();
    let (judged, planned) = match award {
        None => (None, None),
        Some(award) => {
            let judged = crate::readiness::readiness(&card, &assessment.organisation, award, year)?;
            let target = crate::plan::Target::award(award, card.framework)?;
            let effort = crate::plan::Effort::uniform(card.framework);
            let planned = crate::plan::plan(&card, &target, &effort, crate::plan::default_max_raise(card.framework))?;
            (Some(judged), Some(planned))
        }
    };
    let report = Report { assessment, card: &card, readiness: judged.as_ref(), plan: planned.as_ref(), lang };
    Ok(if markdown { report.markdown() } else { report.html() })
}

/// What a report shows: the scorecard of an assessment, and readiness and the roadmap if given.
pub struct Report<'a> {
    pub assessment: &'a Assessment,
    pub card: &'a Scorecard<'a>,
    pub readiness: Option<&'a Readiness>,
    pub plan: Option<&'a Plan>,
    pub lang: Lang,
}

pub use crate::present::html as escape;
use crate::present::markdown as md;

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

const STYLE: &str = "body{font-family:system-ui,'Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif;margin:2rem;color:#111;max-width:60rem}\
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}\
td.n{text-align:right}.charts{display:flex;flex-wrap:wrap;gap:2rem;align-items:flex-start}\
.verdict{font-size:1.2rem;font-weight:600}section{margin-bottom:1.5rem}\
@media print{body{margin:0}section{break-inside:avoid}@page{size:A4;margin:15mm}}";

impl Report<'_> {
    /// One self-contained HTML page.
    pub fn html(&self) -> String {
        let (lang, card, fw) = (self.lang, self.card, self.card.framework);
        let org = &self.assessment.organisation;
        let name = org
            .name
            .as_deref()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or(lang.t("（未填写组织名称）", "(organisation not named)"));
        let title = format!("{} — {} {}", name, fw.standard, lang.pick(&fw.name));
        let mut h = String::new();
        let _ = write!(
            h,
            "<!doctype html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
            lang.t("zh-CN", "en"),
            escape(&title)
        );
        let _ = write!(
            h,
            "<header><h1>{}</h1><p>{} {} · {} ({})</p></header>",
            escape(name),
            escape(&fw.standard),
            escape(lang.pick(&fw.name)),
            escape(&fw.id),
            escape(&fw.version)
        );
        let band = card
            .band()
            .map(|b| format!(" · {} {} ({}-{})", lang.t("评分段", "band"), b.band, b.min, b.max))
            .unwrap_or_default();
        let _ = write!(
            h,
            "<section><h2>{}</h2><p class=\"verdict\">{} {} / {}{}</p><p>{} {} / {} · {} {} / {}</p>",
            lang.t("总分", "Total"),
            lang.t("总分", "Total"),
            card.total,
            fw.max_points,
            escape(&band),
            escape(lang.pick(&fw.kinds.process)),
            card.process,
            fw.kind_max(Kind::Process),
            escape(lang.pick(&fw.kinds.results)),
            card.results,
            fw.kind_max(Kind::Results),
        );
        let missing = card.missing();
        if !missing.is_empty() {
            let _ = write!(
                h,
                "<p>{} {}</p>",
                lang.t("部分评分，未评分项：", "Partial score; not rated:"),
                escape(&missing.join(", "))
            );
        }
        h.push_str("</section>\n");

        // Charts with their data tables (the text alternative for screen readers).
        let _ = write!(h, "<section><h2>{}</h2><div class=\"charts\">{}<table><caption>{}</caption><tr><th>{}</th><th>{}</th><th>{}</th><th>%</th></tr>", lang.t("类目得分", "Categories"), radar_svg(card, lang), lang.t("各类目得分", "Category scores"), lang.t("类目", "Category"), lang.t("得分", "Score"), lang.t("满分", "Max"));
        for (cat, s) in fw.categories.iter().zip(&card.categories) {
            let _ = write!(
                h,
                "<tr><td>{} {}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                escape(&cat.id),
                escape(lang.pick(&cat.name)),
                s,
                cat.points,
                Percent::of(*s, Points::whole(cat.points))
            );
        }
        h.push_str("</table></div></section>\n");
        let _ =
            writeln!(h, "<section><h2>{}</h2>{}</section>", lang.t("评分项得分", "Item scores"), bars_svg(card, lang));

        // Items with notes.
        let _ = write!(
            h,
            "<section><h2>{}</h2><table><tr><th>{}</th><th>%</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            lang.t("评分项、优势与改进机会", "Items, strengths and opportunities"),
            lang.t("评分项", "Item"),
            lang.t("得分", "Score"),
            lang.t("优势", "Strengths"),
            lang.t("改进机会", "Opportunities for improvement")
        );
        for (item, s) in fw.items().zip(&card.items) {
            let entry = self.assessment.items.0.iter().find(|(id, _)| *id == item.id).map(|(_, e)| e);
            let list = |xs: Option<&Vec<String>>| {
                xs.map(|xs| xs.iter().map(|x| format!("<li>{}</li>", escape(x))).collect::<String>())
                    .map(|l| if l.is_empty() { l } else { format!("<ul>{l}</ul>") })
                    .unwrap_or_default()
            };
            let _ = write!(
                h,
                "<tr><td>{} {}</td><td class=\"n\">{}</td><td class=\"n\">{} / {}</td><td>{}</td><td>{}</td></tr>",
                escape(&item.id),
                escape(lang.pick(&item.name)),
                s.percent.map_or_else(|| "-".to_string(), |p| p.to_string()),
                s.score,
                item.points,
                list(entry.map(|e| &e.strengths)),
                list(entry.map(|e| &e.ofis)),
            );
        }
        h.push_str("</table></section>\n");

        if let Some(r) = self.readiness {
            let _ = write!(
                h,
                "<section><h2>{}: {}</h2><p class=\"verdict\">{}</p><ul>",
                lang.t("申报准备度", "Award readiness"),
                escape(lang.pick(&r.award_name)),
                escape(r.verdict.word(lang))
            );
            for reason in &r.reasons {
                let mark = match reason.status {
                    Status::Pass => "✔",
                    Status::Fail => "✘",
                    Status::Unknown => "?",
                };
                let _ = write!(h, "<li>{mark} {}</li>", escape(lang.pick(&reason.sentence)));
            }
            h.push_str("</ul></section>\n");
        }
        if let Some(p) = self.plan {
            let _ = write!(
                h,
                "<section><h2>{}</h2><p>{} {} → {} · {} {} · {} {}</p>",
                lang.t("改进路线图", "Improvement roadmap"),
                lang.t("从", "From"),
                p.start,
                p.target,
                p.cycle_count,
                lang.t("个改进周期", "cycle(s)"),
                lang.t("工作量", "effort"),
                p.cost
            );
            for cycle in &p.cycles {
                let _ = write!(h, "<h3>{} {}</h3><ul>", lang.t("周期", "Cycle"), cycle.number);
                for r in &cycle.raises {
                    let _ = write!(h, "<li>{} {}% → {}% (+{})</li>", escape(&r.item), r.from, r.to, r.gain);
                }
                let _ =
                    write!(h, "</ul><p>{} {}</p>", lang.t("周期后总分", "Total after the cycle:"), cycle.total_after);
            }
            h.push_str("</section>\n");
        }
        let _ = write!(
            h,
            "<footer><p>{}</p></footer>\n</body>\n</html>\n",
            escape(lang.t(
                "评分线为配置参数而非法规；评分段仅供参考。由 zhuoyue 生成。",
                "Score lines are configuration, not law; bands are a reading aid. Made with zhuoyue."
            ))
        );
        h
    }

    /// The same report in Markdown (no charts; the tables carry the numbers).
    pub fn markdown(&self) -> String {
        let (lang, card, fw) = (self.lang, self.card, self.card.framework);
        let name = self
            .assessment
            .organisation
            .name
            .as_deref()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or(lang.t("（未填写组织名称）", "(organisation not named)"));
        let mut m = format!(
            "# {}\n\n{} {} ({} {})\n\n",
            md(name),
            md(&fw.standard),
            md(lang.pick(&fw.name)),
            md(&fw.id),
            md(&fw.version)
        );
        let band = card
            .band()
            .map(|b| format!(", {} {} ({}-{})", lang.t("评分段", "band"), b.band, b.min, b.max))
            .unwrap_or_default();
        let _ = write!(m, "**{} {} / {}**{}\n\n", lang.t("总分", "Total"), card.total, fw.max_points, band);
        let _ = write!(
            m,
            "| {} | {} | {} | % |\n|---|---:|---:|---:|\n",
            lang.t("类目", "Category"),
            lang.t("得分", "Score"),
            lang.t("满分", "Max")
        );
        for (cat, s) in fw.categories.iter().zip(&card.categories) {
            let _ = writeln!(
                m,
                "| {} {} | {} | {} | {} |",
                md(&cat.id),
                md(lang.pick(&cat.name)),
                s,
                cat.points,
                Percent::of(*s, Points::whole(cat.points))
            );
        }
        let _ = write!(
            m,
            "\n| {} | % | {} | {} |\n|---|---:|---:|---:|\n",
            lang.t("评分项", "Item"),
            lang.t("得分", "Score"),
            lang.t("满分", "Max")
        );
        for (item, s) in fw.items().zip(&card.items) {
            let _ = writeln!(
                m,
                "| {} {} | {} | {} | {} |",
                md(&item.id),
                md(lang.pick(&item.name)),
                s.percent.map_or_else(|| "-".to_string(), |p| p.to_string()),
                s.score,
                item.points
            );
        }
        if let Some(r) = self.readiness {
            let _ = write!(
                m,
                "\n## {}: {}\n\n**{}**\n\n",
                lang.t("申报准备度", "Award readiness"),
                md(lang.pick(&r.award_name)),
                r.verdict.word(lang)
            );
            for reason in &r.reasons {
                let _ = writeln!(
                    m,
                    "- {}{}{}",
                    reason.status.word(lang),
                    lang.t("：", ": "),
                    md(lang.pick(&reason.sentence))
                );
            }
        }
        if let Some(p) = self.plan {
            let _ = write!(m, "\n## {}\n\n", lang.t("改进路线图", "Improvement roadmap"));
            for cycle in &p.cycles {
                let raises: Vec<String> =
                    cycle.raises.iter().map(|r| format!("{} {}%→{}%", md(&r.item), r.from, r.to)).collect();
                let _ = writeln!(
                    m,
                    "- {} {}: {} → {}",
                    lang.t("周期", "Cycle"),
                    cycle.number,
                    raises.join(", "),
                    cycle.total_after
                );
            }
        }
        m
    }
}
