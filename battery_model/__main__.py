"""``python -m battery_model evaluate FILE.yaml [--json]``."""

from __future__ import annotations

import argparse
import sys

from battery_model.report import run_evaluate


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m battery_model",
                                     description="Evaluate cell specs with the paper's model.")
    sub = parser.add_subparsers(dest="command", required=True)
    ev = sub.add_parser("evaluate", help="evaluate cell spec YAML files (or folders of them)")
    ev.add_argument("paths", nargs="+", help="cell spec .yaml files or folders")
    ev.add_argument("--json", action="store_true", help="print JSON instead of a table")
    ev.add_argument("--no-gcpl", action="store_true", help="skip the charge/discharge curves")
    args = parser.parse_args(argv)
    return run_evaluate(args.paths, as_json=args.json, gcpl=not args.no_gcpl)


if __name__ == "__main__":
    sys.exit(main())
