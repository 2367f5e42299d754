"""Roll-to-roll coater with a comma bar and a two-zone drying oven.

Side A takes a pot of slurry and a foil roll (current-collector container) and coats half the
slurry on one side; side B coats the rest on the other side of the same foil. A run lasts
coated length / line speed; a pass ends where the 200 m foil roll does.
"""

from __future__ import annotations

from typing import Any, ClassVar

from battery_model import catalog
from scripts_py.line import history, physics
from scripts_py.machines.base import Machine, Param, RunContext, RunView, Slot, ceil_s
from scripts_py.room import kinds

SIDES = ("A", "B")
FOIL_ROLL_MM = 200_000.0  # length of a foil roll on the lab coater [mm]: a pass stops there


def _foil_um(view: RunView) -> float | None:
    """Foil thickness of this run [µm]: the screen value, the material's, or side A's."""
    if view.params["side"] == "B":
        a = history.side_a(view.work) if view.work else None
        return None if a is None else float(a["params"]["foil_thickness_um"])
    if view.params["foil_thickness_um"] is not None:
        return float(view.params["foil_thickness_um"])
    foil = view.material("foil")
    if foil is None:
        return None
    return float(catalog().components["current_collectors"][foil].get("default_thickness_um",
                                                                      15.0))


class Coater(Machine):
    """Coats a slurry onto a foil, one side per run."""

    type = "coater"
    title = "coater"
    step = "coating"
    params = (
        Param("side", "", "A", choices=SIDES, help="side of the foil to coat"),
        Param("comma_gap_um", "µm", 200.0, 10.0, 1000.0, help="comma-bar gap above the roll"),
        Param("line_speed_m_min", "m/min", 0.5, 0.01, 10.0, help="foil speed"),
        Param("oven_zone1_temp_c", "°C", 100.0, 20.0, 250.0, help="oven zone 1 temperature"),
        Param("oven_zone2_temp_c", "°C", 120.0, 20.0, 250.0, help="oven zone 2 temperature"),
        Param("width_mm", "mm", 58.0, 10.0, 300.0, help="coating width"),
        Param("foil_thickness_um", "µm", None, 5.0, 50.0,
              help="foil thickness (empty: the foil's usual thickness)"),
    )
    slots = (
        Slot("roll", frozenset({kinds.SLURRY, kinds.UNMIXED, kinds.ROLL_A, kinds.CALENDERED}),
             "a pot of slurry (side A) or a roll coated on side A (side B)"),
        Slot("foil", frozenset({kinds.CONTAINER}), "a foil roll (current collector)",
             group="current_collectors", required=False),
    )
    work_slot = "roll"
    materials: ClassVar[dict[str, str]] = {"foil": "foil"}

    def accepts(self, slot: Slot, item: dict[str, Any]) -> str | None:
        reason = super().accepts(slot, item)
        if reason is None and item["kind"] == kinds.CALENDERED and "B" in history.coated_sides(
                item):
            return f"both sides of {item['id']} are already coated"
        return reason

    def check_start(self, view: RunView) -> str | None:
        work, side = view.work, view.params["side"]
        assert work is not None
        if side == "A":
            if work["kind"] not in kinds.WET:
                return f"side A is coated from a pot of slurry; {work['id']} is already coated"
            if "foil" not in view.items:
                return "load a foil roll (Al or Cu current collector) to coat side A"
        elif work["kind"] in kinds.WET:
            return "coat side A first: side B is the back of a roll coated on side A"
        foil = _foil_um(view)
        if foil is not None and view.params["comma_gap_um"] <= foil:
            return (f"a comma gap of {view.params['comma_gap_um']:g} µm is not above the "
                    f"{foil:g} µm foil: nothing would be coated")
        return None

    def record(self, view: RunView) -> dict[str, Any]:
        rec = super().record(view)
        if view.params["side"] == "B":
            a = history.side_a(view.work) if view.work else None
            rec["foil"] = None if a is None else a["params"]["foil"]
        rec["foil_thickness_um"] = _foil_um(view)
        return rec

    def outputs(self, view: RunView) -> dict[str, Any]:
        work, p = view.work, view.params
        assert work is not None
        out: dict[str, Any] = {}
        if p["side"] == "A":
            length = physics.pass_length_mm(work, p["comma_gap_um"], p["width_mm"],
                                            _foil_um(view) or 0.0)
            if length > FOIL_ROLL_MM:
                out["slurry_for_mm"] = round(length, 3)
                length = FOIL_ROLL_MM
        else:
            length = physics.roll_length_mm(work)
        loading = physics.am_loading_mg_cm2(work, length, p["width_mm"])
        return {**out, "length_mm": round(length, 3),
                "wet_thickness_um": round(p["comma_gap_um"] - (_foil_um(view) or 0.0), 3),
                "am_loading_mg_cm2": None if loading is None else round(loading, 4)}

    def duration_s(self, view: RunView) -> float:
        length_m = view.out["length_mm"] / 1000.0
        return ceil_s(60.0 * length_m / view.params["line_speed_m_min"])

    def finish(self, ctx: RunContext) -> None:
        roll = ctx.item("roll")
        roll["kind"] = kinds.ROLL_A if ctx.params["side"] == "A" else kinds.ROLL_AB


MACHINE = Coater()
