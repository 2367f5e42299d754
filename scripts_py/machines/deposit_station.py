"""Deposit station: stores a tested cell's result in the room, then returns its parts.

The room keeps the record (who, when, spec, result); the pot and foil go back to the shelf
fresh, like the recycle bin does, so a class never runs out of pots.
"""

from __future__ import annotations

from scripts_py.machines.base import Machine, RunContext, RunView, Slot
from scripts_py.room import kinds
from scripts_py.room.moves import fresh


class DepositStation(Machine):
    """Records a tested cell (starts by itself when a cell is loaded)."""

    type = "deposit_station"
    title = "deposit station"
    step = "deposit"
    slots = (Slot("cell", frozenset({kinds.TESTED}), "a tested cell"),)
    work_slot = "cell"
    auto_start = True

    def duration_s(self, view: RunView) -> float:
        return 0.0

    def finish(self, ctx: RunContext) -> None:
        cell = ctx.draft.row("items", ctx.slots["cell"])
        deposits = ctx.draft.section("deposits")
        record = {"n": len(deposits) + 1, "item": cell["id"], "by": ctx.user,
                  "sim_time_s": ctx.now_s, "serial": cell["data"].get("serial"),
                  "c_rate": cell["data"].get("c_rate"), "spec": cell["data"].get("spec"),
                  "result": cell["data"].get("result"), "error": cell["data"].get("error"),
                  "consequences": cell["data"].get("consequences"),
                  "line_mistakes": cell["data"].get("line_mistakes")}
        deposits.append(record)
        ctx.out["deposit"] = record["n"]
        ctx.events.append({"type": "deposited", "n": record["n"], "item": cell["id"]})
        ctx.events.extend(fresh(ctx.draft, cell["id"]))


MACHINE = DepositStation()
