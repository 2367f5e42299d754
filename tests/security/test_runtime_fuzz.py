"""A Hypothesis fuzzer of the runtime over a real WebSocket on 127.0.0.1.

One runtime runs in a background thread for the whole module, with two well-behaved seats in
the room: a *bystander* that mirrors the room from state/patch messages and a *walker* that
sends poses. Each example opens a hostile seat that sends a sequence of mutated valid
messages, hostile strings and numbers, junk frames or a flood it never reads, then closes.
After every example:

- the room state is the replay of its log (it changed only through accepted intents) and
  satisfies the room invariants;
- the bystander still answers a ping, gets the walker's fresh pose, and its mirror of the room
  equals the runtime's view (state and patches kept coming);
- no log record carries a traceback;
- every outbox is within its bound, and the process has not grown without bound.

``BMM_FUZZ_EXAMPLES`` sets the number of examples (CI runs the default); the count run is
written to ``test-artifacts/fuzz_runtime.json``.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import os
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from hostile import memory_kb, watch_logs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from runtime_helpers import REPO, dry_room_bindings
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from scripts_py.room.invariants import check_invariants
from scripts_py.runtime.host import SoloHost
from scripts_py.runtime.patch import apply_patch
from scripts_py.runtime.server import Runtime

EXAMPLES = int(os.environ.get("BMM_FUZZ_EXAMPLES", "150"))
RECV_S = 10.0
MAX_GROWTH_KB = 300_000  # the whole fuzz run may not grow the process by more than this
ARTIFACT = REPO / "test-artifacts" / "fuzz_runtime.json"
STATS = {"examples": 0, "frames": 0}


# --- the runtime in a thread ----------------------------------------------------------------
class Harness:
    """A runtime on its own event loop thread, plus the two well-behaved seats."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        # SQLite objects belong to the thread that made them: the host lives on the loop
        self.host = self.on_loop(lambda: SoloHost(":memory:", content_dir=REPO / "recipes",
                                                  time_speed=0.0))
        self.runtime = Runtime(self.host)
        self.port = self.call(self.runtime.start("127.0.0.1", 0))
        self.url = f"ws://127.0.0.1:{self.port}"
        self.seats = contextlib.ExitStack()
        self.bystander = Mirror(self.seats.enter_context(connect(self.url)), "Bystander")
        self.walker = Mirror(self.seats.enter_context(connect(self.url)), "Walker")
        self.step = 0

    def call(self, coro: Any) -> Any:
        """Run a coroutine on the runtime's loop and wait for its result."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(30)

    def on_loop(self, fn: Any) -> Any:
        """Run a plain function on the runtime's loop (consistent reads of its state)."""
        async def run() -> Any:
            return fn()
        return self.call(run())

    def close(self) -> None:
        """Stop the seats, the runtime and the loop."""
        self.seats.close()
        self.call(self.runtime.stop())
        self.on_loop(self.host.close)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


class Mirror:
    """A well-behaved seat (sync client) that mirrors the room from state and patches."""

    def __init__(self, ws: ClientConnection, name: str) -> None:
        self.ws = ws
        self.state: dict[str, Any] = {}
        self.version = -1
        self.user_id = ""
        self.poses: dict[str, Any] = {}
        ws.send(json.dumps({"t": "hello", "protocol": 1, "name": name, "scene": "dry_room",
                            "machines": dry_room_bindings()}))
        self.until(lambda m: m["t"] == "state")

    def recv(self, timeout: float = RECV_S) -> dict[str, Any]:
        """One message, applied to the mirror."""
        msg = json.loads(self.ws.recv(timeout=timeout))
        if msg["t"] == "welcome":
            self.user_id = msg["user_id"]
        elif msg["t"] == "state":
            self.state = {k: v for k, v in msg.items() if k != "t"}
            self.version = msg["version"]
        elif msg["t"] == "patch":
            if msg["base"] != self.version:
                self.ws.send(json.dumps({"t": "resync", "have": self.version}))
            else:
                self.state = apply_patch(self.state, msg["ops"])
                self.version = self.state["version"] = msg["version"]
        elif msg["t"] == "poses":
            self.poses.update(msg["users"])
        return msg

    def until(self, pred: Any) -> dict[str, Any]:
        """Receive until ``pred(msg)``."""
        while True:
            msg = self.recv()
            if pred(msg):
                return msg


@pytest.fixture(scope="module")
def harness() -> Iterator[Harness]:
    h = Harness()
    try:
        yield h
    finally:
        h.close()
        ARTIFACT.parent.mkdir(exist_ok=True)
        ARTIFACT.write_text(json.dumps(STATS) + "\n")


# --- what a hostile seat sends ---------------------------------------------------------------
NASTY_NUMBERS = st.sampled_from([float("nan"), float("inf"), -float("inf"), 10**400, -(10**400),
                                 1e308, -1e308, 2**53 + 1, -1, 0, 1e-320, 10**17, 3.5])
