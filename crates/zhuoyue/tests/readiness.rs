//! Award readiness: every gate with its fact missing, passing and failing; verdict boundaries;
//! floors and levels; bad profiles and bad uses refused clearly.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a test failure

use zhuoyue::award::AwardProfile;
use zhuoyue::readiness::{readiness, Readiness, ReasonKind, Status, Verdict};
use zhuoyue::score::score;
use zhuoyue::{Catalog, Organisation, Points};

const YEAR: i32 = 2026;

fn eligible() -> Organisation {
    Organisation {
        region: Some("shanghai".into()),
        founded: Some(2010),
        legal_compliance: Some(true),
        licences: Some(true),
        industry_leading: Some(true),
        ..Organisation::default()
    }
}

/// All items at `percent`, then `(position, percent)` overrides.
fn percents(percent: u8, overrides: &[(usize, u8)]) -> Vec<Option<u8>> {
    let mut p = vec![Some(percent); 23];
    for (i, v) in overrides {
        p[*i] = Some(*v);
    }
    p
}

/// An assessment carrying only the organisation's facts (readiness reads the card for scores).
fn of(org: &Organisation) -> zhuoyue::Assessment {
    zhuoyue::Assessment {
        organisation: org.clone(),
        ..zhuoyue::Assessment::from_percents(Catalog::builtin().unwrap().get("gbt19580-2012").unwrap(), &[])
    }
}

fn judge(award: &str, org: &Organisation, p: &[Option<u8>]) -> Readiness {
    let catalog = Catalog::builtin().unwrap();
    let card = score(catalog.get("gbt19580-2012").unwrap(), p);
    readiness(&card, &of(org), catalog.award(award).unwrap(), YEAR).unwrap()
}

fn gate_status(award: &str, org: &Organisation, gate: &str) -> Status {
    let r = judge(award, org, &percents(60, &[]));
    let reason = r.reasons.iter().find(|x| x.kind == ReasonKind::Gate && x.id == gate).unwrap();
    assert!(!reason.sentence.zh.is_empty() && !reason.sentence.en.is_empty());
    reason.status
}

const INFRASTRUCTURE: usize = 11; // 4.4.6, 10 points: one 5% step is 0.50 points

#[test]
fn verdict_boundaries_around_the_line() {
    let org = eligible();
    // All 55%: exactly 550.00, the gold line.
    let r = judge("shanghai-quality-gold", &org, &percents(55, &[]));
    assert_eq!((r.verdict, r.total, r.gap), (Verdict::Ready, Points::whole(550), Points::ZERO));
    // One step below the line.
    let r = judge("shanghai-quality-gold", &org, &percents(55, &[(INFRASTRUCTURE, 50)]));
    assert_eq!((r.verdict, r.gap), (Verdict::Near, Points(50)));
    // Exactly at the near margin (50 points below): still near.
    let r = judge("shanghai-quality-gold", &org, &percents(50, &[]));
    assert_eq!((r.verdict, r.gap), (Verdict::Near, Points::whole(50)));
    // One step beyond the margin.
    let r = judge("shanghai-quality-gold", &org, &percents(50, &[(INFRASTRUCTURE, 45)]));
    assert_eq!(r.verdict, Verdict::NotYet);
    let line = r.reasons.iter().find(|x| x.kind == ReasonKind::Line).unwrap();
    assert_eq!(line.status, Status::Fail);
    assert_eq!(line.sentence.en, "Total 499.50 is 50.50 points below the score line 550.00");
    assert_eq!(line.sentence.zh, "总分 499.50，距评审线 550.00 还差 50.50 分");
}

#[test]
fn a_floor_not_met_keeps_a_high_total_from_ready() {
    let org = eligible();
    // Process items at 80%, results at 35%: 480 + 140 = 620 over the line, results under 160.
    let p: Vec<Option<u8>> = (0..23).map(|i| Some(if i >= 17 { 35 } else { 80 })).collect();
    let r = judge("shanghai-quality-gold", &org, &p);
    assert_eq!(r.total, Points::whole(620));
    assert_eq!(r.verdict, Verdict::Near);
    let floor = r.reasons.iter().find(|x| x.kind == ReasonKind::Floor).unwrap();
    assert_eq!(
        (floor.status, floor.expected.as_str(), floor.actual.as_deref()),
        (Status::Fail, ">= 160.00", Some("140.00"))
    );
}

