"""Our discharge curve of the LG INR21700-M50 against PyBaMM's SPMe with the Chen2020 set.

Both sides describe the same cell (Chen et al., J. Electrochem. Soc. 167 (2020) 080534):
ours is ``battery_model.validation.discharge`` on the teardown case "LG INR21700-M50"
(CC-CV charge to 4.2 V, then CC discharge to 2.5 V); PyBaMM's is
``pybamm.lithium_ion.SPMe()`` with ``pybamm.ParameterValues("Chen2020")``, a CC discharge from
a full cell (initial SOC 1, i.e. both electrodes at the stoichiometries where the OCV is
4.2 V) to the 2.5 V cut-off. Each side's C-rate refers to its own nominal capacity (PyBaMM:
the set's "Nominal cell capacity [A.h]"; ours: the model's theoretical capacity), so the
currents differ by a few %; both are reported.

Compared: the RMS voltage difference [V] over the normalised depth of discharge (each curve's
capacity scaled to 0..1), which compares shapes; the RMS voltage difference [V] over the
common absolute capacity range [Ah]; both capacities [Ah]; and both capacity-weighted mean
voltages [V] (∫V dQ / Q).

Differences are expected and are not errors of either code: our open-circuit potentials come
from our own cited tables for NMC811 and Si-graphite, not Chen's fitted OCP functions, so the
curves differ in shape and in where the 2.5 V cut-off falls; and ours is a lumped model (one
overpotential and an electrolyte-transport limit on the accessible capacity), not a
single-particle model with solid diffusion and electrolyte dynamics. The comparison is a
plausibility check of magnitudes and of the rate behaviour, not a validation.

Run ``python benchmarks/compare_pybamm.py``; the last line printed is one JSON object.
Requires PyBaMM (a test-only dependency).
"""

from __future__ import annotations

import json
import os
from typing import Any

import numpy as np

from battery_model import validation

# PyBaMM's optional usage telemetry: keep it off (it would otherwise ask on first import)
os.environ.setdefault("PYBAMM_DISABLE_TELEMETRY", "true")

CASE_NAME = "LG INR21700-M50"
PARAMETER_SET = "Chen2020"
V_CUTOFF = 2.5  # [V], lower cut-off of the Chen2020 set and of our NMC/graphite pair
N_GRID = 200  # points of the common grids
RATES = {"c5": 0.2, "1c": 1.0}  # [1/h]


def _case() -> dict[str, Any]:
    """The Chen 2020 teardown case of ``validation_cells.yaml``."""
    for case in validation.load_cases():
        if case["name"] == CASE_NAME:
            return case
    raise LookupError(f"no validation case named {CASE_NAME!r}")


