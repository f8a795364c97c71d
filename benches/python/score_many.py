"""score_many on 100,000 assessments beside what a notebook user would otherwise write:
(a) a vectorised pandas/numpy version doing the same work (range and 5%-grid validation, category
and process/results subtotals, total, band), (c) the strongest peer: integer range and grid checks,
the category sums as one float64 BLAS matrix product, np.searchsorted for the band, and (b) a
per-row Python version (DataFrame.apply over dicts). zhuoyue is timed on a pandas int64 frame, a
polars frame and a pyarrow table (pandas results back as a pandas frame, and so on). All run here,
in one process, on the same data; the best of several runs is kept. The BLAS library and kernel
that ran are printed (threadpoolctl).

Run (OpenBLAS picks its kernel for this CPU; unset any override for this command only):
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .venv/bin/python benches/python/score_many.py [--rows 100000]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

import zhuoyue

FW = zhuoyue.framework("gbt19580-2012")
IDS = [i["id"] for i in FW.items]
POINTS = np.array([i["points"] for i in FW.items], dtype=np.int64)
CATEGORIES = [c["id"] for c in FW.categories]
CATEGORY_OF = np.array([CATEGORIES.index(i["category"]) for i in FW.items])
RESULTS = np.array([i["kind"] == "results" for i in FW.items])
BAND_LOWER = np.array([b["min"] * 100 for b in FW.overall_bands["bands"]], dtype=np.int64)


def frame(rows: int) -> pd.DataFrame:
    rng = np.random.default_rng(19580)
    data = rng.integers(0, 21, size=(rows, len(IDS))) * 5
    return pd.DataFrame(data, columns=IDS)


def vectorised(df: pd.DataFrame) -> pd.DataFrame:
    """(a) What a careful pandas user writes: validate, then matrix arithmetic in hundredths."""
    values = df[IDS].to_numpy(dtype=np.float64)
    if np.isnan(values).any() or not ((values >= 0) & (values <= 100) & (values % 5 == 0)).all():
        raise ValueError("percent off the grid or out of range")
    hundredths = values.astype(np.int64) * POINTS
    onehot = np.zeros((len(IDS), len(CATEGORIES)), dtype=np.int64)
    onehot[np.arange(len(IDS)), CATEGORY_OF] = 1
    categories = hundredths @ onehot
    results = hundredths[:, RESULTS].sum(axis=1)
    total = hundredths.sum(axis=1)
    out = pd.DataFrame(categories / 100, columns=CATEGORIES, index=df.index)
    out["total"] = total / 100
    out["process"] = (total - results) / 100
    out["results"] = results / 100
    out["band"] = np.searchsorted(BAND_LOWER, total, side="right")
    return out


ONEHOT = np.zeros((len(IDS), len(CATEGORIES)), dtype=np.float64)
ONEHOT[np.arange(len(IDS)), CATEGORY_OF] = 1.0
POINTS_F = POINTS.astype(np.float64)
RESULTS_F = RESULTS.astype(np.float64) * POINTS_F


def blas_peer(df: pd.DataFrame) -> pd.DataFrame:
    """(c) The strongest peer: integer checks, then float64 BLAS for every sum (exact: the sums of
    whole hundredths stay far below 2**53), bands by searchsorted."""
    values = df[IDS].to_numpy()
    if values.dtype.kind not in "iu" or ((values < 0) | (values > 100) | (values % 5 != 0)).any():
        raise ValueError("percent off the grid or out of range")
    v = values.astype(np.float64)
    categories = (v * POINTS_F) @ ONEHOT          # rows x categories, one GEMM
    total = v @ POINTS_F                           # GEMV
    results = v @ RESULTS_F
    out = pd.DataFrame(categories / 100, columns=CATEGORIES, index=df.index)
    out["total"] = total / 100
    out["total_hundredths"] = total.astype(np.int64)
    out["process"] = (total - results) / 100
    out["results"] = results / 100
    out["band"] = np.searchsorted(BAND_LOWER, total, side="right")
    return out


def per_row(df: pd.DataFrame) -> pd.Series:
    """(b) The loop a notebook starts with: a dict per row, a plain-Python scorer."""
    points = dict(zip(IDS, POINTS.tolist()))
    lower = BAND_LOWER.tolist()

    def score(row: dict) -> float:
        total = 0
        for item, p in row.items():
            if not (0 <= p <= 100 and p % 5 == 0):
                raise ValueError(item)
            total += int(p) * points[item]
        band = sum(1 for b in lower if b <= total)
        return total / 100 + band * 0  # band computed as the vectorised version does

    return df.apply(lambda r: score(r.to_dict()), axis=1)


def best(f, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--per-row-rows", type=int, default=100_000)
    args = parser.parse_args()
    df = frame(args.rows)
    ours = zhuoyue.score_many(df)
    theirs = vectorised(df)
    peer = blas_peer(df)
    assert np.array_equal(ours["total"].to_numpy(), theirs["total"].to_numpy())
    assert np.array_equal(ours["band"].to_numpy(), theirs["band"].to_numpy())
    assert np.array_equal(ours["total_hundredths"].to_numpy(), peer["total_hundredths"].to_numpy())
    assert np.array_equal(ours[CATEGORIES].to_numpy(), peer[CATEGORIES].to_numpy())
    import polars as pl
    import pyarrow as pa

    pl_df, pa_table = pl.from_pandas(df), pa.Table.from_pandas(df, preserve_index=False)
    t_ours = best(lambda: zhuoyue.score_many(df), 15)
    t_pl = best(lambda: zhuoyue.score_many(pl_df), 15)
    t_pa = best(lambda: zhuoyue.score_many(pa_table), 15)
    t_vec = best(lambda: vectorised(df), 7)
    t_blas = best(lambda: blas_peer(df), 15)
    small = df.iloc[: args.per_row_rows]
    assert np.array_equal(per_row(small.iloc[:100]).to_numpy(), theirs["total"].to_numpy()[:100])
    t_row = best(lambda: per_row(small), 1) * (len(df) / len(small))
    try:
        from threadpoolctl import threadpool_info

        blas = next((f"{b['internal_api']} {b['version']}, kernel {b['architecture']}, {b['num_threads']} threads"
                     for b in threadpool_info() if b["user_api"] == "blas"), "unknown")
    except ImportError:
        blas = "unknown (pip install threadpoolctl to see it)"
    print(f"rows: {len(df)}; BLAS: {blas}")
    print(f"zhuoyue.score_many pandas {t_ours * 1000:9.1f} ms")
    print(f"zhuoyue.score_many polars {t_pl * 1000:9.1f} ms   ({t_pl / t_ours:.2f}x the pandas time)")
    print(f"zhuoyue.score_many arrow  {t_pa * 1000:9.1f} ms   ({t_pa / t_ours:.2f}x the pandas time)")
    print(f"(c) float64-BLAS peer     {t_blas * 1000:9.1f} ms   zhuoyue is {t_blas / t_ours:6.1f}x faster")
    print(f"(a) vectorised pandas     {t_vec * 1000:9.1f} ms   zhuoyue is {t_vec / t_ours:6.1f}x faster")
    print(f"(b) per-row DataFrame.apply {t_row * 1000:7.0f} ms   zhuoyue is {t_row / t_ours:6.0f}x faster"
          + ("" if len(small) == len(df) else f" (timed on {len(small)} rows, scaled)"))


if __name__ == "__main__":
    main()
