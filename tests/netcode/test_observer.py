"""The instructor's observer seat: joins with the panel's token, is not counted among the
students, cannot act on the line, is heard room-wide, and saves the room from the game."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
from mesh_helpers import CODE, hosting, seat
from runtime_helpers import Seat, async_test

from netcode.seat import HostError, RemoteAuthority
from scripts_py.runtime.authority import JoinRefused
from scripts_py.runtime.server import Runtime

pytestmark = pytest.mark.slow  # real aiortc peer connections
TOKEN = "observer-test-token-0123456789"


def observer(host: object, token: str = TOKEN) -> RemoteAuthority:
    return RemoteAuthority(f"127.0.0.1:{host.port}", code=CODE,  # type: ignore[attr-defined]
                           key=secrets.token_urlsafe(24), name="Dr. Kim",
                           avatar="instructor", observer_token=token)


@async_test
async def test_an_observer_joins_a_full_room_and_cannot_act(tmp_path: Path) -> None:
    async with hosting(tmp_path, panel_token=TOKEN, max_users=1) as host:
        ada, kim = seat(host, "Ada"), observer(host)
        await ada.connect()
        try:
            with pytest.raises(JoinRefused) as refused:
                await observer(host, "wrong-token-0123456789").connect()
            assert refused.value.code == "bad_token"
            with pytest.raises(JoinRefused) as full:
                await seat(host, "Ben").connect()  # the room holds one student
            assert full.value.code == "room_full"
            await kim.connect()  # an observer is not counted
            users = host.rooms.room_state("room-1")["users"]
            assert users[kim.user_id]["role"] == "observer"
            assert host.rooms.room("room-1").directory_entry()["users"] == 1
            got = await kim.act("room-1", [{"type": "take", "item": "jar-NMC622",
                                            "hand": "right", "base_version": kim.state["version"]}])
            assert got.done == 0 and got.refusal["code"] == "forbidden"
            name = await kim.save_room("  observed  14-05 ")
            assert name == "observed 14-05"
            assert host.rooms.room("room-1").store.saves() == ["observed 14-05"]
            with pytest.raises(HostError, match="instructor"):
                await ada.save_room("mine")  # a student cannot
            with pytest.raises(HostError, match="save name"):
                await kim.save_room("../x")
            feed = [a["line"] for a in host.panel.feed["room-1"]]
            assert "Dr. Kim saved the room as “observed 14-05” from the game" in feed
        finally:
            await kim.aclose()
            await ada.aclose()


@async_test
async def test_the_observer_saves_from_godot_through_its_runtime(tmp_path: Path) -> None:
    async with hosting(tmp_path, panel_token=TOKEN) as host:
        kim = observer(host)
        await kim.connect()
        runtime = Runtime(kim)
        port = await runtime.start("127.0.0.1", 0)
        try:
            async with Seat.connect(f"ws://127.0.0.1:{port}") as godot:
                await godot.hello(name="Dr. Kim")
                await godot.send({"t": "save_room", "name": "after the break"})
                saved = await godot.until(lambda m: m["t"] in ("room_saved", "error"))
                assert saved == {"t": "room_saved", "name": "after the break"}
                await godot.send({"t": "save_room", "name": "a/b"})
                refused = await godot.until(lambda m: m["t"] == "error")
                assert refused["code"] == "save_refused" and "save name" in refused["message"]
                await godot.send({"t": "save_room", "name": ""})
                empty = await godot.until(lambda m: m["t"] == "error")
                assert "name" in empty["message"]
            assert host.rooms.room("room-1").store.saves() == ["after the break"]
        finally:
            await runtime.stop()
            await kim.aclose()