NASTY_TEXT = st.one_of(
    st.sampled_from(["\ud800", "a\udfffb", "\x00", "\x1b[2J", "\u202e", "x" * 5000,
                     "res://../../etc/passwd", "__init__", "solo", "u1", "jar-NMC622",
                     "hand:u1:right", "", " ", "\n", "🔋" * 100, "NaN"]),
    st.text(max_size=80))
SCALARS = st.one_of(st.none(), st.booleans(), NASTY_NUMBERS, NASTY_TEXT,
                    st.integers(), st.floats(allow_nan=True, allow_infinity=True))
JUNK = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=5), st.dictionaries(NASTY_TEXT, inner, max_size=5)),
    max_leaves=20)

ITEMS = ["jar-NMC622", "jar-PVDF", "pot-01", "sep-PP", "nope", "u2"]
MACHINES = ["coater", "calender", "powder_dispenser", "potentiostat", "welder", "nowhere"]
VALID_INTENTS = [
    ("grab", {"item": st.sampled_from(ITEMS), "hand": st.sampled_from(["left", "right"])}),
    ("take_from_shelf", {"material": st.sampled_from(["NMC622", "PVDF", "mixing_pot",
                                                      "li_metal", "unobtainium"]),
                         "hand": st.sampled_from(["left", "right"])}),
    ("release", {"item": st.sampled_from(ITEMS), "hand": st.just("right"),
                 "position": st.just([0.5, 1.0, 2.0])}),
    ("place_in_slot", {"item": st.sampled_from(ITEMS), "machine": st.sampled_from(MACHINES),
                       "slot": st.sampled_from(["pot", "active", "1", "roll"])}),
    ("set_param", {"machine": st.sampled_from(MACHINES),
                   "name": st.sampled_from(["comma_gap_um", "roll_gap_um", "side", "x"]),
                   "value": st.one_of(st.integers(-10, 2000), st.sampled_from(["A", "B"]))}),
    ("start_machine", {"machine": st.sampled_from(MACHINES)}),
    ("skip_time", {"seconds": st.sampled_from([1200, 3600, 14400, 28800, -5, 0])}),
    ("hand_to", {"item": st.sampled_from(ITEMS), "to": st.sampled_from(["u1", "u2", "u99"])}),
    ("find_egg", {"egg": st.sampled_from(["goodenough", "makers", "nowhere"])}),
]


@st.composite
def valid_message(draw: st.DrawFn) -> dict[str, Any]:
    """A message a correct Godot seat could send."""
    kind = draw(st.sampled_from(["intent", "intent", "intent", "pose", "ping", "pong",
                                 "resync", "list_rooms", "join", "leave", "bind", "hello"]))
    if kind == "intent":
        name, fields = draw(st.sampled_from(VALID_INTENTS))
        args = {k: draw(v) for k, v in fields.items()}
        return {"t": "intent", "id": draw(st.integers(1, 10**6)), "type": name,
                "args": args, "version": draw(st.integers(-1, 50))}
    if kind == "pose":
        coords = st.floats(-5, 5, allow_nan=False)
        return {"t": "pose", **{p: [draw(coords) for _ in range(7)]
                                for p in ("head", "left", "right")}}
    if kind in ("ping", "pong"):
        return {"t": kind, "id": draw(st.integers(0, 10**9)), "sent_ms": 12}
    if kind == "resync":
        return {"t": "resync", "have": draw(st.integers(-1, 100))}
    if kind in ("list_rooms", "join"):
        return {"t": kind, "room": draw(st.sampled_from(["solo", "other"])),
                "name": "Mallory", "server": draw(st.sampled_from(["", "lecture-pc:9000"]))}
    if kind == "bind":
        return {"t": "bind", "machines": dry_room_bindings()[:draw(st.integers(0, 3))]}
    if kind == "hello":
        return hello("Mallory")
    return {"t": kind}


def hello(name: Any) -> dict[str, Any]:
    """A dry-room hello."""
    return {"t": "hello", "protocol": 1, "name": name, "scene": "dry_room", "machines": []}


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, Any]:
    """A valid message with one field replaced, dropped or added, at any depth."""
    msg = copy.deepcopy(draw(valid_message()))  # st.just() values are shared: never mutate them
    paths: list[tuple[Any, ...]] = []

    def walk(node: Any, path: tuple[Any, ...]) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                paths.append((*path, k))
                walk(v, (*path, k))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                paths.append((*path, i))
                walk(v, (*path, i))

    walk(msg, ())
    path = draw(st.sampled_from(paths))
    parent = msg
    for key in path[:-1]:
        parent = parent[key]
    action = draw(st.sampled_from(["replace", "replace", "drop", "add"]))
    if action == "replace":
        parent[path[-1]] = draw(JUNK)
    elif action == "drop" and isinstance(parent, dict):
        del parent[path[-1]]
    elif isinstance(parent, dict):
        parent[draw(NASTY_TEXT)] = draw(JUNK)
    return msg


def to_frame(msg: Any) -> str:
    """JSON text as a hostile client writes it: NaN, Infinity, huge ints, surrogate escapes."""
    return json.dumps(msg, allow_nan=True)


