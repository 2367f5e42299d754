"""The concept paper's equations 1-19 as small pure functions.

Units are in every name. All functions accept Python floats or numpy arrays; the ones that
need more than arithmetic take ``ops`` (:mod:`battery_model.ops`).
"""

from __future__ import annotations

import math
from typing import Any

from battery_model.ops import SCALAR

TWO_PI = 2.0 * math.pi
QUARTER_PI = 0.25 * math.pi


# --- mixing (eq. 1-3) -------------------------------------------------------------------------
def edge_speed_m_s(planetary_speed_rpm: Any, planetary_radius_m: float,
                   dispersion_speed_rpm: Any, dispersion_radius_m: float) -> Any:
    """Eq. 1: maximum edge speed of the dispersion blade v = 2π(ω_p r_p + ω_d r_d) [m/s]."""
    return TWO_PI * (planetary_speed_rpm / 60.0 * planetary_radius_m
                     + dispersion_speed_rpm / 60.0 * dispersion_radius_m)


def max_shear_rate_1_s(edge_speed: Any, blade_wall_gap_m: float) -> Any:
    """Eq. 2: maximum shear rate v_max / d [1/s]."""
    return edge_speed / blade_wall_gap_m


def max_dispersion_speed_rpm(max_shear_rate: float, blade_wall_gap_m: float,
                             planetary_speed_rpm: float, planetary_radius_m: float,
                             dispersion_radius_m: float) -> float:
    """Eq. 1-2 solved for the dispersion speed that reaches ``max_shear_rate`` [rpm]."""
    edge = max_shear_rate * blade_wall_gap_m
    return (edge / TWO_PI - planetary_speed_rpm / 60.0 * planetary_radius_m) \
        / dispersion_radius_m * 60.0


def min_mixing_time_min(dispersion_speed_rpm: Any, omega_t_constant: float) -> Any:
    """Eq. 3 with b = 0 (turbulent): ω_d t_m = const, so t_m = const / ω_d [min].

    ``omega_t_constant`` is in revolutions; ω_d in rpm gives minutes directly.
    """
    return omega_t_constant / dispersion_speed_rpm


# --- slurry, coating, drying (eq. 5-9) --------------------------------------------------------
def slurry_volume_ml(am_g: Any, am_density: float, additive_g: Any, additive_density: float,
                     binder_g: Any, binder_density: float, solvent_g: Any,
                     solvent_density: float) -> Any:
    """Eq. 5: slurry volume from skeletal densities [ml], masses [g], densities [g/cm3]."""
    return (am_g / am_density + additive_g / additive_density + binder_g / binder_density
            + solvent_g / solvent_density)


def coated_length_mm(slurry_ml: Any, width_mm: Any, wet_thickness_um: Any) -> Any:
    """Eq. 6: coated length l = V·10^6 / (width · wet thickness) [mm]."""
    return slurry_ml * 1_000_000.0 / (width_mm * wet_thickness_um)


def mass_loading_mg_cm2(am_g: Any, coated_length: Any, width_mm: Any) -> Any:
    """Eq. 7: active-material mass loading m_l = m_AM·10^5 / (l · width) [mg/cm2]."""
    return am_g * 100_000.0 / (coated_length * width_mm)


def theoretical_density_g_cm3(am_g: Any, am_density: float, additive_g: Any,
                              additive_density: float, binder_g: Any,
                              binder_density: float) -> Any:
    """Eq. 9: pore-free density ρ0 of the dry coating [g/cm3]."""
    return (am_g + additive_g + binder_g) / (
        am_g / am_density + additive_g / additive_density + binder_g / binder_density)


def electrode_thickness_um(loading_mg_cm2: Any, porosity: Any, am_fraction: Any,
                           rho0_g_cm3: Any) -> Any:
    """Eq. 8: coating thickness of one side t = 10·m_l / ((1-ε)·x_AM·ρ0) [µm]."""
    return loading_mg_cm2 * 10.0 / ((1.0 - porosity) * am_fraction * rho0_g_cm3)


# --- calendering (eq. 4, 10, 11) --------------------------------------------------------------
def calendering_degree(dry_thickness_um: Any, roll_gap_um: Any, cc_thickness_um: float,
                       sides: int = 1) -> Any:
    """Eq. 10: c_d = (t_d - h_r + t_cc) / t_d, with t_d the coating on all ``sides`` [-]."""
    total = dry_thickness_um * sides
    return (total - roll_gap_um + cc_thickness_um) / total


def porosity_after_calendering(degree: Any, loading_mg_cm2: Any, eps0: float, eps_min: float,
                               a: float, b: float, big_b: float, ops: Any = SCALAR, *,
                               spring_back: float | None = None) -> Any:
    """Eq. 11 (inverse sigmoid) for c_d > 0, held inside what rigid rolls allow [-].

    (ε-ε_min)/(ε0-ε_min) = 1/(1+exp((A + b·m_l)·c_d - B)), with A + b·m_l ≥ 0 so that a
    thinner gap never raises ε; a gap at or above the coating (c_d ≤ 0) leaves ε0. The rolls
    cannot press the coating thinner than the gap, so ε ≥ 1-(1-ε0)/(1-c_d); with an elastic
    ``spring_back`` s the coating recovers at most s of the gap, so ε ≤ 1-(1-ε0)/((1-c_d)(1+s))
    (mass conserved), and never below ε_min.
    """
    k = ops.maximum(a + b * loading_mg_cm2, 0.0)
    eps = eps_min + (eps0 - eps_min) / (1.0 + ops.exp(k * degree - big_b))
    squeeze = 1.0 - ops.minimum(degree, 0.999)
    eps = ops.maximum(eps, 1.0 - (1.0 - eps0) / squeeze)
    if spring_back is not None:
        eps = ops.maximum(ops.minimum(eps, 1.0 - (1.0 - eps0) / (squeeze * (1.0 + spring_back))),
                          eps_min)
    return ops.where(degree > 0.0, ops.minimum(eps, eps0), eps0)


