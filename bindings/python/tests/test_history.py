"""Calibration and history from Python: the same numbers as the CLI, a DataFrame per date, and
clear errors for bad input."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pandas as pd
import pytest

import zhuoyue

ROOT = Path(__file__).resolve().parents[3]
HISTORY = ROOT / "examples" / "history"
EXAMPLE = ROOT / "examples" / "gbt19580-example.json"


def test_calibrate_flags_and_range() -> None:
    ids = [i["id"] for i in zhuoyue.framework("gbt19580-2012").items]
    rosy = {"framework": "gbt19580-2012", "items": {i: 80 for i in ids}}
    r = zhuoyue.calibrate(rosy)
    assert (r["range"]["claimed"], r["range"]["low"], r["range"]["high"]) == (800.0, 650.0, 800.0)
    assert {f["rule"] for f in r["flags"]} == {"unsupported-high", "results-without-trend", "flat-scoring"}
    flat = next(f for f in r["flags"] if f["rule"] == "flat-scoring")
    assert flat["item"] is None and flat["points_at_stake"] == 0
    # Rules of one's own, as TOML text or a path.
    rules = (ROOT / "criteria" / "calibration" / "default.toml").read_text(encoding="utf-8")
    strict = rules.replace('id = "default"', 'id = "strict"', 1).replace("threshold = 50", "threshold = 45", 1)
    assert zhuoyue.calibrate(EXAMPLE, calibration=strict)["calibration"] == "strict"
    with pytest.raises(zhuoyue.CriteriaError, match="gut-feeling"):
        zhuoyue.calibrate(EXAMPLE, calibration=rules.replace('kind = "flat-scoring"', 'kind = "gut-feeling"'))
    # The same JSON as the CLI's.
    cli = subprocess.run([str(ROOT / "target" / "debug" / "zhuoyue"), "calibrate", str(EXAMPLE), "--format", "json"],
                         capture_output=True, text=True)
    if cli.returncode == 0:
        assert json.loads(cli.stdout) == zhuoyue.calibrate(EXAMPLE)


def test_history_is_a_frame_by_date_in_any_order() -> None:
    files = [HISTORY / "2026.json", HISTORY / "2024.json", HISTORY / "2025.json"]
    frame = zhuoyue.history(files)
    assert isinstance(frame, pd.DataFrame)
    assert [d.strftime("%Y-%m-%d") for d in frame["date"]] == ["2024-03-15", "2025-03-20", "2026-03-18"]
    assert frame["total"].tolist() == [366.0, 416.0, 480.0]
    assert frame["since_first"].tolist() == [0.0, 50.0, 114.0]
    assert "4.7" in frame.columns
    whole = frame.attrs["history"]
    assert whole["moved"][0] == "4.7.2"
    assert zhuoyue.history(list(reversed(files))).attrs["history"]["series"] == whole["series"]
    # A folder stands for its files, as a path or as text, as the CLI reads one.
    for folder in (HISTORY, str(HISTORY)):
        assert zhuoyue.history(folder).attrs["history"]["series"] == whole["series"]


def test_a_folder_stands_for_its_assessment_files(tmp_path: Path) -> None:
    drive = ROOT / "examples" / "drive"
    listed = zhuoyue.cohort(sorted(drive.iterdir()), partial=True).to_dict()
    assert zhuoyue.cohort(drive, partial=True).to_dict() == listed
    # Only regular .json / .toml files (any case) are read; an empty folder is an empty cohort.
    (tmp_path / "notes.txt").write_text("not an assessment", encoding="utf-8")
    (tmp_path / "sub.json").mkdir()
    (tmp_path / "A.JSON").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    one = zhuoyue.cohort(tmp_path)
    assert [r["source"] for r in one.rows] == ["A.JSON"] and not one.failures
    assert zhuoyue.cohort(tmp_path / "sub.json").rows == []
    with pytest.raises(zhuoyue.AssessmentError, match="needs at least one dated assessment"):
        zhuoyue.history(tmp_path / "sub.json")


def test_bad_histories() -> None:
    a = json.loads((HISTORY / "2024.json").read_text(encoding="utf-8"))
    b = dict(a, date="2024-03-15")
    with pytest.raises(zhuoyue.AssessmentError, match="both dated 2024-03-15") as e:
        zhuoyue.history({"a": a, "b": b})
    assert e.value.code == "history"
    with pytest.raises(zhuoyue.AssessmentError, match="no `date`"):
        zhuoyue.history({"a": a, "b": {k: v for k, v in a.items() if k != "date"}})
    with pytest.raises(zhuoyue.AssessmentError, match="YYYY-MM-DD") as e:
        zhuoyue.history({"a": a, "b": dict(a, date="2024-13-01")})
    assert e.value.code == "date"


def test_the_report_since_last_time() -> None:
    md = zhuoyue.report(HISTORY / "2026.json", format="md", lang="en", since=[HISTORY / "2024.json", HISTORY / "2025.json"])
    assert "## Since last time" in md and "+64.00" in md
    assert "Since last time" not in zhuoyue.report(HISTORY / "2026.json", format="md", lang="en")
