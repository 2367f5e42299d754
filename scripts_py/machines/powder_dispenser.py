"""Powder dispenser: fills an empty mixing pot with the chosen powders.

Screen: total dry mass [g] and the share of each material [wt%]; the materials are the
containers loaded in its active/additive/binder slots.
"""

from __future__ import annotations

from typing import Any, ClassVar

from scripts_py.machines.base import Machine, Param, RunView, Slot, ceil_s
from scripts_py.room import kinds

SECONDS_BASE = 60.0  # taring and closing the pot [s]
SECONDS_PER_G = 6.0  # dosing rate [s/g]


class PowderDispenser(Machine):
    """Dispenses powders into a pot."""

    type = "powder_dispenser"
    title = "powder dispenser"
    step = "dispensing"
    params = (
        Param("dry_mass_g", "g", 20.0, 0.1, 500.0, help="total mass of powders"),
        Param("active_wt_pct", "wt%", 90.0, 1.0, 100.0, help="share of active material"),
        Param("additive_wt_pct", "wt%", 5.0, 0.0, 100.0, help="share of conductive additive"),
        Param("binder_wt_pct", "wt%", 5.0, 0.0, 100.0, help="share of binder"),
    )
    slots = (
        Slot("pot", frozenset({kinds.EMPTY_POT}), "an empty mixing pot"),
        Slot("active", frozenset({kinds.CONTAINER}), "a container of active material",
             group="active_materials"),
        Slot("additive", frozenset({kinds.CONTAINER}), "a container of conductive additive",
             group="conductive_additives", required=False),
        Slot("binder", frozenset({kinds.CONTAINER}), "a container of binder", group="binders"),
    )
    work_slot = "pot"
    output_kind = kinds.POWDERS
    materials: ClassVar[dict[str, str]] = {
        "active_material": "active", "conductive_additive": "additive", "binder": "binder"}

    def check_start(self, view: RunView) -> str | None:
        p = view.params
        total = p["active_wt_pct"] + p["additive_wt_pct"] + p["binder_wt_pct"]
        if abs(total - 100.0) > 0.01:
            return f"the shares must add up to 100 wt%, they add up to {total:g} wt%"
        if p["additive_wt_pct"] > 0 and "additive" not in view.items:
            return "load a container of conductive additive, or set additive_wt_pct to 0"
        return None

    def duration_s(self, view: RunView) -> float:
        return ceil_s(SECONDS_BASE + SECONDS_PER_G * view.params["dry_mass_g"])

    def outputs(self, view: RunView) -> dict[str, Any]:
        p = view.params
        return {f"{k}_g": round(p["dry_mass_g"] * p[f"{k}_wt_pct"] / 100.0, 4)
                for k in ("active", "additive", "binder")}


MACHINE = PowderDispenser()
