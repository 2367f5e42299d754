"""Solvent filler: weighs solvent from the loaded solvent container into the pot."""

from __future__ import annotations

from typing import Any, ClassVar

from scripts_py.line import physics
from scripts_py.machines.base import Machine, Param, RunView, Slot, ceil_s
from scripts_py.room import kinds

SECONDS_BASE = 60.0  # placing and taring [s]
SECONDS_PER_G = 3.0  # pouring rate [s/g]


class SolventFiller(Machine):
    """Adds a mass of solvent to the powders (or to a slurry, which must then be mixed)."""

    type = "solvent_filler"
    title = "solvent filler"
    step = "solvent_filling"
    params = (Param("solvent_mass_g", "g", 15.0, 0.1, 500.0, help="mass of solvent added"),)
    slots = (
        Slot("pot", frozenset(kinds.DRY | kinds.WET), "a mixing pot with powders"),
        Slot("solvent", frozenset({kinds.CONTAINER}), "a solvent container", group="solvents"),
    )
    work_slot = "pot"
    output_kind = kinds.UNMIXED
    materials: ClassVar[dict[str, str]] = {"solvent": "solvent"}

    def duration_s(self, view: RunView) -> float:
        return ceil_s(SECONDS_BASE + SECONDS_PER_G * view.params["solvent_mass_g"])

    def outputs(self, view: RunView) -> dict[str, Any]:
        work = view.work or {"history": []}
        masses = physics.component_masses_g(work)
        if masses is None:
            return {}
        dry = sum(masses.values())
        solvent = physics.solvent_mass_g(work) + view.params["solvent_mass_g"]
        return {"solid_content_wt_pct": round(100.0 * dry / (dry + solvent), 3)}


MACHINE = SolventFiller()
