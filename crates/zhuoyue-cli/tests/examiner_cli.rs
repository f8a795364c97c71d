//! Examiner tools on real files: a worked consensus, its record, and bad input.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a test failure

mod common;
use common::{fails_with, stderr, stdout, write, zhuoyue};
use serde_json::{json, Value};

/// Three examiners: all items at 50 except where they disagree on 4.7.2 (80 points) and 4.4.3 (15).
fn examiners(dir: &std::path::Path) -> Vec<String> {
    let ids: Vec<String> = {
        let o = zhuoyue(&["criteria", "show", "gbt19580-2012", "--format", "json"]);
        let v: Value = serde_json::from_slice(&o.stdout).unwrap();
        v["categories"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|c| c["items"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap().to_string()))
            .collect()
    };
    let mut paths = Vec::new();
    for (name, a, b) in [("Wang", 30, 40), ("Li", 60, 70), ("Zhang", 45, 45)] {
        let mut items = serde_json::Map::new();
        for id in &ids {
            items.insert(id.clone(), json!(50));
        }
        items.insert("4.7.2".into(), json!({"percent": a, "strengths": [format!("{name}: trend data")]}));
        items.insert("4.4.3".into(), json!(b));
        let doc = json!({"framework": "gbt19580-2012", "assessor": name, "items": items});
        paths.push(write(dir, &format!("{name}.json"), &doc.to_string()).to_string_lossy().into_owned());
    }
    paths
}

#[test]
fn a_worked_consensus() {
    let dir = tempfile::tempdir().unwrap();
    let files = examiners(dir.path());
    let mut args = vec!["consensus", "--format", "json"];
    args.extend(files.iter().map(String::as_str));
    let o = zhuoyue(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let all: Value = serde_json::from_slice(&o.stdout).unwrap();
    // The same shape as Python's Consensus.to_dict(): the worksheet, and `agreed` with a record.
    assert!(all.get("agreed").is_none());
    let v = all["worksheet"].clone();
    assert_eq!(v["examiners"], json!(["Wang", "Li", "Zhang"]));
    let row = |id: &str| v["rows"].as_array().unwrap().iter().find(|r| r["item"] == id).unwrap().clone();
    // 4.7.2: 30, 60, 45 -> median 45, spread 30 > 20: flagged, 24 points at stake.
    let r = row("4.7.2");
    assert_eq!((r["median"].as_f64(), r["spread"].as_u64(), r["proposed"].as_u64()), (Some(45.0), Some(30), Some(45)));
    assert_eq!((r["flagged"].as_bool(), r["at_stake"].as_f64()), (Some(true), Some(24.0)));
    assert_eq!(r["strengths"].as_array().unwrap().len(), 3);
    // 4.4.3: 40, 70, 45 -> spread 30 on 15 points: flagged, but less at stake, so discussed second.
    assert_eq!(v["discuss"], json!(["4.7.2", "4.4.3"]));
    assert_eq!(row("4.1.2")["flagged"], json!(false));
    // Rater statistics: the ICCs over the 23 items all rated, alpha beside them, and each
    // examiner's leniency against the proposals: Wang (30-45)+(40-45) = -20 over 23 items, Li
    // (60-45)+(70-45) = +40, Zhang 0.
    let a = &v["agreement"];
    let mut keys: Vec<&str> = a.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "examiner_count",
            "examiners",
            "icc_2_1",
            "icc_2_k",
            "items",
            "krippendorff_alpha_interval",
            "krippendorff_alpha_nominal"
        ]
    );
    assert_eq!((a["items"].as_u64(), a["examiner_count"].as_u64()), (Some(23), Some(3)));
    let lenient: Vec<f64> =
        a["examiners"].as_array().unwrap().iter().map(|e| e["leniency"].as_f64().unwrap()).collect();
    for (got, want) in lenient.iter().zip([-20.0 / 23.0, 40.0 / 23.0, 0.0]) {
        assert!((got - want).abs() < 1e-12, "{lenient:?}");
    }
    // Everyone gives 50 nearly everywhere: each examiner's percents barely vary (flat scoring).
    assert!(a["examiners"].as_array().unwrap().iter().all(|e| e["flat"] == json!(true)), "{a}");
    // Nominal alpha by hand: 69 pairable values; 6 disagreeing coincidences (two units of three
    // different values, 6 ordered pairs x 1/2 each); expected 69^2 - (63^2 + 2^2 + 5 x 1) = 784.
    let nominal = a["krippendorff_alpha_nominal"].as_f64().unwrap();
    assert!((nominal - (1.0 - 68.0 * 6.0 / 784.0)).abs() < 1e-12, "{nominal}");
    // Items hardly differ while the examiners disagree on two of them: agreement on the size of
    // the percents is poor (the ICCs may go below -1 when the items vary less than the error).
    for stat in ["icc_2_1", "icc_2_k", "krippendorff_alpha_interval"] {
        let value = a[stat].as_f64().unwrap();
        assert!(value < 0.2, "{stat} {value}");
    }

    // The record: 4.7.2 agreed at 50 (an override, with who and why); the rest as proposed.
    let record = write(
        dir.path(),
        "record.json",
        r#"{"framework": "gbt19580-2012", "decisions": {"4.7.2": {"percent": 50, "by": "team lead Chen", "why": "site visit showed a 5-year trend"}}}"#,
    );
    let out = dir.path().join("consensus.json");
    let mut args = vec!["consensus", "--record", record.to_str().unwrap(), "-o", out.to_str().unwrap()];
    args.extend(files.iter().map(String::as_str));
    let o = zhuoyue(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("override 4.7.2: 45 -> 50 by team lead Chen: site visit showed a 5-year trend"),
        "{}",
        stdout(&o)
    );
    let o = zhuoyue(&["score", out.to_str().unwrap(), "--format", "json"]);
    let s: Value = serde_json::from_slice(&o.stdout).unwrap();
    // 50% everywhere except 4.4.3 at 45 (median of 40, 45, 70): 500 - 0.75.
    assert_eq!(s["total_hundredths"], 49925);
}

