"""Charge/discharge (GCPL) curves of a built cell from cited half-cell OCP tables.

The cell voltage is U_P(x_P) - U_N(x_N) ± η: P is the electrode with the higher potential, x
the lithiated fraction of each material's practical capacity. The window of lithium shuttled is
set by the built cell's capacities (N/P) and the first-cycle loss; the overpotential η grows with
C-rate and electrode thickness; curves stop at the pair's voltage limits.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from battery_model.materials import DATA_DIR, ActiveMaterial
from battery_model.yamlio import load_yaml_file


@dataclass(frozen=True, slots=True)
class Curve:
    """One half-cycle: capacity passed [mAh] and cell voltage [V]."""

    capacity_mah: list[float]
    voltage_v: list[float]

    def to_dict(self) -> dict[str, list[float]]:
        """Plain dict (JSON-ready)."""
        return {"capacity_mah": self.capacity_mah, "voltage_v": self.voltage_v}


@dataclass(frozen=True, slots=True)
class Gcpl:
    """Charge and discharge of the first cycle after formation."""

    charge: Curve
    discharge: Curve
    c_rate: float
    voltage_window_v: tuple[float, float]
    first_cycle_efficiency: float
    overpotential_v: float

    def to_dict(self) -> dict[str, Any]:
        """Plain dict (JSON-ready)."""
        return {"charge": self.charge.to_dict(), "discharge": self.discharge.to_dict(),
                "c_rate": self.c_rate, "voltage_window_v": list(self.voltage_window_v),
                "first_cycle_efficiency": self.first_cycle_efficiency,
                "overpotential_v": self.overpotential_v}


@dataclass(frozen=True, slots=True)
class _Settings:
    asr_base_ohm_cm2: float
    asr_per_um_ohm_cm2: float
    default_c_rate: float
    default_points: int


@functools.cache
def settings(path: Path = DATA_DIR / "gcpl.yaml") -> _Settings:
    """GCPL model figures from ``gcpl.yaml``."""
    d, _ = load_yaml_file(path)
    return _Settings(float(d["asr_base_ohm_cm2"]), float(d["asr_per_um_ohm_cm2"]),
                     float(d["default_c_rate"]), int(d["default_points"]))


@functools.cache
def ocp_tables(path: Path = DATA_DIR / "ocp.yaml") -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """OCP tables by material: (x lithiated fraction, U vs Li/Li+ [V])."""
    d, _ = load_yaml_file(path)
    return {name: (np.asarray(c["x"], dtype=float), np.asarray(c["u_v"], dtype=float))
            for name, c in d["curves"].items()}


def ocp_v(material: str, x: np.ndarray | float) -> np.ndarray:
    """Open-circuit potential of ``material`` at lithiated fraction ``x`` [V vs Li/Li+]."""
    xs, us = ocp_tables()[material]
    return np.interp(x, xs, us)


def _flat(v: float) -> Curve:
    return Curve([0.0], [round(v, 4)])


def _cut(q: np.ndarray, v: np.ndarray, limit: float, above: bool) -> Curve:
    """Truncate a curve where it first crosses ``limit`` (interpolating the end point)."""
    bad = v > limit if above else v < limit
    if bad.any():
        i = int(np.argmax(bad))
        if i == 0:
            return Curve([0.0], [round(float(limit), 4)])
        f = (limit - v[i - 1]) / (v[i] - v[i - 1])
        q = np.append(q[:i], q[i - 1] + f * (q[i] - q[i - 1]))
        v = np.append(v[:i], limit)
    return Curve(np.round(q, 4).tolist(), np.round(v, 4).tolist())


def gcpl_curves(positive: ActiveMaterial, negative: ActiveMaterial, q_pos_mah: float,
                q_neg_mah: float, *, areal_capacity_mah_cm2: float, thickness_um: float,
                c_rate: float | None = None, n_points: int | None = None) -> Gcpl:
    """GCPL curves of a built cell.

    Parameters
    ----------
    positive, negative : ActiveMaterial
        As built (a Li-metal counter electrode is ``negative``).
    q_pos_mah, q_neg_mah : float
        Capacities of the trimmed electrodes (eq. 17) [mAh].
    areal_capacity_mah_cm2 : float
        Capacity per cm2 of the limiting electrode side, sets the current density [mAh/cm2].
    thickness_um : float
        Positive plus negative coating thickness per side [µm].
    c_rate : float, optional
        Current in multiples of the capacity per hour [1/h].
    """
    s = settings()
    c_rate = s.default_c_rate if c_rate is None else c_rate
    n = s.default_points if n_points is None else n_points
    asr = s.asr_base_ohm_cm2 + s.asr_per_um_ohm_cm2 * thickness_um
    eta = c_rate * areal_capacity_mah_cm2 * asr / 1000.0
    swap = positive.avg_potential_v < negative.avg_potential_v
    p_am, n_am = (negative, positive) if swap else (positive, negative)
    q_p, q_n = (q_neg_mah, q_pos_mah) if swap else (q_pos_mah, q_neg_mah)
    fce = min(p_am.first_cycle_efficiency, n_am.first_cycle_efficiency)
    v_max = p_am.voltage_window_v[1] - n_am.voltage_window_v[0]
    v_min = max(p_am.voltage_window_v[0] - n_am.avg_potential_v, 0.0)
    if p_am.name == n_am.name:  # symmetric: same potential on both sides
        q = np.linspace(0.0, min(q_p, q_n) * fce, n)
        v = np.full(n, eta)
        return Gcpl(Curve(np.round(q, 4).tolist(), np.round(v, 4).tolist()),
                    Curve(np.round(q, 4).tolist(), np.round(-v, 4).tolist()), c_rate,
                    (-0.1, 0.1), fce, eta)
    li_metal_n = n_am.calendering == "none"
    if (not li_metal_n and p_am.lithiated_as_made == n_am.lithiated_as_made) \
            or q_p <= 0 or q_n <= 0:
        x_p = 1.0 if p_am.lithiated_as_made else 0.0
        x_n = 1.0 if n_am.lithiated_as_made else 0.0
        ocv = float(ocp_v(p_am.name, x_p) - (0.0 if li_metal_n else ocp_v(n_am.name, x_n)))
        return Gcpl(_flat(ocv), _flat(ocv), c_rate, (v_min, v_max), fce, eta)
    q_first = min(q_p, q_n)
    q_rev = q_first * fce
    x_p_discharged = 1.0 - (q_first - q_rev) / q_p if p_am.lithiated_as_made else q_rev / q_p

    def ocv(q: np.ndarray) -> np.ndarray:
        u_n = 0.0 if li_metal_n else ocp_v(n_am.name, q / q_n)
        return ocp_v(p_am.name, x_p_discharged - q / q_p) - u_n

    # the discharge cut-off sets where each test cycle starts
    grid = np.linspace(0.0, q_rev, n)
    above = ocv(grid) - eta >= v_min
    q_lo = float(grid[int(np.argmax(above))]) if above.any() else q_rev
    q = np.linspace(q_lo, q_rev, n)
    v = ocv(q)
    charge = _cut(q - q_lo, v + eta, v_max, above=True)
    q_top = q_lo + charge.capacity_mah[-1]
    qd = np.linspace(0.0, q_top - q_lo, n)
    discharge = _cut(qd, ocv(q_top - qd) - eta, v_min, above=False)
    return Gcpl(charge, discharge, c_rate, (round(v_min, 4), round(v_max, 4)), fce,
                round(eta, 5))
