"""Recycle bin: returns any item (and its parts) to its fresh state on the shelf."""

from __future__ import annotations

from scripts_py.machines.base import Machine, RunContext, RunView, Slot
from scripts_py.room import kinds
from scripts_py.room.moves import fresh


class RecycleBin(Machine):
    """Resets an item: a pot comes back empty, a Li-metal electrode new (starts by itself)."""

    type = "recycle_bin"
    title = "recycle bin"
    step = "recycling"
    slots = (Slot("item", frozenset(kinds.TITLES), "any item"),)
    work_slot = "item"
    auto_start = True

    def duration_s(self, view: RunView) -> float:
        return 0.0

    def finish(self, ctx: RunContext) -> None:
        ctx.events.extend(fresh(ctx.draft, ctx.slots["item"]))


MACHINE = RecycleBin()
