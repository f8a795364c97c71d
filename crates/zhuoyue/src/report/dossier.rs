//! The dossier: the self-assessment report an award application needs. A cover, the organisational
//! profile with its length against the award's limit, then clause by clause each item's guidance,
//! the organisation's narrative, its results tables, strengths, OFIs and self-score. Missing parts
//! are marked, never dropped.
//!
//! The content is laid out once, as a list of blocks; HTML, Markdown and DOCX each render the same
//! blocks, so the three formats cannot say different things.

use std::fmt::Write;

use crate::assessment::{Better, Entry, Measure};
use crate::award::AwardProfile;
use crate::framework::{Framework, Item, Kind};
use crate::present::{Date, Lang, Percent};
use crate::{Checked, Points};

/// One piece of the document.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// The document's title (the cover).
    Title(String),
    /// A heading: level 1 for the profile and each category, 2 for sections and items, 3 inside.
    Heading(u8, String),
    /// The table of contents (DOCX: a TOC field; HTML and Markdown: the headings of levels 1-2).
    Contents,
    Paragraph(String),
    /// A label and its text, e.g. "方法 (A)" and the narrative.
    Labelled(String, String),
    /// A part the organisation has not written yet, marked as such.
    Missing(String),
    /// A warning the applicant must act on (a profile over the limit).
    Warning(String),
    /// Prompts or notes as a bulleted list.
    List(Vec<String>),
    Table {
        header: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    PageBreak,
}

/// The laid-out dossier: its language (for `lang` and fonts) and its blocks.
#[derive(Debug, Clone)]
pub struct Dossier {
    pub lang: Lang,
    pub title: String,
    pub blocks: Vec<Block>,
    /// How many parts are marked missing (profile sections, narratives, results tables).
    pub missing: usize,
}

/// Lays out the dossier of a checked assessment, for `award` when given (its profile limit).
pub fn layout(checked: &Checked, award: Option<&AwardProfile>, lang: Lang, today: Date) -> Dossier {
    let fw = checked.framework;
    let a = checked.assessment;
    let card = checked.score();
    let t = |zh: &'static str, en: &'static str| lang.t(zh, en).to_string();
    let mut d = Dossier { lang, title: String::new(), blocks: Vec::new(), missing: 0 };
    let name = a
        .organisation
        .name
        .as_deref()
        .filter(|n| !n.trim().is_empty())
        .map_or_else(|| t("（未填写组织名称）", "(organisation not named)"), str::to_string);
    d.title = format!("{name} {}", t("自评报告", "self-assessment report"));

    // The cover.
    d.blocks.push(Block::Title(d.title.clone()));
    let mut cover = vec![
        (t("组织", "Organisation"), name.clone()),
        (t("评价准则", "Criteria"), format!("{} {}", fw.standard, lang.pick(&fw.name))),
    ];
    if let Some(award) = award {
        cover.push((t("申报奖项", "Award"), lang.pick(&award.name).to_string()));
    }
    cover.push((t("日期", "Date"), today.to_string()));
    cover.push((t("自评总分", "Self-score"), format!("{} / {}", card.total, fw.max_points)));
    for (label, value) in cover {
        d.blocks.push(Block::Labelled(label, value));
    }
    d.blocks.push(Block::Contents);
    d.blocks.push(Block::PageBreak);

    profile(&mut d, checked, award);

    for (c, category) in fw.categories.iter().enumerate() {
        d.blocks.push(Block::PageBreak);
        d.blocks.push(Block::Heading(1, with_points(lang, &category.id, lang.pick(&category.name), category.points)));
        let first = fw.categories[..c].iter().map(|x| x.items.len()).sum::<usize>();
        for (i, item) in category.items.iter().enumerate() {
            let entry = a.items.0.iter().find(|(id, _)| *id == item.id).map(|(_, e)| e);
            clause(&mut d, fw, item, entry, card.items[first + i].percent, card.items[first + i].score);
        }
    }

    // The score summary closes the document.
    d.blocks.push(Block::PageBreak);
    d.blocks.push(Block::Heading(1, t("自评得分汇总", "Self-score summary")));
    let rows = fw
        .categories
        .iter()
        .zip(&card.categories)
        .map(|(c, s)| {
            vec![
                format!("{} {}", c.id, lang.pick(&c.name)),
                s.to_string(),
                c.points.to_string(),
                Percent::of(*s, Points::whole(c.points)).to_string(),
            ]
        })
        .chain(std::iter::once(vec![
            t("总分", "Total"),
            card.total.to_string(),
            fw.max_points.to_string(),
            Percent::of(card.total, fw.max()).to_string(),
        ]))
        .collect();
    d.blocks.push(Block::Table {
        header: vec![t("类目", "Category"), t("得分", "Score"), t("满分", "Max"), "%".into()],
        rows,
    });
    if d.missing > 0 {
        d.blocks.push(Block::Warning(format!(
            "{} {}",
            d.missing,
            t("处内容尚未填写，已在文中标出。", "parts are not written yet; each is marked where it belongs.")
        )));
    }
    d
}

