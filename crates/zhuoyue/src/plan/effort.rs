//! Effort weights per item (uniform, from pairs, or an effort file) and the default raise per cycle.

use serde::Deserialize;

use crate::framework::Framework;
use crate::text::{from_text, Format, OrderedMap};
use crate::Error;

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
pub struct Effort(pub(crate) Vec<u64>);

/// Largest effort weight accepted for one step; beyond it a value is a mistake, not a weight.
const MAX_EFFORT: f64 = 1_000_000.0;

impl Effort {
    /// Weight 1 for every item.
    pub fn uniform(framework: &Framework) -> Effort {
        Effort(vec![1000; framework.item_count()])
    }

    /// Reads an effort file: a map of item id to a non-negative number; items left out weigh 1.
    pub fn parse(text: &str, format: Format, framework: &Framework) -> Result<Effort, Error> {
        Effort::from_pairs(framework, &Effort::pairs(text, format)?)
    }

    /// The `(item id, weight)` pairs of an effort file's text, checked against a framework later
    /// (`from_pairs`): what a surface hands the roadmap operation after reading a file.
    pub fn pairs(text: &str, format: Format) -> Result<Vec<(String, f64)>, Error> {
        let pairs: EffortFile = from_text(text, format).map_err(|e| match e {
            Error::Syntax { message, path, .. } => Error::Effort {
                // The file is one flat map, so the error's path is the item id.
                item: Some(path).filter(|p| !p.is_empty()),
                rule: format!("{message} (an effort file maps item ids to non-negative numbers)"),
            },
            other => other,
        })?;
        Ok(pairs.0)
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