RAW_FRAMES = st.one_of(
    st.text(max_size=200),
    st.sampled_from(['{"t":"intent","id":1,"args":' + "[" * 3000 + "]" * 3000 + "}",
                     '{"t":"ping","id":1,"id":2}', '{"t":"ping","id":' + "9" * 400 + "}",
                     '{"t":"pose","head":[NaN,0,0,0,0,0,1]}', "null", "[]", '"t"', "{}",
                     '{"t":"hello","protocol":1,"name":"\\ud800","scene":"dry_room"}',
                     '{"t":"ping","id":1,"x":"' + "y" * 70_000 + '"}']),
    JUNK.map(to_frame))

FRAMES = st.one_of(valid_message().map(to_frame), mutated().map(to_frame), RAW_FRAMES,
                   st.binary(max_size=64))


@st.composite
def episode(draw: st.DrawFn) -> dict[str, Any]:
    """What one hostile seat does: hello (maybe hostile), frames, and whether it reads."""
    name = draw(st.one_of(st.just("Mallory"), NASTY_TEXT, JUNK))
    frames = draw(st.lists(FRAMES, min_size=1, max_size=12))
    flood = draw(st.sampled_from([0, 0, 0, 300]))
    return {"hello": to_frame(hello(name)), "frames": frames, "flood": flood,
            "reads": draw(st.booleans())}


# --- the invariants ----------------------------------------------------------------------------
def check_room(h: Harness) -> None:
    """State = replay of the log; invariants hold; outboxes within bounds."""
    def read() -> tuple[Any, Any, list[str], list[int]]:
        store = h.host.room("solo").store
        return (store.state, store.replay_all(), check_invariants(store.state),
                [c.outbox.bytes for c in h.runtime.connections])

    state, replayed, problems, held = h.on_loop(read)
    assert json.dumps(state, sort_keys=True) == json.dumps(replayed, sort_keys=True)
    assert problems == []
    assert all(b <= h.runtime.limits.outbox_max_bytes for b in held)


def check_seats(h: Harness) -> None:
    """The bystander gets the walker's fresh pose, and patches up to a view equal to the
    runtime's (pings would hit the seats' ping rate limit at this pace)."""
    h.step += 1
    mark = round(h.step * 0.001 % 4.0, 3)
    for seat in (h.walker, h.bystander):  # a pose from each: they are heard (not idle)
        seat.ws.send(json.dumps({"t": "pose", "head": [mark, 1.6, 2, 0, 0, 0, 1],
                                 "left": [0, 1, 2, 0, 0, 0, 1], "right": [0, 1, 2, 0, 0, 0, 1]}))
    h.bystander.until(lambda m: m["t"] == "poses"
                      and m["users"].get(h.walker.user_id, {}).get("head", [None])[0] == mark)
    version, view = h.on_loop(lambda: (h.host.room("solo").state["version"],
                                       h.host.view("solo")))
    while h.bystander.version != version:
        h.bystander.recv()
    mirrored = {k: v for k, v in h.bystander.state.items() if k != "version"}
    assert json.dumps(mirrored, sort_keys=True) == json.dumps(view, sort_keys=True)
    with contextlib.suppress(TimeoutError):  # the walker reads what it was sent
        while True:
            h.walker.recv(timeout=0)


def run_episode(h: Harness, ep: dict[str, Any]) -> None:
    """One hostile seat: connect, send, maybe read, close; wait until the runtime let go."""
    frames = [ep["hello"], *ep["frames"]] + [ep["frames"][0]] * ep["flood"]
    with contextlib.suppress(ConnectionClosed), \
            connect(h.url, max_size=None, max_queue=16 if ep["reads"] else 1,
                    close_timeout=0.05) as ws:
        # (the runtime may cut a hostile seat: a frame over the socket limit, a flood)
        for frame in frames:
            ws.send(frame)
            STATS["frames"] += 1
            if ep["reads"]:
                with contextlib.suppress(TimeoutError):
                    while True:
                        ws.recv(timeout=0)
    deadline = 200
    while h.on_loop(lambda: len(h.runtime.connections)) > 2 and deadline:
        deadline -= 1
        h.call(asyncio.sleep(0.02))
    assert deadline, "the runtime still holds the hostile seat's connection"


@pytest.mark.slow
# the runtime's own thread uses `random` (WebSocket keepalive payloads) while Hypothesis draws
@pytest.mark.filterwarnings("ignore:Do not use the `random` module inside strategies")
@settings(max_examples=EXAMPLES, deadline=None, derandomize=False,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.data_too_large, HealthCheck.large_base_example])
@given(ep=episode())
def test_hostile_seats_never_hurt_the_room(harness: Harness, ep: dict[str, Any]) -> None:
    start_kb = STATS.setdefault("start_rss_kb", memory_kb()[0])
    with watch_logs() as logs:
        run_episode(harness, ep)
        check_room(harness)
        check_seats(harness)
    assert logs.tracebacks() == []
    STATS["examples"] += 1
    rss, peak = memory_kb()
    STATS["peak_rss_kb"] = max(STATS.get("peak_rss_kb", 0), peak)
    assert rss - start_kb < MAX_GROWTH_KB, f"the process grew by {(rss - start_kb) / 1e3:.0f} MB"

