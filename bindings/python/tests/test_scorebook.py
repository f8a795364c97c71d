"""Examiner scorebooks from Python: a team of three from sealed scorebooks (one filled in Excel)
to the consensus worksheet with agreement statistics to the feedback report; workbooks written by
us and read by openpyxl, written by openpyxl (and LibreOffice) and read by us; bad workbooks named
by sheet and cell."""

from __future__ import annotations

import io
import json
import math
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import krippendorff
import numpy as np
import openpyxl
import pytest

import zhuoyue

ROOT = Path(__file__).resolve().parents[3]
TEAM = ROOT / "examples" / "team"


def _team_copy(tmp_path: Path) -> Path:
    for f in TEAM.iterdir():
        shutil.copy(f, tmp_path / f.name)
    return tmp_path


def test_the_example_team_from_python() -> None:
    c = zhuoyue.consensus(team=TEAM / "team.toml")
    a = c.agreement
    assert set(a) == {
        "icc_2_1", "icc_2_k", "krippendorff_alpha_interval", "krippendorff_alpha_nominal", "items", "examiner_count", "examiners"
    }
    assert a["examiner_count"] == 3 and a["items"] == 23
    row = next(r for r in c.rows if r["item"] == "4.7.2")
    assert row["percents"] == [40, 50, 30] and row["proposed"] == 40 and row["agreed"] == 35
    assert c.agreed["themes"][0]["scope"] == "organisation"
    assert "ICC(2,k)" in c._repr_html_()
    # The same numbers as the CLI: one core operation behind both.
    cli = subprocess.run(
        [str(ROOT / "target" / "debug" / "zhuoyue"), "consensus", "--team", str(TEAM / "team.toml"), "--format", "json"],
        capture_output=True, text=True,
    )
    if cli.returncode == 0:
        assert json.loads(cli.stdout)["worksheet"]["agreement"] == a


def test_alpha_agrees_with_the_krippendorff_package() -> None:
    kd = krippendorff
    c = zhuoyue.consensus(team=TEAM / "team.toml")
    # Examiners as coders, items as units; a missing rating is NaN there, absent here.
    data = np.array([[math.nan if p is None else p for p in r["percents"]] for r in c.rows], dtype=float).T
    for level, key in (("interval", "krippendorff_alpha_interval"), ("nominal", "krippendorff_alpha_nominal")):
        assert c.agreement[key] == pytest.approx(kd.alpha(reliability_data=data, level_of_measurement=level), abs=1e-9)
    # With ratings missing too.
    books = {}
    for f in ("wang-fang.json", "li-qiang.json", "chen-jing.json"):
        books[f] = json.loads((TEAM / f).read_text(encoding="utf-8"))
    data[1, 3] = math.nan
    data[2, 7] = math.nan
    books["li-qiang.json"]["items"]["4.2.2"]["percent"] = None
    books["chen-jing.json"]["items"]["4.4.2"]["percent"] = None
    sealed = [zhuoyue.seal({k: v for k, v in b.items() if k != "sealed"}, at="2026-11-26T10:00:00Z") for b in books.values()]
    c = zhuoyue.consensus(sealed)
    assert c.agreement["items"] == 21  # the ICCs use the items all three rated
    assert c.agreement["krippendorff_alpha_interval"] == pytest.approx(
        kd.alpha(reliability_data=data, level_of_measurement="interval"), abs=1e-9
    )


