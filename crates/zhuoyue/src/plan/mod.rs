//! How far from the line, and the cheapest way to it.
//!
//! The roadmap is exact, not greedy: a min-cost bounded knapsack over score gains, solved by dynamic
//! programming. Gains are counted in units of the greatest common divisor of all one-step gains (25
//! hundredths of a point for GB/T 19580), and states are capped at the largest need, so the tables
//! stay small. Floors follow the framework's nesting (item ⊂ category ⊂ kind ⊂ total): each
//! category's table is masked by its floor, categories are merged per kind (masked by a kind floor)
//! and kinds into the total, each merge a min-plus convolution that keeps its argmin for the way back.

use serde::Serialize;

mod effort;
mod solve;

pub use effort::{default_max_raise, Effort, DEFAULT_MAX_RAISE};
use solve::Problem;

use crate::award::{AwardProfile, Floor};
use crate::framework::Framework;
use crate::{Error, Points, Scorecard};

/// What the plan must reach: a total and any floors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub total: Points,
    pub floors: Vec<Floor>,
    /// The award the target came from, if any.
    pub award: Option<String>,
}

impl Target {
    pub fn points(total: Points) -> Target {
        Target { total, floors: Vec::new(), award: None }
    }

    /// An award's line and floors (checked against the framework).
    pub fn award(award: &AwardProfile, framework: &Framework) -> Result<Target, Error> {
        award.applies_to(framework)?;
        let total = award.line().ok_or_else(|| Error::Award {
            award: award.id.clone(),
            entry: "score_line".into(),
            rule: "the award judges on gates only: there is no line to plan to (give a target instead)".into(),
        })?;
        Ok(Target { total, floors: award.floors.clone(), award: Some(award.id.clone()) })
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Gap {
    pub item: String,
    pub category: String,
    pub percent: Option<u8>,
    pub score: Points,
    pub max: Points,
    /// Points still available on this item: max - score.
    pub headroom: Points,
}

/// Every item's headroom, the most points at stake first (ties in framework order).
pub fn gaps(card: &Scorecard) -> Vec<Gap> {
    let fw = card.framework;
    let mut out: Vec<Gap> = fw
        .categories
        .iter()
        .flat_map(|c| c.items.iter().map(move |i| (c, i)))
        .zip(&card.items)
        .map(|((c, i), s)| Gap {
            item: i.id.clone(),
            category: c.id.clone(),
            percent: s.percent,
            score: s.score,
            max: Points::whole(i.points),
            headroom: Points::whole(i.points) - s.score,
        })
        .collect();
    out.sort_by_key(|g| std::cmp::Reverse(g.headroom)); // stable: ties keep framework order
    out
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Raise {
    pub item: String,
    pub from: u8,
    pub to: u8,
    pub steps: u32,
    pub gain: Points,
    /// Effort of this raise (steps x the item's weight).
    pub cost: f64,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Cycle {
    pub number: u32,
    pub raises: Vec<Raise>,
    pub total_after: Points,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Plan {
    pub target: Points,
    pub award: Option<String>,
    pub start: Points,
    pub end: Points,
    pub max_raise: u8,
    /// The fewest improvement cycles that can reach the target; the plan is the cheapest within them.
    pub cycle_count: u32,
    pub cycles: Vec<Cycle>,
    pub cost: f64,
    pub cost_thousandths: u64,
}

pub(crate) const INF: u64 = u64::MAX / 4;

/// The cheapest set of 5%-step raises that reaches the target and every floor, in the fewest cycles
/// of at most `max_raise` points of percent per item.
pub fn plan(card: &Scorecard, target: &Target, effort: &Effort, max_raise: u8) -> Result<Plan, Error> {
    let fw = card.framework;
    let step = fw.percent_step;
    if max_raise == 0 || max_raise > 100 || max_raise % step != 0 {
        return Err(Error::MaxRaise { value: i64::from(max_raise), step });
    }
    if target.total < Points::ZERO || target.total > fw.max() {
        return Err(Error::TargetOutOfRange { target: target.total.to_string(), max: fw.max().to_string() });
    }
    let problem = Problem::new(card, target)?;
    problem.within_budget(100 / u64::from(step))?;
    let per_cycle = u32::from(max_raise / step);
    let start: Vec<u8> = card.items.iter().map(|s| s.percent.unwrap_or(0)).collect();
    let room: Vec<u32> = start.iter().map(|p| u32::from((100 - p) / step)).collect();

    let mut cycles_needed = 0u32;
    let mut steps = vec![0u32; start.len()];
    let mut cost = 0u64;
    if problem.cap > 0 {
        let most = 100u32.div_ceil(u32::from(max_raise));
        let caps_for = |k: u32| room.iter().map(|r| (*r).min(k * per_cycle)).collect::<Vec<u32>>();
        let Some(k) = (1..=most).find(|k| problem.feasible(&caps_for(*k))) else {
            // Unreachable after the checks above (100% everywhere meets any valid target and floor).
            return Err(Error::TargetOutOfRange { target: target.total.to_string(), max: fw.max().to_string() });
        };
        cycles_needed = k;
        let (c, s) = problem.solve(&caps_for(k), &effort.0);
        cost = c;
        steps = s;
    }

    // Lay the raises out cycle by cycle, each item at most `per_cycle` steps per cycle.
    let mut cycles = Vec::new();
    let mut current = start.clone();
    let mut total = card.total;
    for number in 1..=cycles_needed {
        let mut raises = Vec::new();
        for (i, item) in fw.items().enumerate() {
            let done = u32::from((current[i] - start[i]) / step);
            let now = steps[i].saturating_sub(done).min(per_cycle);
            if now == 0 {
                continue;
            }
            let from = current[i];
            let to = from + (now * u32::from(step)) as u8;
            let gain = Points::of(to, item.points) - Points::of(from, item.points);
            total += gain;
            current[i] = to;
            raises.push(Raise {
                item: item.id.clone(),
                from,
                to,
                steps: now,
                gain,
                cost: (u64::from(now) * effort.0[i]) as f64 / 1000.0,
            });
        }
        cycles.push(Cycle { number, raises, total_after: total });
    }
    Ok(Plan {
        target: target.total,
        award: target.award.clone(),
        start: card.total,
        end: total,
        max_raise,
        cycle_count: cycles_needed,
        cycles,
        cost: cost as f64 / 1000.0,
        cost_thousandths: cost,
    })
}