/// A clause heading, e.g. `4.1.2 高层领导的作用（50 分）`.
pub(crate) fn with_points(lang: Lang, id: &str, name: &str, points: u32) -> String {
    match lang {
        Lang::Zh => format!("{id} {name}（{points} 分）"),
        Lang::En => format!("{id} {name} ({points} points)"),
    }
}

/// Counts text the way application limits do: Unicode scalar values, whitespace included.
fn chars(text: &str) -> usize {
    text.chars().count()
}

fn count_line(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("字数：{n}"),
        Lang::En => format!("Characters: {n}"),
    }
}

fn profile(d: &mut Dossier, checked: &Checked, award: Option<&AwardProfile>) {
    let (lang, fw, p) = (d.lang, checked.framework, &checked.assessment.profile);
    let t = |zh: &'static str, en: &'static str| lang.t(zh, en).to_string();
    d.blocks.push(Block::Heading(1, t("组织概述", "Organisational profile")));
    let total = p.chars();
    let limit = award.and_then(|a| a.profile_max_chars);
    d.blocks.push(Block::Paragraph(match (lang, limit) {
        (Lang::Zh, Some(max)) => format!("共 {total} 字，上限 {max} 字。"),
        (Lang::En, Some(max)) => format!("{total} characters; the limit is {max}."),
        (Lang::Zh, None) => format!("共 {total} 字。"),
        (Lang::En, None) => format!("{total} characters."),
    }));
    if let Some(max) = limit.filter(|m| total > *m as usize) {
        let over = total - max as usize;
        d.blocks.push(Block::Warning(match lang {
            Lang::Zh => format!("组织概述超过上限 {over} 字：申报前须删减，本报告未作任何删节。"),
            Lang::En => format!(
                "The profile is {over} characters over the limit: cut it before applying (nothing is cut here)."
            ),
        }));
    }
    for section in &fw.profile_sections {
        d.blocks.push(Block::Heading(2, lang.pick(&section.name).to_string()));
        if let Some(g) = &section.guidance {
            d.blocks.push(Block::List(lang.pick_list(g).to_vec()));
        }
        match p.section(&section.id).filter(|s| !s.trim().is_empty()) {
            Some(text) => {
                d.blocks.push(Block::Paragraph(count_line(lang, chars(text))));
                paragraphs(d, text);
            }
            None => missing(d, t("（本部分尚未填写）", "(this section is not written yet)")),
        }
    }
    d.blocks.push(Block::Heading(2, t("关键因素", "Key factors")));
    if p.key_factors.is_empty() {
        missing(d, t("（尚未列出关键因素）", "(no key factors listed yet)"));
    } else {
        let section_name = |id: &str| {
            fw.profile_sections.iter().find(|s| s.id == id).map_or(id.to_string(), |s| lang.pick(&s.name).to_string())
        };
        let rows = p.key_factors.iter().map(|k| vec![k.id.clone(), section_name(&k.section), k.text.clone()]).collect();
        d.blocks
            .push(Block::Table { header: vec!["ID".into(), t("所属部分", "Section"), t("内容", "Text")], rows });
    }
}

fn missing(d: &mut Dossier, text: String) {
    d.missing += 1;
    d.blocks.push(Block::Missing(text));
}

/// Each line of user text as its own paragraph (blank lines dropped).
fn paragraphs(d: &mut Dossier, text: &str) {
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        d.blocks.push(Block::Paragraph(line.to_string()));
    }
}

