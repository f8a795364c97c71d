//! An organisation's own history: its dated assessments in date order, with totals, subtotals,
//! category and item percents per date, the change since the previous and the first, the items
//! that moved most, and which raises of a roadmap happened.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::check::Checked;
use crate::present::Date;
use crate::{Error, Points};

pub use crate::limits::MAX_HISTORY;

/// One dated assessment's scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Point {
    pub date: String,
    pub source: String,
    pub total: Points,
    pub total_hundredths: i64,
    pub process: Points,
    pub results: Points,
    /// Category scores by id.
    pub categories: BTreeMap<String, Points>,
    /// Item percents by id (`None`: not rated).
    pub items: BTreeMap<String, Option<u8>>,
    /// Change of the total since the previous date (`None` on the first).
    pub since_previous: Option<Points>,
    pub since_first: Points,
    pub since_first_hundredths: i64,
}

/// An item's percent at the first and the last date it was rated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ItemChange {
    pub id: String,
    pub first: Option<u8>,
    pub last: Option<u8>,
    /// last - first, in points of percent (`None` unless both are rated).
    pub delta: Option<i16>,
    /// Points of the total the change is worth.
    pub points: Option<Points>,
}

/// A raise a roadmap planned, and whether the latest assessment shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlannedRaise {
    pub cycle: u32,
    pub item: String,
    pub from: u8,
    pub to: u8,
    pub latest: Option<u8>,
    /// `done` (reached `to`), `partly` (above `from`), `not-yet`.
    pub status: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct History {
    pub framework: String,
    pub organisation: Option<String>,
    pub organisation_id: Option<String>,
    /// Ascending by date.
    pub series: Vec<Point>,
    /// Every item of the framework, in framework order.
    pub items: Vec<ItemChange>,
    /// The items whose percent changed most (by points of the total), at most five.
    pub moved: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan: Option<Vec<PlannedRaise>>,
}

/// The part of `zhuoyue plan --format json` (or of its `plan`) that a history reads.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PlanFile {
    #[serde(default)]
    plan: Option<Box<PlanFile>>,
    #[serde(default)]
    cycles: Vec<PlanCycle>,
}

#[derive(Debug, Clone, Deserialize)]
struct PlanCycle {
    number: u32,
    #[serde(default)]
    raises: Vec<PlanRaise>,
}

#[derive(Debug, Clone, Deserialize)]
struct PlanRaise {
    item: String,
    from: u8,
    to: u8,
}

impl PlanFile {
    pub fn parse(text: &str, format: crate::Format) -> Result<PlanFile, Error> {
        crate::text::from_text(text, format)
    }

    fn cycles(&self) -> &[PlanCycle] {
        match &self.plan {
            Some(inner) => inner.cycles(),
            None => &self.cycles,
        }
    }
}

fn refuse(rule: String) -> Error {
    Error::History { rule }
}

/// Who an assessment is about: its organisation's name, else its id.
fn who(c: &Checked) -> Option<String> {
    let o = &c.assessment.organisation;
    o.name.clone().filter(|n| !n.trim().is_empty()).or_else(|| o.id.clone())
}

