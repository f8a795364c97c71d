//! A programme office's drive: targets as data (organisations by sector quota, trained senior
//! managers, award applicants, over given years), a roster of the organisations in it, progress per
//! year against the targets, and the yearly training-and-award plan table.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::assessment::{Format, Sector};
use crate::framework::{Provenance, Text};
use crate::{Error, Points};

pub use crate::limits::MAX_ROSTER;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Targets {
    pub id: String,
    pub version: String,
    pub name: Text,
    pub years: Vec<i32>,
    /// The sectors, in the order reports list them, each with its quota of organisations if any.
    pub sectors: Vec<SectorTarget>,
    /// The plan table's column headers.
    pub plan_table_headers: Vec<String>,
    pub trained_managers: u32,
    pub award_applicants: u32,
    pub provenance: Provenance,
}

/// A sector of a programme: its id (what assessments and rosters name), its names, its quota.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct SectorTarget {
    pub id: String,
    pub name: Text,
    #[serde(default)]
    pub organisations: Option<u32>,
}

/// The columns of the plan table, in order (the headers come from the programme data).
pub const PLAN_TABLE_COLUMNS: usize = 7;

impl Targets {
    /// A sector of this programme by id.
    pub fn sector(&self, id: &str) -> Option<&SectorTarget> {
        self.sectors.iter().find(|s| s.id == id)
    }

    #[cfg(feature = "toml")]
    pub fn from_toml(text: &str) -> Result<Targets, Error> {
        Targets::validate(crate::text::from_text(text, crate::Format::Toml)?)
    }

