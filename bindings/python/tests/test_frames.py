"""score_many: pandas, polars and pyarrow frames in one engine call, equal to one-by-one scoring."""

import random
from pathlib import Path

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import zhuoyue

IDS = [i["id"] for i in zhuoyue.framework("gbt19580-2012").items]
ROOT = Path(__file__).resolve().parents[3]


def random_frame(rows, seed=7):
    rng = random.Random(seed)
    data = {i: [rng.randrange(0, 101, 5) for _ in range(rows)] for i in IDS}
    return pd.DataFrame({"id": [f"org-{r}" for r in range(rows)], "sector": ["services"] * rows, **data})


def one_by_one(frame):
    return [
        zhuoyue.score({"framework": "gbt19580-2012", "items": {i: int(row[i]) for i in IDS}}).total_hundredths
        for _, row in frame.iterrows()
    ]


def test_pandas_batch_equals_one_by_one():
    frame = random_frame(300)
    out = zhuoyue.score_many(frame)
    assert isinstance(out, pd.DataFrame) and list(out.index) == list(frame.index)
    assert list(out["total_hundredths"]) == one_by_one(frame)
    assert list(out["id"]) == list(frame["id"])
    assert np.allclose(out["total"], out["process"] + out["results"])
    cats = ["4.1", "4.2", "4.3", "4.4", "4.5", "4.6", "4.7"]
    assert np.allclose(out[cats].sum(axis=1), out["total"])
    first = zhuoyue.score({"framework": "gbt19580-2012", "items": {i: int(frame.loc[0, i]) for i in IDS}})
    assert out.loc[0, "band"] == first.band
    assert out.loc[0, "4.4"] == first.categories[3]["score"]


def test_polars_and_arrow_give_the_same_numbers():
    frame = random_frame(50, seed=11)
    expected = list(zhuoyue.score_many(frame)["total_hundredths"])
    pl_out = zhuoyue.score_many(pl.from_pandas(frame))
    assert isinstance(pl_out, pl.DataFrame) and pl_out["total_hundredths"].to_list() == expected
    pa_out = zhuoyue.score_many(pa.Table.from_pandas(frame))
    assert isinstance(pa_out, pa.Table) and pa_out.column("total_hundredths").to_pylist() == expected


def test_bad_cells_name_the_row_and_item():
    frame = random_frame(10)
    frame.loc[3, "4.2.3"] = 37
    with pytest.raises(zhuoyue.AssessmentError) as e:
        zhuoyue.score_many(frame)
    assert (e.value.code, e.value.item) == ("percent-off-grid", "4.2.3") and str(e.value).startswith("row 3:")
    frame = random_frame(10).astype({"4.1.2": "float64"})
    frame.loc[1, "4.1.2"] = 55.5
    with pytest.raises(zhuoyue.AssessmentError, match="row 1"):
        zhuoyue.score_many(frame)
    frame = random_frame(10).astype({"4.1.2": "object"})
    frame.loc[1, "4.1.2"] = "fifty"
    with pytest.raises(zhuoyue.AssessmentError) as e:
        zhuoyue.score_many(frame)
    assert e.value.item == "4.1.2"


def test_missing_cells_and_columns_need_partial():
    frame = random_frame(5).drop(columns=["4.7.7"])
    with pytest.raises(zhuoyue.AssessmentError, match="4.7.7"):
        zhuoyue.score_many(frame)
    out = zhuoyue.score_many(frame, partial=True)
    assert list(out["rated"]) == [22] * 5
    frame = random_frame(5).astype({"4.1.2": "float64"})
    frame.loc[2, "4.1.2"] = np.nan
    with pytest.raises(zhuoyue.AssessmentError) as e:
        zhuoyue.score_many(frame)
    assert e.value.code == "missing-items"
    assert zhuoyue.score_many(frame, partial=True)["rated"].tolist() == [23, 23, 22, 23, 23]


def test_wrong_frame_types():
    with pytest.raises(TypeError):
        zhuoyue.score_many({"4.1.2": [50]})
    # Assessments as files or dicts are a cohort's input: the error says so.
    for wrong in ([{"framework": "gbt19580-2012", "items": {}}], ROOT / "examples" / "drive"):
        with pytest.raises(TypeError, match=r"not (list|PosixPath); .*use zhuoyue\.cohort"):
            zhuoyue.score_many(wrong)
    with pytest.raises(zhuoyue.AssessmentError):
        zhuoyue.score_many(random_frame(2), framework="nope")
    assert len(zhuoyue.score_many(random_frame(0))) == 0