#[test]
fn bad_consensus_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let files = examiners(dir.path());
    // An override without a reason.
    let record =
        write(dir.path(), "r.json", r#"{"framework": "gbt19580-2012", "decisions": {"4.7.2": {"percent": 50}}}"#);
    let mut args = vec!["consensus", "--record", record.to_str().unwrap()];
    args.extend(files.iter().map(String::as_str));
    let o = zhuoyue(&args);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("r.json") && stderr(&o).contains("item 4.7.2") && stderr(&o).contains("why"),
        "{}",
        stderr(&o)
    );
    // A decision off the grid or for an unknown item.
    for (name, text, message) in [
        (
            "grid.json",
            r#"{"framework": "gbt19580-2012", "decisions": {"4.7.2": {"percent": 47, "by": "x", "why": "y"}}}"#,
            "not on the 5% grid",
        ),
        ("unknown.json", r#"{"framework": "gbt19580-2012", "decisions": {"9.9": {"percent": 50}}}"#, "item 9.9"),
        ("typo.json", r#"{"framework": "gbt19580-2012", "decisons": {}}"#, "decisons"),
    ] {
        let record = write(dir.path(), name, text);
        let mut args = vec!["consensus", "--record", record.to_str().unwrap()];
        args.extend(files.iter().map(String::as_str));
        let o = zhuoyue(&args);
        assert_eq!(o.status.code(), Some(1), "{name}");
        assert!(stderr(&o).contains(message), "{name}: {}", stderr(&o));
    }
    // Mixed frameworks.
    let baldrige = write(dir.path(), "b.json", r#"{"framework": "baldrige-2023-2024", "items": {"1.1": 50}}"#);
    let o = zhuoyue(&["consensus", &files[0], baldrige.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("one framework per consensus"), "{}", stderr(&o));
    assert_eq!(zhuoyue(&["consensus"]).status.code(), Some(2));
    // The applicant's own file among the reviews (`examples/team/*.json`, as a newcomer types it)
    // rates no item: refused by name, where it used to count as a fourth examiner of dashes.
    let team = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/team");
    let mut args = vec!["consensus".to_string()];
    args.extend(["applicant", "chen-jing", "li-qiang", "wang-fang"].map(|f| format!("{team}/{f}.json")));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    fails_with(
        &args,
        &["applicant.json", "rates no item", "the applicant's file and a blank template are not reviews"],
    );
    let reviews: Vec<&str> = args.iter().copied().filter(|a| !a.ends_with("applicant.json")).collect();
    let o = zhuoyue(&reviews);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("(3 examiners: 陈静, 李强, 王芳)"), "{}", stdout(&o));
}

/// A GB/T 19580 assessment with every item at `percent`.
fn uniform(percent: u32, sector: &str, name: &str) -> String {
    let ids = [
        "4.1.2", "4.1.3", "4.1.4", "4.2.2", "4.2.3", "4.3.2", "4.3.3", "4.4.2", "4.4.3", "4.4.4", "4.4.5", "4.4.6",
        "4.4.7", "4.5.2", "4.5.3", "4.6.2", "4.6.3", "4.7.2", "4.7.3", "4.7.4", "4.7.5", "4.7.6", "4.7.7",
    ];
    let items: serde_json::Map<String, Value> = ids.iter().map(|i| (i.to_string(), json!(percent))).collect();
    json!({"framework": "gbt19580-2012", "organisation": {"name": name, "sector": sector}, "items": items}).to_string()
}

#[test]
fn a_small_cohort_checked_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    for (i, (p, sector)) in
        [(40, "services"), (50, "services"), (60, "services"), (70, "services"), (30, "public-service")]
            .iter()
            .enumerate()
    {
        write(dir.path(), &format!("org{i}.json"), &uniform(*p, sector, &format!("Org {i}")));
    }
    let o = zhuoyue(&[
        "cohort",
        dir.path().to_str().unwrap(),
        "--format",
        "json",
        "--award",
        "excellence-levels",
        "--year",
        "2026",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let services = v["sectors"].as_array().unwrap().iter().find(|s| s["group"] == "services").unwrap();
    // Totals 400, 500, 600, 700: mean 550, median 550, quartiles 475 and 625 (type 7).
    assert_eq!((services["count"].as_u64(), services["mean"].as_f64()), (Some(4), Some(550.0)));
    assert_eq!(
        (services["q1"].as_f64(), services["median"].as_f64(), services["q3"].as_f64()),
        (Some(475.0), Some(550.0), Some(625.0))
    );
    // 300, 400, 500, 600 and 700 points: bands 3, 4, 5, 6 and 6 (576-705).
    assert_eq!(v["bands"], json!({"3": 1, "4": 1, "5": 1, "6": 2}));
    // The 3-star line is 300: every one of them reaches it.
    assert_eq!(v["verdicts"], json!({"ready": 5}));
    let o = zhuoyue(&["cohort", dir.path().to_str().unwrap(), "--format", "csv"]);
    assert_eq!(stdout(&o).lines().count(), 6);
}

#[test]
fn a_thousand_files_with_one_corrupt() {
    let dir = tempfile::tempdir().unwrap();
    let sectors = ["advanced-manufacturing", "services", "strategic-emerging", "public-service"];
    for i in 0..1000u32 {
        write(
            dir.path(),
            &format!("org{i:04}.json"),
            &uniform((i % 21) * 5, sectors[(i % 4) as usize], &format!("Org {i}")),
        );
    }
    write(dir.path(), "org0500.json", "{\"framework\": \"gbt19580-2012\", \"items\": {\"4.1.2\": ");
    write(dir.path(), "notes.txt", "not an assessment, and not read");
    let o = zhuoyue(&["cohort", dir.path().to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "some failed");
    assert!(stderr(&o).contains("1 of 1000 files failed") && stderr(&o).contains("org0500.json"), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["rows"].as_array().unwrap().len(), 999);
    let all = v["sectors"].as_array().unwrap().iter().find(|s| s["group"] == "all").unwrap();
    assert_eq!(all["count"], 999);
    assert_eq!(zhuoyue(&["cohort", "/nonexistent-folder"]).status.code(), Some(1));
}

const ROSTER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/programme/roster.toml");

#[test]
fn programme_progress_checked_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("plan-2014.csv");
    let o = zhuoyue(&[
        "programme",
        ROSTER,
        "--targets",
        "city-drive-2013-2015",
        "--year",
        "2014",
        "--award",
        "shanghai-quality-gold",
        "--plan-table",
        table.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let line = |year: i64, measure: &str| common::progress_line(&v, year, measure);
    // Services: s-001 enrolled 2013, s-002 2014. Target 300, two thirds due by 2014: 200.
    let s = line(2014, "services");
    assert_eq!(
        (s["new"].as_u64(), s["cumulative"].as_u64(), s["due"].as_u64(), s["shortfall"].as_u64()),
        (Some(1), Some(2), Some(200), Some(298))
    );
    assert_eq!(s["on_track"], false);
    // Trained managers: 2013-03-15, 2014-02-20, 2014-04-01 (s-002's manager is not trained yet).
    let t = line(2014, "trained-managers");
    assert_eq!((t["new"].as_u64(), t["cumulative"].as_u64(), t["due"].as_u64()), (Some(2), Some(3), Some(667)));
    let a = line(2013, "award-applicants");
    assert_eq!(a["cumulative"], 0);
    assert_eq!(line(2014, "award-applicants")["cumulative"], 1);
    // Not yet enrolled in 2014, so not listed; s-002 has no trained manager.
    assert_eq!(v["progress"]["without_trained_manager"], json!([["s-002", "City Bank Branch 城市银行分行"]]));
    // Candidates: both assessed organisations are eligible; the hospital is ready and ranks first.
    let candidates: Vec<&str> = v["candidates"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(candidates, ["p-001", "m-001"]);
    // The plan table: a BOM, Chinese headers, the two organisations planned for 2014.
    let csv = std::fs::read_to_string(&table).unwrap();
    assert!(csv.starts_with("\u{feff}组织名称,行业类别,参训高层管理者及职务,计划参加培训场次,计划申报奖项及级别,计划申报年度,最近自评总分\n"), "{csv}");
    assert!(
        csv.contains(
            "示例精密机械有限公司,先进制造业,王强（总经理）,2014年一季度集中培训,上海市质量金奖（市级）,2014,466.00"
        ),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 3);
}

#[test]
fn bad_programme_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let examples = std::path::Path::new(ROSTER).parent().unwrap().canonicalize().unwrap();
    let roster = std::fs::read_to_string(ROSTER)
        .unwrap()
        .replace("\"machinery.json\"", &format!("{:?}", examples.join("machinery.json")))
        .replace("\"hospital.json\"", &format!("{:?}", examples.join("hospital.json")));
    for (name, text, message) in [
        ("dup.toml", roster.replacen("id = \"s-002\"", "id = \"s-001\"", 1), "organisation s-001: id is not unique"),
        ("sector.toml", roster.replacen("sector = \"services\"", "sector = \"banking\"", 1), "banking"),
        ("date.toml", roster.replacen("2013-03-15", "15/03/2013", 1), "YYYY-MM-DD"),
        (
            "other.toml",
            roster.replacen("programme = \"city-drive-2013-2015\"", "programme = \"another-drive\"", 1),
            "is for `another-drive`",
        ),
    ] {
        let path = write(dir.path(), name, &text);
        let o = zhuoyue(&["programme", path.to_str().unwrap(), "--targets", "city-drive-2013-2015", "--allow-outside"]);
        assert_eq!(o.status.code(), Some(1), "{name}");
        assert!(stderr(&o).contains(name) && stderr(&o).contains(message), "{name}: {}", stderr(&o));
    }
    let o = zhuoyue(&["programme", ROSTER, "--targets", "nowhere"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("city-drive-2013-2015"), "lists the known targets: {}", stderr(&o));
    // An output path that cannot be written leaves nothing behind.
    let out = dir.path().join("no-such-folder/plan.csv");
    let o = zhuoyue(&["programme", ROSTER, "--targets", "city-drive-2013-2015", "--plan-table", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no-such-folder/plan.csv"), "{}", stderr(&o));
    assert!(!dir.path().join("no-such-folder").exists());
}
