"""Intents that run machines and time: set_params, start, skip_time."""

from __future__ import annotations

from typing import Any

from battery_model.errors import shown
from scripts_py.machines import machine_of, runner
from scripts_py.reducer.intents import (
    ACTORS,
    HOST,
    STUDENT,
    Event,
    Handler,
    Plan,
    student_skip,
)
from scripts_py.reducer.rejection import Rejected
from scripts_py.reducer.schema import flag, ident, params, positive_seconds
from scripts_py.room.draft import Draft


def _channel(state: dict[str, Any], intent: dict[str, Any]) -> str:
    mid = intent["machine"]
    if mid not in state["machines"]:
        raise Rejected("no_such_machine", f"there is no machine {shown(mid)} in this room")
    m = machine_of(state, mid)
    slot = intent.get("slot")
    if m.per_slot_runs:
        if slot is None or m.slot(slot) is None:
            names = ", ".join(s.name for s in m.slots)
            raise Rejected("no_such_slot", f"name the {m.title} slot to use ({names})")
        return m.channel_of(slot)
    if slot is not None and m.slot(slot) is None:
        raise Rejected("no_such_slot", f"the {m.title} has no slot {shown(slot)}")
    return "main"


def _check_set(state: dict[str, Any], intent: dict[str, Any]) -> Plan:
    channel = _channel(state, intent)
    runner.check_params(intent["machine"], state, intent["params"])
    return Plan([("machines", intent["machine"])], channel)


def _do_set(draft: Draft, intent: dict[str, Any], plan: Plan) -> list[Event]:
    row = draft.edit("machines", intent["machine"])
    row["settings"][plan.payload] = {**row["settings"].get(plan.payload, {}), **intent["params"]}
    return [{"type": "settings", "machine": intent["machine"], "channel": plan.payload,
             "params": row["settings"][plan.payload]}]


def _check_start(state: dict[str, Any], intent: dict[str, Any]) -> Plan:
    channel = _channel(state, intent)
    view = runner.prepare(state, intent["machine"], channel, intent.get("params", {}),
                          intent["sender"])
    refs = [("machines", intent["machine"])] + [("items", i["id"]) for i in view.items.values()]
    return Plan(refs, view)


def _do_start(draft: Draft, intent: dict[str, Any], plan: Plan) -> list[Event]:
    return runner.start(draft, plan.payload)


def _check_skip(state: dict[str, Any], intent: dict[str, Any]) -> Plan:
    if intent.get("pace"):
        if intent["sender"] != HOST:
            raise Rejected("forbidden", "only the host paces the clock")
        return Plan([])
    user = state["users"].get(intent["sender"], {})
    if user.get("role") == STUDENT and not student_skip(state):
        raise Rejected("skip_off", "the instructor has turned time skipping off for students "
                                   "in this room")
    return Plan([("clock", "")])


def _do_skip(draft: Draft, intent: dict[str, Any], plan: Plan) -> list[Event]:
    events = runner.advance(draft, float(intent["seconds"]))
    if not intent.get("pace"):
        draft.section("clock")["v"] = draft.version
    return events


HANDLERS = {
    "set_params": Handler({"machine": (ident, True), "params": (params, True),
                           "slot": (ident, False)}, ACTORS, _check_set, _do_set,
                          "type settings on a machine's screen"),
    "start": Handler({"machine": (ident, True), "slot": (ident, False),
                      "params": (params, False)}, ACTORS, _check_start, _do_start,
                     "press a machine's start button"),
    "skip_time": Handler({"seconds": (positive_seconds, True), "pace": (flag, False)},
                         ACTORS | {HOST}, _check_skip, _do_skip,
                         "jump the sim clock forward (+20 min, +1 h, +4 h, +8 h on the panel)"),
}