def test_frames_refuse_what_json_refuses_and_say_which_column():
    import pandas as pd

    ids = [i["id"] for i in zhuoyue.framework("gbt19580-2012").items]
    good = {i: [50] for i in ids}
    text = pd.DataFrame({**good, "4.1.2": pd.Series(["55"], dtype=object)})
    with pytest.raises(zhuoyue.AssessmentError) as e:
        zhuoyue.score_many(text)
    assert "4.1.2" in str(e.value) and "not a number" in str(e.value)
    stray = pd.DataFrame({"4.1.2": [50], "4.13": [40]})
    with pytest.raises(zhuoyue.AssessmentError) as e:
        zhuoyue.score_many(stray, partial=True)
    assert e.value.code == "unknown-item" and "4.13" in str(e.value)
    twice = pd.DataFrame([[50, 50]], columns=["4.1.2", "4.1.2"])
    with pytest.raises(zhuoyue.AssessmentError) as e:
        zhuoyue.score_many(twice, partial=True)
    assert "appears twice" in str(e.value)


def test_a_category_named_like_a_result_column_keeps_both():
    import pathlib

    import pandas as pd

    root = pathlib.Path(__file__).resolve().parents[3]
    text = (root / "criteria/frameworks/efqm-2025.toml").read_text(encoding="utf-8")
    text = text.replace('id = "efqm-2025"', 'id = "efqm-band-test"', 1)
    text = text.replace('[[categories]]\nid = "6"', '[[categories]]\nid = "band"', 1).replace('id = "6.1"', 'id = "band.1"', 1)
    fw = zhuoyue.load_framework(text)
    ids = [i["id"] for i in fw.items]
    assert "band.1" in ids
    out = zhuoyue.score_many(pd.DataFrame([{i: 50 for i in ids}]), framework="efqm-band-test")
    assert out["category:band"].tolist() == [100.0]  # 50% of the category's 200 points
    assert out["band"].tolist() == [0]  # the overall band column is untouched (EFQM has none)


def test_a_pandas_float_frame_refuses_what_arrow_refuses_and_a_million_rows_name_the_last():
    # The same refusals as the Arrow path, from a frame's own float64 arrays; negative zero is zero.
    for value, code in [(np.inf, "syntax"), (-np.inf, "syntax"), (105.0, "percent-out-of-range"), (-5.0, "percent-out-of-range"), (52.0, "percent-off-grid"), (1e300, "syntax")]:
        frame = random_frame(6).astype({"4.3.2": "float64"})
        frame.loc[4, "4.3.2"] = value
        with pytest.raises(zhuoyue.AssessmentError) as e:
            zhuoyue.score_many(frame)
        assert (e.value.code, e.value.item, str(e.value)[:6]) == (code, "4.3.2", "row 4:"), value
    frame = random_frame(6).astype({"4.3.2": "float64"})
    frame["4.3.2"] = -0.0
    assert zhuoyue.score_many(frame)["total_hundredths"].tolist() == zhuoyue.score_many(frame.assign(**{"4.3.2": 0}))["total_hundredths"].tolist()
    # A million rows of int8 (the smallest column type): scored on every core, and a bad cell in
    # the last row is named with its row number.
    rows = 1_000_000
    data = np.tile(np.arange(0, 105, 5, dtype=np.int8), rows // 21 + 1)[:rows]
    big = pd.DataFrame({i: np.roll(data, k) for k, i in enumerate(IDS)})
    out = zhuoyue.score_many(big)
    assert len(out) == rows and out["rated"].min() == len(IDS)
    assert out["total_hundredths"].iloc[-1] == one_by_one(big.iloc[-1:])[0]
    big.loc[rows - 1, "4.7.7"] = 101
    with pytest.raises(zhuoyue.AssessmentError) as e:
        zhuoyue.score_many(big)
    assert e.value.code == "percent-out-of-range" and str(e.value).startswith(f"row {rows - 1}: item 4.7.7")
