"""Frame time of the dry room under Xvfb (Mesa llvmpipe), this checkout against another one.

Starts its own Xvfb (a free display, no TCP), then runs the real game scene
(``res://scenes/dry_room/dry_room.tscn`` with the desktop seat, ``--no-bridge``) in
``godot3`` at 1280×720 with vsync off, through a small probe script written to a temporary
folder (nothing is added to either checkout). The probe puts the seat at each view in turn,
waits ``--warmup`` frames, then times ``--frames`` frames: wall time between frames
(``OS.get_ticks_usec``) and the process's CPU time (``/proc/self/stat``, all threads, so
llvmpipe's too). Views: ``spawn`` (where a student starts), ``line`` (the whole line from the
south wall), ``coater`` (the coater from the aisle, the calender beside it).

``--compare PATH`` is a checkout of the previous look (``git worktree add /tmp/looks-base
HEAD``). Both are measured in the same run, interleaved (GLES3 and GLES2, the order of the
checkouts swapped every repetition), and the figures are medians over ``--reps``. The new look
is measured at its default quality ("auto": shadows without SSAO on GLES3, neither on the GLES2
fallback) and, with ``--also high`` (the default), again with ``--looks=high`` (shadows and
SSAO): keys ``…_new_high``.
This is software rendering on a shared CPU: only the ratios new/old mean anything, and the
CPU figure (work per frame) is steadier than wall time when other processes run.

No room state is loaded by default (items, avatars and notebooks differ between checkouts'
fixtures); ``--state-file res://…`` loads one in both. ``--shots DIR`` saves each view once
as PNG (DIR/<label>_<driver>_<view>.png). The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DRIVERS = ("GLES3", "GLES2")
# name: feet position and the point looked at (x, y, z in metres); "spawn" keeps PlayerSpawn.
VIEWS = {
    "spawn": None,
    "line": ((0.0, 0.0, 5.2), (0.0, 0.9, -4.0)),
    "coater": ((4.0, 0.0, -2.9), (7.5, 1.0, -2.6)),
}

PROBE = r"""extends SceneTree
## Frame-time probe written by benchmarks/bench_frame_time.py (not part of the game).

var _args := {}
var _room: Spatial
var _views := []
var _results := {}
var _view := -1
var _frame := 0
var _last_usec := 0
var _cpu0 := 0
var _deltas := []


func _initialize() -> void:
	for arg in OS.get_cmdline_args():
		if arg.begins_with("--") and arg.find("=") > 0:
			_args[arg.substr(2, arg.find("=") - 2)] = arg.substr(arg.find("=") + 1)
	OS.vsync_enabled = false
	Engine.target_fps = 0
	for spec in str(_args.get("views", "spawn")).split(";"):
		_views.append(spec.split(":"))
	_room = load("res://scenes/dry_room/dry_room.tscn").instance()
	_room.xr_request = "none"
	root.add_child(_room)
	if _args.get("state-file", "") != "":
		_room.load_state_file(_args["state-file"])


func _cpu_ticks() -> int:
	var f := File.new()
	if f.open("/proc/self/stat", File.READ) != OK:
		return 0
	var line := f.get_line()
	f.close()
	var fields := line.substr(line.find_last(")") + 2).split(" ")
	return int(fields[11]) + int(fields[12])


func _vec(text: String) -> Vector3:
	var p := text.split(",")
	return Vector3(float(p[0]), float(p[1]), float(p[2]))


func _start_view() -> void:
	var spec: Array = _views[_view]
	if spec.size() == 3:
		_room.player.global_transform.origin = _vec(spec[1])
		_room.player.look_at_point(_vec(spec[2]))
	_frame = 0
	_deltas = []


func _idle(_delta: float) -> bool:
	var now := OS.get_ticks_usec()
	var warmup := int(_args.get("warmup", "20"))
	var frames := int(_args.get("frames", "120"))
	if _view < 0:
		_view = 0
		_start_view()
	_frame += 1
	if _frame == warmup and _args.get("shot-dir", "") != "":
		var image := root.get_texture().get_data()
		image.flip_y()
		image.save_png("%s/%s_%s.png" % [_args["shot-dir"], _args.get("label", "run"),
				_views[_view][0]])
	elif _frame == warmup + 2:
		_cpu0 = _cpu_ticks()
	elif _frame > warmup + 2:
		_deltas.append(now - _last_usec)
	_last_usec = now
	if _deltas.size() >= frames:
		var cpu := _cpu_ticks() - _cpu0
		var sorted_deltas := _deltas.duplicate()
		sorted_deltas.sort()
		var total := 0
		for d in _deltas:
			total += d
		var p := Performance
		_results[_views[_view][0]] = {
			"median_ms": sorted_deltas[sorted_deltas.size() / 2] / 1000.0,
			"mean_ms": total / 1000.0 / _deltas.size(),
			"cpu_ms": cpu * 1000.0 / int(_args.get("clk-tck", "100")) / _deltas.size(),
			"draw_calls": p.get_monitor(p.RENDER_DRAW_CALLS_IN_FRAME),
			"objects": p.get_monitor(p.RENDER_OBJECTS_IN_FRAME),
			"vertices": p.get_monitor(p.RENDER_VERTICES_IN_FRAME),
		}
		_view += 1
		if _view >= _views.size():
			print("BENCH_RESULT " + JSON.print({"driver": OS.get_current_video_driver(),
					"views": _results}))
			quit(0)
		else:
			_start_view()
	return false
