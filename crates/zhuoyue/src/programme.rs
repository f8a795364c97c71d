//! A programme office's drive: targets as data (organisations by sector quota, trained senior
//! managers, award applicants, over given years), a roster of the organisations in it, progress per
//! year against the targets, and the yearly training-and-award plan table.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::assessment::{Format, Sector};
use crate::framework::{Provenance, Text};
use crate::{Error, Points};

pub use crate::limits::MAX_ROSTER;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// Organisations and individuals together.
    pub award_applicants: u32,
    /// Organising bodies file the year's plan table by the end of this month of that year (e.g. 2:
    /// the end of February); none: filings are not tracked.
    #[serde(default)]
    pub plan_filing_month: Option<u8>,
    /// A sector with at least this many senior managers still to train gets a special session.
    #[serde(default)]
    pub special_session_min: Option<u32>,
    /// What a senior manager must reach on a training exercise to pass.
    #[serde(default)]
    pub training: Option<crate::training::PassRule>,
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
        if let Some(rule) = t.training {
            rule.validate()?;
        }
        if t.plan_filing_month.is_some_and(|m| !(1..=12).contains(&m)) {
            return Err(fail("plan_filing_month is a month, 1-12"));
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
    /// Training exercises taken (a case study scored against the expert reference).
    #[serde(default)]
    pub exercises: Vec<Exercise>,
}

/// One training exercise's result for a manager.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    pub session: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub passed: bool,
}

impl Manager {
    /// The year the manager first passed an exercise, if they have.
    pub fn passed_year(&self) -> Option<i32> {
        self.exercises.iter().filter(|e| e.passed).filter_map(|e| year_of(&Some(e.date.clone()))).min()
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
    /// The organising body (组织发动单位) that mobilised the organisation: a `bodies` id.
    #[serde(default)]
    pub body: Option<String>,
}

/// A person in the drive: an individual award applicant, with their organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub id: String,
    pub name: String,
    /// The person's organisation: a roster organisation id, or a name.
    #[serde(default)]
    pub organisation: Option<String>,
    #[serde(default)]
    pub role: Option<String>,
    /// The organising body; default: the body of the person's roster organisation.
    #[serde(default)]
    pub body: Option<String>,
    /// The nomination file (`kind = "individual"`), relative to the roster.
    #[serde(default)]
    pub nomination: Option<String>,
    /// Date trained in the criteria, `YYYY-MM-DD`.
    #[serde(default)]
    pub trained: Option<String>,
    #[serde(default)]
    pub applications: Vec<Application>,
    #[serde(default)]
    pub plan: Option<PlanEntry>,
}

/// The kinds of organising body the drive names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum BodyKind {
    /// A member agency of the city's quality work.
    MemberAgency,
    /// A district quality bureau.
    DistrictBureau,
    IndustryAssociation,
    HoldingGroup,
    /// A brand demonstration zone.
    DemonstrationZone,
}

impl crate::present::Words for BodyKind {
    fn word(&self, lang: crate::present::Lang) -> &'static str {
        match self {
            BodyKind::MemberAgency => lang.t("成员单位", "member agency"),
            BodyKind::DistrictBureau => lang.t("区质量主管部门", "district quality bureau"),
            BodyKind::IndustryAssociation => lang.t("行业协会", "industry association"),
            BodyKind::HoldingGroup => lang.t("集团公司", "holding group"),
            BodyKind::DemonstrationZone => lang.t("品牌示范区", "brand demonstration zone"),
        }
    }
}

