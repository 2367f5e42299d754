"""``bmm play`` and ``bmm runtime``: the runtime process beside Godot.

``bmm play`` starts the runtime with an in-process solo host, then Godot (``godot3 --path
<repo>``, else the exported ``build/linux/*.x86_64``, or ``--godot PATH``) pointed at it.
Closing the game window stops the runtime; Ctrl-C or a signal to ``bmm`` stops Godot; if
``bmm`` itself is killed, Godot gets SIGTERM from the kernel (Linux ``PR_SET_PDEATHSIG``).

Without a display (no ``DISPLAY``/``WAYLAND_DISPLAY``, or ``--headless``) it shows the same
path working: the real runtime, a headless ``godot3-server`` seat and a scripted student
who builds a recipe's cell with the desktop seat's mouse and keyboard, while the terminal
follows the room (machine runs, time skips) and ends with the potentiostat's result table.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ctypes
import glob
import logging
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from battery_model import SpecError, evaluate_cell
from scripts_py.recipes.load import Recipe, load_recipe
from scripts_py.runtime import args as args_
from scripts_py.runtime.admission import is_loopback, new_token
from scripts_py.runtime.authority import Authority, ClassAccess, JoinRefused
from scripts_py.runtime.host import SoloHost, default_db_path
from scripts_py.runtime.report import Progress, result_table
from scripts_py.runtime.server import DEFAULT_PORT, Runtime
from scripts_py.runtime.student_plan import write_plan

REPO = Path(__file__).resolve().parents[2]
STUDENT_SCENE = "res://player/scripted/scripted_student.tscn"
CLASSIC_RECIPE = "recipes/nmc622_graphite_full.yaml"
STOP_GRACE_S = 5.0  # how long Godot gets to close after SIGTERM before SIGKILL [s]
PR_SET_PDEATHSIG = 1
log = logging.getLogger("bmm.play")


def repo_root() -> Path:
    """The project folder (``project.godot``): this checkout, else the working directory."""
    return REPO if (REPO / "project.godot").is_file() else Path.cwd()


def has_display() -> bool:
    """True when a window can be opened (X11/Wayland on Linux; always on Windows/macOS)."""
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


async def start_runtime(runtime: Runtime, bind: str, wanted: int) -> int:
    """Start on ``wanted`` (or any free port when it is taken); returns the port."""
    try:
        return await runtime.start(bind, wanted)
    except OSError:
        if wanted == 0:
            raise
        port = await runtime.start(bind, 0)
        print(f"bmm: port {wanted} is busy, using {port}", flush=True)
        return port


@dataclass
class GodotCommand:
    """How to start Godot: the program, its engine arguments, and what it is."""

    program: str
    engine_args: list[str] = field(default_factory=list)
    kind: str = "engine"  # "engine" (runs the project folder) or "export" (a built game)

    def argv(self, user_args: list[str]) -> list[str]:
        """The full command line (options after ``--`` are the game's)."""
        return [self.program, *self.engine_args, "--", *user_args]


def find_godot(repo: Path, wanted: str | None = None) -> GodotCommand:
    """``--godot PATH``, else ``godot3`` on PATH, else the exported ``build/linux`` build."""
    if wanted:
        path = shutil.which(wanted) or wanted
        if not Path(path).exists():
            raise FileNotFoundError(f"--godot {wanted}: no such program")
        if Path(path).with_suffix(".pck").is_file():
            return GodotCommand(path, [], "export")
        return GodotCommand(path, ["--path", str(repo)], "engine")
    engine = shutil.which("godot3")
    if engine and (repo / "project.godot").is_file():
        return GodotCommand(engine, ["--path", str(repo)], "engine")
    exports = sorted(glob.glob(str(repo / "build" / "linux" / "*.x86_64")))
    if exports:
        return GodotCommand(exports[0], [], "export")
    raise FileNotFoundError("no Godot found: install godot3 (apt-get install godot3), build the "
                            "game with tools/export_linux.sh, or pass --godot PATH")


def _die_with_parent() -> None:  # runs in the child between fork and exec
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


async def spawn(argv: list[str], *, pipe: bool = False,
                env: dict[str, str] | None = None) -> asyncio.subprocess.Process:
    """Start a child in its own session (process group) that dies with this process."""
    out = asyncio.subprocess.PIPE if pipe else None
    extra: dict[str, Any] = {"start_new_session": True, "preexec_fn": _die_with_parent}
    if os.name != "posix":  # Windows: a new process group instead of a session
        extra = {"creationflags": getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)}
    return await asyncio.create_subprocess_exec(
        *argv, stdout=out, stderr=asyncio.subprocess.STDOUT if pipe else None,
        stdin=asyncio.subprocess.DEVNULL, env=env, **extra)


