#![no_main]
// Every operation on one assessment, as the surfaces call them (zhuoyue::ops): score, validate,
// readiness and the roadmap for every award, a roadmap to a target taken from the input, reports
// in both languages and formats, the dossier, crosswalks and charts. Invariants, not only "no panic".
use libfuzzer_sys::fuzz_target;
#[path = "common.rs"]
mod common;
use common::catalog;
use zhuoyue::ops::{self, Options, PlanOptions, ReportFormat};
use zhuoyue::{Assessment, Date, Format, Lang, Points};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(a) = Assessment::parse(text, Format::Json) else { return };
    let catalog = catalog();
    let today = Some(Date { year: 2026, month: 11, day: 26 });
    let base = Options { partial: true, today, ..Options::default() };
    let Ok(scored) = ops::score(catalog, &a, &base) else { return };
    let card = &scored.card;
    assert!(Points::ZERO <= card.total && card.total <= card.max);
    assert_eq!(card.total, card.process.score + card.results.score);
    let v = ops::validate(catalog, &a, &base).expect("what scores validates");
    // The optimism guard: a range that holds its claim, flags for items the framework has.
    let c = ops::calibrate(catalog, &a, &base, None).expect("what scores calibrates");
    assert!(c.range.low <= c.range.claimed && c.range.claimed <= c.range.high, "{:?}", c.range);
    assert_eq!(c.range.claimed, scored.card.total);
    assert!(c.flags.iter().all(|f| f.points_at_stake.hundredths() >= 0));
    assert_eq!(v.rated, card.rated);
    // One award, one language and one format per input (chosen by its bytes), so an input runs in
    // milliseconds and the fuzzer explores rather than repeats.
    let awards: Vec<_> =
        catalog.awards().iter().filter(|w| w.frameworks.contains(&card.framework) && w.applicant == a.kind).collect();
    let pick = usize::from(data[data.len() / 2]);
    if let Some(award) = awards.get(pick % awards.len().max(1)) {
        let opts = Options { award: Some(award.id.clone()), ..base.clone() };
        let r = ops::readiness(catalog, &a, &opts).expect("an award of this framework judges it");
        match (r.total, r.line, r.gap) {
            (Some(total), Some(line), Some(gap)) => {
                assert_eq!(gap, if total >= line { Points::ZERO } else { line - total });
                let p = ops::plan(catalog, &a, &opts, &PlanOptions::default()).expect("an award's line is reachable");
                assert!(p.plan.end >= p.plan.target);
                assert!(p
                    .plan
                    .cycles
                    .iter()
                    .flat_map(|c| &c.raises)
                    .all(|x| x.to > x.from && x.to - x.from <= p.plan.max_raise));
            }
            // An award judged on gates alone: no line, no gap, no score verdict, ready once the gates pass.
            (_, None, gap) => assert!(gap.is_none() && r.score_verdict.is_none() && award.score_line.is_none()),
            other => panic!("a line without a total or gap: {other:?}"),
        }
        let lang = Lang::ALL[pick % 2];
        let format = if pick % 4 < 2 { ReportFormat::Html } else { ReportFormat::Markdown };
        let report = ops::report(catalog, &a, &Options { lang, ..opts.clone() }, format).expect("reports");
        // User text never becomes markup: the only script-like text is escaped.
        assert!(!report.contains("<script"), "unescaped markup");
        // The dossier, in the same language, in every format (DOCX too: the fuzz build has it).
        let kind = [ops::DossierFormat::Html, ops::DossierFormat::Markdown, ops::DossierFormat::Docx][pick % 3];
        let dossier = ops::dossier(catalog, &a, &Options { lang, ..opts.clone() }, kind).expect("what scores has a dossier");
        assert!(!dossier.is_empty());
        if kind != ops::DossierFormat::Docx {
            assert!(!String::from_utf8_lossy(&dossier).contains("<script"), "unescaped markup in the dossier");
        }
    }
    // A target taken from the input: within range it has a plan ending on or above it.
    let target = Points(i64::from(data[0]) * 391 % (card.max.hundredths() + 1));
    let request = PlanOptions { target: Some(target.to_string()), ..PlanOptions::default() };
    let p = ops::plan(catalog, &a, &base, &request).expect("a target within range has a plan");
    assert!(p.plan.end >= target);
    for to in catalog.crosswalks().iter().filter(|c| c.from == card.framework).map(|c| c.to.clone()) {
        let t = ops::crosswalk(catalog, &a, &to, &base).expect("a built-in crosswalk translates");
        assert!(t.items.iter().all(|i| (0..=1000).contains(&i.coverage_thousandths)));
        ops::score(catalog, &t.assessment, &base).expect("a translated assessment scores");
    }
    let charts = ops::charts(catalog, &a, &base).expect("charts");
    assert!(charts.radar.starts_with("<svg") && charts.bars.starts_with("<svg"));
});
