//! The report in Markdown: no charts; the tables carry the numbers.

use std::fmt::Write;

use super::{md, Report};
use crate::present::{Percent, Words};
use crate::Points;

impl Report<'_> {
    /// The same report in Markdown (no charts; the tables carry the numbers).
    pub fn markdown(&self) -> String {
        let (lang, card, fw) = (self.lang, self.card, self.card.framework);
        let name = self.name();
        let mut m = format!(
            "# {}\n\n{} {} ({} {})\n\n",
            md(name),
            md(&fw.standard),
            md(lang.pick(&fw.name)),
            md(&fw.id),
            md(&fw.version)
        );
        let band = self.band().map(|b| format!(", {b}")).unwrap_or_default();
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
        if self.trend.is_some() {
            let _ = write!(
                m,
                "\n## {}\n\n| {} | {} | {} |\n|---|---:|---:|\n",
                lang.t("自上次以来", "Since last time"),
                lang.t("日期", "Date"),
                lang.t("总分", "Total"),
                lang.t("比上次", "Change")
            );
            for [date, total, change] in self.trend_rows() {
                let _ = writeln!(m, "| {} | {} | {} |", md(&date), total, change);
            }
            let moved = self.moved();
            if !moved.is_empty() {
                let _ = writeln!(
                    m,
                    "\n{} {}",
                    lang.t("变化最大的评分项：", "Items that moved most:"),
                    md(&moved.join(", "))
                );
            }
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
