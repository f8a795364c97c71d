#![no_main]
// Every TOML data file the engine loads: frameworks, award profiles, crosswalks, programme targets,
// rosters, consensus records, effort files. None may panic; what loads must be usable.
use libfuzzer_sys::fuzz_target;
#[path = "common.rs"]
mod common;
use common::catalog;
use zhuoyue::Format;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let catalog = catalog();
    let fw = &catalog.frameworks()[0];
    if let Ok(f) = zhuoyue::Framework::from_toml(text) {
        let percents = vec![Some(100u8); f.item_count()];
        assert_eq!(zhuoyue::score::score(&f, &percents).total, f.max());
    }
    if let Ok(a) = zhuoyue::award::AwardProfile::from_toml(text) {
        let _ = a.applies_to(fw);
    }
    if let Ok(c) = zhuoyue::crosswalk::Crosswalk::from_toml(text) {
        let _ = c.check(fw, &catalog.frameworks()[1]);
    }
    let _ = zhuoyue::programme::Targets::from_toml(text);
    let _ = zhuoyue::programme::Roster::parse(text, Format::Toml);
    let _ = zhuoyue::consensus::Record::parse(text, Format::Toml);
    let _ = zhuoyue::plan::Effort::parse(text, Format::Toml, fw);
});
