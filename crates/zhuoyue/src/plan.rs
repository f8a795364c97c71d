//! How far from the line, and the cheapest way to it.
//!
//! The roadmap is exact, not greedy: a min-cost bounded knapsack over score gains, solved by dynamic
//! programming. Gains are counted in units of the greatest common divisor of all one-step gains (25
//! hundredths of a point for GB/T 19580), and states are capped at the largest need, so the tables
//! stay small. Floors follow the framework's nesting (item ⊂ category ⊂ kind ⊂ total): each
//! category's table is masked by its floor, categories are merged per kind (masked by a kind floor)
//! and kinds into the total, each merge a min-plus convolution that keeps its argmin for the way back.

use serde::{Deserialize, Serialize};

use crate::assessment::{from_text, Format, OrderedMap};
use crate::award::{AwardProfile, Floor};
use crate::framework::{Framework, Kind};
use crate::{Error, Points, Scorecard};

/// Default cap on one item's raise in one improvement cycle, in points of percent.
pub const DEFAULT_MAX_RAISE: u8 = 15;

/// The default cap on a framework's grid: the largest multiple of its step up to 15 points (15 on a
/// 5% grid, 10 on EFQM's 10% grid), and never less than one step.
pub fn default_max_raise(framework: &Framework) -> u8 {
    let step = framework.percent_step;
    (DEFAULT_MAX_RAISE / step).max(1) * step
}

/// Effort per 5% step of each item, in thousandths (1.0 = 1000), framework order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Effort(Vec<u64>);

/// Largest effort weight accepted for one step; beyond it a value is a mistake, not a weight.
const MAX_EFFORT: f64 = 1_000_000.0;

impl Effort {
    /// Weight 1 for every item.
    pub fn uniform(framework: &Framework) -> Effort {
        Effort(vec![1000; framework.item_count()])
    }

    /// Reads an effort file: a map of item id to a non-negative number; items left out weigh 1.
    pub fn parse(text: &str, format: Format, framework: &Framework) -> Result<Effort, Error> {
        let pairs: EffortFile = from_text(text, format).map_err(|e| match e {
            Error::Syntax { message, path, .. } => Error::Effort {
                // The file is one flat map, so the error's path is the item id.
                item: Some(path).filter(|p| !p.is_empty()),
                rule: format!("{message} (an effort file maps item ids to non-negative numbers)"),
            },
            other => other,
        })?;
        Effort::from_pairs(framework, &pairs.0)
    }

    /// Builds weights from `(item id, weight)` pairs, as the bindings pass them.
    pub fn from_pairs(framework: &Framework, pairs: &[(String, f64)]) -> Result<Effort, Error> {
        let mut weights = vec![1000; framework.item_count()];
        for (item, weight) in pairs {
            let Some(pos) = framework.position(item) else {
                return Err(Error::Effort {
                    item: Some(item.clone()),
                    rule: format!("no such item in framework `{}`", framework.id),
                });
            };
            if !weight.is_finite() || *weight < 0.0 || *weight > MAX_EFFORT {
                return Err(Error::Effort {
                    item: Some(item.clone()),
                    rule: format!("{weight} is not a non-negative number up to {MAX_EFFORT}"),
                });
            }
            weights[pos] = (weight * 1000.0).round() as u64;
        }
        Ok(Effort(weights))
    }
}

struct EffortFile(Vec<(String, f64)>);

impl<'de> Deserialize<'de> for EffortFile {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<EffortFile, D::Error> {
        d.deserialize_map(OrderedMap::<f64>::new("item", crate::limits::MAX_ITEMS)).map(EffortFile)
    }
}

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
        Ok(Target { total: award.line(), floors: award.floors.clone(), award: Some(award.id.clone()) })
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

const INF: u64 = u64::MAX / 4;

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

/// The numbers the optimiser works on, in gain units.
struct Problem {
    /// Gain of one step of each item, in units.
    unit_gain: Vec<usize>,
    /// Item positions of each category, in framework order.
    categories: Vec<std::ops::Range<usize>>,
    /// Categories merged together before the total: per kind when a kind floor exists, else one group.
    groups: Vec<Vec<usize>>,
    category_need: Vec<usize>,
    group_need: Vec<usize>,
    total_need: usize,
    /// States are capped here: any gain at or above it counts the same.
    cap: usize,
}

fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

