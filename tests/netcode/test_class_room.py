"""A class through the seats' runtimes: Godot-side test seats on two runtimes, each runtime a
seat of one lecture host, everything on 127.0.0.1 with real aiortc."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from mesh_helpers import CODE, REPO, hosting, seat, until
from runtime_helpers import Seat, async_test, running

from netcode.host.server import HostConfig, HostServer
from netcode.seat import Classes, RemoteAuthority
from netcode.voice.capture import ToneSource
from netcode.voice.seat_voice import SeatVoice
from scripts_py.room.hashing import state_hash
from scripts_py.runtime import voice_frame
from scripts_py.runtime.server import Runtime

pytestmark = pytest.mark.slow  # real aiortc peer connections


@contextlib.asynccontextmanager
async def runtime_seat(host: HostServer, name: str, voice: SeatVoice | None = None
                       ) -> AsyncIterator[tuple[RemoteAuthority, Seat]]:
    """A seat's runtime joined to the host, and a Godot-like client on its bridge."""
    remote = seat(host, name, voice=voice)
    await remote.connect()
    runtime = Runtime(remote)
    port = await runtime.start("127.0.0.1", 0)
    try:
        async with Seat.connect(f"ws://127.0.0.1:{port}") as godot:
            await godot.hello(name=name)
            yield remote, godot
    finally:
        await runtime.stop()
        await remote.aclose()


async def sees(godot: Seat, pred: Any) -> None:
    """Read the seat's messages until its mirror of the room satisfies ``pred``."""
    while not (godot.state is not None and pred(godot.state)):
        await godot.recv()


@async_test
async def test_two_runtimes_share_one_room(tmp_path: Path) -> None:
    async with hosting(tmp_path) as host, runtime_seat(host, "Ada") as (ada, ada_godot), \
            runtime_seat(host, "Ben") as (ben, ben_godot):
        room = host.rooms.room("room-1")
        assert ada_godot.user_id == ada.user_id and ben_godot.user_id == ben.user_id
        await ada_godot.ok("take_from_shelf", material="NMC622", hand="right")
        await sees(ben_godot, lambda s: s["items"]["jar-NMC622"]["location"]
                   == f"hand:{ada.user_id}:right")
        await ben_godot.ok("skip_time", seconds=3600)
        await sees(ada_godot, lambda s: s["sim_time_s"] == 3600.0)
        assert room.state["clock"]["now_s"] == 3600.0
        grab = await ben_godot.intent("grab", item="jar-NMC622", hand="left")
        assert grab["t"] == "rejected" and grab["code"] == "held_by_other", grab
        await ada_godot.ok("hand_to", item="jar-NMC622", to=ben.user_id)
        await sees(ben_godot, lambda s: s["items"]["jar-NMC622"]["location"].startswith(
            f"hand:{ben.user_id}:"))
        assert room.state["users"][ada.user_id]["hands"] == {"left": None, "right": None}
        assert state_hash(ada.state) == state_hash(ben.state) == state_hash(room.state)
        assert set(ada_godot.state["users"]) == {ada.user_id, ben.user_id}


@async_test
async def test_poses_go_straight_between_the_seats(tmp_path: Path) -> None:
    async with hosting(tmp_path) as host, runtime_seat(host, "Ada") as (ada, ada_godot), \
            runtime_seat(host, "Ben") as (ben, ben_godot), \
            runtime_seat(host, "Cem") as (cem, cem_godot):
        for remote, n in ((ada, 2), (ben, 2), (cem, 2)):
            await until(lambda r=remote, n=n: len(r._peers) == n, what="the mesh is up")
        head = [1.234, 1.6, -2.5, 0.0, 0.7071, 0.0, 0.7071]
        hand = [1.5, 1.1, -2.3, 0.0, 0.0, 0.0, 1.0]
        await ada_godot.send({"t": "pose", "head": head, "left": hand, "right": hand})
        for godot in (ben_godot, cem_godot):
            poses = await godot.until(lambda m: m["t"] == "poses" and ada.user_id in m["users"])
            got = poses["users"][ada.user_id]
            assert all(abs(a - b) < 1e-3 for a, b in zip(got["head"], head, strict=True))
            assert all(abs(a - b) < 1e-3 for a, b in zip(got["right"], hand, strict=True))
        assert host.sessions[ada.user_id].link is not None  # poses did not go through it