fn clause(d: &mut Dossier, fw: &Framework, item: &Item, entry: Option<&Entry>, percent: Option<u8>, score: Points) {
    let lang = d.lang;
    let t = |zh: &'static str, en: &'static str| lang.t(zh, en).to_string();
    d.blocks.push(Block::Heading(2, with_points(lang, &item.id, lang.pick(&item.name), item.points)));
    let written: usize = entry.map_or(0, |e| {
        e.narrative.iter().map(|(_, s)| chars(s)).sum::<usize>()
            + e.strengths.iter().chain(&e.ofis).map(|s| chars(s)).sum::<usize>()
            + e.evidence.as_deref().map_or(0, chars)
    });
    d.blocks.push(Block::Paragraph(count_line(lang, written)));

    d.blocks.push(Block::Heading(3, t("评分项要求", "What the item asks")));
    match &item.guidance {
        Some(g) => d.blocks.push(Block::List(lang.pick_list(g).to_vec())),
        None => d.blocks.push(Block::Paragraph(t("（本准则未提供要求提示）", "(no guidance for this item)"))),
    }

    d.blocks.push(Block::Heading(3, t("组织的陈述", "The organisation's narrative")));
    for dimension in fw.dimensions_of(item.kind) {
        let label = format!("{} ({})", lang.pick(&dimension.name), dimension.id);
        match entry.and_then(|e| e.narrative.iter().find(|(id, _)| *id == dimension.id)).map(|(_, s)| s.trim()) {
            Some(text) if !text.is_empty() => d.blocks.push(Block::Labelled(label, text.to_string())),
            _ => {
                d.missing += 1;
                d.blocks.push(Block::Labelled(label, t("（尚未填写）", "(not written yet)")));
            }
        }
    }

    if item.kind == Kind::Results {
        d.blocks.push(Block::Heading(3, t("结果数据", "Results")));
        match entry.map(|e| e.measures.as_slice()).filter(|m| !m.is_empty()) {
            Some(measures) => d.blocks.push(results_table(lang, measures)),
            None => missing(d, t("（尚未提供结果数据表）", "(no results table yet)")),
        }
    }

    for (title, notes) in [
        (t("优势", "Strengths"), entry.map(|e| e.strengths.as_slice()).unwrap_or_default()),
        (t("改进机会", "Opportunities for improvement"), entry.map(|e| e.ofis.as_slice()).unwrap_or_default()),
    ] {
        d.blocks.push(Block::Heading(3, title));
        if notes.is_empty() {
            d.blocks.push(Block::Paragraph(t("（未列出）", "(none listed)")));
        } else {
            d.blocks.push(Block::List(notes.to_vec()));
        }
    }
    if let Some(evidence) = entry.and_then(|e| e.evidence.as_deref()).filter(|e| !e.trim().is_empty()) {
        d.blocks.push(Block::Labelled(t("证据", "Evidence"), evidence.to_string()));
    }

    d.blocks.push(Block::Heading(3, t("自评得分", "Self-score")));
    match percent {
        Some(p) => {
            let band = &fw.bands[fw.band_of(p)];
            let mut line = match lang {
                Lang::Zh => format!("{p}%，得 {score} / {} 分", item.points),
                Lang::En => format!("{p}%, {score} of {} points", item.points),
            };
            let _ =
                write!(line, "; {} {}: {}", t("评分段", "band"), band.label(), lang.pick(band.descriptor(item.kind)));
            d.blocks.push(Block::Paragraph(line));
        }
        None => missing(d, t("（尚未评分）", "(not rated yet)")),
    }
}

/// A measure's value in its shortest decimal form that reads back as the same number (98.4, 14,
/// 0.125), with at most 15 digits after the point. Integer arithmetic, not a float printer: the
/// browser's .wasm carries no float formatting tables (ryu or core's would add 6-11 KB).
pub fn number(value: f64) -> String {
    let mut scale = 1.0f64;
    for places in 0..=15u32 {
        let n = (value * scale).round();
        // n / 10^places is correctly rounded (10^places is exact), so equality means the decimal
        // n·10^-places reads back as `value`.
        if n.abs() < 9.0e15 && n / scale == value {
            return decimal(n as i64, places);
        }
        scale *= 10.0;
    }
    if value.fract() == 0.0 && value.abs() < 9.2e18 {
        return (value as i64).to_string();
    }
    // Smaller than 10^-15 in magnitude, or more digits than fit: the nearest with 15 places.
    decimal((value * 1e15).round().clamp(-9.0e18, 9.0e18) as i64, 15)
}

