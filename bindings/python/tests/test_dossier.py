"""The dossier (the application's self-assessment report): DOCX read back with python-docx,
converted to PDF once with LibreOffice headless, a page saved as PNG for a person to look at;
HTML and Markdown carry the same content; hostile text stays text; unwritten parts are marked."""

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import docx
import pytest

import zhuoyue

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "examples" / "gbt19580-example.json"
TARGET = ROOT / "target"


def example() -> dict:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def item_ids() -> list[str]:
    return [i["id"] for c in zhuoyue.framework("gbt19580-2012")["categories"] for i in c["items"]]


def test_docx_reads_back_with_headings_tables_and_chinese(tmp_path: Path) -> None:
    out = tmp_path / "dossier.docx"
    assert zhuoyue.dossier(EXAMPLE, award="shanghai-quality-gold", output=out) == str(out)
    d = docx.Document(str(out))
    headings = [(p.style.name, p.text) for p in d.paragraphs if p.style is not None and p.style.name.startswith("Heading")]
    level1 = [t for s, t in headings if s == "Heading 1"]
    level2 = [t for s, t in headings if s == "Heading 2"]
    # The profile and the seven categories are level-1 headings; every item is a level-2 heading.
    assert level1[0] == "组织概述"
    assert "4.1 领导（110 分）" in level1 and "4.7 结果（400 分）" in level1
    for item in item_ids():
        assert any(t.startswith(f"{item} ") for t in level2), item
    assert "4.1.2 高层领导的作用（50 分）" in level2
    text = "\n".join(p.text for p in d.paragraphs)
    # The profile's length against the award's limit, a section's own count, the guidance prompts.
    assert "上限 3000 字" in text and "字数：" in text
    assert "高层领导如何营造诚信守法的环境？" in text
    assert "示例精密机械有限公司成立于 2006 年" in text
    # Tables: the key factors, the results table of 4.7.2 with its periods, the score summary.
    cells = [[c.text for c in row.cells] for t in d.tables for row in t.rows]
    assert ["KF-C1", "组织关系", "汽车一级供应商要求零缺陷交付和年降价 3%"] in cells
    header = next(r for r in cells if r[0] == "指标")
    assert header[3:7] == ["2022", "2023", "2024", "2025"]
    row = next(r for r in cells if r[0].startswith("一次交检合格率"))
    assert row[3:8] == ["97.8", "98.4", "98.9", "99.2", "98.5 (行业协会 2025 年统计)"]
    assert ["总分", "466.00", "1000", "46.6%"] in cells
    # Chinese body text in 宋体 and headings in 黑体, on A4.
    styles = d.styles.element.xml
    assert 'w:eastAsia="黑体"' in styles and 'w:eastAsia="宋体"' in styles
    section = d.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert "PAGE" in section.footer._element.xml


def test_unwritten_parts_are_marked_not_dropped() -> None:
    blank = {"framework": "gbt19580-2012", "items": {"4.1.2": 50}}
    md = zhuoyue.dossier(blank, lang="en", format="md")
    for item in item_ids():
        assert f"## {item} " in md.replace("### ", "## "), item
    assert "(this section is not written yet)" in md
    assert "(not rated yet)" in md and "(no results table yet)" in md
    assert "parts are not written yet" in md


def test_a_profile_over_the_limit_is_a_warning_never_a_cut() -> None:
    a = example()
    a["profile"]["environment"] = "质" * 3000
    html = zhuoyue.dossier(a, award="shanghai-quality-gold", format="html")
    assert "超过上限" in html and "质" * 3000 in html
    r = zhuoyue.readiness(a, "shanghai-quality-gold")
    reason = next(x for x in r["reasons"] if x["id"] == "profile-length")
    assert (reason["kind"], reason["status"]) == ("document", "fail")


def test_hostile_text_stays_text_in_every_format(tmp_path: Path) -> None:
    a = example()
    a["organisation"]["name"] = "<script>alert(1)</script> =cmd|' /C calc'!A0"
    a["profile"]["challenges"] = "**bold** [link](javascript:alert(1)) \x1b[31mred"
    html = zhuoyue.dossier(a, format="html")
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    md = zhuoyue.dossier(a, format="md")
    assert "[link](javascript" not in md and "\\[link\\]" in md
    out = tmp_path / "hostile.docx"
    zhuoyue.dossier(a, output=out)
    d = docx.Document(str(out))
    assert any("<script>alert(1)</script>" in p.text for p in d.paragraphs)


def test_bad_input_and_bad_options_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(zhuoyue.OptionError, match="allowed: html, md, docx"):
        zhuoyue.dossier(EXAMPLE, format="pdf")
    with pytest.raises(zhuoyue.OptionError):
        zhuoyue.dossier(EXAMPLE, lang="fr")
    with pytest.raises(zhuoyue.AwardError):
        zhuoyue.dossier(EXAMPLE, award="no-such-award")
    a = example()
    a["profile"]["history"] = "not a section"
    with pytest.raises(zhuoyue.AssessmentError, match="profile section `history`") as e:
        zhuoyue.dossier(a)
    assert e.value.code == "unknown-section"
    a = example()
    a["items"]["4.1.3"] = {"percent": 50, "measures": [{"name": "x", "better": "higher"}]}
    with pytest.raises(zhuoyue.AssessmentError, match="results items") as e:
        zhuoyue.dossier(a)
    assert (e.value.code, e.value.item) == ("measure", "4.1.3")
    # The dossier never replaces its input.
    copy = tmp_path / "a.json"
    copy.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(zhuoyue.OptionError, match="outputs never replace inputs"):
        zhuoyue.dossier(copy, output=copy)
    assert json.loads(copy.read_text(encoding="utf-8")) == example()


def test_libreoffice_converts_the_docx_and_a_page_is_saved_to_look_at(tmp_path: Path) -> None:
    """LibreOffice headless, once: the DOCX opens, converts to A4 PDF pages, and page 2 (the
    profile) is saved as target/dossier-page.png for a person to look at (Chinese glyphs, headings)."""
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is installed by `cargo xtask setup` (libreoffice-writer-nogui)"
    out = tmp_path / "dossier.docx"
    zhuoyue.dossier(EXAMPLE, award="shanghai-quality-gold", output=out)
    profile = tempfile.mkdtemp(prefix="lo-profile-")
    try:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(tmp_path), str(out)],
            check=True, timeout=300, capture_output=True,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    pdf = tmp_path / "dossier.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    pages = int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages >= 10, info
    assert "595" in info and "841" in info, info  # A4 in points
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "3", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    assert "组织概述" in text and "自评报告" in text
    TARGET.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "3", "-l", "3", "-singlefile", str(pdf), str(TARGET / "dossier-page")], check=True)
    assert os.path.getsize(TARGET / "dossier-page.png") > 10_000
