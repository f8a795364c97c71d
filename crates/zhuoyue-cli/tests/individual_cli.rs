//! Individual awards and organising bodies at the terminal: a nomination's readiness, a roster of
//! organisations and individuals under several bodies, one plan table per body, and bad input.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a test failure

mod common;

use calamine::{open_workbook, Data, Reader, Xlsx};
use common::{fails_with, json_out, stderr, stdout, write, zhuoyue};
use serde_json::{json, Value};

const INDIVIDUAL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/individual");
const DRIVE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/drive");

#[test]
fn a_nominee_with_9_years_is_ineligible_for_the_mayors_individual_award_and_one_with_12_is_ready() {
    let nine = format!("{INDIVIDUAL}/wang-fang.toml");
    let o = zhuoyue(&["readiness", &nine, "--award", "shanghai-mayor-individual", "--year", "2026"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("Verdict: ineligible"), "{text}");
    assert!(
        text.contains("[fail]    At least 10 years of quality-related work in the city: not met (9 years)"),
        "{text}"
    );
    assert!(text.contains("在本市从事质量相关工作满 10 年：不满足（9 年）"), "{text}");
    let twelve = format!("{INDIVIDUAL}/li-ming.json");
    let v =
        json_out(&["readiness", &twelve, "--award", "shanghai-mayor-individual", "--year", "2026", "--format", "json"]);
    assert_eq!((&v["verdict"], &v["applicant"]), (&json!("ready"), &json!("individual")));
    for key in ["total", "line", "gap", "score_verdict"] {
        assert!(v[key].is_null(), "{key}: {v}");
    }
    // The same nominee, the old id of a renamed award, and the district pattern.
    let v = json_out(&["readiness", &nine, "--award", "district-individual", "--year", "2026", "--format", "json"]);
    assert_eq!(v["verdict"], "ready");
    // A rubric the user loads scores the nomination's items, without a line.
    let rubric = format!("{INDIVIDUAL}/rubric.toml");
    let dir = tempfile::tempdir().unwrap();
    let mut person: Value = serde_json::from_str(&std::fs::read_to_string(&twelve).unwrap()).unwrap();
    person["framework"] = json!("example-individual-rubric");
    person["items"] = json!({"1.1": 60, "1.2": 70, "2.1": 50, "2.2": 40});
    let rated = write(dir.path(), "rated.json", &person.to_string());
    let v = json_out(&[
        "--criteria",
        &rubric,
        "readiness",
        rated.to_str().unwrap(),
        "--award",
        "shanghai-mayor-individual",
        "--year",
        "2026",
        "--format",
        "json",
    ]);
    assert_eq!((&v["verdict"], &v["total"], &v["line"]), (&json!("ready"), &json!(55.0), &Value::Null));
}

/// A nomination naming no rubric validates as a nomination (its facts, texts and date), and a
/// command that scores says why it cannot, instead of naming an unknown framework `` as it did.
#[test]
fn a_nomination_without_a_rubric_validates_and_scoring_it_says_to_judge_it_on_the_gates() {
    for file in ["li-ming.json", "wang-fang.toml"] {
        let path = format!("{INDIVIDUAL}/{file}");
        let o = zhuoyue(&["validate", &path]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(stdout(&o).contains("an individual's nomination naming no rubric"), "{}", stdout(&o));
        assert!(stdout(&o).contains(&format!("zhuoyue readiness {path} --award ID")), "{}", stdout(&o));
        for command in ["score", "calibrate", "report", "plan"] {
            let needles = ["the nomination names no rubric (`framework`)", "readiness --award ID"];
            fails_with(&[command, &path, "--target", "600"][..if command == "plan" { 4 } else { 2 }], &needles);
        }
    }
    let o = zhuoyue(&["score", &format!("{INDIVIDUAL}/li-ming.json")]);
    assert!(!stderr(&o).contains("unknown framework"), "{}", stderr(&o));
    // Its texts are bounded as an assessment's are, and its date is checked.
    let dir = tempfile::tempdir().unwrap();
    let mut person: Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{INDIVIDUAL}/li-ming.json")).unwrap()).unwrap();
    person["individual"]["achievements"] = json!("很".repeat(20_001));
    let long = write(dir.path(), "long.json", &person.to_string());
    fails_with(&["validate", long.to_str().unwrap()], &["achievements", "20001", "20000"]);
    person["individual"]["achievements"] = json!("<script>alert(1)</script>");
    person["date"] = json!("2026-02-30");
    let bad_date = write(dir.path(), "date.json", &person.to_string());
    fails_with(&["validate", bad_date.to_str().unwrap()], &["2026-02-30"]);
}

/// A newcomer's first step: a blank nomination, whose facts are unknown until stated (a blank
/// region is not a wrong region), in JSON and TOML, read back by the engine.
#[test]
fn a_blank_nomination_reads_back_and_is_unknown_until_filled_in() {
    let dir = tempfile::tempdir().unwrap();
    for (name, format) in [("blank.json", "json"), ("blank.toml", "toml")] {
        let path = dir.path().join(name);
        let o = zhuoyue(&["template", "--kind", "individual", "--format", format, "-o", path.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let v = json_out(&[
            "readiness",
            path.to_str().unwrap(),
            "--award",
            "shanghai-mayor-individual",
            "--format",
            "json",
        ]);
        assert_eq!(v["verdict"], "unknown", "{name}");
        assert!(v["reasons"].as_array().unwrap().iter().all(|r| r["status"] == "unknown"), "{name}: {v}");
    }
    fails_with(&["template", "--kind", "individual", "--format", "xlsx", "-o", "x.xlsx"], &["json or toml"]);
}

#[test]
fn the_applicant_kind_must_match_the_award() {
    let person = format!("{INDIVIDUAL}/li-ming.json");
    fails_with(
        &["readiness", &person, "--award", "shanghai-quality-gold"],
        &["li-ming.json", "award `shanghai-quality-gold` is for organisation applicants", "individual nomination"],
    );
    let org = format!("{DRIVE}/precision.json");
    fails_with(
        &["readiness", &org, "--award", "shanghai-mayor-individual"],
        &["precision.json", "is for individual applicants", "organisation's assessment"],
    );
    fails_with(
        &["readiness", &person, "--award", "mayor-personal"],
        &["unknown award `mayor-personal`", "shanghai-mayor-individual"],
    );
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(&person).unwrap();
    for (name, from, to, needle) in [
        ("negative.json", "\"quality_work_years\": 12", "\"quality_work_years\": -12", "quality_work_years"),
        (
            "absurd.json",
            "\"quality_work_years\": 12",
            "\"quality_work_years\": 250",
            "250 years is not a career length",
        ),
        (
            "future.json",
            "\"prior_awards\": []",
            "\"prior_awards\": [{\"award\": \"shanghai-gold-individual\", \"year\": 2099}]",
            "after today",
        ),
        (
            "script.json",
            "\"prior_awards\": []",
            "\"prior_awards\": [{\"award\": \"<script>\", \"year\": 99999}]",
            "99999",
        ),
        (
            "both.json",
            "\"kind\": \"individual\",",
            "\"kind\": \"individual\", \"organisation\": {\"name\": \"x\"},",
            "individual.organisation",
        ),
    ] {
        let changed = text.replacen(from, to, 1);
        assert_ne!(changed, text, "{name}");
        let path = write(dir.path(), name, &changed);
        fails_with(&["readiness", path.to_str().unwrap(), "--award", "shanghai-mayor-individual"], &[name, needle]);
    }
}

/// The issue's case: organisations and individuals under several organising bodies, both kinds in
/// progress, and one plan table per body.
#[test]
fn a_roster_of_organisations_and_individuals_under_bodies_gives_both_kinds_and_a_plan_table_per_body() {
    let roster = format!("{DRIVE}/roster.toml");
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.xlsx");
    let o = zhuoyue(&[
        "programme",
        &roster,
        "--year",
        "2014",
        "--award",
        "shanghai-quality-gold",
        "--plan-table",
        plan.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("one sheet per organising body: 3"), "{text}");
    assert!(text.contains("harbour-group 2014: missing (due 2014-02-28)"), "{text}");

    let v = json_out(&["programme", &roster, "--year", "2014", "--award", "shanghai-quality-gold", "--format", "json"]);
    let line = |measure: &str| {
        v["progress"]["lines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["year"] == 2014 && l["measure"] == measure)
            .unwrap()
            .clone()
    };
    // m-101 and p-101 applied in 2014; i-201 and i-202 too; i-203 plans to but has not applied.
    assert_eq!(
        (line("award-applicants")["cumulative"].as_u64(), line("award-applicants")["target"].as_u64()),
        (Some(4), Some(100))
    );
    let orgs = line("award-applicants-organisations");
    let people = line("award-applicants-individuals");
    assert_eq!((orgs["cumulative"].as_u64(), people["cumulative"].as_u64()), (Some(2), Some(2)));
    assert!(orgs["target"].is_null() && people["on_track"].is_null());
    // i-201 was trained in 2013; individuals are counted beside the managers' target, not in it.
    assert_eq!(
        (line("trained-individuals")["cumulative"].as_u64(), line("trained-managers")["cumulative"].as_u64()),
        (Some(1), Some(3))
    );
    // Candidates of both kinds: individuals judged for their planned award; i-203 (9 years) is
    // ineligible for the mayor's individual award and left out.
    let candidates: Vec<(String, String, String)> = v["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let text = |k: &str| c[k].as_str().unwrap().to_string();
            (text("id"), text("applicant"), text("name"))
        })
        .collect();
    // Each named as the roster names it (the text report prints that name).
    assert!(candidates.contains(&("i-201".into(), "individual".into(), "李明".into())), "{candidates:?}");
    assert!(candidates.contains(&("p-101".into(), "organisation".into(), "浦江区中心医院".into())), "{candidates:?}");
    assert!(!candidates.iter().any(|c| c.0 == "i-203"), "{candidates:?}");
    // Bodies: counts and filings (the machinery association filed 2013 late; harbour never 2014).
    let body = |id: &str| v["progress"]["bodies"].as_array().unwrap().iter().find(|b| b["id"] == id).unwrap().clone();
    let machinery = body("machinery-association");
    assert_eq!((machinery["organisations"].as_u64(), machinery["individuals"].as_u64()), (Some(2), Some(1)));
    assert_eq!(
        machinery["filings"][0],
        json!({"year": 2013, "due": "2013-02-28", "filed": "2013-03-10", "status": "late"})
    );
    assert_eq!(body("harbour-group")["individuals"], 1); // i-203 names the body itself
    assert_eq!(
        v["progress"]["unfiled"],
        json!([["machinery-association", 2015], ["harbour-group", 2014], ["harbour-group", 2015]])
    );
    // One plan table per body, and the whole roster's: organisations first, then individuals.
    let tables = v["plan_tables"].as_array().unwrap();
    let bodies: Vec<&str> = tables.iter().map(|t| t["body"].as_str().unwrap()).collect();
    assert_eq!(bodies, ["pujiang-district", "machinery-association", "harbour-group"]);
    assert_eq!(v["plan_table"]["rows"].as_array().unwrap().len(), 7);
    let rows = |i: usize| {
        tables[i]["rows"].as_array().unwrap().iter().map(|r| r[0].as_str().unwrap().to_string()).collect::<Vec<_>>()
    };
    assert_eq!(rows(0), ["浦江区中心医院", "周静（个人，浦江区中心医院）"]);
    assert_eq!(rows(2), ["港湾物流有限公司", "黄海（个人，港湾物流有限公司）"]);
    let li = &v["plan_table"]["rows"].as_array().unwrap()[4];
    assert_eq!(
        li,
        &json!([
            "李明（个人，浦江精密机械有限公司）",
            "先进制造业",
            "李明（质量总监）",
            "2014年一季度集中培训",
            "上海市市长质量奖（个人）（市级）",
            "2014",
            ""
        ])
    );

    // The workbook: the whole table, then a sheet per body with the same rows.
    let mut wb: Xlsx<_> = open_workbook(&plan).unwrap();
    assert_eq!(wb.sheet_names(), ["plan", "pujiang-district", "machinery-association", "harbour-group"]);
    let range = wb.worksheet_range("harbour-group").unwrap();
    assert_eq!(range.height(), 3);
    assert_eq!(range.get_value((2, 0)), Some(&Data::String("黄海（个人，港湾物流有限公司）".into())));
}

#[test]
fn one_body_narrows_progress_candidates_and_the_plan_table() {
    let roster = format!("{DRIVE}/roster.toml");
    let v = json_out(&[
        "programme",
        &roster,
        "--year",
        "2014",
        "--body",
        "pujiang-district",
        "--award",
        "shanghai-quality-gold",
        "--format",
        "json",
    ]);
    assert_eq!(v["progress"]["body"], "pujiang-district");
    let lines = v["progress"]["lines"].as_array().unwrap();
    assert!(lines.iter().all(|l| l["target"].is_null() && l["on_track"].is_null()));
    let applicants = lines.iter().find(|l| l["year"] == 2014 && l["measure"] == "award-applicants").unwrap();
    assert_eq!(applicants["cumulative"], 2);
    let ids: Vec<&str> = v["candidates"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["p-101", "i-202"]);
    assert_eq!(v["plan_table"]["body"], "pujiang-district");
    assert_eq!(v["plan_table"]["rows"].as_array().unwrap().len(), 2);
    let o = zhuoyue(&["programme", &roster, "--year", "2014", "--body", "pujiang-district"]);
    assert!(stdout(&o).contains("organising body pujiang-district (its share; the targets are the drive's)"));
    fails_with(&["programme", &roster, "--body", "nowhere"], &["roster.toml", "body nowhere", "pujiang-district"]);
}

#[test]
fn bad_rosters_of_people_and_bodies_are_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["precision.json", "hospital.json", "li-ming.json", "zhou-jing.json", "huang-hai.json"] {
        std::fs::copy(format!("{DRIVE}/{f}"), dir.path().join(f)).unwrap();
    }
    let roster = std::fs::read_to_string(format!("{DRIVE}/roster.toml")).unwrap();
    for (name, from, to, needles) in [
        (
            "dup-person.toml",
            "id = \"i-202\"\nname = \"周静\"\norganisation = \"p-101\"",
            "id = \"i-204\"\nname = \"李明\"\norganisation = \"m-101\"",
            &["individual i-204", "李明 is listed twice"][..],
        ),
        ("dup-id.toml", "id = \"i-203\"", "id = \"m-101\"", &["individual m-101", "not unique"][..]),
        (
            "body.toml",
            "body = \"harbour-group\"\nmanagers",
            "body = \"harbor\"\nmanagers",
            &["body `harbor`", "pujiang-district"][..],
        ),
        (
            "filing.toml",
            "date = \"2013-02-20\"",
            "date = \"20/02/2013\"",
            &["body pujiang-district, filed 2013", "YYYY-MM-DD"][..],
        ),
        (
            "twice.toml",
            "{ year = 2014, date = \"2014-02-18\" }",
            "{ year = 2013, date = \"2014-02-18\" }",
            &["one filing per year"][..],
        ),
        ("kind.toml", "kind = \"holding-group\"", "kind = \"bank\"", &["bank", "holding-group"][..]),
        (
            "trained.toml",
            "trained = \"2013-03-15\"\napplications",
            "trained = \"2013-13-45\"\napplications",
            &["individual i-201", "YYYY-MM-DD"][..],
        ),
        ("escape.toml", "id = \"harbour-group\"", "id = \"harbour\\u001b[31m\"", &["1-31 characters"][..]),
    ] {
        let changed = roster.replacen(from, to, 1);
        assert_ne!(changed, roster, "{name}");
        let path = write(dir.path(), name, &changed);
        let o = zhuoyue(&["programme", path.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{name}: {}", stdout(&o));
        for n in needles {
            assert!(stderr(&o).contains(n), "{name}: `{n}` not in {}", stderr(&o));
        }
        assert!(!stderr(&o).contains('\u{1b}'), "{name}: raw escape in {}", stderr(&o));
    }
    // A nomination given to an organisation's place, and an organisation's to a person's.
    let swapped = roster.replacen("assessment = \"hospital.json\"", "assessment = \"zhou-jing.json\"", 1);
    let path = write(dir.path(), "swapped.toml", &swapped);
    fails_with(
        &["programme", path.to_str().unwrap(), "--year", "2014", "--award", "shanghai-quality-gold"],
        &["zhou-jing.json", "organisation p-101", "individual's nomination"],
    );
}

/// The drive's roster as a programme office keeps it in Excel: organisations (with their body),
/// managers, applications (of organisations and individuals), individuals, bodies and filings.
fn drive_workbook(path: &std::path::Path) {
    let text = std::fs::read_to_string(format!("{DRIVE}/roster.toml")).unwrap();
    let roster = zhuoyue::programme::Roster::parse(&text, zhuoyue::Format::Toml).unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let table = |wb: &mut rust_xlsxwriter::Workbook, name: &str, heads: &[&str], rows: Vec<Vec<Option<String>>>| {
        let ws = wb.add_worksheet().set_name(name).unwrap();
        for (c, h) in heads.iter().enumerate() {
            ws.write(0, c as u16, *h).unwrap();
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let Some(v) = v else { continue };
                match v.parse::<i64>() {
                    Ok(n) if heads[c].ends_with("year") || heads[c] == "enrolled" => {
                        ws.write(r as u32 + 1, c as u16, n)
                    }
                    _ => ws.write(r as u32 + 1, c as u16, v.as_str()),
                }
                .unwrap();
            }
        }
    };
    let s = |v: &str| Some(v.to_string());
    table(&mut wb, "meta", &["programme", &roster.programme], vec![]);
    let plan = |p: &Option<zhuoyue::programme::PlanEntry>| match p {
        None => vec![None; 4],
        Some(p) => vec![
            s(&p.training),
            p.award.clone(),
            p.level.map(|l| serde_json::to_value(l).unwrap().as_str().unwrap().to_string()),
            Some(p.year.to_string()),
        ],
    };
    let orgs = roster
        .organisations
        .iter()
        .map(|m| {
            let mut row = vec![
                s(&m.id),
                s(&m.name),
                s(&m.sector),
                Some(m.enrolled.to_string()),
                m.body.clone(),
                m.assessment.clone(),
            ];
            row.extend(plan(&m.plan));
            row
        })
        .collect();
    let plan_heads = ["plan_training", "plan_award", "plan_level", "plan_year"];
    let heads: Vec<&str> =
        ["id", "name", "sector", "enrolled", "body", "assessment"].into_iter().chain(plan_heads).collect();
    table(&mut wb, "organisations", &heads, orgs);
    let managers = roster
        .organisations
        .iter()
        .flat_map(|m| m.managers.iter().map(|x| vec![s(&m.id), s(&x.name), s(&x.role), x.trained.clone()]))
        .collect();
    table(&mut wb, "managers", &["organisation", "name", "role", "trained"], managers);
    let app = |id: &str, a: &zhuoyue::programme::Application| {
        vec![
            s(id),
            Some(serde_json::to_value(a.level).unwrap().as_str().unwrap().to_string()),
            s(&a.award),
            Some(a.year.to_string()),
        ]
    };
    let apps = roster
        .organisations
        .iter()
        .flat_map(|m| m.applications.iter().map(|a| app(&m.id, a)))
        .chain(roster.individuals.iter().flat_map(|p| p.applications.iter().map(|a| app(&p.id, a))))
        .collect();
    table(&mut wb, "applications", &["organisation", "level", "award", "year"], apps);
    let people = roster
        .individuals
        .iter()
        .map(|p| {
            let mut row = vec![
                s(&p.id),
                s(&p.name),
                p.organisation.clone(),
                p.role.clone(),
                p.body.clone(),
                p.nomination.clone(),
                p.trained.clone(),
            ];
            row.extend(plan(&p.plan));
            row
        })
        .collect();
    let heads: Vec<&str> =
        ["id", "name", "organisation", "role", "body", "nomination", "trained"].into_iter().chain(plan_heads).collect();
    table(&mut wb, "individuals", &heads, people);
    let bodies = roster
        .bodies
        .iter()
        .map(|b| {
            vec![
                s(&b.id),
                Some(serde_json::to_value(b.kind).unwrap().as_str().unwrap().to_string()),
                s(&b.name.zh),
                s(&b.name.en),
            ]
        })
        .collect();
    table(&mut wb, "bodies", &["id", "kind", "name_zh", "name_en"], bodies);
    let filings = roster
        .bodies
        .iter()
        .flat_map(|b| b.filed.iter().map(|f| vec![s(&b.id), Some(f.year.to_string()), s(&f.date)]))
        .collect();
    table(&mut wb, "filings", &["body", "year", "date"], filings);
    let exercises = roster
        .organisations
        .iter()
        .flat_map(|m| {
            m.managers.iter().flat_map(move |x| {
                x.exercises.iter().map(move |e| {
                    vec![s(&m.id), s(&x.name), s(&e.session), s(&e.date), s(if e.passed { "yes" } else { "no" })]
                })
            })
        })
        .collect();
    table(&mut wb, "exercises", &["organisation", "manager", "session", "date", "passed"], exercises);
    wb.save(path).unwrap();
}

#[test]
fn a_drive_workbook_gives_what_its_toml_gives() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["precision.json", "hospital.json", "li-ming.json", "zhou-jing.json", "huang-hai.json"] {
        std::fs::copy(format!("{DRIVE}/{f}"), dir.path().join(f)).unwrap();
    }
    let xlsx = dir.path().join("roster.xlsx");
    drive_workbook(&xlsx);
    let args = ["--year", "2014", "--award", "shanghai-quality-gold", "--format", "json"];
    let toml = format!("{DRIVE}/roster.toml");
    let from_toml = json_out(&[&["programme", toml.as_str()][..], &args[..]].concat());
    let from_xlsx = json_out(&[&["programme", xlsx.to_str().unwrap()][..], &args[..]].concat());
    assert_eq!(from_xlsx, from_toml);
    assert_eq!(from_xlsx["progress"]["bodies"].as_array().unwrap().len(), 3);

    // A filing of a body the workbook lacks, and an application of nobody: named by sheet and cell.
    let mut wb = common::one_organisation_workbook("2014");
    let filings = wb.add_worksheet().set_name("filings").unwrap();
    for (c, v) in ["body", "year", "date"].iter().enumerate() {
        filings.write(0, c as u16, *v).unwrap();
    }
    filings.write(1, 0, "=cmd|' /C calc'!A0").unwrap().write(1, 1, 2014).unwrap().write(1, 2, "2014-02-01").unwrap();
    let bad = dir.path().join("bad.xlsx");
    wb.save(&bad).unwrap();
    fails_with(&["programme", bad.to_str().unwrap()], &["bad.xlsx", "filings!A2", "not a body id"]);
}

/// A folder holding organisations' assessments, nominations and the roster: the cohort scores the
/// organisations and names the rest as skipped, not failed.
#[test]
fn a_cohort_skips_nominations_beside_the_assessments() {
    let v = json_out(&["cohort", DRIVE, "--partial", "--format", "json"]);
    assert_eq!(v["rows"].as_array().unwrap().len(), 2);
    assert!(v["failures"].as_array().unwrap().is_empty(), "{v}");
    let mut skipped: Vec<(&str, &str)> = v["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["source"].as_str().unwrap(), s["what"].as_str().unwrap()))
        .collect();
    skipped.sort_unstable();
    assert_eq!(
        skipped,
        [
            ("huang-hai.json", "nomination"),
            ("li-ming.json", "nomination"),
            ("roster.toml", "roster"),
            ("zhou-jing.json", "nomination")
        ]
    );
    // The text says what each is (a nomination was called a roster).
    let o = zhuoyue(&["cohort", DRIVE, "--partial"]);
    let text = stdout(&o);
    assert!(text.contains("skipped roster.toml: a roster, not an organisation's assessment"), "{text}");
    assert!(
        text.contains("skipped li-ming.json: an individual's nomination (readiness --award ID judges it)"),
        "{text}"
    );
}

/// A roster of 20,000 organising bodies, none of which filed: the text report lists each body's
/// unfiled tables with their deadlines, found through the bodies indexed once (a scan of the bodies
/// per unfiled table made 40,000 bodies take 7 s in a release build).
#[test]
fn a_roster_of_many_bodies_lists_every_unfiled_table_with_its_deadline() {
    let dir = tempfile::tempdir().unwrap();
    let bodies: Vec<String> = (0..20_000)
        .map(|i| format!(r#"{{"id":"b{i}","kind":"district-bureau","name":{{"zh":"局{i}","en":"B{i}"}}}}"#))
        .collect();
    let roster = format!(
        r#"{{"programme":"city-drive-2013-2015","bodies":[{}],"organisations":[{{"id":"o1","name":"O","sector":"services","enrolled":2013,"body":"b19999"}}]}}"#,
        bodies.join(",")
    );
    let path = write(dir.path(), "roster.json", &roster);
    let o = zhuoyue(&["programme", path.to_str().unwrap(), "--year", "2014"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let unfiled = out.lines().filter(|l| l.contains(": missing (due ")).count();
    assert_eq!(unfiled, 20_000 * 3, "each body's 2013, 2014 and 2015 tables");
    assert!(out.contains("  b0 2013: missing (due 2013-02-28)\n"), "{}", &out[out.len() - 300..]);
    assert!(out.contains("  b19999 2015: missing (due 2015-02-28)\n"));
}
