"""Putting a room state under new management: the users present now replace the saved ones.

Used when a saved room is loaded or a room is reset while people are in it: what the saved
users held goes to the bench, the current users come in with empty hands, and the version
moves past both states so no intent based on either can be mistaken as fresh.
"""

from __future__ import annotations

from typing import Any

from scripts_py.room import places
from scripts_py.room.draft import Draft
from scripts_py.room.moves import move


def with_users(state: dict[str, Any], users: dict[str, dict[str, Any]], *,
               min_version: int) -> dict[str, Any]:
    """``state`` with its users replaced by empty-handed copies of ``users``."""
    base = {**state, "version": max(int(state["version"]), min_version)}
    draft = Draft(base)
    for uid in list(base["users"]):
        for item in base["users"][uid]["hands"].values():
            if item is not None:
                move(draft, item, places.BENCH)
        draft.remove("users", uid)
    for uid, user in users.items():
        draft.add("users", uid, {"id": uid, "name": user["name"], "role": user["role"],
                                 "hands": dict.fromkeys(places.HANDS)})
    return draft.state