/// An organising body (组织发动单位): it mobilises the organisations in its remit and files the
/// yearly training-and-award plan table with the review office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Body {
    pub id: String,
    pub kind: BodyKind,
    pub name: Text,
    /// The plan tables filed, one per year.
    #[serde(default)]
    pub filed: Vec<Filing>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Filing {
    pub year: i32,
    /// The day filed, `YYYY-MM-DD`.
    pub date: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Roster {
    pub programme: String,
    /// The organising bodies (none: the roster is not split by body).
    #[serde(default)]
    pub bodies: Vec<Body>,
    pub organisations: Vec<Member>,
    /// Individual award applicants (and candidates), with their organisations.
    #[serde(default)]
    pub individuals: Vec<Person>,
}

impl Roster {
    pub fn parse(text: &str, format: Format) -> Result<Roster, Error> {
        let roster: Roster = crate::text::from_text(text, format)?;
        roster.check()?;
        Ok(roster)
    }

    /// Ids unique across organisations and people, bodies known, dates calendar dates, years sane.
    pub fn check(&self) -> Result<(), Error> {
        let fail = |entry: String, rule: &str| Error::Programme { entry, rule: rule.to_string() };
        let short = |s: &str| s.chars().take(64).collect::<String>();
        if self.organisations.len() + self.individuals.len() > MAX_ROSTER || self.bodies.len() > MAX_ROSTER {
            return Err(fail("organisations".into(), &format!("more than {MAX_ROSTER} entries")));
        }
        let mut bodies = HashSet::new();
        for b in &self.bodies {
            let id_ok = !b.id.is_empty()
                && b.id.len() <= 31
                && b.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
            if !id_ok || !bodies.insert(b.id.as_str()) {
                return Err(fail(
                    format!("body {}", short(&b.id)),
                    "needs a unique id of 1-31 characters a-z, 0-9, '-', '_' (it names a sheet of the plan workbook)",
                ));
            }
            let mut years = HashSet::new();
            for f in &b.filed {
                if crate::present::Date::parse(&f.date).is_none() {
                    return Err(fail(format!("body {}, filed {}", short(&b.id), f.year), "date is a date, YYYY-MM-DD"));
                }
                if !(1900..=2200).contains(&f.year) || !years.insert(f.year) {
                    return Err(fail(
                        format!("body {}, filed {}", short(&b.id), f.year),
                        "one filing per year, years in 1900..=2200",
                    ));
                }
            }
        }
        let known_body = |entry: String, body: &Option<String>| match body {
            Some(id) if !bodies.contains(id.as_str()) => Err(fail(
                entry,
                &format!(
                    "body `{}` is not one of the roster's bodies ({})",
                    short(id),
                    self.bodies.iter().map(|b| b.id.as_str()).collect::<Vec<_>>().join(", ")
                ),
            )),
            _ => Ok(()),
        };
        let date_ok = |d: &Option<String>| d.as_deref().is_none_or(|d| crate::present::Date::parse(d).is_some());
        let mut ids = HashSet::new();
        for m in &self.organisations {
            if !ids.insert(m.id.as_str()) {
                return Err(fail(format!("organisation {}", short(&m.id)), "id is not unique"));
            }
            known_body(format!("organisation {}", short(&m.id)), &m.body)?;
            for manager in &m.managers {
                if manager.exercises.iter().any(|e| !date_ok(&Some(e.date.clone()))) {
                    return Err(fail(
                        format!("organisation {}, manager {}", short(&m.id), short(&manager.name)),
                        "an exercise's date is a date, YYYY-MM-DD",
                    ));
                }
                if !date_ok(&manager.trained) {
                    return Err(fail(
                        format!("organisation {}, manager {}", short(&m.id), short(&manager.name)),
                        "trained is a date, YYYY-MM-DD",
                    ));
                }
            }
        }
        for p in &self.individuals {
            let entry = format!("individual {}", short(&p.id));
            if !ids.insert(p.id.as_str()) {
                return Err(fail(entry, "id is not unique among organisations and individuals"));
            }
            known_body(entry.clone(), &p.body)?;
            if !date_ok(&p.trained) {
                return Err(fail(entry, "trained is a date, YYYY-MM-DD"));
            }
        }
        let mut people = HashSet::new();
        for p in &self.individuals {
            // The same person twice under two ids: the same name at the same organisation.
            if !people.insert((p.name.trim(), p.organisation.as_deref().unwrap_or("").trim())) {
                return Err(fail(
                    format!("individual {}", short(&p.id)),
                    &format!("{} is listed twice (the same name and organisation)", short(&p.name)),
                ));
            }
        }
        Ok(())
    }

    /// The roster's organisations and people by id, for many look-ups (see [`RosterIndex`]).
    pub fn index(&self) -> RosterIndex<'_> {
        RosterIndex::new(self)
    }

    /// A person's organisation in the roster, named by its id or its name (one look-up; for many,
    /// [`Roster::index`]).
    pub fn organisation_of(&self, p: &Person) -> Option<&Member> {
        self.index().organisation_of(p)
    }

    /// The organising body of a person: their own, else their roster organisation's.
    pub fn body_of_person<'a>(&'a self, p: &'a Person) -> Option<&'a str> {
        self.index().body_of_person(p)
    }

    /// The roster narrowed to one organising body's organisations and people (its other bodies
    /// left out).
    pub fn of_body(&self, body: &str) -> Result<Roster, Error> {
        let unknown = || Error::Programme {
            entry: format!("body {}", body.chars().take(64).collect::<String>()),
            rule: format!(
                "unknown (the roster's bodies: {})",
                self.bodies.iter().map(|b| b.id.as_str()).collect::<Vec<_>>().join(", ")
            ),
        };
        let b = self.bodies.iter().find(|b| b.id == body).ok_or_else(unknown)?;
        self.shares(&[b]).pop().ok_or_else(unknown)
    }

    /// Each organising body's share of the roster ([`Roster::of_body`] of each), in the order of
    /// `bodies`.
    pub fn by_body(&self) -> Vec<Roster> {
        self.shares(&self.bodies.iter().collect::<Vec<_>>())
    }

    /// The shares of `bodies` (bodies of this roster), in one pass: each organisation and person
    /// is placed once, a person's body found through the index rather than a scan per person.
    fn shares(&self, bodies: &[&Body]) -> Vec<Roster> {
        let slot: HashMap<&str, usize> = bodies.iter().enumerate().map(|(i, b)| (b.id.as_str(), i)).collect();
        let mut shares: Vec<Roster> = bodies
            .iter()
            .map(|b| Roster {
                programme: self.programme.clone(),
                bodies: vec![(*b).clone()],
                organisations: Vec::new(),
                individuals: Vec::new(),
            })
            .collect();
        let place = |body: Option<&str>| body.and_then(|b| slot.get(b)).copied();
        for m in &self.organisations {
            if let Some(share) = place(m.body.as_deref()).and_then(|i| shares.get_mut(i)) {
                share.organisations.push(m.clone());
            }
        }
        let index = self.index();
        for p in &self.individuals {
            if let Some(share) = place(index.body_of_person(p)).and_then(|i| shares.get_mut(i)) {
                share.individuals.push(p.clone());
            }
        }
        shares
    }
}