#[test]
fn gates_with_facts_missing_passing_and_failing() {
    let gold = "shanghai-quality-gold";
    let base = eligible();
    let with = |f: &dyn Fn(&mut Organisation)| {
        let mut o = base.clone();
        f(&mut o);
        o
    };
    // Years in operation: from the founding year, or stated outright (which wins).
    assert_eq!(gate_status(gold, &with(&|o| o.founded = None), "operating-3-years"), Status::Unknown);
    assert_eq!(gate_status(gold, &with(&|o| o.founded = Some(2024)), "operating-3-years"), Status::Fail);
    assert_eq!(gate_status(gold, &with(&|o| o.founded = Some(2023)), "operating-3-years"), Status::Pass);
    assert_eq!(
        gate_status(
            gold,
            &with(&|o| {
                o.founded = None;
                o.years_in_operation = Some(3)
            }),
            "operating-3-years"
        ),
        Status::Pass
    );
    // Region.
    assert_eq!(gate_status(gold, &with(&|o| o.region = None), "registered-locally"), Status::Unknown);
    assert_eq!(gate_status(gold, &with(&|o| o.region = Some("beijing".into())), "registered-locally"), Status::Fail);
    assert_eq!(gate_status(gold, &with(&|o| o.region = Some(" Shanghai ".into())), "registered-locally"), Status::Pass);
    // Declarations.
    for (gate, set) in [
        ("legal-compliance", (|o: &mut Organisation, v| o.legal_compliance = v) as fn(&mut Organisation, Option<bool>)),
        ("licences", |o, v| o.licences = v),
        ("industry-leading", |o, v| o.industry_leading = v),
    ] {
        assert_eq!(gate_status(gold, &with(&|o| set(o, None)), gate), Status::Unknown, "{gate}");
        assert_eq!(gate_status(gold, &with(&|o| set(o, Some(false))), gate), Status::Fail, "{gate}");
        assert_eq!(gate_status(gold, &with(&|o| set(o, Some(true))), gate), Status::Pass, "{gate}");
    }
    // The older rules: losses, accidents, credit.
    let older = "shanghai-quality-gold-older";
    assert_eq!(gate_status(older, &base, "no-loss-3-years"), Status::Unknown);
    assert_eq!(gate_status(older, &with(&|o| o.loss_years = Some(vec![2024])), "no-loss-3-years"), Status::Fail);
    assert_eq!(gate_status(older, &with(&|o| o.loss_years = Some(vec![2022, 2026])), "no-loss-3-years"), Status::Pass);
    assert_eq!(gate_status(older, &with(&|o| o.loss_years = Some(vec![])), "no-loss-3-years"), Status::Pass);
    let accidents = "no-major-accident-3-years";
    assert_eq!(gate_status(older, &base, accidents), Status::Unknown);
    assert_eq!(gate_status(older, &with(&|o| o.major_accidents_last_3_years = Some(1)), accidents), Status::Fail);
    assert_eq!(gate_status(older, &with(&|o| o.major_accidents_last_3_years = Some(0)), accidents), Status::Pass);
    assert_eq!(gate_status(older, &with(&|o| o.founded = Some(2022)), "operating-5-years"), Status::Fail);
    // The mayor's award: the gold award held for 3 years.
    let mayor = "shanghai-mayor";
    let gold_in = |year| vec![zhuoyue::assessment::PriorAward { award: gold.into(), year }];
    assert_eq!(gate_status(mayor, &base, "gold-award-3-years"), Status::Unknown);
    assert_eq!(gate_status(mayor, &with(&|o| o.prior_awards = Some(vec![])), "gold-award-3-years"), Status::Fail);
    assert_eq!(
        gate_status(mayor, &with(&|o| o.prior_awards = Some(gold_in(2024))), "gold-award-3-years"),
        Status::Fail
    );
    assert_eq!(
        gate_status(mayor, &with(&|o| o.prior_awards = Some(gold_in(2023))), "gold-award-3-years"),
        Status::Pass
    );
}

