"""Slurry mixer (the room has two): disperses the powders in the solvent."""

from __future__ import annotations

from scripts_py.machines.base import Machine, Param, RunView, Slot, ceil_s
from scripts_py.room import kinds


class Mixer(Machine):
    """Planetary disperser (dispersion speed, time)."""

    type = "mixer"
    title = "slurry mixer"
    step = "mixing"
    params = (
        Param("dispersion_speed_rpm", "rpm", 1500.0, 100.0, 10000.0,
              help="speed of the dispersion disc"),
        Param("time_min", "min", 60.0, 1.0, 600.0, help="mixing time"),
    )
    slots = (Slot("pot", frozenset(kinds.WET), "a mixing pot with powders and solvent"),)
    work_slot = "pot"
    output_kind = kinds.SLURRY

    def duration_s(self, view: RunView) -> float:
        return ceil_s(60.0 * view.params["time_min"])


MACHINE = Mixer()
