"""Fit A, b, B of the concept paper's eq. 11 to calendering_fit_data.yaml.

Eq. 11:  (eps - eps_min) / (eps0 - eps_min) = 1 / (1 + exp((A + b*m_l)*c_d - B))
with m_l the mass loading [mg/cm2] and c_d the calendering degree (eq. 10). The paper keeps
b and B common to soft and hard electrodes; A and eps_min differ (eps_min 0.18 soft, 0.25 hard).

Needs numpy, PyYAML and scipy (a maintainer tool: `pip install scipy`; not a runtime dependency).

Steps (deterministic, run with ``python fit_calendering.py``):
1. Each literature point is moved to the model's eps0 = 0.55 at the same relative densification,
   eps' = 1 - (1 - 0.55) * (1 - eps) / (1 - eps0_series), so points that follow the
   no-spring-back geometry of their own series also follow it for eps0 = 0.55.
2. Fit "plain": least squares on porosity, with B >= 4.6 so that c_d = 0 gives
   eps >= eps_min + 0.99 * (0.55 - eps_min) (i.e. eps(0) ~ 0.55).
3. Fit "chosen": the same plus a penalty wherever the curve falls below the geometric
   no-spring-back porosity 1 - 0.45 / (1 - c_d) (a roll gap cannot squeeze the coating thinner
   than itself), checked on c_d in [0, 0.6] over the mass-loading range of the data.
4. Report both, the rounded values to put in process.yaml, and where (if anywhere) the chosen
   curve falls below the geometric value.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import yaml
from scipy.optimize import least_squares

HERE = Path(__file__).resolve().parent
EPS0 = 0.55  # concept paper, section 2.4 (porosity after drying)
EPS_MIN = {"soft": 0.18, "hard": 0.25}  # concept paper, eq. 11
B_MIN = float(np.log(99.0))  # 4.595: eps(c_d=0) at 99 % of the way from eps_min to eps0
PENALTY_WEIGHT = 10.0
C_GRID = np.linspace(0.0, 0.6, 61)


def load_points(path: Path) -> list[tuple[str, float, float, float]]:
    """(electrode_type, mass loading, calendering degree, porosity at eps0 = 0.55) per point."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    series = data["series"]
    points = []
    for p in data["points"]:
        eps0_series = float(series[p["series"]]["eps0_series"])
        eps = float(p["porosity"])
        eps_mapped = 1.0 - (1.0 - EPS0) * (1.0 - eps) / (1.0 - eps0_series)
        points.append((p["electrode_type"], float(p["mass_loading_mg_cm2"]),
                       float(p["calendering_degree"]), eps_mapped))
    return points


def porosity(params: np.ndarray, kind: str, m_l: float, c_d: np.ndarray | float) -> np.ndarray:
    """Eq. 11 with eps0 = 0.55; params = (A_soft, A_hard, b, B)."""
    a_soft, a_hard, b, big_b = params
    a = a_soft if kind == "soft" else a_hard
    return EPS_MIN[kind] + (EPS0 - EPS_MIN[kind]) / (1.0 + np.exp((a + b * m_l) * c_d - big_b))


def geometric(c_d: np.ndarray) -> np.ndarray:
    """No-spring-back porosity after reducing the coating thickness by c_d (eps0 = 0.55)."""
    return 1.0 - (1.0 - EPS0) / (1.0 - c_d)


def residuals(params: np.ndarray, points, weight: float, loadings: np.ndarray) -> np.ndarray:
    res = [porosity(params, k, m, c) - e for k, m, c, e in points]
    if weight:
        geo = geometric(C_GRID)
        for kind in ("soft", "hard"):
            for m in loadings:
                res.extend(weight * np.minimum(0.0, porosity(params, kind, m, C_GRID) - geo))
    return np.asarray(res, dtype=float)


def fit(points, weight: float) -> np.ndarray:
    loadings = np.linspace(min(p[1] for p in points), max(p[1] for p in points), 6)
    result = least_squares(residuals, x0=np.array([10.0, 15.0, 0.5, 5.0]),
                           args=(points, weight, loadings),
                           bounds=([0.0, 0.0, -5.0, B_MIN], [200.0, 200.0, 20.0, 50.0]))
    return result.x


def below_geometric(params: np.ndarray, kind: str, m_l: float, tol: float = 0.005) -> list:
    """Intervals of c_d (in [0, 0.6]) where the curve is more than ``tol`` below geometric."""
    c = np.linspace(0.0, 0.6, 601)
    mask = porosity(params, kind, m_l, c) < geometric(c) - tol
    out: list[tuple[float, float]] = []
    start = None
    for i, flag in enumerate(mask):
        if flag and start is None:
            start = i
        last = i == len(mask) - 1
        if start is not None and (not flag or last):
            end = i if (flag and last) else i - 1
            out.append((round(float(c[start]), 3), round(float(c[end]), 3)))
            start = None
    return out


def rmse(params: np.ndarray, points) -> float:
    return float(np.sqrt(np.mean(residuals(params, points, 0.0, np.array([])) ** 2)))


def main() -> None:
    points = load_points(HERE / "calendering_fit_data.yaml")
    plain = fit(points, 0.0)
    chosen = fit(points, PENALTY_WEIGHT)
    names = ("A_soft", "A_hard", "b", "B")
    for label, p in (("plain fit", plain), ("chosen fit (geometric bound)", chosen)):
        print(f"{label}: " + ", ".join(f"{n} = {v:.4f}" for n, v in zip(names, p, strict=True))
              + f"; RMSE on the {len(points)} points = {rmse(p, points):.4f}")
    rounded = np.array([round(chosen[0], 2), round(chosen[1], 2), round(chosen[2], 4),
                        round(chosen[3], 2)])
    print("process.yaml values: "
          f"soft A = {rounded[0]}, hard A = {rounded[1]}, b = {rounded[2]}, B = {rounded[3]}"
          f" (RMSE {rmse(rounded, points):.4f})")
    for kind in ("soft", "hard"):
        print(f"{kind}: eps(c_d=0) = {float(porosity(rounded, kind, 10.0, 0.0)):.3f}")
        for m in (2.0, 5.0, 10.0, 15.0, 20.0, 30.0):
            c = np.array([0.1, 0.2, 0.3, 0.4])
            eps = porosity(rounded, kind, m, c)
            print(f"  m_l = {m:4.1f} mg/cm2: eps at c_d 0.1/0.2/0.3/0.4 = "
                  + "/".join(f"{e:.3f}" for e in eps)
                  + f"; below geometric (tol 0.005) for c_d in {below_geometric(rounded, kind, m)}")
        for m in (5.0, 15.0):
            print(f"  plain fit, m_l = {m:4.1f}: below geometric for c_d in "
                  f"{below_geometric(plain, kind, m)}")


if __name__ == "__main__":
    main()