def thickness_after_spring_back_um(roll_gap_um: Any, cc_thickness_um: float, sides: int,
                                   spring_back: float) -> Any:
    """Thickest coating of one side the rolls let out: (h_r - t_cc)/sides · (1 + s) [µm]."""
    return (roll_gap_um - cc_thickness_um) / sides * (1.0 + spring_back)


def floor_roll_gap_um(dry_thickness_um: Any, eps0: float, eps_min: float,
                      cc_thickness_um: float, sides: int, spring_back: float) -> Any:
    """Gap below which even ε_min plus spring-back cannot fit the coating's solids [µm].

    t_cc + sides · t_d (1-ε0)/(1-ε_min)/(1+s): a thinner gap must crush the particles.
    """
    return cc_thickness_um + sides * dry_thickness_um * (1.0 - eps0) / (
        (1.0 - eps_min) * (1.0 + spring_back))


def am_skeletal_porosity(loading_mg_cm2: Any, am_density: float, roll_gap_um: Any,
                         cc_thickness_um: float, sides: int = 1) -> Any:
    """Eq. 4: ε_AM = 1 - 10·m_l·sides / (ρ_AM (h_r - t_cc)) [-]."""
    return 1.0 - loading_mg_cm2 * 10.0 * sides / (am_density * (roll_gap_um - cc_thickness_um))


def min_roll_gap_um(loading_mg_cm2: Any, am_density: float, cc_thickness_um: float,
                    sides: int = 1, min_skeletal_porosity: float = 0.20) -> Any:
    """Eq. 4 solved for the roll gap at the minimum AM skeletal porosity [µm]."""
    return cc_thickness_um + loading_mg_cm2 * 10.0 * sides / (
        am_density * (1.0 - min_skeletal_porosity))


def max_roll_gap_um(dry_thickness_um: Any, cc_thickness_um: float, sides: int = 1) -> Any:
    """Largest gap that still calenders: dry coating(s) plus foil [µm]."""
    return cc_thickness_um + dry_thickness_um * sides


# --- winding (eq. 12-14) ----------------------------------------------------------------------
def jelly_roll_volume_mm3(jelly_roll_diameter_mm: float, mandrel_diameter_mm: float,
                          height_mm: float) -> float:
    """Eq. 12: V_max = π/4 (d_j² - d_m²) b [mm3]."""
    return QUARTER_PI * (jelly_roll_diameter_mm ** 2 - mandrel_diameter_mm ** 2) * height_mm


def max_electrode_length_mm(stack_thickness_um: Any, jelly_roll_diameter_mm: float,
                            mandrel_diameter_mm: float) -> Any:
    """Eq. 13: a = 1000/(4 t) · π (d_j² - d_m²) [mm]."""
    return 1000.0 * QUARTER_PI * (jelly_roll_diameter_mm ** 2 - mandrel_diameter_mm ** 2) \
        / stack_thickness_um


def stack_thickness_um(separator_um: float, positive_um: Any, negative_um: Any,
                       cc_positive_um: float, cc_negative_um: float) -> Any:
    """Eq. 14: t = 2 t_sep + t+ + t- + t_cc+ + t_cc- (electrodes counting all coatings) [µm]."""
    return 2.0 * separator_um + positive_um + negative_um + cc_positive_um + cc_negative_um


# --- cell (eq. 15-19) -------------------------------------------------------------------------
def electrolyte_volume_mm3(eps_pos: Any, vol_pos_mm3: Any, eps_neg: Any, vol_neg_mm3: Any,
                           eps_sep: float, vol_sep_mm3: Any, excess: float = 1.1) -> Any:
    """Eq. 15: excess (ε+V+ + ε-V- + 2 ε_sep V_sep) [mm3] (V_sep of one separator layer;
    the paper's excess is 1.1, ``process.yaml`` filling.electrolyte_excess_factor)."""
    return excess * (eps_pos * vol_pos_mm3 + eps_neg * vol_neg_mm3
                     + 2.0 * eps_sep * vol_sep_mm3)


def mass_g(density_g_cm3: float, volume_mm3: Any) -> Any:
    """Eq. 16: m = ρ V / 1000 [g] from [g/cm3] and [mm3]."""
    return density_g_cm3 * volume_mm3 / 1000.0


def capacity_mah(specific_capacity_mah_g: float, am_mass: Any) -> Any:
    """Eq. 17: Q = Q° m_AM [mAh]."""
    return specific_capacity_mah_g * am_mass


def cell_energy_wh(limiting_capacity_mah: Any, positive_v: float, negative_v: float) -> Any:
    """Eq. 18: E = Q/1000 (V+ - V-) [Wh]."""
    return limiting_capacity_mah / 1000.0 * (positive_v - negative_v)


def energy_density_wh_kg(energy: Any, total_mass_g: Any) -> Any:
    """Eq. 19: e = E·1000 / Σm [Wh/kg]."""
    return energy * 1000.0 / total_mass_g
