"""Model vs published teardowns of commercial cells (``data/validation_cells.yaml``).

A teardown gives finished electrodes (coating thickness, porosity, maybe length), not the
process choices, so validation enters the model after calendering: eq. 8 inverted gives the
loading, then eq. 12-19 give the jelly roll and masses, and the potentiostat's test (CC-CV
charge, CC discharge at the measured C-rate between the pair's cut-offs of ``data/cutoffs.yaml``)
gives the capacity and energy, as :func:`battery_model.evaluate_cell` reports them.
Figures a teardown leaves out are filled with stated assumptions (:data:`ASSUMED`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from battery_model import core
from battery_model import equations as eq
from battery_model.gcpl import Gcpl, measure
from battery_model.materials import DATA_DIR, catalog
from battery_model.ops import SCALAR
from battery_model.process import constants
from battery_model.yamlio import load_yaml_file

ASSUMED = {
    "am_wt_pct": 96.0,  # typical commercial electrode: 96 % AM, 2 % carbon, 2 % binder
    "porosity": 0.25,  # typical calendered commercial electrode
    "c_rate": 0.2,  # rated capacities are usually given at 0.2C (e.g. the LG and Panasonic specs)
    # the separator of both cited high-energy teardowns here (Chen 2020 M50, Sturm 2019 MJ1);
    # the catalog's 20 µm default is a lab-wound cell's
    "separator_um": 12.0,
}


@dataclass(frozen=True, slots=True)
class Comparison:
    """Model against measurement for one commercial cell."""

    name: str
    model_capacity_ah: float
    measured_capacity_ah: float
    theoretical_capacity_ah: float
    model_energy_density_wh_kg: float | None
    measured_energy_density_wh_kg: float | None
    model_length_mm: float
    max_length_mm: float
    model_mass_g: float
    assumptions: tuple[str, ...]

    @property
    def capacity_error_pct(self) -> float:
        """Relative error of the capacity [%]."""
        return 100.0 * (self.model_capacity_ah / self.measured_capacity_ah - 1.0)

    @property
    def energy_density_error_pct(self) -> float | None:
        """Relative error of the energy density [%], when the cell mass is known."""
        if self.measured_energy_density_wh_kg is None or self.model_energy_density_wh_kg is None:
            return None
        return 100.0 * (self.model_energy_density_wh_kg / self.measured_energy_density_wh_kg
                         - 1.0)


def _electrode(d: dict[str, Any], role: str, fmt_height: float,
               notes: list[str]) -> tuple[core.ElectrodeDesign, Any]:
    cat = catalog()
    am = cat.active_material(d["active_material"], f"{role}.active_material")
    additive = cat.component("conductive_additives", "carbon_black", "additive")
    binder = cat.component("binders", "PVDF" if role == "positive" else "CMC", "binder")
    cc_d = d.get("current_collector") or {}
    cc = cat.component("current_collectors", cc_d.get("material",
                       "Al" if role == "positive" else "Cu"), f"{role}.current_collector")
    cc_um = float(cc_d.get("thickness_um", cc.get("default_thickness_um")))
    if "current_collector" not in d:
        notes.append(f"{role} foil {cc.name} {cc_um:g} µm (catalog default)")
    am_pct = float(d.get("am_wt_pct", ASSUMED["am_wt_pct"]))
    if "am_wt_pct" not in d and "am_volume_fraction" not in d:
        notes.append(f"{role} {am_pct:g} wt% active, rest carbon black and binder")
    rest = (100.0 - am_pct) / 2.0
    rho0 = eq.theoretical_density_g_cm3(am_pct, am.density_g_cm3, rest, additive.density_g_cm3,
                                        rest, binder.density_g_cm3)
    thickness = float(d["coating_thickness_um_per_side"])
    x_am = am_pct / 100.0
    if "am_volume_fraction" in d:  # the source's own active-material volume fraction
        avf, porosity = float(d["am_volume_fraction"]), float(d["porosity"])
        inactive_vf = max(1.0 - porosity - avf, 0.0)  # carbon and binder, half each by volume
        inactive_density = 0.5 * (additive.density_g_cm3 + binder.density_g_cm3)
        x_am = avf * am.density_g_cm3 / (avf * am.density_g_cm3
                                         + inactive_vf * inactive_density)
        loading = thickness * avf * am.density_g_cm3 / 10.0
    elif "am_mass_loading_mg_cm2" in d or "areal_capacity_mah_cm2" in d:
        loading = float(d.get("am_mass_loading_mg_cm2")
                        or float(d["areal_capacity_mah_cm2"]) / am.capacity_mah_g * 1000.0)
        porosity = 1.0 - loading * 10.0 / (thickness * x_am * rho0)
    else:
        porosity = float(d.get("porosity", ASSUMED["porosity"]))
        if "porosity" not in d:
            notes.append(f"{role} porosity {porosity:g}")
        loading = thickness * (1.0 - porosity) * x_am * rho0 / 10.0
    width = float(d.get("electrode_width_mm", fmt_height))
    if "electrode_width_mm" not in d:
        notes.append(f"{role} width = jelly-roll height {fmt_height:g} mm")
    design = core.ElectrodeDesign(
        am_fraction=x_am, am_mass_loading_mg_cm2=loading, dry_thickness_um=thickness,
        porosity=porosity, final_thickness_um=thickness,
        coated_length_mm=float(d.get("electrode_length_mm", float("inf"))),
        calendering_degree=0.0, min_roll_gap_um=None, max_roll_gap_um=None,
        sides=int(d.get("sides", 2)), width_mm=width, cc_thickness_um=cc_um,
        cc_density_g_cm3=cc.density_g_cm3, am_capacity_mah_g=am.capacity_mah_g)
    return design, am


@dataclass(frozen=True, slots=True)
class _Built:
    cell: core.CellDesign
    positive: core.ElectrodeDesign
    negative: core.ElectrodeDesign
    pos_am: Any
    neg_am: Any
    notes: tuple[str, ...]


def _build(case: dict[str, Any]) -> _Built:
    cat = catalog()
    fmt = cat.cell_format(case["format"])
    notes: list[str] = []
    pos, pos_am = _electrode(case["positive"], "positive", fmt.jelly_roll_height_mm, notes)
    neg, neg_am = _electrode(case["negative"], "negative", fmt.jelly_roll_height_mm, notes)
    if "electrode_length_mm" not in case["positive"]:
        notes.append("electrode length = the longest that fits (eq. 13)")
    sep_d = case.get("separator") or {}
    sep = cat.component("separators", "PE", "separator")
    if not sep_d:
        sep_d = {"thickness_um": ASSUMED["separator_um"]}
        notes.append(f"separator PE {ASSUMED['separator_um']:g} µm, catalog porosity")
    electrolyte = cat.component("electrolytes", "LP30", "electrolyte")

    def inventory(q_pos: float, q_neg: float) -> float:
        return core.cyclable_lithium_mah(
            SCALAR, q_pos, q_neg, fce_pos=pos_am.first_cycle_efficiency,
            fce_neg=neg_am.first_cycle_efficiency, pos_lithiated=pos_am.lithiated_as_made,
            neg_lithiated=neg_am.lithiated_as_made, neg_li_metal=False)

    c = core.wound_cell(
        SCALAR, fmt, pos, neg,
        separator_um=float(sep_d.get("thickness_um", sep.get("default_thickness_um"))),
        separator_porosity=float(sep_d.get("porosity", sep.get("default_porosity"))),
        separator_density=sep.density_g_cm3, electrolyte_density=electrolyte.density_g_cm3,
        delta_v=pos_am.avg_potential_v - neg_am.avg_potential_v, cyclable=1.0,
        inventory=inventory, electrolyte_excess=constants().electrolyte_excess_factor)
    return _Built(c, pos, neg, pos_am, neg_am, tuple(notes))


def _test(b: _Built, c_rate: float, curves: bool) -> tuple[float, float, Gcpl | None]:
    c, pos, neg = b.cell, b.positive, b.negative
    thick = max(pos, neg, key=lambda d: d.final_thickness_um)
    area_cm2 = c.length_mm * pos.width_mm * pos.sides / 100.0
    return measure(b.pos_am, b.neg_am, c.pos_capacity_mah, c.neg_capacity_mah,
                   areal_capacity_mah_cm2=c.capacity_mah / area_cm2,
                   thickness_um=pos.final_thickness_um + neg.final_thickness_um,
                   c_rate=c_rate, curves=curves,
                   transport_thickness_um=thick.final_thickness_um,
                   transport_porosity=thick.porosity)


def discharge(case: dict[str, Any], c_rate: float) -> Gcpl:
    """The potentiostat's curves of one teardown case at ``c_rate`` [1/h]."""
    g = _test(_build(case), c_rate, curves=True)[2]
    assert g is not None
    return g


