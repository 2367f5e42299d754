"""Hostile seats against the real runtime on 127.0.0.1: each finding of the hardening issue.

Every test runs the runtime in this process with a log watch: a bad message must be answered
(``error``, or ``rejected`` for an intent), change nothing, keep the connection and every other
seat working, and leave no traceback in the log.
"""

from __future__ import annotations

import asyncio
import json
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hostile import RawSeat, watch_logs
from runtime_helpers import REPO, Seat, async_test, running
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from scripts_py.persistence import RoomStore
from scripts_py.runtime.flow import SeatLimits
from scripts_py.runtime.host import SoloHost

BIG = "9" * 400


async def _alive(seat: Seat, ping_id: int = 900) -> None:
    """The seat's connection still answers a ping."""
    await seat.send({"t": "ping", "id": ping_id})
    await seat.until(lambda m: m["t"] == "pong" and m["id"] == ping_id)


@async_test
async def test_lone_surrogate_in_a_name_breaks_nothing() -> None:
    with watch_logs() as logs:
        async with running() as (runtime, url), Seat.connect(url) as ada, \
                Seat.connect(url) as eve:
            runtime.host.room("solo").store.snapshot_every = 1  # every change is a snapshot
            await ada.hello()
            await eve.ws.send('{"t":"hello","protocol":1,"name":"Eve\\ud800","scene":'
                              '"dry_room","machines":[]}')
            error = await eve.until(lambda m: m["t"] == "error")
            assert error["code"] == "bad_message" and "hello.name" in error["message"]
            assert "surrogate" in error["message"]
            await ada.ok("take_from_shelf", material="NMC622", hand="right")
            async with Seat.connect(url) as ben:
                welcome = await ben.hello(name="Ben")
                assert welcome["room"] == "solo" and ben.state is not None
                users = runtime.host.room("solo").state["users"]
                assert set(users) == {ada.user_id, ben.user_id}
                assert ben.state["users"][ada.user_id]["name"] == "Ada"
    assert logs.tracebacks() == []


@async_test
async def test_nan_pose_keeps_the_pose_relay_and_shutdown_saves(tmp_path: Path) -> None:
    db = tmp_path / "rooms.sqlite3"
    host = SoloHost(db, content_dir=REPO / "recipes", time_speed=0.0)
    with watch_logs() as logs:
        async with running(host) as (_, url), Seat.connect(url) as ada, \
                Seat.connect(url) as ben, Seat.connect(url) as eve:
            for seat, name in ((ada, "Ada"), (ben, "Ben"), (eve, "Eve")):
                await seat.hello(name=name)
            await eve.ws.send('{"t":"pose","head":[NaN,1,2,0,0,0,1],"left":[0,1,2,0,0,0,1],'
                              '"right":[0,1,2,0,0,0,1]}')
            assert (await eve.until(lambda m: m["t"] == "error"))["code"] == "bad_message"
            await asyncio.sleep(0.2)  # a few rounds of the pose relay
            await ben.send({"t": "pose", "head": [1, 1.6, 2, 0, 0, 0, 1],
                            "left": [1, 1, 2, 0, 0, 0, 1], "right": [1.2, 1, 2, 0, 0, 0, 1]})
            poses = await ada.until(lambda m: m["t"] == "poses" and ben.user_id in m["users"])
            assert poses["users"][ben.user_id]["head"][0] == 1
            assert eve.user_id not in poses["users"]
            await ada.ok("take_from_shelf", material="NMC622", hand="right")
    assert logs.tracebacks() == []
    store = RoomStore(db, "solo")  # what the shutdown left on disk
    try:
        assert store.snapshot_seq == store.seq > 0
        assert store.state["users"] == {}
        assert store.state["items"]["jar-NMC622"]["location"] == "bench"
    finally:
        store.close()


