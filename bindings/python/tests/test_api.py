"""The Python API: inputs of every kind, results, readiness, plan, frameworks, and bad input."""

import json
import pathlib

import pytest

import zhuoyue
from conftest import EXAMPLE, ROOT


def example():
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def test_dict_text_path_and_bytes_give_the_same_score():
    text = EXAMPLE.read_text(encoding="utf-8")
    cards = [zhuoyue.score(example()), zhuoyue.score(text), zhuoyue.score(EXAMPLE), zhuoyue.score(text.encode())]
    assert {c.total_hundredths for c in cards} == {46600}
    assert cards[0] == cards[2]


def test_toml_text_and_path():
    path = ROOT / "examples" / "gbt19580-partial.toml"
    card = zhuoyue.score(path, partial=True)
    assert card.total_hundredths == 7850 and card.complete is False and len(card.missing) == 18
    assert zhuoyue.score(path.read_text(encoding="utf-8"), partial=True) == card


def test_scorecard_attributes_repr_and_html():
    card = zhuoyue.score(example())
    assert (card.total, card.max, card.band) == (466.0, 1000.0, 5)
    assert [c["id"] for c in card.categories] == ["4.1", "4.2", "4.3", "4.4", "4.5", "4.6", "4.7"]
    assert len(card.items) == 23
    assert repr(card).startswith("<Scorecard 'Example Precision")
    d = card.to_dict()
    d["total"] = 0
    assert card.total == 466.0, "to_dict is a copy"
    html = card._repr_html_()
    assert "<table>" in html and "<svg" in html and "4.7" in html
    with pytest.raises(AttributeError):
        card.no_such_thing


def test_hostile_names_are_escaped_in_html():
    a = example()
    a["organisation"]["name"] = "<script>alert(1)</script>"
    html = zhuoyue.score(a)._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_frameworks_and_items():
    fw = zhuoyue.framework("gbt19580-2012")
    assert fw.max_points == 1000 and len(fw.items) == 23
    assert fw.items[8]["id"] == "4.4.3" and fw.items[8]["points"] == 15 and fw.items[8]["name"]["zh"] == "财务资源"
    assert "gbt19580-2012" in repr(fw)
    assert [f.id for f in zhuoyue.frameworks()][:3] == ["gbt19580-2012", "baldrige-2023-2024", "efqm-2025"]
    with pytest.raises(zhuoyue.AssessmentError) as e:
        zhuoyue.framework("nope")
    assert e.value.code == "unknown-framework"


def test_load_framework_and_broken_ones(tmp_path):
    text = (ROOT / "criteria" / "frameworks" / "gbt19580-2012.toml").read_text(encoding="utf-8")
    variant = tmp_path / "variant.toml"
    variant.write_text(text.replace('id = "gbt19580-2012"', 'id = "gbt19580-2012-py"', 1), encoding="utf-8")
    fw = zhuoyue.load_framework(variant)
    assert fw.id == "gbt19580-2012-py"
    a = example()
    a["framework"] = "gbt19580-2012-py"
    assert zhuoyue.score(a).total == 466.0
    broken = tmp_path / "broken.toml"
    broken.write_text(text.replace("max_points = 1000", "max_points = 999", 1), encoding="utf-8")
    with pytest.raises(zhuoyue.CriteriaError) as e:
        zhuoyue.load_framework(broken)
    assert isinstance(e.value, ValueError)
    assert e.value.path == str(broken) and "broken.toml" in str(e.value) and "max_points" in str(e.value)
    with pytest.raises(zhuoyue.CriteriaError) as e:
        zhuoyue.load_framework(variant)
    assert e.value.code == "duplicate-framework"


