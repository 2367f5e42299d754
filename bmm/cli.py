"""``bmm`` subcommands. Each subcommand's work lives in its own module; this file only wires."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from battery_model.errors import SpecError, shown
from battery_model.report import add_evaluate_arguments, reader_gone

SEED_MAX = 2**32 - 1


def _evaluate(args: argparse.Namespace) -> int:
    from battery_model.report import consequences_of, run_evaluate

    return run_evaluate(args.paths, as_json=args.json, gcpl=not args.no_gcpl,
                        consequences=consequences_of(args))


def _digest(args: argparse.Namespace) -> int:
    from scripts_py.digest.__main__ import main as digest_main

    argv = [str(args.db_file)] + (["--room", args.room] if args.room else []) + (
        ["-o", str(args.output)] if args.output else [])
    return digest_main(argv)


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


def _run_recipe(args: argparse.Namespace) -> int:
    from scripts_py.recipes.run import main_run_recipe

    return main_run_recipe(args.file, as_json=args.json, seed=args.seed)


def _content_check(args: argparse.Namespace) -> int:
    from scripts_py.recipes.content import main_content_check

    return main_content_check(args.paths)


def _seed(text: str) -> int:
    """``--seed``: a whole number from 0 to :data:`SEED_MAX`."""
    try:
        value = int(text) if len(text) <= 20 else -1
    except ValueError:
        value = -1
    if not 0 <= value <= SEED_MAX:
        raise argparse.ArgumentTypeError(f"must be a whole number from 0 to {SEED_MAX}, got "
                                         f"{shown(text)}")
    return value


def _add_run_recipe(sub: argparse._SubParsersAction) -> None:
    rr = sub.add_parser(
        "run-recipe", help="follow a recipe through the simulated pilot line and test the cell",
        description="Drive the pilot-line simulation through a recipe exactly as a student "
        "would (take items, load machines, start them, skip time, test the cell) and print "
        "the tested cell's result. With --json: the keys of `bmm evaluate --json` plus "
        "sim_time_s, the simulated time the route took [s].")
    rr.add_argument("file", help="recipe .yaml (a cell spec plus title and steps), e.g. "
                    "recipes/nmc622_graphite_full.yaml")
    rr.add_argument("--json", action="store_true", help="print the result as JSON")
    rr.add_argument("--seed", type=_seed, default=0,
                    help=f"seed of the room (serial numbers), 0 to {SEED_MAX}")
    rr.set_defaults(func=_run_recipe)


def _add_content(sub: argparse._SubParsersAction) -> None:
    co = sub.add_parser("content", help="check instructor content (recipes, notebooks, eggs)",
                        description="Tools for the YAML content under recipes/.")
    co_sub = co.add_subparsers(dest="content_command", required=True, metavar="ACTION")
    ch = co_sub.add_parser(
        "check", help="validate recipes, notebooks, Easter eggs and cell specs",
        description="Validate every recipe, notebook, Easter-egg and cell-spec YAML (folders "
        "are searched recursively; recipes/cells/ holds bare cell specs). Recipes are also "
        "run through the line, and their steps must build the spec at their top. Each error "
        "is printed as file:line: field: message; the exit code is 1 if there is any.")
    ch.add_argument("paths", nargs="*", help="files or folders (default: recipes)")
    ch.set_defaults(func=_content_check)


def _missing(module: str) -> Callable[[argparse.Namespace], int]:
    """Handler for a subcommand whose dependency is not installed."""
    def run(args: argparse.Namespace) -> int:
        print(f"error: bmm {args.command} needs the Python package {module!r} "
              "(pip install -e . installs it)", file=sys.stderr)
        return 2
    return run


def _add_play(sub: argparse._SubParsersAction) -> None:
    try:
        from scripts_py.runtime.play import add_play_arguments, add_runtime_arguments
    except ModuleNotFoundError as exc:  # the runtime's own dependencies (websockets)
        # the other subcommands must keep working without them
        for name in ("play", "runtime"):
            stub = sub.add_parser(name, help=f"(needs {exc.name}) see `pip install -e .`")
            stub.set_defaults(func=_missing(exc.name or "?"))
        return

    pl = sub.add_parser(
        "play", help="play: the runtime, a solo room and Godot (headless demo without display)",
        description="Start the game: the Python runtime with a solo room (kept between "
        "sessions), then Godot pointed at it (godot3 on PATH, else the exported "
        "build/linux/*.x86_64, or --godot PATH); VR when a headset starts, else the flat "
        "desktop seat. Closing the window stops the runtime, Ctrl-C stops both. Without a "
        "display (no DISPLAY) it runs the same runtime with a headless Godot seat "
        "(godot3-server) and a scripted student who builds a recipe's cell with the desktop "
        "seat's mouse and keyboard, printing the room's progress and the potentiostat's "
        "result table; exit code 0 when the screen shows the model's Wh/kg.")
    add_play_arguments(pl)
    pl.set_defaults(func=_play)
    rt = sub.add_parser(
        "runtime", help="only the runtime server (for a seat or thin client started apart)",
        description="Serve the bridge (addons/bmm_bridge/PROTOCOL.md) for seats started "
        "apart, e.g. a standalone headset pointing --bridge-url at this PC. Ctrl-C stops.")
    add_runtime_arguments(rt)
    rt.set_defaults(func=_runtime)


def _play(args: argparse.Namespace) -> int:
    from scripts_py.runtime.play import main_play

    try:
        from netcode.seat import Classes
        from netcode.voice.setup import print_mics, voice_factory
    except ModuleNotFoundError:  # without aiortc: solo play only
        return main_play(args)
    if args.list_mics:
        return print_mics()
    voice = None if args.no_voice else voice_factory(args.mic, args.voice_mode)
    return main_play(args, Classes(voice=voice))


def _runtime(args: argparse.Namespace) -> int:
    from scripts_py.runtime.play import main_runtime

    return main_runtime(args)


def _add_host(sub: argparse._SubParsersAction) -> None:
    try:
        from netcode.host.cli import add_host_arguments
    except ModuleNotFoundError as exc:  # aiohttp/aiortc missing: the rest keeps working
        stub = sub.add_parser("host", help=f"(needs {exc.name}) see `pip install -e .`")
        stub.set_defaults(func=_missing(exc.name or "?"))
        return
    ho = sub.add_parser(
        "host", help="host a class on the lecture PC: rooms, signalling, the rooms' authority",
        description="Run the lecture-PC host: up to 8 rooms (6 students each) that seats join "
        "with `bmm play --server ADDRESS --code CODE`. It prints the address students type "
        "and the class code; every room's state is kept in the data folder, so Ctrl-C and a "
        "restart continue the class where it was. Runs without Godot or a display.")
    add_host_arguments(ho)
    ho.set_defaults(func=_host)


def _host(args: argparse.Namespace) -> int:
    from netcode.host.cli import main_host

    return main_host(args)


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
    add_evaluate_arguments(ev)
    ev.set_defaults(func=_evaluate)
    ma = sub.add_parser("materials", help="list the cited materials and cell formats",
                        description="List active materials (capacity, potential, density, "
                        "source) and the inactive components and formats available.")
    ma.set_defaults(func=_materials)
    _add_run_recipe(sub)
    _add_content(sub)
    dg = sub.add_parser(
        "digest", help="write a room's digest: every tested cell as one offline HTML file",
        description="Write the digest of a room (every tested cell: who built it, each step "
        "with its settings, sim and wall-clock time, Wh/kg, loadings, porosity, N/P, feedback, "
        "its GCPL curve; a comparison of all cells; a summary per student) as one HTML file "
        "that opens offline. The instructor panel of `bmm host` has the same as a button. "
        "Exit code 2 when the file or the room does not exist.")
    dg.add_argument("db_file", type=Path, help="a room database: the host's "
                    "DATA/rooms.sqlite3 or the solo room file of `bmm play`")
    dg.add_argument("--room", help="the room (default: the file's only room)")
    dg.add_argument("-o", "--output", type=Path, help="the HTML file to write "
                    "(default: digest-ROOM.html here)")
    dg.set_defaults(func=_digest)
    _add_play(sub)
    _add_host(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run ``bmm``; returns the exit code (2 for bad input)."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except SpecError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return reader_gone()