/// The history of checked, named assessments (any order). Each must be dated, on or before
/// `today`, of one framework and one organisation (by id when every file has one, else by name),
/// and no two on the same date.
pub fn history(inputs: &[(String, Checked)], today: Date, plan: Option<&PlanFile>) -> Result<History, Error> {
    let Some((first_name, first)) = inputs.first() else {
        return Err(refuse("needs at least one dated assessment".into()));
    };
    if inputs.len() > MAX_HISTORY {
        return Err(Error::TooMany {
            what: "assessments in a history".into(),
            count: inputs.len(),
            limit: MAX_HISTORY,
        });
    }
    let fw = first.framework;
    let by_id = inputs.iter().all(|(_, c)| c.assessment.organisation.id.is_some());
    let key =
        |c: &Checked| if by_id { c.assessment.organisation.id.clone() } else { c.assessment.organisation.name.clone() };
    let mut dated: Vec<(Date, &String, &Checked)> = Vec::with_capacity(inputs.len());
    for (name, c) in inputs {
        let Some(text) = c.assessment.date.as_deref() else {
            return Err(refuse(format!("{name} has no `date` (rule: a history orders dated assessments)")));
        };
        let date = Date::parse(text).ok_or_else(|| Error::Date { value: text.into() }.within(name))?;
        if date > today {
            return Err(refuse(format!("{name} is dated {date}, after today ({today}) (rule: no future dates)")));
        }
        if c.framework.id != fw.id {
            return Err(refuse(format!(
                "{name} uses `{}`, {first_name} `{}` (rule: one framework per history; carry one over with `crosswalk` first)",
                c.framework.id, fw.id
            )));
        }
        if key(c) != key(first) {
            let what = if by_id { "organisation.id" } else { "organisation.name" };
            return Err(refuse(format!(
                "{name} is about {:?}, {first_name} about {:?} (rule: one organisation per history, matched by {what})",
                key(c).unwrap_or_default(),
                key(first).unwrap_or_default()
            )));
        }
        if let Some((_, other, _)) = dated.iter().find(|(d, _, _)| *d == date) {
            return Err(refuse(format!("{other} and {name} are both dated {date} (rule: one assessment per date)")));
        }
        dated.push((date, name, c));
    }
    dated.sort_by_key(|(d, _, _)| *d);
    if let Some(p) = plan {
        for cycle in p.cycles() {
            if let Some(r) = cycle.raises.iter().find(|r| fw.position(&r.item).is_none()) {
                return Err(Error::UnknownItem { item: r.item.clone(), framework: fw.id.clone() }.within("the plan"));
            }
        }
    }
    let ids: Vec<&str> = fw.items().map(|i| i.id.as_str()).collect();
    let mut series: Vec<Point> = Vec::with_capacity(dated.len());
    for (date, name, c) in &dated {
        let card = c.score();
        let total = card.total;
        let first_total = series.first().map_or(total, |p| p.total);
        let since_first = total - first_total;
        series.push(Point {
            date: date.to_string(),
            source: (*name).clone(),
            total,
            total_hundredths: total.hundredths(),
            process: card.process,
            results: card.results,
            categories: fw.categories.iter().zip(&card.categories).map(|(cat, s)| (cat.id.clone(), *s)).collect(),
            items: ids.iter().zip(&c.percents).map(|(id, p)| (id.to_string(), *p)).collect(),
            since_previous: series.last().map(|p| total - p.total),
            since_first,
            since_first_hundredths: since_first.hundredths(),
        });
    }
    let items: Vec<ItemChange> = fw
        .items()
        .map(|item| {
            let rated: Vec<u8> = series.iter().filter_map(|p| p.items.get(&item.id).copied().flatten()).collect();
            let (first, last) = (rated.first().copied(), rated.last().copied());
            let delta = first.zip(last).map(|(f, l)| i16::from(l) - i16::from(f));
            let points = first.zip(last).map(|(f, l)| Points::of(l, item.points) - Points::of(f, item.points));
            ItemChange { id: item.id.clone(), first, last, delta, points }
        })
        .collect();
    let mut moved: Vec<&ItemChange> = items.iter().filter(|i| i.delta.is_some_and(|d| d != 0)).collect();
    moved.sort_by_key(|i| std::cmp::Reverse(i.points.map_or(0, |p| p.hundredths().abs())));
    let latest = series.last();
    let plan = plan.map(|p| {
        p.cycles()
            .iter()
            .flat_map(|cycle| {
                cycle.raises.iter().map(move |r| {
                    let now = latest.and_then(|l| l.items.get(&r.item).copied().flatten());
                    let status = match now {
                        Some(n) if n >= r.to => "done",
                        Some(n) if n > r.from => "partly",
                        _ => "not-yet",
                    };
                    PlannedRaise {
                        cycle: cycle.number,
                        item: r.item.clone(),
                        from: r.from,
                        to: r.to,
                        latest: now,
                        status,
                    }
                })
            })
            .collect()
    });
    Ok(History {
        framework: fw.id.clone(),
        organisation: who(first),
        organisation_id: first.assessment.organisation.id.clone(),
        moved: moved.iter().take(5).map(|i| i.id.clone()).collect(),
        series,
        items,
        plan,
    })
}
