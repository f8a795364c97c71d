//! Workbooks at the command line: a self-assessment filled in Excel scores like its JSON, the
//! cohort and plan tables as workbooks, a roster read from a workbook like its TOML.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a test failure

mod common;
use calamine::{open_workbook, Data, DataType, Reader, Xlsx};
use common::{json_out, stderr, stdout, zhuoyue, EXAMPLE};

const PROGRAMME: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/programme");

#[test]
fn a_self_assessment_workbook_scores_like_its_json() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = zhuoyue::Catalog::builtin().unwrap();
    let text = std::fs::read_to_string(EXAMPLE).unwrap();
    let a = zhuoyue::Assessment::parse(&text, zhuoyue::Format::Json).unwrap();
    let fw = catalog.get(&a.framework).unwrap();
    let sheet = dir.path().join("example.xlsx");
    std::fs::write(&sheet, zhuoyue::sheet::assessment_workbook(fw, &a, zhuoyue::Lang::Zh).unwrap()).unwrap();
    let from_sheet = json_out(&["score", sheet.to_str().unwrap(), "--format", "json"]);
    let from_json = json_out(&["score", EXAMPLE, "--format", "json"]);
    assert_eq!(from_sheet["total_hundredths"], from_json["total_hundredths"]);
    assert_eq!(from_sheet["organisation"]["name"], from_json["organisation"]["name"]);
    // Every command reads it: validate and readiness too.
    let o = zhuoyue(&["validate", sheet.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // The blank template: a workbook to -o, refused on standard output.
    let blank = dir.path().join("blank.xlsx");
    let o = zhuoyue(&["template", "--format", "xlsx", "-o", blank.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut wb: Xlsx<_> = open_workbook(&blank).unwrap();
    assert_eq!(wb.sheet_names(), ["scores", "summary", "meta"]);
    let scores = wb.worksheet_range("scores").unwrap();
    assert_eq!(scores.get_value((0, 7)), Some(&Data::String("evidence".into())));
    let o = zhuoyue(&["template", "--format", "xlsx"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("binary"), "{}", stderr(&o));
    // A blank workbook is a draft: --partial says nothing is rated yet.
    let o = zhuoyue(&["score", blank.to_str().unwrap()]);
    assert!(stderr(&o).contains("23 of 23 items not rated"), "{}", stderr(&o));
    // A workbook that is not one is named with the rule.
    let junk = dir.path().join("junk.xlsx");
    std::fs::write(&junk, "a,b\n1,2\n").unwrap();
    let o = zhuoyue(&["score", junk.to_str().unwrap()]);
    assert!(stderr(&o).contains("junk.xlsx") && stderr(&o).contains("not an .xlsx"), "{}", stderr(&o));
}

#[test]
fn the_cohort_and_the_plan_table_as_workbooks() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cohort.xlsx");
    let examples = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples");
    let o = zhuoyue(&["cohort", examples, "--partial", "--format", "xlsx", "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let csv = stdout(&zhuoyue(&["cohort", examples, "--partial", "--format", "csv"]));
    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    let range = wb.worksheet_range("cohort").unwrap();
    // The same table as the CSV, numbers as numbers.
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(range.height(), lines.len());
    assert_eq!(range.get_value((0, 4)), Some(&Data::String("total".into())));
    let first_total: f64 = lines[1].split(',').nth(4).unwrap().parse().unwrap();
    assert_eq!(range.get_value((1, 4)).and_then(DataType::as_f64), Some(first_total));

    let plan = dir.path().join("plan.xlsx");
    let roster = format!("{PROGRAMME}/roster.toml");
    let o = zhuoyue(&["programme", &roster, "--year", "2014", "--plan-table", plan.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut wb: Xlsx<_> = open_workbook(&plan).unwrap();
    let range = wb.worksheet_range("plan").unwrap();
    assert_eq!(range.get_value((0, 0)), Some(&Data::String("组织名称".into())));
    assert_eq!(range.get_value((1, 0)), Some(&Data::String("示例精密机械有限公司".into())));
}

/// The example roster written as a workbook (its organisations, managers and applications).
fn roster_workbook(path: &std::path::Path) {
    let text = std::fs::read_to_string(format!("{PROGRAMME}/roster.toml")).unwrap();
    let roster = zhuoyue::programme::Roster::parse(&text, zhuoyue::Format::Toml).unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let meta = wb.add_worksheet().set_name("meta").unwrap();
    meta.write(0, 0, "programme").unwrap();
    meta.write(0, 1, roster.programme.as_str()).unwrap();
    let heads =
        ["id", "name", "sector", "enrolled", "assessment", "plan_training", "plan_award", "plan_level", "plan_year"];
    let orgs = wb.add_worksheet().set_name("organisations").unwrap();
    for (c, h) in heads.iter().enumerate() {
        orgs.write(0, c as u16, *h).unwrap();
    }
    for (r, m) in roster.organisations.iter().enumerate() {
        let r = r as u32 + 1;
        orgs.write(r, 0, m.id.as_str()).unwrap();
        orgs.write(r, 1, m.name.as_str()).unwrap();
        orgs.write(r, 2, m.sector.as_str()).unwrap();
        orgs.write(r, 3, m.enrolled).unwrap();
        if let Some(a) = &m.assessment {
            orgs.write(r, 4, a.as_str()).unwrap();
        }
        if let Some(p) = &m.plan {
            orgs.write(r, 5, p.training.as_str()).unwrap();
            if let Some(award) = &p.award {
                orgs.write(r, 6, award.as_str()).unwrap();
            }
            if let Some(level) = &p.level {
                orgs.write(r, 7, serde_json::to_value(level).unwrap().as_str().unwrap()).unwrap();
            }
            orgs.write(r, 8, p.year).unwrap();
        }
    }
    let managers = wb.add_worksheet().set_name("managers").unwrap();
    for (c, h) in ["organisation", "name", "role", "trained"].iter().enumerate() {
        managers.write(0, c as u16, *h).unwrap();
    }
    let mut r = 1;
    for m in &roster.organisations {
        for x in &m.managers {
            managers.write(r, 0, m.id.as_str()).unwrap();
            managers.write(r, 1, x.name.as_str()).unwrap();
            managers.write(r, 2, x.role.as_str()).unwrap();
            if let Some(t) = &x.trained {
                managers.write(r, 3, t.as_str()).unwrap();
            }
            r += 1;
        }
    }
    let apps = wb.add_worksheet().set_name("applications").unwrap();
    for (c, h) in ["organisation", "level", "award", "year"].iter().enumerate() {
        apps.write(0, c as u16, *h).unwrap();
    }
    let mut r = 1;
    for m in &roster.organisations {
        for a in &m.applications {
            apps.write(r, 0, m.id.as_str()).unwrap();
            apps.write(r, 1, serde_json::to_value(a.level).unwrap().as_str().unwrap()).unwrap();
            apps.write(r, 2, a.award.as_str()).unwrap();
            apps.write(r, 3, a.year).unwrap();
            r += 1;
        }
    }
    wb.save(path).unwrap();
}

#[test]
fn a_roster_workbook_gives_the_progress_its_toml_gives() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["machinery.json", "hospital.json"] {
        std::fs::copy(format!("{PROGRAMME}/{f}"), dir.path().join(f)).unwrap();
    }
    let xlsx = dir.path().join("roster.xlsx");
    roster_workbook(&xlsx);
    let args = ["--year", "2014", "--award", "shanghai-quality-gold", "--format", "json"];
    let toml_path = format!("{PROGRAMME}/roster.toml");
    let mut from_toml = vec!["programme", toml_path.as_str()];
    from_toml.extend(args);
    let mut from_xlsx = vec!["programme", xlsx.to_str().unwrap()];
    from_xlsx.extend(args);
    assert_eq!(json_out(&from_xlsx), json_out(&from_toml));

    // A manager of an organisation the roster lacks is named by sheet and cell.
    let mut wb = common::one_organisation_workbook("year 2014");
    let bad = dir.path().join("bad.xlsx");
    wb.save(&bad).unwrap();
    let o = zhuoyue(&["programme", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("organisations!D2") && stderr(&o).contains("whole number"), "{}", stderr(&o));
}
