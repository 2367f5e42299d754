"""Where an item is: exactly one location string per item.

``shelf`` | ``bench`` | ``floor`` | ``hand:<user>:<left|right>`` | ``slot:<machine>:<slot>`` |
``in:<item>`` (a part of another item, e.g. the negative electrode inside a jelly roll).
An item put down on the bench or the floor may also carry where it rests: ``rest`` [x, y, z]
in metres, clamped to the room.
"""

from __future__ import annotations

SHELF = "shelf"
BENCH = "bench"
FLOOR = "floor"
SURFACES = (SHELF, BENCH, FLOOR)
RESTING = (BENCH, FLOOR)  # places where an item keeps a position
HANDS = ("left", "right")
ROOM_HALF_X_M = 9.0  # the dry room is 18 x 13 m around the origin, 3 m high
ROOM_HALF_Z_M = 6.5
ROOM_HEIGHT_M = 3.0
BENCH_MIN_Y_M = 0.5  # put down above this: on a bench or table; below: on the floor


def clamp_to_room(point: list[float]) -> list[float]:
    """A point [x, y, z] [m] moved inside the room (the floor is y = 0)."""
    x, y, z = (float(v) for v in point[:3])
    return [round(min(max(x, -ROOM_HALF_X_M), ROOM_HALF_X_M), 3),
            round(min(max(y, 0.0), ROOM_HEIGHT_M), 3),
            round(min(max(z, -ROOM_HALF_Z_M), ROOM_HALF_Z_M), 3)]


def resting_place(point: list[float]) -> str:
    """Where an item let go at ``point`` comes to rest: the bench (or a table) or the floor."""
    return BENCH if point[1] >= BENCH_MIN_Y_M else FLOOR


def hand(user: str, side: str) -> str:
    """Location of a user's hand."""
    return f"hand:{user}:{side}"


def slot(machine: str, name: str) -> str:
    """Location of a machine slot."""
    return f"slot:{machine}:{name}"


def inside(item_id: str) -> str:
    """Location of a part inside another item."""
    return f"in:{item_id}"


def parse(location: str) -> tuple[str, ...]:
    """Split a location into its kind and ids, e.g. ``("slot", "coater", "roll")``."""
    return tuple(location.split(":"))


def describe(location: str) -> str:
    """Readable place, e.g. ``in the coater (roll slot)``."""
    parts = parse(location)
    if parts[0] == "hand":
        return f"in {parts[1]}'s {parts[2]} hand"
    if parts[0] == "slot":
        where = f"channel {parts[2]}" if parts[2].isdigit() else f"{parts[2]} slot"
        return f"in the {parts[1].replace('_', ' ')} ({where})"
    if parts[0] == "in":
        return f"inside {parts[1]}"
    return f"on the {parts[0]}"
