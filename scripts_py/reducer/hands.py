"""Intents that move items: take, put, hand_to, load."""

from __future__ import annotations

from typing import Any

from battery_model.errors import shown
from scripts_py.machines import machine_of, runner
from scripts_py.reducer.intents import ACTORS, Event, Handler, Plan
from scripts_py.reducer.rejection import Rejected
from scripts_py.reducer.schema import ident, one_of, point
from scripts_py.room import kinds, places
from scripts_py.room.draft import Draft
from scripts_py.room.moves import move, put_down


def item_of(state: dict[str, Any], item_id: str) -> dict[str, Any]:
    """The item, or a ``no_such_item`` rejection."""
    item = state["items"].get(item_id)
    if item is None:
        raise Rejected("no_such_item", f"there is no item {shown(item_id)} in this room")
    return item


def held(state: dict[str, Any], intent: dict[str, Any]) -> dict[str, Any]:
    """The item the sender holds, or a ``not_holding`` rejection."""
    item = item_of(state, intent["item"])
    parts = places.parse(item["location"])
    if parts[0] != "hand" or parts[1] != intent["sender"]:
        raise Rejected("not_holding", f"you are not holding {item['id']} (it is "
                                      f"{places.describe(item['location'])})")
    return item


def free_hand(state: dict[str, Any], user: str, wanted: str | None = None) -> str:
    """A free hand of ``user`` (the ``wanted`` one if given)."""
    hands = state["users"][user]["hands"]
    if wanted is not None:
        if hands[wanted] is not None:
            raise Rejected("hand_full", f"{user}'s {wanted} hand holds {hands[wanted]}")
        return wanted
    for side in places.HANDS:
        if hands[side] is None:
            return side
    raise Rejected("hands_full", f"{user}'s hands are full: put something down first")


def _check_take(state: dict[str, Any], intent: dict[str, Any]) -> Plan:
    item = item_of(state, intent["item"])
    sender = intent["sender"]
    refs = [("items", item["id"]), ("users", sender)]
    parts = places.parse(item["location"])
    if parts[0] == "hand":
        if parts[1] == sender:
            raise Rejected("already_holding", f"you already hold {item['id']}")
        raise Rejected("held_by_other", f"{parts[1]} holds {item['id']}: ask them to hand it "
                                        "to you")
    if parts[0] == "in":
        raise Rejected("part_of", f"{item['id']} is inside {parts[1]}")
    if parts[0] == "slot":
        m = machine_of(state, parts[1])
        if m.channel_of(parts[2]) in state["machines"][parts[1]]["runs"]:
            raise Rejected("machine_busy", f"the {m.title} is working on {item['id']}: wait "
                                           "until it finishes")
        refs.append(("machines", parts[1]))
    return Plan(refs, free_hand(state, sender, intent.get("hand")))


def _do_take(draft: Draft, intent: dict[str, Any], plan: Plan) -> list[Event]:
    return [move(draft, intent["item"], places.hand(intent["sender"], plan.payload))]


def _check_put(state: dict[str, Any], intent: dict[str, Any]) -> Plan:
    item = held(state, intent)
    return Plan([("items", item["id"]), ("users", intent["sender"])])


def _do_put(draft: Draft, intent: dict[str, Any], plan: Plan) -> list[Event]:
    return [put_down(draft, intent["item"], intent["place"], intent.get("position"))]


def _check_hand_to(state: dict[str, Any], intent: dict[str, Any]) -> Plan:
    item = held(state, intent)
    to = intent["to"]
    user = state["users"].get(to)
    if user is None or to == intent["sender"]:
        raise Rejected("no_such_user", f"there is no one else called {shown(to)} in this room")
    if user["role"] not in ACTORS:
        raise Rejected("forbidden", f"{to} is observing and cannot take items")
    side = free_hand(state, to)
    return Plan([("items", item["id"]), ("users", intent["sender"]), ("users", to)], side)


def _do_hand_to(draft: Draft, intent: dict[str, Any], plan: Plan) -> list[Event]:
    return [move(draft, intent["item"], places.hand(intent["to"], plan.payload))]


def _check_load(state: dict[str, Any], intent: dict[str, Any]) -> Plan:
    item = held(state, intent)
    mid, slot_name = intent["machine"], intent["slot"]
    row = state["machines"].get(mid)
    if row is None:
        raise Rejected("no_such_machine", f"there is no machine {shown(mid)} in this room")
    m = machine_of(state, mid)
    slot = m.slot(slot_name)
    if slot is None:
        names = ", ".join(s.name for s in m.slots)
        raise Rejected("no_such_slot", f"the {m.title} has no slot {shown(slot_name)} ({names})")
    if row["slots"][slot_name] is not None:
        raise Rejected("slot_occupied", f"the {m.title} {slot_name} slot already holds "
                                        f"{row['slots'][slot_name]}")
    if m.channel_of(slot_name) in row["runs"]:
        raise Rejected("machine_busy", f"the {m.title} is running: wait until it finishes")
    reason = m.accepts(slot, item)
    if reason:
        raise Rejected("not_accepted", reason)
    return Plan([("items", item["id"]), ("users", intent["sender"]), ("machines", mid)])


def _do_load(draft: Draft, intent: dict[str, Any], plan: Plan) -> list[Event]:
    mid, slot_name = intent["machine"], intent["slot"]
    events = [move(draft, intent["item"], places.slot(mid, slot_name))]
    m = machine_of(draft.state, mid)
    if m.auto_start:
        try:
            view = runner.prepare(draft.state, mid, m.channel_of(slot_name), {},
                                  intent["sender"])
        except Rejected as r:
            return [*events, {"type": "waiting", "machine": mid, "reason": r.reason}]
        events += runner.start(draft, view)
    return events


ITEM_KINDS = tuple(kinds.TITLES)
HANDLERS = {
    "take": Handler({"item": (ident, True), "hand": (one_of(*places.HANDS), False)}, ACTORS,
                    _check_take, _do_take, "pick an item up from a shelf, bench or idle slot"),
    "put": Handler({"item": (ident, True), "place": (one_of(*places.SURFACES), True),
                    "position": (point, False)}, ACTORS, _check_put, _do_put,
                   "put a held item on the shelf, or at a position on the bench or floor"),
    "hand_to": Handler({"item": (ident, True), "to": (ident, True)}, ACTORS, _check_hand_to,
                       _do_hand_to, "hand a held item to another user"),
    "load": Handler({"item": (ident, True), "machine": (ident, True), "slot": (ident, True)},
                    ACTORS, _check_load, _do_load, "put a held item into a machine slot"),
}
