"""``bmm`` subcommands. Each subcommand lives in its own small function."""

from __future__ import annotations

import argparse
import sys

from battery_model.errors import SpecError


def _evaluate(args: argparse.Namespace) -> int:
    from battery_model.report import run_evaluate

    return run_evaluate(args.paths, as_json=args.json, gcpl=not args.no_gcpl)


def _materials(args: argparse.Namespace) -> int:
    from battery_model.materials import catalog

    cat = catalog()
    print(f"{'active material':<14} {'mAh/g':>6} {'V':>5} {'g/cm3':>6} {'calender':<8} source")
    for m in cat.active.values():
        print(f"{m.name:<14} {m.capacity_mah_g:6.0f} {m.avg_potential_v:5.2f} "
              f"{m.density_g_cm3:6.2f} {m.calendering:<8} {m.sources.get('capacity_mah_g', '')}")
    for group, items in cat.components.items():
        print(f"{group}: {', '.join(items)}")
    print(f"formats: {', '.join(cat.formats)}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand and its help."""
    parser = argparse.ArgumentParser(
        prog="bmm", description="Battery Manufacturing Metaverse: build lithium-ion cells on a "
        "virtual pilot line.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    ev = sub.add_parser(
        "evaluate", help="evaluate cell specs (YAML files or folders) with the paper's model",
        description="Evaluate cell specs with the concept paper's model and print Wh/kg, "
        "capacity, N/P, electrode figures and feedback (a table, or --json).")
    ev.add_argument("paths", nargs="+", help="cell spec .yaml files or folders of them")
    ev.add_argument("--json", action="store_true", help="print JSON instead of a table")
    ev.add_argument("--no-gcpl", action="store_true", help="skip the charge/discharge curves")
    ev.set_defaults(func=_evaluate)
    ma = sub.add_parser("materials", help="list the cited materials and cell formats",
                        description="List active materials (capacity, potential, density, "
                        "source) and the inactive components and formats available.")
    ma.set_defaults(func=_materials)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run ``bmm``; returns the exit code (2 for bad input)."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except SpecError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
