"""Fit A, b, B of the concept paper's eq. 11 to calendering_fit_data.yaml (with spring-back).

Eq. 11:  (eps - eps_min) / (eps0 - eps_min) = 1 / (1 + exp((A + b*m_l)*c_d - B))
with m_l the mass loading [mg/cm2] and c_d the calendering degree of eq. 10, computed from the
roll gap. The paper keeps b and B common to soft and hard electrodes; A and eps_min differ
(eps_min 0.18 soft, 0.25 hard).

Needs numpy and PyYAML only (the least-squares solver below is a small, deterministic
Levenberg-Marquardt). Run ``python fit_calendering.py`` to print the fit, or
``python fit_calendering.py --write`` to also write the rounded constants into process.yaml.

Steps:
1. Each literature point is moved to the model's eps0 = 0.55 at the same relative densification,
   eps' = 1 - (1 - 0.55) * (1 - eps) / (1 - eps0_series), so points that follow the
   mass-conserving geometry of their own series also follow it for eps0 = 0.55.
2. The measured thickness ratio t/t0 is turned into the roll-gap degree of eq. 10 with the
   explicit elastic spring-back s of the YAML (an assumption, see its notes): the coating
   left a gap share of t/(1+s), so c_d = 1 - (t/t0)/(1+s).
3. Least squares of eq. 11 on (c_d, m_l) -> eps', with B >= ln 99 (c_d = 0 gives
   eps >= eps_min + 0.99 (0.55 - eps_min)) and A + b*m_l >= 0 over 1-40 mg/cm2 (a thinner gap
   never raises eps). No geometric penalty: the model clips eq. 11 into the band rigid rolls
   allow (thickness between the gap share and the gap share plus spring-back), and the RMS
   is reported for both the bare eq. 11 and the clipped model.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import numpy as np
import yaml

HERE = Path(__file__).resolve().parent
EPS0 = 0.55  # concept paper, section 2.4 (porosity after drying)
EPS_MIN = {"soft": 0.18, "hard": 0.25}  # concept paper, eq. 11
B_MIN = float(np.log(99.0))  # 4.595
LOADING_RANGE_MG_CM2 = (1.0, 40.0)  # where A + b*m_l >= 0 is enforced
NAMES = ("A_soft", "A_hard", "b", "B")


def load(path: Path) -> tuple[list[tuple[str, float, float, float]], dict[str, float]]:
    """Points (type, m_l [mg/cm2], gap degree c_d [-], eps at eps0 = 0.55) and spring-backs."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    spring = {k: float(v) for k, v in data["spring_back"]["value"].items()}
    series = data["series"]
    points = []
    for p in data["points"]:
        s = series[p["series"]]
        eps = float(p["porosity"])
        eps_mapped = 1.0 - (1.0 - EPS0) * (1.0 - eps) / (1.0 - float(s["eps0_series"]))
        ratio = float(p["coating_thickness_um"]) / float(s["coating_thickness_uncalendered_um"])
        kind = p["electrode_type"]
        c_gap = 1.0 - ratio / (1.0 + spring[kind])
        points.append((kind, float(p["mass_loading_mg_cm2"]), c_gap, eps_mapped))
    return points, spring


def sigmoid(params: np.ndarray, kind: str, m_l: float, c_d: float) -> float:
    """Bare eq. 11 with eps0 = 0.55; params = (A_soft, A_hard, b, B)."""
    a_soft, a_hard, b, big_b = params
    k = max((a_soft if kind == "soft" else a_hard) + b * m_l, 0.0)
    return EPS_MIN[kind] + (EPS0 - EPS_MIN[kind]) / (1.0 + np.exp(k * c_d - big_b))


def model(params: np.ndarray, kind: str, m_l: float, c_d: float, spring: float) -> float:
    """Eq. 11 clipped into the rigid-roll band, as ``equations.porosity_after_calendering``."""
    if c_d <= 0.0:
        return EPS0
    squeeze = 1.0 - min(c_d, 0.999)
    eps = max(sigmoid(params, kind, m_l, c_d), 1.0 - (1.0 - EPS0) / squeeze)
    eps = max(min(eps, 1.0 - (1.0 - EPS0) / (squeeze * (1.0 + spring))), EPS_MIN[kind])
    return min(eps, EPS0)


def residuals(params: np.ndarray, points) -> np.ndarray:
    return np.array([sigmoid(params, k, m, c) - e for k, m, c, e in points])