def test_readiness_and_plan():
    r = zhuoyue.readiness(example(), "shanghai-quality-gold", year=2026)
    assert (r.verdict, r.gap) == ("not-yet", 84.0)
    assert all(x["sentence"]["zh"] and x["sentence"]["en"] for x in r.reasons)
    assert "not-yet" in repr(r)
    p = zhuoyue.plan(example(), award="shanghai-quality-gold")
    assert (p.plan["cycle_count"], p.plan["end"], p.cost) == (1, 550.0, 27.0)
    assert len(p.gaps) == 23
    cheap = zhuoyue.plan(example(), target=500, effort={i: 10 for i in ["4.7.2", "4.7.3", "4.7.4", "4.7.5", "4.7.6", "4.7.7"]})
    assert all(not r["item"].startswith("4.7.") for c in cheap.cycles for r in c["raises"])
    assert zhuoyue.plan(example(), target=612.5).plan["end"] >= 612.5


@pytest.mark.parametrize(
    "kwargs, error, code",
    [
        ({"award": "nobel"}, zhuoyue.AwardError, "unknown-award"),
        ({"target": 1200}, zhuoyue.PlanError, "target-out-of-range"),
        # The core reads the target: one error, with one code, for every surface.
        ({"target": -5}, zhuoyue.OptionError, "bad-option"),
        ({"target": "lots"}, zhuoyue.OptionError, "bad-option"),
        ({"target": 600, "award": "shanghai-mayor"}, zhuoyue.OptionError, "options"),
        ({}, zhuoyue.OptionError, "options"),
        ({"target": 600, "max_raise": 7}, zhuoyue.PlanError, "max-raise"),
        ({"target": 600, "max_raise": 300}, zhuoyue.PlanError, "max-raise"),
        ({"target": 600, "effort": {"4.1.2": -1}}, zhuoyue.PlanError, "effort"),
        ({"target": 600, "effort": {"9.9": 1}}, zhuoyue.PlanError, "effort"),
    ],
)
def test_bad_plan_inputs(kwargs, error, code):
    with pytest.raises(error) as e:
        zhuoyue.plan(example(), **kwargs)
    assert e.value.code == code and isinstance(e.value, ValueError)


def test_bad_inputs_of_the_wrong_type_or_shape(tmp_path):
    with pytest.raises(TypeError):
        zhuoyue.score(42)
    with pytest.raises(TypeError):
        zhuoyue.plan(example(), target=True)
    with pytest.raises(ValueError):
        zhuoyue.plan(example(), target=600, effort={"4.1.2": "hard"})
    with pytest.raises(zhuoyue.AssessmentError) as e:
        zhuoyue.score({"framework": "gbt19580-2012", "items": {"4.1.2": float("nan")}})
    assert e.value.code == "syntax"
    with pytest.raises(zhuoyue.AssessmentError) as e:
        zhuoyue.score(tmp_path / "missing.json")
    assert e.value.code == "io" and e.value.path.endswith("missing.json")
    huge = tmp_path / "huge.json"
    with open(huge, "wb") as f:
        f.truncate(50 * 1024 * 1024)
    with pytest.raises(zhuoyue.AssessmentError) as e:
        zhuoyue.score(huge)
    assert e.value.code == "too-large" and "52428800" in str(e.value)
    latin = tmp_path / "latin.json"
    latin.write_bytes(b'{"framework": "\xe9"}')
    with pytest.raises(zhuoyue.AssessmentError, match="not UTF-8"):
        zhuoyue.score(latin)
    with pytest.raises(zhuoyue.AwardError) as e:
        zhuoyue.readiness(example(), "nobel")
    assert "shanghai-quality-gold" in str(e.value)


def test_a_panic_inside_the_engine_becomes_a_zhuoyue_error():
    with pytest.raises(zhuoyue.ZhuoyueError) as e:
        zhuoyue._core._panic_for_test()
    assert e.value.code == "internal" and "internal error" in str(e.value)


def test_no_panic_reaches_python():
    # Inputs that stress the parser and the optimiser; each is a typed error or a result, never
    # a PanicException (which is a BaseException, so `except Exception` would not catch it).
    nasty = ["{" * 100000, "[" * 100000, "\x00", '{"framework": "gbt19580-2012", "items": {"' + "9" * 100000 + '": 50}}']
    for text in nasty:
        try:
            zhuoyue.score(text)
        except zhuoyue.ZhuoyueError:
            pass
    zero = {"framework": "gbt19580-2012", "items": {i["id"]: 0 for i in zhuoyue.framework("gbt19580-2012").items}}
    assert zhuoyue.plan(zero, target=1000).plan["cycle_count"] == 7


