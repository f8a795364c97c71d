"""Frame-of-reference training from a notebook: the CLI's numbers, names by examiner, assessor or
file, and clear errors for bad sessions."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

import zhuoyue

ROOT = Path(__file__).resolve().parents[3]
TRAINING = ROOT / "examples" / "training"
TRAINEES = sorted((TRAINING / "trainees").iterdir())


def test_a_session_matches_the_cli_and_the_hand_computed_numbers() -> None:
    t = zhuoyue.training(TRAINING / "reference.json", TRAINEES, targets="city-drive-2013-2015")
    by = {x["name"]: x for x in t.trainees}
    assert sorted(by) == ["sun-ming", "刘芳", "张伟", "赵磊"]
    assert (by["张伟"]["mad"], by["张伟"]["bias"], by["张伟"]["spearman"], by["张伟"]["passed"]) == (15.0, 15.0, 1.0, False)
    assert (by["sun-ming"]["bias"], by["sun-ming"]["passed"]) == (-10.0, True)
    assert by["赵磊"]["spearman"] is None and "same percent" in by["赵磊"]["spearman_note"]
    assert t.group["passed"] == 2 and t.group["lenient"] == ["张伟"]
    assert "2 passed" in repr(t) and "<table>" in t._repr_html_()
    exe = ROOT / "target" / "debug" / "zhuoyue"
    if not exe.exists():
        subprocess.run(["cargo", "build", "--quiet", "--bin", "zhuoyue"], cwd=ROOT, check=True)
    cli = json.loads(subprocess.run([str(exe), "training", str(TRAINING / "reference.json"), *map(str, TRAINEES),
                                     "--targets", "city-drive-2013-2015", "--format", "json"],
                                    capture_output=True, check=True, text=True).stdout)
    assert json.loads(json.dumps(t.to_dict())) == cli


def test_dicts_named_by_their_keys_and_bad_sessions() -> None:
    reference = json.loads((TRAINING / "reference.json").read_text(encoding="utf-8"))
    ids = list(reference["items"])
    flat = {"framework": "gbt19580-2012", "items": {i: 40 for i in ids}}
    t = zhuoyue.training(reference, {"王敏": flat})
    assert t.trainees[0]["name"] == "王敏" and t.trainees[0]["passed"] is None
    with pytest.raises(TypeError):
        zhuoyue.training(reference, TRAINING / "trainees" / "sun-ming.json")
    partial = dict(reference, items={k: v for k, v in reference["items"].items() if k != "4.7.7"})
    with pytest.raises(zhuoyue.AssessmentError, match="4.7.7"):
        zhuoyue.training(partial, {"a": flat})
    with pytest.raises(zhuoyue.AssessmentError, match="named twice"):
        zhuoyue.training(reference, [TRAINING / "trainees" / "zhang-wei.json", TRAINING / "trainees" / "zhang-wei.json"])
    with pytest.raises(zhuoyue.AssessmentError, match="efqm-2025"):
        zhuoyue.training(reference, {"e": {"framework": "efqm-2025", "items": {"1.1": 50}}})
    with pytest.raises(zhuoyue.ProgrammeError):
        zhuoyue.training(reference, {"a": flat}, targets="nowhere")
