"""Where an item is: exactly one location string per item.

``shelf`` | ``bench`` | ``hand:<user>:<left|right>`` | ``slot:<machine>:<slot>`` |
``in:<item>`` (a part of another item, e.g. the negative electrode inside a jelly roll).
"""

from __future__ import annotations

SHELF = "shelf"
BENCH = "bench"
SURFACES = (SHELF, BENCH)
HANDS = ("left", "right")


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
        return f"in the {parts[1].replace('_', ' ')} ({parts[2]} slot)"
    if parts[0] == "in":
        return f"inside {parts[1]}"
    return f"on the {parts[0]}"
