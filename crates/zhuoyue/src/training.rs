//! Frame-of-reference training: trainees score a case study, and each is compared with the expert
//! reference item by item. Mean absolute difference and bias (points of percent), rank agreement
//! (can the trainee tell the case's strong items from its weak ones?), per category, the items
//! furthest off with the reference's reasoning, the reference's key comments found, and Cronbach's
//! accuracy components. The pass rule is data (a programme's targets), not code.

use serde::{Deserialize, Serialize};

use crate::framework::Framework;
use crate::scorebook::{CommentKind, Scorebook};
use crate::Error;

/// What a trainee must reach to pass: thresholds in points of percent and a rank correlation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct PassRule {
    /// |bias| at most this (points of percent).
    pub max_abs_bias: f64,
    /// The mean absolute difference at most this (points of percent).
    pub max_mad: f64,
    /// The rank correlation at least this.
    pub min_spearman: f64,
}

impl PassRule {
    pub fn validate(self) -> Result<PassRule, Error> {
        let fail = |rule: String| Error::Programme { entry: "training".into(), rule };
        for (name, v) in [("max_abs_bias", self.max_abs_bias), ("max_mad", self.max_mad)] {
            if !(0.0..=100.0).contains(&v) {
                return Err(fail(format!("{name} {v} is outside 0..=100 points of percent")));
            }
        }
        if !(-1.0..=1.0).contains(&self.min_spearman) {
            return Err(fail(format!("min_spearman {} is outside -1..=1", self.min_spearman)));
        }
        Ok(self)
    }
}

/// One item: the reference's percent, the trainee's, and the reference's reasoning.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ItemComparison {
    pub item: String,
    pub reference: u8,
    pub trainee: Option<u8>,
    /// trainee − reference, where the trainee rated the item.
    pub difference: Option<i64>,
    /// The reference's comments on the item, its reasoning.
    pub reasoning: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CategoryComparison {
    pub category: String,
    pub rated: usize,
    pub mad: Option<f64>,
    pub bias: Option<f64>,
}

/// How many of the reference's key strengths and OFIs the trainee found (matched by item, kind and
/// key factor), when the trainee wrote comments.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Found {
    pub strengths: usize,
    pub strengths_found: usize,
    pub ofis: usize,
    pub ofis_found: usize,
}

/// Cronbach's (1955) accuracy components as squared distances (points of percent squared):
/// elevation, differential elevation, stereotype accuracy and differential accuracy. The
/// differential ones need at least two cases; with one they are null and `note` says why.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Accuracy {
    pub elevation: Option<f64>,
    pub differential_elevation: Option<f64>,
    pub stereotype_accuracy: Option<f64>,
    pub differential_accuracy: Option<f64>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TraineeResult {
    pub name: String,
    /// Items both rated.
    pub rated: usize,
    /// Mean |trainee − reference| over the items both rated (points of percent).
    pub mad: Option<f64>,
    /// Mean trainee − reference (positive: lenient).
    pub bias: Option<f64>,
    /// The Pearson correlation of average ranks across the items both rated; null where undefined.
    pub spearman: Option<f64>,
    /// Why the rank agreement is undefined, where it is.
    pub spearman_note: Option<String>,
    /// Null without a pass rule.
    pub passed: Option<bool>,
    pub categories: Vec<CategoryComparison>,
    pub items: Vec<ItemComparison>,
    /// The items furthest off (largest |difference|, then framework order), at most five.
    pub furthest: Vec<String>,
    pub found: Option<Found>,
    pub accuracy: Accuracy,
}

