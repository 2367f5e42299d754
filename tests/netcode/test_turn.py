"""Students behind a campus firewall: two seats that may only use a TURN relay (Debian's
coturn on 127.0.0.1) join the host, act and see each other's poses through it."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from mesh_helpers import CODE, hosting, until
from runtime_helpers import async_test

from netcode.seat import RemoteAuthority

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("turnserver") is None,
                                 reason="coturn not installed (tools/setup_system.sh)")]


def _free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def turn_server(tmp: Path) -> Iterator[int]:
    """coturn on 127.0.0.1 with one long-term user (u:p); yields its port."""
    port = _free_udp_port()
    proc = subprocess.Popen(
        ["turnserver", "-n", "--no-cli", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1",
         f"--listening-port={port}", "--min-port=49200", "--max-port=49400",
         "--lt-cred-mech", "--user=u:p", "--realm=bmm", "--no-tls", "--no-dtls",
         "--allow-loopback-peers", f"--log-file={tmp / 'turn.log'}", "--simple-log"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(0.5)  # coturn binds at once; a failed start shows as a failed join below
        assert proc.poll() is None, (tmp / "turn.log").read_text(errors="replace")[-2000:]
        yield port
    finally:
        proc.terminate()
        proc.wait(10)


@async_test
async def test_two_seats_join_through_a_turn_relay_only(tmp_path: Path) -> None:
    with turn_server(tmp_path) as port:
        ice = [{"urls": f"turn:127.0.0.1:{port}", "username": "u", "credential": "p"}]
        async with hosting(tmp_path / "host", ice_servers=ice) as host:
            seats = [RemoteAuthority(f"127.0.0.1:{host.port}", code=CODE, name=n,
                                     avatar="lab_blue", key=f"{n}-relay-key-0123456789",
                                     relay_only=True) for n in ("Ada", "Ben")]
            try:
                for s in seats:
                    await s.connect()
                ada, ben = seats
                await until(lambda: len(ada._peers) == len(ben._peers) == 1, 15.0, "mesh")
                for s in seats:  # every way out of a seat goes through the relay
                    links = [s._link, *s._peers.values()]
                    kinds = {c.type for link in links for c in
                             link.pc.sctp.transport.transport.iceGatherer.getLocalCandidates()}
                    assert kinds == {"relay"}, kinds
                got = await ada.act(ada.room_id, [{"type": "take", "item": "jar-LFP",
                                                   "hand": "right",
                                                   "base_version": ada.state["version"]}])
                assert got.done == 1
                await until(lambda: ben.state["items"]["jar-LFP"]["location"]
                            == f"hand:{ada.user_id}:right", 10.0, "Ben sees it")
                ada.send_pose(ada.user_id, {"head": [1.0, 1.6, 2.0, 0, 0, 0, 1]})
                await until(lambda: ada.user_id in ben.remote_poses(), 10.0, "a pose")
            finally:
                for s in seats:
                    await s.aclose()
