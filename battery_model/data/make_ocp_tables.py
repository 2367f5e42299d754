"""Maintainer tool: regenerate ``ocp.yaml`` (half-cell open-circuit potential tables).

Not imported by ``battery_model`` at run time; the package only reads the YAML.
It needs ``pybamm`` (for its published OCP fits), ``numpy`` and ``scipy``; install
them in a throwaway virtual environment, not in the project's environment:

    python3 -m venv /tmp/ocp-venv
    /tmp/ocp-venv/bin/pip install pybamm
    /tmp/ocp-venv/bin/python battery_model/data/make_ocp_tables.py [output.yaml]

The output defaults to ``ocp.yaml`` next to this file.  The script prints the
trapezoid-average potential of every table so it can be compared with the
average potentials in ``materials.yaml``.

Method.  Every published OCP function U(sto) is given as a function of its own
stoichiometry ``sto``.  For each material a *practical window* [sto_lo, sto_hi]
is chosen (sto_lo: potential at the upper cut-off, charged / delithiated;
sto_hi: potential at the lower cut-off, discharged / lithiated, or the end of the
published data), and the table uses x = (sto - sto_lo) / (sto_hi - sto_lo) on 41
equally spaced points.  Values are rounded to 0.1 mV and then made strictly
decreasing (each value is capped at the previous one minus 0.1 mV), which only
touches flat two-phase plateaus by at most a few mV.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from pybamm.input.parameters.lithium_ion import (
    Chen2020,
    Ecker2015,
    Marquis2019,
    Mohtat2020,
    NCA_Kim2011,
    Prada2013,
)
from scipy.optimize import brentq

N_POINTS = 41
X = np.linspace(0.0, 1.0, N_POINTS)
STEP_V = 1e-4  # table resolution (4 decimals) and minimum decrement between points

# Chen et al. 2020: LG M50 electrode stoichiometry limits at 100 % and 0 % cell SOC
# (4.2 V and 2.5 V cell cut-offs), as reported in the paper (other re-uses quote 0.9077
# for the positive 0 % SOC limit; the difference is immaterial here).
CHEN_POS_STO = (0.2661, 0.9084)
CHEN_NEG_STO = (0.0279, 0.9014)


# ---------------------------------------------------------------------------
# Published fits that PyBaMM does not ship (coefficients are figures from the
# cited papers, re-typed here).
# ---------------------------------------------------------------------------

def lmo_doyle1996(y):
    """Li_yMn2O4 OCP fit of Doyle, Newman, Gozdz, Schmutz & Tarascon,
    J. Electrochem. Soc. 143 (1996) 1890 (y = lithium fraction)."""
    y = np.asarray(y, dtype=float)
    return (
        4.19829
        + 0.0565661 * np.tanh(8.60942 - 14.5546 * y)
        - 0.0275479 * ((0.998432 - y) ** -0.492465 - 1.90111)
        - 0.157123 * np.exp(-0.04738 * y**8)
        + 0.810239 * np.exp(-40.0 * (y - 0.133875))
    )


# Yao & Viswanathan, J. Phys. Chem. Lett. 15 (2024) 1143: Redlich-Kister fit of
# Li4Ti5O12 (coefficients in J/mol, T = 300 K, common-tangent plateau between
# x_alpha and x_beta).
_LTO_G0 = -155432.9219
_LTO_OMEGA = (14025.5664, 15593.5771, -100475.7578, -26389.4648)
_LTO_GAP = (0.1186100244522095, 0.8482373952865601)
_LTO_MU_COEX = -155770.73438
_F = 96485.0
_RT300 = 8.314 * 300.0
LTO_TARGET_PLATEAU_V = 1.55


def _lto_mu(x):
    x = np.asarray(x, dtype=float)
    one_m_2x = 1.0 - 2.0 * x
    mu = _LTO_G0 + _RT300 * np.log(x / (1.0 - x))
    for k, omega in enumerate(_LTO_OMEGA):
        # d/dx of x(1-x) * omega * (1-2x)^k, written out
        term = one_m_2x ** (k + 1)
        if k > 0:
            term = term - 2.0 * k * x * (1.0 - x) * one_m_2x ** (k - 1)
        mu = mu + omega * term
    inside = (x >= _LTO_GAP[0]) & (x <= _LTO_GAP[1])
    return np.where(inside, _LTO_MU_COEX, mu)


def lto_yao2024_shifted(x):
    plateau = -_LTO_MU_COEX / _F
    return -_lto_mu(x) / _F + (LTO_TARGET_PLATEAU_V - plateau)


# Pron et al., J. Electrochem. Soc. 166 (2019) A2255: LiNi0.5Mn1.5O4 half-cell
# OCV vs stoichiometry (tabulated in the BattMo parameter file LNMO_Pron_OCV.json).
LNMO_PRON_STO = np.array([
    0.0189085, 0.0291227, 0.0393364, 0.0484801, 0.0597759, 0.0700003, 0.0802146,
    0.0904282, 0.100654, 0.110868, 0.121081, 0.131306, 0.141521, 0.151746,
    0.16196, 0.172173, 0.182398, 0.192613, 0.202836, 0.213052, 0.223266,
    0.23349, 0.243705, 0.25393, 0.264143, 0.274358, 0.284582, 0.294796,
    0.305011, 0.315236, 0.32545, 0.335675, 0.345888, 0.356104, 0.366327,
    0.376542, 0.386766, 0.396981, 0.407195, 0.41742, 0.427633, 0.437859,
    0.448072, 0.458287, 0.468511, 0.478726, 0.48894, 0.499164, 0.509379,
    0.519798, 0.529818, 0.540032, 0.550257, 0.560471, 0.570694, 0.58091,
    0.591124, 0.601348, 0.611562, 0.621983, 0.632002, 0.642216, 0.652441,
    0.662654, 0.67288, 0.683094, 0.693416, 0.703533, 0.713747, 0.723961,
    0.734186, 0.7444, 0.754625, 0.764839, 0.775053, 0.785278, 0.805716,
    0.815931, 0.826145, 0.83637, 0.846583, 0.856808, 0.867022, 0.877237,
    0.887461, 0.897677, 0.907895, 0.918114, 0.928332, 0.93855, 0.948768,
    0.958986, 0.969204, 0.979423, 0.989642, 0.99986,
])
LNMO_PRON_V = np.array([
    4.85689, 4.83565, 4.82253, 4.81472, 4.80785, 4.80348, 4.80067, 4.79817,
    4.79629, 4.79442, 4.79317, 4.79161, 4.79067, 4.79036, 4.7888, 4.78786,
    4.78661, 4.78598, 4.78536, 4.78505, 4.7838, 4.78349, 4.78317, 4.78255,
    4.78161, 4.78099, 4.78068, 4.78005, 4.77974, 4.77818, 4.77786, 4.77693,
    4.7763, 4.77568, 4.77537, 4.77443, 4.7738, 4.77318, 4.77287, 4.7713,
    4.77068, 4.76724, 4.76256, 4.75725, 4.75381, 4.75256, 4.75163, 4.75038,
    4.75006, 4.74944, 4.7485, 4.74788, 4.74788, 4.74819, 4.74694, 4.74663,
    4.74632, 4.74632, 4.74538, 4.74507, 4.74507, 4.74351, 4.74382, 4.74319,
    4.74226, 4.74038, 4.74038, 4.73788, 4.7357, 4.73257, 4.73007, 4.72726,
    4.7257, 4.7257, 4.7257, 4.72476, 4.72008, 4.71571, 4.70977, 4.70134,
    4.69072, 4.6801, 4.66511, 4.64324, 4.61138, 4.56453, 4.49612, 4.37087,
    4.27123, 4.19752, 4.14411, 4.10381, 4.06852, 4.03322, 3.98918, 3.55626,
])


def lnmo_pron2019(sto):
    return np.interp(sto, LNMO_PRON_STO, LNMO_PRON_V)


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------

def sto_at(fun, volts, a, b):
    """Stoichiometry in [a, b] where the (decreasing) OCP equals ``volts``."""
    return float(brentq(lambda s: float(fun(s)) - volts, a, b, xtol=1e-10))


def on_window(fun, lo, hi):
    """OCP sampled on X after mapping [lo, hi] in stoichiometry onto x in [0, 1]."""
    return np.asarray(fun(lo + X * (hi - lo)), dtype=float)


def finish(u):
    """Round to 0.1 mV and make strictly decreasing."""
    u = np.round(np.asarray(u, dtype=float), 4)
    for i in range(1, len(u)):
        if u[i] > u[i - 1] - STEP_V:
            u[i] = round(u[i - 1] - STEP_V, 4)
    return u


def table_mean(u):
    return float(np.trapezoid(u, X))


# ---------------------------------------------------------------------------
# the curves
# ---------------------------------------------------------------------------

def build():
    curves = {}

    # NMC811: Chen2020 fit on the LG M50 window.
    nmc811 = Chen2020.nmc_LGM50_ocp_Chen2020
    u811 = on_window(nmc811, *CHEN_POS_STO)
    curves["NMC811"] = (
        "Chen et al., J. Electrochem. Soc. 167 (2020) 080534 (LG M50 positive electrode "
        "OCP; tabulated via PyBaMM parameter set Chen2020), resampled: the published fit "
        f"U(sto) over the cell's practical window sto = {CHEN_POS_STO[0]}..{CHEN_POS_STO[1]} "
        "(Chen's reported LG M50 stoichiometry limits at 100 % / 0 % cell SOC, 4.2 V / 2.5 V cell cut-offs; about 4.29 V to 3.56 V vs Li).",
        u811,
    )

    # NMC532: Mohtat2020 fit, 4.3 V .. 3.0 V vs Li.
    nmc532 = Mohtat2020.NMC_ocp_PeymanMPM
    lo532 = sto_at(nmc532, 4.3, 0.0, 0.5)
    hi532 = sto_at(nmc532, 3.0, 0.9, 1.0)
    u532 = on_window(nmc532, lo532, hi532)
    curves["NMC532"] = (
        "Mohtat et al. NMC532 OCP fit (PyBaMM parameter set Mohtat2020: Mohtat, Lee, "
        "Sulzer, Siegel, Stefanopoulou, J. Electrochem. Soc. 167 (2020) 110561), resampled: "
        f"window sto = {lo532:.4f}..{hi532:.4f}, i.e. 4.30 V to 3.00 V vs Li.",
        u532,
    )

    # NMC111: sister chemistry (NMC532 fit), narrower 4.2 V .. 3.0 V window.
    lo111 = sto_at(nmc532, 4.2, 0.0, 0.5)
    u111 = on_window(nmc532, lo111, hi532)
    curves["NMC111"] = (
        "No PyBaMM NMC111 set; sister chemistry: the Mohtat2020 NMC532 OCP fit "
        "(Mohtat et al., J. Electrochem. Soc. 167 (2020) 110561) sampled over "
        f"sto = {lo111:.4f}..{hi532:.4f}, i.e. 4.20 V to 3.00 V vs Li (no voltage shift). "
        "Derived, not measured NMC111 data.",
        u111,
    )

    # NMC622: Ni-content interpolation between the NMC532 and NMC811 tables.
    w811 = (0.6 - 0.5) / (0.8 - 0.5)
    u622 = (1.0 - w811) * u532 + w811 * u811
    curves["NMC622"] = (
        "No PyBaMM NMC622 set; derived: point-by-point blend at equal x of the NMC532 "
        "table (Mohtat2020 fit, weight 2/3) and the NMC811 table (Chen et al., "
        "J. Electrochem. Soc. 167 (2020) 080534, weight 1/3), weights linear in Ni content "
        "(0.6 between 0.5 and 0.8). Derived, not measured NMC622 data.",
        u622,
    )

    # NCA: Kim2011 fit, 4.3 V .. 3.0 V vs Li.
    nca = NCA_Kim2011.nca_ocp_Kim2011
    lo_nca = sto_at(nca, 4.3, 0.2, 0.5)
    hi_nca = sto_at(nca, 3.0, 0.9, 0.995)
    curves["NCA"] = (
        "Kim, Smith, Lee, Santhanagopalan, Pesaran, J. Electrochem. Soc. 158 (2011) A955 "
        "NCA OCP fit (PyBaMM parameter set NCA_Kim2011), resampled: window "
        f"sto = {lo_nca:.4f}..{hi_nca:.4f}, i.e. 4.30 V to 3.00 V vs Li (the fitted data "
        "start at 4.21 V; 4.21-4.30 V is extrapolated by the fit).",
        on_window(nca, lo_nca, hi_nca),
    )

    # LCO: Marquis2019 (Dualfoil) fit, 4.2 V .. 3.0 V vs Li.
    lco = Marquis2019.lico2_ocp_Dualfoil1998
    lo_lco = sto_at(lco, 4.2, 0.3, 0.7)
    hi_lco = sto_at(lco, 3.0, 0.9, 0.99)
    curves["LCO"] = (
        "LiCoO2 OCP fit from Dualfoil (Doyle/Newman; PyBaMM parameter set Marquis2019: "
        "Marquis, Sulzer, Timms, Please, Chapman, J. Electrochem. Soc. 166 (2019) A3693), "
        f"resampled: window sto = {lo_lco:.4f}..{hi_lco:.4f}, i.e. 4.20 V to 3.00 V vs Li.",
        on_window(lco, lo_lco, hi_lco),
    )

    # LMO: Doyle 1996 fit, 4.3 V .. 3.5 V vs Li.
    lo_lmo = sto_at(lmo_doyle1996, 4.3, 0.14, 0.6)
    hi_lmo = sto_at(lmo_doyle1996, 3.5, 0.9, 0.998)
    curves["LMO"] = (
        "No PyBaMM LMO set; Li_yMn2O4 OCP fit of Doyle, Newman, Gozdz, Schmutz, Tarascon, "
        "J. Electrochem. Soc. 143 (1996) 1890 (as used in Dualfoil), resampled: window "
        f"y = {lo_lmo:.4f}..{hi_lmo:.4f}, i.e. 4.30 V to 3.50 V vs Li (4 V region only).",
        on_window(lmo_doyle1996, lo_lmo, hi_lmo),
    )

    # LFP: Afshar fit used by Prada2013, 4.0 V (not reached, sto = 0) .. 2.5 V vs Li.
    lfp = Prada2013.LFP_ocp_Afshar2017
    hi_lfp = sto_at(lfp, 2.5, 0.9, 1.0)
    curves["LFP"] = (
        "LFP OCP fit of Afshar, Morris, Khajepour (2017), arXiv:1709.03970, as used in "
        "PyBaMM parameter set Prada2013 (Prada et al., J. Electrochem. Soc. 160 (2013) "
        f"A616), resampled: window sto = 0..{hi_lfp:.4f} (fit gives 3.91 V at sto = 0, "
        "below the 4.0 V cut-off; 2.50 V at the lithiated end).",
        on_window(lfp, 0.0, hi_lfp),
    )

    # LNMO: Pron 2019 data over its whole range (4.86 V .. 3.56 V).
    curves["LNMO"] = (
        "No PyBaMM LNMO set; LiNi0.5Mn1.5O4 half-cell OCV of Pron, Versaci, Amici, Francia, "
        "Santarelli, Bodoardo, J. Electrochem. Soc. 166 (2019) A2255 (96 points as "
        "tabulated in the BattMo parameter file LNMO_Pron_OCV.json), linearly "
        f"interpolated over its whole range sto = {LNMO_PRON_STO[0]}..{LNMO_PRON_STO[-1]} "
        "(4.86 V to 3.56 V vs Li); 8 small (<0.4 mV) rises in the data removed by the "
        "strictly-decreasing pass.",
        on_window(lnmo_pron2019, LNMO_PRON_STO[0], LNMO_PRON_STO[-1]),
    )

    # LTO: Yao & Viswanathan RK fit, plateau shifted to 1.55 V, 2.5 V .. 1.0 V vs Li.
    shift = LTO_TARGET_PLATEAU_V + _LTO_MU_COEX / _F
    lo_lto = sto_at(lto_yao2024_shifted, 2.5, 1e-4, 0.11)
    hi_lto = sto_at(lto_yao2024_shifted, 1.0, 0.85, 0.9999)
    curves["LTO"] = (
        "No PyBaMM LTO set; derived from the Redlich-Kister OCV fit of Li4Ti5O12 in Yao & "
        "Viswanathan, J. Phys. Chem. Lett. 15 (2024) 1143 (coefficients as published with "
        "the paper's code, BattModels/Diffthermo_OCV_paper): the fit's two-phase plateau "
        f"({-_LTO_MU_COEX / _F:.4f} V, fitted to a charge curve) shifted by {shift:+.4f} V "
        "so the plateau sits at the 1.55 V equilibrium value; window "
        f"x_Li = {lo_lto:.4f}..{hi_lto:.4f}, i.e. 2.50 V to 1.00 V vs Li after the shift. "
        "The flat plateau is given a 0.1 mV-per-point slope by the strictly-decreasing pass.",
        on_window(lto_yao2024_shifted, lo_lto, hi_lto),
    )

    # graphite: Ecker2015 fit, 1.0 V .. fully lithiated (sto = 1, 0.065 V).
    gr = Ecker2015.graphite_ocp_Ecker2015
    lo_gr = sto_at(gr, 1.0, 0.0, 0.2)
    curves["graphite"] = (
        "Ecker et al., J. Electrochem. Soc. 162 (2015) A1836 graphite OCP (fit by "
        "Richardson et al., Electrochim. Acta 339 (2020) 135862; PyBaMM parameter set "
        f"Ecker2015), resampled: window sto = {lo_gr:.4f}..1 (1.00 V to 0.065 V vs Li; the "
        "fit does not reach 0.01 V).",
        on_window(gr, lo_gr, 1.0),
    )

    # Si_graphite: LG M50 graphite-SiOx negative electrode (Chen2020).
    curves["Si_graphite"] = (
        "Chen et al., J. Electrochem. Soc. 167 (2020) 080534 (LG M50 graphite-SiOx negative "
        "electrode OCP; tabulated via PyBaMM parameter set Chen2020), resampled: the "
        f"published fit over the cell's practical window sto = {CHEN_NEG_STO[0]}.."
        f"{CHEN_NEG_STO[1]} (Chen's reported LG M50 stoichiometry limits at 0 % / 100 % cell SOC; about 1.06 V to 0.09 V vs Li).",
        on_window(Chen2020.graphite_LGM50_ocp_Chen2020, *CHEN_NEG_STO),
    )

    curves["Li_metal"] = (
        "Lithium metal reference electrode: 0 V vs Li/Li+ by definition (flat).",
        np.zeros(N_POINTS),
    )
    return curves


ORDER = [
    "NMC111", "NMC532", "NMC622", "NMC811", "NCA", "LCO", "LMO", "LFP", "LNMO", "LTO",
    "graphite", "Si_graphite", "Li_metal",
]

HEADER = """\
# Half-cell open-circuit potential vs Li/Li+ as a function of the fraction of the material's practical capacity that is lithiated.
# x = 0: fully delithiated (charged cathode / empty anode), x = 1: fully lithiated at practical capacity.
# Generated by make_ocp_tables.py (maintainer tool; see its docstring to rerun). Do not edit by hand.
# Each curve: 41 points; u_v in volts rounded to 0.1 mV and made strictly decreasing
# (except Li_metal, flat at 0 V). mean_v comments: trapezoid average of u_v over x.
"""


def fmt_list(values, fmt):
    return "[" + ", ".join(fmt.format(v) for v in values) + "]"


def to_yaml(curves):
    lines = [HEADER.rstrip("\n"), "curves:"]
    for name in ORDER:
        source, u = curves[name]
        u = np.zeros(N_POINTS) if name == "Li_metal" else finish(u)
        curves[name] = (source, u)
        lines.append(f"  {name}:  # mean_v = {table_mean(u):.4f}")
        src = source.replace("\\", "\\\\").replace('"', '\\"')
        lines.append(f'    source: "{src}"')
        lines.append("    x: " + fmt_list(X, "{:.3f}"))
        lines.append("    u_v: " + fmt_list(u, "{:.4f}"))
    return "\n".join(lines) + "\n"


def main(argv):
    out = Path(argv[1]) if len(argv) > 1 else Path(__file__).with_name("ocp.yaml")
    curves = build()
    text = to_yaml(curves)
    out.write_text(text, encoding="utf-8")
    for name in ORDER:
        _, u = curves[name]
        print(f"{name:12s} mean {table_mean(u):.4f} V   U(0) {u[0]:.4f}  U(1) {u[-1]:.4f}")
    print(f"wrote {out}")


if __name__ == "__main__":
    main(sys.argv)
