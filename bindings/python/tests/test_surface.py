"""The Python surface as an adapter of the core operations: native inputs, one error table, results
with attributes, to_dict() and a Jupyter view, the same JSON as the CLI."""

import json
import pathlib
import subprocess

import numpy as np
import pytest

import zhuoyue
from zhuoyue import _core

ROOT = pathlib.Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "examples" / "gbt19580-example.json"
ROSTER = ROOT / "examples" / "programme" / "roster.toml"


def test_every_error_code_has_an_exception_class():
    classes = dict(_core.ERROR_CLASSES)
    assert set(classes) == set(_core.ERROR_CODES)
    for name in classes.values():
        assert issubclass(getattr(zhuoyue, name), zhuoyue.ZhuoyueError)


def test_a_str_naming_a_file_is_a_path():
    card = zhuoyue.score(str(EXAMPLE))
    assert card.total == 466.0


def test_numpy_scalars_are_numbers():
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["items"] = {k: (np.int64(v) if isinstance(v, int) else v) for k, v in data["items"].items()}
    assert zhuoyue.score(data).total == 466.0


def test_errors_about_a_dict_name_the_key_path_not_a_line():
    with pytest.raises(zhuoyue.AssessmentError) as e:
        zhuoyue.score({"framework": "gbt19580-2012", "items": {"4.1.2": {"percent": "high"}}}, partial=True)
    assert "line" not in str(e.value) and "4.1.2" in str(e.value)


def test_options_errors_have_their_own_class():
    with pytest.raises(zhuoyue.OptionError) as e:
        zhuoyue.report(EXAMPLE, lang="fr")
    assert e.value.code == "bad-option"
    with pytest.raises(zhuoyue.OptionError):
        zhuoyue.plan(EXAMPLE, target="lots")
    with pytest.raises(zhuoyue.OptionError):
        zhuoyue.plan(EXAMPLE, target=600, award="shanghai-quality-gold")


def test_results_have_attributes_dicts_and_views():
    c = zhuoyue.consensus({"Wang": EXAMPLE, "Li": EXAMPLE}, record={"framework": "gbt19580-2012"})
    assert isinstance(c, zhuoyue.Consensus) and c.to_dict()["agreed"]["score"]["total"] == 466.0
    assert "<table>" in c._repr_html_()
    h = zhuoyue.cohort([EXAMPLE])
    assert isinstance(h, zhuoyue.Cohort) and h.rows[0]["total"] == 466.0 and "<table>" in h._repr_html_()
    p = zhuoyue.programme(ROSTER, award="shanghai-quality-gold")
    assert isinstance(p, zhuoyue.Programme) and p.programme == "city-drive-2013-2015"
    assert p.plan_table["headers"][0] and "<table>" in p._repr_html_()
    r = zhuoyue.readiness(EXAMPLE, "shanghai-quality-gold", year=2026)
    assert r.verdict == "not-yet" and "<table>" in r._repr_html_()
    # The scorecard's chart is the engine's own SVG, the one the report draws.
    assert 'aria-labelledby="radar-title"' in zhuoyue.score(EXAMPLE)._repr_html_()


