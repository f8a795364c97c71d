"""The shared conformance vectors give the same numbers in Python as in Rust."""

import pytest

import zhuoyue


def test_scoring_vectors(scores):
    total = 0
    for file in scores:
        ran = 0
        for case in file["cases"]:
            check(case)
            ran += 1
        assert ran == file["count"]
        total += ran
    assert total >= 77 + 43 + 51


def check(case):
    card = zhuoyue.score(case["assessment"], partial=case["partial"])
    e = case["expect"]
    assert card.total_hundredths == e["total_hundredths"], case["name"]
    assert card.process["score_hundredths"] == e["process_hundredths"], case["name"]
    assert card.results["score_hundredths"] == e["results_hundredths"], case["name"]
    assert {c["id"]: c["score_hundredths"] for c in card.categories} == e["categories_hundredths"], case["name"]
    assert {i["id"]: i["score_hundredths"] for i in card.items} == e["items_hundredths"], case["name"]
    assert card.band == e["band"], case["name"]
    assert card.missing == e["missing"], case["name"]
    assert card.warnings == e["warnings"], case["name"]


def test_error_vectors_raise_typed_exceptions(errors):
    ran = 0
    for case in errors["cases"]:
        try:
            zhuoyue.score(case["input"])
        except zhuoyue.AssessmentError as e:
            assert isinstance(e, ValueError) and isinstance(e, zhuoyue.ZhuoyueError)
            assert e.code == case["code"], (case["name"], str(e))
            assert e.item == case.get("item"), (case["name"], str(e))
            if e.item:
                assert e.item in str(e)
        else:
            raise AssertionError(f"{case['name']}: no error")
        ran += 1
    assert ran == errors["count"] >= 34


def test_operation_vectors():
    """The operation vectors (written by the independent Python implementation in generate.py)
    through the Python surface: percents as printed, readiness, roadmaps, crosswalks, consensus."""
    import json
    import pathlib

    file = json.loads((pathlib.Path(__file__).resolve().parents[3] / "tests/vectors/operations.json").read_text("utf-8"))
    ran = 0
    for case in file["cases"]:
        name, e, a = case["name"], case["expect"], case.get("assessment")
        if case["op"] == "score":
            card = zhuoyue.score(a, partial=True)
            assert {c["id"]: c["percent_text"] for c in card.categories} == e["categories_percent_text"], name
        elif case["op"] == "readiness":
            r = zhuoyue.readiness(a, case["award"], year=case["year"], partial=True)
            gap = None if r.gap is None else round(r.gap * 100)
            assert (r.verdict, r.score_verdict, gap) == (e["verdict"], e["score_verdict"], e["gap_hundredths"]), name
            for reason in r.reasons:
                if reason["id"] in e["statuses"]:
                    assert reason["status"] == e["statuses"][reason["id"]], (name, reason["id"])
        elif case["op"] == "plan":
            p = zhuoyue.plan(a, target=case["target"], partial=True).plan
            assert (p["cycle_count"], p["cost_thousandths"]) == (e["cycle_count"], e["cost_thousandths"]), name
        elif case["op"] == "crosswalk":
            t = zhuoyue.crosswalk(a, case["to"], partial=True)
            got = {i["target"]: {"percent": i["percent"], "coverage_thousandths": i["coverage_thousandths"]} for i in t["items"]}
            assert got == e["items"] and t["missing"] == e["missing"], name
        elif case["op"] == "consensus":
            c = zhuoyue.consensus({x["name"]: x["assessment"] for x in case["examiners"]}, threshold=case["threshold"])
            for row in c.rows:
                want = e["rows"][row["item"]]
                got = {"median": row["median"], "spread": row["spread"], "proposed": row["proposed"],
                       "flagged": row["flagged"], "at_stake_hundredths": round(row["at_stake"] * 100)}
                assert got == want, (name, row["item"])
            agreement, want = c.agreement, e["agreement"]
            for key in ("icc_2_1", "icc_2_k", "krippendorff_alpha_interval", "krippendorff_alpha_nominal"):
                assert agreement[key] == pytest.approx(want[key], abs=1e-9), (name, key)
            assert [x["leniency"] for x in agreement["examiners"]] == pytest.approx(want["leniency"], abs=1e-9), name
        elif case["op"] == "calibrate":
            r = zhuoyue.calibrate(a, partial=True)
            assert [[f["rule"], f["item"]] for f in r["flags"]] == e["flags"], name
            got = tuple(r["range"][k] for k in ("low_hundredths", "claimed_hundredths", "high_hundredths"))
            assert got == (e["low_hundredths"], e["claimed_hundredths"], e["high_hundredths"]), name
        elif case["op"] == "dossier":
            for fmt in ("html", "md"):
                text = zhuoyue.dossier(a, award=case["award"], lang=case["lang"], format=fmt)
                assert text.count("(not written yet)") == e["not_written"], (name, fmt)
                assert all(needle in text for needle in e["contains"]), (name, fmt)
                assert "<b>&</b>" not in text, name
        else:
            raise AssertionError(f"unknown operation {case['op']}")
        ran += 1
    assert ran == file["count"] >= 50
