"""``python -m battery_model evaluate FILE.yaml [--json]``."""

from __future__ import annotations

import argparse
import sys

from battery_model.report import add_evaluate_arguments, consequences_of, reader_gone, run_evaluate


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m battery_model",
                                     description="Evaluate cell specs with the paper's model.")
    sub = parser.add_subparsers(dest="command", required=True)
    ev = sub.add_parser("evaluate", help="evaluate cell spec YAML files (or folders of them)")
    add_evaluate_arguments(ev)
    args = parser.parse_args(argv)
    try:
        return run_evaluate(args.paths, as_json=args.json, gcpl=not args.no_gcpl,
                        consequences=consequences_of(args))
    except BrokenPipeError:
        return reader_gone()


if __name__ == "__main__":
    sys.exit(main())
