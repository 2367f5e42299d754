"""End to end with the real engine (slow): headless Godot + the real runtime.

A scripted student (``player/scripted/scripted_student.gd``) drives the flat desktop seat with
simulated mouse and keyboard events through the dry room, builds the classic cell and tests
it; the potentiostat screen must show what ``battery_model.evaluate_cell`` gives for the
recipe's parameters. Every engine run is wrapped in ``timeout``.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from runtime_helpers import REPO, running

from battery_model import evaluate_cell
from scripts_py.machines import LAYOUT
from scripts_py.recipes.load import load_recipe
from scripts_py.runtime.server import Runtime
from scripts_py.runtime.student_plan import write_plan

pytestmark = pytest.mark.slow
GODOT_SERVER = shutil.which("godot3-server")
GODOT = shutil.which("godot3")
XVFB = shutil.which("Xvfb")
ENGINE_TIMEOUT_S = 600  # `timeout` around each engine run: a hang fails, it never blocks CI
needs_server = pytest.mark.skipif(GODOT_SERVER is None, reason="godot3-server not installed")


def _env() -> dict[str, str]:
    return {**os.environ, "LANG": "en_US.UTF-8"}


async def _student_run(plan: Path, runtime: Runtime) -> tuple[int, str]:
    proc = await asyncio.create_subprocess_exec(
        "timeout", str(ENGINE_TIMEOUT_S), GODOT_SERVER or "godot3-server", "--path", str(REPO),
        "--audio-driver", "Dummy", "res://player/scripted/scripted_student.tscn", "--",
        f"--bridge-port={runtime.port}", f"--student-plan={plan}", "--name=Scripted",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT, env=_env())
    out, _ = await proc.communicate()
    return int(proc.returncode or 0), out.decode("utf-8", "replace")


@needs_server
def test_scripted_student_builds_and_tests_the_classic_cell(tmp_path: Path) -> None:
    recipe = load_recipe(str(REPO / "recipes" / "nmc622_graphite_full.yaml"))
    plan = tmp_path / "plan.json"
    write_plan(recipe.path, plan, ["makers"])
    want = evaluate_cell(recipe.spec, gcpl=False).to_dict()["energy_density_wh_kg"]
    bindings: list = []
    events: list[dict] = []

    async def body() -> tuple[int, str, dict]:
        async with running(on_events=lambda room, evs, state: events.extend(evs)) as (rt, _):
            bind = rt._bind

            def recording_bind(conn, machines):  # what the seat's hello bound, for the checks
                bind(conn, machines)
                bindings.append(list(conn.bindings))

            rt._bind = recording_bind  # type: ignore[method-assign]
            code, out = await _student_run(plan, rt)
            return code, out, rt.host.room("solo").state

    code, out, state = asyncio.run(body())
    assert code == 0, out[-3000:]
    assert "SCRIPT ERROR" not in out, out[-3000:]
    done = re.search(r"STUDENT DONE (\d+) steps: (\d+) clicks, (\d+) teleports, (\d+) keys", out)
    assert done, out[-3000:]
    steps, clicks, teleports, keys = map(int, done.groups())
    assert steps == len(recipe.steps) and clicks > 100 and teleports > 10 and keys > 20
    result = re.search(r'STUDENT RESULT channel=1 cell=(\S+) screen="([^"]+)" wh_kg=([\d.]+) '
                       r"curves=(\w+)", out)
    assert result, out[-3000:]
    cell, screen, wh_kg, curves = result.groups()
    assert screen == f"{want:.0f} Wh/kg"  # what the potentiostat's channel screen shows
    assert float(wh_kg) == pytest.approx(want, abs=1e-6)  # the number behind it
    assert curves == "yes"
    assert "STUDENT EGG makers found" in out
    # the room agrees: the deposited cell is the one the student read, with the model's result
    [deposit] = state["deposits"]
    assert deposit["item"] == cell and deposit["result"]["energy_density_wh_kg"] == want
    assert {b.machine_id for b in bindings[0]} == {mid for mid, _ in LAYOUT}
    assert all(b.ok for b in bindings[0])
    finished = [e["machine"] for e in events if e["type"] == "run_finished"]
    assert finished.count("coater") == 4 and "potentiostat" in finished
    assert any(e["type"] == "egg_found" for e in events)


@needs_server
def test_bmm_play_without_display_runs_the_scripted_student(tmp_path: Path) -> None:
    env = {k: v for k, v in _env().items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["XDG_DATA_HOME"] = str(tmp_path)
    run = subprocess.run(
        ["timeout", str(ENGINE_TIMEOUT_S + 60), sys.executable, "-m", "bmm", "play", "--port",
         "0", "--recipe", "recipes/lfp_li_half.yaml", "--frame-sleep-usec", "0", "--timeout",
         str(ENGINE_TIMEOUT_S)], cwd=REPO, env=env, capture_output=True, text=True)
    out = run.stdout
    assert run.returncode == 0, out[-3000:] + run.stderr[-2000:]
    recipe = load_recipe(str(REPO / "recipes" / "lfp_li_half.yaml"))
    want = evaluate_cell(recipe.spec, gcpl=False).energy_density_wh_kg
    assert "no display (DISPLAY is not set)" in out
    assert "student: step 1/" in out
    assert re.search(r"\] powder dispenser started by Student: runs", out)
    assert re.search(r"\] time skipped \+\d+ (h|min)", out)  # "Skip to the end" on a screen
    done = re.search(r"student: DONE \d+ steps: (\d+) clicks, (\d+) teleports, (\d+) keys", out)
    assert done, out[-2000:]
    assert "Potentiostat results:" in out and f"{want:8.1f}" in out
    assert f'shows "{want:.0f} Wh/kg"' in out and "(matches)" in out
    assert not (tmp_path / "bmm").exists()  # the demonstration keeps the solo room untouched


def _free_display() -> int:
    for n in range(80, 95):
        if not Path(f"/tmp/.X{n}-lock").exists() and not Path(f"/tmp/.X11-unix/X{n}").exists():
            return n
    pytest.skip("no free X display number")


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            out.append(int(stat.parent.name))
    return out


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


class _Lines:
    """Collects a process's output lines in a thread; waits for one to appear."""

    def __init__(self, proc: subprocess.Popen) -> None:
        self.lines: list[str] = []
        self._thread = threading.Thread(target=self._read, args=(proc,), daemon=True)
        self._thread.start()

    def _read(self, proc: subprocess.Popen) -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            self.lines.append(line.rstrip())

    def wait_for(self, text: str, deadline_s: float = 120.0) -> None:
        end = time.monotonic() + deadline_s
        while not any(text in line for line in self.lines):
            if time.monotonic() > end:
                pytest.fail(f"no {text!r} in:\n" + "\n".join(self.lines[-40:]))
            time.sleep(0.1)


