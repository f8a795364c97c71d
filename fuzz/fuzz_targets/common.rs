#![allow(dead_code)] // each target uses part of this module
// Shared by the assessment targets: whatever parses must check and score within bounds, and must
// survive a JSON round-trip unchanged.
use std::sync::OnceLock;

use zhuoyue::{Assessment, Catalog, Completeness, Format, Points};

/// The built-ins, parsed once per process rather than once per input (the harness's only state).
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::builtin().expect("built-ins load"))
}

pub fn assessment(data: &[u8], format: Format) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(a) = Assessment::parse(text, format) else { return };
    let again = Assessment::parse(&a.to_json(), Format::Json).expect("a parsed assessment re-parses");
    assert_eq!(again, a, "JSON round-trip");
    let catalog = catalog();
    if let Ok(checked) = catalog.check(&a, Completeness::Partial) {
        let card = checked.score();
        assert!(Points::ZERO <= card.total && card.total <= card.max());
        assert_eq!(card.total, card.process + card.results);
        let _ = zhuoyue::report::render(&checked, None, 2026, zhuoyue::report::Lang::En, false);
    }
}
