"""Moving items between places, keeping every back-reference in step.

A hand or a slot holds an item id; an item holds its location; a part is listed in its
parent's ``parts``. These functions are the only writers of those fields.
"""

from __future__ import annotations

from typing import Any

from scripts_py.room import places
from scripts_py.room.draft import Draft, deep_copy


def _detach(draft: Draft, item_id: str, location: str) -> None:
    parts = places.parse(location)
    if parts[0] == "hand":
        draft.edit("users", parts[1])["hands"][parts[2]] = None
    elif parts[0] == "slot":
        draft.edit("machines", parts[1])["slots"][parts[2]] = None
    elif parts[0] == "in":
        parent = draft.edit("items", parts[1])
        parent["parts"] = {k: v for k, v in parent["parts"].items() if v != item_id}


def _attach(draft: Draft, item_id: str, location: str, role: str) -> None:
    parts = places.parse(location)
    if parts[0] == "hand":
        draft.edit("users", parts[1])["hands"][parts[2]] = item_id
    elif parts[0] == "slot":
        draft.edit("machines", parts[1])["slots"][parts[2]] = item_id
    elif parts[0] == "in":
        draft.edit("items", parts[1])["parts"][role] = item_id


def move(draft: Draft, item_id: str, location: str, *, role: str = "part") -> dict[str, Any]:
    """Move an item to ``location`` (``role`` names it inside a parent item)."""
    item = draft.edit("items", item_id)
    old = item["location"]
    _detach(draft, item_id, old)
    _attach(draft, item_id, location, role)
    item["location"] = location
    item.pop("rest", None)  # a resting position is set by whoever puts the item down
    return {"type": "moved", "item": item_id, "from": old, "to": location}


def put_down(draft: Draft, item_id: str, place: str, point: list[float] | None
             ) -> dict[str, Any]:
    """Move an item to a surface; on the bench or the floor it rests at ``point`` [m]."""
    event = move(draft, item_id, place)
    if point is not None and place in places.RESTING:
        rest = places.clamp_to_room(point)
        draft.edit("items", item_id)["rest"] = rest
        event["rest"] = rest
    return event


def fresh(draft: Draft, item_id: str) -> list[dict[str, Any]]:
    """Return an item and its parts to their fresh state on the shelf (the recycle bin)."""
    events: list[dict[str, Any]] = []
    for part_id in list(draft.row("items", item_id)["parts"].values()):
        events.extend(fresh(draft, part_id))
    events.append(move(draft, item_id, places.SHELF))
    item = draft.edit("items", item_id)
    item["kind"] = item["origin"]
    item["history"] = []
    item["data"] = deep_copy(item["stock"])
    events.append({"type": "recycled", "item": item_id, "kind": item["kind"]})
    return events