/// A roster's organisations (by id and by name) and people (by id), indexed once: a look-up per
/// person or per assessment is then a hash, not a scan of the roster (scans made a roster of
/// 19,000 organisations and 19,000 people take 43 s).
#[derive(Debug)]
pub struct RosterIndex<'a> {
    by_id: HashMap<&'a str, &'a Member>,
    by_name: HashMap<&'a str, &'a Member>,
    people: HashMap<&'a str, &'a Person>,
}

impl<'a> RosterIndex<'a> {
    fn new(roster: &'a Roster) -> RosterIndex<'a> {
        let mut index = RosterIndex {
            by_id: HashMap::with_capacity(roster.organisations.len()),
            by_name: HashMap::with_capacity(roster.organisations.len()),
            people: HashMap::with_capacity(roster.individuals.len()),
        };
        // The first of a repeated name is the one found, as a scan in roster order finds it.
        for m in &roster.organisations {
            index.by_id.entry(m.id.as_str()).or_insert(m);
            index.by_name.entry(m.name.as_str()).or_insert(m);
        }
        for p in &roster.individuals {
            index.people.entry(p.id.as_str()).or_insert(p);
        }
        index
    }

    /// The organisation of this id.
    pub fn member(&self, id: &str) -> Option<&'a Member> {
        self.by_id.get(id).copied()
    }

    /// The person of this id.
    pub fn person(&self, id: &str) -> Option<&'a Person> {
        self.people.get(id).copied()
    }

    /// A person's organisation in the roster, named by its id or, failing that, its name.
    pub fn organisation_of(&self, p: &Person) -> Option<&'a Member> {
        let org = p.organisation.as_deref()?.trim();
        self.member(org).or_else(|| self.by_name.get(org).copied())
    }

    /// The organising body of a person: their own, else their roster organisation's.
    pub fn body_of_person<'p>(&self, p: &'p Person) -> Option<&'p str>
    where
        'a: 'p,
    {
        p.body.as_deref().or_else(|| self.organisation_of(p).and_then(|m| m.body.as_deref()))
    }
}

/// One target line of a progress report. Counts without a target of their own (a body's share,
/// the organisations and the individuals among the applicants) have no target, due or shortfall.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Line {
    pub year: i32,
    /// A sector id, or "trained-managers", "award-applicants" (organisations and individuals),
    /// "award-applicants-organisations", "award-applicants-individuals", "trained-individuals" (the
    /// individual applicants trained in the criteria, beside the senior managers' target).
    pub measure: String,
    /// New in this year.
    pub new: u32,
    /// Up to and including this year.
    pub cumulative: u32,
    pub target: Option<u32>,
    /// The pro-rata share of the target due by the end of this year.
    pub due: Option<u32>,
    pub shortfall: Option<u32>,
    pub on_track: Option<bool>,
}

/// Whether a body filed a year's plan table by the deadline.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum FilingStatus {
    OnTime,
    Late,
    /// Not filed, and the deadline has passed.
    Missing,
    /// Not filed yet, and the deadline has not passed.
    Pending,
}

impl crate::present::Words for FilingStatus {
    fn word(&self, lang: crate::present::Lang) -> &'static str {
        match self {
            FilingStatus::OnTime => lang.t("按时报送", "on time"),
            FilingStatus::Late => lang.t("逾期报送", "late"),
            FilingStatus::Missing => lang.t("逾期未报送", "missing"),
            FilingStatus::Pending => lang.t("尚未报送", "not yet filed"),
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct BodyFiling {
    pub year: i32,
    /// The deadline, `YYYY-MM-DD`.
    pub due: String,
    pub filed: Option<String>,
    pub status: FilingStatus,
}

/// One organising body's share of the drive up to the report year.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct BodyProgress {
    pub id: String,
    pub kind: BodyKind,
    pub name: Text,
    pub organisations: u32,
    pub individuals: u32,
    pub trained_managers: u32,
    /// Managers who passed a training exercise.
    pub passed_managers: u32,
    pub applicants_organisations: u32,
    pub applicants_individuals: u32,
    /// The plan tables due up to the year after the report year (within the programme's years).
    pub filings: Vec<BodyFiling>,
}

/// A sector's senior managers: trained, and passed a training exercise (mastery of the criteria).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Mastery {
    pub sector: String,
    pub trained: u32,
    pub passed: u32,
}

/// A sector with enough managers still to train for a special session of its own.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SpecialSession {
    pub sector: String,
    pub name: Text,
    /// Senior managers of the sector's enrolled organisations not trained by the report year.
    pub participants: u32,
    pub threshold: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct Progress {
    pub programme: String,
    /// The organising body the report is narrowed to, if any (its lines carry no targets).
    pub body: Option<String>,
    pub lines: Vec<Line>,
    /// Organisations (id, name) with no trained senior manager yet.
    pub without_trained_manager: Vec<(String, String)>,
    /// Organisations (id, name) enrolled by the report year whose managers have not yet passed a
    /// training exercise.
    pub without_passed_manager: Vec<(String, String)>,
    /// Per sector: managers trained and managers who passed an exercise, up to the report year.
    pub mastery: Vec<Mastery>,
    pub bodies: Vec<BodyProgress>,
    /// Bodies that have not filed a plan table due up to the year after the report year
    /// (pending or missing), as (body id, year).
    pub unfiled: Vec<(String, i32)>,
    pub special_sessions: Vec<SpecialSession>,
}