/// An item the whole group misreads: its mean difference is beyond the pass rule's bias (or 10).
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Misread {
    pub item: String,
    pub mean_difference: f64,
    pub reasoning: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Group {
    pub trainees: usize,
    pub passed: Option<usize>,
    pub mean_mad: Option<f64>,
    pub mean_bias: Option<f64>,
    /// Trainees whose bias is positive beyond the threshold: lenient.
    pub lenient: Vec<String>,
    /// Trainees whose bias is negative beyond the threshold: severe.
    pub severe: Vec<String>,
    pub misread: Vec<Misread>,
    /// Each trainee's bias as a bar beside the pass band (standalone SVG, with a title).
    pub chart: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Training {
    pub framework: String,
    pub rule: Option<PassRule>,
    pub trainees: Vec<TraineeResult>,
    pub group: Group,
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// Average ranks (1-based; ties share the mean of their positions).
fn ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut out = vec![0.0; values.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && values[order[j + 1]] == values[order[i]] {
            j += 1;
        }
        let rank = (i + j) as f64 / 2.0 + 1.0;
        for k in &order[i..=j] {
            out[*k] = rank;
        }
        i = j + 1;
    }
    out
}

fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    let (mx, my) = (mean(x.iter().copied())?, mean(y.iter().copied())?);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    (sxx > 0.0 && syy > 0.0).then(|| sxy / (sxx * syy).sqrt())
}

/// The rank correlation of two ratings of the same items, or why it is undefined.
pub fn spearman(x: &[f64], y: &[f64]) -> Result<f64, String> {
    if x.len() < 2 {
        return Err(format!("rank agreement needs at least two items rated by both; {} here", x.len()));
    }
    pearson(&ranks(x), &ranks(y))
        .ok_or_else(|| "rank agreement is undefined when one side gives every item the same percent".to_string())
}

/// Cronbach's components for one trainee over the cases given, each a list of (trainee, reference)
/// percents on the same items (dimensions) in the same order.
pub fn accuracy(cases: &[Vec<(f64, f64)>]) -> Accuracy {
    let all = || cases.iter().flatten();
    let (Some(x_all), Some(t_all)) = (mean(all().map(|p| p.0)), mean(all().map(|p| p.1))) else {
        return Accuracy {
            elevation: None,
            differential_elevation: None,
            stereotype_accuracy: None,
            differential_accuracy: None,
            note: Some("no item rated by both".into()),
        };
    };
    let elevation = Some((x_all - t_all).powi(2));
    let k = cases.iter().map(Vec::len).min().unwrap_or(0);
    // Per item (dimension) means across cases.
    let item_mean = |d: usize, side: fn(&(f64, f64)) -> f64| mean(cases.iter().map(|c| side(&c[d]))).unwrap_or(0.0);
    let stereotype = mean((0..k).map(|d| ((item_mean(d, |p| p.0) - x_all) - (item_mean(d, |p| p.1) - t_all)).powi(2)));
    if cases.len() < 2 {
        return Accuracy {
            elevation,
            differential_elevation: None,
            stereotype_accuracy: stereotype,
            differential_accuracy: None,
            note: Some("differential elevation and differential accuracy compare cases: they need at least two".into()),
        };
    }
    let case_mean = |c: &Vec<(f64, f64)>, side: fn(&(f64, f64)) -> f64| mean(c.iter().map(side)).unwrap_or(0.0);
    let differential_elevation =
        mean(cases.iter().map(|c| ((case_mean(c, |p| p.0) - x_all) - (case_mean(c, |p| p.1) - t_all)).powi(2)));
    let differential_accuracy = mean(cases.iter().flat_map(|c| {
        (0..k).map(move |d| {
            let x = c[d].0 - case_mean(c, |p| p.0) - item_mean(d, |p| p.0) + x_all;
            let t = c[d].1 - case_mean(c, |p| p.1) - item_mean(d, |p| p.1) + t_all;
            (x - t).powi(2)
        })
    }));
    Accuracy { elevation, differential_elevation, stereotype_accuracy: stereotype, differential_accuracy, note: None }
}

/// The comments citing key factors, with their item and kind: the reference's key strengths and
/// OFIs, and what a trainee's comments are matched by.
fn key_comments(book: &Scorebook) -> Vec<(String, CommentKind, Vec<String>)> {
    book.items
        .0
        .iter()
        .flat_map(|(id, item)| {
            item.comments
                .iter()
                .filter(|c| !c.key_factors.is_empty())
                .map(move |c| (id.clone(), c.kind, c.key_factors.clone()))
        })
        .collect()
}

/// A trainee as compared: name, percents in framework order (`None` not rated), their scorebook.
pub(crate) type Scoring<'a> = (String, Vec<Option<u8>>, Option<&'a Scorebook>);

