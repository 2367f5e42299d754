"""The virtual label of an item: structured data plus the text the label shows.

A label is a view of the item's history: kind, where it is, each step with its machine,
settings and sim time, and the figures known so far (parts included for a cell).
"""

from __future__ import annotations

from typing import Any

from scripts_py.line import physics
from scripts_py.room import kinds, places

# history outputs shown on the label: step -> {out key: figure name}
OUT_FIGURES = {
    "coating": {"am_loading_mg_cm2": "am_loading_mg_cm2"},
    "winding": {"length_mm": "jelly_roll_length_mm"},
    "filling": {"electrolyte_ml": "electrolyte_ml", "serial": "serial"},
    "testing": {"energy_density_wh_kg": "energy_density_wh_kg", "capacity_mah": "capacity_mah"},
}


def _clock(seconds: float) -> str:
    s = round(seconds)
    return f"{s // 3600:d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def figures(item: dict[str, Any]) -> dict[str, Any]:
    """Figures of the item as made so far (units in the keys)."""
    out: dict[str, Any] = {}
    data = item["data"]
    if item["kind"] == kinds.CONTAINER:
        return {"material": data.get("material"), "group": data.get("group")}
    if item["origin"] == kinds.LI_METAL:
        out["thickness_um"] = data.get("thickness_um")
    masses = physics.component_masses_g(item)
    if masses is not None:
        out["dry_mass_g"] = round(sum(masses.values()), 4)
        solid = physics.solid_content_wt_pct(item)
        if physics.solvent_mass_g(item) > 0 and solid is not None:
            out["solid_content_wt_pct"] = round(solid, 3)
    length = physics.roll_length_mm(item)
    if length:
        out["coated_length_mm"] = round(length, 1)
    for step in item["history"]:
        for key, name in OUT_FIGURES.get(step["step"], {}).items():
            if step["out"].get(key) is not None:
                out[name] = step["out"][key]
    return out


def label(item: dict[str, Any], state: dict[str, Any] | None = None) -> dict[str, Any]:
    """Label data of ``item``; ``state`` (optional) adds its parts' labels.

    Returns ``{id, kind, title, location, steps, figures, parts, text}``; ``text`` is the
    readable label.
    """
    steps = [{"step": s["step"], "machine": s["machine"], "params": s["params"],
              "sim_time_s": s["sim_time_s"], "by": s.get("by")} for s in item["history"]]
    parts = {}
    if state is not None:
        parts = {role: label(state["items"][pid], state) for role, pid in item["parts"].items()}
    title = kinds.TITLES.get(item["kind"], item["kind"])
    figs = figures(item)
    lines = [f"{item['id']}: {title}", f"  {places.describe(item['location'])}"]
    if figs:
        lines.append("  " + ", ".join(f"{k} = {_fmt(v)}" for k, v in figs.items()))
    for i, s in enumerate(steps, 1):
        settings = ", ".join(f"{k} {_fmt(v)}" for k, v in s["params"].items() if v is not None)
        lines.append(f"  {i}. {_clock(s['sim_time_s'])} {s['step']} on {s['machine']}"
                     + (f": {settings}" if settings else ""))
    for role, part in parts.items():
        lines.append(f"  {role}: " + part["text"].replace("\n", "\n  "))
    return {"id": item["id"], "kind": item["kind"], "title": title,
            "location": item["location"], "steps": steps, "figures": figs, "parts": parts,
            "text": "\n".join(lines)}