"""


class XvfbDisplay:
    """An Xvfb server of our own on the first free display (``-displayfd``), no TCP."""

    def __init__(self) -> None:
        self._pipe = -1
        read_fd, write_fd = os.pipe()
        self.proc = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x720x24",
             "+extension", "GLX", "-nolisten", "tcp"],
            pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write_fd)
        # Read up to the newline and keep the pipe open while Xvfb runs: it may write the
        # number and the newline separately, and a write to a closed pipe kills it.
        self._pipe = read_fd
        text = b""
        deadline = time.monotonic() + 20
        while not text.endswith(b"\n") and time.monotonic() < deadline:
            ready, _, _ = select.select([read_fd], [], [], 1)
            if ready:
                chunk = os.read(read_fd, 32)
                if not chunk:
                    break
                text += chunk
        number = text.decode().strip()
        if not number.isdigit() or self.proc.poll() is not None:
            self.close()
            raise RuntimeError("Xvfb did not start (apt-get install xvfb libgl1-mesa-dri)")
        self.display = ":" + number

    def close(self) -> None:
        if self._pipe >= 0:
            os.close(self._pipe)
            self._pipe = -1
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def _view_arg(names: list[str]) -> str:
    specs = []
    for name in names:
        if "=" in name:  # a view given on the command line: name=feet:look
            specs.append(name.replace("=", ":", 1))
            continue
        pose = VIEWS[name]
        if pose is None:
            specs.append(name)
        else:
            feet, look = (",".join(f"{v:g}" for v in p) for p in pose)
            specs.append(f"{name}:{feet}:{look}")
    return ";".join(specs)


def run_once(godot: str, checkout: Path, driver: str, display: str, probe: Path,
             args: argparse.Namespace, label: str, extra: list[str]) -> dict[str, Any]:
    """One engine process: every view of ``checkout`` with ``driver``; the probe's figures."""
    cmd = [godot, "--path", str(checkout), "--audio-driver", "Dummy", "--resolution",
           "1280x720", "--video-driver", driver, "--disable-vsync", "-s", str(probe), "--",
           "--no-bridge", f"--views={_view_arg(args.views)}", f"--frames={args.frames}",
           f"--warmup={args.warmup}", f"--clk-tck={os.sysconf('SC_CLK_TCK')}",
           f"--label={label}_{driver}"]
    if args.state_file:
        cmd.append(f"--state-file={args.state_file}")
    if args.shots:
        cmd.append(f"--shot-dir={args.shots}")
    cmd += args.game_args.split() + extra
    env = {**os.environ, "DISPLAY": display, "LANG": "en_US.UTF-8"}
    t0 = time.monotonic()
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=args.timeout,
                         check=False)
    for line in out.stdout.splitlines():
        if line.startswith("BENCH_RESULT "):
            result = json.loads(line[len("BENCH_RESULT "):])
            expected = 0 if driver == "GLES3" else 1
            if result["driver"] != expected:
                raise RuntimeError(f"{label}: asked for {driver}, got driver {result['driver']}")
            result["seconds"] = round(time.monotonic() - t0, 1)
            lines = (out.stdout + out.stderr).splitlines()
            errors = [i for i, ln in enumerate(lines) if "SCRIPT ERROR" in ln]
            result["script_errors"] = len(errors)
            for i in errors[:3]:
                print(f"{label} {driver}: " + " ".join(lines[i:i + 2]), file=sys.stderr)
            return result
    tail = "\n".join((out.stdout + out.stderr).splitlines()[-15:])
    raise RuntimeError(f"{label} {driver}: no result (exit {out.returncode})\n{tail}")


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 2) if values else float("nan")


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--checkout", type=Path, default=ROOT, help="the new look (default: here)")
    ap.add_argument("--compare", type=Path, help="a checkout of the old look")
    ap.add_argument("--drivers", default=",".join(DRIVERS))
    ap.add_argument("--views", default=",".join(VIEWS),
                    help=f"some of {', '.join(VIEWS)}, or name=x,y,z:x,y,z (feet:look), "
                    "separated by spaces")
    ap.add_argument("--frames", type=int, default=100, help="timed frames per view")
    ap.add_argument("--warmup", type=int, default=20, help="frames before timing, per view")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--state-file", default="", help="res:// path of a state to load in both")
    ap.add_argument("--shots", type=Path, help="save each view as PNG into this folder")
    ap.add_argument("--also", default="high",
                    help="more quality levels of the new look to measure (--looks=…), comma "
                    "separated; '' for none")
    ap.add_argument("--game-args", default="", help="more arguments for the game, both sides "
                    "(e.g. --looks=low)")
    ap.add_argument("--godot", default=os.environ.get("GODOT", "godot3"))
    ap.add_argument("--timeout", type=float, default=900.0, help="per engine run [s]")
    args = ap.parse_args(argv)
    args.views = [v for v in args.views.replace(",", " ").split() if v] if "=" not in args.views \
        else args.views.split()
    unknown = [v for v in args.views if v not in VIEWS and "=" not in v]
    names = [v.split("=")[0] for v in args.views]
    if unknown:
        ap.error(f"unknown view(s) {unknown}; known: {list(VIEWS)}")
    drivers = [d for d in args.drivers.split(",") if d]
    checkouts = {"new": args.checkout.resolve()}
    extras: dict[str, list[str]] = {"new": []}
    for quality in [q for q in args.also.split(",") if q]:
        checkouts[f"new_{quality}"] = checkouts["new"]
        extras[f"new_{quality}"] = [f"--looks={quality}"]
    if args.compare:
        checkouts["old"] = args.compare.resolve()
        extras["old"] = []
    for path in checkouts.values():
        if not (path / "project.godot").is_file():
            ap.error(f"{path} is not a Godot checkout")
    if args.shots:
        args.shots = args.shots.resolve()
        args.shots.mkdir(parents=True, exist_ok=True)

    runs: dict[tuple[str, str], list[dict[str, Any]]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-frame-") as tmp:
        probe = Path(tmp) / "frame_probe.gd"
        probe.write_text(PROBE, encoding="utf-8")
        xvfb = XvfbDisplay()
        try:
            for rep in range(args.reps):
                labels = list(checkouts) if rep % 2 == 0 else list(reversed(checkouts))
                for driver in drivers:
                    for label in labels:
                        result = run_once(args.godot, checkouts[label], driver, xvfb.display,
                                          probe, args, label, extras[label])
                        runs.setdefault((label, driver), []).append(result)
                        per_view = " ".join(
                            f"{v}={r['median_ms']:.1f}ms/cpu{r['cpu_ms']:.1f}"
                            for v, r in result["views"].items())
                        print(f"rep {rep + 1} {driver} {label}: {per_view} "
                              f"({result['seconds']} s, {result['script_errors']} script errors)",
                              flush=True)
                if rep == 0:
                    args.shots = None  # one set of pictures is enough
        finally:
            xvfb.close()

    figures: dict[str, Any] = {"benchmark": "frame_time", "resolution": "1280x720",
                               "frames": args.frames, "reps": args.reps, "views": {}}
    for (label, driver), results in sorted(runs.items()):
        key = f"{driver.lower()}_{label}"
        # Headline: per run, the mean of the views' median frame times; median over runs.
        figures[f"frame_ms_{key}"] = _median(
            [statistics.fmean(r["views"][v]["median_ms"] for v in names) for r in results])
        figures[f"cpu_ms_{key}"] = _median(
            [statistics.fmean(r["views"][v]["cpu_ms"] for v in names) for r in results])
        for view in names:
            entry = figures["views"].setdefault(view, {})
            entry[f"frame_ms_{key}"] = _median([r["views"][view]["median_ms"] for r in results])
            entry[f"cpu_ms_{key}"] = _median([r["views"][view]["cpu_ms"] for r in results])
            entry[f"draw_calls_{key}"] = results[-1]["views"][view]["draw_calls"]
            entry[f"objects_{key}"] = results[-1]["views"][view]["objects"]
    if "old" in checkouts:
        for driver in drivers:
            d = driver.lower()
            for label in [k for k in checkouts if k != "old"]:
                tail = label[len("new"):]  # "" or "_high"
                for kind in ("frame", "cpu"):
                    new, old = figures[f"{kind}_ms_{d}_{label}"], figures[f"{kind}_ms_{d}_old"]
                    figures[f"ratio_{kind}_{d}{tail}"] = round(new / old, 3) if old else None
                for view in names:
                    entry = figures["views"][view]
                    entry[f"ratio_{d}{tail}"] = round(entry[f"frame_ms_{d}_{label}"] /
                                                      entry[f"frame_ms_{d}_old"], 3)
    print(json.dumps(figures))
    return figures


if __name__ == "__main__":
    try:
        main()
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        print(f"bench_frame_time: {exc}", file=sys.stderr)
        sys.exit(1)
