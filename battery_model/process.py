"""Process constants (eq. 1-4, 8, 11 figures and processing windows) read from process.yaml."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from battery_model.materials import catalog


@dataclass(frozen=True, slots=True)
class Calender:
    """Eq. 11 parameters of one electrode class (soft or hard)."""

    eps_min: float
    a: float
    b: float
    big_b: float
    spring_back: float  # elastic recovery of the coating after the nip [-]


@dataclass(frozen=True, slots=True)
class ProcessConstants:
    """Every processing figure the model and the feedback use (units in the names)."""

    porosity_after_drying: float
    min_am_skeletal_porosity: float
    soft: Calender
    hard: Calender
    calender_line_speed_m_min: tuple[float, float]
    coating_thickness_um: tuple[float, float]
    coater_line_speed_m_min: tuple[float, float]
    planetary_radius_m: float
    dispersion_blade_radius_m: float
    planetary_speed_rpm: float
    blade_wall_gap_m: float
    omega_t_constant: float
    premix_time_min: tuple[float, float]
    premix_speed_rpm: tuple[float, float]
    electrolyte_excess_factor: float
    separator_min_thickness_um: float
    np_ratio_max: float

    def calender(self, calendering: str) -> Calender:
        """Eq. 11 parameters for ``soft`` or ``hard`` electrodes."""
        return self.soft if calendering == "soft" else self.hard


def _calender(node: dict) -> Calender:
    return Calender(float(node["eps_min"]), float(node["A"]), float(node["b"]),
                    float(node["B"]), float(node["spring_back"]))


def _pair(value: list) -> tuple[float, float]:
    return float(value[0]), float(value[1])


@functools.cache
def constants() -> ProcessConstants:
    """The process constants, loaded once."""
    p = catalog().process
    cal, coat, mix, pre = p["calendering"], p["coating"], p["mixing"], p["premix"]
    return ProcessConstants(
        porosity_after_drying=float(p["drying"]["porosity_after_drying"]),
        min_am_skeletal_porosity=float(cal["min_am_skeletal_porosity"]),
        soft=_calender(cal["soft"]),
        hard=_calender(cal["hard"]),
        calender_line_speed_m_min=_pair(cal["line_speed_m_min"]),
        coating_thickness_um=_pair(coat["thickness_um"]),
        coater_line_speed_m_min=_pair(coat["line_speed_m_min"]),
        planetary_radius_m=float(mix["planetary_radius_m"]),
        dispersion_blade_radius_m=float(mix["dispersion_blade_radius_m"]),
        planetary_speed_rpm=float(mix["planetary_speed_rpm"]),
        blade_wall_gap_m=float(mix["blade_wall_gap_m"]),
        omega_t_constant=float(mix["omega_t_constant"]),
        premix_time_min=_pair(pre["time_min"]),
        premix_speed_rpm=_pair(pre["speed_rpm"]),
        electrolyte_excess_factor=float(p["filling"]["electrolyte_excess_factor"]),
        separator_min_thickness_um=float(p["cell"]["separator_min_thickness_um"]),
        np_ratio_max=float(p["cell"]["np_ratio_max"]),
    )
