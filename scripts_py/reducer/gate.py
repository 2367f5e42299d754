"""The authority gate: ``apply(state, intent) -> (state, events)``.

Checks, in order: the intent is known and well-formed; the sender may do it (role, holds the
item, machine idle, slot free ...); it is not based on a stale version of what it touches.
Then the pure reducer applies it. A rejection returns the same state and one ``rejected``
event with a reason. The input state is never mutated.
"""

from __future__ import annotations

from typing import Any

from battery_model.errors import shown
from scripts_py.reducer import hands, room_ops, runs
from scripts_py.reducer.intents import HOST, INSTRUCTOR, PANEL, Event, Handler, Ref
from scripts_py.reducer.rejection import Rejected
from scripts_py.reducer.schema import check_shape
from scripts_py.room.draft import Draft

INTENTS: dict[str, Handler] = {**hands.HANDLERS, **runs.HANDLERS, **room_ops.HANDLERS}


def _known(intent: Any) -> Handler:
    if not isinstance(intent, dict):
        raise Rejected("malformed", "an intent is a mapping with a 'type'")
    kind = intent.get("type")
    handler = INTENTS.get(kind) if isinstance(kind, str) else None
    if handler is None:
        raise Rejected("unknown_intent", f"unknown intent type {shown(kind)} "
                                         f"(known: {', '.join(sorted(INTENTS))})")
    check_shape(intent, handler.fields)
    return handler


def _role(state: dict[str, Any], sender: str) -> str:
    if sender == HOST:
        return HOST
    if sender == PANEL:
        return INSTRUCTOR
    user = state["users"].get(sender)
    if user is None:
        raise Rejected("unknown_sender", f"{shown(sender)} has not joined this room")
    return str(user["role"])


def _version_of(state: dict[str, Any], ref: Ref) -> int:
    table, key = ref
    if table == "clock":
        return int(state["clock"]["v"])
    row = state[table].get(key)
    return 0 if row is None else int(row["v"])


def _fresh(state: dict[str, Any], base: int, refs: list[Ref]) -> None:
    if base > state["version"]:
        raise Rejected("bad_version", f"base_version {base} is ahead of the room "
                                      f"({state['version']})")
    for ref in refs:
        if _version_of(state, ref) > base:
            what = "the clock" if ref[0] == "clock" else ref[1]
            raise Rejected("stale", f"{what} changed since version {base}: look again and "
                                    "retry")


def apply(state: dict[str, Any], intent: Any) -> tuple[dict[str, Any], list[Event]]:
    """Apply one intent; returns the next state and the events to broadcast.

    A rejected intent returns ``state`` itself (unchanged) and ``[{"type": "rejected",
    "code", "reason", ...}]``.
    """
    try:
        handler = _known(intent)
        role = _role(state, intent["sender"])
        if role not in handler.roles:
            raise Rejected("forbidden", f"a {role} cannot {intent['type']} "
                                        f"({', '.join(sorted(handler.roles))} can)")
        plan = handler.check(state, intent)
        _fresh(state, intent["base_version"], plan.refs)
    except Rejected as r:
        return state, [r.event(intent)]
    draft = Draft(state)
    events = handler.do(draft, intent, plan)
    head = {"type": "accepted", "intent": intent["type"], "sender": intent["sender"],
            "version": draft.version, "ref": intent.get("id")}
    return draft.state, [head, *events]


def accepted(events: list[Event]) -> bool:
    """True when the events of :func:`apply` say the intent was accepted."""
    return bool(events) and events[0]["type"] == "accepted"
