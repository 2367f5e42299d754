"""Degas, fill and seal: the jelly roll goes into its can with the electrolyte.

The electrolyte volume is the model's (eq. 15: pores plus 10 %); the cell gets a serial
number drawn from the room's seeded random numbers.
"""

from __future__ import annotations

from typing import Any, ClassVar

from battery_model import SpecError, evaluate_cell
from scripts_py.line import cellspec
from scripts_py.machines.base import Machine, RunContext, RunView, Slot
from scripts_py.room import kinds
from scripts_py.room.rng import draw_bits

DEGAS_S = 1800.0  # vacuum degassing [s]
FILL_S = 600.0  # dosing the electrolyte [s]
SEAL_S = 300.0  # crimping the cap [s]


class FillerSealer(Machine):
    """Degasses, fills with electrolyte and seals a cell."""

    type = "filler_sealer"
    title = "degas, fill and seal station"
    step = "filling"
    slots = (
        Slot("cell", frozenset({kinds.WELDED, kinds.JELLY_ROLL}), "a welded jelly roll"),
        Slot("electrolyte", frozenset({kinds.CONTAINER}), "an electrolyte bottle",
             group="electrolytes"),
    )
    work_slot = "cell"
    output_kind = kinds.SEALED
    materials: ClassVar[dict[str, str]] = {"electrolyte": "electrolyte"}

    def duration_s(self, view: RunView) -> float:
        return DEGAS_S + FILL_S + SEAL_S

    def outputs(self, view: RunView) -> dict[str, Any]:
        cell = view.work
        assert cell is not None
        try:
            spec = cellspec.cell_spec(cell, view.state["items"])
            spec["electrolyte"] = view.material("electrolyte")
            ml = evaluate_cell(spec, gcpl=False).electrolyte_ml
        except (SpecError, ArithmeticError, ValueError):
            return {"electrolyte_ml": None}
        return {"electrolyte_ml": round(ml, 4)}

    def finish(self, ctx: RunContext) -> None:
        cell = ctx.item("cell")
        cell["kind"] = kinds.SEALED
        serial = f"BMM-{draw_bits(ctx.draft.section('rng'), 24):06X}"
        cell["data"] = {**cell["data"], "serial": serial}
        ctx.out["serial"] = serial


MACHINE = FillerSealer()