def test_a_scorebook_filled_in_excel_joins_the_team(tmp_path: Path) -> None:
    d = _team_copy(tmp_path)
    sheet = d / "zhao.xlsx"
    zhuoyue.scorebook_template(d / "applicant.json", examiner="赵敏", id="SH-2026-017", output=sheet)
    wb = openpyxl.load_workbook(sheet)
    assert wb.sheetnames == ["scores", "summary", "meta"]
    ws = wb["scores"]
    header = [c.value for c in ws[1]]
    assert header == ["id", "percent", "name", "points", "band", "strengths", "ofis", "site_visit"]
    assert ws.max_row == 24  # one row per item and nothing else
    assert ws["A2"].value == "4.1.2" and ws["D2"].value == 50
    assert ws["A2"].comment is not None and "•" in ws["A2"].comment.text  # the item's guidance
    rules = ws.data_validations.dataValidation
    assert len(rules) == 1 and str(rules[0].sqref) == "B2:B24"
    assert rules[0].formula1.strip('"').split(",") == [str(p) for p in range(0, 101, 5)]
    assert wb["summary"]["D2"].value.startswith("=SUMPRODUCT(scores!B2:B4")
    meta = {r[0].value: r[1].value for r in wb["meta"].iter_rows()}
    assert meta["applicant"] == "SH-2026-017" and meta["examiner"] == "赵敏" and meta["framework"] == "gbt19580-2012"
    # The examiner fills it in Excel.
    for r in range(2, 25):
        ws.cell(r, 2, 45)
    ws["B2"] = 60
    ws["F2"] = "高层领导每月召开经营例会 [KF1, ready]\n=cmd|' /C calc'!A0"
    ws["G2"] = "价值观未展开到供应商 [ready]"
    ws["H2"] = "经营例会纪要 | 总经理办公室"
    wb.save(sheet)
    book = zhuoyue.scorebook_import(sheet)
    first = book["items"]["4.1.2"]
    assert first["percent"] == 60
    assert first["comments"][0] == {"kind": "strength", "text": "高层领导每月召开经营例会", "key_factors": ["KF1"], "feedback_ready": True}
    assert first["comments"][1]["text"] == "=cmd|' /C calc'!A0"  # text stays text
    assert first["site_visit"] == [{"verify": "经营例会纪要", "ask": "总经理办公室"}]
    path = d / "zhao.json"
    zhuoyue.seal(book, at="2026-11-26T10:00:00Z", output=path)
    team = (d / "team.toml").read_text(encoding="utf-8") + '\n[[examiners]]\nname = "赵敏"\nscorebook = "zhao.json"\n'
    (d / "team.toml").write_text(team, encoding="utf-8")
    c = zhuoyue.consensus(team=d / "team.toml")
    assert c.worksheet["examiners"][-1] == "赵敏"
    row = c.rows[0]
    assert row["percents"][-1] == 60
    # The feedback report carries the new feedback-ready comments, without the examiner's name.
    report = zhuoyue.feedback(d / "team.toml", format="md")
    assert "高层领导每月召开经营例会（关键因素：KF1）" in report
    assert "赵敏" not in report.split("评审员")[1].split("\n", 1)[1]
    docx_path = zhuoyue.feedback(d / "team.toml", output=d / "feedback.docx", lang="en")
    document = docx.Document(docx_path)
    text = "\n".join(p.text for p in document.paragraphs)
    band = c.agreed["score"]["band"]
    assert "Key themes for the organisation" in text and f"Overall score band: band {band} (" in text, text[:600]
    # A sealed scorebook is read-only, from Python too.
    with pytest.raises(zhuoyue.ScorebookError, match="read-only"):
        zhuoyue.seal(book, at="2026-11-26T10:00:00Z", output=path)
    tampered = json.loads(path.read_text(encoding="utf-8"))
    tampered["items"]["4.1.2"]["percent"] = 90
    path.write_text(json.dumps(tampered, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(zhuoyue.ScorebookError, match="changed after it was sealed") as e:
        zhuoyue.consensus(team=d / "team.toml")
    assert e.value.path.endswith("zhao.json")


def test_a_sheet_saved_by_libreoffice_reads_back(tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is part of the test setup (cargo xtask setup)"
    made = tmp_path / "made.xlsx"
    zhuoyue.scorebook_template(TEAM / "applicant.json", examiner="王芳", id="SH-2026-017", output=made)
    wb = openpyxl.load_workbook(made)
    wb["scores"]["B3"] = 55
    wb.save(made)
    out = tmp_path / "lo"
    run = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--calc", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(made)],
        capture_output=True, text=True, timeout=180,
    )
    assert run.returncode == 0, run.stderr
    book = zhuoyue.scorebook_import(out / "made.xlsx")
    assert book["items"]["4.1.3"]["percent"] == 55 and book["examiner"] == "王芳"


def _workbook(tmp_path: Path, change) -> Path:
    path = tmp_path / "book.xlsx"
    zhuoyue.scorebook_template(TEAM / "applicant.json", examiner="王芳", id="SH-2026-017", output=path)
    wb = openpyxl.load_workbook(path)
    change(wb)
    wb.save(path)
    return path


@pytest.mark.parametrize(
    "change, where, rule",
    [
        (lambda wb: wb["scores"].merge_cells("F2:G2"), "scores!F2", "merged cells"),
        (lambda wb: wb["scores"].__setitem__("B5", "=40+5"), "scores!B5", "formula where a number belongs"),
        (lambda wb: wb["scores"].__setitem__("B5", "55"), "scores!B5", "is text"),
        (lambda wb: wb["scores"].__setitem__("B5", "55%"), "scores!B5", "is text"),
        (lambda wb: wb["scores"].__setitem__("B5", 0.55), "scores!B5", "Excel stores 55% as 0.55"),
        (lambda wb: wb["scores"].__setitem__("B5", 47), "scores!B5", "5% grid"),
        (lambda wb: wb["scores"].__setitem__("B5", 150), "scores!B5", "0..=100"),
        (lambda wb: wb["scores"].__setitem__("B1", "score"), "scores!B1", "header"),
        (lambda wb: wb["scores"].__setitem__("A7", "9.9"), "scores!A7", "not an item"),
        (lambda wb: wb["scores"].__setitem__("A7", "4.1.2"), "scores!A7", "twice"),
        (lambda wb: wb.create_sheet("notes"), "sheet `notes`", "scores, summary, meta"),
        (lambda wb: wb.remove(wb["meta"]), "sheet `meta`", "missing"),
        (lambda wb: wb["meta"].__setitem__("B4", None), "meta", "examiner"),
        (lambda wb: wb["meta"].__setitem__("B2", "gbt-9999"), "framework", "unknown framework"),
        (lambda wb: [wb["scores"].cell(r, 1, "x") for r in range(30, 10_031)], "sheet `scores`", "at most 1000 rows"),
        (lambda wb: wb["scores"].__setitem__("F40", "a comment on no item"), "scores!A40", "no item id"),
    ],
)
def test_bad_workbooks_name_the_sheet_cell_and_rule(tmp_path: Path, change, where: str, rule: str) -> None:
    path = _workbook(tmp_path, change)
    with pytest.raises(zhuoyue.WorkbookError) as e:
        zhuoyue.scorebook_import(path)
    message = str(e.value)
    assert where in message and rule in message, message
    assert e.value.code == "sheet" and e.value.path == str(path)


def test_a_zip_bomb_or_a_file_that_is_no_zip_is_refused_before_it_is_read(tmp_path: Path) -> None:
    with pytest.raises(zhuoyue.WorkbookError, match="not an .xlsx"):
        zhuoyue.scorebook_import(b"PK\x03\x04 not really")
    with pytest.raises(zhuoyue.WorkbookError, match="regular file"):
        zhuoyue.scorebook_import(tmp_path)  # a folder
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (64 * 1024 * 1024))
    bomb = buffer.getvalue()
    assert len(bomb) < 1024 * 1024  # 64 MB of zeros in well under a megabyte
    with pytest.raises(zhuoyue.WorkbookError, match="zip bomb"):
        zhuoyue.scorebook_import(bomb)


def test_consensus_options_are_checked() -> None:
    with pytest.raises(zhuoyue.OptionError):
        zhuoyue.consensus()
    with pytest.raises(zhuoyue.OptionError):
        zhuoyue.consensus([{}], team=TEAM / "team.toml")


def test_a_roster_workbook_gives_the_progress_its_toml_gives(tmp_path: Path) -> None:
    programme = ROOT / "examples" / "programme"
    for f in ("machinery.json", "hospital.json"):
        shutil.copy(programme / f, tmp_path / f)
    import tomllib

    roster = tomllib.loads((programme / "roster.toml").read_text(encoding="utf-8"))
    wb = openpyxl.Workbook()
    meta = wb.active
    meta.title = "meta"
    meta.append(["programme", roster["programme"]])
    orgs = wb.create_sheet("organisations")
    heads = ["id", "name", "sector", "enrolled", "assessment", "plan_training", "plan_award", "plan_level", "plan_year"]
    orgs.append(heads)
    managers = wb.create_sheet("managers")
    managers.append(["organisation", "name", "role", "trained"])
    apps = wb.create_sheet("applications")
    apps.append(["organisation", "level", "award", "year"])
    for o in roster["organisations"]:
        plan = o.get("plan", {})
        orgs.append([o["id"], o["name"], o["sector"], o["enrolled"], o.get("assessment"), plan.get("training"),
                     plan.get("award"), plan.get("level"), plan.get("year")])
        for m in o.get("managers", []):
            managers.append([o["id"], m["name"], m["role"], m.get("trained")])
        for a in o.get("applications", []):
            apps.append([o["id"], a["level"], a["award"], a["year"]])
    wb.save(tmp_path / "roster.xlsx")
    from_xlsx = zhuoyue.programme(tmp_path / "roster.xlsx", year=2014, award="shanghai-quality-gold").to_dict()
    from_toml = zhuoyue.programme(programme / "roster.toml", year=2014, award="shanghai-quality-gold").to_dict()
    assert from_xlsx == from_toml
    orgs["D2"] = "2013年"
    wb.save(tmp_path / "roster.xlsx")
    with pytest.raises(zhuoyue.WorkbookError, match="organisations!D2"):
        zhuoyue.programme(tmp_path / "roster.xlsx")
