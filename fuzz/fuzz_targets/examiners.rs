#![no_main]
// The examiners' and programme office's operations on several inputs at once: the input is split at
// NUL bytes into assessments (JSON or TOML) and, last, a consensus record or a roster. Consensus,
// cohort and programme must not panic, and what they return must hold together.
use libfuzzer_sys::fuzz_target;
#[path = "common.rs"]
mod common;
use common::catalog;
use zhuoyue::ops::{self, Examiner, Options, Source};
use zhuoyue::{Assessment, Date, Format};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let parts: Vec<&str> = text.split('\0').take(6).collect();
    let catalog = catalog();
    let today = Some(Date { year: 2026, month: 11, day: 26 });
    let (inputs, last) = parts.split_at(parts.len().saturating_sub(1));
    let last = last.first().copied().unwrap_or("");
    // Cohort: every input is a row, a failure or skipped.
    let sources: Vec<Source> =
        parts.iter().enumerate().map(|(i, t)| Source { name: format!("{i}.json"), text: Ok(t.to_string()) }).collect();
    let award = Some("shanghai-quality-gold".to_string());
    let cohort = ops::cohort(catalog, &sources, &Options { award: award.clone(), today, ..Options::default() })
        .expect("a cohort always forms");
    assert_eq!(cohort.rows.len() + cohort.failures.len() + cohort.skipped.len(), parts.len());
    // Consensus of the inputs that parse, with the last part as a record.
    let examiners: Vec<Examiner> = inputs
        .iter()
        .enumerate()
        .filter_map(|(i, t)| {
            Assessment::parse(t, Format::detect("", t)).ok().map(|a| Examiner::from_assessment(format!("E{i}"), a))
        })
        .collect();
    let record = zhuoyue::consensus::Record::parse(last, Format::detect("", last)).ok();
    if let Ok(c) = ops::consensus(catalog, &examiners, 20, record.as_ref()) {
        for row in &c.worksheet.rows {
            if let (Some(p), Some(lo), Some(hi)) = (row.proposed, row.min, row.max) {
                assert!(lo.saturating_sub(5) <= p && p <= hi.saturating_add(5), "proposal near the median");
            }
            assert_eq!(row.flagged, row.spread > 20);
        }
        if let Some(agreed) = c.agreed {
            let again = Assessment::parse(&agreed.assessment.to_json(), Format::Json).expect("re-parses");
            ops::score(catalog, &again, &Options { partial: true, ..Options::default() }).expect("re-scores");
        }
    }
    // History: whatever forms is in date order, and its changes add up.
    let named: Vec<(String, Assessment)> = examiners.iter().map(|e| (e.name.clone(), e.assessment.clone())).collect();
    let opts = Options { partial: true, today, ..Options::default() };
    if let Ok(h) = ops::history(catalog, &named, &opts, None) {
        assert!(h.series.windows(2).all(|w| w[0].date < w[1].date), "ascending, no two on a date");
        if let (Some(first), Some(last)) = (h.series.first(), h.series.last()) {
            assert_eq!(last.since_first, last.total - first.total);
        }
    }
    // Programme: the last part as a roster, the parsed inputs as its members' assessments.
    if let Ok(roster) = zhuoyue::programme::Roster::parse(last, Format::detect("", last)) {
        let members: Vec<(String, Assessment)> =
            roster.organisations.iter().map(|m| m.id.clone()).zip(examiners.into_iter().map(|e| e.assessment)).collect();
        // One of the roster's bodies (if any) narrows it, chosen by the input's length.
        let body = roster.bodies.get(last.len() % (roster.bodies.len() + 1)).map(|b| b.id.clone());
        let request = ops::ProgrammeRequest { body, ..ops::ProgrammeRequest::default() };
        if let Ok(p) = ops::programme(catalog, &roster, &request, &members, &Options { award, today, ..Options::default() }) {
            let tables = std::iter::once(&p.plan_table).chain(&p.plan_tables);
            assert!(tables.flat_map(|t| &t.rows).all(|r| r.len() == p.plan_table.headers.len()));
            assert!(p.progress.lines.iter().all(|l| l.shortfall == l.target.map(|t| t.saturating_sub(l.cumulative))));
            // A body's share carries no targets; the whole roster's sector lines do.
            assert!(p.progress.body.is_none() || p.progress.lines.iter().all(|l| l.target.is_none()));
            assert!(p.candidates.iter().all(|c| !matches!(c.verdict, zhuoyue::readiness::Verdict::Ineligible)));
        }
    }
});
