//! The applicant's feedback report, laid out as the dossier's blocks (so HTML, Markdown and DOCX
//! say the same): a cover with the overall score band, the organisation-level key themes, then per
//! category its themes and per item the scoring band and the feedback-ready strengths and OFIs.
//! As award programmes do, it gives bands, never the exact percent or total, and it does not say
//! which examiner wrote what.

use crate::consensus::{Note, Team, Theme, Worksheet, ORGANISATION};
use crate::framework::Framework;
use crate::ops::Agreed;
use crate::present::{Date, Lang};
use crate::report::dossier::{with_points, Block, Dossier};
use crate::scorebook::CommentKind;

/// Who the report is for and from.
#[derive(Debug, Clone, Copy)]
pub struct Heading<'a> {
    pub applicant: &'a str,
    /// The organisation's name, from its application when the team names one.
    pub name: Option<&'a str>,
    pub team: &'a Team,
}

fn cited(text: &str, key_factors: &[String], lang: Lang) -> String {
    match (key_factors.is_empty(), lang) {
        (true, _) => text.to_string(),
        (false, Lang::Zh) => format!("{text}（关键因素：{}）", key_factors.join("、")),
        (false, Lang::En) => format!("{text} (key factors: {})", key_factors.join(", ")),
    }
}

fn themes(d: &mut Dossier, all: &[Theme], scope: &str, level: u8, lang: Lang) {
    for (kind, label) in [
        (CommentKind::Strength, lang.t("关键主题：优势", "Key themes: strengths")),
        (CommentKind::Ofi, lang.t("关键主题：改进机会", "Key themes: opportunities for improvement")),
    ] {
        let list: Vec<String> = all
            .iter()
            .filter(|t| t.scope == scope && t.kind == kind)
            .map(|t| cited(&t.text, &t.key_factors, lang))
            .collect();
        if !list.is_empty() {
            d.blocks.push(Block::Heading(level, label.to_string()));
            d.blocks.push(Block::List(list));
        }
    }
}

/// Feedback-ready comments, each once (examiners often agree word for word), without the examiner.
fn ready(notes: &[Note], lang: Lang) -> Vec<String> {
    // Seen lines in a set: a team of 100 examiners may write thousands of comments on one item.
    let mut seen = std::collections::HashSet::new();
    notes
        .iter()
        .filter(|n| n.feedback_ready)
        .map(|n| cited(&n.text, &n.key_factors, lang))
        .filter(|line| seen.insert(line.clone()))
        .collect()
}

pub fn layout(
    fw: &Framework,
    sheet: &Worksheet,
    agreed: &Agreed,
    head: Heading<'_>,
    lang: Lang,
    today: Date,
) -> Dossier {
    let t = |zh: &'static str, en: &'static str| lang.t(zh, en).to_string();
    let who = head.name.filter(|n| !n.trim().is_empty()).unwrap_or(head.applicant);
    let title = format!("{who} {}", t("反馈报告", "feedback report"));
    let mut d = Dossier { lang, title: title.clone(), blocks: vec![Block::Title(title)], missing: 0 };
    let card = &agreed.score.card;
    let overall = match (card.band, &card.band_range) {
        (Some(b), Some(range)) => match lang {
            Lang::Zh => format!("第 {b} 档（{range} 分）"),
            Lang::En => format!("band {b} ({range} points)"),
        },
        _ => t("（该准则无总分档）", "(this framework has no overall bands)"),
    };
    for (label, value) in [
        (t("申报组织", "Applicant"), who.to_string()),
        (t("评价准则", "Criteria"), format!("{} {}", fw.standard, lang.pick(&fw.name))),
        (t("评审组长", "Team leader"), head.team.leader.clone()),
        (t("评审员", "Examiners"), sheet.examiners.join(", ")),
        (t("日期", "Date"), today.to_string()),
        (t("总分档次", "Overall score band"), overall),
    ] {
        d.blocks.push(Block::Labelled(label, value));
    }
    d.blocks.push(Block::Paragraph(t(
        "本报告给出评审组共识的关键主题与各条款的优势、改进机会；得分以档次表示，不给出确切分数。",
        "This report gives the examiner team's consensus key themes and, per item, strengths and opportunities \
         for improvement; scores are given as bands, not exact figures.",
    )));
    d.blocks.push(Block::Contents);
    d.blocks.push(Block::PageBreak);
    d.blocks.push(Block::Heading(1, t("组织层面的关键主题", "Key themes for the organisation")));
    let before = d.blocks.len();
    themes(&mut d, &agreed.themes, ORGANISATION, 2, lang);
    if d.blocks.len() == before {
        d.blocks.push(Block::Missing(t(
            "评审组未列出组织层面的关键主题。",
            "The team listed no organisation-level key themes.",
        )));
        d.missing += 1;
    }
    for category in &fw.categories {
        d.blocks.push(Block::PageBreak);
        d.blocks.push(Block::Heading(1, with_points(lang, &category.id, lang.pick(&category.name), category.points)));
        themes(&mut d, &agreed.themes, &category.id, 2, lang);
        for item in &category.items {
            let Some(row) = sheet.rows.iter().find(|r| r.item == item.id) else { continue };
            d.blocks.push(Block::Heading(2, with_points(lang, &item.id, lang.pick(&item.name), item.points)));
            match row.agreed {
                Some(p) => {
                    let band = &fw.bands[fw.band_of(p)];
                    d.blocks.push(Block::Labelled(
                        t("得分档次", "Scoring band"),
                        format!("{} — {}", band.label(), lang.pick(band.descriptor(item.kind))),
                    ));
                }
                None => d.blocks.push(Block::Labelled(t("得分档次", "Scoring band"), t("未评分", "not scored"))),
            }
            let (strengths, ofis) = (ready(&row.strengths, lang), ready(&row.ofis, lang));
            if strengths.is_empty() && ofis.is_empty() {
                d.blocks.push(Block::Missing(t(
                    "评审组对本条款没有形成可反馈的意见。",
                    "The team wrote no feedback-ready comments on this item.",
                )));
                d.missing += 1;
            }
            for (label, list) in
                [(t("优势", "Strengths"), strengths), (t("改进机会", "Opportunities for improvement"), ofis)]
            {
                if !list.is_empty() {
                    d.blocks.push(Block::Heading(3, label));
                    d.blocks.push(Block::List(list));
                }
            }
        }
    }
    d
}
