#![no_main]
// Any bytes as a workbook: a scorebook, a self-assessment and a roster are read from them or
// refused with an error naming the sheet and cell; nothing panics, nothing reads without bound. A
// scorebook that is read seals and reads back as itself.
use libfuzzer_sys::fuzz_target;
#[path = "common.rs"]
mod common;
use common::catalog;
use zhuoyue::scorebook::Scorebook;
use zhuoyue::{sheet, Format};

fuzz_target!(|data: &[u8]| {
    let catalog = catalog();
    if let Ok(book) = sheet::scorebook_from_workbook(data, catalog) {
        assert!(book.sealed.is_none(), "a workbook has no seal");
        if let Ok(sealed) = zhuoyue::ops::seal(catalog, &book, "2026-11-26T00:00:00Z") {
            let again = Scorebook::parse(&sealed.to_json(), Format::Json).expect("a sealed scorebook reads back");
            assert_eq!(again, sealed);
        }
        let fw = catalog.get(&book.framework).expect("its framework is known");
        let bytes = sheet::scorebook_workbook(fw, &book, zhuoyue::Lang::Zh).expect("writes back");
        let back = sheet::scorebook_from_workbook(&bytes, catalog).expect("what we write, we read");
        assert_eq!(back.items.0.len(), fw.item_count());
    }
    if let Ok(a) = sheet::assessment_from_workbook(data, catalog) {
        zhuoyue::Assessment::parse(&a.to_json(), Format::Json).expect("re-parses");
    }
    let _ = sheet::roster_from_workbook(data);
});
