"""Intents about people and the room: join, leave, write_notebook, find_egg."""

from __future__ import annotations

from typing import Any

from battery_model.errors import shown
from scripts_py.reducer.intents import ACTORS, HOST, INSTRUCTOR, ROLES, Event, Handler, Plan
from scripts_py.reducer.rejection import Rejected
from scripts_py.reducer.schema import flag, hand_points, ident, index, one_of, point, text
from scripts_py.room import places
from scripts_py.room.draft import Draft
from scripts_py.room.limits import (
    EGG_MESSAGE_MAX_CHARS,
    EGG_TITLE_MAX_CHARS,
    EGG_WHERE_MAX_CHARS,
    EGGS_MAX,
    NOTEBOOK_TEXT_MAX_CHARS,
    NOTEBOOK_TITLE_MAX_CHARS,
    USER_NAME_MAX_CHARS,
)
from scripts_py.room.moves import put_down
from scripts_py.room.state import NOTEBOOKS

MAX_USERS = 6  # per room, as in the paper (observers do not count)


def _check_join(state: dict[str, Any], intent: dict[str, Any]) -> Plan:
    user = intent["user"]
    if user == HOST or user in state["users"]:
        raise Rejected("user_exists", f"{shown(user)} is already in this room")
    active = sum(1 for u in state["users"].values() if u["role"] in ACTORS)
    if intent["role"] in ACTORS and active >= MAX_USERS:
        raise Rejected("room_full", f"this room already has {MAX_USERS} users")
    return Plan([])


def _do_join(draft: Draft, intent: dict[str, Any], plan: Plan) -> list[Event]:
    draft.add("users", intent["user"], {"id": intent["user"], "name": intent["name"],
                                        "role": intent["role"],
                                        "hands": dict.fromkeys(places.HANDS)})
    return [{"type": "joined", "user": intent["user"], "role": intent["role"]}]


def _check_leave(state: dict[str, Any], intent: dict[str, Any]) -> Plan:
    if intent["user"] not in state["users"]:
        raise Rejected("no_such_user", f"{shown(intent['user'])} is not in this room")
    return Plan([("users", intent["user"])])


def _do_leave(draft: Draft, intent: dict[str, Any], plan: Plan) -> list[Event]:
    """Held items are put down where the hands were last seen (``at``), else on the bench."""
    user = intent["user"]
    seen = intent.get("at") or {}
    events = []
    for hand, item in draft.row("users", user)["hands"].items():
        if item is None:
            continue
        point = seen.get(hand)
        place = places.resting_place(point) if point is not None else places.BENCH
        events.append(put_down(draft, item, place, point))
    draft.remove("users", user)
    return [*events, {"type": "left", "user": user}]


def _check_notebook(state: dict[str, Any], intent: dict[str, Any]) -> Plan:
    return Plan([])


def _do_notebook(draft: Draft, intent: dict[str, Any], plan: Plan) -> list[Event]:
    books = draft.section("notebooks")
    book = books[intent["index"]]
    book["text"] = intent["text"]
    if "title" in intent:
        book["title"] = intent["title"]
    return [{"type": "notebook", "index": intent["index"], "title": book["title"]}]


def _check_egg(state: dict[str, Any], intent: dict[str, Any]) -> Plan:
    egg = state["easter_eggs"].get(intent["egg"])
    if egg is None:
        raise Rejected("no_such_egg", "nothing is hidden there")
    if egg["found_by"] is not None:
        raise Rejected("already_found", f"{egg['found_by']} already found this one")
    return Plan([])


def _do_egg(draft: Draft, intent: dict[str, Any], plan: Plan) -> list[Event]:
    egg = draft.section("easter_eggs")[intent["egg"]]
    egg["found_by"] = intent["sender"]
    egg["found_at_s"] = draft.state["clock"]["now_s"]
    return [{"type": "egg_found", "egg": intent["egg"], "by": intent["sender"],
             "title": egg["title"], "message": egg["message"]}]


