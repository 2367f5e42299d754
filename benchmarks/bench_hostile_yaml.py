"""Benchmark of refusing hostile YAML: how fast and how small the loader says no.

The alias bomb is ~400 bytes of nested anchors (``a: &a [x, ...]``, ``b: &b [*a, ...]``, 9
levels of 9: 9**9 leaves if expanded). Figures (medians over repeats): in-process
``load_yaml_text`` time and Python memory peak (tracemalloc) to refuse the bomb and a 5,000-deep
nesting, and wall time and peak RSS of a subprocess ``bmm evaluate bomb.yaml``. The baseline,
measured in the same run, is the same work on the legit ``recipes/nmc622_graphite_full.yaml``
(loading it in-process; ``bmm evaluate --no-gcpl`` on it in a subprocess), so a slow moment of
the machine shows in both. The last line printed is one JSON object.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from battery_model.errors import SpecError
from battery_model.yamlio import load_yaml_text

ROOT = Path(__file__).resolve().parents[1]
LEGIT = ROOT / "recipes" / "nmc622_graphite_full.yaml"


def alias_bomb(levels: int = 9, width: int = 9) -> str:
    """Nested anchors: level k is a list of ``width`` aliases of level k-1."""
    names = "abcdefghijklmnopqrstuvwxyz"[:levels]
    lines = [f"{names[0]}: &{names[0]} [{', '.join(['x'] * width)}]"]
    lines += [f"{n}: &{n} [{', '.join(['*' + p] * width)}]" for p, n in itertools.pairwise(names)]
    return "\n".join(lines) + "\n"


def _load(text: str) -> None:
    with contextlib.suppress(SpecError):
        load_yaml_text(text, "bench.yaml")


def _median_ms(fn: Callable[[], object], repeats: int) -> float:
    """Median wall time of one call [ms] (after one warm-up call)."""
    return statistics.median(timeit.repeat(fn, number=1, repeat=repeats + 1)[1:]) * 1e3


def _peak_kib(fn: Callable[[], object]) -> float:
    """Peak of Python allocations during one call [KiB]."""
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 1024
    finally:
        tracemalloc.stop()


def _cli(args: list[str]) -> tuple[float, float, int]:
    """Wall time [ms], peak RSS [MiB] and exit code of ``python -m bmm ARGS``."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "bmm", *args], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall_ms = (time.perf_counter() - t0) * 1e3
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall_ms, usage.ru_maxrss / 1024, proc.returncode  # ru_maxrss: KiB on Linux


def _cli_medians(args: list[str], repeats: int) -> tuple[float, float, int]:
    runs = [_cli(args) for _ in range(repeats)]
    return (statistics.median(r[0] for r in runs), max(r[1] for r in runs), runs[-1][2])


def main() -> dict[str, float]:
    bomb = alias_bomb()
    deep = "x: " + "[" * 5000 + "]" * 5000 + "\n"
    legit = LEGIT.read_text(encoding="utf-8")
    figures: dict[str, float] = {
        "bomb_bytes": len(bomb.encode()),
        "bomb_refuse_ms_median": round(_median_ms(lambda: _load(bomb), 31), 3),
        "deep_refuse_ms_median": round(_median_ms(lambda: _load(deep), 7), 3),
        "baseline_load_ms_median": round(_median_ms(lambda: _load(legit), 31), 3),
        "bomb_refuse_peak_kib": round(_peak_kib(lambda: _load(bomb)), 1),
        "baseline_load_peak_kib": round(_peak_kib(lambda: _load(legit)), 1),
    }
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bomb.yaml"
        path.write_text(bomb, encoding="utf-8")
        wall, rss, code = _cli_medians(["evaluate", str(path)], 5)
        base_wall, base_rss, base_code = _cli_medians(["evaluate", "--no-gcpl", str(LEGIT)], 5)
    figures.update({
        "bomb_cli_wall_ms_median": round(wall, 1), "bomb_cli_peak_rss_mib": round(rss, 1),
        "bomb_cli_exit_code": code, "baseline_cli_wall_ms_median": round(base_wall, 1),
        "baseline_cli_peak_rss_mib": round(base_rss, 1), "baseline_cli_exit_code": base_code,
    })
    print(f"alias bomb ({figures['bomb_bytes']} bytes) refused in "
          f"{figures['bomb_refuse_ms_median']:.2f} ms (peak {figures['bomb_refuse_peak_kib']:.0f}"
          f" KiB); 5,000-deep nesting in {figures['deep_refuse_ms_median']:.1f} ms")
    print(f"baseline: the legit recipe loads in {figures['baseline_load_ms_median']:.2f} ms "
          f"(peak {figures['baseline_load_peak_kib']:.0f} KiB)")
    print(f"bmm evaluate bomb.yaml: {wall:.0f} ms, {rss:.0f} MiB peak RSS, exit {code}; "
          f"baseline bmm evaluate --no-gcpl on the recipe: {base_wall:.0f} ms, "
          f"{base_rss:.0f} MiB, exit {base_code}")
    print(json.dumps(figures))
    return figures


if __name__ == "__main__":
    main()
