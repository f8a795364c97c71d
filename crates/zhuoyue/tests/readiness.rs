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
    readiness(Some(&card), &of(org), catalog.award(award).unwrap(), YEAR, &[]).unwrap()
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
    assert_eq!((r.verdict, r.total, r.gap), (Verdict::Ready, Some(Points::whole(550)), Some(Points::ZERO)));
    // One step below the line.
    let r = judge("shanghai-quality-gold", &org, &percents(55, &[(INFRASTRUCTURE, 50)]));
    assert_eq!((r.verdict, r.gap), (Verdict::Near, Some(Points(50))));
    // Exactly at the near margin (50 points below): still near.
    let r = judge("shanghai-quality-gold", &org, &percents(50, &[]));
    assert_eq!((r.verdict, r.gap), (Verdict::Near, Some(Points::whole(50))));
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
    assert_eq!(r.total, Some(Points::whole(620)));
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
fn a_failed_gate_outranks_an_unknown_one_and_both_outrank_the_score() {
    let mut org = eligible();
    org.region = None;
    let r = judge("shanghai-quality-gold", &org, &percents(90, &[]));
    assert_eq!((r.verdict, r.score_verdict), (Verdict::Unknown, Some(Verdict::Ready)));
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
        readiness(Some(&card), &a, award, YEAR, &[]).unwrap()
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
        (Verdict::Near, Some(Verdict::Ready), Status::Fail, ReasonKind::Document)
    );
    assert!(r.sentence.en.contains("3001 characters, over the limit of 3000; cut 1"), "{}", r.sentence.en);
    assert!(r.sentence.zh.contains("3001 字，超过上限 3000 字"), "{}", r.sentence.zh);
    // An award without a limit has no such reason.
    let mayor_free = catalog.award("excellence-levels").unwrap();
    assert!(readiness(Some(&card), &of(&eligible()), mayor_free, YEAR, &[])
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
    let e = readiness(Some(&card), &of(&Organisation::default()), &too_high, YEAR, &[]).unwrap_err();
    assert!(e.to_string().contains("score_line") && e.to_string().contains("1000"), "{e}");
    let floor = AwardProfile::from_toml(&base.replacen("min = 160", "min = 450", 1)).unwrap();
    assert!(readiness(Some(&card), &of(&Organisation::default()), &floor, YEAR, &[])
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
    let e = readiness(Some(&card), &of(&Organisation::default()), &other, YEAR, &[]).unwrap_err();
    assert_eq!(e.code(), "award-framework");
    assert!(e.to_string().contains("baldrige-2023-2024") && e.to_string().contains("gbt19580-2012"), "{e}");
}

// ---- individual awards ----

fn nominee(years: Option<u32>) -> zhuoyue::Assessment {
    let text = format!(
        r#"{{"kind": "individual", "individual": {{"name": "李明", "region": "shanghai", {}
            "prior_awards": [], "applications": [], "legal_compliance": true, "good_conduct": true}}}}"#,
        years.map(|y| format!(r#""quality_work_years": {y},"#)).unwrap_or_default()
    );
    zhuoyue::Assessment::parse(&text, zhuoyue::Format::Json).unwrap()
}

fn judge_person(award: &str, a: &zhuoyue::Assessment) -> Readiness {
    let catalog = Catalog::builtin().unwrap();
    let opts = zhuoyue::ops::Options { award: Some(award.into()), year: Some(YEAR), ..Default::default() };
    zhuoyue::ops::readiness(&catalog, a, &opts).unwrap()
}

/// The issue's case: 9 years is ineligible for the mayor's individual award, naming the 10-year rule
/// and the actual value; 12 years is ready; no line, so total, line, gap and score verdict are null.
#[test]
fn a_nominee_with_9_years_is_ineligible_for_the_mayors_individual_award_and_one_with_12_is_ready() {
    let nine = judge_person("shanghai-mayor-individual", &nominee(Some(9)));
    assert_eq!(nine.verdict, Verdict::Ineligible);
    let failed: Vec<_> = nine.reasons.iter().filter(|r| r.status == Status::Fail).collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(
        (failed[0].id.as_str(), failed[0].expected.as_str(), failed[0].actual.as_deref()),
        ("quality-work-10-years", ">= 10 years", Some("9 years"))
    );
    assert!(failed[0].sentence.en.contains("10 years") && failed[0].sentence.en.contains("(9 years)"));
    assert!(failed[0].sentence.zh.contains("满 10 年") && failed[0].sentence.zh.contains("9 年"));
    let twelve = judge_person("shanghai-mayor-individual", &nominee(Some(12)));
    assert_eq!(twelve.verdict, Verdict::Ready);
    assert_eq!(
        (twelve.total, twelve.line, twelve.gap, twelve.score_verdict, twelve.complete),
        (None, None, None, None, None)
    );
    let json = serde_json::to_value(&twelve).unwrap();
    for key in ["total", "line", "gap", "score_verdict"] {
        assert!(json[key].is_null(), "{key}");
    }
    assert_eq!(json["applicant"], "individual");
    // A fact left out is unknown, never a pass; the district pattern asks 5 years.
    assert_eq!(judge_person("shanghai-mayor-individual", &nominee(None)).verdict, Verdict::Unknown);
    assert_eq!(judge_person("district-individual", &nominee(Some(5))).verdict, Verdict::Ready);
    assert_eq!(judge_person("district-individual", &nominee(Some(4))).verdict, Verdict::Ineligible);
    // The gold individual award's years are not known here: no such gate, so 1 year is not refused.
    assert_eq!(judge_person("shanghai-gold-individual", &nominee(Some(1))).verdict, Verdict::Ready);
}