def test_exception_repr_is_short_and_str_is_long():
    with pytest.raises(zhuoyue.AssessmentError) as e:
        zhuoyue.score({"framework": "gbt19580-2012", "items": {"4.1.2": 105}})
    assert repr(e.value) == "AssessmentError(code='percent-out-of-range', item='4.1.2')"
    assert "outside 0..=100" in str(e.value)


def test_crosswalk_and_other_frameworks():
    t = zhuoyue.crosswalk(example(), "baldrige-2023-2024")
    assert t["missing"] == [] and all(i["coverage"] == 1.0 for i in t["items"])
    assert zhuoyue.score(t["assessment"]).total_hundredths == 46050
    # A missing crosswalk is a criteria matter (it fell through to AssessmentError before).
    with pytest.raises(zhuoyue.CriteriaError) as e:
        zhuoyue.crosswalk(example(), "efqm-2025")
    assert e.value.code == "no-crosswalk"
    efqm = {"framework": "efqm-2025", "items": {i["id"]: 50 for i in zhuoyue.framework("efqm-2025").items}}
    assert zhuoyue.score(efqm).total == 500.0
    assert zhuoyue.plan(efqm, target=600).plan["max_raise"] == 10
    efqm["items"]["1.1"] = 55
    with pytest.raises(zhuoyue.AssessmentError) as e:
        zhuoyue.score(efqm)
    assert (e.value.code, e.value.item) == ("percent-off-grid", "1.1")


def test_report_is_the_same_as_the_clis():
    html = zhuoyue.report(example(), award="shanghai-quality-gold", year=2026)
    assert html == (ROOT / "tests" / "snapshots" / "report-example.zh.html").read_text(encoding="utf-8")
    md = zhuoyue.report(example(), award="shanghai-quality-gold", year=2026, lang="en", format="md")
    assert md == (ROOT / "tests" / "snapshots" / "report-example.en.md").read_text(encoding="utf-8")
    with pytest.raises(ValueError):
        zhuoyue.report(example(), lang="fr")


def test_consensus_cohort_and_programme():
    examiners = {}
    for name, p in [("Wang", 30), ("Li", 60), ("Zhang", 45)]:
        a = example()
        a["items"]["4.7.2"] = p
        examiners[name] = a
    out = zhuoyue.consensus(examiners)
    sheet = out["worksheet"]
    assert sheet["examiners"] == ["Wang", "Li", "Zhang"] and sheet["discuss"] == ["4.7.2"]
    record = {"framework": "gbt19580-2012", "decisions": {"4.7.2": {"percent": 50, "by": "Chen", "why": "site visit"}}}
    agreed = zhuoyue.consensus(examiners, record=record)
    assert agreed["agreed"]["overrides"][0]["agreed"] == 50
    with pytest.raises(zhuoyue.ProgrammeError):
        zhuoyue.consensus(examiners, record={"framework": "gbt19580-2012", "decisions": {"4.7.2": {"percent": 50}}})
    c = zhuoyue.cohort({"a.json": example(), "bad.json": "{", "b.json": examiners["Li"]}, award="shanghai-quality-gold", year=2026)
    assert [f["source"] for f in c["failures"]] == ["bad.json"] and len(c["rows"]) == 2
    p = zhuoyue.programme(ROOT / "examples" / "programme" / "roster.toml", "city-drive-2013-2015", year=2014, award="shanghai-quality-gold")
    assert [x["id"] for x in p["candidates"]] == ["p-001", "m-001"]
    assert p["plan_table"]["headers"][0] == "组织名称" and len(p["plan_table"]["rows"]) == 2
    with pytest.raises(zhuoyue.ProgrammeError):
        zhuoyue.programme(ROOT / "examples" / "programme" / "roster.toml", "nowhere")
