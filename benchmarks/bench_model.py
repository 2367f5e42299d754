"""Benchmark of battery_model: scalar evaluation, vectorised sweep, one GCPL curve.

Goals (issue 2): scalar ``evaluate_cell`` without GCPL <= 50 µs; sweep >= 5 M cells/s;
one 256-point GCPL curve <= 1 ms. Medians over repeats; a baseline measured in the same run
(a fixed pure-Python loop and a fixed numpy kernel) shows how fast this machine is right now.
``--compare DIR`` also times the scalar evaluation of another checkout (e.g. one before a
model change) in rounds that alternate between the two, each in a fresh process, so both see
the same machine. The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
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


_SCALAR_SNIPPET = """
import statistics, sys, time
from pathlib import Path
root = Path(sys.argv[1]); sys.path.insert(0, str(root))
import yaml
from battery_model import evaluate_cell
spec = yaml.safe_load((root / "recipes" / "cells" / "nmc622_graphite_full.yaml").read_text())
evaluate_cell(spec, gcpl=False)
times = []
for _ in range(5):
    t0 = time.perf_counter()
    for _ in range(2000):
        evaluate_cell(spec, gcpl=False)
    times.append((time.perf_counter() - t0) / 2000)
print(statistics.median(times) * 1e6)
"""


def _scalar_us(root: Path) -> float:
    """Median scalar ``evaluate_cell`` time [µs] of the checkout at ``root``, fresh process."""
    out = subprocess.run([sys.executable, "-c", _SCALAR_SNIPPET, str(root)], check=True,
                         capture_output=True, text=True, timeout=300)
    return float(out.stdout.strip().splitlines()[-1])


def compare(other: Path, rounds: int) -> dict[str, float]:
    """Scalar time of this checkout and of ``other`` in back-to-back pairs (the order flips
    each round, so a drifting machine favours neither); medians [µs] and the median of the
    pairs' ratios."""
    this, that, ratios = [], [], []
    for k in range(rounds):
        if k % 2:
            theirs_us, mine_us = _scalar_us(other), _scalar_us(ROOT)
        else:
            mine_us, theirs_us = _scalar_us(ROOT), _scalar_us(other)
        this.append(mine_us)
        that.append(theirs_us)
        ratios.append(mine_us / theirs_us)
    mine, theirs, ratio = (statistics.median(this), statistics.median(that),
                           statistics.median(ratios))
    print(f"scalar, {rounds} rounds of pairs: this {mine:.1f} µs, {other.name} "
          f"{theirs:.1f} µs (median ratio of the pairs {ratio:.2f})")
    return {"compare_scalar_us": round(mine, 2), "compare_baseline_scalar_us": round(theirs, 2),
            "compare_ratio": round(ratio, 3), "compare_rounds": rounds}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compare", type=Path, metavar="DIR",
                        help="another checkout whose scalar evaluation is timed alongside")
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds (default 5)")
    args = parser.parse_args()
    if args.compare is None:
        main()
    else:
        figures = compare(args.compare.resolve(), args.rounds)
        print(json.dumps({**main(), **figures}))