def _signal_group(proc: asyncio.subprocess.Process, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        if os.name == "posix":
            os.killpg(proc.pid, sig)
        elif proc.returncode is None and sig == signal.SIGTERM:
            proc.terminate()
        elif proc.returncode is None:
            proc.kill()


async def stop_child(proc: asyncio.subprocess.Process, grace_s: float = STOP_GRACE_S) -> int:
    """SIGTERM the child's process group, SIGKILL it after ``grace_s``; returns its code."""
    if proc.returncode is None:
        _signal_group(proc, signal.SIGTERM)
        try:
            await asyncio.wait_for(proc.wait(), grace_s)
        except TimeoutError:
            _signal_group(proc, signal.SIGKILL if os.name == "posix" else signal.SIGTERM)
            await proc.wait()
    if os.name == "posix":
        _signal_group(proc, signal.SIGKILL)  # anything the child left in its group
    return int(proc.returncode or 0)


def _stop_on_signals(stop: asyncio.Event) -> list[int]:
    loop = asyncio.get_running_loop()
    sigs = [signal.SIGINT, signal.SIGTERM]
    if hasattr(signal, "SIGHUP"):
        sigs.append(signal.SIGHUP)
    done = []
    for sig in sigs:
        try:
            loop.add_signal_handler(sig, stop.set)
        except (NotImplementedError, RuntimeError):  # Windows: Ctrl-C raises instead
            continue
        done.append(sig)
    return done


def _clear_signals(sigs: list[int]) -> None:
    loop = asyncio.get_running_loop()
    for sig in sigs:
        loop.remove_signal_handler(sig)


class StartError(Exception):
    """The runtime cannot start (bad room file, broken content, address in use)."""


def guide_recipe(args: argparse.Namespace) -> Recipe | None:
    """The recipe guided mode follows (``--recipe``; None with ``--no-guide``)."""
    if getattr(args, "no_guide", False):
        return None
    path = Path(getattr(args, "recipe", CLASSIC_RECIPE))
    if not path.is_absolute() and not path.exists():
        path = repo_root() / path
    try:
        return load_recipe(str(path))
    except SpecError as exc:
        raise StartError(f"the guided recipe is broken: {exc}") from None


def open_host(db: str | Path, *, time_speed: float,
              guide: Recipe | None = None) -> SoloHost:
    """The solo host on ``db`` with this checkout's content (raises :class:`StartError`)."""
    try:
        return SoloHost(db, content_dir=repo_root() / "recipes", time_speed=time_speed,
                        guide_recipe=guide)
    except SpecError as exc:
        raise StartError(f"the room content is broken: {exc}") from None
    except (sqlite3.Error, OSError) as exc:
        raise StartError(f"cannot open the room file {db}: {exc} (pass --db FILE to use "
                         "another)") from None


async def open_authority(args: argparse.Namespace, default_db: str | Path,
                         classes: ClassAccess | None) -> Authority:
    """The rooms to play in: a lecture host's (``--server``) or this PC's solo room."""
    guide = guide_recipe(args)
    if classes is not None and hasattr(classes, "guide"):
        # a class room follows its host's guided recipe, unless the student said --no-guide
        classes.guide = not getattr(args, "no_guide", False)
        classes.observer_token = getattr(args, "observe", None) or ""
    if getattr(args, "server", None):
        if classes is None:
            raise StartError("joining a class needs the netcode package (pip install -e .)")
        try:
            return await classes.join(args.server, code=args.code, room=args.room,
                                      name=args.name, avatar=args.avatar)
        except JoinRefused as refused:
            raise StartError(f"the lecture host at {args.server}: {refused.reason}") from None
    return open_host(args.db or default_db, time_speed=args.time_speed, guide=guide)


async def listen(runtime: Runtime, bind: str, port: int) -> int:
    """``runtime.start`` with a clear error when the address cannot be used."""
    try:
        return await runtime.start(bind, port)
    except OSError as exc:
        raise StartError(f"cannot listen on {bind}:{port}: {exc.strerror or exc}") from None


def _env() -> dict[str, str]:
    env = dict(os.environ)
    if env.get("LANG", "C") in ("C", "POSIX", ""):
        env["LANG"] = "en_US.UTF-8"  # Godot 3 prints locale errors under C
    return env


# --- bmm runtime ---------------------------------------------------------------------------
async def serve_runtime(args: argparse.Namespace) -> int:
    """Run only the runtime server (for thin clients) until a signal."""
    token = args.token or (None if is_loopback(args.bind) else new_token())
    host = open_host(args.db or default_db_path(), time_speed=args.time_speed)
    runtime = Runtime(host, on_events=Progress() if args.verbose else None, token=token)
    stop = asyncio.Event()
    sigs = _stop_on_signals(stop)
    try:
        port = await listen(runtime, args.bind, args.port)
        url = f"ws://{args.bind}:{port}" + (f"/?token={token}" if token else "")
        print(f"bmm runtime: {url} (rooms: {', '.join(host.rooms)}; room file "
              f"{host.db_path}). Start a seat with: godot3 --path {repo_root()} -- "
              f"--bridge-url={url} --autojoin. Ctrl-C stops.", flush=True)
        await stop.wait()
    finally:
        _clear_signals(sigs)
        try:
            await runtime.stop()
        finally:
            host.close()
    return 0


# --- bmm play with a window ----------------------------------------------------------------
async def play_windowed(args: argparse.Namespace, classes: ClassAccess | None = None) -> int:
    """Runtime + the rooms' authority + Godot in a window; either side closing closes both."""
    repo = repo_root()
    godot = find_godot(repo, args.godot)
    host = await open_authority(args, default_db_path(), classes)
    runtime = Runtime(host, on_events=Progress(), classes=classes)
    stop = asyncio.Event()
    sigs = _stop_on_signals(stop)
    proc = None
    try:
        port = await start_runtime(runtime, "127.0.0.1", args.port)
        user_args = [f"--bridge-port={port}", f"--name={args.name}", f"--avatar={args.avatar}",
                     f"--xr={args.xr}", f"--looks={args.looks}"]
        user_args += [] if args.home else ["--autojoin"]
        user_args += ["--seated"] if args.seated else []
        argv = godot.argv(user_args)
        print(f"bmm play: runtime ws://127.0.0.1:{port}, {host.describe()}; "
              f"starting Godot ({godot.kind}): {' '.join(argv)}", flush=True)
        proc = await spawn(argv, env=_env())
        waiter = asyncio.ensure_future(proc.wait())
        stopper = asyncio.ensure_future(stop.wait())
        await asyncio.wait({waiter, stopper}, return_when=asyncio.FIRST_COMPLETED)
        stopper.cancel()
        if waiter.done():
            print(f"bmm play: Godot closed (exit {proc.returncode}); stopping the runtime",
                  flush=True)
        else:
            print("bmm play: stopping Godot and the runtime", flush=True)
        code = await stop_child(proc)
        return code if code > 0 else 0
    finally:
        _clear_signals(sigs)
        try:
            if proc is not None:
                await stop_child(proc)
            await runtime.stop()
        finally:
            await host.aclose()


# --- bmm play without a display --------------------------------------------------------------
@dataclass
class DemoOutcome:
    """What the scripted student and the room ended with."""

    godot_code: int = -1
    done: bool = False
    failure: str = ""
    screen: str = ""
    screen_wh_kg: float | None = None
    results: list[dict[str, Any]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


def _student_line(text: str, outcome: DemoOutcome, progress: Progress) -> None:
    outcome.lines.append(text)
    if "SCRIPT ERROR" in text:
        outcome.failure = outcome.failure or text
        progress.print(f"godot: {text}")
    if not text.startswith("STUDENT "):
        return
    body = text[len("STUDENT "):]
    if body.startswith("RESULT "):
        fields = dict(part.split("=", 1) for part in body[7:].replace('"', "").split(" ")
                      if "=" in part)
        screen = body.split('screen="', 1)[1].split('"', 1)[0] if 'screen="' in body else ""
        outcome.screen = screen
        with contextlib.suppress(KeyError, ValueError):
            outcome.screen_wh_kg = float(fields["wh_kg"])
        progress.print(f"student reads the potentiostat screen: channel {fields.get('channel')}"
                       f" shows \"{screen}\"")
        return
    if body.startswith("FEEDBACK "):
        return
    if body.startswith("DONE"):
        outcome.done = True
    if body.startswith("FAILED"):
        outcome.failure = body
    progress.print(f"student: {body}")


async def play_headless(args: argparse.Namespace, classes: ClassAccess | None = None) -> int:
    """The real runtime + a headless Godot seat + a scripted student through a recipe."""
    repo = repo_root()
    server = shutil.which(args.godot_server) or (args.godot_server
                                                 if Path(args.godot_server).exists() else None)
    if server is None or not (repo / "project.godot").is_file():
        print(f"bmm play: no display, and no {args.godot_server} + project folder to run a "
              "headless seat. Install godot3-server (apt-get install godot3-server), or run "
              "`bmm runtime` and connect a seat from another PC.", file=sys.stderr)
        return 2
    recipe_path = Path(args.recipe)
    if not recipe_path.is_absolute() and not recipe_path.exists():
        recipe_path = repo / recipe_path
    recipe = load_recipe(str(recipe_path))
    progress = Progress()
    host = await open_authority(args, ":memory:", classes)
    runtime = Runtime(host, on_events=progress, classes=classes)
    outcome = DemoOutcome()
    stop = asyncio.Event()
    sigs = _stop_on_signals(stop)
    proc = None
    with tempfile.TemporaryDirectory(prefix="bmm-play-") as tmp:
        try:
            port = await start_runtime(runtime, "127.0.0.1", args.port)
            plan_path = Path(tmp) / "plan.json"
            plan = write_plan(recipe_path, plan_path, sorted(host.positions))
            progress.print(
                f"bmm play: no display ({'--headless' if args.headless else 'DISPLAY is not set'}"
                f"), so here is the game's real path without a window: the runtime on "
                f"ws://127.0.0.1:{port} ({host.describe()}), a headless Godot seat "
                f"({Path(server).name}) and a scripted student who builds \"{recipe.title}\" "
                f"({len(plan['steps'])} steps) with the desktop seat's mouse and keyboard.")
            argv = [server, "--path", str(repo), "--audio-driver", "Dummy", STUDENT_SCENE, "--",
                    f"--bridge-port={port}", f"--student-plan={plan_path}",
                    f"--name={args.name}", f"--frame-sleep-usec={args.frame_sleep_usec}"]
            if shutil.which("stdbuf"):
                argv = ["stdbuf", "-oL", *argv]
            proc = await spawn(argv, pipe=True, env=_env())
            assert proc.stdout is not None
            reader = asyncio.ensure_future(_pump(proc, outcome, progress))
            stopper = asyncio.ensure_future(stop.wait())
            done, _ = await asyncio.wait({reader, stopper}, timeout=args.timeout,
                                         return_when=asyncio.FIRST_COMPLETED)
            stopper.cancel()
            if not done:
                outcome.failure = outcome.failure or f"timed out after {args.timeout:g} s"
            elif stopper in done and not reader.done():
                outcome.failure = outcome.failure or "stopped by a signal"
            outcome.godot_code = await stop_child(proc)
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reader
        finally:
            _clear_signals(sigs)
            try:
                if proc is not None:
                    await stop_child(proc)
                await runtime.stop()
            finally:
                state = host.room_state(host.default_room)
                await host.aclose()
    return _summary(recipe, state, outcome, progress)


async def _pump(proc: asyncio.subprocess.Process, outcome: DemoOutcome,
                progress: Progress) -> None:
    assert proc.stdout is not None
    async for raw in proc.stdout:
        _student_line(raw.decode("utf-8", "replace").rstrip(), outcome, progress)
    await proc.wait()


def _summary(recipe: Any, state: dict[str, Any], outcome: DemoOutcome,
             progress: Progress) -> int:
    deposits = [d for d in state["deposits"] if d.get("result")]
    expected = evaluate_cell(recipe.spec, gcpl=False).to_dict()["energy_density_wh_kg"]
    progress.print("")
    if progress.results:
        progress.print("Potentiostat result table (when the test finished):")
        for line in result_table(progress.results):
            progress.print(line)
    for d in deposits:
        r = d["result"]
        who = state["users"].get(d["by"], {}).get("name", d["by"])
        progress.print(f"Deposited #{d['n']}: cell {d['serial']}, "
                       f"{r['energy_density_wh_kg']:.1f} Wh/kg, {r['capacity_mah']:.0f} mAh, "
                       f"by {who} at {d['sim_time_s'] / 3600:.1f} h sim time")
    shown = outcome.screen
    want = f"{expected:.0f} Wh/kg"
    match = shown == want and outcome.screen_wh_kg is not None and \
        abs(outcome.screen_wh_kg - expected) < 1e-6
    progress.print(f"battery_model.evaluate_cell on the recipe's spec: {expected:.1f} Wh/kg; "
                   f"the potentiostat screen showed \"{shown or '-'}\" "
                   f"({'matches' if match else 'DOES NOT MATCH'})")
    ok = outcome.done and not outcome.failure and match and outcome.godot_code == 0
    if not ok:
        why = outcome.failure or (f"Godot exited {outcome.godot_code}" if outcome.godot_code
                                  else "no result")
        progress.print(f"bmm play (headless): FAILED: {why}")
        for line in outcome.lines[-15:]:
            progress.print(f"  | {line}")
        return 1
    progress.print(f"bmm play (headless): the scripted student built and tested the cell in "
                   f"{state['clock']['now_s'] / 3600:.1f} h of sim time. Run `bmm play` on a "
                   "PC with a display to play yourself.")
    return 0


# --- entry points --------------------------------------------------------------------------
def main_play(args: argparse.Namespace, classes: ClassAccess | None = None) -> int:
    """``bmm play``: windowed when a display is there, else the headless demonstration.
    ``classes`` reaches lecture hosts (``--server``, the home screen; netcode has it)."""
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(name)s: %(message)s")
    try:
        if args.headless or not has_display():
            return asyncio.run(play_headless(args, classes))
        return asyncio.run(play_windowed(args, classes))
    except (FileNotFoundError, StartError, SpecError) as exc:
        print(f"bmm play: {exc}", file=sys.stderr)
        return 2


def main_runtime(args: argparse.Namespace) -> int:
    """``bmm runtime``: only the runtime server."""
    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
    try:
        return asyncio.run(serve_runtime(args))
    except StartError as exc:
        print(f"bmm runtime: {exc}", file=sys.stderr)
        return 2


def add_play_arguments(p: argparse.ArgumentParser) -> None:
    """Options of ``bmm play``."""
    p.add_argument("--port", type=args_.port, default=DEFAULT_PORT,
                   help=f"runtime port on 127.0.0.1 (default {DEFAULT_PORT}; a free one is "
                   "taken when it is busy)")
    p.add_argument("--godot", metavar="PATH", help="Godot to start: an engine binary (runs "
                   "this project folder) or an exported build (a .x86_64 with its .pck); "
                   "default: godot3 on PATH, else build/linux/*.x86_64")
    p.add_argument("--server", metavar="HOST[:PORT]", type=args_.server_address,
                   help="play in a class: the lecture PC's address (bmm host prints it; "
                   f"port {args_.HOST_PORT} when left out) instead of the solo room")
    p.add_argument("--code", default="", metavar="CODE", type=args_.class_code,
                   help="the class code the instructor gives out (with --server)")
    p.add_argument("--room", default="", metavar="ID", type=args_.room_id,
                   help="which room of the class to join (with --server; default: the first)")
    p.add_argument("--db", metavar="FILE", type=args_.db_file,
                   help="SQLite file of the solo room (default: "
                   f"{default_db_path()}; the headless demonstration uses a fresh room in "
                   "memory)")
    p.add_argument("--time-speed", type=args_.time_speed, default=1.0, metavar="X",
                   help="sim seconds per wall second while you are in the room (default 1; "
                   f"0: the clock only moves with the time panel; at most "
                   f"{args_.MAX_TIME_SPEED:g})")
    p.add_argument("--name", default="Student", type=args_.player_name,
                   help="your name in the room (one line, at most 60 characters)")
    p.add_argument("--avatar", default="lab_blue", type=args_.avatar,
                   help="avatar id (lab_blue, lab_green, lab_orange, lab_purple, instructor)")
    p.add_argument("--xr", default="auto", choices=("auto", "none", "native_mobile", "openvr",
                                                    "openxr"),
                   help="VR interface (auto: a headset when one starts, else the desktop seat)")
    p.add_argument("--seated", action="store_true", help="seated VR mode")
    p.add_argument("--observe", default=None, metavar="TOKEN", type=args_.panel_token,
                   help="join the class as the instructor's observer seat (not counted among "
                   "the students; heard by the whole room; F6 saves the room): the panel's "
                   "token that `bmm host` prints")
    p.add_argument("--mic", default="default", metavar="DEVICE",
                   help="microphone for voice in a class (default: the system's; see "
                   "--list-mics; tone:440 sends a test tone)")
    p.add_argument("--list-mics", action="store_true", help="list the microphones and exit")
    p.add_argument("--voice-mode", default="ptt", choices=("ptt", "vad"),
                   help="ptt: hold V (VR: a controller button) to talk; vad: talk when you "
                   "speak (the home screen can change it)")
    p.add_argument("--no-voice", action="store_true",
                   help="no voice chat (no microphone opened, others' voices not played)")
    p.add_argument("--looks", default="auto", choices=("auto", "high", "medium", "low"),
                   help="rendering quality (auto: shadows on GLES3, none on the GLES2 fallback; "
                   "high adds ambient occlusion, for strong graphics cards)")
    p.add_argument("--home", action="store_true",
                   help="start at the home screen (name, avatar, rooms) instead of the room")
    p.add_argument("--headless", action="store_true",
                   help="run the no-display demonstration even when there is a display")
    p.add_argument("--recipe", default=CLASSIC_RECIPE,
                   help=f"recipe guided mode shows step by step, and that the scripted student "
                   f"builds without a display (default {CLASSIC_RECIPE})")
    p.add_argument("--no-guide", action="store_true",
                   help="no guided mode: the HUD does not show the recipe's next step (in a "
                   "class, the lecture host chooses the recipe: `bmm host --recipe`)")
    p.add_argument("--godot-server", default="godot3-server", metavar="PATH",
                   help="headless Godot for the no-display demonstration")
    p.add_argument("--frame-sleep-usec", type=args_.whole_in(0, 1_000_000, "the sleep [µs]"),
                   default=6900, metavar="N",
                   help="headless Godot's sleep per frame [µs] (0: as fast as it can)")
    p.add_argument("--timeout", type=args_.number_in(1.0, 86_400.0, "the timeout [s]"),
                   default=900.0, metavar="S",
                   help="give up the no-display demonstration after S seconds")
    p.add_argument("-v", "--verbose", action="store_true", help="log the runtime's messages")


def add_runtime_arguments(p: argparse.ArgumentParser) -> None:
    """Options of ``bmm runtime``."""
    p.add_argument("--bind", default="127.0.0.1", metavar="ADDR", type=args_.bind_address,
                   help="address to listen on (default 127.0.0.1; a LAN address lets a thin "
                   "client such as a standalone headset connect: then seats must present the "
                   "access token this command prints)")
    p.add_argument("--port", type=args_.port, default=DEFAULT_PORT, help=f"port (default "
                   f"{DEFAULT_PORT}; 0: any free port)")
    p.add_argument("--token", type=args_.token, metavar="TOKEN",
                   help="access token seats must present as ws://HOST:PORT/?token=TOKEN "
                   "(default: a new random one when --bind is not a loopback address, none on "
                   "loopback)")
    p.add_argument("--db", metavar="FILE", type=args_.db_file,
                   help=f"SQLite file of the rooms (default "
                   f"{default_db_path()}; ':memory:' forgets them on exit)")
    p.add_argument("--time-speed", type=args_.time_speed, default=1.0, metavar="X",
                   help="sim seconds per wall second while someone is in a room")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="print the rooms' progress (machine runs, time skips)")
