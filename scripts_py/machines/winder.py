"""Winder: winds a positive and a negative electrode with two separator layers.

The negative slot also takes a prefabricated lithium-metal electrode (half cell). The jelly
roll is trimmed to the shorter electrode and to the most the can holds (eq. 13); its length
comes from ``battery_model``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from battery_model import SpecError, catalog, evaluate_cell
from scripts_py.line import cellspec
from scripts_py.machines.base import Machine, Param, RunContext, RunView, Slot, ceil_s
from scripts_py.room import kinds, places

SETUP_S = 120.0  # mounting the mandrel [s]
SPEED_M_MIN = 2.0  # winding speed [m/min]


class Winder(Machine):
    """Winds the jelly roll; a run lasts set-up plus trimmed length / winding speed."""

    type = "winder"
    title = "winder"
    step = "winding"
    params = (
        Param("format", "", "18650", choices=("18650", "21700"), help="cell format (can)"),
        Param("separator_thickness_um", "µm", None, 5.0, 100.0,
              help="separator thickness (empty: the separator's usual thickness)"),
        Param("separator_porosity", "", None, 0.05, 0.95,
              help="separator porosity (empty: the separator's usual porosity)"),
    )
    slots = (
        Slot("positive", frozenset({kinds.SLIT} | kinds.ROLLS), "a slit electrode"),
        Slot("negative", frozenset({kinds.SLIT, kinds.LI_METAL} | kinds.ROLLS),
             "a slit electrode or a lithium-metal electrode"),
        Slot("separator", frozenset({kinds.CONTAINER}), "a separator roll", group="separators"),
    )
    work_slot = "positive"
    output_kind = kinds.JELLY_ROLL
    materials: ClassVar[dict[str, str]] = {"separator": "separator"}

    def record(self, view: RunView) -> dict[str, Any]:
        rec = super().record(view)
        sep = catalog().components["separators"][rec["separator"]]
        if rec["separator_thickness_um"] is None:
            rec["separator_thickness_um"] = float(sep.get("default_thickness_um", 20.0))
        if rec["separator_porosity"] is None:
            rec["separator_porosity"] = float(sep.get("default_porosity", 0.45))
        return rec

    def _spec(self, view: RunView) -> dict[str, Any]:
        return cellspec.assemble(view.items["positive"], view.items["negative"],
                                 self.record(view), None)

    def check_start(self, view: RunView) -> str | None:
        try:
            evaluate_cell(self._spec(view), gcpl=False)
        except (SpecError, ArithmeticError) as exc:  # the model's limits, not a crash
            return f"these electrodes cannot be wound: {exc}"
        return None

    def outputs(self, view: RunView) -> dict[str, Any]:
        r = evaluate_cell(self._spec(view), gcpl=False)
        return {"length_mm": round(r.positive.length_mm, 3),
                "max_length_mm": round(r.max_length_mm, 3),
                "stack_thickness_um": round(r.stack_thickness_um, 3)}

    def duration_s(self, view: RunView) -> float:
        return ceil_s(SETUP_S + 60.0 * view.out["length_mm"] / 1000.0 / SPEED_M_MIN)

    def finish(self, ctx: RunContext) -> None:
        ctx.item("positive")["kind"] = kinds.JELLY_ROLL
        ctx.move(ctx.slots["negative"], places.inside(ctx.slots["positive"]), role="negative")


MACHINE = Winder()