HOSTILE_FRAMES = [
    ("ping_nan", '{"t":"ping","id":1,"sent_ms":NaN}', "error"),
    ("ping_infinity_nested", '{"t":"ping","id":1,"echo":[1,[-Infinity]]}', "error"),
    ("ping_huge_float", '{"t":"ping","id":1,"sent_ms":1e400}', "error"),
    ("intent_nan_arg", '{"t":"intent","id":5,"type":"grab","args":{"item":NaN},"version":0}',
     "rejected"),
    ("intent_rejected_args_infinity", '{"t":"intent","id":6,"type":"dance","args":{"x":'
     'Infinity},"version":0}', "rejected"),
    ("skip_time_400_digits", f'{{"t":"intent","id":7,"type":"skip_time","args":{{"seconds":'
     f'{BIG}}},"version":0}}', "rejected"),
    ("set_param_400_digits", f'{{"t":"intent","id":8,"type":"set_param","args":{{"machine":'
     f'"coater","name":"comma_gap_um","value":{BIG}}},"version":0}}', "rejected"),
    ("set_param_minus_400_digits", f'{{"t":"intent","id":9,"type":"set_param","args":'
     f'{{"machine":"coater","name":"comma_gap_um","value":-{BIG}}},"version":0}}', "rejected"),
    ("deep_nesting", '{"t":"intent","id":10,"type":"grab","args":{"item":' + "[" * 20000
     + "]" * 20000 + "}}", "error"),
    ("deep_nesting_in_a_ping", '{"t":"ping","id":1,"x":' + "{\"a\":" * 5000 + "1"
     + "}" * 5000 + "}", "error"),
    ("surrogate_in_intent_arg", '{"t":"intent","id":11,"type":"grab","args":{"item":'
     '"pot\\udc00"},"version":0}', "rejected"),
    ("surrogate_in_a_key", '{"t":"ping","id":1,"\\ud83d":1}', "error"),
    ("duplicate_keys", '{"t":"ping","id":1,"id":2}', "error"),
    ("not_json", '{"t":"ping",', "error"),
    ("a_list", "[1, 2, 3]", "error"),
    ("a_string", '"hello"', "error"),
    ("type_is_a_number", '{"t":5}', "error"),
    ("unknown_type", '{"t":"teleport_everyone"}', "error"),
    ("dunder_type", '{"t":"__class__"}', "error"),
    ("args_a_list", '{"t":"intent","id":12,"type":"grab","args":[1],"version":0}', "rejected"),
    ("id_a_string", '{"t":"intent","id":"x","type":"grab","args":{},"version":0}', "error"),
    ("version_huge", '{"t":"intent","id":13,"type":"grab","args":{"item":"x"},"version":1e300}',
     "rejected"),
    ("long_string", '{"t":"ping","id":1,"pad":"' + "x" * 10000 + '"}', "error"),
    ("too_large", '{"t":"ping","id":1,"pad":"' + "x" * 100_000 + '"}', "error"),
    ("many_keys", '{"t":"ping","id":1,' + ",".join(f'"k{i}":1' for i in range(100)) + "}",
     "error"),
    ("control_chars_in_name", '{"t":"join","room":"solo","name":"A\\u0000\\u001b[31m",'
     '"server":""}', "error"),
    ("pose_wrong_length", '{"t":"pose","head":[1,2,3]}', "error"),
    ("pose_far_away", '{"t":"pose","head":[1e9,0,0,0,0,0,1]}', "error"),
    ("bind_not_a_list", '{"t":"bind","machines":{"a":1}}', "error"),
    ("hello_protocol_nan", '{"t":"hello","protocol":NaN}', "error"),
]


@pytest.mark.parametrize(("frame", "answer"), [(f, a) for _, f, a in HOSTILE_FRAMES],
                         ids=[n for n, _, _ in HOSTILE_FRAMES])