impl Problem {
    fn new(card: &Scorecard, target: &Target) -> Result<Problem, Error> {
        let fw = card.framework;
        let step = i64::from(fw.percent_step);
        let points: Vec<i64> = fw.items().map(|i| i64::from(i.points)).collect();
        let unit = points.iter().fold(0, |g, p| gcd(g, step * p)).max(1);
        let units =
            |need: Points| -> usize { (need.hundredths().max(0) + unit - 1).checked_div(unit).unwrap_or(0) as usize };

        let mut categories = Vec::new();
        let mut start = 0;
        for c in &fw.categories {
            categories.push(start..start + c.items.len());
            start += c.items.len();
        }
        let mut category_need = vec![0; categories.len()];
        let mut kind_need = Vec::new();
        for floor in &target.floors {
            match floor {
                Floor::CategoryPercent { category, min } => {
                    let Some(c) = fw.categories.iter().position(|x| x.id == *category) else {
                        return Err(Error::Award {
                            award: target.award.clone().unwrap_or_default(),
                            entry: format!("floor {category}"),
                            rule: format!("no category {category} in framework {}", fw.id),
                        });
                    };
                    let need = Points::of(*min, fw.categories[c].points) - card.categories[c];
                    category_need[c] = category_need[c].max(units(need));
                }
                Floor::KindPoints { of, min } => {
                    let have = if *of == Kind::Process { card.process } else { card.results };
                    kind_need.push((*of, units(Points::whole(*min) - have)));
                }
            }
        }
        let (groups, group_need) = if kind_need.is_empty() {
            (vec![(0..categories.len()).collect()], vec![0])
        } else {
            // A kind floor needs every category to be of one kind, so categories nest in kinds.
            let mut groups: Vec<Vec<usize>> = vec![Vec::new(), Vec::new()];
            for (c, category) in fw.categories.iter().enumerate() {
                let kind = category.items[0].kind;
                if category.items.iter().any(|i| i.kind != kind) {
                    return Err(Error::Award {
                        award: target.award.clone().unwrap_or_default(),
                        entry: "floors".into(),
                        rule: format!(
                            "a process/results floor needs single-kind categories; {} mixes both",
                            category.id
                        ),
                    });
                }
                groups[usize::from(kind == Kind::Results)].push(c);
            }
            let mut need = vec![0, 0];
            for (kind, n) in kind_need {
                let g = usize::from(kind == Kind::Results);
                need[g] = need[g].max(n);
            }
            (groups, need)
        };
        let total_need = units(target.total - card.total);
        let cap = category_need.iter().chain(&group_need).copied().chain([total_need]).max().unwrap_or(0);
        Ok(Problem {
            unit_gain: points.iter().map(|p| ((step * p) / unit) as usize).collect(),
            categories,
            groups,
            category_need,
            group_need,
            total_need,
            cap,
        })
    }

    /// Refuses, before anything is allocated, a problem whose tables or convolutions would exceed the
    /// budget: one table row per item of `cap + 1` cells (each cell trying up to `steps + 1` raises),
    /// and one min-plus convolution of two such rows per category, group and total merge.
    fn within_budget(&self, steps: u64) -> Result<(), Error> {
        use crate::limits::{MAX_PLAN_CELLS, MAX_PLAN_WORK};
        let row = (self.cap as u64).saturating_add(1);
        let items = self.unit_gain.len() as u64;
        let merges = (self.categories.len() + self.groups.len() + 1) as u64;
        let cells = row.saturating_mul(items.saturating_add(merges));
        let work = row
            .saturating_mul(items)
            .saturating_mul(steps.saturating_add(1))
            .saturating_add(row.saturating_mul(row).saturating_mul(merges));
        if cells > MAX_PLAN_CELLS || work > MAX_PLAN_WORK {
            return Err(Error::PlanBudget { cells, work, max_cells: MAX_PLAN_CELLS, max_work: MAX_PLAN_WORK });
        }
        Ok(())
    }

    /// Raising every item to its cap meets every need at once, so that decides feasibility.
    fn feasible(&self, caps: &[u32]) -> bool {
        let most =
            |range: std::ops::Range<usize>| -> usize { range.map(|i| caps[i] as usize * self.unit_gain[i]).sum() };
        let category_most: Vec<usize> = self.categories.iter().map(|r| most(r.clone())).collect();
        self.category_need.iter().zip(&category_most).all(|(need, most)| most >= need)
            && self
                .groups
                .iter()
                .zip(&self.group_need)
                .all(|(g, need)| g.iter().map(|c| category_most[*c]).sum::<usize>() >= *need)
            && category_most.iter().sum::<usize>() >= self.total_need
    }

