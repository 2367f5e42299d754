"""Godot intents (what the user did) -> reducer intents (PROTOCOL.md, "Intents" table).

``translate`` returns the reducer intents to apply in order (usually one) or raises
:class:`~scripts_py.reducer.rejection.Rejected` with a reason the student can read. It only
reads the state to resolve what Godot names loosely (a shelf entry -> a stock item, the
potentiostat's main screen -> its channels); every decision stays with the reducer's gate.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from battery_model.errors import shown
from scripts_py.machines import MACHINE_TYPES
from scripts_py.reducer.rejection import Rejected
from scripts_py.room import kinds, places
from scripts_py.runtime.projection import LI_SHELF, POT_SHELF

Intent = dict[str, Any]
GODOT_INTENTS = ("grab", "take_from_shelf", "release", "put_on_shelf", "place_in_slot",
                 "set_param", "start_machine", "skip_time", "hand_to", "find_egg")


def _text(args: dict[str, Any], key: str, *, required: bool = True) -> str | None:
    value = args.get(key)
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise Rejected("malformed", f"{key} is required (text), got {shown(value)}")
    if isinstance(value, float):  # Godot sends every number as a float: slot 1.0 -> "1"
        value = int(value) if math.isfinite(value) and value.is_integer() else value
    return str(value)


def _hand(args: dict[str, Any]) -> dict[str, str]:
    hand = _text(args, "hand", required=False)
    return {} if hand is None else {"hand": hand}


def _machine(state: dict[str, Any], args: dict[str, Any]) -> tuple[str, Any]:
    mid = _text(args, "machine")
    assert mid is not None
    row = state["machines"].get(mid)
    if row is None:
        raise Rejected("no_such_machine", f"there is no machine {shown(mid)} in this room")
    return mid, MACHINE_TYPES[row["type"]]


def _number(value: Any) -> Any:
    """1.0 -> 1 (Godot's numbers are floats; the reducer checks whole-number settings)."""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return value


def shelf_item(state: dict[str, Any], material: str, wanted: str | None = None) -> str:
    """A stock item of shelf entry ``material`` that lies on the shelf."""
    items = state["items"]
    if wanted is not None and wanted in items and items[wanted]["location"] == places.SHELF:
        return wanted

    def matches(item: dict[str, Any]) -> bool:
        if material == POT_SHELF:
            return item["kind"] == kinds.EMPTY_POT
        if material == LI_SHELF:
            return item["kind"] == kinds.LI_METAL
        return item["kind"] == kinds.CONTAINER and item["data"].get("material") == material

    candidates = [i for i in items.values() if matches(i)]
    for item in candidates:
        if item["location"] == places.SHELF:
            return str(item["id"])
    if not candidates:
        raise Rejected("no_such_material", f"the shelves have no {shown(material)}")
    where = places.describe(candidates[0]["location"])
    raise Rejected("not_on_shelf", f"no {material.replace('_', ' ')} is left on the shelf "
                                   f"({candidates[0]['id']} is {where})")


def _grab(state: dict[str, Any], args: dict[str, Any]) -> list[Intent]:
    return [{"type": "take", "item": _text(args, "item"), **_hand(args)}]


def _take_from_shelf(state: dict[str, Any], args: dict[str, Any]) -> list[Intent]:
    material = _text(args, "material")
    assert material is not None
    item = shelf_item(state, material, _text(args, "item", required=False))
    return [{"type": "take", "item": item, **_hand(args)}]


def _release(state: dict[str, Any], args: dict[str, Any]) -> list[Intent]:
    """Let go: where the hand was (``position``) decides bench or floor, and where it rests."""
    point = args.get("position")
    if isinstance(point, list) and len(point) == 3:
        return [{"type": "put", "item": _text(args, "item"),
                 "place": places.resting_place(point), "position": [float(v) for v in point]}]
    return [{"type": "put", "item": _text(args, "item"), "place": places.BENCH}]


def _place(state: dict[str, Any], args: dict[str, Any], sender: str) -> list[Intent]:
    """Into a slot: the named item, else the sender's held item that the slot accepts."""
    item = _text(args, "item", required=False)
    mid, m = _machine(state, args)
    slot_name = _text(args, "slot")
    if item is None:
        user = state["users"].get(sender)
        held = [user["hands"][h] for h in ("right", "left")
                if user is not None and user["hands"].get(h) is not None]
        if not held:
            raise Rejected("not_holding", "your hands are empty: take something first")
        slot = m.slot(str(slot_name))
        fits = [i for i in held if slot is not None and m.accepts(slot, state["items"][i]) is None]
        item = fits[0] if fits else held[0]  # none fits: the reducer says why
    return [{"type": "load", "item": item, "machine": mid, "slot": slot_name}]


def _put_on_shelf(state: dict[str, Any], args: dict[str, Any], sender: str) -> list[Intent]:
    """Back on the shelf: only what came from it, unused (a container, an empty pot, Li)."""
    item_id = _text(args, "item")
    item = state["items"].get(item_id)
    if item is not None and (item["kind"] not in kinds.ORIGINS or item["history"]):
        raise Rejected("not_stock", f"only unused containers, empty pots and Li-metal "
                                    f"electrodes go back on the shelf; put {item_id} on the "
                                    "bench or into a machine")
    return [{"type": "put", "item": item_id, "place": places.SHELF}]


def _set_param(state: dict[str, Any], args: dict[str, Any]) -> list[Intent]:
    mid, m = _machine(state, args)
    name = _text(args, "name")
    assert name is not None
    if "value" not in args:
        raise Rejected("malformed", "set_param needs a value")
    value = _number(args["value"])
    slot = _text(args, "slot", required=False)
    intent = {"type": "set_params", "machine": mid, "params": {name: value}}
    if not m.per_slot_runs or slot is not None:
        return [{**intent, **({"slot": slot} if slot is not None else {})}]
    # the potentiostat's main screen sets every idle channel (each channel runs on its own)
    runs = state["machines"][mid]["runs"]
    idle = [s.name for s in m.slots if s.name not in runs]
    if not idle:
        raise Rejected("machine_busy", f"every channel of the {m.title} is running")
    return [{**intent, "slot": s} for s in idle]


def _start(state: dict[str, Any], args: dict[str, Any]) -> list[Intent]:
    mid, m = _machine(state, args)
    slot = _text(args, "slot", required=False)
    if not m.per_slot_runs or slot is not None:
        return [{"type": "start", "machine": mid, **({"slot": slot} if slot else {})}]
    # "Start test" on the main screen starts every loaded, idle channel with an untested cell
    # (or, when every loaded cell was tested already, re-tests them)
    row = state["machines"][mid]
    loaded = [s.name for s in m.slots if row["slots"][s.name] is not None
              and s.name not in row["runs"]]
    fresh = [s for s in loaded if state["items"][row["slots"][s]]["kind"] != kinds.TESTED]
    channels = fresh or loaded
    if not channels:
        raise Rejected("slot_empty", f"put a filled and sealed cell into a free {m.title} "
                                     "channel first")
    return [{"type": "start", "machine": mid, "slot": s} for s in channels]


def _skip(state: dict[str, Any], args: dict[str, Any]) -> list[Intent]:
    return [{"type": "skip_time", "seconds": _number(args.get("seconds"))}]


def _hand_to(state: dict[str, Any], args: dict[str, Any]) -> list[Intent]:
    return [{"type": "hand_to", "item": _text(args, "item"), "to": _text(args, "to")}]


def _find_egg(state: dict[str, Any], args: dict[str, Any]) -> list[Intent]:
    return [{"type": "find_egg", "egg": _text(args, "egg")}]


NEEDS_SENDER = (_place, _put_on_shelf)
TABLE: dict[str, Callable[..., list[Intent]]] = {
    "grab": _grab, "take_from_shelf": _take_from_shelf, "release": _release,
    "put_on_shelf": _put_on_shelf, "place_in_slot": _place, "set_param": _set_param,
    "start_machine": _start,
    "skip_time": _skip, "hand_to": _hand_to, "find_egg": _find_egg,
}


def translate(kind: Any, args: Any, state: dict[str, Any], *, sender: str,
              base_version: int, ref: str) -> list[Intent]:
    """The reducer intents for a Godot intent (raises ``Rejected``)."""
    handler = TABLE.get(kind) if isinstance(kind, str) else None
    if handler is None:
        raise Rejected("unknown_intent", f"unknown intent {shown(kind)} (known: "
                                         f"{', '.join(GODOT_INTENTS)})")
    if not isinstance(args, dict):
        raise Rejected("malformed", f"the args of {kind} must be an object")
    common = {"sender": sender, "base_version": max(0, int(base_version)), "id": ref}
    made = handler(state, args, sender) if handler in NEEDS_SENDER else handler(state, args)
    return [{**intent, **common} for intent in made]
