"""Benchmark of battery_model: scalar evaluation, vectorised sweep, one GCPL curve.

Goals (issue 2): scalar ``evaluate_cell`` without GCPL <= 50 µs; sweep >= 5 M cells/s;
one 256-point GCPL curve <= 1 ms. Medians over repeats; a baseline measured in the same run
(a fixed pure-Python loop and a fixed numpy kernel) shows how fast this machine is right now.
The last line printed is one JSON object.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

import numpy as np
import yaml

from battery_model import evaluate_cell, sweep
from battery_model.gcpl import gcpl_curves
from battery_model.materials import catalog

ROOT = Path(__file__).resolve().parents[1]
SPEC = yaml.safe_load((ROOT / "recipes" / "cells" / "nmc622_graphite_full.yaml").read_text())


def _median_time(fn, repeats: int, number: int) -> float:
    """Median seconds per call over ``repeats`` batches of ``number`` calls."""
    fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - t0) / number)
    return statistics.median(times)


def _baseline_python() -> None:
    d = {}
    for i in range(100):
        d[i] = i * 1.5 + 2.0
    sum(d.values())


def main() -> dict[str, float]:
    scalar_s = _median_time(lambda: evaluate_cell(SPEC, gcpl=False), repeats=7, number=2000)
    with_gcpl_s = _median_time(lambda: evaluate_cell(SPEC, gcpl=True), repeats=5, number=300)

    n = 1_000_000
    rng = np.random.default_rng(0)
    params = {
        "positive.coating.comma_gap_um": rng.uniform(80, 300, n),
        "positive.calendering.roll_gap_um": rng.uniform(100, 250, n),
        "negative.coating.comma_gap_um": rng.uniform(80, 300, n),
        "negative.calendering.roll_gap_um": rng.uniform(100, 250, n),
    }
    sweep_s = _median_time(lambda: sweep(SPEC, params), repeats=5, number=1)

    cat = catalog()
    nmc, graphite = cat.active["NMC622"], cat.active["graphite"]
    gcpl_s = _median_time(lambda: gcpl_curves(nmc, graphite, 2500.0, 2750.0,
                                              areal_capacity_mah_cm2=3.5, thickness_um=160.0,
                                              n_points=256), repeats=7, number=300)

    base_py_s = _median_time(_baseline_python, repeats=7, number=2000)
    a = rng.uniform(0, 1, n)
    base_np_s = _median_time(lambda: np.exp(a * 1.5 + 2.0), repeats=5, number=3)

    figures = {
        "scalar_us": round(scalar_s * 1e6, 2),
        "scalar_with_gcpl_us": round(with_gcpl_s * 1e6, 2),
        "sweep_cells_per_s": round(n / sweep_s),
        "gcpl_ms": round(gcpl_s * 1e3, 4),
        "baseline_python_loop_us": round(base_py_s * 1e6, 2),
        "baseline_numpy_1m_exp_ms": round(base_np_s * 1e3, 2),
    }
    print(f"evaluate_cell (no GCPL): {figures['scalar_us']:.1f} µs   (goal <= 50 µs)")
    print(f"evaluate_cell (GCPL):    {figures['scalar_with_gcpl_us']:.1f} µs")
    print(f"sweep of {n:,} cells:    {figures['sweep_cells_per_s'] / 1e6:.2f} M cells/s "
          "(goal >= 5 M cells/s)")
    print(f"GCPL 256 points:         {figures['gcpl_ms']:.3f} ms   (goal <= 1 ms)")
    print(f"baseline: python loop {figures['baseline_python_loop_us']:.2f} µs, "
          f"numpy 1M exp {figures['baseline_numpy_1m_exp_ms']:.2f} ms")
    print(json.dumps(figures))
    return figures


if __name__ == "__main__":
    main()