/// Application rules over time: a winner waits 5 years; no city and district award in one year.
#[test]
fn a_winner_waits_five_years_and_city_and_district_are_not_entered_in_one_year() {
    let with = |f: &dyn Fn(&mut zhuoyue::Individual)| {
        let mut a = nominee(Some(12));
        f(a.individual.as_mut().unwrap());
        a
    };
    let gate = |a: &zhuoyue::Assessment, id: &str| {
        let r = judge_person("shanghai-mayor-individual", a);
        r.reasons.into_iter().find(|x| x.id == id).unwrap()
    };
    let won = |year| {
        with(&move |p| {
            p.prior_awards =
                Some(vec![zhuoyue::assessment::PriorAward { award: "shanghai-mayor-individual".into(), year }])
        })
    };
    let w = gate(&won(YEAR - 4), "winner-waits-5-years");
    assert_eq!(w.status, Status::Fail);
    assert!(w.sentence.en.contains(&format!("may apply again from {}", YEAR + 1)), "{}", w.sentence.en);
    assert_eq!(gate(&won(YEAR - 5), "winner-waits-5-years").status, Status::Pass);
    // Another award won recently does not count.
    let other = with(&|p| {
        p.prior_awards =
            Some(vec![zhuoyue::assessment::PriorAward { award: "district-individual".into(), year: YEAR - 1 }])
    });
    assert_eq!(gate(&other, "winner-waits-5-years").status, Status::Pass);
    let applied = |award: &str, level: Option<zhuoyue::award::Level>, year: i32| {
        let award = award.to_string();
        with(&move |p| p.applications = Some(vec![zhuoyue::Applied { award: award.clone(), level, year }]))
    };
    // A district award the catalog knows, the same year: refused, naming it.
    let clash = gate(&applied("district-individual", None, YEAR), "not-city-and-district-same-year");
    assert_eq!((clash.status, clash.actual.as_deref()), (Status::Fail, Some("also applied for district-individual")));
    // The level given where the award is not a known profile; another year or another city award is fine.
    let named = gate(
        &applied("qingpu-individual", Some(zhuoyue::award::Level::District), YEAR),
        "not-city-and-district-same-year",
    );
    assert_eq!(named.status, Status::Fail);
    assert_eq!(
        gate(&applied("district-individual", None, YEAR - 1), "not-city-and-district-same-year").status,
        Status::Pass
    );
    assert_eq!(
        gate(&applied("shanghai-gold-individual", None, YEAR), "not-city-and-district-same-year").status,
        Status::Pass
    );
    // An unknown award without its level cannot be judged.
    assert_eq!(gate(&applied("somewhere", None, YEAR), "not-city-and-district-same-year").status, Status::Unknown);
    // No applications stated at all: unknown.
    let silent = with(&|p| p.applications = None);
    assert_eq!(gate(&silent, "not-city-and-district-same-year").status, Status::Unknown);
}

/// A person file given to an organisation award and the reverse: a clear error naming the kinds.
#[test]
fn the_applicant_kind_must_match_the_award() {
    let catalog = Catalog::builtin().unwrap();
    let opts =
        |award: &str| zhuoyue::ops::Options { award: Some(award.into()), year: Some(YEAR), ..Default::default() };
    let e = zhuoyue::ops::readiness(&catalog, &nominee(Some(12)), &opts("shanghai-quality-gold")).unwrap_err();
    assert_eq!(e.code(), "applicant-kind");
    assert!(
        e.to_string().contains("for organisation applicants") && e.to_string().contains("individual nomination"),
        "{e}"
    );
    let org = of(&eligible());
    let e = zhuoyue::ops::readiness(&catalog, &org, &opts("shanghai-mayor-individual")).unwrap_err();
    assert_eq!(e.code(), "applicant-kind");
    assert!(
        e.to_string().contains("for individual applicants") && e.to_string().contains("organisation's assessment"),
        "{e}"
    );
}

