"""A lecture host and seats on 127.0.0.1, with real aiortc peer connections."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from mesh_helpers import hosting, seat, until
from runtime_helpers import async_test

from netcode.codec import encode
from scripts_py.room.hashing import state_hash
from scripts_py.runtime.authority import JoinRefused

pytestmark = pytest.mark.slow  # real aiortc peer connections


def _take(user: str, state: dict, item: str) -> list[dict]:
    return [{"type": "take", "item": item, "hand": "right", "base_version": state["version"]}]


@async_test
async def test_seats_join_act_and_follow_the_host(tmp_path: Path) -> None:
    async with hosting(tmp_path) as host:
        ada, ben = seat(host, "Ada"), seat(host, "Ben")
        await ada.connect()
        await ben.connect()
        try:
            assert ada.room_id == ben.room_id == "room-1" and ada.user_id != ben.user_id
            room = host.rooms.room("room-1")
            await until(lambda: ada.seq == ben.seq == room.store.seq, what="both follow")
            outcome = await ada.act("room-1", _take(ada.user_id, ada.state, "jar-NMC622"))
            assert outcome.done == 1 and outcome.refusal is None
            await until(lambda: ben.seq == room.store.seq, what="ben sees it")
            assert ben.state["items"]["jar-NMC622"]["location"] == f"hand:{ada.user_id}:right"
            assert state_hash(ben.state) == state_hash(ada.state) == state_hash(room.state)
            refused = await ben.act("room-1", _take(ben.user_id, ben.state, "jar-NMC622"))
            assert refused.done == 0 and refused.refusal["code"]
        finally:
            await ada.aclose()
            await ben.aclose()


@async_test
async def test_a_simultaneous_grab_has_exactly_one_winner(tmp_path: Path) -> None:
    async with hosting(tmp_path) as host:
        seats = [seat(host, n) for n in ("Ada", "Ben", "Cem")]
        for s in seats:
            await s.connect()
        try:
            room = host.rooms.room("room-1")
            await until(lambda: all(s.seq == room.store.seq for s in seats), what="in step")
            outcomes = await asyncio.gather(*(s.act("room-1", _take(s.user_id, s.state,
                                                                     "jar-PVDF"))
                                              for s in seats))
            winners = [s for s, o in zip(seats, outcomes, strict=True) if o.done == 1]
            assert len(winners) == 1
            losers = [o for o in outcomes if o.done == 0]
            assert len(losers) == 2 and all(o.refusal["code"] for o in losers)
            holder = room.state["items"]["jar-PVDF"]["location"]
            assert holder == f"hand:{winners[0].user_id}:right"
            await until(lambda: all(s.seq == room.store.seq for s in seats), what="in step")
            assert len({state_hash(s.state) for s in seats} | {state_hash(room.state)}) == 1
        finally:
            for s in seats:
                await s.aclose()


@async_test
async def test_a_late_joiner_gets_the_hosts_state(tmp_path: Path) -> None:
    async with hosting(tmp_path) as host:
        ada = seat(host, "Ada")
        await ada.connect()
        late = seat(host, "Late")
        try:
            for item in ("jar-NMC622", "jar-PVDF"):
                got = await ada.act("room-1", _take(ada.user_id, ada.state, item)
                                    if item == "jar-NMC622" else
                                    [{"type": "take", "item": item, "hand": "left",
                                      "base_version": ada.state["version"]}])
                assert got.done == 1, got
            await ada.act("room-1", [{"type": "skip_time", "seconds": 3600,
                                      "base_version": ada.state["version"]}])
            await late.connect()
            room = host.rooms.room("room-1")
            assert late.seq == room.store.seq
            assert state_hash(late.state) == state_hash(room.state)
            assert late.state["clock"]["now_s"] == 3600.0
        finally:
            await ada.aclose()
            await late.aclose()


@async_test
async def test_a_seat_that_comes_back_is_the_same_user_with_what_it_held(tmp_path: Path
                                                                          ) -> None:
    async with hosting(tmp_path) as host:
        key = "seat-key-of-ada-0123456789"
        ada = seat(host, "Ada", key=key)
        await ada.connect()
        user = ada.user_id
        assert (await ada.act("room-1", _take(user, ada.state, "jar-NMC622"))).done == 1
        await ada.aclose()  # the seat closes (a crash, a lost Wi-Fi)
        await until(lambda: not host.sessions[user].connected, what="the host notices")
        again = seat(host, "Ada", key=key)
        await again.connect()
        try:
            assert again.user_id == user
            assert again.state["items"]["jar-NMC622"]["location"] == f"hand:{user}:right"
            assert list(again.state["users"]) == [user]
        finally:
            await again.aclose()


@async_test
async def test_after_the_grace_period_the_items_are_put_down(tmp_path: Path) -> None:
    async with hosting(tmp_path, grace_s=1.0) as host:
        ada, ben = seat(host, "Ada"), seat(host, "Ben")
        await ada.connect()
        await ben.connect()
        try:
            assert (await ada.act("room-1", _take(ada.user_id, ada.state, "jar-NMC622"))
                    ).done == 1
            hand = [2.5, 0.2, -1.0, 0.0, 0.0, 0.0, 1.0]  # she was bending down
            session = host.sessions[ada.user_id]
            for _ in range(3):
                ada.send_pose(ada.user_id, {"head": [2.5, 1.2, -1.2, 0, 0, 0, 1],
                                            "left": hand, "right": hand})
                await asyncio.sleep(0.6)
            await until(lambda: session.hands_seen.get("right") == [2.5, 0.2, -1.0],
                        what="the host knows where her hand is")
            await ada.aclose()
            room = host.rooms.room("room-1")
            await until(lambda: ada.user_id not in room.state["users"], what="Ada leaves")
            await until(lambda: ben.seq == room.store.seq, what="Ben follows")
            jar = ben.state["items"]["jar-NMC622"]
            assert jar["location"] == "floor" and jar["rest"] == [2.5, 0.2, -1.0]
            assert list(ben.state["users"]) == [ben.user_id]
            assert sum(1 for i in ben.state["items"].values()
                       if i["id"] == "jar-NMC622") == 1  # never lost, never duplicated
        finally:
            await ben.aclose()


@async_test
async def test_wrong_class_code_and_full_rooms_are_refused(tmp_path: Path) -> None:
    async with hosting(tmp_path, max_users=1) as host:
        outsider = seat(host, "Eve", code="guess")
        with pytest.raises(JoinRefused) as refused:
            await outsider.connect()
        assert refused.value.code == "bad_code"
        await outsider.aclose()
        ada = seat(host, "Ada")
        await ada.connect()
        ben = seat(host, "Ben")
        try:
            with pytest.raises(JoinRefused) as full:
                await ben.connect()
            assert full.value.code == "room_full"
        finally:
            await ada.aclose()
            await ben.aclose()


@async_test
async def test_a_flooding_seat_is_throttled_and_the_others_go_on(tmp_path: Path) -> None:
    async with hosting(tmp_path) as host:
        ada, ben = seat(host, "Ada"), seat(host, "Ben")
        await ada.connect()
        await ben.connect()
        try:
            junk = encode({"t": "act", "ref": 1, "intents": [{"type": "take", "item": "x",
                                                              "base_version": 0}]})
            for _ in range(3000):  # as fast as the channel takes them
                assert ada._channel is not None and ada._channel.send(junk)
            for i in range(5):
                got = await ben.act("room-1", [{"type": "skip_time", "seconds": 60,
                                                "base_version": ben.state["version"]}])
                assert got.done == 1, (i, got)
            await until(lambda: host.sessions[ada.user_id].dropped > 0, what="throttled")
            assert ben.state["clock"]["now_s"] == 300.0
        finally:
            await ada.aclose()
            await ben.aclose()


@async_test
async def test_a_seat_that_goes_silent_is_noticed_within_seconds(tmp_path: Path) -> None:
    async with hosting(tmp_path) as host:
        ada = seat(host, "Ada")
        await ada.connect()
        try:
            for task in ada._tasks:  # a frozen seat: no beats, no answers, socket still open
                task.cancel()
            assert ada._channel is not None
            ada._channel.send = lambda data: True  # type: ignore[method-assign]
            session = host.sessions[ada.user_id]
            await until(lambda: not session.connected and session.grace is not None, 8.0,
                        "the host notices the silence (3 s without a beat)")
            assert ada.user_id in host.rooms.room("room-1").state["users"]  # place kept
        finally:
            await ada.aclose()