/// `n` with a decimal point `places` digits from the right: decimal(-125, 3) is "-0.125".
fn decimal(n: i64, places: u32) -> String {
    let digits = n.unsigned_abs().to_string();
    let places = places as usize;
    let sign = if n < 0 { "-" } else { "" };
    if places == 0 {
        return format!("{sign}{digits}");
    }
    let padded = format!("{digits:0>width$}", width = places + 1);
    let (whole, fraction) = padded.split_at(padded.len() - places);
    format!("{sign}{whole}.{fraction}")
}

/// A results table: one row per measure, one column per period (in the order first met), then
/// the comparison and its source.
fn results_table(lang: Lang, measures: &[Measure]) -> Block {
    let t = |zh: &'static str, en: &'static str| lang.t(zh, en).to_string();
    let mut seen = std::collections::HashSet::new();
    let periods: Vec<&str> =
        measures.iter().flat_map(|m| &m.values).map(|v| v.period.as_str()).filter(|p| seen.insert(*p)).collect();
    let mut header = vec![t("指标", "Measure"), t("单位", "Unit"), t("期望方向", "Better")];
    header.extend(periods.iter().map(|p| p.to_string()));
    header.push(t("对比值（来源）", "Comparison (source)"));
    let rows = measures
        .iter()
        .map(|m| {
            let mut row = vec![
                m.name.clone(),
                m.unit.clone(),
                match m.better {
                    Better::Higher => t("越高越好", "higher"),
                    Better::Lower => t("越低越好", "lower"),
                },
            ];
            for p in &periods {
                row.push(m.values.iter().find(|v| v.period == *p).map_or_else(|| "–".into(), |v| number(v.value)));
            }
            row.push(
                m.comparison.as_ref().map_or_else(|| "–".into(), |c| format!("{} ({})", number(c.value), c.source)),
            );
            row
        })
        .collect();
    Block::Table { header, rows }
}

impl Lang {
    /// The prompts of one language.
    pub fn pick_list(self, g: &crate::framework::Guidance) -> &[String] {
        match self {
            Lang::Zh => &g.zh,
            Lang::En => &g.en,
        }
    }
}

// ---- renderers: each walks the same blocks ----

use crate::present::{html as escape, markdown as md};

const STYLE: &str = "body{font-family:'Noto Serif CJK SC','Source Han Serif SC',SimSun,'Songti SC',serif;margin:2rem auto;max-width:46rem;color:#111;line-height:1.6}\
h1,h2,h3,.title{font-family:'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei',SimHei,'PingFang SC',sans-serif}\
.title{font-size:2rem;margin-top:4rem}table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #999;padding:.2rem .5rem;text-align:left}\
.missing{color:#8a4b00;font-style:italic}.warning{border-left:4px solid #b00;padding-left:.5rem;color:#700}.label{font-weight:600}\
nav ol{list-style:none;padding-left:1rem}\
@media print{body{margin:0}.page-break{break-after:page}@page{size:A4;margin:20mm}}";

