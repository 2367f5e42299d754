"""``bmm play`` / ``bmm runtime`` as processes: closing either side closes both, no orphans.

A small fake Godot (a Python script speaking the bridge) stands in for the engine, so these
tests need no display and no engine; the real engine runs in the slow tests.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from runtime_helpers import REPO

DEADLINE_S = 30.0  # how long to wait for a process to appear or go (a hang bound, not a timing)

FAKE_GODOT = """#!{python}
import asyncio, json, os, sys
from websockets.asyncio.client import connect

port = next(a.split("=", 1)[1] for a in sys.argv if a.startswith("--bridge-port="))
name = next(a.split("=", 1)[1] for a in sys.argv if a.startswith("--name="))

async def main():
    async with connect(f"ws://127.0.0.1:{{port}}") as ws:
        await ws.send(json.dumps({{"t": "hello", "protocol": 1, "client": "fake",
                                  "name": name, "scene": "dry_room", "machines": []}}))
        while json.loads(await ws.recv())["t"] != "state":
            pass
        with open(os.environ["FAKE_GODOT_OUT"] + ".tmp", "w") as f:
            json.dump({{"pid": os.getpid(), "argv": sys.argv}}, f)
        os.replace(os.environ["FAKE_GODOT_OUT"] + ".tmp", os.environ["FAKE_GODOT_OUT"])
        if os.environ.get("FAKE_GODOT_MODE") == "exit":
            return
        await asyncio.Event().wait()

asyncio.run(main())
"""


def _alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie nobody reaped counts as gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _wait_for(cond, what: str) -> None:
    end = time.monotonic() + DEADLINE_S
    while not cond():
        if time.monotonic() > end:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.05)


@pytest.fixture
def fake_godot(tmp_path: Path) -> Path:
    path = tmp_path / "fake-godot"
    path.write_text(FAKE_GODOT.format(python=sys.executable))
    path.chmod(0o755)
    return path


def _play(tmp_path: Path, godot: Path, mode: str) -> tuple[subprocess.Popen, Path]:
    out = tmp_path / "godot.json"
    env = {**os.environ, "DISPLAY": ":fake", "FAKE_GODOT_OUT": str(out),
           "FAKE_GODOT_MODE": mode, "XDG_DATA_HOME": str(tmp_path / "data")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "bmm", "play", "--godot", str(godot), "--port", "0",
         "--db", str(tmp_path / "solo.sqlite3"), "--name", "Tess"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return proc, out


def test_closing_godot_stops_the_runtime(tmp_path: Path, fake_godot: Path) -> None:
    proc, out = _play(tmp_path, fake_godot, "exit")
    text, _ = proc.communicate(timeout=DEADLINE_S)
    assert proc.returncode == 0, text
    seen = json.loads(out.read_text())
    argv = seen["argv"][1:]
    assert argv[:2] == ["--path", str(REPO)] and argv[2] == "--"
    assert "--autojoin" in argv and "--name=Tess" in argv
    assert any(a.startswith("--bridge-port=") for a in argv)
    assert "Tess (u1) joined as student" in text
    assert "Godot closed (exit 0)" in text
    assert not _alive(seen["pid"])


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_stopping_bmm_stops_godot(tmp_path: Path, fake_godot: Path, sig: int) -> None:
    proc, out = _play(tmp_path, fake_godot, "stay")
    try:
        _wait_for(out.exists, "the fake Godot to join")
        pid = json.loads(out.read_text())["pid"]
        assert _alive(pid)
        proc.send_signal(sig)
        text, _ = proc.communicate(timeout=DEADLINE_S)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, text
    assert "stopping Godot and the runtime" in text
    _wait_for(lambda: not _alive(pid), "Godot to exit")


def test_killed_bmm_takes_godot_with_it(tmp_path: Path, fake_godot: Path) -> None:
    proc, out = _play(tmp_path, fake_godot, "stay")
    try:
        _wait_for(out.exists, "the fake Godot to join")
        pid = json.loads(out.read_text())["pid"]
        proc.kill()  # SIGKILL: no clean-up in bmm; the kernel tells the child (PDEATHSIG)
        proc.wait(timeout=DEADLINE_S)
        _wait_for(lambda: not _alive(pid), "the orphaned Godot to exit")
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate()


def test_missing_godot_is_a_clear_error(tmp_path: Path) -> None:
    env = {**os.environ, "DISPLAY": ":fake", "XDG_DATA_HOME": str(tmp_path)}
    run = subprocess.run([sys.executable, "-m", "bmm", "play", "--godot",
                          str(tmp_path / "nope"), "--port", "0"], cwd=REPO, env=env,
                         capture_output=True, text=True, timeout=DEADLINE_S)
    assert run.returncode == 2 and "no such program" in run.stderr


def test_no_display_without_godot_server_says_what_to_do(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    run = subprocess.run([sys.executable, "-m", "bmm", "play", "--godot-server",
                          str(tmp_path / "no-godot-server"), "--port", "0"], cwd=REPO,
                         env=env, capture_output=True, text=True, timeout=DEADLINE_S)
    assert run.returncode == 2
    assert "no display" in run.stderr and "bmm runtime" in run.stderr


def test_bmm_runtime_serves_until_interrupted(tmp_path: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "bmm", "runtime", "--port", "0", "--db",
                             ":memory:"], cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    try:
        assert proc.stdout is not None
        line = ""
        while not line.startswith("bmm runtime: "):
            line = proc.stdout.readline()
            assert line, "bmm runtime ended early"
        url = line.split("bmm runtime: ", 1)[1].split(" ", 1)[0]
        assert url.startswith("ws://127.0.0.1:")
        run = subprocess.run([sys.executable, "-c", (
            "import asyncio, json, sys\n"
            "from websockets.asyncio.client import connect\n"
            "async def main():\n"
            f"    async with connect({url!r}) as ws:\n"
            "        await ws.send(json.dumps({'t': 'hello', 'protocol': 1, 'scene': "
            "'dry_room', 'machines': []}))\n"
            "        kinds = [json.loads(await ws.recv())['t'] for _ in range(2)]\n"
            "        print(kinds)\n"
            "asyncio.run(main())\n")], capture_output=True, text=True, timeout=DEADLINE_S)
        assert run.stdout.strip() == "['welcome', 'state']", run.stderr
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=DEADLINE_S)
        assert proc.returncode == 0
    finally:
        if proc.poll() is None:
            proc.kill()