def compare(case: dict[str, Any]) -> Comparison:
    """Run the model on one teardown case."""
    b = _build(case)
    notes = list(b.notes)
    m = case["measured"]
    c_rate = float(m.get("c_rate", ASSUMED["c_rate"]))
    if "c_rate" not in m:
        notes.append(f"tested at {c_rate:g}C")
    q_mah, e_wh, _ = _test(b, c_rate, curves=False)
    c = b.cell
    measured_wh_kg = m.get("energy_density_wh_kg")
    return Comparison(
        name=case["name"], model_capacity_ah=q_mah / 1000.0,
        measured_capacity_ah=float(m["capacity_ah"]),
        theoretical_capacity_ah=c.capacity_mah / 1000.0,
        model_energy_density_wh_kg=e_wh * 1000.0 / c.masses_g["total"],
        measured_energy_density_wh_kg=None if measured_wh_kg is None else float(measured_wh_kg),
        model_length_mm=c.length_mm, max_length_mm=c.max_length_mm,
        model_mass_g=c.masses_g["total"], assumptions=tuple(notes))


def load_cases(path: Path = DATA_DIR / "validation_cells.yaml") -> list[dict[str, Any]]:
    """The teardown cases."""
    data, _ = load_yaml_file(path)
    return list(data)


def report() -> str:
    """A table of model vs teardown for every case."""
    lines = [f"{'cell':<24} {'Ah eq17':>7} {'Ah model':>8} {'Ah meas':>8} {'err %':>6} "
             f"{'Wh/kg model':>11} "
             f"{'Wh/kg meas':>10} {'err %':>6} {'L mm':>6} {'L max':>6} {'g model':>7}"]
    for case in load_cases():
        r = compare(case)
        wh_err = r.energy_density_error_pct
        meas = r.measured_energy_density_wh_kg
        lines.append(
            f"{r.name:<24} {r.theoretical_capacity_ah:7.2f} {r.model_capacity_ah:8.2f} "
            f"{r.measured_capacity_ah:8.2f} "
            f"{r.capacity_error_pct:6.1f} {r.model_energy_density_wh_kg:11.0f} "
            f"{'-' if meas is None else f'{meas:.0f}':>10} "
            f"{'-' if wh_err is None else f'{wh_err:.1f}':>6} {r.model_length_mm:6.0f} "
            f"{r.max_length_mm:6.0f} {r.model_mass_g:7.1f}")
        lines.extend(f"    assumed: {a}" for a in r.assumptions)
    return "\n".join(lines)


if __name__ == "__main__":
    print(report())