fn year_of(date: &Option<String>) -> Option<i32> {
    date.as_deref().and_then(|d| d.get(..4)).and_then(|y| y.parse().ok())
}

/// The last day of `month` in `year`.
fn month_end(year: i32, month: u8) -> crate::present::Date {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let day = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    crate::present::Date { year, month, day }
}

/// Progress year by year up to `until` (inclusive), judged on `today` (filing deadlines). With
/// `body`, the counts are that body's share and carry no targets (targets are the drive's).
pub fn progress(
    targets: &Targets,
    full: &Roster,
    until: i32,
    body: Option<&str>,
    today: crate::present::Date,
) -> Result<Progress, Error> {
    check_roster_for(targets, full)?;
    progress_in(targets, &Scope::new(full, body)?, until, today)
}

/// The roster is the programme's, and each organisation's sector is one of its sectors.
pub fn check_roster_for(targets: &Targets, full: &Roster) -> Result<(), Error> {
    if full.programme != targets.id {
        return Err(Error::Programme {
            entry: "roster".into(),
            rule: format!("is for `{}`, not `{}`", full.programme, targets.id),
        });
    }
    if let Some(m) = full.organisations.iter().find(|m| targets.sector(&m.sector).is_none()) {
        return Err(Error::Programme {
            entry: format!("organisation {}", m.id),
            rule: format!(
                "sector `{}` is not one of the programme's: {}",
                m.sector.chars().take(64).collect::<String>(),
                targets.sectors.iter().map(|s| s.id.as_str()).collect::<Vec<_>>().join(", ")
            ),
        });
    }
    Ok(())
}

/// A roster as one report reads it: whole, or narrowed to one organising body, and the share of
/// each of its bodies, each built once.
#[derive(Debug)]
pub struct Scope<'a> {
    full: &'a Roster,
    body: Option<&'a str>,
    /// Each body of the scope's share of the roster, in roster order (the one body's, when narrowed).
    shares: Vec<Roster>,
}

impl<'a> Scope<'a> {
    /// The whole roster (`body` none) or one body's share (an unknown body is refused).
    pub fn new(full: &'a Roster, body: Option<&'a str>) -> Result<Scope<'a>, Error> {
        let shares = match body {
            Some(id) => vec![full.of_body(id)?],
            None => full.by_body(),
        };
        Ok(Scope { full, body, shares })
    }

    /// The body the scope is narrowed to, if any.
    pub fn body(&self) -> Option<&'a str> {
        self.body
    }

    /// Each of the scope's bodies' share of the roster, in roster order.
    pub fn shares(&self) -> &[Roster] {
        &self.shares
    }

    /// The roster the report counts: the one body's share, or the whole.
    pub fn roster(&self) -> &Roster {
        match self.body {
            Some(_) => self.shares.first().unwrap_or(self.full),
            None => self.full,
        }
    }
}

