"""Helpers of the netcode tests: a host on 127.0.0.1 and seats that join it."""

from __future__ import annotations

import asyncio
import contextlib
import secrets
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from netcode.host.server import HostConfig, HostServer
from netcode.seat import RemoteAuthority
from netcode.voice.seat_voice import SeatVoice

REPO = Path(__file__).resolve().parents[2]
CODE = "class-42"


@contextlib.asynccontextmanager
async def hosting(data_dir: Path, **config: Any) -> AsyncIterator[HostServer]:
    """A lecture host on 127.0.0.1 (a free port), no pacing unless asked."""
    cfg = HostConfig(data_dir=data_dir, content_dir=config.pop("content_dir", REPO / "recipes"),
                     class_code=CODE, time_speed=config.pop("time_speed", 0.0), **config)
    host = HostServer(cfg)
    await host.start("127.0.0.1", 0)
    try:
        yield host
    finally:
        await host.stop()


def seat(host: HostServer, name: str, *, key: str | None = None, room: str = "",
         code: str = CODE, voice: SeatVoice | None = None) -> RemoteAuthority:
    """A seat's remote authority (not connected yet)."""
    return RemoteAuthority(f"127.0.0.1:{host.port}", code=code,
                           key=key or secrets.token_urlsafe(24), name=name,
                           avatar="lab_green", room=room, voice=voice)


async def until(pred: Any, timeout_s: float = 10.0, what: str = "") -> None:
    """Wait until ``pred()`` holds (a bound on a lost message, not a speed check)."""
    deadline = asyncio.get_running_loop().time() + timeout_s
    while not pred():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what or pred}")
        await asyncio.sleep(0.02)
