"""Powder premixer: the optional dry premix of the powders in their pot."""

from __future__ import annotations

from scripts_py.machines.base import Machine, Param, RunView, Slot, ceil_s
from scripts_py.room import kinds


class Premixer(Machine):
    """Dry-mixes the powders (speed, time)."""

    type = "premixer"
    title = "powder premixer"
    step = "premixing"
    params = (
        Param("speed_rpm", "rpm", 1000.0, 100.0, 10000.0, help="mixer speed"),
        Param("time_min", "min", 10.0, 0.5, 240.0, help="premixing time"),
    )
    slots = (Slot("pot", frozenset(kinds.DRY), "a mixing pot with dry powders"),)
    work_slot = "pot"
    output_kind = kinds.PREMIXED

    def duration_s(self, view: RunView) -> float:
        return ceil_s(60.0 * view.params["time_min"])


MACHINE = Premixer()
