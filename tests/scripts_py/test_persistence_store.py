"""SQLite persistence: WAL, intent log, snapshots, save/load/reset, restart and crashes."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest
from line_helpers import ROOT, recipe

from scripts_py import check_invariants, initial_state, state_hash
from scripts_py.persistence import RoomStore, decode_state, encode_state, replay
from scripts_py.persistence import store as store_module
from scripts_py.recipes.driver import run_recipe


@pytest.fixture(scope="module")
def half_cell_intents() -> list[dict]:
    return run_recipe(recipe("lfp_li_half")).intents


def _fill(store: RoomStore, intents: list[dict]) -> None:
    for intent in intents:
        events = store.submit(intent)
        assert events[0]["type"] == "accepted", events


def test_codec_round_trip_is_exact():
    state = run_recipe(recipe("lfp_li_half")).state
    blob = encode_state(state)
    assert decode_state(blob) == state
    assert len(blob) < len(repr(state)) / 4


def test_wal_log_and_restart(tmp_path, half_cell_intents):
    path = tmp_path / "room.db"
    store = RoomStore(path, snapshot_every=40)
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    _fill(store, half_cell_intents)
    live = state_hash(store.state)
    assert store.seq == len(half_cell_intents)
    rejected = store.submit({"type": "take", "sender": "nobody", "base_version": 0,
                             "item": "pot-01"})
    assert rejected[0]["type"] == "rejected" and store.seq == len(half_cell_intents)
    seqs = [s for s, _, _ in store.log()]
    assert seqs == list(range(1, len(half_cell_intents) + 1))
    snaps = [r[0] for r in store.db.execute("SELECT seq FROM snapshots ORDER BY seq")]
    assert snaps == [0, 40, 80]
    store.close()
    again = RoomStore(path)  # latest snapshot (80) + replay of the tail
    assert again.seq == len(half_cell_intents)
    assert state_hash(again.state) == live
    assert state_hash(again.replay_all()) == live
    assert state_hash(replay(initial_state(), (("intent", i) for i in half_cell_intents))) \
        == live


def test_save_load_reset_keep_the_users_present(tmp_path, half_cell_intents):
    store = RoomStore(tmp_path / "room.db")
    _fill(store, half_cell_intents)
    store.save("after class")
    assert store.saves() == ["after class"]
    store.submit({"type": "take", "sender": "student", "base_version": store.state["version"],
                  "item": "pot-05"})
    version = store.state["version"]
    store.reset()
    assert store.state["version"] > version
    assert store.state["deposits"] == []
    assert store.state["users"]["student"]["hands"] == {"left": None, "right": None}
    assert store.state["items"]["pot-05"]["location"] == "shelf"
    assert check_invariants(store.state) == []
    store.load("after class")
    assert len(store.state["deposits"]) == 1
    assert check_invariants(store.state) == []
    with pytest.raises(KeyError):
        store.load("nope")
    live = state_hash(store.state)
    store.close()
    again = RoomStore(tmp_path / "room.db")
    assert state_hash(again.state) == live
    assert state_hash(again.replay_all()) == live


def test_two_rooms_in_one_file(tmp_path):
    a = RoomStore(tmp_path / "host.db", "room-1")
    b = RoomStore(tmp_path / "host.db", "room-2", initial=initial_state(7))
    a.submit({"type": "join", "sender": "host", "base_version": 0, "user": "ana",
              "name": "Ana", "role": "student"})
    assert b.seq == 0 and a.seq == 1
    assert b.state["rng"]["seed"] == 7


def test_crash_after_the_log_write_loses_nothing(tmp_path, half_cell_intents, monkeypatch):
    path = tmp_path / "room.db"
    store = RoomStore(path, snapshot_every=5)
    _fill(store, half_cell_intents[:4])

    def boom(state):
        raise OSError("power cut")

    monkeypatch.setattr(store_module, "encode_state", boom)  # the snapshot write fails
    with pytest.raises(OSError):
        store.submit(half_cell_intents[4])
    monkeypatch.undo()
    again = RoomStore(path)
    assert again.seq == 5  # the intent was committed before the snapshot was attempted
    expected = replay(initial_state(), (("intent", i) for i in half_cell_intents[:5]))
    assert state_hash(again.state) == state_hash(expected)


def test_crash_before_the_log_commit_acknowledges_nothing(tmp_path, half_cell_intents,
                                                          monkeypatch):
    path = tmp_path / "room.db"
    store = RoomStore(path)
    _fill(store, half_cell_intents[:3])
    before = state_hash(store.state)

    def boom(self, kind, body):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(RoomStore, "_append", boom)
    with pytest.raises(sqlite3.OperationalError):
        store.submit(half_cell_intents[3])
    assert state_hash(store.state) == before  # not applied, not acknowledged
    monkeypatch.undo()
    assert RoomStore(path).seq == 3


WRITER = textwrap.dedent("""
    import sys
    from scripts_py.persistence import RoomStore
    store = RoomStore(sys.argv[1], snapshot_every=7)
    if "ana" not in store.state["users"]:
        store.submit({"type": "join", "sender": "host", "base_version": 0, "user": "ana",
                      "name": "Ana", "role": "student"})
    i = 0
    while True:
        item = "pot-%02d" % (i % 24 + 1)
        for intent in ({"type": "take", "item": item},
                       {"type": "put", "item": item, "place": "bench"},
                       {"type": "skip_time", "seconds": 60}):
            events = store.submit({**intent, "sender": "ana",
                                   "base_version": store.state["version"]})
            print(events[0]["seq"], flush=True)
        i += 1
""")


@pytest.mark.parametrize("acks", [5, 64, 203])
def test_killed_writer_loses_nothing_acknowledged(tmp_path, acks):
    path = tmp_path / "room.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE,
                            text=True, cwd=ROOT, env=env)
    assert proc.stdout is not None
    last = 0
    for _ in range(acks):
        last = int(proc.stdout.readline())
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    store = RoomStore(path)
    assert store.seq >= last
    assert state_hash(store.state) == state_hash(store.replay_all())
    assert check_invariants(store.state) == []
    assert store.state["clock"]["now_s"] >= 60 * ((last - 1) // 3)  # seq 1 is the join


def test_the_journal_keeps_wall_clock_times_and_old_files_open(tmp_path, half_cell_intents):
    path = tmp_path / "old.db"
    old = sqlite3.connect(path)  # the schema before wall-clock times were kept
    old.executescript(store_module.SCHEMA.replace(", at REAL", ""))
    old.close()
    store = RoomStore(path)
    _fill(store, half_cell_intents[:3])
    rows = store.journal()
    assert [r[0] for r in rows] == [1, 2, 3] and rows[0][2] == half_cell_intents[0]
    assert all(isinstance(r[3], float) and abs(r[3] - time.time()) < 60 for r in rows)
    store.close()
    again = RoomStore(path)  # opened again: nothing lost, the column is there once
    assert [r[:3] for r in again.journal()] == [r[:3] for r in rows]
    again.close()