/// `progress` of a scope already built (the roster checked against the targets).
pub fn progress_in(
    targets: &Targets,
    scope: &Scope<'_>,
    until: i32,
    today: crate::present::Date,
) -> Result<Progress, Error> {
    let (roster, body) = (scope.roster(), scope.body);
    let first = targets.years[0];
    let n = targets.years.len() as u64;
    let mut lines = Vec::new();
    let first_application = |apps: &[Application]| apps.iter().map(|a| a.year).min();
    let org_first: Vec<Option<i32>> = roster.organisations.iter().map(|m| first_application(&m.applications)).collect();
    let person_first: Vec<Option<i32>> =
        roster.individuals.iter().map(|p| first_application(&p.applications)).collect();
    let count =
        |firsts: &[Option<i32>], f: &dyn Fn(i32) -> bool| firsts.iter().filter(|y| y.is_some_and(f)).count() as u32;
    for &year in targets.years.iter().filter(|y| **y <= until) {
        let elapsed = (year - first + 1) as u64;
        let mut line = |measure: &str, new: u32, cumulative: u32, target: Option<u32>| {
            let target = target.filter(|_| body.is_none());
            let due = target.map(|t| ((u64::from(t) * elapsed).div_ceil(n)) as u32);
            lines.push(Line {
                year,
                measure: measure.to_string(),
                new,
                cumulative,
                target,
                due,
                shortfall: target.map(|t| t.saturating_sub(cumulative)),
                on_track: due.map(|d| cumulative >= d),
            });
        };
        for sector in &targets.sectors {
            let Some(target) = sector.organisations else { continue };
            let of = |f: &dyn Fn(i32) -> bool| {
                roster.organisations.iter().filter(|m| m.sector == sector.id && f(m.enrolled)).count() as u32
            };
            line(&sector.id, of(&|y| y == year), of(&|y| y <= year), Some(target));
        }
        let trained = |f: &dyn Fn(i32) -> bool| {
            roster.organisations.iter().flat_map(|m| &m.managers).filter(|p| year_of(&p.trained).is_some_and(f)).count()
                as u32
        };
        line("trained-managers", trained(&|y| y == year), trained(&|y| y <= year), Some(targets.trained_managers));
        // Mastery beside the target: managers who passed a training exercise (no target of its own).
        let passed = |f: &dyn Fn(i32) -> bool| {
            roster.organisations.iter().flat_map(|m| &m.managers).filter(|p| p.passed_year().is_some_and(f)).count()
                as u32
        };
        line("passed-managers", passed(&|y| y == year), passed(&|y| y <= year), None);
        let (orgs_new, orgs_all) = (count(&org_first, &|y| y == year), count(&org_first, &|y| y <= year));
        let (people_new, people_all) = (count(&person_first, &|y| y == year), count(&person_first, &|y| y <= year));
        line("award-applicants", orgs_new + people_new, orgs_all + people_all, Some(targets.award_applicants));
        line("award-applicants-organisations", orgs_new, orgs_all, None);
        line("award-applicants-individuals", people_new, people_all, None);
        let people_trained = |f: &dyn Fn(i32) -> bool| {
            roster.individuals.iter().filter(|p| year_of(&p.trained).is_some_and(f)).count() as u32
        };
        line("trained-individuals", people_trained(&|y| y == year), people_trained(&|y| y <= year), None);
    }
    let without_trained_manager = roster
        .organisations
        .iter()
        .filter(|m| m.enrolled <= until && !m.managers.iter().any(|p| year_of(&p.trained).is_some_and(|y| y <= until)))
        .map(|m| (m.id.clone(), m.name.clone()))
        .collect();

    // Filings: every programme year up to the year after the report year.
    let filing_years: Vec<i32> = targets.years.iter().copied().filter(|y| *y <= until.saturating_add(1)).collect();
    let mut bodies = Vec::new();
    let mut unfiled = Vec::new();
    for (b, mine) in roster.bodies.iter().zip(&scope.shares) {
        let filings = match targets.plan_filing_month {
            None => Vec::new(),
            Some(month) => filing_years
                .iter()
                .map(|&year| {
                    let due = month_end(year, month);
                    let filed = b.filed.iter().find(|f| f.year == year).map(|f| f.date.clone());
                    let status = match filed.as_deref().and_then(crate::present::Date::parse) {
                        Some(d) if d <= due => FilingStatus::OnTime,
                        Some(_) => FilingStatus::Late,
                        None if today > due => FilingStatus::Missing,
                        None => FilingStatus::Pending,
                    };
                    BodyFiling { year, due: due.to_string(), filed, status }
                })
                .collect::<Vec<_>>(),
        };
        for f in &filings {
            if matches!(f.status, FilingStatus::Missing | FilingStatus::Pending) {
                unfiled.push((b.id.clone(), f.year));
            }
        }
        let applied = |apps: &[Application]| apps.iter().any(|a| a.year <= until);
        bodies.push(BodyProgress {
            id: b.id.clone(),
            kind: b.kind,
            name: b.name.clone(),
            organisations: mine.organisations.iter().filter(|m| m.enrolled <= until).count() as u32,
            individuals: mine.individuals.len() as u32,
            trained_managers: mine
                .organisations
                .iter()
                .flat_map(|m| &m.managers)
                .filter(|p| year_of(&p.trained).is_some_and(|y| y <= until))
                .count() as u32,
            passed_managers: mine
                .organisations
                .iter()
                .flat_map(|m| &m.managers)
                .filter(|p| p.passed_year().is_some_and(|y| y <= until))
                .count() as u32,
            applicants_organisations: mine.organisations.iter().filter(|m| applied(&m.applications)).count() as u32,
            applicants_individuals: mine.individuals.iter().filter(|p| applied(&p.applications)).count() as u32,
            filings,
        });
    }
    let without_passed_manager = roster
        .organisations
        .iter()
        .filter(|m| m.enrolled <= until && !m.managers.iter().any(|p| p.passed_year().is_some_and(|y| y <= until)))
        .map(|m| (m.id.clone(), m.name.clone()))
        .collect();
    let mastery = targets
        .sectors
        .iter()
        .map(|sector| {
            let managers = || roster.organisations.iter().filter(|m| m.sector == sector.id).flat_map(|m| &m.managers);
            Mastery {
                sector: sector.id.clone(),
                trained: managers().filter(|p| year_of(&p.trained).is_some_and(|y| y <= until)).count() as u32,
                passed: managers().filter(|p| p.passed_year().is_some_and(|y| y <= until)).count() as u32,
            }
        })
        .collect();
    let special_sessions = match targets.special_session_min {
        None => Vec::new(),
        Some(threshold) => targets
            .sectors
            .iter()
            .filter_map(|sector| {
                let participants = roster
                    .organisations
                    .iter()
                    .filter(|m| m.sector == sector.id && m.enrolled <= until)
                    .flat_map(|m| &m.managers)
                    .filter(|p| year_of(&p.trained).is_none_or(|y| y > until))
                    .count() as u32;
                (participants >= threshold).then(|| SpecialSession {
                    sector: sector.id.clone(),
                    name: sector.name.clone(),
                    participants,
                    threshold,
                })
            })
            .collect(),
    };
    Ok(Progress {
        programme: targets.id.clone(),
        body: body.map(str::to_string),
        lines,
        without_trained_manager,
        without_passed_manager,
        mastery,
        bodies,
        unfiled,
        special_sessions,
    })
}

