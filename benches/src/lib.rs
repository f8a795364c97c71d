//! Benchmarks live in benches/benches; this crate hosts them and the peers they run against.
#![allow(clippy::unwrap_used, clippy::expect_used)] // benchmark code: a panic is a failed run

use std::collections::HashMap;

use zhuoyue::Catalog;

/// The peer: item points in a hash map, percents as floats, a float sum.
pub struct Naive {
    points: HashMap<String, (f64, usize)>,
    categories: usize,
}

impl Default for Naive {
    fn default() -> Naive {
        Naive::new()
    }
}

impl Naive {
    pub fn new() -> Naive {
        let catalog = Catalog::builtin().unwrap();
        let fw = catalog.get("gbt19580-2012").unwrap();
        let mut points = HashMap::new();
        for (c, category) in fw.categories.iter().enumerate() {
            for item in &category.items {
                points.insert(item.id.clone(), (f64::from(item.points), c));
            }
        }
        Naive { points, categories: fw.categories.len() }
    }

    pub fn score(&self, items: &serde_json::Map<String, serde_json::Value>) -> (f64, Vec<f64>) {
        let mut categories = vec![0.0; self.categories];
        let mut total = 0.0;
        for (id, value) in items {
            let percent = value.as_f64().or_else(|| value.get("percent").and_then(|p| p.as_f64())).unwrap();
            assert!((0.0..=100.0).contains(&percent) && percent % 5.0 == 0.0);
            let (points, c) = self.points[id.as_str()];
            let score = percent * points / 100.0;
            categories[c] += score;
            total += score;
        }
        (total, categories)
    }
}
