"""Figures of a batch in progress (slurry volume, coated length, loading) from its history.

Uses the concept paper's equations from :mod:`battery_model.equations` and the catalog's
densities, so the line and the potentiostat agree.
"""

from __future__ import annotations

from typing import Any

from battery_model import catalog
from battery_model import equations as eq
from scripts_py.line import history


def _density(group: str, name: str | None) -> float:
    cat = catalog()
    if group == "active_materials":
        return cat.active[str(name)].density_g_cm3
    return cat.components[group][str(name)].density_g_cm3


def component_masses_g(item: dict[str, Any]) -> dict[str, float] | None:
    """Dry masses of active material, additive and binder [g] (None before dispensing)."""
    d = history.first(item, "dispensing")
    if d is None:
        return None
    p = d["params"]
    m = float(p["dry_mass_g"])
    return {"active": m * p["active_wt_pct"] / 100.0, "additive": m * p["additive_wt_pct"] / 100.0,
            "binder": m * p["binder_wt_pct"] / 100.0}


def solvent_mass_g(item: dict[str, Any]) -> float:
    """Solvent added so far [g]."""
    return sum(float(s["params"]["solvent_mass_g"]) for s in history.steps(item, "solvent_filling"))


def solid_content_wt_pct(item: dict[str, Any]) -> float | None:
    """Dry mass over slurry mass [wt%] (None before dispensing)."""
    masses = component_masses_g(item)
    if masses is None:
        return None
    dry = sum(masses.values())
    return 100.0 * dry / (dry + solvent_mass_g(item))


def slurry_volume_ml(item: dict[str, Any]) -> float | None:
    """Eq. 5: volume of the slurry in the pot [ml] (None before solvent is added)."""
    d, s = history.first(item, "dispensing"), history.first(item, "solvent_filling")
    masses = component_masses_g(item)
    if d is None or s is None or masses is None:
        return None
    p = d["params"]
    additive = p.get("conductive_additive")
    add_density = _density("conductive_additives", additive) if additive else 1.0
    return eq.slurry_volume_ml(
        masses["active"], _density("active_materials", p["active_material"]),
        masses["additive"], add_density, masses["binder"], _density("binders", p["binder"]),
        solvent_mass_g(item), _density("solvents", s["params"]["solvent"]))


def pass_length_mm(item: dict[str, Any], comma_gap_um: float, width_mm: float,
                   foil_thickness_um: float) -> float:
    """Eq. 6 per coated side: half the slurry goes on each side of the foil [mm]."""
    volume = slurry_volume_ml(item) or 0.0
    return eq.coated_length_mm(volume, width_mm, comma_gap_um - foil_thickness_um) / 2.0


def roll_length_mm(item: dict[str, Any]) -> float:
    """Length of foil coated so far [mm] (0 before coating)."""
    a = history.side_a(item)
    return 0.0 if a is None else float(a["out"]["length_mm"])


def am_loading_mg_cm2(item: dict[str, Any], length_mm: float, width_mm: float) -> float | None:
    """Eq. 7 per side: active material per area of one coated side [mg/cm2]."""
    masses = component_masses_g(item)
    if masses is None or length_mm <= 0:
        return None
    return eq.mass_loading_mg_cm2(masses["active"] / 2.0, length_mm, width_mm)
