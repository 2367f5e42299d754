"""The real engine in a class: two headless Godot seats (godot3-server), each with its own
runtime joined to one lecture host. Seat A's scene shows B's avatar moving; B hands a jar to
A and A's view shows it in A's hand."""

from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path

import pytest
from mesh_helpers import REPO, hosting, seat
from runtime_helpers import async_test

from scripts_py.runtime.server import Runtime

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("godot3-server") is None,
                                 reason="godot3-server not installed")]
PROBE = "res://tests/godot/mesh/mesh_probe.tscn"


async def _godot(port: int, role: str, name: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        "timeout", "120", "godot3-server", "--path", str(REPO), "--audio-driver", "Dummy",
        PROBE, "--", f"--bridge-port={port}", f"--probe-role={role}", f"--name={name}",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        env={**os.environ, "LANG": "en_US.UTF-8"})


@async_test
async def test_two_godot_seats_see_each_other_and_hand_over_a_jar(tmp_path: Path) -> None:
    async with hosting(tmp_path) as host:
        runtimes, remotes = [], []
        for name in ("Ada", "Ben"):
            remote = seat(host, name)
            await remote.connect()
            runtime = Runtime(remote)
            await runtime.start("127.0.0.1", 0)
            remotes.append(remote)
            runtimes.append(runtime)
        walker = None
        try:
            watcher = await _godot(runtimes[0].port, "watcher", "Ada")
            walker = await _godot(runtimes[1].port, "walker", "Ben")
            out, _ = await watcher.communicate()
            text = out.decode("utf-8", "replace")
            assert watcher.returncode == 0, text[-3000:]
            assert "PROBE WATCHER DONE" in text and "SCRIPT ERROR" not in text, text[-3000:]
            room = host.rooms.room("room-1")
            where = room.state["items"]["jar-LTO"]["location"]
            assert where.startswith(f"hand:{remotes[0].user_id}:"), where
        finally:
            if walker is not None:
                walker.terminate()
                walk_out, _ = await walker.communicate()
                assert b"SCRIPT ERROR" not in walk_out, walk_out[-2000:]
            for runtime in runtimes:
                await runtime.stop()
            for remote in remotes:
                await remote.aclose()