def test_the_same_json_as_the_cli():
    cli = ROOT / "target" / "debug" / "zhuoyue"
    if not cli.exists():
        subprocess.run(["cargo", "build", "--quiet", "--bin", "zhuoyue"], cwd=ROOT, check=True)
    def run(*args):
        return json.loads(subprocess.run([str(cli), *args], capture_output=True, check=True, text=True).stdout)

    def same(result):  # tuples and lists are one JSON array
        return json.loads(json.dumps(result.to_dict()))
    assert run("score", str(EXAMPLE), "--format", "json") == same(zhuoyue.score(EXAMPLE))
    assert run("readiness", str(EXAMPLE), "--award", "shanghai-quality-gold", "--year", "2026", "--format", "json") == (
        same(zhuoyue.readiness(EXAMPLE, "shanghai-quality-gold", year=2026))
    )
    assert run("plan", str(EXAMPLE), "--target", "600", "--format", "json") == same(zhuoyue.plan(EXAMPLE, target=600))
    assert run("programme", str(ROSTER), "--format", "json") == same(zhuoyue.programme(ROSTER))
    assert run("crosswalk", str(EXAMPLE), "--to", "baldrige-2023-2024", "--format", "json") == json.loads(
        json.dumps(zhuoyue.crosswalk(EXAMPLE, "baldrige-2023-2024"))
    )
    folder = ROOT / "examples" / "programme"
    files = sorted(p for p in folder.iterdir() if p.suffix == ".json")
    cli_cohort = json.loads(
        subprocess.run([str(cli), "cohort", str(folder), "--format", "json"], capture_output=True, text=True).stdout
    )
    py_cohort = same(zhuoyue.cohort(files + [folder / "roster.toml"]))
    assert cli_cohort == py_cohort
    # Consensus: examiners named by file stem in the CLI, by key in Python.
    examiners = {p.stem: p for p in files}
    cli_consensus = run("consensus", *[str(p) for p in files], "--format", "json")
    assert cli_consensus == same(zhuoyue.consensus(examiners))


def test_devices_are_refused_without_reading():
    with pytest.raises(zhuoyue.AssessmentError) as e:
        zhuoyue.score(pathlib.Path("/dev/zero"))
    assert "regular file" in str(e.value)


def test_roster_paths_stay_in_the_roster_folder(tmp_path):
    text = ROSTER.read_text(encoding="utf-8").replace('"machinery.json"', '"../outside.json"')
    (tmp_path / "outside.json").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    sub = tmp_path / "r"
    sub.mkdir()
    (sub / "roster.toml").write_text(text, encoding="utf-8")
    with pytest.raises(zhuoyue.ProgrammeError):
        zhuoyue.programme(sub / "roster.toml")


def test_sectors_come_from_the_programme_data():
    ids = [s["id"] for s in zhuoyue.sectors()]
    assert ids[0] == "advanced-manufacturing" and "other" in ids
    with pytest.raises(zhuoyue.AssessmentError) as e:
        zhuoyue.score({"framework": "gbt19580-2012", "organisation": {"sector": "mining"}, "items": {}}, partial=True)
    assert e.value.code == "unknown-sector" and "advanced-manufacturing" in str(e.value)


def test_cohort_size_is_limited_with_its_own_code():
    with pytest.raises(zhuoyue.AssessmentError) as e:
        zhuoyue.cohort(["{}"] * 100_001)
    assert e.value.code == "too-many" and "100000" in str(e.value)


def test_years_default_to_this_year_not_a_fixed_one():
    import datetime

    this_year = datetime.date.today().year
    assert zhuoyue.readiness(EXAMPLE, "shanghai-quality-gold").to_dict() == (
        zhuoyue.readiness(EXAMPLE, "shanghai-quality-gold", year=this_year).to_dict()
    )
    # Founded in 2006: 20 years in 2026, a year more each year after.
    operating = [r for r in zhuoyue.readiness(EXAMPLE, "shanghai-quality-gold").reasons if r["id"] == "operating-3-years"]
    assert operating[0]["actual"] == f"{this_year - 2006} years"


def test_a_fifo_is_refused_without_blocking(tmp_path):
    import os

    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    with pytest.raises(zhuoyue.AssessmentError) as e:
        zhuoyue.score(fifo)
    assert "regular file" in str(e.value)


def test_errors_carry_the_named_rule():
    with pytest.raises(zhuoyue.AssessmentError) as e:
        zhuoyue.score({"framework": "gbt19580-2012", "items": {"4.1.2": 37}}, partial=True)
    assert (e.value.code, e.value.item, e.value.rule) == ("percent-off-grid", "4.1.2", "percent-step")