@pytest.mark.skipif(GODOT is None or XVFB is None, reason="needs godot3 and Xvfb")
@pytest.mark.parametrize("closing", ["bmm", "godot"])
def test_windowed_play_closes_both_sides(tmp_path: Path, closing: str) -> None:
    display = _free_display()
    xvfb = subprocess.Popen([XVFB or "Xvfb", f":{display}", "-screen", "0", "1280x720x24",
                             "+extension", "GLX"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    env = {**_env(), "DISPLAY": f":{display}", "XDG_DATA_HOME": str(tmp_path)}
    proc = None
    try:
        proc = subprocess.Popen(
            ["timeout", str(ENGINE_TIMEOUT_S), sys.executable, "-m", "bmm", "play", "--godot",
             GODOT or "godot3", "--port", "0", "--name", "Window", "--xr", "none",
             "--db", str(tmp_path / "solo.sqlite3")], cwd=REPO, env=env,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        lines = _Lines(proc)
        lines.wait_for("Window (u1) joined as student")
        [bmm] = _children(proc.pid)  # timeout -> python -m bmm -> godot3
        [godot] = _children(bmm)
        os.kill(bmm if closing == "bmm" else godot, signal.SIGTERM)
        proc.wait(timeout=60)
        assert proc.returncode == 0, "\n".join(lines.lines[-30:])
        end = time.monotonic() + 60
        while _alive(godot) and time.monotonic() < end:
            time.sleep(0.1)
        assert not _alive(godot), "Godot outlived bmm play"
        expected = ("stopping Godot and the runtime" if closing == "bmm"
                    else "Godot closed")
        lines.wait_for(expected, 10)
    finally:
        if proc is not None and proc.poll() is None:
            proc.kill()
        xvfb.terminate()
        xvfb.wait(timeout=30)