impl Dossier {
    /// The headings the contents list: levels 1 and 2, with their anchors.
    fn toc(&self) -> impl Iterator<Item = (usize, u8, &str)> + '_ {
        self.blocks.iter().enumerate().filter_map(|(i, b)| match b {
            Block::Heading(level @ 1..=2, text) => Some((i, *level, text.as_str())),
            _ => None,
        })
    }

    /// One self-contained HTML page (no script, no external asset), printable on A4.
    pub fn html(&self) -> String {
        let lang = self.lang.t("zh-CN", "en");
        let mut h = format!(
            "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
            escape(&self.title)
        );
        for (i, block) in self.blocks.iter().enumerate() {
            match block {
                Block::Title(t) => {
                    let _ = writeln!(h, "<p class=\"title\">{}</p>", escape(t));
                }
                Block::Heading(level, t) => {
                    let _ = writeln!(h, "<h{level} id=\"s{i}\">{}</h{level}>", escape(t));
                }
                Block::Contents => {
                    let _ = write!(h, "<nav><h2>{}</h2><ol>", self.lang.t("目录", "Contents"));
                    for (j, level, text) in self.toc() {
                        let indent = if level == 2 { " style=\"margin-left:1.5rem\"" } else { "" };
                        let _ = write!(h, "<li{indent}><a href=\"#s{j}\">{}</a></li>", escape(text));
                    }
                    h.push_str("</ol></nav>\n");
                }
                Block::Paragraph(t) => {
                    let _ = writeln!(h, "<p>{}</p>", escape(t));
                }
                Block::Labelled(label, t) => {
                    let _ = writeln!(
                        h,
                        "<p><span class=\"label\">{}{}</span>{}</p>",
                        escape(label),
                        self.lang.t("：", ": "),
                        escape(t)
                    );
                }
                Block::Missing(t) => {
                    let _ = writeln!(h, "<p class=\"missing\">{}</p>", escape(t));
                }
                Block::Warning(t) => {
                    let _ = writeln!(h, "<p class=\"warning\" role=\"note\">{}</p>", escape(t));
                }
                Block::List(items) => {
                    h.push_str("<ul>");
                    for item in items {
                        let _ = write!(h, "<li>{}</li>", escape(item));
                    }
                    h.push_str("</ul>\n");
                }
                Block::Table { header, rows } => {
                    h.push_str("<table><thead><tr>");
                    for cell in header {
                        let _ = write!(h, "<th scope=\"col\">{}</th>", escape(cell));
                    }
                    h.push_str("</tr></thead><tbody>");
                    for row in rows {
                        h.push_str("<tr>");
                        for cell in row {
                            let _ = write!(h, "<td>{}</td>", escape(cell));
                        }
                        h.push_str("</tr>");
                    }
                    h.push_str("</tbody></table>\n");
                }
                Block::PageBreak => h.push_str("<div class=\"page-break\"></div>\n"),
            }
        }
        h.push_str("</body>\n</html>\n");
        h
    }

    /// The same document in Markdown.
    pub fn markdown(&self) -> String {
        let mut m = String::new();
        for block in &self.blocks {
            match block {
                Block::Title(t) => {
                    let _ = writeln!(m, "# {}\n", md(t));
                }
                Block::Heading(level, t) => {
                    let _ = writeln!(m, "{} {}\n", "#".repeat(usize::from(*level) + 1), md(t));
                }
                Block::Contents => {
                    let _ = writeln!(m, "**{}**\n", self.lang.t("目录", "Contents"));
                    for (_, level, text) in self.toc() {
                        let _ = writeln!(m, "{}- {}", "  ".repeat(usize::from(level) - 1), md(text));
                    }
                    m.push('\n');
                }
                Block::Paragraph(t) => {
                    let _ = writeln!(m, "{}\n", md(t));
                }
                Block::Labelled(label, t) => {
                    let _ = writeln!(m, "**{}**{}{}\n", md(label), self.lang.t("：", ": "), md(t));
                }
                Block::Missing(t) => {
                    let _ = writeln!(m, "*{}*\n", md(t));
                }
                Block::Warning(t) => {
                    let _ = writeln!(m, "> **{}** {}\n", self.lang.t("注意：", "Note:"), md(t));
                }
                Block::List(items) => {
                    for item in items {
                        let _ = writeln!(m, "- {}", md(item));
                    }
                    m.push('\n');
                }
                Block::Table { header, rows } => {
                    let cells = |r: &[String]| r.iter().map(|c| md(c)).collect::<Vec<_>>().join(" | ");
                    let _ = writeln!(m, "| {} |\n|{}", cells(header), "---|".repeat(header.len()));
                    for row in rows {
                        let _ = writeln!(m, "| {} |", cells(row));
                    }
                    m.push('\n');
                }
                Block::PageBreak => {}
            }
        }
        m
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_print_in_their_shortest_exact_form() {
        let cases = [
            (98.4, "98.4"),
            (14.0, "14"),
            (0.125, "0.125"),
            (-3.5, "-3.5"),
            (-0.05, "-0.05"),
            (99.2, "99.2"),
            (1e18, "1000000000000000000"),
            (123456.789, "123456.789"),
            (0.0, "0"),
        ];
        for (v, text) in cases {
            assert_eq!(super::number(v), text, "{v}");
            // Whatever it prints reads back as the same number, as JavaScript's String(x) would.
            if v.abs() < 1e15 {
                assert_eq!(super::number(v).parse::<f64>().unwrap(), v, "{v}");
            }
        }
        // Past 15 places: the nearest with 15 (0.1 + 0.2 is 0.30000000000000004).
        assert_eq!(super::number(0.1 + 0.2), "0.300000000000000");
    }
}
