"""Helpers of the runtime tests: a runtime on 127.0.0.1 and test seats that mirror its state."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import re
from collections.abc import AsyncIterator, Callable, Coroutine
from pathlib import Path
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

from scripts_py.runtime.host import SoloHost
from scripts_py.runtime.patch import apply_patch
from scripts_py.runtime.server import Runtime

REPO = Path(__file__).resolve().parents[2]
RECV_TIMEOUT_S = 10.0  # a generous bound for a lost message, not a performance check


def async_test(fn: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an ``async def`` test in a fresh event loop (no pytest plugin needed)."""
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        asyncio.run(fn(*args, **kwargs))
    return wrapper


def dry_room_bindings() -> list[dict[str, str]]:
    """The machine nodes of ``scenes/dry_room/dry_room.tscn`` as Godot's hello lists them."""
    text = (REPO / "scenes" / "dry_room" / "dry_room.tscn").read_text(encoding="utf-8")
    out = []
    for block in text.split("[node ")[1:]:
        script = re.search(r'^py_script = "([^"]+)"', block, re.M)
        mid = re.search(r'^machine_id = "([^"]+)"', block, re.M)
        name = re.match(r'name="([^"]+)"', block)
        if script and mid and name:
            out.append({"id": mid.group(1), "py_script": script.group(1),
                        "kind": Path(script.group(1)).stem,
                        "node_path": f"/root/DryRoom/Machines/{name.group(1)}"})
    return out


@contextlib.asynccontextmanager
async def running(host: SoloHost | None = None, **kwargs: Any
                  ) -> AsyncIterator[tuple[Runtime, str]]:
    """A runtime on 127.0.0.1 (a free port) with a fresh in-memory solo room, no pacing."""
    host = host or SoloHost(":memory:", content_dir=REPO / "recipes", time_speed=0.0)
    runtime = Runtime(host, **kwargs)
    port = await runtime.start("127.0.0.1", 0)
    try:
        yield runtime, f"ws://127.0.0.1:{port}"
    finally:
        await runtime.stop()
        host.close()


class Seat:
    """A test client: sends like Godot's bridge and mirrors the room view from state/patch."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.state: dict[str, Any] | None = None
        self.version = -1
        self.user_id = ""
        self.received: list[dict[str, Any]] = []
        self.audio: list[bytes] = []
        self.next_id = 1

    @classmethod
    @contextlib.asynccontextmanager
    async def connect(cls, url: str) -> AsyncIterator[Seat]:
        """Open a seat on ``url``."""
        async with connect(url) as ws:
            yield cls(ws)

    async def send(self, msg: dict[str, Any]) -> None:
        """Send one message."""
        await self.ws.send(json.dumps(msg))

    async def recv(self) -> dict[str, Any]:
        """The next message (state and patches are applied to the mirror)."""
        frame = await asyncio.wait_for(self.ws.recv(), RECV_TIMEOUT_S)
        if isinstance(frame, bytes):  # a voice frame (scripts_py/runtime/voice_frame.py)
            self.audio.append(frame)
            return {"t": "_binary", "data": frame}
        msg = json.loads(frame)
        self.received.append(msg)
        if msg["t"] == "state":
            self.state = {k: v for k, v in msg.items() if k != "t"}
            self.version = msg["version"]
        elif msg["t"] == "patch":
            assert msg["base"] == self.version, (msg["base"], self.version)
            assert self.state is not None
            self.state = apply_patch(self.state, msg["ops"])
            self.state["version"] = self.version = msg["version"]
        elif msg["t"] in ("welcome", "joined"):
            self.user_id = msg["user_id"]
        return msg

    async def until(self, pred: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        """Receive until a message matches ``pred``; returns it."""
        while True:
            msg = await self.recv()
            if pred(msg):
                return msg

    async def hello(self, *, scene: str = "dry_room", name: str = "Ada",
                    machines: list[dict[str, str]] | None = None) -> dict[str, Any]:
        """hello (all dry-room machines by default); returns the welcome."""
        await self.send({"t": "hello", "protocol": 1, "client": "godot", "engine": "test",
                         "name": name, "avatar": "lab_green", "scene": scene, "xr": "none",
                         "machines": dry_room_bindings() if machines is None else machines})
        welcome = await self.until(lambda m: m["t"] == "welcome")
        if welcome["room"]:
            await self.until(lambda m: m["t"] == "state")
        return welcome

    async def intent(self, kind: str, **args: Any) -> dict[str, Any]:
        """Send an intent; returns its ack (after the patch of that version) or rejection."""
        intent_id = self.next_id
        self.next_id += 1
        await self.send({"t": "intent", "id": intent_id, "type": kind, "args": args,
                         "version": self.version})
        answer = await self.until(lambda m: m["t"] in ("ack", "rejected")
                                  and m["id"] == intent_id)
        if answer["t"] == "ack":
            while self.version < answer["version"]:
                await self.recv()
        return answer

    async def ok(self, kind: str, **args: Any) -> dict[str, Any]:
        """An intent that must be accepted."""
        answer = await self.intent(kind, **args)
        assert answer["t"] == "ack", answer
        return answer

    def item(self, item_id: str) -> dict[str, Any]:
        """The mirrored view of an item."""
        assert self.state is not None
        return self.state["items"][item_id]

    def machine(self, machine_id: str) -> dict[str, Any]:
        """The mirrored view of a machine."""
        assert self.state is not None
        return self.state["machines"][machine_id]
