"""Where the OCV meets a cut-off: the exact search of the potentiostat's figures against a
dense evaluation of the same interpolated tables (numpy, 200,001 points)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from battery_model import catalog
from battery_model.gcpl import (
    _NO_COUNTER,
    _ocp_segments,
    _ocp_table,
    _ocv_crossing,
    measure,
    ocp_tables,
)

DENSE = np.linspace(0.0, 1.0, 200_001)
POSITIVES = ["NMC111", "NMC622", "NMC811", "NCA", "LCO", "LFP", "LMO", "LNMO"]
NEGATIVES = ["graphite", "Si_graphite", "LTO", None]  # None: lithium metal


def _dense_ocv(p: str, x_p0: float, a_p: float, n: str | None, x_n0: float,
               a_n: float) -> np.ndarray:
    tables = ocp_tables()
    u = np.interp(x_p0 + a_p * DENSE, *tables[p])
    return u if n is None else u - np.interp(x_n0 - a_n * DENSE, *tables[n])


def _crossing(p: str, x_p0: float, a_p: float, n: str | None, x_n0: float, a_n: float,
              key: float, start: float) -> float:
    seg_n, x_n, rate_n = (_NO_COUNTER, 0.0, 1.0) if n is None else (_ocp_segments(n), x_n0,
                                                                      a_n)
    return _ocv_crossing(key, start, _ocp_segments(p), x_p0, a_p, seg_n, x_n, rate_n)


@settings(max_examples=300, deadline=None)
@given(p=st.sampled_from(POSITIVES), n=st.sampled_from(NEGATIVES),
       share_p=st.floats(0.05, 1.0), share_n=st.floats(0.05, 1.0),
       lithiated_n=st.booleans(), level=st.floats(-0.1, 1.1), start=st.sampled_from([0.0, 1.0]))
def test_the_crossing_is_where_the_dense_curve_meets_the_key(p, n, share_p, share_n,
                                                             lithiated_n, level, start):
    # a cell as measure builds it: P charged to 1 - share_p, N to 1 or share_n
    x_p0, a_p = 1.0 - share_p, share_p
    x_n0 = 1.0 if lithiated_n else share_n
    a_n = share_n
    u = _dense_ocv(p, x_p0, a_p, n, x_n0, a_n)
    key = float(u[-1] + level * (u[0] - u[-1]))  # from below the curve's end to above its start
    t = _crossing(p, x_p0, a_p, n, x_n0, a_n, key, start)
    assert 0.0 <= t <= 1.0
    if key >= u[0]:
        assert t == pytest.approx(0.0, abs=1e-12)  # it starts at (rounding) or below the key
    elif key < u[-1]:
        assert t == pytest.approx(1.0, abs=1e-12)  # it never falls to the key
    else:
        dense_t = float(np.interp(key, u[::-1], DENSE[::-1]))
        assert t == pytest.approx(dense_t, abs=2e-5)


def test_flat_stretches_beyond_the_tables_and_exact_knots():
    # x_p runs past both ends of the table (flat there), N starts exactly on a table point
    p, n = "NMC622", "graphite"
    for x_p0, a_p, x_n0, a_n in [(-0.2, 1.4, 1.0, 0.9), (0.5, 0.5, 0.5, 0.5), (0.1, 0.9, 1.0, 1.2)]:
        u = _dense_ocv(p, x_p0, a_p, n, x_n0, a_n)
        for key in np.linspace(u[-1] + 1e-3, u[0] - 1e-3, 7):
            dense_t = float(np.interp(key, u[::-1], DENSE[::-1]))
            for start in (0.0, 1.0):
                assert _crossing(p, x_p0, a_p, n, x_n0, a_n, float(key), start) == \
                    pytest.approx(dense_t, abs=2e-5)


def test_tables_must_fall_with_lithiation(monkeypatch):
    xs, us = ocp_tables()["NMC622"]
    bumped = us.copy()
    bumped[10] = bumped[9] + 0.01  # U rises with x at one point
    fake = {**ocp_tables(), "NMC622": (xs, bumped)}
    monkeypatch.setattr("battery_model.gcpl.ocp_tables", lambda: fake)
    _ocp_table.cache_clear()
    try:
        with pytest.raises(ValueError, match="NMC622"):
            _ocp_table("NMC622")
    finally:
        _ocp_table.cache_clear()


def test_the_discharge_ends_on_the_cut_off():
    # a thick LFP half cell at 2C: the OCV meets v_min + η on the steep end of the LFP curve,
    # where the 256-point grid once searched put the end 7 % off (the curve ended at 2.495 V)
    cat = catalog()
    lfp, li = cat.active["LFP"], cat.active["Li_metal"]
    capacity, _, g = measure(lfp, li, 1812.0, 2704.0, areal_capacity_mah_cm2=7.74,
                             thickness_um=225.0, c_rate=2.0, transport_thickness_um=225.0,
                             transport_porosity=0.25, extra_asr_ohm_cm2=13.4)
    assert len(g.discharge.voltage_v) == 256  # it reached the cut-off (no collapse appended)
    assert g.discharge.voltage_v[-1] == pytest.approx(g.voltage_window_v[0], abs=2e-4)
    assert g.discharge.capacity_mah[-1] == pytest.approx(capacity, abs=1e-4)


@pytest.mark.parametrize("field", ["cycled_mah", "areal_capacity_mah_cm2", "thickness_um"])
@pytest.mark.parametrize("bad", [float("nan"), float("inf")])
def test_non_finite_inputs_give_nan_or_nothing_never_an_index_error(field, bad):
    cat = catalog()
    kw = dict(areal_capacity_mah_cm2=3.5, thickness_um=160.0, cycled_mah=2500.0)
    kw[field] = bad
    for curves in (False, True):
        capacity, energy, _ = measure(cat.active["NMC622"], cat.active["graphite"], 2800.0,
                                      3000.0, curves=curves, **kw)
        assert (np.isnan(capacity) and np.isnan(energy)) or (capacity, energy) == (0.0, 0.0)