def _project(p: np.ndarray) -> np.ndarray:
    """Keep B >= ln 99 and A + b*m_l >= 0 on the loading range."""
    p = p.copy()
    p[3] = max(p[3], B_MIN)
    for i in (0, 1):
        p[i] = max(p[i], -p[2] * LOADING_RANGE_MG_CM2[0], -p[2] * LOADING_RANGE_MG_CM2[1], 0.0)
    return p


def fit(points, x0=(10.0, 15.0, 0.5, 5.0), iterations: int = 500) -> np.ndarray:
    """Projected Levenberg-Marquardt on the bare eq. 11 residuals (deterministic)."""
    p = _project(np.asarray(x0, dtype=float))
    lam = 1e-2
    cost = float(np.sum(residuals(p, points) ** 2))
    for _ in range(iterations):
        r = residuals(p, points)
        jac = np.empty((len(r), 4))
        for j in range(4):
            step = 1e-6 * max(1.0, abs(p[j]))
            q = p.copy()
            q[j] += step
            jac[:, j] = (residuals(q, points) - r) / step
        jtj = jac.T @ jac
        delta = np.linalg.solve(jtj + lam * np.diag(np.diag(jtj) + 1e-12), -jac.T @ r)
        trial = _project(p + delta)
        trial_cost = float(np.sum(residuals(trial, points) ** 2))
        if trial_cost < cost:
            converged = cost - trial_cost < 1e-14
            p, cost, lam = trial, trial_cost, lam / 3.0
            if converged:
                break
        else:
            lam *= 4.0
            if lam > 1e10:
                break
    return p


def rms(params: np.ndarray, points, spring: dict[str, float] | None = None) -> float:
    """RMS porosity error [-] of the bare eq. 11 (``spring`` None) or of the clipped model."""
    if spring is None:
        return float(np.sqrt(np.mean(residuals(params, points) ** 2)))
    err = [model(params, k, m, c, spring[k]) - e for k, m, c, e in points]
    return float(np.sqrt(np.mean(np.square(err))))


def write_process_yaml(path: Path, rounded: np.ndarray, spring: dict[str, float]) -> None:
    """Replace the soft/hard lines of the calendering block, keeping everything else."""
    text = path.read_text(encoding="utf-8")
    for kind, a in (("soft", rounded[0]), ("hard", rounded[1])):
        line = (f"  {kind}: {{eps_min: {EPS_MIN[kind]}, A: {a:g}, b: {rounded[2]:g}, "
                f"B: {rounded[3]:g}, spring_back: {spring[kind]:g}}}")
        text, n = re.subn(rf"^  {kind}: \{{eps_min:.*\}}$", line, text, count=1, flags=re.M)
        if n != 1:
            raise SystemExit(f"{path}: no calendering.{kind} line to replace")
    path.write_text(text, encoding="utf-8")


def main(argv: list[str]) -> None:
    points, spring = load(HERE / "calendering_fit_data.yaml")
    params = fit(points)
    print(f"spring-back (assumed): soft {spring['soft']:.3f}, hard {spring['hard']:.3f}")
    print("fit: " + ", ".join(f"{n} = {v:.4f}" for n, v in zip(NAMES, params, strict=True))
          + f"; RMS eq. 11 on the {len(points)} points = {rms(params, points):.4f}")
    rounded = np.array([round(params[0], 2), round(params[1], 2), round(params[2], 4),
                        round(params[3], 2)])
    print(f"process.yaml values: soft A = {rounded[0]:g}, hard A = {rounded[1]:g}, "
          f"b = {rounded[2]:g}, B = {rounded[3]:g}; RMS eq. 11 = {rms(rounded, points):.4f}, "
          f"RMS clipped model = {rms(rounded, points, spring):.4f}")
    for kind in ("soft", "hard"):
        a = rounded[0] if kind == "soft" else rounded[1]
        print(f"{kind}: A + b*m_l at 5/15/30 mg/cm2 = "
              + "/".join(f"{a + rounded[2] * m:.2f}" for m in (5.0, 15.0, 30.0)))
        for m in (5.0, 10.0, 15.0, 30.0):
            eps = [model(rounded, kind, m, c, spring[kind]) for c in (0.1, 0.2, 0.3, 0.4)]
            print(f"  m_l = {m:4.1f} mg/cm2: model eps at c_d 0.1/0.2/0.3/0.4 = "
                  + "/".join(f"{e:.3f}" for e in eps))
    if "--write" in argv:
        write_process_yaml(HERE / "process.yaml", rounded, spring)
        print("wrote calendering.soft/hard to process.yaml")


if __name__ == "__main__":
    main(sys.argv[1:])
