"""Each equation of the paper against a value computed by hand."""

import math

import numpy as np
import pytest

from battery_model import equations as eq
from battery_model.ops import ARRAY, SCALAR


def test_eq1_edge_speed():
    # 2π (100/60·0.05 + 1500/60·0.03) = 2π·0.833333
    assert eq.edge_speed_m_s(100, 0.05, 1500, 0.03) == pytest.approx(5.235988, rel=1e-6)


def test_eq2_shear_rate_and_inverse():
    assert eq.max_shear_rate_1_s(5.235988, 0.005) == pytest.approx(1047.1976, rel=1e-6)
    rpm = eq.max_dispersion_speed_rpm(1047.1976, 0.005, 100, 0.05, 0.03)
    assert rpm == pytest.approx(1500, rel=1e-5)


def test_eq3_min_mixing_time():
    assert eq.min_mixing_time_min(1500, 90_000) == pytest.approx(60.0)
    assert eq.min_mixing_time_min(3000, 90_000) == pytest.approx(30.0)


def test_eq5_slurry_volume():
    # 94/4.7 + 3/1.9 + 3/1.78 + 55/1.028
    v = eq.slurry_volume_ml(94, 4.7, 3, 1.9, 3, 1.78, 55, 1.028)
    assert v == pytest.approx(20 + 1.578947 + 1.685393 + 53.501946, rel=1e-6)


def test_eq6_eq7_length_and_loading():
    length = eq.coated_length_mm(76.766286, 60, 185)
    assert length == pytest.approx(6915.88, rel=1e-5)
    assert eq.mass_loading_mg_cm2(94, length, 60) == pytest.approx(22.6532, rel=1e-5)


def test_eq8_eq9_density_and_thickness():
    rho0 = eq.theoretical_density_g_cm3(94, 4.7, 3, 1.9, 3, 1.78)
    assert rho0 == pytest.approx(100 / 23.264340, rel=1e-6)
    assert eq.electrode_thickness_um(22.6532, 0.55, 0.94, rho0) == pytest.approx(124.589, rel=1e-4)


def test_eq10_calendering_degree_single_and_double_sided():
    assert eq.calendering_degree(124.589, 100, 15) == pytest.approx(39.589 / 124.589, rel=1e-6)
    # two coatings of 100 µm on a 15 µm foil pressed to 175 µm: (200 - 175 + 15)/200
    assert eq.calendering_degree(100, 175, 15, sides=2) == pytest.approx(0.2)


def test_eq11_porosity_sigmoid_and_bounds():
    # exponent (10 + 0.1·20)·0.3 - 5 = -1.4
    eps = eq.porosity_after_calendering(0.3, 20, 0.55, 0.25, 10, 0.1, 5)
    assert eps == pytest.approx(0.25 + 0.3 / (1 + math.exp(-1.4)), rel=1e-9)
    # no calendering at c_d <= 0
    assert eq.porosity_after_calendering(0.0, 20, 0.55, 0.25, 10, 0.1, 5) == 0.55
    assert eq.porosity_after_calendering(-0.2, 20, 0.55, 0.25, 10, 0.1, 5) == 0.55
    # the geometric bound: the rolls cannot press below the gap
    eps_hard = eq.porosity_after_calendering(0.3, 20, 0.55, 0.25, 200, 0.1, 5)
    assert eps_hard == pytest.approx(1 - 0.45 / 0.7)


def test_eq11_same_for_floats_and_arrays():
    cd = np.array([-0.1, 0.0, 0.1, 0.3, 0.6])
    arr = eq.porosity_after_calendering(cd, 15.0, 0.55, 0.18, 12, 0.05, 4, ARRAY)
    one = [eq.porosity_after_calendering(float(c), 15.0, 0.55, 0.18, 12, 0.05, 4, SCALAR)
           for c in cd]
    np.testing.assert_allclose(arr, one, rtol=1e-12)


def test_eq4_skeletal_porosity_and_roll_gap_window():
    assert eq.am_skeletal_porosity(20, 4.7, 80, 15) == pytest.approx(1 - 200 / (4.7 * 65))
    gap = eq.min_roll_gap_um(20, 4.7, 15)
    assert gap == pytest.approx(15 + 200 / (4.7 * 0.8))
    assert eq.am_skeletal_porosity(20, 4.7, gap, 15) == pytest.approx(0.2)
    assert eq.min_roll_gap_um(20, 4.7, 15, sides=2) == pytest.approx(15 + 400 / (4.7 * 0.8))
    assert eq.max_roll_gap_um(120, 15, sides=2) == pytest.approx(255)


def test_eq12_to_14_winding():
    assert eq.jelly_roll_volume_mm3(17.2, 2, 60) == pytest.approx(math.pi / 4 * 291.84 * 60)
    assert eq.max_electrode_length_mm(400, 17.2, 2) == pytest.approx(
        1000 * math.pi / 4 * 291.84 / 400)
    assert eq.stack_thickness_um(20, 150, 160, 15, 10) == pytest.approx(375)


def test_eq15_to_19_cell():
    assert eq.electrolyte_volume_mm3(0.3, 1000, 0.35, 2000, 0.45, 500) == pytest.approx(1595)
    assert eq.mass_g(1.26, 1595) == pytest.approx(2.0097)
    assert eq.capacity_mah(178, 10) == pytest.approx(1780)
    assert eq.cell_energy_wh(2500, 3.86, 0.15) == pytest.approx(9.275)
    assert eq.energy_density_wh_kg(9.275, 45) == pytest.approx(206.111, rel=1e-5)
