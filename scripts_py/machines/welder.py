"""Welder: welds the current-collector tabs of a jelly roll (no settings)."""

from __future__ import annotations

from scripts_py.machines.base import Machine, RunView, Slot
from scripts_py.room import kinds

WELD_S = 180.0  # both tabs, ultrasonic [s]


class Welder(Machine):
    """Welds the tabs of a jelly roll."""

    type = "welder"
    title = "welder"
    step = "welding"
    slots = (Slot("cell", frozenset({kinds.JELLY_ROLL}), "a jelly roll"),)
    work_slot = "cell"
    output_kind = kinds.WELDED

    def duration_s(self, view: RunView) -> float:
        return WELD_S


MACHINE = Welder()