    /// The cheapest steps per item within `caps` that meet every need: (cost, steps).
    fn solve(&self, caps: &[u32], effort: &[u64]) -> (u64, Vec<u32>) {
        let cap = self.cap;
        // Per category: a table of min cost per gain, and each item's choice for the way back.
        let mut category_tables = Vec::new();
        let mut choices: Vec<Vec<(u32, u32)>> = Vec::new();
        for (c, range) in self.categories.iter().enumerate() {
            let mut table = vec![INF; cap + 1];
            table[0] = 0;
            for i in range.clone() {
                let mut next = vec![INF; cap + 1];
                let mut choice = vec![(0u32, 0u32); cap + 1];
                for (g, &cost) in table.iter().enumerate() {
                    if cost == INF {
                        continue;
                    }
                    for s in 0..=caps[i] {
                        let to = (g + s as usize * self.unit_gain[i]).min(cap);
                        let c = cost + u64::from(s) * effort[i];
                        if c < next[to] {
                            next[to] = c;
                            choice[to] = (s, g as u32);
                        }
                    }
                }
                table = next;
                choices.push(choice);
            }
            mask_below(&mut table, self.category_need[c]);
            category_tables.push(table);
        }
        let mut group_folds = Vec::new();
        let mut group_tables = Vec::new();
        for (g, members) in self.groups.iter().enumerate() {
            let (mut table, splits) = fold(members.iter().map(|c| &category_tables[*c]), cap);
            mask_below(&mut table, self.group_need[g]);
            group_tables.push(table);
            group_folds.push(splits);
        }
        let (total, total_splits) = fold(group_tables.iter(), cap);
        let Some((best, &cost)) =
            total.iter().enumerate().skip(self.total_need).filter(|(_, c)| **c < INF).min_by_key(|(_, c)| **c)
        else {
            return (0, vec![0; caps.len()]); // callers check feasibility first
        };

        // The way back: total -> groups -> categories -> items.
        let mut steps = vec![0u32; caps.len()];
        let group_states = unfold(&total_splits, best, self.groups.len());
        for (g, members) in self.groups.iter().enumerate() {
            let category_states = unfold(&group_folds[g], group_states[g], members.len());
            for (c, state) in members.iter().zip(category_states) {
                let mut state = state;
                for i in self.categories[*c].clone().rev() {
                    let (s, previous) = choices[i][state];
                    steps[i] = s;
                    state = previous as usize;
                }
            }
        }
        (cost, steps)
    }
}

fn mask_below(table: &mut [u64], need: usize) {
    for cost in table.iter_mut().take(need) {
        *cost = INF;
    }
}

/// Merges tables left to right by capped min-plus convolution, keeping each merge's argmin.
fn fold<'a>(mut tables: impl Iterator<Item = &'a Vec<u64>>, cap: usize) -> (Vec<u64>, Vec<Vec<(u32, u32)>>) {
    let mut acc = tables.next().cloned().unwrap_or_else(|| {
        let mut t = vec![INF; cap + 1];
        t[0] = 0;
        t
    });
    let mut splits = Vec::new();
    for next in tables {
        let mut merged = vec![INF; cap + 1];
        let mut split = vec![(0u32, 0u32); cap + 1];
        // Tables are INF past their largest reachable gain; stop there (most of a capped table).
        let reach = |t: &[u64]| t.iter().rposition(|c| *c < INF).map_or(0, |i| i + 1);
        let next = &next[..reach(next)];
        for (a, &ca) in acc[..reach(&acc)].iter().enumerate().filter(|(_, c)| **c < INF) {
            for (b, &cb) in next.iter().enumerate().filter(|(_, c)| **c < INF) {
                let to = (a + b).min(cap);
                if ca + cb < merged[to] {
                    merged[to] = ca + cb;
                    split[to] = (a as u32, b as u32);
                }
            }
        }
        acc = merged;
        splits.push(split);
    }
    (acc, splits)
}

/// The state of each part that led to `state` of a fold of `parts` tables.
fn unfold(splits: &[Vec<(u32, u32)>], state: usize, parts: usize) -> Vec<usize> {
    let mut states = vec![0; parts];
    let mut state = state;
    for (k, split) in splits.iter().enumerate().rev() {
        let (a, b) = split[state];
        states[k + 1] = b as usize;
        state = a as usize;
    }
    if parts > 0 {
        states[0] = state;
    }
    states
}
