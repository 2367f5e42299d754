"""The ``battery_model`` cell spec a built item implies, read from its history.

Rules (also shown as feedback by :mod:`scripts_py.line.mistakes`): solvent masses add up;
premixing and mixing times add up and the last speed counts; only mixing after the last
solvent addition counts; coating settings are those of side A, ``sides`` = 2 once side B is
coated; the last calender pass counts.
"""

from __future__ import annotations

from typing import Any

from scripts_py.line import history
from scripts_py.room import kinds

DEFAULT_ELECTROLYTE = "LP30"


def _premix(item: dict[str, Any]) -> dict[str, float] | None:
    runs = history.steps(item, "premixing")
    if not runs:
        return None
    return {"speed_rpm": runs[-1]["params"]["speed_rpm"],
            "time_min": sum(float(r["params"]["time_min"]) for r in runs)}


def _mixing(item: dict[str, Any]) -> dict[str, float] | None:
    last_solvent = history.index_of(item, "solvent_filling", latest=True)
    start = -1 if last_solvent is None else last_solvent
    runs = [s for s in item["history"][start + 1:] if s["step"] == "mixing"]
    if not runs:
        return None
    return {"dispersion_speed_rpm": runs[-1]["params"]["dispersion_speed_rpm"],
            "time_min": sum(float(r["params"]["time_min"]) for r in runs)}


def electrode_section(item: dict[str, Any]) -> dict[str, Any]:
    """The ``positive``/``negative`` section of the spec for one electrode item."""
    if item["origin"] == kinds.LI_METAL:
        return {"lithium_metal": {"thickness_um": item["data"]["thickness_um"]}}
    d = history.first(item, "dispensing")
    a = history.side_a(item)
    if d is None or a is None:
        raise ValueError(f"{item['id']} is not a coated electrode")
    p, c = d["params"], a["params"]
    solvents = history.steps(item, "solvent_filling")
    sec: dict[str, Any] = {"active_material": p["active_material"]}
    if "conductive_additive" in p:
        sec["conductive_additive"] = p["conductive_additive"]
    cal = history.last(item, "calendering")
    sec.update({
        "binder": p["binder"],
        "solvent": solvents[0]["params"]["solvent"] if solvents else None,
        "dry_mass_g": p["dry_mass_g"],
        "fractions_wt_pct": {"active": p["active_wt_pct"], "additive": p["additive_wt_pct"],
                             "binder": p["binder_wt_pct"]},
        "solvent_mass_g": sum(float(s["params"]["solvent_mass_g"]) for s in solvents),
        "premix": _premix(item),
        "mixing": _mixing(item),
        "coating": {"comma_gap_um": c["comma_gap_um"], "line_speed_m_min": c["line_speed_m_min"],
                    "oven_temps_c": [c["oven_zone1_temp_c"], c["oven_zone2_temp_c"]],
                    "sides": 2 if "B" in history.coated_sides(item) else 1,
                    "width_mm": c["width_mm"]},
        "calendering": None if cal is None else {
            "roll_gap_um": cal["params"]["roll_gap_um"],
            "line_speed_m_min": cal["params"]["line_speed_m_min"],
            "roll_temp_c": cal["params"]["roll_temp_c"]},
        "current_collector": {"material": c["foil"], "thickness_um": c["foil_thickness_um"]},
    })
    return sec


def assemble(positive: dict[str, Any], negative: dict[str, Any], winding: dict[str, Any],
             electrolyte: str | None) -> dict[str, Any]:
    """A whole cell spec from two electrode items and the winder's recorded params."""
    return {
        "format": winding["format"],
        "positive": electrode_section(positive),
        "negative": electrode_section(negative),
        "separator": {"material": winding["separator"],
                      "thickness_um": winding["separator_thickness_um"],
                      "porosity": winding["separator_porosity"]},
        "electrolyte": electrolyte or DEFAULT_ELECTROLYTE,
    }


def cell_spec(cell: dict[str, Any], items: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The spec of a jelly roll or cell (``items``: the room's items, for its parts)."""
    w = history.last(cell, "winding")
    if w is None:
        raise ValueError(f"{cell['id']} has not been wound")
    fill = history.last(cell, "filling")
    electrolyte = None if fill is None else fill["params"]["electrolyte"]
    return assemble(cell, items[cell["parts"]["negative"]], w["params"], electrolyte)
