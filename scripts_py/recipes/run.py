"""``bmm run-recipe FILE [--json]``: follow a recipe through the line and print the result."""

from __future__ import annotations

import json
import sys
from typing import Any

from battery_model import SpecError
from battery_model.yamlio import line_of
from scripts_py.recipes.driver import Outcome, RecipeRunError, run_recipe
from scripts_py.recipes.load import Recipe, load_recipe


def _hms(seconds: float) -> str:
    s = round(seconds)
    return f"{s // 3600:d} h {s % 3600 // 60:02d} min"


def run_file(path: str, *, seed: int = 0) -> tuple[Recipe, Outcome]:
    """Load and run a recipe; errors name the file, line and field (or step)."""
    recipe = load_recipe(path)
    try:
        return recipe, run_recipe(recipe, seed=seed)
    except RecipeRunError as exc:
        raise exc.located(recipe.path, line_of(recipe.lines, exc.field)) from None


def result_json(outcome: Outcome) -> dict[str, Any]:
    """The tested cell's result (keys of ``battery_model evaluate --json``) + ``sim_time_s``."""
    assert outcome.found is not None and "result" in outcome.found
    return {**outcome.found["result"], "sim_time_s": outcome.sim_time_s}


def summary(recipe: Recipe, outcome: Outcome) -> str:
    """Readable report of the run."""
    r = outcome.found["result"] if outcome.found else None
    lines = [f"{recipe.title}  ({recipe.path})",
             f"  {len(recipe.steps)} steps, {len(outcome.intents)} actions, cell {outcome.cell} "
             f"tested after {_hms(outcome.sim_time_s)} of sim time"]
    if r is None:
        return "\n".join(lines)
    lines += [
        f"  {r['kind']} cell, {r['format']}: {r['energy_density_wh_kg']:.1f} Wh/kg, "
        f"{r['energy_wh']:.2f} Wh, {r['capacity_mah']:.0f} mAh, N/P {r['n_p_ratio']:.2f} "
        f"({r['limiting_electrode']} electrode limits)",
        f"  jelly roll {r['positive']['length_mm']:.0f} mm of "
        f"{r['max_length_mm']:.0f} mm, electrolyte {r['electrolyte_ml']:.2f} ml",
    ]
    for role in ("positive", "negative"):
        e = r[role]
        lines.append(f"  {role}: {e['active_material']}, {e['am_mass_loading_mg_cm2']:.2f} "
                     f"mg/cm2 per side, porosity {e['porosity']:.3f}, "
                     f"{e['final_thickness_um']:.1f} µm per side")
    if r["feedback"]:
        lines.append("  feedback:")
        lines += [f"    [{f['severity']}] {f['message']}" for f in r["feedback"]]
    return "\n".join(lines)


def main_run_recipe(path: str, *, as_json: bool, seed: int = 0) -> int:
    """Entry point of ``bmm run-recipe``; returns the exit code."""
    try:
        recipe, outcome = run_file(path, seed=seed)
    except SpecError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if outcome.found is None:
        print(f"error: {path}: the recipe never tests the cell (add a potentiostat step)",
              file=sys.stderr)
        return 2
    if "error" in outcome.found:
        print(f"error: {path}: {outcome.found['error']['message']}", file=sys.stderr)
        return 1
    print(json.dumps(result_json(outcome), indent=2, allow_nan=False) if as_json
          else summary(recipe, outcome))
    return 0