/// Negative or absurd years, prior awards in the future, unknown award ids: each a clear error.
#[test]
fn bad_individual_facts_are_refused_clearly() {
    let parse = |fields: &str| {
        zhuoyue::Assessment::parse(
            &format!(r#"{{"kind": "individual", "individual": {{{fields}}}}}"#),
            zhuoyue::Format::Json,
        )
    };
    assert_eq!(parse(r#""quality_work_years": -3"#).unwrap_err().code(), "syntax");
    let e = parse(r#""quality_work_years": 300"#).unwrap_err();
    assert_eq!(e.code(), "applicant");
    assert!(e.to_string().contains("300 years"), "{e}");
    let e = parse(r#""prior_awards": [{"award": "x", "year": 99999}]"#).unwrap_err();
    assert!(e.to_string().contains("99999"), "{e}");
    assert_eq!(parse(r#""nickname": "x""#).unwrap_err().code(), "syntax");
    // A prior award after today is a typing error.
    let catalog = Catalog::builtin().unwrap();
    let future = parse(r#""prior_awards": [{"award": "shanghai-gold-individual", "year": 2031}]"#).unwrap();
    let opts = zhuoyue::ops::Options {
        award: Some("shanghai-mayor-individual".into()),
        today: zhuoyue::Date::parse("2026-11-26"),
        ..Default::default()
    };
    let e = zhuoyue::ops::readiness(&catalog, &future, &opts).unwrap_err();
    assert_eq!(e.code(), "applicant");
    assert!(e.to_string().contains("2031") && e.to_string().contains("2026-11-26"), "{e}");
    let unknown = zhuoyue::ops::Options { award: Some("mayor-personal".into()), ..opts };
    assert_eq!(zhuoyue::ops::readiness(&catalog, &nominee(Some(3)), &unknown).unwrap_err().code(), "unknown-award");
}

/// Individual profiles refuse gates that read an organisation's facts, and the reverse.
#[test]
fn a_profile_refuses_gates_for_the_other_kind_of_applicant() {
    let text = r#"
id = "person"
version = "1"
edition = "test"
name = { zh = "个人奖", en = "Individual award" }
level = "city"
applicant = "individual"
provenance = { source = "test", confidence = "test" }
[[gates]]
id = "operating"
text = { zh = "运营满 3 年", en = "3 years in operation" }
rule = { kind = "min-years-operating", min = 3 }
"#;
    let e = AwardProfile::from_toml(text).unwrap_err();
    assert!(e.to_string().contains("gate operating") && e.to_string().contains("organisation's facts"), "{e}");
    let org = text.replace(r#"applicant = "individual""#, r#"frameworks = ["gbt19580-2012"]"#).replace(
        r#"rule = { kind = "min-years-operating", min = 3 }"#,
        r#"rule = { kind = "min-quality-work-years", min = 3 }"#,
    );
    assert!(AwardProfile::from_toml(&org).unwrap_err().to_string().contains("individual's facts"));
    let no_own_level = text.replace(
        r#"rule = { kind = "min-years-operating", min = 3 }"#,
        r#"rule = { kind = "one-level-per-year", levels = ["district", "provincial"] }"#,
    );
    assert!(AwardProfile::from_toml(&no_own_level).unwrap_err().to_string().contains("own level"));
}

/// An optional rubric scores an individual's self-assessment through the same engine: the total is
/// reported, judged against no line.
#[test]
fn a_rubric_scores_a_nomination_without_a_line() {
    let mut catalog = Catalog::builtin().unwrap();
    let rubric =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/individual/rubric.toml")).unwrap();
    catalog.add(zhuoyue::Framework::from_toml(&rubric).unwrap()).unwrap();
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/individual/li-ming.json"))
        .unwrap();
    let mut a = zhuoyue::Assessment::parse(&text, zhuoyue::Format::Json).unwrap();
    a.framework = "example-individual-rubric".into();
    a.items =
        zhuoyue::Assessment::from_percents(catalog.get("example-individual-rubric").unwrap(), &[Some(60); 4]).items;
    let opts = zhuoyue::ops::Options {
        award: Some("shanghai-mayor-individual".into()),
        year: Some(YEAR),
        ..Default::default()
    };
    let r = zhuoyue::ops::readiness(&catalog, &a, &opts).unwrap();
    assert_eq!((r.verdict, r.line, r.score_verdict, r.complete), (Verdict::Ready, None, None, Some(true)));
    assert_eq!(r.total.map(|t| t.to_string()), Some("60.00".to_string()));
}
