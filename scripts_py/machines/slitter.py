"""Slitter: cuts the coated roll into an electrode strip (no settings)."""

from __future__ import annotations

from scripts_py.line import physics
from scripts_py.machines.base import Machine, RunView, Slot, ceil_s
from scripts_py.room import kinds

SETUP_S = 120.0  # threading the roll [s]
SPEED_M_MIN = 5.0  # slitting speed [m/min]


class Slitter(Machine):
    """Slits a roll; a run lasts set-up plus length / slitting speed."""

    type = "slitter"
    title = "slitter"
    step = "slitting"
    slots = (Slot("roll", frozenset(kinds.ROLLS), "a coated roll"),)
    work_slot = "roll"
    output_kind = kinds.SLIT

    def duration_s(self, view: RunView) -> float:
        length_m = physics.roll_length_mm(view.work or {"history": []}) / 1000.0
        return ceil_s(SETUP_S + 60.0 * length_m / SPEED_M_MIN)


MACHINE = Slitter()
