"""Charge/discharge (GCPL) curves of a built cell from cited half-cell OCP tables.

The cell voltage is U_P(x_P) - U_N(x_N) ± η: P is the electrode with the higher potential (the
physical positive, whatever the spec calls it), x the lithiated fraction of each material's
practical capacity. The lithium that cycles comes from the inventory by role
(:func:`battery_model.core.cyclable_lithium_mah`); η is an ohmic drop plus a Butler-Volmer
(asinh) charge-transfer term, both growing with the current density; curves run to the cut-off
voltages of ``data/cutoffs.yaml``. The reported capacity and energy are what the discharge
delivers: its end [mAh] and ∫V dQ [Wh].
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from battery_model import core
from battery_model.materials import DATA_DIR, ActiveMaterial
from battery_model.ops import SCALAR
from battery_model.yamlio import load_yaml_file

try:  # the compiled kernel behind np.interp, without its Python wrapper (2 µs a call)
    from numpy._core.multiarray import interp as _interp
except ImportError:  # pragma: no cover - other numpy layouts
    _interp = np.interp


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
    exchange_current_ma_cm2: float
    temperature_k: float
    cv_end_c_rate: float
    electrolyte_diffusivity_m2_s: float
    transference_number: float
    electrolyte_conc_mol_m3: float
    default_c_rate: float
    default_points: int


@functools.cache
def settings(path: Path = DATA_DIR / "gcpl.yaml") -> _Settings:
    """GCPL model figures from ``gcpl.yaml``."""
    d, _ = load_yaml_file(path)
    return _Settings(float(d["asr_base_ohm_cm2"]), float(d["asr_per_um_ohm_cm2"]),
                     float(d["exchange_current_ma_cm2"]), float(d["temperature_k"]),
                     float(d["cv_end_c_rate"]), float(d["electrolyte_diffusivity_m2_s"]),
                     float(d["transference_number"]), float(d["electrolyte_conc_mol_m3"]),
                     float(d["default_c_rate"]), int(d["default_points"]))


@functools.cache
def _cutoff_table(path: Path = DATA_DIR / "cutoffs.yaml"
                  ) -> tuple[dict[tuple[str, str], tuple[float, float]],
                             dict[str, tuple[float, float]]]:
    d, _ = load_yaml_file(path)
    pairs = {(p, n): (float(e["v_min"]), float(e["v_max"]))
             for e in d["pairs"] for p in e["positive"] for n in e["negative"]}
    half = {m: (float(e["v_min"]), float(e["v_max"])) for m, e in d["half_cells"].items()}
    return pairs, half


def cutoffs_v(positive: ActiveMaterial, negative: ActiveMaterial) -> tuple[float, float]:
    """Discharge and charge cut-off voltages (v_min, v_max) [V] of a pair, by physical role.

    From ``data/cutoffs.yaml``; a pair not listed falls back to the materials' half-cell
    windows: v_max = P's upper limit - N's lower limit, v_min = P's lower limit - N's mean.
    """
    pairs, half = _cutoff_table()
    if negative.calendering == "none":  # lithium metal: a half cell of the working electrode
        found = half.get(positive.name)
        return found if found is not None else positive.voltage_window_v
    found = pairs.get((positive.name, negative.name))
    if found is not None:
        return found
    return (max(positive.voltage_window_v[0] - negative.avg_potential_v, 0.0),
            positive.voltage_window_v[1] - negative.voltage_window_v[0])


def accessible_fraction(c_rate: float, areal_capacity_mah_cm2: float, thickness_um: float,
                        porosity: float) -> float:
    """Fraction of the capacity a CC discharge reaches before the electrolyte runs out [-].

    Limiting current of a porous electrode, i_lim = 2 F D eps^1.5 c0 / ((1 - t+) L) (Bruggeman;
    Gallagher et al., J. Electrochem. Soc. 163 (2016) A138): above it only the depth
    L x i_lim / i near the separator works, so the fraction is min(1, i_lim / i) — it falls
    with L squared, since i grows with L at a given C-rate.
    """
    s = settings()
    i = c_rate * areal_capacity_mah_cm2
    if i <= 0.0 or thickness_um <= 0.0:
        return 1.0
    i_lim = (2.0 * 96485.33212 * s.electrolyte_diffusivity_m2_s * max(porosity, 0.0) ** 1.5
             * s.electrolyte_conc_mol_m3 / ((1.0 - s.transference_number) * thickness_um * 1e-6))
    return min(1.0, i_lim / 10.0 / i)  # A/m2 -> mA/cm2


def overpotential_v(c_rate: float, areal_capacity_mah_cm2: float, thickness_um: float,
                    electrodes: int = 2, extra_asr_ohm_cm2: float = 0.0) -> float:
    """Overpotential at a current [V]: ohmic i·ASR plus 2RT/F·asinh(i/(2 i0)) per electrode.

    ``areal_capacity_mah_cm2`` sets the current density i = C-rate x capacity per area [mA/cm2];
    ``thickness_um`` (both coatings per side) sets the ASR, to which processing mistakes add
    ``extra_asr_ohm_cm2`` [ohm cm2].
    """
    s = settings()
    asr = s.asr_base_ohm_cm2 + s.asr_per_um_ohm_cm2 * thickness_um + extra_asr_ohm_cm2
    return _eta_v(s, c_rate * areal_capacity_mah_cm2, asr, electrodes)


def _eta_v(s: _Settings, i: float, asr: float, electrodes: int = 2) -> float:
    """:func:`overpotential_v` at current density ``i`` [mA/cm2] with ``asr`` [ohm cm2]."""
    ct = 2.0 * 8.314462618 * s.temperature_k / 96485.33212 * math.asinh(
        i / (2.0 * s.exchange_current_ma_cm2))
    return i * asr / 1000.0 + electrodes * ct


@functools.cache
def ocp_tables(path: Path = DATA_DIR / "ocp.yaml") -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """OCP tables by material: (x lithiated fraction, U vs Li/Li+ [V])."""
    d, _ = load_yaml_file(path)
    return {name: (np.asarray(c["x"], dtype=float), np.asarray(c["u_v"], dtype=float))
            for name, c in d["curves"].items()}


_Table = tuple[list[float], list[float], list[float], list[float]]


@functools.cache
def _ocp_table(material: str) -> _Table:
    """A material's OCP table as lists: x, U [V], each segment's slope dU/dx [V] and the
    running integral ∫U dx [V].

    Raises ValueError unless x rises and U never rises (what :func:`_ocv_crossing` needs).
    """
    xs, us = ocp_tables()[material]
    x, u = xs.tolist(), us.tolist()
    if any(b <= a for a, b in itertools.pairwise(x)) or any(
            b > a for a, b in itertools.pairwise(u)):
        raise ValueError(f"ocp.yaml: the {material} curve needs a rising x and a U that "
                         "never rises (rerun make_ocp_tables.py)")
    slopes = [(u[i + 1] - u[i]) / (x[i + 1] - x[i]) for i in range(len(x) - 1)]
    total = [0.0]
    for i in range(1, len(x)):
        total.append(total[-1] + 0.5 * (u[i] + u[i - 1]) * (x[i] - x[i - 1]))
    return x, u, slopes, total


def _ocp_integral(table: _Table, x: float) -> float:
    """∫ U dx from the table's first point to ``x`` [V], exact for the interpolated table
    (``table`` of :func:`_ocp_table`; beyond its ends U stays at the end value, as
    ``np.interp`` keeps it)."""
    xs, us, _, total = table
    if x != x:  # NaN
        return x
    if x <= xs[0]:
        return (x - xs[0]) * us[0]
    if x >= xs[-1]:
        return total[-1] + (x - xs[-1]) * us[-1]
    i = bisect.bisect_right(xs, x) - 1
    u_x = us[i] + (us[i + 1] - us[i]) * (x - xs[i]) / (xs[i + 1] - xs[i])
    return total[i] + 0.5 * (us[i] + u_x) * (x - xs[i])


_Segments = tuple[list[float], list[float], list[float]]
_FAR = 1e30  # the tables' flat ends reach this far in x [-]
_NO_COUNTER = ([-_FAR, _FAR], [0.0, 0.0], [0.0])  # a lithium counter electrode: 0 V, flat


@functools.cache
def _ocp_segments(material: str) -> _Segments:
    """A material's OCP table for :func:`_ocv_crossing`: x, U [V] and each segment's slope
    dU/dx [V], extended flat to ±_FAR (so every x has a segment, as np.interp keeps the ends)."""
    x, u, slopes, _ = _ocp_table(material)
    return [-_FAR, *x, _FAR], [u[0], *u, u[-1]], [0.0, *slopes, 0.0]


def _ocv_crossing(key: float, t: float, p: _Segments, x_p0: float, a_p: float, n: _Segments,
                  x_n0: float, a_n: float) -> float:
    """The depth of discharge t in [0, 1] where the OCV U_P(x_p0 + a_p t) - U_N(x_n0 - a_n t)
    equals ``key`` [V], exact for the interpolated tables (:func:`_ocp_segments`; a lithium
    counter electrode is :data:`_NO_COUNTER` with a_n = 1); 1 if the OCV stays above ``key``,
    0 if it starts at or below it.

    The OCV falls with t and is linear between the tables' points, so Newton's step from
    ``t`` (where to start: 0 or 1) is exact once it stays on the segments it was taken on;
    otherwise the crossing is past them, and the next step starts from the step's end (or
    from the middle of the bracket, if that is outside it). Usually one step, at most a few.
    """
    if not math.isfinite(key + x_p0 + a_p + x_n0 + a_n):  # no crossing to find: NaN out
        return math.nan
    xs_p, us_p, sl_p = p
    xs_n, us_n, sl_n = n
    lo, hi = 0.0, 1.0  # the crossing lies in [lo, hi]
    for _ in range(len(xs_p) + len(xs_n)):  # each step passes a segment end or returns
        x, y = x_p0 + a_p * t, x_n0 - a_n * t
        j = bisect.bisect_right(xs_p, x) - 1  # xs_p[j] <= x < xs_p[j + 1]
        i = bisect.bisect_right(xs_n, y) - 1
        u = us_p[j] + sl_p[j] * (x - xs_p[j]) - (us_n[i] + sl_n[i] * (y - xs_n[i]))
        if u > key:  # the crossing is later: x rises onto segment j, y falls onto segment i
            if t >= 1.0:
                return 1.0
            if xs_n[i] == y:
                i -= 1
            slope = a_p * sl_p[j] + a_n * sl_n[i]
            edge = min((xs_p[j + 1] - x_p0) / a_p, (x_n0 - xs_n[i]) / a_n)
            guess = t + (key - u) / slope if slope < 0.0 else math.inf
            if guess <= edge:
                return guess if guess < 1.0 else 1.0
            lo = edge  # the OCV is still above key there
            if lo >= 1.0:
                return 1.0
        elif u < key:  # earlier: x falls onto segment j, y rises onto segment i
            if t <= 0.0:
                return 0.0
            if xs_p[j] == x:
                j -= 1
            slope = a_p * sl_p[j] + a_n * sl_n[i]
            edge = max((xs_p[j] - x_p0) / a_p, (x_n0 - xs_n[i + 1]) / a_n)
            guess = t + (key - u) / slope if slope < 0.0 else -math.inf
            if guess >= edge:
                return guess if guess > 0.0 else 0.0
            hi = edge
            if hi <= 0.0:
                return 0.0
        else:
            return t
        t = guess if lo < guess < hi else 0.5 * (lo + hi)
    return t


def ocp_v(material: str, x: np.ndarray | float) -> np.ndarray:
    """Open-circuit potential of ``material`` at lithiated fraction ``x`` [V vs Li/Li+]."""
    xs, us = ocp_tables()[material]
    return _interp(x, xs, us)


@functools.cache
def _unit_grid(n: int) -> np.ndarray:
    """``n`` points from 0 to 1 (cached: ``np.linspace`` costs more than the model)."""
    grid = np.linspace(0.0, 1.0, n)
    grid.flags.writeable = False
    return grid


def _flat(v: float) -> Curve:
    return Curve([0.0], [round(v, 4)])


def _curve(q: np.ndarray, v: np.ndarray) -> Curve:
    return Curve(np.round(q, 4).tolist(), np.round(v, 4).tolist())


def measure(positive: ActiveMaterial, negative: ActiveMaterial, q_pos_mah: float,
            q_neg_mah: float, *, areal_capacity_mah_cm2: float, thickness_um: float,
            c_rate: float | None = None, n_points: int | None = None,
            curves: bool = True, transport_thickness_um: float | None = None,
            transport_porosity: float = 0.3, extra_asr_ohm_cm2: float = 0.0,
            lithium_loss: float = 0.0, open_circuit: bool = False,
            cycled_mah: float | None = None) -> tuple[float, float, Gcpl | None]:
    """The potentiostat's test: (discharge capacity [mAh], ∫V dQ [Wh], curves or None).

    ``positive``/``negative`` and their capacities [mAh] are as the spec names them; a cell
    whose named positive has the lower potential is connected the wrong way round and delivers
    nothing (its voltage is negative). With ``curves=False`` only the two figures are
    computed, the same way, so they equal those of ``curves=True``. The thickest coating
    per side [µm] and its porosity set the electrolyte-transport limit
    (:func:`accessible_fraction`; default half of ``thickness_um``). Processing mistakes add
    ``extra_asr_ohm_cm2`` [ohm cm2], take the fraction ``lithium_loss`` [-] of the cycled
    lithium, or leave the cell ``open_circuit`` (it delivers nothing). ``cycled_mah``: the
    cycled lithium when the caller has it already (:func:`core.cyclable_lithium_mah` of the
    same capacities by physical role) [mAh].
    """
    return measure_positional(positive, negative, q_pos_mah, q_neg_mah, areal_capacity_mah_cm2,
                              thickness_um, c_rate, n_points, curves, transport_thickness_um,
                              transport_porosity, extra_asr_ohm_cm2, lithium_loss,
                              open_circuit, cycled_mah)


def measure_positional(positive: ActiveMaterial, negative: ActiveMaterial, q_pos_mah: float,
                       q_neg_mah: float, areal_capacity_mah_cm2: float, thickness_um: float,
                       c_rate: float | None, n_points: int | None, curves: bool,
                       transport_thickness_um: float | None, transport_porosity: float,
                       extra_asr_ohm_cm2: float, lithium_loss: float, open_circuit: bool,
                       cycled_mah: float | None) -> tuple[float, float, Gcpl | None]:
    """:func:`measure` with positional arguments, in its order (the scalar path's call: 13
    keywords cost ~1 µs a call)."""
    s = settings()
    c_rate = s.default_c_rate if c_rate is None else c_rate
    n = s.default_points if n_points is None else n_points
    swap = positive.avg_potential_v < negative.avg_potential_v
    p_am, n_am = (negative, positive) if swap else (positive, negative)
    q_p, q_n = (q_neg_mah, q_pos_mah) if swap else (q_pos_mah, q_neg_mah)
    li_n = n_am.calendering == "none"
    # overpotential_v at the test current and at the end of the CV hold, sharing the ASR
    asr = s.asr_base_ohm_cm2 + s.asr_per_um_ohm_cm2 * thickness_um + extra_asr_ohm_cm2
    eta = _eta_v(s, c_rate * areal_capacity_mah_cm2, asr)
    v_min, v_max = cutoffs_v(p_am, n_am)
    if swap or p_am.name == n_am.name:
        q_rev = 0.0
    elif cycled_mah is not None:
        q_rev = float(cycled_mah)
    else:
        q_rev = float(core.cyclable_lithium_mah(
            SCALAR, q_p, q_n, fce_pos=p_am.first_cycle_efficiency,
            fce_neg=n_am.first_cycle_efficiency, pos_lithiated=p_am.lithiated_as_made,
            neg_lithiated=n_am.lithiated_as_made, neg_li_metal=li_n))
    q_rev *= 1.0 - lithium_loss
    if curves:  # what the curves carry beside their points
        window = (round(v_min, 4), round(v_max, 4))
        fce = min(p_am.first_cycle_efficiency, n_am.first_cycle_efficiency)
    if q_rev <= 0.0 or open_circuit:
        if not curves:
            return 0.0, 0.0, None
        x_p = 1.0 if p_am.lithiated_as_made else 0.0
        x_n = 1.0 if n_am.lithiated_as_made else 0.0
        ocv = 0.0 if p_am.name == n_am.name else float(
            ocp_v(p_am.name, x_p) - (0.0 if li_n else ocp_v(n_am.name, x_n)))
        ocv = 0.0 if open_circuit else -ocv if swap else ocv
        g = Gcpl(_flat(ocv), _flat(ocv), c_rate, window, fce, round(eta, 5)) if curves else None
        return 0.0, 0.0, g
    # lithiated fractions at the charged state; s = charge passed on discharge [mAh]
    x_p0 = 1.0 - q_rev / q_p if p_am.lithiated_as_made else 0.0
    x_n0 = 1.0 if n_am.lithiated_as_made else q_rev / q_n
    table_p = _ocp_table(p_am.name)
    table_n = None if li_n else _ocp_table(n_am.name)
    # the OCV as a function of the share t of q_rev discharged (0 or 1 where it never meets
    # a limit): P's lithiated fraction is x_p0 + a_p t, N's x_n0 - a_n t
    seg_p, a_p = _ocp_segments(p_am.name), q_rev / q_p
    seg_n, x_n, a_n = ((_NO_COUNTER, 0.0, 1.0) if li_n
                       else (_ocp_segments(n_am.name), x_n0, q_rev / q_n))
    # CC to v_max, then CV at v_max until the current has fallen to cv_end_c_rate
    eta_cv = _eta_v(s, min(s.cv_end_c_rate, c_rate) * areal_capacity_mah_cm2, asr)
    t_end = _ocv_crossing(v_min + eta, 1.0, seg_p, x_p0, a_p, seg_n, x_n, a_n)
    t_top = _ocv_crossing(v_max - eta_cv, 0.0, seg_p, x_p0, a_p, seg_n, x_n, a_n)
    t_cc = _ocv_crossing(v_max - eta, 0.0, seg_p, x_p0, a_p, seg_n, x_n, a_n) if curves else 0.0
    s_end, s_top, s_cc = t_end * q_rev, t_top * q_rev, t_cc * q_rev
    frac = accessible_fraction(c_rate, areal_capacity_mah_cm2, 0.5 * thickness_um
                               if transport_thickness_um is None else transport_thickness_um,
                               transport_porosity)
    starved = s_top + frac * (q_rev - s_top) < s_end
    if starved:  # the electrolyte runs out: the voltage collapses
        s_end = s_top + frac * (q_rev - s_top)
    if s_top >= s_end:
        g = Gcpl(_flat(v_min), _flat(v_min), c_rate, window, fce,
                 round(eta, 5)) if curves else None
        return 0.0, 0.0, g
    capacity = s_end - s_top
    # ∫V dQ = ∫ OCV ds - eta x capacity, with ∫ OCV exact on the OCP tables [V mAh]
    ocv_mwh = q_p * (_ocp_integral(table_p, x_p0 + s_end / q_p)
                     - _ocp_integral(table_p, x_p0 + s_top / q_p))
    if table_n is not None:
        ocv_mwh -= q_n * (_ocp_integral(table_n, x_n0 - s_top / q_n)
                          - _ocp_integral(table_n, x_n0 - s_end / q_n))
    energy = (ocv_mwh - eta * capacity) / 1000.0
    if not curves:
        return capacity, energy, None

    tables = ocp_tables()
    xs_p, us_p = tables[p_am.name]
    xs_n, us_n = tables[n_am.name]

    def ocv_v(q: np.ndarray) -> np.ndarray:
        u_p = _interp(x_p0 + q / q_p, xs_p, us_p)
        return u_p if li_n else u_p - _interp(x_n0 - q / q_n, xs_n, us_n)

    u_first, u_last = ocv_v(np.array([0.0, q_rev])).tolist()  # charged / inventory spent
    # the inventory ends before the cut-off (or the electrolyte runs out): the voltage collapses
    exhausted = starved or u_last - eta >= v_min
    full = u_first + eta_cv <= v_max  # charged to the end of the inventory below the cut-off
    unit = _unit_grid(n)
    sd = s_top + unit * capacity
    vd = ocv_v(sd) - eta
    qd = unit * capacity
    if exhausted:
        qd, vd = np.append(qd, capacity), np.append(vd, v_min)
    sc = s_end - unit * (s_end - max(s_cc, s_top))
    qc, vc = s_end - sc, ocv_v(sc) + eta
    if s_cc > s_top or full:  # the CV hold (or, inventory exhausted, the jump to v_max)
        qc, vc = np.append(qc, capacity), np.append(vc, v_max)
    g = Gcpl(_curve(qc, vc), _curve(qd, vd), c_rate, window, fce, round(eta, 5))
    return capacity, energy, g


def gcpl_curves(positive: ActiveMaterial, negative: ActiveMaterial, q_pos_mah: float,
                q_neg_mah: float, *, areal_capacity_mah_cm2: float, thickness_um: float,
                c_rate: float | None = None, n_points: int | None = None) -> Gcpl:
    """GCPL curves of a built cell (first cycle after formation, see :func:`measure`).

    Parameters
    ----------
    positive, negative : ActiveMaterial
        As built (a Li-metal counter electrode is ``negative``).
    q_pos_mah, q_neg_mah : float
        Capacities of the trimmed electrodes (eq. 17) [mAh].
    areal_capacity_mah_cm2 : float
        Cycled capacity per cm2 of electrode side, sets the current density [mAh/cm2].
    thickness_um : float
        Positive plus negative coating thickness per side [µm].
    c_rate : float, optional
        Current in multiples of the capacity per hour [1/h].
    """
    g = measure(positive, negative, q_pos_mah, q_neg_mah,
                areal_capacity_mah_cm2=areal_capacity_mah_cm2, thickness_um=thickness_um,
                c_rate=c_rate, n_points=n_points)[2]
    assert g is not None
    return g
