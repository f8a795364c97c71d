"""score_many through the Arrow PyCapsule interface: every numeric column type read natively,
nullable integers as "not rated", DuckDB relations and their decimals, streams of several record
batches with rows counted across them, and the refusals each input kind can provoke."""

import math

import duckdb
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import zhuoyue

IDS = [i["id"] for i in zhuoyue.framework("gbt19580-2012").items]


def table(rows=6, dtype="int64"):
    data = {i: pa.array([(r * 5 + k * 10) % 105 for r in range(rows)], type=dtype) for k, i in enumerate(IDS)}
    return pa.table({"id": [f"o{r}" for r in range(rows)], **data})


def expected(t):
    return [
        zhuoyue.score({"framework": "gbt19580-2012", "items": {i: int(t.column(i)[r].as_py()) for i in IDS}}).total_hundredths
        for r in range(t.num_rows)
    ]


@pytest.mark.parametrize("dtype", ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float32", "float64"])
def test_every_numeric_type_is_read_natively(dtype):
    t = table(dtype=dtype)
    out = zhuoyue.score_many(t)
    assert out.column("total_hundredths").to_pylist() == expected(table())
    assert out.column("id").to_pylist() == [f"o{r}" for r in range(6)]


def test_nullable_integers_are_not_rated_in_a_partial_score():
    frame = pd.DataFrame({i: pd.array([50, None, 55], dtype="Int64") for i in IDS})
    out = zhuoyue.score_many(frame, partial=True)
    assert list(out["rated"]) == [23, 0, 23]
    assert out["total"].iloc[1] == 0
    with pytest.raises(zhuoyue.AssessmentError) as e:
        zhuoyue.score_many(frame)
    assert e.value.code == "missing-items" and str(e.value).startswith("row 1:")


def test_a_duckdb_relation_scores_without_conversion_and_its_decimals_are_numbers():
    rel = duckdb.sql("select * from range(4) t(r)")
    cols = ", ".join(f'{(k * 5) % 105}.0::DECIMAL(4,1) as "{i}"' for k, i in enumerate(IDS))
    rel = duckdb.sql(f"select 'org-' || r as id, {cols} from range(4) t(r)")
    out = zhuoyue.score_many(rel)
    assert isinstance(out, pa.Table) and out.num_rows == 4
    one = zhuoyue.score({"framework": "gbt19580-2012", "items": {i: (k * 5) % 105 for k, i in enumerate(IDS)}})
    assert out.column("total_hundredths").to_pylist() == [one.total_hundredths] * 4
    bad = duckdb.sql(f"select {cols.replace('0.0::DECIMAL', '2.5::DECIMAL', 1)}")
    with pytest.raises(zhuoyue.AssessmentError) as e:
        zhuoyue.score_many(bad)
    assert e.value.item == IDS[0] and "2.5 is not a whole-number percent" in str(e.value)


def test_rows_are_counted_across_record_batches():
    t = table(10)
    cells = t.column(IDS[3]).to_pylist()
    cells[7] = 37
    t = t.set_column(t.schema.get_field_index(IDS[3]), IDS[3], pa.array(cells, type="int64"))
    stream = pa.Table.from_batches(t.to_batches(max_chunksize=3))
    assert stream.column(IDS[0]).num_chunks == 4
    with pytest.raises(zhuoyue.AssessmentError) as e:
        zhuoyue.score_many(stream)
    assert (e.value.code, e.value.item) == ("percent-off-grid", IDS[3]) and str(e.value).startswith("row 7:")
    good = pa.Table.from_batches(table(10).to_batches(max_chunksize=3))
    assert zhuoyue.score_many(good).column("total_hundredths").to_pylist() == expected(table(10))


def test_what_each_input_kind_can_get_wrong_is_refused_naming_the_column():
    text = table().set_column(1, IDS[0], pa.array(["55"] * 6))
    with pytest.raises(zhuoyue.AssessmentError, match=f"column {IDS[0]} holds Utf8") as e:
        zhuoyue.score_many(text)
    assert e.value.code == "syntax"
    dictionary = table().set_column(1, IDS[0], pa.array(["55"] * 6).dictionary_encode())
    with pytest.raises(zhuoyue.AssessmentError, match="Dictionary"):
        zhuoyue.score_many(dictionary)
    for value, code in [(math.nan, "missing-items"), (math.inf, "syntax"), (-math.inf, "syntax"), (105.0, "percent-out-of-range"), (52.0, "percent-off-grid")]:
        t = table(dtype="float64")
        t = t.set_column(5, IDS[4], pa.array([value] + [50.0] * 5))
        with pytest.raises(zhuoyue.AssessmentError) as e:
            zhuoyue.score_many(t)
        assert (e.value.code, str(e.value)[:6]) == (code, "row 0:"), value
    # Negative zero is zero.
    t = table(dtype="float64").set_column(5, IDS[4], pa.array([-0.0] * 6))
    assert zhuoyue.score_many(t).num_rows == 6
    with pytest.raises(zhuoyue.AssessmentError) as e:
        zhuoyue.score_many(pa.table({"9.9.9": [1], **{i: [50] for i in IDS}}))
    assert e.value.code == "unknown-item"
    with pytest.raises(zhuoyue.AssessmentError) as e:
        zhuoyue.score_many(pa.table({i: [50] for i in IDS[1:]}))
    assert e.value.code == "missing-items"
    # Zero rows score to zero rows.
    empty = zhuoyue.score_many(pa.table({i: pa.array([], type="int64") for i in IDS}))
    assert empty.num_rows == 0 and "total" in empty.column_names


def test_results_come_back_as_the_callers_kind_of_frame():
    t = table()
    assert isinstance(zhuoyue.score_many(pl.from_arrow(t)), pl.DataFrame)
    frame = t.to_pandas()
    frame.index = [f"r{i}" for i in range(6)]
    out = zhuoyue.score_many(frame)
    assert isinstance(out, pd.DataFrame) and list(out.index) == list(frame.index)
    assert out["total_hundredths"].dtype == np.int64 and out["total"].dtype == np.float64


def test_a_pandas_frame_scored_on_every_core_comes_back_whole_and_writable():
    # Enough rows to be scored in one part per core: the parts come back laid end to end, as the
    # Arrow path gives them, and the frame's columns are its own (a user may edit them).
    rows = 70_000
    frame = pd.DataFrame({i: (np.arange(rows, dtype=np.int64) * 5 + k * 10) % 105 for k, i in enumerate(IDS)})
    out = zhuoyue.score_many(frame)
    arrow = zhuoyue.score_many(pa.Table.from_pandas(frame, preserve_index=False))
    assert list(out.columns) == arrow.column_names
    for name in arrow.column_names:
        assert out[name].tolist() == arrow.column(name).to_pylist(), name
    for r in (0, 34_999, 35_000, rows - 1):
        one = zhuoyue.score({"framework": "gbt19580-2012", "items": {i: int(frame[i][r]) for i in IDS}})
        assert out["total_hundredths"][r] == one.total_hundredths
    out.loc[0, "total"] = -1.0
    out["process"] += 1
    assert out.loc[0, "total"] == -1.0


def test_the_result_blocks_are_each_calls_own_and_pandas_before_3_gets_the_same_frame(monkeypatch):
    # The engine writes into memory from numpy.empty, which recycles what an earlier result held:
    # every value must be written, so a second call's frame equals a fresh scoring, and editing
    # one result leaves the other alone.
    rows = 70_000
    frame = pd.DataFrame({i: (np.arange(rows, dtype=np.int64) * 5 + k * 15) % 105 for k, i in enumerate(IDS)})
    frame.index = pd.RangeIndex(10, 10 + rows)
    first = zhuoyue.score_many(frame.assign(**{IDS[0]: 100}))
    second = zhuoyue.score_many(frame)
    assert not np.shares_memory(first["total"].to_numpy(), second["total"].to_numpy())
    want = zhuoyue.score_many(pa.Table.from_pandas(frame, preserve_index=False))
    for name in want.column_names:
        assert second[name].tolist() == want.column(name).to_pylist(), name
    second["total"] = 0.0
    assert first["total"].min() > 0 and list(first.index) == list(frame.index)
    # Zero rows: empty blocks, and a frame of every result column.
    none = zhuoyue.score_many(frame.iloc[:0])
    assert none.shape == (0, len(want.column_names)) and list(none.columns) == want.column_names
    # pandas < 3 has no create_dataframe_from_blocks (pyarrow uses it too, so convert first):
    # each column is then a view of its block's row.
    expected = want.to_pandas().set_index(frame.index)
    monkeypatch.delattr(pd.api.internals, "create_dataframe_from_blocks")
    old = zhuoyue.score_many(frame)
    pd.testing.assert_frame_equal(old, expected)
    old.loc[10, "band"] = 99
    assert old.loc[10, "band"] == 99 and old.loc[11, "band"] != 99


def test_a_frame_of_one_dtype_is_read_as_one_block_and_scores_as_column_by_column():
    rng = np.random.default_rng(7)
    data = rng.integers(0, 21, size=(500, len(IDS))) * 5
    block = pd.DataFrame(data, columns=IDS)  # one 2-D int64 block: its columns are read in one go
    by_column = pd.DataFrame({i: data[:, k].astype(np.int32) for k, i in enumerate(IDS)}).assign(id=[f"o{r}" for r in range(500)])
    want = [
        zhuoyue.score({"framework": "gbt19580-2012", "items": {i: int(data[r, k]) for k, i in enumerate(IDS)}}).total_hundredths
        for r in (0, 250, 499)
    ]
    for frame in (block, by_column, block[IDS[::-1]]):
        out = zhuoyue.score_many(frame)
        assert [out["total_hundredths"][r] for r in (0, 250, 499)] == want
    # Floats with a NaN: one block too, the NaN "not rated" in a partial score only.
    floats = block.astype(np.float64)
    floats.iloc[3, 4] = np.nan
    assert zhuoyue.score_many(floats, partial=True)["rated"][3] == len(IDS) - 1
    with pytest.raises(zhuoyue.AssessmentError) as e:
        zhuoyue.score_many(floats)
    assert e.value.code == "missing-items" and "row 3" in str(e.value) and IDS[4] in str(e.value)
