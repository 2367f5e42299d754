"""Threshold feedback: every choice outside its processing window becomes one item.

Items carry ``{code, severity, step, parameter, value, allowed, message}``; severity is
``info``, ``warning`` (the cell works but worse) or ``error`` (the cell would fail).
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from battery_model import equations as eq
from battery_model.core import CellDesign, ElectrodeDesign
from battery_model.process import ProcessConstants
from battery_model.spec import CellSpec, ElectrodeSpec


@dataclass(slots=True)
class Feedback:
    """One comment on a choice, shown at the potentiostat."""

    code: str
    severity: str
    step: str
    parameter: str
    value: Any
    allowed: Any
    message: str
    consequence: dict[str, Any] | None = None  # what it costs the tested cell (consequences)

    def to_dict(self) -> dict[str, Any]:
        """Plain dict (JSON-ready; ``consequence`` only when there is one)."""
        d = {"code": self.code, "severity": self.severity, "step": self.step,
             "parameter": self.parameter, "value": copy.deepcopy(self.value),
             "allowed": copy.deepcopy(self.allowed), "message": self.message}
        if self.consequence is not None:
            d["consequence"] = dict(self.consequence)
        return d


Why = str | Callable[[], str]
_OVEN_KEYS = ("coating.oven_temps_c.0", "coating.oven_temps_c.1")


def _window(out: list[Feedback], code: str, step: str, role: str, key: str, value: float,
            lo: float | None, hi: float | None, unit: str, why_low: Why, why_high: Why,
            severity: str = "warning") -> None:
    """Append an item when ``value`` is outside ``[lo, hi]`` (None = open).

    Messages are built only for an item that is appended (a callable ``why`` is called then).
    """
    if (lo is None or value >= lo) and (hi is None or value <= hi):
        return
    parameter = f"{role}.{key}"
    low = lo is not None and value < lo
    why = why_low if low else why_high
    reason = why() if callable(why) else why
    relation = f"below {lo:g}" if low else f"above {hi:g}"
    out.append(Feedback(f"{code}_{'low' if low else 'high'}", severity, step, parameter,
                        round(value, 4), [lo, hi],
                        f"{parameter} = {value:.4g} {unit} is {relation} {unit}: {reason}"))


def electrode_feedback(e: ElectrodeSpec, d: ElectrodeDesign, pc: ProcessConstants,
                       out: list[Feedback]) -> None:
    """Composition, slurry, mixing, coating, drying and calendering checks of one electrode."""
    # each check calls ``_window`` only when its value is outside (``not`` also catches NaN):
    # the common case, every choice inside its window, builds no arguments and no messages
    r, am = e.role, e.active
    if not e.additive_wt_pct >= am.min_carbon_wt_pct:
        _window(out, "additive", "dispensing", r, "fractions_wt_pct.additive",
                e.additive_wt_pct, am.min_carbon_wt_pct, None, "wt%",
                f"below the percolation threshold of {am.name}, the electrode conducts "
                "poorly", "")
    if not e.binder_wt_pct >= am.min_binder_wt_pct:
        _window(out, "binder", "dispensing", r, "fractions_wt_pct.binder", e.binder_wt_pct,
                am.min_binder_wt_pct, None, "wt%",
                "too little binder for adhesion and mechanical strength", "")
    system = None
    for s in am.processing:
        if s.solvent == e.solvent.name and e.binder.name in s.binders:
            system = s
            break
    if system is None:
        known = "; ".join(f"{'/'.join(s.binders)} in {s.solvent}" for s in am.processing)
        out.append(Feedback(
            "binder_solvent_unsuitable", "error", "dispensing", f"{r}.binder",
            f"{e.binder.name} in {e.solvent.name}", known,
            f"{am.name} is not processed with {e.binder.name} in {e.solvent.name} "
            f"(used: {known}); the binder will not dissolve or the slurry will not be stable"))
    else:
        lo, hi = system.solid_content_wt_pct
        solids = e.solid_content_wt_pct
        if not lo <= solids <= hi:
            _window(out, "solid_content", "solvent_filling", r, "solvent_mass_g", solids, lo,
                    hi, "wt% solids", "the slurry is too thin and flows after coating",
                    "the slurry is too viscous and agglomerates during coating")
    if e.premix is None:
        out.append(Feedback("premix_skipped", "info", "premixing", f"{r}.premix", None,
                            "optional", "the powders were not premixed: mixing must then "
                            "homogenise the slurry on its own"))
    else:
        premix = e.premix
        lo, hi = pc.premix_time_min
        if not lo <= premix.time_min <= hi:
            _window(out, "premix_time", "premixing", r, "premix.time_min", premix.time_min, lo,
                    hi, "min", "the powders are not homogeneous yet",
                    "long dry premixing damages the active-material particles")
        lo, hi = pc.premix_speed_rpm
        if not lo <= premix.speed_rpm <= hi:
            _window(out, "premix_speed", "premixing", r, "premix.speed_rpm", premix.speed_rpm,
                    lo, hi, "rpm", "too slow to break powder agglomerates",
                    "so fast it damages the particles")
    if e.mixing is None:
        out.append(Feedback("mixing_missing", "error", "mixing", f"{r}.mixing", None,
                            "required", "the slurry was never mixed: it is not homogeneous "
                            "and coats unevenly"))
    else:
        speed = e.mixing.dispersion_speed_rpm
        max_shear = float(e.binder.get("max_shear_rate_1_s", 0.0) or 0.0)
        shear = eq.max_shear_rate_1_s(
            eq.edge_speed_m_s(pc.planetary_speed_rpm, pc.planetary_radius_m, speed,
                              pc.dispersion_blade_radius_m), pc.blade_wall_gap_m)
        if max_shear and shear > max_shear:
            top = eq.max_dispersion_speed_rpm(max_shear, pc.blade_wall_gap_m,
                                              pc.planetary_speed_rpm, pc.planetary_radius_m,
                                              pc.dispersion_blade_radius_m)
            out.append(Feedback(
                "mixing_speed_high", "warning", "mixing",
                f"{r}.mixing.dispersion_speed_rpm", speed, [None, round(top)],
                f"{speed:g} rpm gives a shear rate of {shear:,.0f} 1/s, above the "
                f"{max_shear:,.0f} 1/s that {e.binder.name} chains survive (max ≈ {top:.0f} "
                "rpm)"))
        t_min = eq.min_mixing_time_min(speed, pc.omega_t_constant)
        if not e.mixing.time_min >= t_min:
            _window(out, "mixing_time", "mixing", r, "mixing.time_min", e.mixing.time_min,
                    t_min, None, "min", f"at {speed:g} rpm the slurry needs at least "
                    f"{t_min:.0f} min to homogenise (ω·t = const)", "")
    c = e.coating
    final_um = float(d.final_thickness_um)  # the paper's window is on the finished coating
    lo, hi = pc.coating_thickness_um
    if not lo <= final_um <= hi:
        low = final_um < lo
        out.append(Feedback(
            f"coating_thickness_{'low' if low else 'high'}", "warning", "coating",
            f"{r}.coating.comma_gap_um", round(final_um, 4), [lo, hi],
            f"the finished {r} coating is {final_um:.0f} µm per side, "
            + (f"below {lo:g} µm: too thin to coat evenly; a wider comma gap (now "
               f"{c.comma_gap_um:g} µm) coats more" if low else
               f"above {hi:g} µm: so thick that lithium diffusion limits the capacity; a "
               f"narrower comma gap (now {c.comma_gap_um:g} µm) coats less")))
    lo, hi = pc.coater_line_speed_m_min
    if not lo <= c.line_speed_m_min <= hi:
        _window(out, "coater_speed", "coating", r, "coating.line_speed_m_min",
                c.line_speed_m_min, lo, hi, "m/min", "below the coater's range",
                "above the coater's range: the coating cannot level and dry")
    lo, hi = e.solvent.get("oven_min_c"), e.solvent.get("oven_max_c")
    for i, temp in enumerate(c.oven_temps_c):
        if not ((lo is None or temp >= lo) and (hi is None or temp <= hi)):
            _window(out, "oven_temp", "drying", r, _OVEN_KEYS[i], temp, lo, hi, "°C",
                    f"{e.solvent.name} does not evaporate before the electrode leaves the oven",
                    f"{e.solvent.name} boils and the binder migrates or degrades")
    if e.calendering is None:
        out.append(Feedback("calendering_skipped", "warning", "calendering",
                            f"{r}.calendering", None, "recommended",
                            f"not calendered: porosity stays at {float(d.porosity):.0%}, the "
                            "electrode is thick and the energy density low"))
        return
    k = e.calendering
    lo, hi = pc.calender_line_speed_m_min
    if not lo <= k.line_speed_m_min <= hi:
        _window(out, "calender_speed", "calendering", r, "calendering.line_speed_m_min",
                k.line_speed_m_min, lo, hi, "m/min", "below the calender's range",
                "above the calender's range")
    gap_lo, gap_hi = float(d.min_roll_gap_um), float(d.max_roll_gap_um)
    if d.cracked:
        lost = float(d.coating_lost_fraction)
        eps_min = pc.calender(am.calendering).eps_min
        out.append(Feedback(
            "roll_gap_low", "warning", "calendering", f"{r}.calendering.roll_gap_um",
            round(k.roll_gap_um, 4), [round(gap_lo, 1), round(gap_hi, 1)],
            f"{r}.calendering.roll_gap_um = {k.roll_gap_um:.4g} µm is below the minimum "
            f"{gap_lo:.1f} µm: the rolls crushed the active-material particles (skeleton "
            f"below {pc.min_am_skeletal_porosity:.0%} porosity or the coating pressed past its "
            f"{eps_min:.0%} minimum porosity); the electrode is cracked at {eps_min:.0%} porosity"
            + (f" and {lost:.0%} of the coating did not fit through the gap" if lost > 0.001
               else "")))
    # round(gap_hi, 1) is within 0.1 µm of gap_hi: a gap 0.2 µm below it passes unrounded
    if not k.roll_gap_um <= gap_hi - 0.2:
        top = round(gap_hi, 1)
        if not k.roll_gap_um <= top:
            _window(out, "roll_gap", "calendering", r, "calendering.roll_gap_um",
                    k.roll_gap_um, None, top, "µm", "", "the gap is wider than the electrode, "
                    "so nothing is calendered")


def cell_feedback(spec: CellSpec, c: CellDesign, pos_d: ElectrodeDesign,
                  neg_d: ElectrodeDesign, pos_v: float, neg_v: float, lithium_ok: bool,
                  out: list[Feedback], pc: ProcessConstants, *,
                  n_p_ratio: float | None = None) -> None:
    """Cell-level checks: pairing, lithium inventory by role, balance, jelly-roll fit.

    ``n_p_ratio`` is by physical role (higher-potential electrode = positive); default
    ``c.n_p_ratio``.
    """
    kind, fmt = spec.kind, spec.format
    pos, neg = spec.positive, spec.negative
    n_p = float(c.n_p_ratio) if n_p_ratio is None else n_p_ratio
    if kind == "symmetric":
        state = "lithiated" if pos.active.lithiated_as_made else "delithiated"
        out.append(Feedback(
            "symmetric_cell", "error", "cell", "negative.active_material", neg.active.name,
            "one electrode pre-lithiated", f"both electrodes are {pos.active.name}, both "
            f"{state} as made: no lithium can move from one to the other, so the cell has no "
            "usable capacity (and ~0 V between them). Pre-lithiate one electrode (e.g. cycle "
            "it against lithium first) to study it in a symmetric cell"))
    elif pos_v < neg_v:
        out.append(Feedback(
            "polarity_reversed", "error", "cell", "positive.active_material", pos.active.name,
            f"higher potential than {neg.active.name}",
            f"{pos.active.name} ({pos_v:.2f} V vs Li) has a lower potential than "
            f"{neg.active.name} ({neg_v:.2f} V): the terminals are swapped, the potentiostat "
            "reads a negative voltage outside its window and the test delivers nothing"))
    if kind == "half":
        _half_cell_feedback(spec, c, out)
    if not lithium_ok and kind != "symmetric":
        out.append(Feedback(
            "no_lithium_source", "error", "cell", "negative.active_material", neg.active.name,
            "exactly one lithiated electrode",
            f"{pos.active.name} and {neg.active.name} are both "
            f"{'lithiated' if pos.active.lithiated_as_made else 'delithiated'} as made: no "
            "lithium can shuttle between them, so the cell has no capacity"))
    if kind == "full" and lithium_ok and n_p < 1.0:
        out.append(Feedback(
            "np_ratio_low", "error", "cell", "n_p_ratio", round(n_p, 3),
            [1.0, None], f"N/P = {n_p:.2f} < 1: the negative electrode cannot "
            "take all the lithium; lithium metal plates on it (safety risk)"))
    elif kind == "full" and lithium_ok and n_p > pc.np_ratio_max:
        out.append(Feedback(
            "np_ratio_high", "info", "cell", "n_p_ratio", round(n_p, 3),
            [1.0, pc.np_ratio_max], f"N/P = {n_p:.2f}: the negative electrode holds far more "
            "than the positive can fill (the paper asks for slightly more, about 1.05-1.2); "
            "the extra negative is dead weight and its SEI takes lithium"))
    sep_um = spec.separator.thickness_um
    if sep_um < pc.separator_min_thickness_um:
        out.append(Feedback(
            "separator_thin", "warning", "winding", "separator.thickness_um", sep_um,
            [pc.separator_min_thickness_um, None], f"a {sep_um:g} µm separator is thinner "
            f"than any in a cited cell ({pc.separator_min_thickness_um:g} µm): it may tear on "
            "winding and lets soft shorts through (self-discharge, a safety risk)"))
    for e in (pos, neg):
        if isinstance(e, ElectrodeSpec) and e.coating.width_mm > fmt.jelly_roll_height_mm:
            out.append(Feedback(
                "electrode_too_wide", "warning", "winding", f"{e.role}.coating.width_mm",
                e.coating.width_mm, [None, fmt.jelly_roll_height_mm],
                f"{e.coating.width_mm:g} mm is wider than the {fmt.name} jelly roll "
                f"({fmt.jelly_roll_height_mm:g} mm): the edge is slit off and wasted"))
    max_len = float(c.max_length_mm)
    length = float(c.length_mm)
    trimmed = [(role, coated) for role, coated in (("positive", float(pos_d.coated_length_mm)),
                                                   ("negative", float(neg_d.coated_length_mm)))
               if coated != math.inf and coated > 1.001 * length]
    if trimmed:  # the length's figures, formatted once for both electrodes
        length_1, length_0 = round(length, 1), f"{length:.0f}"
        for role, coated in trimmed:
            out.append(Feedback(
                "electrode_trimmed", "info", "winding", f"{role}.length_mm", round(coated, 1),
                [None, length_1], f"{coated:.0f} mm of {role} electrode was coated "
                f"but only {length_0} mm fits: {coated - length:.0f} mm is cut off"))
    if length < 0.999 * max_len:
        out.append(Feedback(
            "jelly_roll_underfilled", "info", "winding", "length_mm", round(length, 1),
            [round(max_len, 1), None], f"only {length:.0f} mm of electrode for a "
            f"{max_len:.0f} mm jelly roll: coat more slurry to fill the can"))


def _half_cell_feedback(spec: CellSpec, c: CellDesign, out: list[Feedback]) -> None:
    """Lithium inventory of a half cell: who supplies the lithium, and is the foil enough."""
    w = spec.positive.active
    foil_um = float(getattr(spec.negative, "thickness_um", 0.0))
    q_w, q_li = float(c.pos_capacity_mah), float(c.neg_capacity_mah)
    if q_w <= 0 or q_li <= 0:
        return
    if w.lithiated_as_made:
        out.append(Feedback(
            "lithium_excess", "info", "cell", "negative.lithium_metal.thickness_um", foil_um,
            "any", f"{w.name} brings its own lithium: the {foil_um:g} µm foil ({q_li:,.0f} mAh, "
            f"{q_li / q_w:.1f}x the working electrode) only takes it on charge and gives it "
            "back, so its thickness does not change the capacity"))
        return
    need = q_w / w.first_cycle_efficiency  # first lithiation incl. the SEI it forms
    if q_li < need:
        out.append(Feedback(
            "lithium_foil_too_thin", "warning", "cell", "negative.lithium_metal.thickness_um",
            foil_um, [round(foil_um * need / q_li, 1), None],
            f"{w.name} is delithiated as made, so the foil is the only lithium source: "
            f"{q_li:,.0f} mAh of lithium for the {need:,.0f} mAh the first lithiation takes "
            f"(incl. SEI): use at least {foil_um * need / q_li:.0f} µm"))
    else:
        out.append(Feedback(
            "lithium_excess", "info", "cell", "negative.lithium_metal.thickness_um", foil_um,
            [round(foil_um * need / q_li, 1), None],
            f"the foil supplies {w.name}'s lithium: {q_li:,.0f} mAh for the {need:,.0f} mAh "
            f"the first lithiation takes, a {q_li / need:.1f}x excess"))
