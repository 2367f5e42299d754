"""Reading spec files and printing results as a readable table or JSON."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from battery_model.consequences import PAPER, REALISTIC
from battery_model.errors import SpecError
from battery_model.evaluate import CellResult, evaluate_cell
from battery_model.yamlio import line_of, load_yaml_file


def spec_files(paths: list[str]) -> list[Path]:
    """Expand folders to their ``*.yaml`` files (sorted); keep files as given."""
    out: list[Path] = []
    for p in map(Path, paths):
        if os.path.isdir(p):  # never raises (a name too long is then reported on reading)
            out.extend(sorted(p.glob("*.yaml")))
        else:
            out.append(p)
    return out


def evaluate_file(path: Path, *, gcpl: bool = True, consequences: str = REALISTIC) -> CellResult:
    """Evaluate one YAML spec; errors name the file, line and field."""
    data, lines = load_yaml_file(path)
    if data is None:
        raise SpecError("(spec)", "the file is empty: expected a cell spec (format, positive, "
                        "negative, ...)", file=str(path), line=1)
    try:
        return evaluate_cell(data, gcpl=gcpl, consequences=consequences)
    except SpecError as exc:
        raise exc.located(str(path), line_of(lines, exc.field)) from None


def table(rows: list[tuple[str, CellResult]]) -> str:
    """A fixed-width table of the main figures, then each cell's feedback."""
    head = (f"{'cell':<28} {'kind':<9} {'Wh/kg':>7} {'Wh':>6} {'mAh':>7} {'N/P':>6} "
            f"{'limit':<8} {'+ mg/cm2':>8} {'- mg/cm2':>8} {'+ eps':>6} {'- eps':>6} "
            f"{'length mm':>9}")
    lines = [head, "-" * len(head)]
    for name, r in rows:
        lines.append(
            f"{name[:28]:<28} {r.kind:<9} {r.energy_density_wh_kg:7.1f} {r.energy_wh:6.2f} "
            f"{r.capacity_mah:7.0f} {r.n_p_ratio:6.2f} {r.limiting_electrode:<8} "
            f"{r.positive.am_mass_loading_mg_cm2:8.2f} {r.negative.am_mass_loading_mg_cm2:8.2f} "
            f"{r.positive.porosity:6.3f} {r.negative.porosity:6.3f} {r.positive.length_mm:9.0f}")
    for name, r in rows:
        if r.feedback:
            lines.append("")
            lines.append(f"{name}: feedback")
            for f in r.feedback:
                lines.append(f"  [{f.severity}] {f.message}")
    return "\n".join(lines)


def to_json(rows: list[tuple[str, CellResult]]) -> str:
    """One JSON object for a single file, else a list of {file, result}."""
    if len(rows) == 1:
        return json.dumps(rows[0][1].to_dict(), indent=2, allow_nan=False)
    payload: list[dict[str, Any]] = [{"file": n, "result": r.to_dict()} for n, r in rows]
    return json.dumps(payload, indent=2, allow_nan=False)


def add_evaluate_arguments(parser: Any) -> None:
    """The ``evaluate`` command's arguments (shared by ``bmm`` and ``python -m battery_model``)."""
    parser.add_argument("paths", nargs="+", help="cell spec .yaml files or folders of them")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--no-gcpl", action="store_true",
                        help="skip the charge/discharge curves")
    parser.add_argument("--paper-model", action="store_true",
                        help="the concept paper's model: processing mistakes give feedback "
                        "only (default: each costs the cell what its feedback item says)")


def consequences_of(args: Any) -> str:
    """The consequence mode an ``evaluate`` command line asks for."""
    return PAPER if getattr(args, "paper_model", False) else REALISTIC


def reader_gone() -> int:
    """Exit code when whoever read our output stopped (``| head``): no traceback, no more."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())  # Python's final flush would fail again
    return 1


def run_evaluate(paths: list[str], *, as_json: bool, gcpl: bool,
                 consequences: str = REALISTIC) -> int:
    """Evaluate spec files/folders and print a table or JSON; returns the exit code."""
    files = spec_files(paths)
    if not files:
        print(f"error: no .yaml cell specs in {' '.join(paths)}", file=sys.stderr)
        return 2
    try:
        rows = [(p.stem, evaluate_file(p, gcpl=gcpl, consequences=consequences))
                for p in files]
    except SpecError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(to_json(rows) if as_json else table(rows))
    return 0
