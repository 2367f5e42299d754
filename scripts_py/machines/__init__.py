"""One module per machine of the pilot line, all behind :class:`~.base.Machine`.

``MACHINE_TYPES`` maps a machine type to its module's instance; ``LAYOUT`` lists the machines
of a room (two slurry mixers) by id.
"""

from __future__ import annotations

from scripts_py.machines import (
    calender,
    coater,
    deposit_station,
    filler_sealer,
    mixer,
    potentiostat,
    powder_dispenser,
    premixer,
    recycle_bin,
    slitter,
    solvent_filler,
    welder,
    winder,
)
from scripts_py.machines.base import Machine, Param, Slot

MACHINE_TYPES: dict[str, Machine] = {m.MACHINE.type: m.MACHINE for m in (
    powder_dispenser, premixer, solvent_filler, mixer, coater, calender, slitter, winder,
    welder, filler_sealer, potentiostat, deposit_station, recycle_bin)}

LAYOUT: tuple[tuple[str, str], ...] = (
    ("powder_dispenser", "powder_dispenser"),
    ("premixer", "premixer"),
    ("solvent_filler", "solvent_filler"),
    ("mixer_1", "mixer"),
    ("mixer_2", "mixer"),
    ("coater", "coater"),
    ("calender", "calender"),
    ("slitter", "slitter"),
    ("winder", "winder"),
    ("welder", "welder"),
    ("filler_sealer", "filler_sealer"),
    ("potentiostat", "potentiostat"),
    ("deposit_station", "deposit_station"),
    ("recycle_bin", "recycle_bin"),
)


def machine_of(state: dict, machine_id: str) -> Machine:
    """The module instance behind a machine of the room."""
    return MACHINE_TYPES[state["machines"][machine_id]["type"]]


__all__ = ["LAYOUT", "MACHINE_TYPES", "Machine", "Param", "Slot", "machine_of"]
