"""The authority gate on its own, fed hostile intents: it never raises, and a refused intent
leaves the state untouched. The lecture host will call the gate without the runtime's wire
layer in front, so the gate must hold by itself."""

from __future__ import annotations

import copy
import json
import pickle
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from scripts_py import apply, initial_state
from scripts_py.reducer.gate import INTENTS

HOSTILE = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(),
    st.sampled_from([10**400, -(10**5000), float("nan"), float("inf"), 2**63, -1, 0, 1e308,
                     "\ud800", "a\x00b", "x" * 30_000, "u1", "host", "jar-NMC622", "coater",
                     "right", "bench", "1", [], {}, [1, 2], {"comma_gap_um": 10**400},
                     {"comma_gap_um": float("nan")}, {"\udc00": 1}]),
    st.text(max_size=20),
    st.dictionaries(st.text(max_size=8), st.one_of(st.integers(), st.floats(), st.text()),
                    max_size=4))


def _room() -> dict[str, Any]:
    state = initial_state(3)
    for uid in ("u1", "u2"):
        state, events = apply(state, {"type": "join", "user": uid, "name": uid.upper(),
                                      "role": "student", "sender": "host",
                                      "base_version": state["version"]})
        assert events[0]["type"] == "accepted"
    return state


ROOM = _room()
FROZEN = json.dumps(ROOM, sort_keys=True)


@st.composite
def hostile_intent(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from([*INTENTS, "nope", "__init__"]))
    fields = list(INTENTS[kind].fields) if kind in INTENTS else ["x"]
    intent: dict[str, Any] = {"type": kind}
    for name in fields:
        if draw(st.booleans()):
            intent[name] = draw(HOSTILE)
    intent["sender"] = draw(st.one_of(st.sampled_from(["u1", "u2", "host", "u9"]), HOSTILE))
    intent["base_version"] = draw(st.one_of(st.just(ROOM["version"]), HOSTILE))
    if draw(st.booleans()):
        intent[draw(st.text(max_size=6))] = draw(HOSTILE)
    return intent


@settings(max_examples=600, deadline=None)
@given(intent=hostile_intent())
def test_the_gate_refuses_hostile_intents_without_raising(intent: dict[str, Any]) -> None:
    before = copy.deepcopy(intent)
    state, events = apply(ROOM, intent)
    assert events, "the gate always answers"
    if events[0]["type"] != "accepted":
        assert state is ROOM and events[0]["type"] == "rejected"
        assert isinstance(events[0]["reason"], str) and len(events[0]["reason"]) < 2000
        events[0]["reason"].encode("utf-8")  # a reason can always be sent
    else:  # accepted: only values the schema allows got in, and they encode as JSON
        json.dumps(state, allow_nan=False).encode("utf-8")
    assert json.dumps(ROOM, sort_keys=True) == FROZEN, "the input state was mutated"
    assert pickle.dumps(intent) == pickle.dumps(before), "the intent was mutated"