@async_test
async def test_a_hostile_frame_is_answered_and_changes_nothing(frame: str, answer: str) -> None:
    with watch_logs() as logs:
        async with running() as (runtime, url), Seat.connect(url) as eve, \
                Seat.connect(url) as ada:
            await ada.hello()
            await eve.hello(name="Eve")
            room = runtime.host.room("solo")
            before = json.dumps(room.state, sort_keys=True)
            await eve.ws.send(frame)
            got = await eve.until(lambda m: m["t"] in ("error", "rejected"))
            assert got["t"] == answer, got
            text = got.get("message") or got.get("reason")
            assert text and len(text) < 400 and "Traceback" not in text
            if answer == "rejected":
                assert got["args"] == {} and isinstance(got["id"], int)
            await _alive(eve)
            await _alive(ada, 901)
            assert json.dumps(room.state, sort_keys=True) == before
            await ada.ok("take_from_shelf", material="NMC622", hand="right")
    assert logs.tracebacks() == []


@async_test
async def test_binary_and_invalid_utf8_frames_are_answered() -> None:
    with watch_logs() as logs:
        async with running() as (_, url), Seat.connect(url) as eve:
            await eve.hello()
            await eve.ws.send(b"\xff\xfe\x00{")
            assert (await eve.until(lambda m: m["t"] == "error"))["code"] == "bad_message"
            await _alive(eve)
    assert logs.tracebacks() == []


@async_test
async def test_a_frame_over_the_socket_limit_closes_only_that_seat() -> None:
    with watch_logs() as logs:
        async with running() as (_, url), Seat.connect(url) as eve, Seat.connect(url) as ada:
            await ada.hello()
            await eve.hello(name="Eve")
            with pytest.raises(ConnectionClosed):
                await eve.ws.send("x" * (1 << 20))
                await eve.ws.recv()
            await ada.ok("take_from_shelf", material="NMC622", hand="right")
    assert logs.tracebacks() == []


# --- back-pressure ------------------------------------------------------------------------------
@async_test
async def test_a_seat_that_stops_reading_is_dropped_and_freed() -> None:
    limits = SeatLimits(outbox_max_bytes=64 * 1024)
    with watch_logs() as logs:
        async with running(limits=limits) as (runtime, url), Seat.connect(url) as ada:
            await ada.hello()
            raw = await asyncio.to_thread(RawSeat, runtime.port)
            assert raw.status == 101
            raw.send_text(json.dumps({"t": "hello", "protocol": 1, "name": "Slow",
                                      "scene": "dry_room", "machines": []}))
            await asyncio.sleep(0.2)
            slow = next(c for c in runtime.connections if c.name == "Slow")
            sock = slow.ws.transport.get_extra_info("socket")  # a slow link: small buffers
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and len(runtime.connections) == 2:
                # each resync asks for a full state (~16 kB); ada's actions make patches
                if not raw.send_text('{"t":"resync","have":0}'):
                    break
                await ada.intent("take_from_shelf", material="NMC622", hand="right")
                await ada.intent("release", item="jar-NMC622", hand="right")
                await asyncio.sleep(0.5)  # resyncs within their rate limit
                held = max(c.outbox.bytes for c in runtime.connections)
                assert held <= limits.outbox_max_bytes
            raw.close()
            assert len(runtime.connections) == 1, "the slow seat was not dropped"
            assert any("dropped: it does not read" in m for m in logs.messages())
            assert list(runtime.host.room("solo").state["users"]) == [ada.user_id]
            await ada.ok("grab", item="jar-NMC622", hand="right")
    assert logs.tracebacks() == []


@async_test
async def test_intents_and_pings_are_rate_limited_per_seat() -> None:
    async with running() as (runtime, url), Seat.connect(url) as eve, Seat.connect(url) as ada:
        await eve.hello(name="Eve")
        await ada.hello()
        for i in range(100):
            await eve.send({"t": "intent", "id": i + 1, "type": "grab", "args": {"item": "no"},
                            "version": eve.version})
        answers = [await eve.until(lambda m: m["t"] == "rejected") for _ in range(100)]
        codes = [a["code"] for a in answers]
        limit = runtime.limits.intents_burst
        assert codes.count("no_such_item") >= limit
        assert codes.count("rate_limited") >= 100 - limit - 5
        for i in range(60):
            await eve.send({"t": "ping", "id": i})
        await asyncio.sleep(0.3)
        await eve.ws.ping()
        pongs = [m for m in [json.loads(await eve.ws.recv()) for _ in range(30)]
                 if m["t"] == "pong"]
        assert len(pongs) <= runtime.limits.pings_burst + 5
        await ada.ok("take_from_shelf", material="NMC622", hand="right")  # others unaffected