/// The plan table's rows for `year`: organisations, then individual applicants in rows of their
/// own, whose plan is for that year, with their latest self-assessment total where one is known
/// (`totals` by roster id). `award_name` gives an award id's Chinese name where the caller knows it.
pub fn plan_table(
    targets: &Targets,
    roster: &Roster,
    year: i32,
    totals: &BTreeMap<String, Points>,
    award_name: impl Fn(&str) -> Option<String>,
) -> Vec<[String; 7]> {
    use crate::present::{Lang, Words};
    let award =
        |p: &PlanEntry| match (p.award.as_deref().map(|a| award_name(a).unwrap_or_else(|| a.to_string())), p.level) {
            (Some(a), Some(l)) => format!("{a}（{}）", l.word(Lang::Zh)),
            (Some(a), None) => a,
            _ => String::new(),
        };
    let sector_name = |id: &str| targets.sector(id).map_or_else(|| id.to_string(), |s| s.name.zh.clone());
    let total = |id: &str| totals.get(id).map(|t| t.to_string()).unwrap_or_default();
    let organisations =
        roster.organisations.iter().filter_map(|m| m.plan.as_ref().filter(|p| p.year == year).map(|p| (m, p))).map(
            |(m, p)| {
                let managers: Vec<String> = m.managers.iter().map(|x| format!("{}（{}）", x.name, x.role)).collect();
                [
                    m.name.clone(),
                    sector_name(&m.sector),
                    managers.join("；"),
                    p.training.clone(),
                    award(p),
                    p.year.to_string(),
                    total(&m.id),
                ]
            },
        );
    let index = roster.index();
    let people =
        roster.individuals.iter().filter_map(|x| x.plan.as_ref().filter(|p| p.year == year).map(|p| (x, p))).map(
            |(x, p)| {
                let member = index.organisation_of(x);
                let employer = member.map(|m| m.name.as_str()).or(x.organisation.as_deref());
                [
                    match employer {
                        Some(e) => format!("{}（个人，{e}）", x.name),
                        None => format!("{}（个人）", x.name),
                    },
                    member.map(|m| sector_name(&m.sector)).unwrap_or_default(),
                    match &x.role {
                        Some(role) => format!("{}（{role}）", x.name),
                        None => x.name.clone(),
                    },
                    p.training.clone(),
                    award(p),
                    p.year.to_string(),
                    total(&x.id),
                ]
            },
        );
    organisations.chain(people).collect()
}

/// An award candidate: an organisation or a person of the roster, judged for an award.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Candidate {
    /// The roster id.
    pub id: String,
    /// The roster's name of the organisation or person.
    pub name: String,
    pub applicant: crate::award::Applicant,
    pub award: String,
    pub verdict: crate::readiness::Verdict,
    /// The latest self-assessment total; null for a nomination judged on gates alone.
    pub total: Option<Points>,
}

/// The members' assessments and the individuals' nominations as a programme office reads them:
/// each checked as partial (a member mid-way still counts), its total kept for the plan table,
/// and its readiness for `award` (when given) kept as a candidate.
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
        name: &str,
        assessment: &crate::Assessment,
        award: Option<&crate::award::AwardProfile>,
        year: i32,
    ) -> Result<(), Error> {
        let card = match assessment.framework.is_empty() {
            true => None,
            false => Some(catalog.check(assessment, crate::Completeness::Partial)?.score()),
        };
        if let Some(award) = award {
            let judged = crate::readiness::readiness(card.as_ref(), assessment, award, year, catalog.awards())?;
            self.candidates.push(Candidate {
                id: id.to_string(),
                name: name.to_string(),
                applicant: assessment.kind,
                award: award.id.clone(),
                verdict: judged.verdict,
                total: card.as_ref().map(|c| c.total),
            });
        }
        if let Some(card) = card {
            self.totals.insert(id.to_string(), card.total);
        }
        Ok(())
    }

    /// Eligible candidates, ranked as `rank_candidates` does.
    pub fn candidates(&self) -> Vec<Candidate> {
        rank_candidates(self.candidates.clone())
    }
}

