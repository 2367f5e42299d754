"""Issue 12: lithium inventory by role, and the potentiostat's figures equal its own curve."""

from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from battery_model import evaluate_cell
from battery_model.gcpl import cutoffs_v

CELLS = Path(__file__).resolve().parents[2] / "recipes" / "cells"
FULL = yaml.safe_load((CELLS / "nmc622_graphite_full.yaml").read_text())
HALF = yaml.safe_load((CELLS / "lfp_li_half.yaml").read_text())
SYMMETRIC = yaml.safe_load((CELLS / "graphite_symmetric.yaml").read_text())


def _half(working: str, foil_um: float, comma_gap_um: float = 180.0) -> dict:
    """A half cell: ``working`` (from the full recipe's electrode of that kind) vs Li foil."""
    spec = copy.deepcopy(FULL)
    if working == "graphite":
        spec["positive"] = spec["negative"]
    spec["positive"]["coating"]["comma_gap_um"] = comma_gap_um
    spec["positive"]["calendering"] = None
    # a short electrode, so the jelly roll never trims it whatever the foil's thickness (the
    # property is about lithium, not about how much electrode fits the can)
    spec["positive"]["dry_mass_g"] /= 4
    spec["positive"]["solvent_mass_g"] /= 4
    spec["negative"] = {"lithium_metal": {"thickness_um": foil_um}}
    return spec


def _codes(r) -> set[str]:
    return {f.code for f in r.feedback}


@settings(max_examples=25, deadline=None)
@given(foil=st.floats(min_value=1, max_value=150), gap=st.floats(min_value=80, max_value=260))
def test_lithiated_cathode_vs_li_capacity_independent_of_foil(foil, gap):
    # the cathode brings its own lithium: the foil only takes it and gives it back (up to
    # 150 µm, where a thicker foil would start to shorten the jelly roll: geometry, not lithium)
    ref = evaluate_cell(_half("NMC622", 20.0, gap), gcpl=False)
    r = evaluate_cell(_half("NMC622", foil, gap), gcpl=False)
    assert r.positive.length_mm == pytest.approx(ref.positive.length_mm, rel=1e-9)
    assert r.capacity_mah > 0
    assert r.capacity_mah == pytest.approx(ref.capacity_mah, rel=1e-9)
    assert r.energy_wh == pytest.approx(ref.energy_wh, rel=1e-9)
    assert "lithium_excess" in _codes(r)


@settings(max_examples=25, deadline=None)
@given(thin=st.floats(min_value=1, max_value=40), gap=st.floats(min_value=80, max_value=200))
def test_graphite_vs_li_loses_capacity_once_foil_too_thin(thin, gap):
    thick = evaluate_cell(_half("graphite", 150.0, gap), gcpl=False)
    r = evaluate_cell(_half("graphite", thin, gap), gcpl=False)
    assert r.positive.length_mm == pytest.approx(thick.positive.length_mm)  # nothing trimmed
    need = r.positive.capacity_mah / 0.92  # graphite's first lithiation incl. SEI
    if r.negative.capacity_mah < need:  # the foil cannot supply it
        assert r.theoretical_capacity_mah < thick.theoretical_capacity_mah
        assert r.capacity_mah <= thick.capacity_mah + 1e-9
        assert "lithium_foil_too_thin" in _codes(r)
    thinner = evaluate_cell(_half("graphite", thin / 2, gap), gcpl=False)
    assert thinner.capacity_mah <= r.capacity_mah + 1e-9


@pytest.mark.parametrize("material", ["graphite", "LFP", "NMC622", "LTO"])
def test_as_made_symmetric_cell_has_no_capacity(material):
    spec = copy.deepcopy(SYMMETRIC)
    for role in ("positive", "negative"):
        spec[role]["active_material"] = material
        if material in ("LFP", "NMC622", "LTO"):
            spec[role].update(binder="PVDF", solvent="NMP")
            spec[role]["coating"]["oven_temps_c"] = [110, 130]
    r = evaluate_cell(spec)
    assert r.capacity_mah == 0 and r.energy_wh == 0 and r.theoretical_capacity_mah == 0
    item = next(f for f in r.feedback if f.code == "symmetric_cell")
    assert item.severity == "error" and "no lithium can move" in item.message


@settings(max_examples=25, deadline=None)
@given(pos_gap=st.floats(min_value=100, max_value=300), neg_gap=st.floats(min_value=100,
                                                                           max_value=300))