/// Compares every trainee with the reference (percents in framework order; `None` not rated).
pub(crate) fn compare(
    fw: &Framework,
    reference: &[Option<u8>],
    reference_book: Option<&Scorebook>,
    trainees: &[Scoring<'_>],
    rule: Option<PassRule>,
) -> Training {
    let ids: Vec<&str> = fw.items().map(|i| i.id.as_str()).collect();
    let reasoning = |id: &str| -> Vec<String> {
        reference_book
            .and_then(|b| b.items.0.iter().find(|(i, _)| i == id))
            .map(|(_, item)| item.comments.iter().map(|c| c.text.clone()).collect())
            .unwrap_or_default()
    };
    let category_of: Vec<&str> =
        fw.categories.iter().flat_map(|c| c.items.iter().map(move |_| c.id.as_str())).collect();
    let mut results = Vec::new();
    for (name, percents, book) in trainees {
        let pairs: Vec<(usize, f64, f64)> = (0..ids.len())
            .filter_map(|i| match (percents.get(i).copied().flatten(), reference[i]) {
                (Some(x), Some(t)) => Some((i, f64::from(x), f64::from(t))),
                _ => None,
            })
            .collect();
        let mad = mean(pairs.iter().map(|p| (p.1 - p.2).abs()));
        let bias = mean(pairs.iter().map(|p| p.1 - p.2));
        let xs: Vec<f64> = pairs.iter().map(|p| p.1).collect();
        let ts: Vec<f64> = pairs.iter().map(|p| p.2).collect();
        let (spearman, spearman_note) = match spearman(&xs, &ts) {
            Ok(r) => (Some(r), None),
            Err(why) => (None, Some(why)),
        };
        let passed = rule.map(|r| {
            bias.is_some_and(|b| b.abs() <= r.max_abs_bias)
                && mad.is_some_and(|m| m <= r.max_mad)
                && spearman.is_some_and(|s| s >= r.min_spearman)
        });
        let categories = fw
            .categories
            .iter()
            .map(|c| {
                let inside: Vec<&(usize, f64, f64)> = pairs.iter().filter(|p| category_of[p.0] == c.id).collect();
                CategoryComparison {
                    category: c.id.clone(),
                    rated: inside.len(),
                    mad: mean(inside.iter().map(|p| (p.1 - p.2).abs())),
                    bias: mean(inside.iter().map(|p| p.1 - p.2)),
                }
            })
            .collect();
        let items: Vec<ItemComparison> = ids
            .iter()
            .enumerate()
            .filter_map(|(i, id)| {
                let t = reference[i]?;
                let x = percents.get(i).copied().flatten();
                Some(ItemComparison {
                    item: id.to_string(),
                    reference: t,
                    trainee: x,
                    difference: x.map(|x| i64::from(x) - i64::from(t)),
                    reasoning: reasoning(id),
                })
            })
            .collect();
        let mut off: Vec<&ItemComparison> = items.iter().filter(|c| c.difference.is_some_and(|d| d != 0)).collect();
        off.sort_by_key(|c| std::cmp::Reverse(c.difference.map(i64::abs)));
        let furthest = off.iter().take(5).map(|c| c.item.clone()).collect();
        let found = match (reference_book, book) {
            (Some(reference), Some(mine)) if mine.items.0.iter().any(|(_, i)| !i.comments.is_empty()) => {
                let theirs = key_comments(mine);
                let key = key_comments(reference);
                let hit = |(item, kind, factors): &(String, CommentKind, Vec<String>)| {
                    theirs.iter().any(|(i, k, f)| i == item && k == kind && f.iter().any(|x| factors.contains(x)))
                };
                let count = |wanted: CommentKind| {
                    let of_kind: Vec<_> = key.iter().filter(|c| c.1 == wanted).collect();
                    (of_kind.len(), of_kind.iter().filter(|c| hit(c)).count())
                };
                let ((strengths, strengths_found), (ofis, ofis_found)) =
                    (count(CommentKind::Strength), count(CommentKind::Ofi));
                Some(Found { strengths, strengths_found, ofis, ofis_found })
            }
            _ => None,
        };
        let accuracy = accuracy(&[pairs.iter().map(|p| (p.1, p.2)).collect()]);
        results.push(TraineeResult {
            name: name.clone(),
            rated: pairs.len(),
            mad,
            bias,
            spearman,
            spearman_note,
            passed,
            categories,
            items,
            furthest,
            found,
            accuracy,
        });
    }
    let threshold = rule.map_or(10.0, |r| r.max_abs_bias);
    let misread = ids
        .iter()
        .enumerate()
        .filter_map(|(i, id)| {
            let t = f64::from(reference[i]?);
            let diffs = results.iter().filter_map(|r| r.items.iter().find(|c| c.item == *id)?.trainee);
            let d = mean(diffs.map(|x| f64::from(x) - t))?;
            (d.abs() > threshold).then(|| Misread {
                item: id.to_string(),
                mean_difference: d,
                reasoning: reasoning(id),
            })
        })
        .collect();
    let beyond = |sign: f64| -> Vec<String> {
        results.iter().filter(|r| r.bias.is_some_and(|b| b * sign > threshold)).map(|r| r.name.clone()).collect()
    };
    let chart = crate::report::training_svg(&results, rule);
    let group = Group {
        chart,
        trainees: results.len(),
        passed: rule.map(|_| results.iter().filter(|r| r.passed == Some(true)).count()),
        mean_mad: mean(results.iter().filter_map(|r| r.mad)),
        mean_bias: mean(results.iter().filter_map(|r| r.bias)),
        lenient: beyond(1.0),
        severe: beyond(-1.0),
        misread,
    };
    Training { framework: fw.id.clone(), rule, trainees: results, group }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hand-computed: ranks with ties, a perfect and a reversed order, and the undefined cases.
    #[test]
    fn rank_agreement_by_hand() {
        assert_eq!(ranks(&[50.0, 30.0, 50.0, 10.0]), [3.5, 2.0, 3.5, 1.0]);
        assert_eq!(spearman(&[10.0, 20.0, 30.0], &[40.0, 50.0, 60.0]), Ok(1.0));
        assert_eq!(spearman(&[10.0, 20.0, 30.0], &[60.0, 50.0, 40.0]), Ok(-1.0));
        // x = 10 20 30 40, t = 20 10 40 30: ranks (1 2 3 4) vs (2 1 4 3); d² = 4; 1 - 6·4/(4·15) = 0.6.
        let r = spearman(&[10.0, 20.0, 30.0, 40.0], &[20.0, 10.0, 40.0, 30.0]).unwrap();
        assert!((r - 0.6).abs() < 1e-12, "{r}");
        assert!(spearman(&[50.0], &[40.0]).unwrap_err().contains("at least two items"));
        assert!(spearman(&[50.0, 50.0, 50.0], &[40.0, 50.0, 60.0]).unwrap_err().contains("same percent"));
    }

    /// Cronbach's components by hand on two cases of two items: trainee (60 40 | 50 30), reference
    /// (50 40 | 40 40). Means: trainee 45, reference 42.5 → E = 6.25. Case means: 50, 40 vs 45, 40
    /// → DE = ((5 - 2.5)² + (-5 - (-2.5))²)/2 = 6.25. Item means: 55, 35 vs 45, 40 → SA =
    /// ((10 - 2.5)² + (-10 - (-2.5))²)/2 = 56.25. DA: residuals trainee (0 0 0 0)... computed below.
    #[test]
    fn cronbach_components_by_hand() {
        let a = accuracy(&[vec![(60.0, 50.0), (40.0, 40.0)], vec![(50.0, 40.0), (30.0, 40.0)]]);
        assert_eq!(a.elevation, Some(6.25));
        assert_eq!(a.differential_elevation, Some(6.25));
        assert_eq!(a.stereotype_accuracy, Some(56.25));
        // Trainee residuals: 60-50-55+45 = 0, 40-50-35+45 = 0, 50-40-55+45 = 0, 30-40-35+45 = 0.
        // Reference residuals: 50-45-45+42.5 = 2.5, 40-45-40+42.5 = -2.5, 40-40-45+42.5 = -2.5,
        // 40-40-40+42.5 = 2.5. DA = mean of 2.5² = 6.25.
        assert_eq!(a.differential_accuracy, Some(6.25));
        assert_eq!(a.note, None);
        let one = accuracy(&[vec![(60.0, 50.0), (40.0, 40.0)]]);
        assert_eq!((one.elevation, one.stereotype_accuracy), (Some(25.0), Some(25.0)));
        assert!(one.differential_elevation.is_none() && one.differential_accuracy.is_none());
        assert!(one.note.unwrap().contains("at least two"));
        assert_eq!(accuracy(&[vec![]]).elevation, None);
    }

    #[test]
    fn a_pass_rule_out_of_range_is_refused() {
        let ok = PassRule { max_abs_bias: 10.0, max_mad: 12.0, min_spearman: 0.6 };
        assert!(ok.validate().is_ok());
        for bad in [
            PassRule { max_abs_bias: -1.0, ..ok },
            PassRule { max_mad: 101.0, ..ok },
            PassRule { min_spearman: 1.5, ..ok },
            PassRule { max_mad: f64::NAN, ..ok },
        ] {
            assert_eq!(bad.validate().unwrap_err().code(), "programme", "{bad:?}");
        }
    }
}
