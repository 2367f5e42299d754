"""The authority gate: its order of checks, staleness, purity, determinism, roles."""

from __future__ import annotations

import pytest
from line_helpers import Room

from scripts_py import apply, initial_state, state_hash
from scripts_py.reducer import INTENTS
from scripts_py.reducer.gate import accepted


def test_unknown_and_malformed_intents_are_refused(room):
    state = room.state
    for junk in (None, 3, "take", [], {}, {"type": 5}):
        new, events = apply(state, junk)
        assert new is state and events[0]["type"] == "rejected"
        assert events[0]["code"] in ("malformed", "unknown_intent")
    room.no("ana", "teleport", "unknown_intent")
    room.no("ana", "take", "malformed")  # no item
    room.no("ana", "take", "malformed", item="pot-01", colour="red")
    room.no("ana", "take", "malformed", item="pot:01")
    room.no("ana", "skip_time", "malformed", seconds=-5)
    room.no("ana", "skip_time", "malformed", seconds=float("nan"))
    room.no("ana", "skip_time", "malformed", seconds=True)
    new, events = apply(state, {"type": "take", "sender": "ana", "item": "pot-01"})
    assert events[0]["code"] == "malformed" and "base_version" in events[0]["reason"]


def test_gate_order_known_then_allowed_then_fresh(room):
    base = room.state["version"]
    room.ok("ana", "take", item="pot-01")
    # unknown sender before anything about the item
    room.no("zoe", "take", "unknown_sender", item="pot-01")
    # forbidden role before the item checks
    room.no("olga", "take", "forbidden", item="pot-02")
    room.no("ana", "join", "forbidden", user="x", name="X", role="student")
    # "allowed" failures win over staleness: ben's old view says pot-01 is free
    room.no("ben", "take", "held_by_other", item="pot-01", base_version=base)
    # a stale intent that would otherwise be allowed
    room.ok("ana", "put", item="pot-01", place="bench")
    room.no("ben", "take", "stale", item="pot-01", base_version=base)
    # unrelated objects are not stale
    room.ok("ben", "take", item="pot-02", base_version=base)
    room.no("ben", "put", "bad_version", item="pot-02", place="bench",
            base_version=room.state["version"] + 5)


def test_rejection_changes_nothing_and_accept_never_mutates_the_input(room):
    before = state_hash(room.state)
    state = room.state
    room.no("ana", "load", "not_holding", item="pot-01", machine="coater", slot="roll")
    assert state_hash(state) == before
    room.ok("ana", "take", item="pot-01")
    assert state_hash(state) == before  # the old state object is intact
    assert room.state["version"] == state["version"] + 1
    assert room.item("pot-01")["v"] == room.state["version"]


def test_every_intent_type_is_documented():
    for name, handler in INTENTS.items():
        assert handler.help, name
        assert handler.roles, name


def test_same_intents_give_the_same_state_hash():
    def play(seed: int) -> Room:
        r = Room(initial_state(seed))
        r.join("ana")
        for item, machine, slot in (("pot-01", "powder_dispenser", "pot"),
                                    ("jar-LFP", "powder_dispenser", "active"),
                                    ("jar-carbon_black", "powder_dispenser", "additive"),
                                    ("jar-PVDF", "powder_dispenser", "binder")):
            r.ok("ana", "take", item=item)
            r.ok("ana", "load", item=item, machine=machine, slot=slot)
        r.ok("ana", "start", machine="powder_dispenser")
        r.ok("ana", "skip_time", seconds=3600)
        return r

    a, b, c = play(1), play(1), play(2)
    assert state_hash(a.state) == state_hash(b.state)
    assert state_hash(a.state) != state_hash(c.state)  # the seed is part of the state


def test_two_users_skipping_time_at_once(room):
    base = room.state["version"]
    room.ok("ana", "skip_time", seconds=1200, base_version=base)
    room.no("ben", "skip_time", "stale", seconds=1200, base_version=base)
    # the host's pacing ticks do not make the panel stale
    room.ok("host", "skip_time", seconds=5, pace=True)
    room.ok("ben", "skip_time", seconds=3600)
    room.no("ana", "skip_time", "forbidden", seconds=5, pace=True)
    assert room.state["clock"]["now_s"] == 1200 + 5 + 3600


def test_join_leave_and_room_size(room):
    room.no("host", "join", "user_exists", user="ana", name="Ana", role="student")
    room.no("host", "join", "user_exists", user="host", name="Host", role="student")
    for i in range(3):
        room.join(f"s{i}")
    room.no("host", "join", "room_full", user="s9", name="S9", role="student")
    room.join("watcher", "observer")  # observers do not count
    room.ok("ana", "take", item="pot-01")
    room.ok("host", "leave", user="ana")
    assert room.item("pot-01")["location"] == "bench"
    assert "ana" not in room.state["users"]
    room.no("ana", "take", "unknown_sender", item="pot-02")


