"""The shared conformance vectors give the same numbers in Python as in Rust."""

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