def test_swapped_roles_never_give_positive_energy(pos_gap, neg_gap):
    spec = copy.deepcopy(FULL)
    spec["positive"]["coating"]["comma_gap_um"] = pos_gap
    spec["negative"]["coating"]["comma_gap_um"] = neg_gap
    straight = evaluate_cell(spec, gcpl=False)
    spec["positive"], spec["negative"] = spec["negative"], spec["positive"]
    r = evaluate_cell(spec, gcpl=False)
    assert r.energy_wh <= 0 and r.energy_density_wh_kg <= 0 and r.theoretical_energy_wh <= 0
    assert "polarity_reversed" in _codes(r)
    # N/P by physical role: the same as the cell built the right way round
    assert r.n_p_ratio == pytest.approx(straight.n_p_ratio, rel=1e-9)


def _integral_wh(curve) -> float:
    q, v = np.asarray(curve.capacity_mah), np.asarray(curve.voltage_v)
    return float(np.sum(0.5 * (v[1:] + v[:-1]) * np.diff(q))) / 1000.0


@settings(max_examples=25, deadline=None)
@given(gap=st.floats(min_value=120, max_value=300), c_rate=st.floats(min_value=0.05,
                                                                      max_value=3.0),
       which=st.sampled_from(["full", "half", "graphite_half"]))
def test_reported_figures_are_the_discharge_curve(gap, c_rate, which):
    spec = copy.deepcopy(FULL) if which == "full" else (
        copy.deepcopy(HALF) if which == "half" else _half("graphite", 300.0))
    spec["positive"]["coating"]["comma_gap_um"] = gap
    if spec["positive"].get("calendering"):
        spec["positive"]["calendering"]["roll_gap_um"] = 0.8 * gap
    r = evaluate_cell(spec, c_rate=c_rate)
    d = r.gcpl.discharge
    assert d.capacity_mah[-1] == pytest.approx(r.capacity_mah, abs=1e-3)
    if r.energy_wh > 0:
        assert _integral_wh(d) == pytest.approx(r.energy_wh, rel=0.01)
    # the scalar path measures the same
    s = evaluate_cell(spec, gcpl=False, c_rate=c_rate)
    assert (s.capacity_mah, s.energy_wh) == (r.capacity_mah, r.energy_wh)
    assert r.energy_density_wh_kg == pytest.approx(
        r.energy_wh * 1000 / r.masses_g["total"], rel=1e-9)


@pytest.mark.parametrize(("spec", "window"), [
    (HALF, (2.5, 4.0)), (_half("NMC622", 100.0), (3.0, 4.3)),
    (_half("graphite", 300.0), (0.005, 1.5)), (FULL, (2.5, 4.2))])
def test_curves_reach_the_cut_offs(spec, window):
    r = evaluate_cell(copy.deepcopy(spec))
    assert r.capacity_mah > 0
    assert r.gcpl.voltage_window_v == window
    assert r.gcpl.discharge.voltage_v[-1] == pytest.approx(window[0], abs=1e-4)
    assert r.gcpl.charge.voltage_v[-1] == pytest.approx(window[1], abs=1e-4)
    assert min(r.gcpl.discharge.voltage_v) >= window[0] - 1e-4
    assert max(r.gcpl.charge.voltage_v) <= window[1] + 1e-4


def test_cut_off_table_is_by_physical_role():
    from battery_model.materials import catalog
    a = catalog().active
    assert cutoffs_v(a["NMC622"], a["graphite"]) == (2.5, 4.2)
    assert cutoffs_v(a["LFP"], a["graphite"]) == (2.0, 3.6)
    assert cutoffs_v(a["LFP"], a["Li_metal"]) == (2.5, 4.0)
    assert cutoffs_v(a["graphite"], a["Li_metal"]) == (0.005, 1.5)


def test_thick_electrode_loses_capacity_at_2c():
    spec = copy.deepcopy(FULL)
    for role in ("positive", "negative"):
        spec[role]["coating"]["comma_gap_um"] = 300
        spec[role]["calendering"]["roll_gap_um"] = 240
    slow = evaluate_cell(spec, c_rate=0.1)
    fast = evaluate_cell(spec, c_rate=2.0)
    assert fast.gcpl.overpotential_v > 5 * slow.gcpl.overpotential_v
    assert fast.capacity_mah < 0.9 * slow.capacity_mah
