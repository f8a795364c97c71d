"""Individual awards and organising bodies from Python: the CLI's numbers, both kinds of applicant in
the programme, one plan table per body, and clear errors for bad input."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

import zhuoyue

ROOT = Path(__file__).resolve().parents[3]
INDIVIDUAL = ROOT / "examples" / "individual"
DRIVE = ROOT / "examples" / "drive"


def cli(*args: str) -> dict:
    exe = ROOT / "target" / "debug" / "zhuoyue"
    if not exe.exists():
        subprocess.run(["cargo", "build", "--quiet", "--bin", "zhuoyue"], cwd=ROOT, check=True)
    return json.loads(subprocess.run([str(exe), *args], capture_output=True, check=True, text=True).stdout)


def same(result) -> dict:
    return json.loads(json.dumps(result.to_dict()))


def test_nine_years_is_ineligible_for_the_mayors_individual_award_and_twelve_is_ready() -> None:
    nine = zhuoyue.readiness(INDIVIDUAL / "wang-fang.toml", "shanghai-mayor-individual", year=2026)
    assert nine.verdict == "ineligible" and nine.applicant == "individual"
    failed = [r for r in nine.reasons if r["status"] == "fail"]
    assert [(r["id"], r["expected"], r["actual"]) for r in failed] == [("quality-work-10-years", ">= 10 years", "9 years")]
    twelve = zhuoyue.readiness(INDIVIDUAL / "li-ming.json", "shanghai-mayor-individual", year=2026)
    assert twelve.verdict == "ready"
    assert (twelve.total, twelve.line, twelve.gap, twelve.score_verdict) == (None, None, None, None)
    assert "judged on the gates" in repr(twelve)
    # The same answer as the CLI, and from a dict as from the file.
    assert same(twelve) == cli("readiness", str(INDIVIDUAL / "li-ming.json"), "--award", "shanghai-mayor-individual",
                               "--year", "2026", "--format", "json")
    person = json.loads((INDIVIDUAL / "li-ming.json").read_text(encoding="utf-8"))
    assert zhuoyue.readiness(person, "shanghai-mayor-individual", year=2026).verdict == "ready"


def test_the_applicant_kind_must_match_the_award() -> None:
    with pytest.raises(zhuoyue.AwardError, match="for organisation applicants") as e:
        zhuoyue.readiness(INDIVIDUAL / "li-ming.json", "shanghai-quality-gold")
    assert e.value.code == "applicant-kind" and e.value.rule == "award-names-its-applicant"
    with pytest.raises(zhuoyue.AwardError, match="for individual applicants"):
        zhuoyue.readiness(DRIVE / "precision.json", "shanghai-mayor-individual")
    person = json.loads((INDIVIDUAL / "li-ming.json").read_text(encoding="utf-8"))
    person["individual"]["quality_work_years"] = 400
    with pytest.raises(zhuoyue.AssessmentError, match="400 years"):
        zhuoyue.readiness(person, "shanghai-mayor-individual")
    person["individual"]["quality_work_years"] = "twelve"
    with pytest.raises(zhuoyue.AssessmentError, match="quality_work_years"):
        zhuoyue.readiness(person, "shanghai-mayor-individual")
    with pytest.raises(zhuoyue.AwardError, match="unknown award"):
        zhuoyue.readiness(INDIVIDUAL / "li-ming.json", "<script>")


def test_a_nomination_without_a_rubric_validates_and_scoring_it_says_to_judge_it_on_the_gates() -> None:
    checked = zhuoyue.validate(INDIVIDUAL / "li-ming.json")
    assert (checked["kind"], checked["framework"], checked["item_count"]) == ("individual", "", 0)
    assert checked["assessment"]["individual"]["name"] == "李明"
    example = zhuoyue.validate(ROOT / "examples" / "gbt19580-example.json")
    assert (example["kind"], example["item_count"]) == ("organisation", 23)
    with pytest.raises(zhuoyue.ZhuoyueError, match="names no rubric") as e:
        zhuoyue.score(INDIVIDUAL / "wang-fang.toml")
    assert e.value.code == "applicant" and "readiness --award" in str(e.value)
    person = json.loads((INDIVIDUAL / "li-ming.json").read_text(encoding="utf-8"))
    person["individual"]["achievements"] = "=cmd|' /C calc'!A0" * 2000
    with pytest.raises(zhuoyue.ZhuoyueError, match="achievements") as e:
        zhuoyue.validate(person)
    assert e.value.code == "too-long"
    # A cohort of the drive's folder scores the organisations and says what each skipped file is.
    drive = zhuoyue.cohort(sorted(DRIVE.iterdir()), partial=True)
    assert len(drive.rows) == 2 and not drive.failures
    assert sorted((s["source"].split("/")[-1], s["what"]) for s in drive.skipped) == [
        ("huang-hai.json", "nomination"), ("li-ming.json", "nomination"), ("roster.toml", "roster"), ("zhou-jing.json", "nomination")]


def test_awards_say_whom_they_are_for_and_the_old_id_still_finds_the_national_award() -> None:
    awards = {a["id"]: a for a in zhuoyue.awards()}
    assert awards["shanghai-mayor-individual"]["applicant"] == "individual"
    assert awards["shanghai-mayor-individual"]["score_line"] is None
    assert awards["national-quality-award"]["aliases"] == ["china-quality-award"]
    example = ROOT / "examples" / "gbt19580-example.json"
    old = zhuoyue.readiness(example, "china-quality-award", year=2026)
    assert old.award == "national-quality-award"


def test_a_drive_of_organisations_and_individuals_under_bodies() -> None:
    p = zhuoyue.programme(DRIVE / "roster.toml", year=2014, award="shanghai-quality-gold")
    assert same(p) == cli("programme", str(DRIVE / "roster.toml"), "--year", "2014", "--award", "shanghai-quality-gold",
                          "--format", "json")
    lines = {(l["year"], l["measure"]): l for l in p.progress["lines"]}
    assert lines[(2014, "award-applicants")]["cumulative"] == 4
    assert lines[(2014, "award-applicants-individuals")]["cumulative"] == 2
    assert lines[(2014, "award-applicants-individuals")]["target"] is None
    assert {c["applicant"] for c in p.candidates} == {"organisation", "individual"}
    assert [t["body"] for t in p.plan_tables] == ["pujiang-district", "machinery-association", "harbour-group"]
    assert ("harbour-group", 2014) in p.progress["unfiled"]
    assert "line(s) behind" in repr(p) and "<table>" in p._repr_html_()
    one = zhuoyue.programme(DRIVE / "roster.toml", year=2014, body="harbour-group")
    assert one.progress["body"] == "harbour-group"
    assert [r[0] for r in one.plan_table["rows"]] == ["港湾物流有限公司", "黄海（个人，港湾物流有限公司）"]
    # An individual award named for everyone: the 9-year nominee is ineligible and left out.
    mayor = zhuoyue.programme(DRIVE / "roster.toml", year=2014, individual_award="shanghai-mayor-individual")
    assert [c["id"] for c in mayor.candidates] == ["i-201"]
    assert [c["name"] for c in mayor.candidates] == ["李明"]  # the roster's name, from the core
    with pytest.raises(zhuoyue.ProgrammeError, match="body nowhere"):
        zhuoyue.programme(DRIVE / "roster.toml", body="nowhere")
    with pytest.raises(zhuoyue.OptionError, match="shanghai-mayor-individual"):
        zhuoyue.programme(DRIVE / "roster.toml", year=2014, individual_award="shanghai-quality-gold")


def test_duplicate_people_in_a_roster_are_refused(tmp_path: Path) -> None:
    text = (DRIVE / "roster.toml").read_text(encoding="utf-8")
    assert "listed twice" not in text
    twice = text.replace('id = "i-202"\nname = "周静"\norganisation = "p-101"', 'id = "i-202"\nname = "李明"\norganisation = "m-101"', 1)
    with pytest.raises(zhuoyue.ProgrammeError, match="listed twice"):
        zhuoyue.programme(twice)
