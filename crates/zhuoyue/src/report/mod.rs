//! The self-assessment report as text: one self-contained HTML page (inline SVG charts with data
//! tables beside them, a print stylesheet, no script, no external asset), or Markdown. Every piece
//! of user text passes through `escape` here, once; the surfaces only write the string out.

#[cfg(feature = "docx")]
mod docx;
pub mod dossier;
pub mod feedback;
mod html;
mod markdown;
mod svg;

use crate::assessment::Assessment;
use crate::plan::Plan;
use crate::readiness::Readiness;
use crate::Scorecard;

pub use crate::present::Lang;
pub use svg::{bars_svg, cohort_svg, radar_svg, training_svg, trend_svg};

/// Renders the report of a checked assessment in one call, as every surface does: with an award,
/// readiness in `year` and the roadmap to the award's line (default raise) are included.
pub fn render(
    checked: &crate::Checked,
    award: Option<&crate::award::AwardProfile>,
    year: i32,
    lang: Lang,
    markdown: bool,
) -> Result<String, crate::Error> {
    render_with(checked, award, year, lang, markdown, None, award.map(std::slice::from_ref).unwrap_or_default())
}

/// `render`, with the organisation's history ("since last time") when given; `awards` are the
/// profiles prior awards are looked up in.
pub fn render_with(
    checked: &crate::Checked,
    award: Option<&crate::award::AwardProfile>,
    year: i32,
    lang: Lang,
    markdown: bool,
    trend: Option<&crate::ops::Trend>,
    awards: &[crate::award::AwardProfile],
) -> Result<String, crate::Error> {
    let card = checked.score();
    let (judged, planned) = match award {
        None => (None, None),
        Some(award) => {
            let judged = crate::readiness::readiness(Some(&card), checked.assessment, award, year, awards)?;
            // An award judged on gates only has no line to plan to.
            let planned = match award.line() {
                None => None,
                Some(_) => {
                    let target = crate::plan::Target::award(award, card.framework)?;
                    let effort = crate::plan::Effort::uniform(card.framework);
                    Some(crate::plan::plan(&card, &target, &effort, crate::plan::default_max_raise(card.framework))?)
                }
            };
            (Some(judged), planned)
        }
    };
    let report = Report {
        assessment: checked.assessment,
        card: &card,
        readiness: judged.as_ref(),
        plan: planned.as_ref(),
        trend,
        lang,
    };
    Ok(if markdown { report.markdown() } else { report.html() })
}

/// What a report shows: the scorecard of an assessment, and readiness and the roadmap if given.
pub struct Report<'a> {
    pub assessment: &'a Assessment,
    pub card: &'a Scorecard<'a>,
    pub readiness: Option<&'a Readiness>,
    pub plan: Option<&'a Plan>,
    /// The organisation's earlier assessments with this one, when the caller gave them.
    pub trend: Option<&'a crate::ops::Trend>,
    pub lang: Lang,
}

impl Report<'_> {
    /// "Since last time": per date the total and its change, as rows of text (every format).
    fn trend_rows(&self) -> Vec<[String; 3]> {
        let Some(t) = self.trend else { return Vec::new() };
        t.history
            .series
            .iter()
            .map(|p| {
                let change = p.since_previous.map_or_else(String::new, |c| {
                    if c.hundredths() > 0 {
                        format!("+{c}")
                    } else {
                        c.to_string()
                    }
                });
                [p.date.clone(), p.total.to_string(), change]
            })
            .collect()
    }

    /// The items that moved most since the first date, as `4.7.2 30% → 50%`.
    fn moved(&self) -> Vec<String> {
        let Some(t) = self.trend else { return Vec::new() };
        t.history
            .moved
            .iter()
            .filter_map(|id| t.history.items.iter().find(|i| &i.id == id))
            .map(|i| format!("{} {}% → {}%", i.id, i.first.unwrap_or(0), i.last.unwrap_or(0)))
            .collect()
    }
}

impl Report<'_> {
    /// The organisation's name, or words saying it was not given (the same in every format).
    fn name(&self) -> &str {
        self.assessment
            .organisation
            .name
            .as_deref()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or(self.lang.t("（未填写组织名称）", "(organisation not named)"))
    }

    /// The overall band in words, e.g. `band 5 (446-575)`, where the framework has bands.
    fn band(&self) -> Option<String> {
        let b = self.card.band()?;
        Some(format!("{} {} ({}-{})", self.lang.t("评分段", "band"), b.band, b.min, b.max))
    }
}

pub use crate::present::html as escape;
use crate::present::markdown as md;
