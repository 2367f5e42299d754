"""The model's computation chain (eq. 4-19), shared by the scalar and the vectorised paths.

Inputs are floats or numpy arrays; ``ops`` supplies exp/min/max/where for either.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from battery_model import equations as eq
from battery_model.materials import CellFormat
from battery_model.process import ProcessConstants


@dataclass(slots=True)
class ElectrodeDesign:
    """Electrode properties after coating, drying, calendering and trimming to length."""

    am_fraction: Any
    am_mass_loading_mg_cm2: Any  # per coated side
    dry_thickness_um: Any  # per side
    porosity: Any
    final_thickness_um: Any  # per side
    coated_length_mm: Any  # foil length carrying coating on every side
    calendering_degree: Any
    min_roll_gap_um: Any  # max(eq. 4, the gap that presses the coating to ε_min) [µm]
    max_roll_gap_um: Any
    sides: int
    width_mm: Any
    cc_thickness_um: float
    cc_density_g_cm3: float
    am_capacity_mah_g: float
    cracked: Any = False  # the roll gap crushed the particles (gap < min_roll_gap_um)
    coating_lost_fraction: Any = 0.0  # share of the coating too thick to pass the nip [-]


def coated_electrode(ops: Any, pc: ProcessConstants, *, am_density: float,
                     am_capacity_mah_g: float, calendering: str, additive_density: float,
                     binder_density: float, solvent_density: float, dry_mass_g: Any,
                     active_wt_pct: Any, additive_wt_pct: Any, binder_wt_pct: Any,
                     solvent_mass_g: Any, comma_gap_um: Any, width_mm: Any, sides: int,
                     roll_gap_um: Any | None, cc_thickness_um: float,
                     cc_density_g_cm3: float) -> ElectrodeDesign:
    """Eq. 4-11 for a slurry-coated electrode (``roll_gap_um=None``: not calendered).

    The minimum roll gap is the larger of eq. 4 and the gap at which the coating, at ε_min and
    after its elastic spring-back, just fits (:func:`eq.floor_roll_gap_um`). Below it the
    particles crack: ε = ε_min, and coating that still does not fit under (h_r - t_cc)/sides
    · (1 + spring-back) stays on the rolls (the loading drops), so the electrode is never
    thicker than the gap allows.
    """
    return coated_electrode_positional(
        ops, pc, am_density, am_capacity_mah_g, calendering, additive_density, binder_density,
        solvent_density, dry_mass_g, active_wt_pct, additive_wt_pct, binder_wt_pct,
        solvent_mass_g, comma_gap_um, width_mm, sides, roll_gap_um, cc_thickness_um,
        cc_density_g_cm3)


def coated_electrode_positional(
        ops: Any, pc: ProcessConstants, am_density: float, am_capacity_mah_g: float,
        calendering: str, additive_density: float, binder_density: float,
        solvent_density: float, dry_mass_g: Any, active_wt_pct: Any, additive_wt_pct: Any,
        binder_wt_pct: Any, solvent_mass_g: Any, comma_gap_um: Any, width_mm: Any, sides: int,
        roll_gap_um: Any | None, cc_thickness_um: float,
        cc_density_g_cm3: float) -> ElectrodeDesign:
    """:func:`coated_electrode` with positional arguments, in its order (the scalar path's
    call: 17 keywords cost ~1 µs a call)."""
    am_g = dry_mass_g * active_wt_pct / 100.0
    add_g = dry_mass_g * additive_wt_pct / 100.0
    bin_g = dry_mass_g * binder_wt_pct / 100.0
    x_am = active_wt_pct / 100.0
    wet_um = comma_gap_um - cc_thickness_um
    slurry = eq.slurry_volume_ml(am_g, am_density, add_g, additive_density, bin_g,
                                 binder_density, solvent_mass_g, solvent_density)
    coated = eq.coated_length_mm(slurry, width_mm, wet_um)
    loading = eq.mass_loading_mg_cm2(am_g, coated, width_mm)
    rho0 = eq.theoretical_density_g_cm3(am_g, am_density, add_g, additive_density, bin_g,
                                        binder_density)
    eps0 = pc.porosity_after_drying
    dry_um = eq.electrode_thickness_um(loading, eps0, x_am, rho0)
    cal = pc.calender(calendering)
    min_gap = ops.maximum(
        eq.min_roll_gap_um(loading, am_density, cc_thickness_um, sides,
                           pc.min_am_skeletal_porosity),
        eq.floor_roll_gap_um(dry_um, eps0, cal.eps_min, cc_thickness_um, sides, cal.spring_back))
    max_gap = eq.max_roll_gap_um(dry_um, cc_thickness_um, sides)
    cracked: Any = False
    lost: Any = 0.0
    if roll_gap_um is None:
        degree: Any = 0.0 * dry_um
        porosity: Any = eps0 + 0.0 * dry_um
        final_um = eq.electrode_thickness_um(loading, porosity, x_am, rho0)
    else:
        degree = eq.calendering_degree(dry_um, roll_gap_um, cc_thickness_um, sides)
        cracked = roll_gap_um < min_gap
        porosity = ops.where(cracked, cal.eps_min, eq.porosity_after_calendering(
            degree, loading, eps0, cal.eps_min, cal.a, cal.b, cal.big_b, ops,
            spring_back=cal.spring_back))
        packed_um = eq.electrode_thickness_um(loading, porosity, x_am, rho0)
        final_um = ops.minimum(packed_um, ops.maximum(eq.thickness_after_spring_back_um(
            roll_gap_um, cc_thickness_um, sides, cal.spring_back), 0.0))
        lost = 1.0 - final_um / packed_um
        loading = loading * (1.0 - lost)
    # positional, in field order (a dataclass call with 16 keywords costs ~1 µs more)
    return ElectrodeDesign(x_am, loading, dry_um, porosity, final_um, coated / sides, degree,
                           min_gap, max_gap, sides, width_mm, cc_thickness_um,
                           cc_density_g_cm3, am_capacity_mah_g, cracked, lost)


def lithium_foil(*, thickness_um: Any, density_g_cm3: float, capacity_mah_g: float,
                 width_mm: Any, cc_thickness_um: float,
                 cc_density_g_cm3: float) -> ElectrodeDesign:
    """A dense Li-metal counter electrode, cut to whatever length the winder needs."""
    loading = density_g_cm3 * thickness_um / 10.0
    return ElectrodeDesign(
        am_fraction=1.0, am_mass_loading_mg_cm2=loading, dry_thickness_um=thickness_um,
        porosity=0.0, final_thickness_um=thickness_um, coated_length_mm=float("inf"),
        calendering_degree=0.0, min_roll_gap_um=None, max_roll_gap_um=None, sides=1,
        width_mm=width_mm, cc_thickness_um=cc_thickness_um, cc_density_g_cm3=cc_density_g_cm3,
        am_capacity_mah_g=capacity_mah_g)


@dataclass(slots=True)
class CellDesign:
    """Jelly roll and cell figures (eq. 12-19)."""

    max_length_mm: Any
    length_mm: Any
    stack_thickness_um: Any
    pos_am_g: Any
    neg_am_g: Any
    pos_capacity_mah: Any
    neg_capacity_mah: Any
    capacity_mah: Any
    n_p_ratio: Any
    energy_wh: Any
    electrolyte_ml: Any
    masses_g: dict[str, Any]
    energy_density_wh_kg: Any


def _per_electrode(d: ElectrodeDesign, length: Any, width: Any) -> tuple[Any, Any, Any, Any]:
    area_mm2 = length * width
    am_g = d.am_mass_loading_mg_cm2 * area_mm2 * d.sides / 100_000.0
    coat_vol = d.final_thickness_um * d.sides * area_mm2 / 1000.0
    cc_g = eq.mass_g(d.cc_density_g_cm3, d.cc_thickness_um * area_mm2 / 1000.0)
    return am_g, am_g / d.am_fraction, coat_vol, cc_g


def wound_cell(ops: Any, fmt: CellFormat, pos: ElectrodeDesign, neg: ElectrodeDesign, *,
               separator_um: Any, separator_porosity: float, separator_density: float,
               electrolyte_density: float, delta_v: float, cyclable: float,
               inventory: Any = None, electrolyte_excess: float = 1.1) -> CellDesign:
    """Eq. 12-19: trim to the jelly roll, then masses, capacities and energy density.

    ``cyclable`` is 1 when one electrode brings the lithium the other can take, else 0.
    ``inventory``, if given, maps (q_pos, q_neg) [mAh] to the cell capacity [mAh] instead of
    eq. 17's min(q_pos, q_neg) x cyclable (e.g. :func:`cyclable_lithium_mah` by role).
    ``electrolyte_excess`` multiplies the pore volume filled (eq. 15) [-].
    """
    stack = eq.stack_thickness_um(separator_um, pos.final_thickness_um * pos.sides,
                                  neg.final_thickness_um * neg.sides, pos.cc_thickness_um,
                                  neg.cc_thickness_um)
    max_len = eq.max_electrode_length_mm(stack, fmt.jelly_roll_diameter_mm,
                                         fmt.mandrel_diameter_mm)
    length = ops.minimum(ops.minimum(pos.coated_length_mm, neg.coated_length_mm), max_len)
    w_pos = ops.minimum(pos.width_mm, fmt.jelly_roll_height_mm)
    w_neg = ops.minimum(neg.width_mm, fmt.jelly_roll_height_mm)
    pos_am, pos_coat, pos_vol, pos_cc = _per_electrode(pos, length, w_pos)
    neg_am, neg_coat, neg_vol, neg_cc = _per_electrode(neg, length, w_neg)
    sep_vol = separator_um * length * ops.maximum(w_pos, w_neg) / 1000.0
    sep_g = eq.mass_g(separator_density * (1.0 - separator_porosity), sep_vol)
    el_mm3 = eq.electrolyte_volume_mm3(pos.porosity, pos_vol, neg.porosity, neg_vol,
                                       separator_porosity, sep_vol, electrolyte_excess)
    el_g = eq.mass_g(electrolyte_density, el_mm3)
    q_pos = eq.capacity_mah(pos.am_capacity_mah_g, pos_am)
    q_neg = eq.capacity_mah(neg.am_capacity_mah_g, neg_am)
    q_cell = (ops.minimum(q_pos, q_neg) * cyclable if inventory is None
              else inventory(q_pos, q_neg))
    energy = eq.cell_energy_wh(q_cell, delta_v, 0.0)
    total = pos_coat + neg_coat + pos_cc + neg_cc + el_g + 2.0 * sep_g + fmt.can_mass_g
    masses = {"positive_electrode": pos_coat, "negative_electrode": neg_coat,
              "positive_current_collector": pos_cc, "negative_current_collector": neg_cc,
              "electrolyte": el_g, "separators": 2.0 * sep_g, "can": fmt.can_mass_g + 0.0 * total,
              "total": total}
    # positional, in field order: max_length_mm, length_mm, stack_thickness_um, pos/neg_am_g,
    # pos/neg_capacity_mah, capacity_mah, n_p_ratio, energy_wh, electrolyte_ml, masses_g,
    # energy_density_wh_kg (keywords cost ~1 µs more)
    return CellDesign(max_len, length, stack, pos_am, neg_am, q_pos, q_neg, q_cell,
                      q_neg / q_pos, energy, el_mm3 / 1000.0, masses,
                      eq.energy_density_wh_kg(energy, total))


def cyclable_lithium_mah(ops: Any, q_pos_mah: Any, q_neg_mah: Any, *, fce_pos: float,
                         fce_neg: float, pos_lithiated: bool, neg_lithiated: bool,
                         neg_li_metal: bool) -> Any:
    """Lithium that cycles after formation [mAh], from the inventory by physical role.

    ``pos``/``neg`` are the electrodes with the higher/lower potential; capacities are the
    reversible (practical) ones, fce the half-cell first-cycle efficiency (discharge/charge).
    The lithiated electrode is the source: on the first cycle it gives up to q_src/fce_src (its
    own loss is kinetic: that lithium stays with it, Kasnatscheew et al., Phys. Chem. Chem.
    Phys. 18 (2016) 3956) and the host takes up to q_host/fce_host; the host keeps the fraction
    1 - fce_host of what it took (SEI). The cycled lithium is then capped by both reversible
    capacities. A lithium-metal counter electrode takes any amount (plating) and caps nothing:
    against a lithiated cathode it only takes the cathode's own lithium and gives it back;
    against a delithiated working electrode it is the source (fce 1). Both or neither electrode
    lithiated (a symmetric cell as made): nothing can shuttle, 0.
    """
    if neg_li_metal and pos_lithiated:
        return q_pos_mah * 1.0
    if pos_lithiated == neg_lithiated and not neg_li_metal:
        return 0.0 * q_pos_mah
    if pos_lithiated:  # source positive, host negative
        taken = ops.minimum(q_pos_mah / fce_pos, q_neg_mah / fce_neg)
        kept = taken * fce_neg
    else:  # source negative (lithium metal or a lithiated negative), host positive
        taken = ops.minimum(q_neg_mah / fce_neg, q_pos_mah / fce_pos)
        kept = taken * fce_pos
    cap = q_pos_mah if neg_li_metal else ops.minimum(q_pos_mah, q_neg_mah)
    return ops.maximum(ops.minimum(cap, kept), 0.0)