#[test]
fn individual_award_gate_on_years_of_quality_work() {
    let text = r#"
id = "individual"
version = "1"
edition = "test"
name = { zh = "个人奖", en = "Individual award" }
level = "city"
frameworks = ["gbt19580-2012"]
score_line = 0
near_margin = 0
provenance = { source = "test", confidence = "test" }
[[gates]]
id = "ten-years"
text = { zh = "从事质量工作满 10 年", en = "10 years of quality work" }
rule = { kind = "min-quality-work-years", min = 10 }
"#;
    let award = AwardProfile::from_toml(text).unwrap();
    let catalog = Catalog::builtin().unwrap();
    let card = score(catalog.get("gbt19580-2012").unwrap(), &percents(0, &[]));
    let status = |years| {
        let org = Organisation { quality_work_years: years, ..Organisation::default() };
        readiness(&card, &of(&org), &award, YEAR).unwrap().reasons[0].status
    };
    assert_eq!((status(None), status(Some(9)), status(Some(10))), (Status::Unknown, Status::Fail, Status::Pass));
}

#[test]
fn a_failed_gate_outranks_an_unknown_one_and_both_outrank_the_score() {
    let mut org = eligible();
    org.region = None;
    let r = judge("shanghai-quality-gold", &org, &percents(90, &[]));
    assert_eq!((r.verdict, r.score_verdict), (Verdict::Unknown, Verdict::Ready));
    org.licences = Some(false);
    let r = judge("shanghai-quality-gold", &org, &percents(90, &[]));
    assert_eq!(r.verdict, Verdict::Ineligible);
    let reasons: Vec<_> = r.reasons.iter().filter(|x| x.status != Status::Pass).map(|x| x.id.as_str()).collect();
    // The profile not written yet is unknown too, but a document does not decide eligibility.
    assert_eq!(reasons, ["registered-locally", "licences", "profile-length"]);
}

/// The award's profile limit: characters (not bytes), whitespace included, summed over the
/// sections; over the limit caps a ready verdict at near and says how much to cut.
#[test]
fn a_profile_over_the_award_limit_caps_the_verdict_at_near() {
    let catalog = Catalog::builtin().unwrap();
    let card = score(catalog.get("gbt19580-2012").unwrap(), &percents(90, &[]));
    let award = catalog.award("shanghai-quality-gold").unwrap();
    let with_profile = |texts: &[(&str, String)]| {
        let mut a = of(&eligible());
        a.profile.sections = texts.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
        readiness(&card, &a, award, YEAR).unwrap()
    };
    let reason = |r: &Readiness| r.reasons.iter().find(|x| x.id == "profile-length").unwrap().clone();
    // 3000 characters of Chinese (9000 bytes in UTF-8) with spaces and a newline: at the limit.
    let at_limit =
        with_profile(&[("environment", "质".repeat(1500)), ("challenges", format!("{} \n", "量".repeat(1498)))]);
    assert_eq!((at_limit.verdict, reason(&at_limit).status), (Verdict::Ready, Status::Pass));
    assert_eq!(reason(&at_limit).actual.as_deref(), Some("3000"));
    let over = with_profile(&[("environment", "质".repeat(1500)), ("challenges", "量".repeat(1501))]);
    let r = reason(&over);
    assert_eq!(
        (over.verdict, over.score_verdict, r.status, r.kind),
        (Verdict::Near, Verdict::Ready, Status::Fail, ReasonKind::Document)
    );
    assert!(r.sentence.en.contains("3001 characters, over the limit of 3000; cut 1"), "{}", r.sentence.en);
    assert!(r.sentence.zh.contains("3001 字，超过上限 3000 字"), "{}", r.sentence.zh);
    // An award without a limit has no such reason.
    let mayor_free = catalog.award("excellence-levels").unwrap();
    assert!(readiness(&card, &of(&eligible()), mayor_free, YEAR)
        .unwrap()
        .reasons
        .iter()
        .all(|x| x.id != "profile-length"));
}

#[test]
fn excellence_levels_report_the_level_reached_and_the_next() {
    let org = Organisation::default();
    let r = judge("excellence-levels", &org, &percents(45, &[]));
    assert_eq!(
        (r.verdict, r.level_reached.as_deref(), r.next_level.as_deref()),
        (Verdict::Ready, Some("4-star"), Some("5-star"))
    );
    let next = r.reasons.iter().find(|x| x.id == "5-star").unwrap();
    assert_eq!(next.sentence.en, "50.00 points short of 5 stars (500 points)");
    let r = judge("excellence-levels", &org, &percents(25, &[]));
    assert_eq!((r.verdict, r.level_reached, r.next_level.as_deref()), (Verdict::NotYet, None, Some("3-star")));
    let r = judge("excellence-levels", &org, &percents(100, &[]));
    assert_eq!((r.level_reached.as_deref(), r.next_level), (Some("5-star"), None));
}