_EGG_TEXTS = (("title", EGG_TITLE_MAX_CHARS), ("where", EGG_WHERE_MAX_CHARS),
              ("message", EGG_MESSAGE_MAX_CHARS))


def _eggs(value: Any) -> str | None:
    """A list of up to EGGS_MAX eggs ``{id, title, where, message}`` with unique ids."""
    if not isinstance(value, list) or len(value) > EGGS_MAX:
        return f"must be a list of at most {EGGS_MAX} eggs"
    seen = set()
    for i, egg in enumerate(value):
        if not isinstance(egg, dict) or ident(egg.get("id")) is not None or egg["id"] in seen:
            return f"egg {i}: needs a unique id (1-64 letters, digits, _ . -)"
        seen.add(egg["id"])
        for key, limit in _EGG_TEXTS:
            problem = text(limit)(egg.get(key, ""))
            if problem:
                return f"egg {i} {key}: {problem}"
        if "position" in egg and point(egg["position"]) is not None:
            return f"egg {i} position: {point(egg['position'])}"
    return None


def _do_eggs(draft: Draft, intent: dict[str, Any], plan: Plan) -> list[Event]:
    """New egg texts; an egg that stays (same id) keeps who found it."""
    old = draft.state["easter_eggs"]
    draft.state["easter_eggs"] = {
        e["id"]: {**{k: str(e.get(k, "")) for k, _ in _EGG_TEXTS},
                  "found_by": old.get(e["id"], {}).get("found_by"),
                  "found_at_s": old.get(e["id"], {}).get("found_at_s"),
                  **({"position": [float(v) for v in e["position"]]} if "position" in e
                     else {})}
        for e in intent["eggs"]}
    return [{"type": "eggs", "count": len(intent["eggs"])}]


SETTINGS = ("student_skip", "paper_model")


def _check_settings(state: dict[str, Any], intent: dict[str, Any]) -> Plan:
    if not any(k in intent for k in SETTINGS):
        raise Rejected("nothing_to_set", f"name at least one of {', '.join(SETTINGS)}")
    return Plan([])


def _check_nothing(state: dict[str, Any], intent: dict[str, Any]) -> Plan:
    return Plan([])


def _do_settings(draft: Draft, intent: dict[str, Any], plan: Plan) -> list[Event]:
    changed = {k: bool(intent[k]) for k in SETTINGS if k in intent}
    draft.state["settings"] = {**draft.state.get("settings", {}), **changed}
    return [{"type": "settings", **changed}]


HANDLERS = {
    "join": Handler({"user": (ident, True), "name": (text(USER_NAME_MAX_CHARS), True),
                     "role": (one_of(*ROLES), True)}, frozenset({HOST}), _check_join, _do_join,
                    "the host lets a user into the room"),
    "leave": Handler({"user": (ident, True), "at": (hand_points, False)}, frozenset({HOST}),
                     _check_leave, _do_leave,
                     "a user leaves; what they held goes to the bench"),
    "write_notebook": Handler({"index": (index(NOTEBOOKS), True),
                               "text": (text(NOTEBOOK_TEXT_MAX_CHARS, multiline=True), True),
                               "title": (text(NOTEBOOK_TITLE_MAX_CHARS), False)},
                              frozenset({INSTRUCTOR, HOST}),
                              _check_notebook, _do_notebook, "write one of the five notebooks"),
    "set_room_settings": Handler({"student_skip": (flag, False), "paper_model": (flag, False)},
                                 frozenset({INSTRUCTOR, HOST}), _check_settings, _do_settings,
                                 "the instructor allows or forbids students to skip time, or "
                                 "keeps the paper's model (mistakes give feedback only)"),
    "set_eggs": Handler({"eggs": (_eggs, True)}, frozenset({INSTRUCTOR, HOST}),
                        _check_nothing, _do_eggs,
                        "new Easter egg texts from the content (found ones stay found)"),
    "find_egg": Handler({"egg": (ident, True)}, ACTORS, _check_egg, _do_egg,
                        "find a hidden Easter egg"),
}