/// Eligible candidates only (ineligible and unknown verdicts are left out), the readiest first
/// (ready, near, not yet), then by total, highest first (a nomination without a total last).
pub fn rank_candidates(mut candidates: Vec<Candidate>) -> Vec<Candidate> {
    use crate::readiness::Verdict;
    let rank = |v: Verdict| match v {
        Verdict::Ready => 0,
        Verdict::Near => 1,
        _ => 2,
    };
    candidates.retain(|c| !matches!(c.verdict, Verdict::Ineligible | Verdict::Unknown));
    candidates.sort_by(|a, b| rank(a.verdict).cmp(&rank(b.verdict)).then(b.total.cmp(&a.total)));
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
        assessed.add(&catalog, "low", "low Co.", &assessment(30, Some("shanghai")), Some(award), 2015).unwrap();
        assessed.add(&catalog, "high", "high Co.", &assessment(70, Some("shanghai")), Some(award), 2015).unwrap();
        assessed
            .add(&catalog, "elsewhere", "elsewhere Co.", &assessment(90, Some("beijing")), Some(award), 2015)
            .unwrap();
        assert_eq!(assessed.totals["low"].to_string(), "300.00");
        assert_eq!(assessed.totals.len(), 3);
        let ranked = assessed.candidates();
        // Out of region is ineligible and left out; the rest are ordered readiest, then by total.
        assert!(ranked.iter().all(|c| c.id != "elsewhere"), "{ranked:?}");
        assert!(ranked.iter().all(|c| !matches!(c.verdict, Verdict::Ineligible)));
        let totals: Vec<Points> = ranked.iter().filter_map(|c| c.total).collect();
        assert!(totals.windows(2).all(|w| w[0] >= w[1]) || ranked.len() < 2);
        // Without an award: totals only.
        let mut plain = Assessed::default();
        plain.add(&catalog, "low", "low Co.", &assessment(30, None), None, 2015).unwrap();
        assert!(plain.candidates().is_empty());
        let wrong = crate::Assessment { framework: "nope".into(), ..assessment(30, None) };
        assert_eq!(plain.add(&catalog, "x", "x Co.", &wrong, None, 2015).unwrap_err().code(), "unknown-framework");
    }

    #[cfg(feature = "toml")]
    fn targets(threshold: Option<u32>, month: Option<u8>) -> Targets {
        let catalog = crate::Catalog::builtin().unwrap();
        let mut t = catalog.programme("city-drive-2013-2015").unwrap().clone();
        t.special_session_min = threshold;
        t.plan_filing_month = month;
        t
    }

    #[cfg(feature = "toml")]
    fn roster(text: &str) -> Roster {
        Roster::parse(text, Format::Toml).unwrap()
    }

    #[cfg(feature = "toml")]
    const DRIVE: &str = r#"