def _monotone(q: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Drop repeated capacities [Ah] (vertical steps), keeping the first voltage [V]."""
    q_u, idx = np.unique(q, return_index=True)
    return q_u, v[idx]


def _mean_voltage(q: np.ndarray, v: np.ndarray) -> float:
    """Capacity-weighted mean voltage ∫V dQ / Q [V]."""
    return float(np.trapezoid(v, q) / (q[-1] - q[0]))


def pybamm_discharge(c_rate: float) -> tuple[np.ndarray, np.ndarray, float]:
    """SPMe/Chen2020 CC discharge at ``c_rate`` [1/h] from SOC 1 to 2.5 V.

    Returns capacity passed [Ah], voltage [V] and the current [A].
    """
    import pybamm

    params = pybamm.ParameterValues(PARAMETER_SET)
    experiment = pybamm.Experiment([f"Discharge at {c_rate}C until {V_CUTOFF} V"],
                                   period="20 seconds")
    sim = pybamm.Simulation(pybamm.lithium_ion.SPMe(), parameter_values=params,
                            experiment=experiment)
    sol = sim.solve(initial_soc=1)
    q = np.asarray(sol["Discharge capacity [A.h]"].entries, dtype=float)
    v = np.asarray(sol["Voltage [V]"].entries, dtype=float)
    current_a = c_rate * float(params["Nominal cell capacity [A.h]"])
    return q, v, current_a


def model_discharge(c_rate: float) -> tuple[np.ndarray, np.ndarray, float]:
    """Our discharge of the Chen 2020 case at ``c_rate`` [1/h].

    Returns capacity passed [Ah], voltage [V] and the current [A].
    """
    case = _case()
    d = validation.discharge(case, c_rate).discharge
    q = np.asarray(d.capacity_mah, dtype=float) / 1000.0
    v = np.asarray(d.voltage_v, dtype=float)
    current_a = c_rate * validation.compare(case).theoretical_capacity_ah
    return q, v, current_a


def compare(c_rate: float) -> dict[str, float]:
    """Compare the two discharge curves at ``c_rate`` [1/h].

    Keys: ``rms_v_dod`` [V] (over normalised depth of discharge), ``rms_v_abs`` [V] (over the
    common capacity range), ``capacity_ah_pybamm``/``capacity_ah_model`` [Ah],
    ``mean_v_pybamm``/``mean_v_model`` [V], ``current_a_pybamm``/``current_a_model`` [A].
    """
    q_p, v_p, i_p = pybamm_discharge(c_rate)
    q_m, v_m, i_m = model_discharge(c_rate)
    q_p, v_p = _monotone(q_p - q_p[0], v_p)
    q_m, v_m = _monotone(q_m - q_m[0], v_m)
    cap_p, cap_m = float(q_p[-1]), float(q_m[-1])

    dod = np.linspace(0.0, 1.0, N_GRID)
    dv_dod = np.interp(dod, q_p / cap_p, v_p) - np.interp(dod, q_m / cap_m, v_m)
    q_abs = np.linspace(0.0, min(cap_p, cap_m), N_GRID)
    dv_abs = np.interp(q_abs, q_p, v_p) - np.interp(q_abs, q_m, v_m)
    return {
        "c_rate": c_rate,
        "rms_v_dod": float(np.sqrt(np.mean(dv_dod**2))),
        "rms_v_abs": float(np.sqrt(np.mean(dv_abs**2))),
        "capacity_ah_pybamm": cap_p,
        "capacity_ah_model": cap_m,
        "mean_v_pybamm": _mean_voltage(q_p, v_p),
        "mean_v_model": _mean_voltage(q_m, v_m),
        "current_a_pybamm": i_p,
        "current_a_model": i_m,
    }


def main() -> dict[str, Any]:
    """Compare at C/5 and 1C; print a table, then one JSON object on the last line."""
    import pybamm

    results = {tag: compare(rate) for tag, rate in RATES.items()}
    print(f"{CASE_NAME}: battery_model vs PyBaMM {pybamm.__version__} SPMe ({PARAMETER_SET})")
    print(f"{'rate':>5} {'I pb A':>7} {'I ours A':>8} {'Q pb Ah':>8} {'Q ours Ah':>9} "
          f"{'V pb':>6} {'V ours':>6} {'RMS DoD V':>9} {'RMS Ah V':>8}")
    for tag, r in results.items():
        print(f"{tag:>5} {r['current_a_pybamm']:7.3f} {r['current_a_model']:8.3f} "
              f"{r['capacity_ah_pybamm']:8.3f} {r['capacity_ah_model']:9.3f} "
              f"{r['mean_v_pybamm']:6.3f} {r['mean_v_model']:6.3f} "
              f"{r['rms_v_dod']:9.4f} {r['rms_v_abs']:8.4f}")
    out: dict[str, Any] = {"pybamm_version": pybamm.__version__, "parameter_set": PARAMETER_SET}
    for tag, r in results.items():
        for grid in ("dod", "abs"):
            out[f"rms_v_{tag}_{grid}"] = round(r[f"rms_v_{grid}"], 5)
        for side in ("pybamm", "model"):
            out[f"capacity_ah_{side}_{tag}"] = round(r[f"capacity_ah_{side}"], 4)
            out[f"mean_v_{side}_{tag}"] = round(r[f"mean_v_{side}"], 4)
            out[f"current_a_{side}_{tag}"] = round(r[f"current_a_{side}"], 4)
    print(json.dumps(out))
    return out


if __name__ == "__main__":
    main()
