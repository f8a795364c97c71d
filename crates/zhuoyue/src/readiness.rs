//! May we apply, and how far are we from the line? Gates, the score line, floors and levels,
//! each judged into a reason with the expected and actual values and a sentence in zh and en.

use serde::Serialize;

use crate::assessment::{Assessment, Facts};
use crate::award::{Applicant, AwardProfile, Floor, Level, Rule};
use crate::framework::{Kind, Text};
use crate::{Error, Points, Scorecard};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Ready,
    Near,
    NotYet,
    Ineligible,
    Unknown,
}

impl Verdict {
    pub fn id(self) -> &'static str {
        match self {
            Verdict::Ready => "ready",
            Verdict::Near => "near",
            Verdict::NotYet => "not-yet",
            Verdict::Ineligible => "ineligible",
            Verdict::Unknown => "unknown",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Fail,
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum ReasonKind {
    Gate,
    Line,
    Floor,
    Level,
    /// An application document (the profile's length): over its limit caps the verdict at `near`.
    Document,
}

/// One judged condition: what was expected, what was found, and a sentence in each language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Reason {
    pub kind: ReasonKind,
    pub id: String,
    pub status: Status,
    /// The status in words, zh and en (the one wording every surface shows beside the sentence).
    pub status_name: Text,
    pub expected: String,
    pub actual: Option<String>,
    pub sentence: Text,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Readiness {
    pub award: String,
    pub award_version: String,
    pub award_name: Text,
    /// Whom the award is for, and so whose facts the gates read.
    pub applicant: Applicant,
    /// The overall verdict: `ineligible` if a gate fails, else `unknown` if a gate lacks its fact,
    /// else the score verdict (`ready` when the award has no score line and every gate passes).
    pub verdict: Verdict,
    /// The verdict in words, zh and en (the one wording every surface shows).
    pub verdict_name: Text,
    /// The verdict from the scores alone (`ready`, `near` or `not-yet`), whatever the gates say;
    /// null where the award has no score line.
    pub score_verdict: Option<Verdict>,
    /// The total, where items were rated (an individual's nomination may rate none).
    pub total: Option<Points>,
    /// The score line; null where the award judges on gates only.
    pub line: Option<Points>,
    pub near_margin: Points,
    /// Points still needed to reach the line (0 when on or above it); null without a line.
    pub gap: Option<Points>,
    /// Every item rated; null where nothing was scored.
    pub complete: Option<bool>,
    pub level_reached: Option<String>,
    pub next_level: Option<String>,
    pub reasons: Vec<Reason>,
}

/// Judges an applicant's facts (and its scorecard, where it has one) against an award profile in
/// `year`. `awards` are the profiles prior awards and applications are looked up in (aliases too).
pub fn readiness(
    card: Option<&Scorecard>,
    assessment: &Assessment,
    award: &AwardProfile,
    year: i32,
    awards: &[AwardProfile],
) -> Result<Readiness, Error> {
    if assessment.kind != award.applicant {
        return Err(Error::ApplicantKind {
            award: award.id.clone(),
            expected: award.applicant.id(),
            found: assessment.kind.id(),
        });
    }
    let facts = assessment.facts();
    if let Some(card) = card {
        award.applies_to(card.framework)?;
    }
    let mut reasons: Vec<Reason> =
        award.gates.iter().map(|g| gate(g.id.as_str(), &g.text, &g.rule, facts, year, award, awards)).collect();

    let margin = Points::whole(award.near_margin);
    let mut score_verdict = None;
    let mut gap = None;
    if let (Some(card), Some(line)) = (card, award.line()) {
        let line_status = if card.total >= line { Status::Pass } else { Status::Fail };
        let short = if card.total >= line { Points::ZERO } else { line - card.total };
        gap = Some(short);
        reasons.push(Reason {
            kind: ReasonKind::Line,
            id: "score-line".into(),
            status: line_status,
            status_name: crate::present::both(&line_status),
            expected: format!(">= {line}"),
            actual: Some(card.total.to_string()),
            sentence: if line_status == Status::Pass {
                Text {
                    zh: format!("总分 {} 达到评审线 {}", card.total, line),
                    en: format!("Total {} reaches the score line {}", card.total, line),
                }
            } else {
                Text {
                    zh: format!("总分 {}，距评审线 {} 还差 {} 分", card.total, line, short),
                    en: format!("Total {} is {} points below the score line {}", card.total, short, line),
                }
            },
        });
        for floor in &award.floors {
            reasons.push(floor_reason(card, floor));
        }
        let floors_met = reasons.iter().filter(|r| r.kind == ReasonKind::Floor).all(|r| r.status == Status::Pass);
        score_verdict = Some(if line_status == Status::Pass && floors_met {
            Verdict::Ready
        } else if card.total + margin >= line {
            Verdict::Near
        } else {
            Verdict::NotYet
        });
    }
    if let (Some(max), Applicant::Organisation) = (award.profile_max_chars, assessment.kind) {
        reasons.push(profile_reason(assessment.profile.chars(), max));
    }
    let document_failed = reasons.iter().any(|r| r.kind == ReasonKind::Document && r.status == Status::Fail);
    let gates = reasons.iter().filter(|r| r.kind == ReasonKind::Gate);
    let from_scores = score_verdict.unwrap_or(Verdict::Ready);
    let verdict = if gates.clone().any(|r| r.status == Status::Fail) {
        Verdict::Ineligible
    } else if gates.clone().any(|r| r.status == Status::Unknown) {
        Verdict::Unknown
    } else if document_failed && from_scores == Verdict::Ready {
        // A profile over the limit is refused as submitted: at best near until it is cut.
        Verdict::Near
    } else {
        from_scores
    };

    let total = card.map(|c| c.total);
    let levels: &[crate::award::RecognitionLevel] = if total.is_some() { &award.levels } else { &[] };
    let total_or_zero = total.unwrap_or(Points::ZERO);
    let reached = levels.iter().rev().find(|l| total_or_zero >= Points::whole(l.line));
    let next = levels.iter().find(|l| total_or_zero < Points::whole(l.line));
    for level in reached.iter().chain(next.iter()) {
        let status = if total_or_zero >= Points::whole(level.line) { Status::Pass } else { Status::Fail };
        reasons.push(Reason {
            kind: ReasonKind::Level,
            id: level.id.clone(),
            status,
            status_name: crate::present::both(&status),
            expected: format!(">= {}", Points::whole(level.line)),
            actual: Some(total_or_zero.to_string()),
            sentence: if status == Status::Pass {
                Text {
                    zh: format!("达到{}（{} 分）", level.name.zh, level.line),
                    en: format!("Reaches {} ({} points)", level.name.en, level.line),
                }
            } else {
                let short = Points::whole(level.line) - total_or_zero;
                Text {
                    zh: format!("距{}（{} 分）还差 {} 分", level.name.zh, level.line, short),
                    en: format!("{} points short of {} ({} points)", short, level.name.en, level.line),
                }
            },
        });
    }

    Ok(Readiness {
        award: award.id.clone(),
        award_version: award.version.clone(),
        award_name: award.name.clone(),
        applicant: award.applicant,
        verdict,
        verdict_name: crate::present::both(&verdict),
        score_verdict,
        total,
        line: award.line(),
        near_margin: margin,
        gap,
        complete: card.map(Scorecard::is_complete),
        level_reached: reached.map(|l| l.id.clone()),
        next_level: next.map(|l| l.id.clone()),
        reasons,
    })
}

/// The profile's length against the award's limit. Not written yet is `unknown` (it does not
/// change the verdict: the application is not due yet); over the limit fails, never a silent cut.
fn profile_reason(chars: usize, max: u32) -> Reason {
    let status = match chars {
        0 => Status::Unknown,
        n if n <= max as usize => Status::Pass,
        _ => Status::Fail,
    };
    let sentence = match status {
        Status::Unknown => Text {
            zh: format!("组织概述尚未填写（上限 {max} 字）"),
            en: format!("The organisational profile is not written yet (limit {max} characters)"),
        },
        Status::Pass => Text {
            zh: format!("组织概述 {chars} 字，未超过上限 {max} 字"),
            en: format!("The organisational profile has {chars} characters, within the limit of {max}"),
        },
        Status::Fail => Text {
            zh: format!("组织概述 {chars} 字，超过上限 {max} 字，需删减 {} 字", chars - max as usize),
            en: format!(
                "The organisational profile has {chars} characters, over the limit of {max}; cut {}",
                chars - max as usize
            ),
        },
    };
    Reason {
        kind: ReasonKind::Document,
        id: "profile-length".into(),
        status,
        status_name: crate::present::both(&status),
        expected: format!("<= {max}"),
        actual: Some(chars.to_string()),
        sentence,
    }
}

fn floor_reason(card: &Scorecard, floor: &Floor) -> Reason {
    let fw = card.framework;
    match floor {
        Floor::CategoryPercent { category, min } => {
            // `applies_to` has checked the category exists.
            let index = fw.categories.iter().position(|c| c.id == *category).unwrap_or(0);
            let max = Points::whole(fw.categories[index].points);
            let score = card.categories[index];
            let needed = Points::of(*min, fw.categories[index].points);
            let share_text = crate::present::Percent::of(score, max).to_string();
            let name = &fw.categories[index].name;
            let pass = score >= needed;
            let status = judge(Some(pass));
            Reason {
                kind: ReasonKind::Floor,
                id: format!("category-{category}"),
                status,
                status_name: crate::present::both(&status),
                expected: format!(">= {min}%"),
                actual: Some(share_text.clone()),
                sentence: Text {
                    zh: format!(
                        "{category} {} 得分率 {share_text}，{}最低要求 {min}%",
                        name.zh,
                        if pass { "达到" } else { "未达到" }
                    ),
                    en: format!(
                        "{category} {} scores {share_text} of its points; the floor is {min}%{}",
                        name.en,
                        if pass { "" } else { " (not met)" }
                    ),
                },
            }
        }
        Floor::KindPoints { of, min } => {
            let score = if *of == Kind::Process { card.process } else { card.results };
            let names = if *of == Kind::Process { &fw.kinds.process } else { &fw.kinds.results };
            let needed = Points::whole(*min);
            let pass = score >= needed;
            let status = judge(Some(pass));
            Reason {
                kind: ReasonKind::Floor,
                id: format!("{}-subtotal", names.en.to_lowercase()),
                status,
                status_name: crate::present::both(&status),
                expected: format!(">= {needed}"),
                actual: Some(score.to_string()),
                sentence: Text {
                    zh: format!("{}小计 {score}，{}最低要求 {needed}", names.zh, if pass { "达到" } else { "未达到" }),
                    en: format!(
                        "{} subtotal {score}; the floor is {needed}{}",
                        names.en,
                        if pass { "" } else { " (not met)" }
                    ),
                },
            }
        }
    }
}

/// Judges one gate. A missing fact is `unknown`, never a pass. `actual` is the fact as data; the
/// sentence shows it in each language's words.
fn gate(
    id: &str,
    text: &Text,
    rule: &Rule,
    facts: Facts<'_>,
    year: i32,
    award: &AwardProfile,
    awards: &[AwardProfile],
) -> Reason {
    use crate::present::{years as in_years, Lang, Words};
    let both = |f: &dyn Fn(Lang) -> String| Text { zh: f(Lang::Zh), en: f(Lang::En) };
    // The canonical id of an award id (a former id finds its profile); an unknown id stays itself.
    let canonical = |id: &str| awards.iter().find(|a| a.answers_to(id)).map_or(id.to_string(), |a| a.id.clone());
    let no_org = crate::assessment::Organisation::default();
    let org = match facts {
        Facts::Organisation(o) => o,
        Facts::Individual(_) => &no_org,
    };
    let (status, expected, actual, shown): (Status, String, Option<String>, Option<Text>) = match rule {
        Rule::MinYearsOperating { min } => {
            let years =
                org.years_in_operation.map(i64::from).or_else(|| org.founded.map(|f| i64::from(year) - i64::from(f)));
            (
                judge(years.map(|y| y >= i64::from(*min))),
                format!(">= {min} years"),
                years.map(|y| format!("{y} years")),
                years.map(|y| both(&|l| in_years(y, l))),
            )
        }
        Rule::Region { region } => {
            // A region left blank (a fresh template) is not stated, not a wrong region.
            let actual = facts.region().filter(|r| !r.trim().is_empty()).map(str::to_string);
            let shown = actual.clone().map(|r| Text { zh: r.clone(), en: r });
            (judge(actual.as_ref().map(|r| r.trim().eq_ignore_ascii_case(region))), region.clone(), actual, shown)
        }
        Rule::MaxMajorAccidents { max } => {
            let n = org.major_accidents_last_3_years;
            let shown = n.map(|n| both(&|l| format!("{n}{}", l.t(" 起", ""))));
            (judge(n.map(|n| n <= *max)), format!("<= {max}"), n.map(|n| n.to_string()), shown)
        }
        Rule::NoLossYears { years } => {
            let window = (i64::from(year) - i64::from(*years))..i64::from(year);
            let losses: Option<Vec<i32>> = org
                .loss_years
                .as_ref()
                .map(|l| l.iter().copied().filter(|y| window.contains(&i64::from(*y))).collect());
            let list = |l: &[i32]| l.iter().map(i32::to_string).collect::<Vec<_>>().join(", ");
            (
                judge(losses.as_ref().map(Vec::is_empty)),
                format!("no loss in {}-{}", window.start, window.end - 1),
                losses.as_ref().map(|l| if l.is_empty() { "none".into() } else { format!("losses in {}", list(l)) }),
                losses.as_ref().map(|l| {
                    both(&|lang| match (l.is_empty(), lang) {
                        (true, lang) => lang.t("无亏损", "no losses").to_string(),
                        (false, Lang::Zh) => format!("{} 年亏损", list(l)),
                        (false, Lang::En) => format!("losses in {}", list(l)),
                    })
                }),
            )
        }
        Rule::HoldsAward { award, min_years } => {
            let wanted = canonical(award);
            let held = facts.prior_awards().map(|won| {
                won.iter().filter(|a| canonical(&a.award) == wanted).map(|a| i64::from(year) - i64::from(a.year)).max()
            });
            (
                judge(held.map(|h| h.is_some_and(|y| y >= i64::from(*min_years)))),
                format!("{award} held >= {min_years} years"),
                held.map(|h| h.map_or_else(|| "not held".into(), |y| format!("held {y} years"))),
                held.map(|h| {
                    both(&|l| match h {
                        None => l.t("未获得", "not held").to_string(),
                        Some(y) => format!("{}{}", l.t("已获得 ", "held "), in_years(y, l)),
                    })
                }),
            )
        }
        Rule::MinQualityWorkYears { min } => {
            let years = match facts {
                Facts::Individual(p) => p.quality_work_years,
                Facts::Organisation(_) => None,
            };
            (
                judge(years.map(|y| y >= *min)),
                format!(">= {min} years"),
                years.map(|y| format!("{y} years")),
                years.map(|y| both(&|l| in_years(i64::from(y), l))),
            )
        }
        Rule::WaitAfterWin { years } => {
            // The latest win of this award (by any of its ids) before the year judged.
            let last = facts
                .prior_awards()
                .map(|won| won.iter().filter(|a| award.answers_to(&a.award) && a.year <= year).map(|a| a.year).max());
            let again = |w: i32| i64::from(w) + i64::from(*years);
            (
                judge(last.map(|w| w.is_none_or(|w| i64::from(year) >= again(w)))),
                format!("no win of {} after {}", award.id, i64::from(year) - i64::from(*years)),
                last.map(|w| w.map_or_else(|| "never won".into(), |w| format!("won in {w}"))),
                last.map(|w| {
                    both(&|l| match (w, l) {
                        (None, l) => l.t("未曾获得", "never won").to_string(),
                        (Some(w), Lang::Zh) => format!("{w} 年获得，{} 年起可再次申报", again(w)),
                        (Some(w), Lang::En) => format!("won in {w}; may apply again from {}", again(w)),
                    })
                }),
            )
        }
        Rule::OneLevelPerYear { levels } => {
            // Applications in the year judged to another award of another of these levels.
            let level_of = |a: &crate::assessment::Applied| -> Option<Level> {
                a.level.or_else(|| awards.iter().find(|p| p.answers_to(&a.award)).map(|p| p.level))
            };
            let judged = facts.applications().map(|apps| {
                let same_year: Vec<_> = apps.iter().filter(|a| a.year == year && !award.answers_to(&a.award)).collect();
                let clash = same_year
                    .iter()
                    .find(|a| level_of(a).is_some_and(|l| l != award.level && levels.contains(&l)))
                    .map(|a| a.award.chars().take(64).collect::<String>());
                let unresolved = same_year.iter().any(|a| level_of(a).is_none());
                (clash, unresolved)
            });
            let names: Vec<String> = levels.iter().map(|l| l.word(Lang::En).to_string()).collect();
            (
                match judged {
                    None => Status::Unknown,
                    Some((Some(_), _)) => Status::Fail,
                    Some((None, true)) => Status::Unknown,
                    Some((None, false)) => Status::Pass,
                },
                format!("no {} award applied for in {year} besides this one", names.join(" or ")),
                judged
                    .as_ref()
                    .map(|(c, _)| c.clone().map_or_else(|| "none".into(), |c| format!("also applied for {c}"))),
                judged.as_ref().map(|(c, _)| {
                    both(&|l| match (c, l) {
                        (None, l) => l.t("同年无其他级别申报", "no other level applied for that year").to_string(),
                        (Some(c), Lang::Zh) => format!("{year} 年同时申报 {c}"),
                        (Some(c), Lang::En) => format!("also applied for {c} in {year}"),
                    })
                }),
            )
        }
        Rule::Declared { fact } => {
            let value = facts.declared(*fact);
            (judge(value), "true".into(), value.map(|v| v.to_string()), value.map(|v| both(&|l| v.word(l).to_string())))
        }
    };
    let (zh, en) = match status {
        Status::Pass => ("满足", "met"),
        Status::Fail => ("不满足", "not met"),
        Status::Unknown => match facts {
            Facts::Organisation(_) => {
                ("无法判断：评估文件中缺少该事实", "unknown: the assessment does not state this fact")
            }
            Facts::Individual(_) => {
                ("无法判断：推荐材料中缺少该事实", "unknown: the nomination does not state this fact")
            }
        },
    };
    let (found_zh, found_en) = match &shown {
        Some(t) => (format!("（{}）", t.zh), format!(" ({})", t.en)),
        None => (String::new(), String::new()),
    };
    Reason {
        kind: ReasonKind::Gate,
        id: id.to_string(),
        status,
        status_name: crate::present::both(&status),
        expected,
        actual,
        sentence: Text { zh: format!("{}：{zh}{found_zh}", text.zh), en: format!("{}: {en}{found_en}", text.en) },
    }
}

fn judge(outcome: Option<bool>) -> Status {
    match outcome {
        Some(true) => Status::Pass,
        Some(false) => Status::Fail,
        None => Status::Unknown,
    }
}
