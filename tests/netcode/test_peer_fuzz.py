"""Hypothesis fuzzing of the mesh codec and the host's authority channel, on in-memory fakes.

A hostile seat sends random bytes, random msgpack and mutated valid messages (at least 10,000
per run) to the host's handler; a bystander seat follows the room through an in-memory channel
with a real replica. After every batch: nothing escaped the handler, the room state is the
replay of its log, only intents sent as the hostile seat's own user got in, and the
bystander's replica has the host's state hash. The seat's side is fuzzed the same way with a
hostile host.
"""

from __future__ import annotations

import asyncio
import json
import math
from pathlib import Path
from typing import Any

import msgpack
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mesh_helpers import CODE, REPO

from netcode.codec import decode, encode
from netcode.host.server import HostConfig, HostServer
from netcode.seat import RemoteAuthority
from netcode.transport import memory_pair
from scripts_py.room.hashing import state_hash
from scripts_py.wire import WireError

ACCEPTED: list[int | None] = [None]  # allowed intents of the hostile seat that got in
BATCHES = 500
PER_BATCH = 20  # 10,000 messages in all

SCALAR = st.one_of(st.none(), st.booleans(), st.integers(-2**63, 2**64 - 1),
                   st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
                   st.binary(max_size=30), st.sampled_from(["\ud800", "x" * 5000, "u1", "host"]))
JUNK = st.recursive(SCALAR, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12)
INTENTS = [{"type": "take", "item": "jar-NMC622", "hand": "right"},
           {"type": "put", "item": "jar-NMC622", "place": "bench"},
           {"type": "skip_time", "seconds": 1200},
           {"type": "join", "user": "u9", "name": "Mallory", "role": "instructor"},
           {"type": "leave", "user": "u2"},
           {"type": "write_notebook", "index": 0, "text": "pwned"},
           {"type": "take", "item": "jar-PVDF", "hand": "left", "sender": "host"}]


def pack(value: Any) -> bytes:
    """msgpack as a hostile peer writes it (lone surrogates as invalid UTF-8 included)."""
    return msgpack.packb(value, use_bin_type=True, unicode_errors="surrogatepass")


@st.composite
def hostile_message(draw: st.DrawFn) -> bytes | dict[str, Any]:
    kind = draw(st.sampled_from(["bytes", "junk", "act", "mutated_act", "other", "live"]))
    if kind == "live":  # a well-formed act, based on the room's version when it is sent
        return dict(draw(st.sampled_from(INTENTS)))
    if kind == "bytes":
        return draw(st.binary(max_size=200))
    if kind == "junk":
        return pack(draw(JUNK))
    intent = dict(draw(st.sampled_from(INTENTS)))
    msg: dict[str, Any] = {"v": 1, "t": "act", "ref": draw(st.integers(0, 10**6)),
                           "intents": [intent]}
    if kind == "mutated_act":
        target = draw(st.sampled_from(["msg", "intent"]))
        where = msg if target == "msg" else intent
        where[draw(st.sampled_from([*where, "extra"]))] = draw(JUNK)
    if kind == "other":
        msg = {"v": draw(st.sampled_from([1, 2, None])),
               "t": draw(st.sampled_from(["resync", "beat", "ack", "applied", "snapshot",
                                          "nope"])),
               "n": draw(JUNK)}
    return pack(msg)