# --- who may connect ---------------------------------------------------------------------------
@async_test
async def test_browsers_cannot_connect() -> None:
    async with running() as (_, url):
        with pytest.raises(InvalidStatus) as refused:
            async with connect(url, origin="http://localhost:8000"):
                pass
        assert refused.value.response.status_code == 403
        async with Seat.connect(url) as seat:  # Godot sends no Origin
            assert (await seat.hello())["room"] == "solo"


@async_test
async def test_a_token_is_required_when_the_runtime_has_one() -> None:
    async with running(token="class-token-1234") as (_, url):
        for path in ("/", "/?token=wrong-token-0000", "/?token="):
            with pytest.raises(InvalidStatus) as refused:
                async with connect(url + path):
                    pass
            assert refused.value.response.status_code == 401
        async with Seat.connect(url + "/?token=class-token-1234") as seat:
            assert (await seat.hello())["room"] == "solo"


@async_test
async def test_connections_beyond_the_limit_are_refused() -> None:
    async with running(limits=SeatLimits(max_connections=3)) as (_, url), \
            Seat.connect(url), Seat.connect(url), Seat.connect(url):
        with pytest.raises(InvalidStatus) as refused:
            async with connect(url):
                pass
        assert refused.value.response.status_code == 503


@async_test
async def test_idle_connections_do_not_hold_room_places() -> None:
    limits = SeatLimits(idle_timeout_s=1.5, hello_timeout_s=1.0)
    async with running(limits=limits) as (runtime, url):
        idle = [await connect(url) for _ in range(6)]
        silent = await connect(url)  # never says hello
        try:
            for i, ws in enumerate(idle):
                await ws.send(json.dumps({"t": "hello", "protocol": 1, "name": f"Idle {i}",
                                          "scene": "dry_room", "machines": []}))
            async with Seat.connect(url) as late:
                welcome = await late.hello(name="Late")
                assert welcome["room"] == ""  # room_full: six idle seats hold it
                for i in range(8):  # the watchdog closes the idle and the silent ones
                    await asyncio.sleep(0.5)
                    await _alive(late, 100 + i)  # while the late seat keeps talking
                assert runtime.host.room("solo").state["users"] == {}
                await late.send({"t": "join", "room": "solo", "name": "Late", "server": ""})
                joined = await late.until(lambda m: m["t"] in ("joined", "error"))
                assert joined["t"] == "joined", joined
            for ws in [*idle, silent]:
                with pytest.raises(ConnectionClosed):
                    while True:
                        await asyncio.wait_for(ws.recv(), 5)
        finally:
            for ws in [*idle, silent]:
                await ws.close()


@pytest.mark.slow
def test_bmm_runtime_on_a_lan_address_prints_and_requires_a_token() -> None:
    proc = subprocess.Popen([sys.executable, "-m", "bmm", "runtime", "--bind", "0.0.0.0",
                             "--port", "0", "--db", ":memory:", "--time-speed", "0"],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        found = re.search(r"ws://0\.0\.0\.0:(\d+)/\?token=([A-Za-z0-9_\-]{16,})", line)
        assert found, line
        port, token = found.groups()

        async def body() -> None:
            with pytest.raises(InvalidStatus) as refused:
                async with connect(f"ws://127.0.0.1:{port}"):
                    pass
            assert refused.value.response.status_code == 401
            async with Seat.connect(f"ws://127.0.0.1:{port}/?token={token}") as seat:
                assert (await seat.hello())["room"] == "solo"

        asyncio.run(body())
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert "Traceback" not in err
