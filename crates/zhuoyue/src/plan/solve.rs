//! The solver: a min-cost bounded knapsack per category over gain units, masked by floors, merged by
//! capped min-plus convolution per kind and into the total, with the argmins kept for the way back.

use super::{Target, INF};
use crate::award::Floor;
use crate::framework::Kind;
use crate::{Error, Points, Scorecard};

/// The numbers the optimiser works on, in gain units.
pub(crate) struct Problem {
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
    pub(crate) cap: usize,
}

fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

impl Problem {
    pub(crate) fn new(card: &Scorecard, target: &Target) -> Result<Problem, Error> {
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
    pub(crate) fn within_budget(&self, steps: u64) -> Result<(), Error> {
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
    pub(crate) fn feasible(&self, caps: &[u32]) -> bool {
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
    pub(crate) fn solve(&self, caps: &[u32], effort: &[u64]) -> (u64, Vec<u32>) {
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