#[test]
fn bad_award_use_and_bad_profiles_are_clear_errors() {
    let catalog = Catalog::builtin().unwrap();
    let e = catalog.award("nobel").unwrap_err();
    assert_eq!(e.code(), "unknown-award");
    assert!(e.to_string().contains("shanghai-quality-gold"), "lists the known awards: {e}");

    let base = zhuoyue::catalog::BUILTIN_AWARDS[0].1;
    let broken = |from: &str, to: &str| {
        assert!(base.contains(from), "{from}");
        AwardProfile::from_toml(&base.replacen(from, to, 1)).unwrap_err()
    };
    let e = broken("id = \"registered-locally\"", "id = \"operating-3-years\"");
    assert_eq!(e.code(), "award");
    assert!(e.to_string().contains("gate operating-3-years") && e.to_string().contains("unique"), "{e}");
    let e = broken("kind = \"region\"", "kind = \"zodiac\"");
    assert!(e.to_string().contains("zodiac"), "{e}");
    let e = broken("region = \"shanghai\" }", "region = \"shanghai\", district = \"x\" }");
    assert!(e.to_string().contains("district"), "{e}");
    // A rule takes exactly its kind's fields; the error says which and where.
    let e = broken("rule = { kind = \"region\", region = \"shanghai\" }", "rule = { kind = \"region\" }");
    assert!(e.to_string().contains("missing field `region`") && e.to_string().contains("gates"), "{e}");
    let e = broken(
        "{ kind = \"min-years-operating\", min = 3 }",
        "{ kind = \"min-years-operating\", min = 3, fact = \"licences\" }",
    );
    assert!(e.to_string().contains("unknown field `fact` for kind `min-years-operating`"), "{e}");
    let e = broken("{ kind = \"min-years-operating\", min = 3 }", "{ kind = \"min-years-operating\", min = -3 }");
    assert_eq!(e.code(), "syntax");
    let e = broken("kind = \"kind-points\"", "kind = \"category-percent\"");
    assert!(e.to_string().contains("unknown field `of` for kind `category-percent`"), "{e}");
    let e = broken(
        "kind = \"kind-points\"\nof = \"results\"\nmin = 160",
        "kind = \"category-percent\"\ncategory = \"4.1\"\nmin = 300",
    );
    assert!(e.to_string().contains("`min` is a percent"), "{e}");
    let e = broken("frameworks = [\"gbt19580-2012\"]", "frameworks = []");
    assert!(e.to_string().contains("frameworks"), "{e}");
    let e = broken("en = \"Shanghai Quality Gold Award\"", "en = \"\"");
    assert!(e.to_string().contains("zh and en"), "{e}");
    let e = broken("level = \"city\"", "level = \"galactic\"");
    assert_eq!(e.code(), "syntax");

    // A profile whose line or floor does not fit the framework is refused when used.
    let card = score(catalog.get("gbt19580-2012").unwrap(), &percents(50, &[]));
    let too_high = AwardProfile::from_toml(&base.replacen("score_line = 550", "score_line = 1200", 1)).unwrap();
    let e = readiness(&card, &of(&Organisation::default()), &too_high, YEAR).unwrap_err();
    assert!(e.to_string().contains("score_line") && e.to_string().contains("1000"), "{e}");
    let floor = AwardProfile::from_toml(&base.replacen("min = 160", "min = 450", 1)).unwrap();
    assert!(readiness(&card, &of(&Organisation::default()), &floor, YEAR)
        .unwrap_err()
        .to_string()
        .contains("above the Results maximum"));

    // An award for another framework.
    let other = AwardProfile::from_toml(&base.replacen(
        "frameworks = [\"gbt19580-2012\"]",
        "frameworks = [\"baldrige-2023-2024\"]",
        1,
    ))
    .unwrap();
    let e = readiness(&card, &of(&Organisation::default()), &other, YEAR).unwrap_err();
    assert_eq!(e.code(), "award-framework");
    assert!(e.to_string().contains("baldrige-2023-2024") && e.to_string().contains("gbt19580-2012"), "{e}");
}
