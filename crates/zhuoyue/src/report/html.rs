//! The report as one self-contained HTML page: inline SVG charts with data tables beside them, a
//! print stylesheet, no script, no external asset.

use std::fmt::Write;

use super::svg::{bars_svg, radar_svg};
use super::{escape, Report};
use crate::framework::Kind;
use crate::present::{Percent, Words};
use crate::readiness::Status;
use crate::Points;

const STYLE: &str = "body{font-family:system-ui,'Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif;margin:2rem;color:#111;max-width:60rem}\
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}\
td.n{text-align:right}.charts{display:flex;flex-wrap:wrap;gap:2rem;align-items:flex-start}\
.verdict{font-size:1.2rem;font-weight:600}section{margin-bottom:1.5rem}\
@media print{body{margin:0}section{break-inside:avoid}@page{size:A4;margin:15mm}}";

impl Report<'_> {
    /// One self-contained HTML page.
    pub fn html(&self) -> String {
        let (lang, card, fw) = (self.lang, self.card, self.card.framework);
        let name = self.name();
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
        let band = self.band().map(|b| format!(" · {b}")).unwrap_or_default();
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

        if let Some(t) = self.trend {
            let _ = write!(
                h,
                "<section><h2>{}</h2><div class=\"charts\">{}<table><caption>{}</caption><tr><th>{}</th><th>{}</th><th>{}</th></tr>",
                lang.t("自上次以来", "Since last time"),
                t.chart,
                lang.t("历年自评总分", "Totals by date"),
                lang.t("日期", "Date"),
                lang.t("总分", "Total"),
                lang.t("比上次", "Change")
            );
            for [date, total, change] in self.trend_rows() {
                let _ = write!(
                    h,
                    "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                    escape(&date),
                    escape(&total),
                    escape(&change)
                );
            }
            h.push_str("</table></div>");
            let moved = self.moved();
            if !moved.is_empty() {
                let _ = write!(
                    h,
                    "<p>{} {}</p>",
                    lang.t("变化最大的评分项：", "Items that moved most:"),
                    escape(&moved.join(", "))
                );
            }
            h.push_str("</section>\n");
        }
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
}
