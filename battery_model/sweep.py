"""Vectorised design sweeps: one base spec, numpy arrays for the parameters that vary."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from battery_model import core
from battery_model.errors import SpecError
from battery_model.evaluate import lithium_shuttles
from battery_model.materials import catalog
from battery_model.ops import ARRAY
from battery_model.process import constants
from battery_model.spec import ElectrodeSpec, parse_cell_spec

_ELECTRODE_KEYS = ("dry_mass_g", "solvent_mass_g", "coating.comma_gap_um", "coating.width_mm",
                   "calendering.roll_gap_um", "fractions_wt_pct.active",
                   "fractions_wt_pct.additive", "fractions_wt_pct.binder")
SWEEPABLE = frozenset({f"{r}.{k}" for r in ("positive", "negative") for k in _ELECTRODE_KEYS}
                      | {"separator.thickness_um"})
OUTPUTS = ("energy_density_wh_kg", "energy_wh", "capacity_mah", "n_p_ratio", "length_mm",
           "positive_am_mass_loading_mg_cm2", "positive_porosity", "positive_final_thickness_um",
           "negative_am_mass_loading_mg_cm2", "negative_porosity", "negative_final_thickness_um")


def _check(name: str, values: np.ndarray, floor: float) -> None:
    bad = ~np.isfinite(values) | (values <= floor)
    if bad.any():
        i = int(np.argmax(bad))
        raise SpecError(name, f"value {values.flat[i]!r} at index {i} must be finite and above "
                              f"{floor:g}")


def _electrode(e: ElectrodeSpec, role: str, p: Mapping[str, np.ndarray], pc: Any,
               sl: slice) -> core.ElectrodeDesign:
    def get(key: str, base: Any) -> Any:
        arr = p.get(f"{role}.{key}")
        return base if arr is None else arr[sl]

    cal = e.calendering
    roll = get("calendering.roll_gap_um", None if cal is None else cal.roll_gap_um)
    return core.coated_electrode(
        ARRAY, pc, am_density=e.active.density_g_cm3, am_capacity_mah_g=e.active.capacity_mah_g,
        calendering=e.active.calendering, additive_density=e.additive.density_g_cm3,
        binder_density=e.binder.density_g_cm3, solvent_density=e.solvent.density_g_cm3,
        dry_mass_g=get("dry_mass_g", e.dry_mass_g),
        active_wt_pct=get("fractions_wt_pct.active", e.active_wt_pct),
        additive_wt_pct=get("fractions_wt_pct.additive", e.additive_wt_pct),
        binder_wt_pct=get("fractions_wt_pct.binder", e.binder_wt_pct),
        solvent_mass_g=get("solvent_mass_g", e.solvent_mass_g),
        comma_gap_um=get("coating.comma_gap_um", e.coating.comma_gap_um),
        width_mm=get("coating.width_mm", e.coating.width_mm), sides=e.coating.sides,
        roll_gap_um=roll, cc_thickness_um=e.cc_thickness_um,
        cc_density_g_cm3=e.current_collector.density_g_cm3)


def sweep(spec: Any, params: Mapping[str, Any], *, chunk: int = 32768) -> dict[str, np.ndarray]:
    """Evaluate many variants of ``spec`` at once (no feedback, no GCPL).

    Parameters
    ----------
    spec : dict or CellSpec
        Base cell spec; both electrodes must be slurry-coated.
    params : mapping
        Dotted parameter name (see :data:`SWEEPABLE`) -> array; arrays broadcast together.
    chunk : int
        Cells per block (keeps the working set in cache).

    Returns
    -------
    dict
        :data:`OUTPUTS` name -> float array of the broadcast shape.
    """
    cs = parse_cell_spec(spec, catalog())
    if not isinstance(cs.positive, ElectrodeSpec) or not isinstance(cs.negative, ElectrodeSpec):
        raise SpecError("negative", "sweeps need two slurry-coated electrodes")
    unknown = sorted(set(params) - SWEEPABLE)
    if unknown:
        raise SpecError(unknown[0], f"cannot be swept; sweepable: {', '.join(sorted(SWEEPABLE))}")
    arrays = dict(zip(params, np.broadcast_arrays(*(np.asarray(v, dtype=float)
                                                   for v in params.values())), strict=True))
    shape = next(iter(arrays.values())).shape if arrays else ()
    flat = {k: np.ascontiguousarray(v).ravel() for k, v in arrays.items()}
    for role, e in (("positive", cs.positive), ("negative", cs.negative)):
        for key in ("coating.comma_gap_um", "calendering.roll_gap_um"):
            if f"{role}.{key}" in flat:
                if key.startswith("calendering") and e.calendering is None:
                    raise SpecError(f"{role}.calendering", "is skipped in the base spec")
                _check(f"{role}.{key}", flat[f"{role}.{key}"], e.cc_thickness_um)
        for key in ("dry_mass_g", "solvent_mass_g", "coating.width_mm", "fractions_wt_pct.active"):
            if f"{role}.{key}" in flat:
                _check(f"{role}.{key}", flat[f"{role}.{key}"], 0.0)
        if any(f"{role}.fractions_wt_pct.{k}" in flat for k in ("active", "additive", "binder")):
            total = sum(flat.get(f"{role}.fractions_wt_pct.{k}", base) for k, base in
                        (("active", e.active_wt_pct), ("additive", e.additive_wt_pct),
                         ("binder", e.binder_wt_pct)))
            _check(f"{role}.fractions_wt_pct", -np.abs(np.asarray(total) - 100.0) + 0.01, 0.0)
    if "separator.thickness_um" in flat:
        _check("separator.thickness_um", flat["separator.thickness_um"], 0.0)
    pc = constants()
    size = int(np.prod(shape)) if shape else 1
    out = {k: np.empty(size) for k in OUTPUTS}
    sep = cs.separator
    delta_v = abs(cs.positive.active.avg_potential_v - cs.negative.active.avg_potential_v)
    cyclable = 1.0 if lithium_shuttles(cs) else 0.0
    for start in range(0, size, chunk):
        sl = slice(start, min(start + chunk, size))
        pos = _electrode(cs.positive, "positive", flat, pc, sl)
        neg = _electrode(cs.negative, "negative", flat, pc, sl)
        sep_um = flat["separator.thickness_um"][sl] if "separator.thickness_um" in flat \
            else sep.thickness_um
        c = core.wound_cell(
            ARRAY, cs.format, pos, neg, separator_um=sep_um, separator_porosity=sep.porosity,
            separator_density=sep.material.density_g_cm3,
            electrolyte_density=cs.electrolyte.density_g_cm3, delta_v=delta_v,
            cyclable=cyclable, electrolyte_excess=pc.electrolyte_excess_factor)
        values = {
            "energy_density_wh_kg": c.energy_density_wh_kg, "energy_wh": c.energy_wh,
            "capacity_mah": c.capacity_mah, "n_p_ratio": c.n_p_ratio, "length_mm": c.length_mm,
            "positive_am_mass_loading_mg_cm2": pos.am_mass_loading_mg_cm2,
            "positive_porosity": pos.porosity,
            "positive_final_thickness_um": pos.final_thickness_um,
            "negative_am_mass_loading_mg_cm2": neg.am_mass_loading_mg_cm2,
            "negative_porosity": neg.porosity,
            "negative_final_thickness_um": neg.final_thickness_um,
        }
        for k, v in values.items():
            out[k][sl] = v
    return {k: v.reshape(shape) for k, v in out.items()}
