"""A lecture host and seats on 127.0.0.1, with real aiortc peer connections."""

from __future__ import annotations

from pathlib import Path

import pytest
from mesh_helpers import hosting, seat, until
from runtime_helpers import async_test

from scripts_py.room.hashing import state_hash

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