@async_test
async def test_the_home_screen_lists_a_hosts_rooms_and_joins_one(tmp_path: Path) -> None:
    async with hosting(tmp_path, rooms=3) as host, runtime_seat(host, "Ada") as (ada, _), \
            running(classes=Classes(key="key-of-the-home-screen-seat-42", positions={})
                    ) as (_, url), Seat.connect(url) as godot:
        server = f"127.0.0.1:{host.port}"
        await godot.hello(scene="", machines=[], name="Ben")
        await godot.send({"t": "list_rooms", "server": server})
        rooms = (await godot.until(lambda m: m["t"] in ("rooms", "error")))
        assert [r["id"] for r in rooms["rooms"]] == ["room-1", "room-2", "room-3"], rooms
        assert rooms["rooms"][0]["users"] == 1 and rooms["rooms"][0]["name"] == "Room 1"
        await godot.send({"t": "join", "room": "room-1", "server": server, "code": "nope"})
        refused = await godot.until(lambda m: m["t"] in ("joined", "error"))
        assert refused["code"] == "bad_code" and "class code" in refused["message"]
        await godot.send({"t": "join", "room": "room-1", "server": server, "code": CODE})
        joined = await godot.until(lambda m: m["t"] in ("joined", "error"))
        assert joined["t"] == "joined" and joined["room"] == "room-1", joined
        await godot.until(lambda m: m["t"] == "state")
        assert set(godot.state["users"]) == {ada.user_id, joined["user_id"]}
        await godot.ok("take_from_shelf", material="LTO", hand="left")
        await until(lambda: ada.state["items"]["jar-LTO"]["location"]
                    == f"hand:{joined['user_id']}:left", what="Ada's replica sees it")
        await godot.send({"t": "list_rooms", "server": "127.0.0.1:9"})  # nobody there
        gone = await godot.until(lambda m: m["t"] in ("rooms", "error"))
        assert gone["code"] == "host_unreachable"


@async_test
async def test_a_lost_host_is_shown_to_the_seat_until_it_is_back(tmp_path: Path) -> None:
    config = HostConfig(data_dir=tmp_path, content_dir=REPO / "recipes", class_code=CODE,
                        time_speed=0.0)
    host = HostServer(config)
    port = await host.start("127.0.0.1", 0)
    remote = RemoteAuthority(f"127.0.0.1:{port}", code=CODE, key="status-seat-key-0123456789",
                             name="Ada", avatar="lab_blue")
    await remote.connect()
    runtime = Runtime(remote)
    await runtime.start("127.0.0.1", 0)
    try:
        async with Seat.connect(f"ws://127.0.0.1:{runtime.port}") as godot:
            await godot.hello(name="Ada")
            await host.stop()
            lost = await godot.until(lambda m: m["t"] == "status" and m["text"])
            assert "Lost the lecture host" in lost["text"]
            host = HostServer(config)
            await host.start("127.0.0.1", port)
            back = await godot.until(lambda m: m["t"] == "status")
            assert back["text"] == ""
            await godot.ok("take_from_shelf", material="LFP", hand="right")
    finally:
        await runtime.stop()
        await remote.aclose()
        await host.stop()


@async_test
async def test_voice_reaches_the_other_seats_godot_as_binary_frames(tmp_path: Path) -> None:
    talker = SeatVoice(ToneSource(440.0))
    async with hosting(tmp_path) as host, \
            runtime_seat(host, "Ada", talker) as (ada, ada_godot), \
            runtime_seat(host, "Ben", SeatVoice(None)) as (ben, ben_godot):
        status = await ada_godot.until(lambda m: m["t"] == "voice_status")
        assert status["available"] and status["mode"] == "ptt" and not status["live"]
        quiet = await ben_godot.until(lambda m: m["t"] == "voice_status")
        assert not quiet["available"]  # no microphone: Ben still joins and hears
        await until(lambda: len(ada._peers) == 1 and len(ben._peers) == 1, what="the mesh")
        await ada_godot.send({"t": "voice", "talk": True})
        await ada_godot.until(lambda m: m["t"] == "voice_status" and m["live"])
        frames = []
        while len(frames) < 40:
            msg = await ben_godot.recv()
            if msg["t"] == "_binary":
                frames.append(voice_frame.unpack(msg["data"]))
        assert {f.speaker for f in frames} == {ada.user_id}
        assert all(f.sample_rate == 24000 and f.samples == 480 for f in frames)
        assert [f.sequence for f in frames] == list(range(frames[0].sequence,
                                                          frames[0].sequence + 40))
        assert not any(f.room_wide for f in frames)  # a student's voice is positional
        assert ada_godot.audio == []  # nobody hears themselves
        await ada_godot.send({"t": "voice", "talk": False, "mode": "vad"})
        off = await ada_godot.until(lambda m: m["t"] == "voice_status" and m["mode"] == "vad")
        assert off["talking"]  # a steady tone is voice activity
        await ada_godot.send({"t": "voice", "mute": True})
        muted = await ada_godot.until(lambda m: m["t"] == "voice_status" and m["muted"])
        assert not muted["live"]
        bad = await ada_godot.send({"t": "voice", "mode": "shout"}) or \
            await ada_godot.until(lambda m: m["t"] == "error")
        assert "mode" in bad["message"] and ada.connected
