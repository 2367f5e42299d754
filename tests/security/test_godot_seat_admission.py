"""The real engine against a runtime that needs a token (slow): what a thin client does.

A headless Godot seat started with ``--bridge-url=ws://127.0.0.1:P/?token=T`` must get in,
join the room, and keep its place by its heartbeat pings (the runtime closes seats it does
not hear from); the same seat without the token must not get in.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import time

import pytest
from runtime_helpers import REPO, running

from scripts_py.runtime.server import Runtime

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("godot3-server") is None,
                                 reason="godot3-server not installed")]
TOKEN = "thin-client-token-42"
WAIT_S = 40.0  # a generous bound for the engine to start and say hello, not a speed check


async def _seat(url: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        "timeout", "120", "godot3-server", "--path", str(REPO), "--audio-driver", "Dummy",
        "--", f"--bridge-url={url}", "--autojoin", "--name=Thin client",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        env={**os.environ, "LANG": "en_US.UTF-8"})


def _count_frames(rt: Runtime) -> dict[str, int]:
    """Wrap the runtime's frame handler to count what the seat sends, by type."""
    seen: dict[str, int] = {}
    handle = rt.handle_text

    async def counting(conn, text):  # type: ignore[no-untyped-def]
        kind = text.split('"t":"', 1)[1].split('"', 1)[0] if '"t":"' in text else "?"
        seen[kind] = seen.get(kind, 0) + 1
        await handle(conn, text)

    rt.handle_text = counting  # type: ignore[method-assign]
    return seen


def test_a_godot_seat_presents_its_token_and_keeps_its_place_by_heartbeat() -> None:
    async def body() -> tuple[dict[str, int], list[str], str]:
        async with running(token=TOKEN) as (rt, url):
            seen = _count_frames(rt)
            proc = await _seat(f"{url}/?token={TOKEN}")
            names: list[str] = []
            try:
                deadline = time.monotonic() + WAIT_S
                while time.monotonic() < deadline and not (names and seen.get("ping", 0)):
                    await asyncio.sleep(0.25)
                    names = [u["name"] for u in rt.host.room("solo").state["users"].values()]
            finally:
                proc.terminate()
                out, _ = await proc.communicate()
            return seen, names, out.decode("utf-8", "replace")

    seen, names, out = asyncio.run(body())
    assert names == ["Thin client"], out[-2000:]
    assert seen.get("hello") and seen.get("ping"), (seen, out[-2000:])
    assert "SCRIPT ERROR" not in out, out[-2000:]


def test_a_godot_seat_without_the_token_does_not_get_in() -> None:
    async def body() -> tuple[int, str]:
        async with running(token=TOKEN) as (rt, url):
            proc = await _seat(url)
            try:
                await asyncio.sleep(8.0)  # several connection attempts with backoff
                joined = len(rt.connections) + len(rt.host.room("solo").state["users"])
            finally:
                proc.terminate()
                out, _ = await proc.communicate()
            return joined, out.decode("utf-8", "replace")

    joined, out = asyncio.run(body())
    assert joined == 0, out[-2000:]
    assert "SCRIPT ERROR" not in out, out[-2000:]