programme = "city-drive-2013-2015"
[[bodies]]
id = "zone"
kind = "demonstration-zone"
name = { zh = "示范区", en = "Zone" }
filed = [{ year = 2016, date = "2016-02-29" }]
[[organisations]]
id = "a"
name = "A"
sector = "services"
enrolled = 2014
body = "zone"
managers = [{ name = "1", role = "r" }, { name = "2", role = "r" }, { name = "3", role = "r", trained = "2014-01-01" }]
[[organisations]]
id = "b"
name = "B"
sector = "services"
enrolled = 2015
managers = [{ name = "4", role = "r" }]
[[organisations]]
id = "c"
name = "C"
sector = "public-service"
enrolled = 2014
managers = [{ name = "5", role = "r" }]
"#;

    /// Special sessions: a sector with at least the threshold of managers still to train, counted
    /// among organisations enrolled by the report year; none without a threshold in the data.
    #[cfg(feature = "toml")]
    #[test]
    fn sectors_with_enough_managers_to_train_get_a_special_session() {
        let day = crate::present::Date { year: 2026, month: 1, day: 1 };
        let p = progress(&targets(Some(2), None), &roster(DRIVE), 2014, None, day).unwrap();
        let sessions: Vec<(&str, u32)> =
            p.special_sessions.iter().map(|s| (s.sector.as_str(), s.participants)).collect();
        assert_eq!(sessions, [("services", 2)]); // b enrols in 2015; c has one
        let p = progress(&targets(Some(2), None), &roster(DRIVE), 2015, None, day).unwrap();
        assert_eq!(p.special_sessions[0].participants, 3);
        assert!(progress(&targets(None, None), &roster(DRIVE), 2015, None, day).unwrap().special_sessions.is_empty());
    }

    /// A plan table not filed is pending until the end of the filing month, missing after; the
    /// end of February knows leap years.
    #[cfg(feature = "toml")]
    #[test]
    fn filings_are_pending_until_the_deadline_and_missing_after() {
        let mut t = targets(None, Some(2));
        t.years = vec![2015, 2016];
        let r = roster(DRIVE);
        let on = |y, m, d| progress(&t, &r, 2015, None, crate::present::Date { year: y, month: m, day: d }).unwrap();
        let statuses = |p: &Progress| p.bodies[0].filings.iter().map(|f| (f.year, f.status)).collect::<Vec<_>>();
        assert_eq!(statuses(&on(2015, 2, 28)), [(2015, FilingStatus::Pending), (2016, FilingStatus::OnTime)]);
        assert_eq!(statuses(&on(2015, 3, 1)), [(2015, FilingStatus::Missing), (2016, FilingStatus::OnTime)]);
        assert_eq!(on(2015, 3, 1).bodies[0].filings[1].due, "2016-02-29");
        assert_eq!(on(2015, 3, 1).unfiled, [("zone".to_string(), 2015)]);
        assert_eq!(month_end(2100, 2).day, 28);
        assert_eq!(month_end(2000, 2).day, 29);
    }

    /// A roster of `n` organisations over `bodies` bodies and `n` people: people name their
    /// organisation by id, by name, by a name two organisations share (the first is theirs), by a
    /// name no one has, or not at all; some name a body of their own.
    fn crowd(n: usize, bodies: usize) -> Roster {
        let body = |i: usize| Body {
            id: format!("b{}", i % bodies),
            kind: BodyKind::DistrictBureau,
            name: Text { zh: format!("局{i}"), en: format!("Bureau {i}") },
            filed: Vec::new(),
        };
        let organisations = (0..n)
            .map(|i| Member {
                id: format!("o{i}"),
                // Organisations 0 and 1 share a name; the rest are apart.
                name: format!("Org {}", i.max(1)),
                sector: "services".into(),
                enrolled: 2013,
                assessment: None,
                managers: Vec::new(),
                applications: Vec::new(),
                plan: None,
                body: (i % 7 != 6).then(|| body(i * 3).id),
            })
            .collect();
        let individuals = (0..n)
            .map(|i| Person {
                id: format!("p{i}"),
                name: format!("Person {i}"),
                organisation: match i % 5 {
                    0 => Some(format!(" o{} ", (i * 7) % n)),
                    1 => Some(format!("Org {}", ((i * 11) % n).max(1))),
                    2 => Some("Org 1".into()),
                    3 => Some("nobody's".into()),
                    _ => None,
                },
                role: None,
                body: (i % 4 == 0).then(|| body(i).id),
                nomination: None,
                trained: None,
                applications: Vec::new(),
                plan: None,
            })
            .collect();
        Roster {
            programme: "city-drive-2013-2015".into(),
            bodies: (0..bodies).map(body).collect(),
            organisations,
            individuals,
        }
    }

    /// The organisation a scan in roster order finds: by id, else by name, the first of a name.
    fn scanned<'a>(roster: &'a Roster, p: &Person) -> Option<&'a Member> {
        let org = p.organisation.as_deref()?.trim();
        roster
            .organisations
            .iter()
            .find(|m| m.id == org)
            .or_else(|| roster.organisations.iter().find(|m| m.name == org))
    }

    /// Each body's share, built in one pass through the index, holds exactly the organisations and
    /// people a scan of the roster puts under that body, in roster order; the index finds what the
    /// scan finds for every person.
    #[test]
    fn body_shares_hold_what_a_scan_of_the_roster_finds() {
        let roster = crowd(300, 4);
        roster.check().unwrap();
        let index = roster.index();
        for p in &roster.individuals {
            assert_eq!(index.organisation_of(p).map(|m| &m.id), scanned(&roster, p).map(|m| &m.id), "{}", p.id);
        }
        assert_eq!(index.organisation_of(&roster.individuals[2]).unwrap().id, "o0", "the first of a shared name");
        assert!(index.organisation_of(&roster.individuals[3]).is_none());
        let shares = roster.by_body();
        assert_eq!(shares.len(), 4);
        for (b, share) in roster.bodies.iter().zip(&shares) {
            let body_of = |p: &Person| p.body.clone().or_else(|| scanned(&roster, p).and_then(|m| m.body.clone()));
            let orgs: Vec<&Member> = roster.organisations.iter().filter(|m| m.body.as_ref() == Some(&b.id)).collect();
            let people: Vec<&Person> = roster.individuals.iter().filter(|p| body_of(p) == Some(b.id.clone())).collect();
            assert!(!orgs.is_empty() && !people.is_empty(), "{}", b.id);
            assert_eq!(share.bodies, std::slice::from_ref(b));
            assert_eq!(share.organisations.iter().collect::<Vec<_>>(), orgs, "{}", b.id);
            assert_eq!(share.individuals.iter().collect::<Vec<_>>(), people, "{}", b.id);
            assert_eq!(&roster.of_body(&b.id).unwrap(), share);
        }
        assert_eq!(roster.of_body("b9").unwrap_err().code(), "programme");
    }

    /// A roster of 20,000 organisations and 20,000 people under 20 bodies: a report is linear
    /// work (a scan per person made one of 19,000 and 19,000 take 43 s in a release build; it
    /// would not end in a debug one), and each body's counts add up to the roster's.
    #[test]
    fn a_large_roster_is_reported_in_linear_work() {
        let catalog = crate::Catalog::builtin().unwrap();
        let roster = crowd(20_000, 20);
        let request = crate::ops::ProgrammeRequest { targets: None, body: None, individual_award: None };
        let options = crate::ops::Options { year: Some(2014), ..Default::default() };
        let result = crate::ops::programme(&catalog, &roster, &request, &[], &options).unwrap();
        let bodies = &result.progress.bodies;
        assert_eq!(bodies.len(), 20);
        let placed_orgs = roster.organisations.iter().filter(|m| m.body.is_some()).count() as u32;
        assert_eq!(bodies.iter().map(|b| b.organisations).sum::<u32>(), placed_orgs);
        let index = roster.index();
        let placed_people = roster.individuals.iter().filter(|p| index.body_of_person(p).is_some()).count() as u32;
        assert_eq!(bodies.iter().map(|b| b.individuals).sum::<u32>(), placed_people);
        assert_eq!(result.plan_tables.len(), 20);
        let narrowed = crate::ops::ProgrammeRequest { body: Some("b7".into()), ..request };
        let one = crate::ops::programme(&catalog, &roster, &narrowed, &[], &options).unwrap();
        assert_eq!(one.progress.bodies, [bodies[7].clone()]);
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