def test_hand_to_and_two_hands(room):
    room.ok("ana", "take", item="pot-01")
    room.no("ana", "take", "hand_full", item="pot-02", hand="left")
    room.ok("ana", "take", item="pot-02", hand="right")
    assert room.item("pot-01")["location"] == "hand:ana:left"
    assert room.item("pot-02")["location"] == "hand:ana:right"
    room.no("ana", "take", "hands_full", item="pot-03")
    room.no("ana", "hand_to", "forbidden", item="pot-01", to="olga")
    room.no("ana", "hand_to", "no_such_user", item="pot-01", to="ana")
    room.ok("ana", "hand_to", item="pot-01", to="ben")
    assert room.item("pot-01")["location"] == "hand:ben:left"
    room.no("ana", "put", "not_holding", item="pot-01", place="bench")


def test_notebooks_and_easter_eggs():
    r = Room(initial_state(easter_eggs=[{"id": "goodenough", "title": "J. B. Goodenough",
                                         "where": "behind the potentiostat",
                                         "message": "Nobel 2019"}]))
    r.join("ana")
    r.join("iris", "instructor")
    r.no("ana", "write_notebook", "forbidden", index=0, text="hi")
    r.ok("iris", "write_notebook", index=4, text="Use +8 h while testing.", title="Tips")
    assert r.state["notebooks"][4] == {"title": "Tips", "text": "Use +8 h while testing."}
    r.no("iris", "write_notebook", "malformed", index=5, text="x")
    r.no("ana", "find_egg", "no_such_egg", egg="nothing")
    events = r.ok("ana", "find_egg", egg="goodenough")
    assert events[1]["message"] == "Nobel 2019"
    r.no("iris", "find_egg", "already_found", egg="goodenough")


@pytest.mark.parametrize("kind", sorted(INTENTS))
def test_every_intent_type_survives_garbage_fields(room, kind):
    for fields in ({}, {"item": 7}, {"machine": "coater", "slot": None},
                   {"params": {"a": [1]}}, {"seconds": "1h"}, {"user": "", "role": "god"}):
        _, events = apply(room.state, {"type": kind, "sender": "ana",
                                       "base_version": room.state["version"], **fields})
        assert not accepted(events) or kind == "skip_time"


def _as(state: dict, sender: str, **intent) -> tuple[dict, list]:
    return apply(state, {**intent, "sender": sender, "base_version": state["version"]})


def test_the_instructor_sets_eggs_and_room_settings_students_cannot():
    eggs = [{"id": "goodenough", "title": "JBG", "where": "wall", "message": "hi",
             "position": [1, 1, 1]}]
    state = initial_state(easter_eggs=eggs)
    state, events = _as(state, "host", type="join", user="u1", name="Ana", role="student")
    state, events = _as(state, "u1", type="find_egg", egg="goodenough")
    assert accepted(events)
    new = [{"id": "goodenough", "title": "J. B. Goodenough", "where": "wall", "message": "hi",
            "position": [2.0, 1.0, 1.0]}, {"id": "new", "title": "N", "where": "", "message": ""}]
    _, refused = _as(state, "u1", type="set_eggs", eggs=new)
    assert refused[0]["code"] == "forbidden"
    changed, events = _as(state, "instructor", type="set_eggs", eggs=new)
    assert accepted(events)
    assert changed["easter_eggs"]["goodenough"]["found_by"] == "u1"  # found stays found
    assert changed["easter_eggs"]["goodenough"]["position"] == [2.0, 1.0, 1.0]
    assert changed["easter_eggs"]["new"]["found_by"] is None
    for bad in ([{"id": "a b"}], [{"id": "x"}, {"id": "x"}], [{"id": "x", "title": "t" * 99}],
                [{"id": "x", "position": [1, "a", 3]}], "eggs", [{}] * 40):
        _, events = _as(state, "instructor", type="set_eggs", eggs=bad)
        assert events[0]["type"] == "rejected", bad
    closed, events = _as(state, "instructor", type="set_room_settings", student_skip=False)
    assert accepted(events)
    _, events = _as(closed, "u1", type="skip_time", seconds=600)
    assert events[0]["code"] == "skip_off"
    _, events = _as(closed, "instructor", type="skip_time", seconds=600)
    assert accepted(events)  # the instructor still can
    _, events = _as(closed, "u1", type="set_room_settings", student_skip=True)
    assert events[0]["code"] == "forbidden"
