"""Calender: presses a coated roll between two heated rolls (gap, speed, temperature)."""

from __future__ import annotations

from scripts_py.line import history, physics
from scripts_py.machines.base import Machine, Param, RunView, Slot, ceil_s
from scripts_py.room import kinds


class Calender(Machine):
    """One calender pass; a run lasts roll length / line speed."""

    type = "calender"
    title = "calender"
    step = "calendering"
    params = (
        Param("roll_gap_um", "µm", 150.0, 10.0, 1000.0, help="gap between the rolls"),
        Param("line_speed_m_min", "m/min", 0.5, 0.01, 10.0, help="roll speed"),
        Param("roll_temp_c", "°C", 25.0, 15.0, 200.0, help="roll temperature"),
    )
    slots = (Slot("roll", frozenset(kinds.ROLLS), "a coated roll"),)
    work_slot = "roll"
    output_kind = kinds.CALENDERED

    def check_start(self, view: RunView) -> str | None:
        a = history.side_a(view.work) if view.work else None
        foil = 0.0 if a is None else float(a["params"]["foil_thickness_um"])
        if view.params["roll_gap_um"] <= foil:
            return (f"a roll gap of {view.params['roll_gap_um']:g} µm is not above the "
                    f"{foil:g} µm foil: the rolls would cut it")
        return None

    def duration_s(self, view: RunView) -> float:
        length_m = physics.roll_length_mm(view.work or {"history": []}) / 1000.0
        return ceil_s(60.0 * length_m / view.params["line_speed_m_min"])


MACHINE = Calender()
