"""Benchmark of the pilot-line simulation (scripts_py).

Figures: snapshot encode + decode of a busy room with 500 items (goal <= 20 ms and
<= 100 kB; also a worst case where 100 tested cells and their results stay in the room),
reducer throughput (accepted intents per second through ``apply``), replay of a
10,000-intent log from the initial state, and the same intents committed one by one to the
SQLite store. Medians over repeats. The last line printed is one JSON object.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts_py import apply, initial_state, state_hash  # noqa: E402
from scripts_py.persistence import RoomStore, decode_state, encode_state, replay  # noqa: E402
from scripts_py.recipes.driver import Student, run_step  # noqa: E402
from scripts_py.recipes.load import load_recipe  # noqa: E402

RECIPES = [load_recipe(ROOT / "recipes" / f"{n}.yaml") for n in
           ("nmc622_graphite_full", "lfp_li_half", "graphite_symmetric")]
ITEMS = 500


def _median(fn, repeats: int) -> float:
    """Median seconds of ``fn()`` over ``repeats`` calls (after one warm-up)."""
    fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def busy_room() -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A 500-item room after a class day: 5 students each built cells, some half-way."""
    probe = initial_state()
    stock = sum(1 for i in probe["items"].values() if i["kind"] == "container")
    li = 40
    start = initial_state(1, pots=ITEMS - stock - li, li_electrodes=li)
    assert len(start["items"]) == ITEMS
    state, intents = start, []
    stops = (21, 13, 12, 19, 16, 7, 4, 20)  # full routes and routes stopped at a stage
    for s in range(5):
        student = Student(state, f"student-{s + 1}")
        for k in range(8):
            r = RECIPES[(s + k) % len(RECIPES)]
            batches: dict[str, str] = {}
            for step in r.steps[:stops[(s * 3 + k) % len(stops)]]:
                run_step(student, step, batches)
        state = student.state
        intents += student.intents
    return state, intents


def full_room() -> dict[str, Any]:
    """Worst case: 500 items, 100 tested cells kept on the bench instead of deposited."""
    start = initial_state(1, pots=ITEMS - 25 - 40, li_electrodes=40)
    assert len(start["items"]) == ITEMS
    state = start
    for s in range(5):
        student = Student(state, f"student-{s + 1}")
        for k in range(20):
            batches: dict[str, str] = {}
            for step in RECIPES[(s + k) % len(RECIPES)].steps[:-1]:  # no deposit
                run_step(student, step, batches)
        state = student.state
    return state


def ten_thousand_intents() -> list[dict[str, Any]]:
    """10,000 accepted intents: recipes run again and again in one room, pots recycled."""
    state = initial_state(2)
    student = Student(state, "student")
    k = 0
    while len(student.intents) < 10_000:
        batches: dict[str, str] = {}
        for step in RECIPES[k % len(RECIPES)].steps:
            run_step(student, step, batches)
            if len(student.intents) >= 10_000:
                break
        k += 1
    return student.intents[:10_000]


def throughput(state: dict[str, Any], n: int = 20_000) -> float:
    """Accepted intents per second: take/put/hand-over/settings by five users."""
    users = sorted(u for u in state["users"])
    pots = sorted(i for i, it in state["items"].items() if it["location"] == "shelf")[:200]
    intents = []
    s = state
    for k in range(n // 4):
        u, v, pot = users[k % len(users)], users[(k + 1) % len(users)], pots[k % len(pots)]
        for intent in ({"type": "take", "sender": u, "item": pot},
                       {"type": "hand_to", "sender": u, "item": pot, "to": v},
                       {"type": "put", "sender": v, "item": pot, "place": "bench"},
                       {"type": "set_params", "sender": u, "machine": "coater",
                        "params": {"comma_gap_um": 150 + k % 100}}):
            intents.append(intent)

    def run() -> None:
        cur = s
        for intent in intents:
            cur, events = apply(cur, {**intent, "base_version": cur["version"]})
            assert events[0]["type"] == "accepted", events

    return len(intents) / _median(run, 3)


def main() -> dict[str, float]:
    """Run the benchmark, print the figures, return them."""
    t0 = time.perf_counter()
    room, room_intents = busy_room()
    build_s = time.perf_counter() - t0
    blob = encode_state(room)
    snapshot_s = _median(lambda: decode_state(encode_state(room)), 30)
    encode_s = _median(lambda: encode_state(room), 30)
    raw_kb = len(json.dumps(room, separators=(",", ":")).encode()) / 1024
    per_s = throughput(room)
    full = full_room()
    full_s = _median(lambda: decode_state(encode_state(full)), 15)
    full_kb = len(encode_state(full)) / 1024

    log = ten_thousand_intents()
    initial = initial_state(2)
    final = replay(initial, (("intent", i) for i in log))
    replay_s = _median(lambda: replay(initial, (("intent", i) for i in log)), 3)

    with tempfile.TemporaryDirectory() as tmp:
        store = RoomStore(Path(tmp) / "bench.db", initial=initial)
        t0 = time.perf_counter()
        for intent in log[:2000]:
            store.submit(intent)
        stored_per_s = 2000 / (time.perf_counter() - t0)
        store.close()
        reopened = RoomStore(Path(tmp) / "bench.db")
        assert reopened.seq == 2000
        reopened.close()

    figures = {
        "snapshot_ms": round(snapshot_s * 1e3, 3),
        "snapshot_kb": round(len(blob) / 1024, 2),
        "intents_per_s": round(per_s),
        "replay_10k_s": round(replay_s, 4),
        "snapshot_encode_ms": round(encode_s * 1e3, 3),
        "snapshot_json_kb": round(raw_kb, 1),
        "stored_intents_per_s": round(stored_per_s),
        "snapshot_worst_ms": round(full_s * 1e3, 3),
        "snapshot_worst_kb": round(full_kb, 2),
    }
    with_history = sum(1 for i in room["items"].values() if i["history"])
    print(f"busy room: {len(room['items'])} items ({with_history} with history), "
          f"{len(room['deposits'])} deposited cells, {len(room_intents)} intents, "
          f"built in {build_s:.2f} s")
    print(f"snapshot encode+decode: {figures['snapshot_ms']:.2f} ms (goal <= 20 ms), "
          f"{figures['snapshot_kb']:.1f} kB zlib / {raw_kb:.0f} kB JSON (goal <= 100 kB)")
    tested = sum(1 for i in full["items"].values() if i["kind"] == "tested_cell")
    print(f"worst case, {tested} tested cells kept in the room: {full_s * 1e3:.2f} ms, "
          f"{full_kb:.1f} kB")
    print(f"reducer: {figures['intents_per_s']:,} accepted intents/s (take, hand over, put, "
          "settings)")
    print(f"replay of 10,000 intents: {figures['replay_10k_s']:.3f} s "
          f"(final state {state_hash(final)[:12]})")
    print(f"SQLite store (WAL, synchronous=FULL, one commit per intent): "
          f"{figures['stored_intents_per_s']:,} intents/s")
    print(json.dumps(figures))
    return figures


if __name__ == "__main__":
    main()