    pub(crate) fn validate(t: Targets) -> Result<Targets, Error> {
        let fail = |rule: &str| Error::Programme { entry: format!("targets {}", t.id), rule: rule.to_string() };
        if t.years.is_empty() || t.years.windows(2).any(|w| w[0].checked_add(1) != Some(w[1])) {
            return Err(fail("years must be consecutive, e.g. [2013, 2014, 2015]"));
        }
        if t.years.iter().any(|y| !(1900..=2200).contains(y)) || t.years.len() > 50 {
            return Err(fail("years must lie in 1900..=2200, at most 50 of them"));
        }
        let mut ids = HashSet::new();
        for sector in &t.sectors {
            let ok = !sector.id.is_empty()
                && sector.id.len() <= 64
                && sector.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !ok || !ids.insert(sector.id.as_str()) {
                return Err(fail(&format!(
                    "sector `{}` needs a unique id of 1-64 characters a-z, 0-9, '-'",
                    sector.id
                )));
            }
        }
        if t.sectors.is_empty() {
            return Err(fail("lists no sectors"));
        }
        if t.plan_table_headers.len() != PLAN_TABLE_COLUMNS {
            return Err(fail(&format!("plan_table_headers needs {PLAN_TABLE_COLUMNS} headers")));
        }
        Ok(t)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manager {
    pub name: String,
    pub role: String,
    /// Date trained, `YYYY-MM-DD`; absent while only planned.
    #[serde(default)]
    pub trained: Option<String>,
}

impl Manager {
    fn trained_year(&self) -> Option<i32> {
        self.trained.as_deref().and_then(|d| d.get(..4)).and_then(|y| y.parse().ok())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Application {
    pub level: crate::award::Level,
    pub award: String,
    pub year: i32,
}

/// What the organisation plans for the year, for the plan table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanEntry {
    pub training: String,
    #[serde(default)]
    pub award: Option<String>,
    #[serde(default)]
    pub level: Option<crate::award::Level>,
    pub year: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub id: String,
    pub name: String,
    pub sector: Sector,
    pub enrolled: i32,
    /// The latest self-assessment file, relative to the roster.
    #[serde(default)]
    pub assessment: Option<String>,
    #[serde(default)]
    pub managers: Vec<Manager>,
    #[serde(default)]
    pub applications: Vec<Application>,
    #[serde(default)]
    pub plan: Option<PlanEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Roster {
    pub programme: String,
    pub organisations: Vec<Member>,
}

impl Roster {
    pub fn parse(text: &str, format: Format) -> Result<Roster, Error> {
        let roster: Roster = crate::text::from_text(text, format)?;
        if roster.organisations.len() > MAX_ROSTER {
            return Err(Error::Programme { entry: "organisations".into(), rule: format!("more than {MAX_ROSTER}") });
        }
        let mut ids = HashSet::new();
        for m in &roster.organisations {
            if !ids.insert(m.id.as_str()) {
                return Err(Error::Programme {
                    entry: format!("organisation {}", m.id),
                    rule: "id is not unique".into(),
                });
            }
            for manager in &m.managers {
                let ok = manager.trained.as_deref().is_none_or(|d| {
                    d.len() == 10
                        && d.as_bytes()[4] == b'-'
                        && d.as_bytes()[7] == b'-'
                        && d.chars().filter(char::is_ascii_digit).count() == 8
                });
                if !ok {
                    return Err(Error::Programme {
                        entry: format!("organisation {}, manager {}", m.id, manager.name),
                        rule: "trained is a date, YYYY-MM-DD".into(),
                    });
                }
            }
        }
        Ok(roster)
    }
}

/// One target line of a progress report.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Line {
    pub year: i32,
    /// A sector id, or "trained-managers" / "award-applicants".
    pub measure: String,
    /// New in this year.
    pub new: u32,
    /// Up to and including this year.
    pub cumulative: u32,
    pub target: u32,
    /// The pro-rata share of the target due by the end of this year.
    pub due: u32,
    pub shortfall: u32,
    pub on_track: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Progress {
    pub programme: String,
    pub lines: Vec<Line>,
    /// Organisations (id, name) with no trained senior manager yet.
    pub without_trained_manager: Vec<(String, String)>,
}

/// Progress year by year up to `until` (inclusive).
pub fn progress(targets: &Targets, roster: &Roster, until: i32) -> Result<Progress, Error> {
    if roster.programme != targets.id {
        return Err(Error::Programme {
            entry: "roster".into(),
            rule: format!("is for `{}`, not `{}`", roster.programme, targets.id),
        });
    }
    if let Some(m) = roster.organisations.iter().find(|m| targets.sector(&m.sector).is_none()) {
        return Err(Error::Programme {
            entry: format!("organisation {}", m.id),
            rule: format!(
                "sector `{}` is not one of the programme's: {}",
                m.sector.chars().take(64).collect::<String>(),
                targets.sectors.iter().map(|s| s.id.as_str()).collect::<Vec<_>>().join(", ")
            ),
        });
    }
    let first = targets.years[0];
    let n = targets.years.len() as u64;
    let mut lines = Vec::new();
    for &year in targets.years.iter().filter(|y| **y <= until) {
        let elapsed = (year - first + 1) as u64;
        let due = |target: u32| ((u64::from(target) * elapsed).div_ceil(n)) as u32;
        let mut line = |measure: String, new: u32, cumulative: u32, target: u32| {
            let d = due(target);
            lines.push(Line {
                year,
                measure,
                new,
                cumulative,
                target,
                due: d,
                shortfall: target.saturating_sub(cumulative),
                on_track: cumulative >= d,
            });
        };
        for sector in &targets.sectors {
            let Some(target) = sector.organisations else { continue };
            let of = |f: &dyn Fn(i32) -> bool| {
                roster.organisations.iter().filter(|m| m.sector == sector.id && f(m.enrolled)).count() as u32
            };
            line(sector.id.clone(), of(&|y| y == year), of(&|y| y <= year), target);
        }
        let trained = |f: &dyn Fn(i32) -> bool| {
            roster.organisations.iter().flat_map(|m| &m.managers).filter(|p| p.trained_year().is_some_and(f)).count()
                as u32
        };
        line("trained-managers".into(), trained(&|y| y == year), trained(&|y| y <= year), targets.trained_managers);
        let applicants = |f: &dyn Fn(i32) -> bool| {
            roster.organisations.iter().filter(|m| m.applications.iter().any(|a| f(a.year))).count() as u32
        };
        let first_application = |m: &Member| m.applications.iter().map(|a| a.year).min();
        let new_applicants = roster.organisations.iter().filter(|m| first_application(m) == Some(year)).count() as u32;
        line("award-applicants".into(), new_applicants, applicants(&|y| y <= year), targets.award_applicants);
    }
    let without_trained_manager = roster
        .organisations
        .iter()
        .filter(|m| m.enrolled <= until && !m.managers.iter().any(|p| p.trained_year().is_some_and(|y| y <= until)))
        .map(|m| (m.id.clone(), m.name.clone()))
        .collect();
    Ok(Progress { programme: targets.id.clone(), lines, without_trained_manager })
}

/// The plan table's rows for `year`: organisations whose plan is for that year, with their latest
/// self-assessment total where one is known (`totals` by organisation id). `award_name` gives an
/// award id's Chinese name where the caller knows it.
pub fn plan_table(
    targets: &Targets,
    roster: &Roster,
    year: i32,
    totals: &BTreeMap<String, Points>,
    award_name: impl Fn(&str) -> Option<String>,
) -> Vec<[String; 7]> {
    roster
        .organisations
        .iter()
        .filter_map(|m| m.plan.as_ref().filter(|p| p.year == year).map(|p| (m, p)))
        .map(|(m, p)| {
            let managers: Vec<String> = m.managers.iter().map(|x| format!("{}（{}）", x.name, x.role)).collect();
            let award = match (p.award.as_deref().map(|a| award_name(a).unwrap_or_else(|| a.to_string())), p.level) {
                (Some(a), Some(l)) => format!("{a}（{}）", crate::present::Words::word(&l, crate::present::Lang::Zh)),
                (Some(a), None) => a,
                _ => String::new(),
            };
            [
                m.name.clone(),
                targets.sector(&m.sector).map_or_else(|| m.sector.clone(), |s| s.name.zh.clone()),
                managers.join("；"),
                p.training.clone(),
                award,
                p.year.to_string(),
                totals.get(&m.id).map(|t| t.to_string()).unwrap_or_default(),
            ]
        })
        .collect()
}

/// An award candidate: organisation id, readiness verdict, latest total.
pub type Candidate = (String, crate::readiness::Verdict, Points);

/// The members' assessments as a programme office reads them: each checked as partial (a member
/// mid-way still counts), its total kept for the plan table, and its readiness for `award` (when
/// given) kept as a candidate. The CLI and Python add assessments one by one and name failures
/// their own way (a file, an id).
#[derive(Debug, Default)]
pub struct Assessed {
    pub totals: BTreeMap<String, Points>,
    candidates: Vec<Candidate>,
}

impl Assessed {
    pub fn add(
        &mut self,
        catalog: &crate::Catalog,
        id: &str,
        assessment: &crate::Assessment,
        award: Option<&crate::award::AwardProfile>,
        year: i32,
    ) -> Result<(), Error> {
        let checked = catalog.check(assessment, crate::Completeness::Partial)?;
        let card = checked.score();
        if let Some(award) = award {
            let judged = crate::readiness::readiness(Some(&card), assessment, award, year, catalog.awards())?;
            self.candidates.push((id.to_string(), judged.verdict, card.total));
        }
        self.totals.insert(id.to_string(), card.total);
        Ok(())
    }

    /// Eligible candidates, ranked as `rank_candidates` does.
    pub fn candidates(&self) -> Vec<Candidate> {
        rank_candidates(self.candidates.clone())
    }
}

/// Eligible candidates only (ineligible and unknown verdicts are left out), the readiest first
/// (ready, near, not yet), then by total, highest first.
pub fn rank_candidates(mut candidates: Vec<Candidate>) -> Vec<Candidate> {
    use crate::readiness::Verdict;
    let rank = |v: Verdict| match v {
        Verdict::Ready => 0,
        Verdict::Near => 1,
        _ => 2,
    };
    candidates.retain(|c| !matches!(c.1, Verdict::Ineligible | Verdict::Unknown));
    candidates.sort_by(|a, b| rank(a.1).cmp(&rank(b.1)).then(b.2.cmp(&a.2)));
    candidates
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::readiness::Verdict;

    fn assessment(percent: u8, region: Option<&str>) -> crate::Assessment {
        let catalog = crate::Catalog::builtin().unwrap();
        let fw = catalog.get("gbt19580-2012").unwrap();
        let mut a = crate::Assessment::from_percents(fw, &vec![Some(percent); fw.items().count()]);
        a.organisation.region = region.map(str::to_string);
        a
    }

    #[test]
    fn assessed_members_keep_totals_and_rank_eligible_candidates() {
        let catalog = crate::Catalog::builtin().unwrap();
        let award = catalog.award("shanghai-quality-gold").unwrap();
        let mut assessed = Assessed::default();
        assessed.add(&catalog, "low", &assessment(30, Some("shanghai")), Some(award), 2015).unwrap();
        assessed.add(&catalog, "high", &assessment(70, Some("shanghai")), Some(award), 2015).unwrap();
        assessed.add(&catalog, "elsewhere", &assessment(90, Some("beijing")), Some(award), 2015).unwrap();
        assert_eq!(assessed.totals["low"].to_string(), "300.00");
        assert_eq!(assessed.totals.len(), 3);
        let ranked = assessed.candidates();
        // Out of region is ineligible and left out; the rest are ordered readiest, then by total.
        assert!(ranked.iter().all(|c| c.0 != "elsewhere"), "{ranked:?}");
        assert!(ranked.iter().all(|c| !matches!(c.1, Verdict::Ineligible)));
        let totals: Vec<Points> = ranked.iter().map(|c| c.2).collect();
        assert!(totals.windows(2).all(|w| w[0] >= w[1]) || ranked.len() < 2);
        // Without an award: totals only.
        let mut plain = Assessed::default();
        plain.add(&catalog, "low", &assessment(30, None), None, 2015).unwrap();
        assert!(plain.candidates().is_empty());
        let wrong = crate::Assessment { framework: "nope".into(), ..assessment(30, None) };
        assert_eq!(plain.add(&catalog, "x", &wrong, None, 2015).unwrap_err().code(), "unknown-framework");
    }

    #[cfg(feature = "toml")]
    #[test]
    fn programme_years_near_the_integer_limit_are_an_error_not_an_overflow() {
        let text = crate::catalog::BUILTIN_PROGRAMMES[0].1;
        for years in ["[2147483647, 0]", "[2013, 2015]", "[-5, -4]"] {
            let bad = text.replacen("years = [2013, 2014, 2015]", &format!("years = {years}"), 1);
            assert_ne!(bad, text);
            let e = Targets::from_toml(&bad).unwrap_err();
            assert_eq!(e.code(), "programme", "{years}: {e}");
        }
    }
}