class Room:
    """A host (not listening) with a hostile seat and a bystander seat on memory channels."""

    def __init__(self, data_dir: Path) -> None:
        self.host = HostServer(HostConfig(data_dir=data_dir, content_dir=REPO / "recipes",
                                          class_code=CODE, time_speed=0.0))
        self.evil, _ = self.host._admit({"key": "k" * 24 + "evil", "name": "Mallory",
                                         "avatar": "a", "room": ""})
        self.good, _ = self.host._admit({"key": "k" * 24 + "good", "name": "Ben",
                                         "avatar": "a", "room": ""})
        host_end, self.evil_end = memory_pair("authority")
        self.evil.authority = host_end
        self.evil_end.on_message = lambda data: None
        host_end2, good_end = memory_pair("authority")
        self.good.authority = host_end2
        self.replica = RemoteAuthority("fake", code=CODE, key="k" * 24, name="Ben", avatar="a")
        self.replica._channel = good_end
        good_end.on_message = self.replica._on_authority
        self.host._send_snapshot(self.good)


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> Room:
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)

    async def make() -> Room:
        return Room(tmp_path_factory.mktemp("fuzz-host"))

    r = loop.run_until_complete(make())
    r.loop = loop  # type: ignore[attr-defined]
    return r


@pytest.mark.slow
@settings(max_examples=BATCHES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(batch=st.lists(hostile_message(), min_size=PER_BATCH, max_size=PER_BATCH))
def test_a_hostile_peer_changes_nothing_it_may_not(room: Room, batch: list[Any]) -> None:
    host, store = room.host, room.host.rooms.room("room-1").store
    before = store.seq

    async def run() -> None:
        for data in batch:
            if isinstance(data, dict):
                version = store.state["version"]
                data = encode({"t": "act", "ref": 1, "intents": [{**data,
                                                                  "base_version": version}]})
            host._authority(room.evil, data)  # never raises: every failure is contained
        for _ in range(5):
            await asyncio.sleep(0)

    room.loop.run_until_complete(run())  # type: ignore[attr-defined]
    assert json.dumps(store.state, sort_keys=True) == json.dumps(store.replay_all(),
                                                                 sort_keys=True)
    for _, kind, body in store.log(after=before):
        assert kind == "intent" and body["sender"] == room.evil.user, body
        assert body["type"] in ("take", "put", "skip_time"), body
    assert set(store.state["users"]) == {room.evil.user, room.good.user}
    assert store.state["notebooks"][0]["text"] != "pwned"
    ACCEPTED[0] = (ACCEPTED[0] or 0) + store.seq - before
    assert room.replica.seq == store.seq
    assert state_hash(room.replica.state) == state_hash(store.state)


@settings(max_examples=300, deadline=None)
@given(data=st.one_of(st.binary(max_size=300), JUNK.map(
    lambda v: pack({"v": 1, "t": "applied", "room": "room-1", "seq": 1, "intent": v,
                    "hash": "x"})),
    JUNK.map(lambda v: pack({"v": 1, "t": "snapshot", "room": "room-1", "seq": 0,
                             "state": v if isinstance(v, bytes) else b"\x78\x9c"}))))
def test_a_hostile_host_cannot_crash_a_seat(data: bytes) -> None:
    seat = RemoteAuthority("fake", code=CODE, key="k" * 24, name="Ada", avatar="a")
    seat.room_id = "room-1"
    seat._on_authority(data)  # never raises
    assert seat.seq <= 1


def test_codec_round_trip_and_limits() -> None:
    msg = {"t": "ack", "ref": 3, "done": 1, "version": 7}
    assert decode(encode(msg)) == msg
    for bad, why in ((b"\xc1", "not msgpack"), (encode({"t": "x", "f": math.nan}), "range"),
                     (msgpack.packb({"v": 9, "t": "x"}), "protocol 1"),
                     (b"\x00" * 70_000, "bytes; at most")):
        with pytest.raises(WireError, match=why):
            decode(bad)


def test_the_fuzzer_did_get_intents_in() -> None:
    """The run above is not only refusals: allowed intents of the hostile seat were applied
    (so the bystander's replica followed real changes)."""
    if ACCEPTED[0] is None:
        pytest.skip("only meaningful after test_a_hostile_peer_changes_nothing_it_may_not")
    # how many land depends on the examples drawn and the machine's timing (9–40 seen): at
    # least one shows the replica followed a real change
    assert ACCEPTED[0] >= 1, ACCEPTED
