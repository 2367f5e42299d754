"""The real `bmm host` process: its terminal output, and a SIGKILL mid-class after which the
seats reconnect by themselves and nothing acknowledged is lost."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from mesh_helpers import REPO, until
from runtime_helpers import async_test

from netcode.seat import RemoteAuthority

pytestmark = pytest.mark.slow
CODE = "kill-test-7"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_host(data: Path, port: int) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "bmm", "host", "--bind", "127.0.0.1", "--port", str(port),
         "--data", str(data), "--class-code", CODE, "--ice-address", "127.0.0.1",
         "--time-speed", "0"], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert proc.stdout is not None
    banner = "".join(proc.stdout.readline() for _ in range(5))
    return proc, banner


@async_test
async def test_a_killed_host_comes_back_and_the_seats_with_it(tmp_path: Path) -> None:
    port = _free_port()
    host, banner = _start_host(tmp_path, port)
    seats: list[RemoteAuthority] = []
    try:
        assert f"127.0.0.1:{port}" in banner and f"class code: {CODE}" in banner, banner
        seats = [RemoteAuthority(f"127.0.0.1:{port}", code=CODE, name=name, avatar="lab_blue",
                                 key=f"{name}-seat-key-0123456789ab") for name in ("Ada", "Ben")]
        for s in seats:
            await s.connect()
        ada, ben = seats
        guide = ada.projector.guide_recipe  # the host's default recipe guides its rooms
        assert guide is not None and f"guided mode: {guide.title}" in banner, banner
        for item in ("jar-NMC622", "jar-PVDF"):
            got = await ada.act(ada.room_id, [{"type": "take", "item": item,
                                               "hand": "right" if item == "jar-NMC622"
                                               else "left",
                                               "base_version": ada.state["version"]}])
            assert got.done == 1
        got = await ben.act(ben.room_id, [{"type": "skip_time", "seconds": 3600,
                                           "base_version": ben.state["version"]}])
        assert got.done == 1
        acked = ada.state["version"]
        host.send_signal(signal.SIGKILL)
        host.wait(10)
        host, _ = _start_host(tmp_path, port)
        await until(lambda: all(s.reconnects == 1 and s.connected
                                and s.state["version"] >= acked for s in seats), 30.0,
                    "the seats are back")
        assert [s.user_id for s in seats] == ["u1", "u2"]
        state = ada.state
        assert state["items"]["jar-NMC622"]["location"] == f"hand:{ada.user_id}:right"
        assert state["items"]["jar-PVDF"]["location"] == f"hand:{ada.user_id}:left"
        assert state["clock"]["now_s"] == 3600.0
        got = await ada.act(ada.room_id, [{"type": "put", "item": "jar-PVDF", "place": "bench",
                                           "base_version": ada.state["version"]}])
        assert got.done == 1
        await until(lambda: ben.state["items"]["jar-PVDF"]["location"] == "bench", 10.0)
    finally:
        for s in seats:
            await s.aclose()
        host.send_signal(signal.SIGINT)
        out, err = host.communicate(timeout=20)
    assert host.returncode == 0 and "Traceback" not in err, err
    assert "every room saved" in out, out
