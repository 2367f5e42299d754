"""The scripted student's plan: a recipe as the things to do at each machine.

Godot's scripted student (``player/scripted/scripted_student.gd``) carries the plan out with
the desktop seat's input: it walks, clicks shelves, slots, screens and the time panel and
types values, exactly as a student without a headset would. The plan names only what a
student reads off the recipe card: the machine, which container goes into which slot, which
batch is worked on, the screen values, whether to press Start.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from scripts_py.machines import LAYOUT, MACHINE_TYPES
from scripts_py.recipes.load import Recipe, load_recipe

NEW_POT = "new_pot"  # take an empty mixing pot from the shelf
LI_METAL = "li_metal"  # take a Li-metal electrode from the shelf


def machine_id_of(machine_type: str) -> str:
    """The room's first machine of a type (the room has two mixers: mixer_1 is used)."""
    return next(mid for mid, mtype in LAYOUT if mtype == machine_type)


def plan_of(recipe: Recipe, eggs: list[str] | tuple[str, ...] = ()) -> dict[str, Any]:
    """The plan for a recipe: ``{"title", "steps": [...], "eggs": [...]}`` (JSON-ready).

    ``eggs``: Easter eggs to look for once the cell is done.
    """
    steps: list[dict[str, Any]] = []
    made: set[str] = set()
    for step in recipe.steps:
        m = MACHINE_TYPES[step.machine]
        mid = machine_id_of(step.machine)
        materials = {slot: str(step.parameters[key]) for key, slot in m.materials.items()
                     if key in step.parameters}
        alias: dict[str, str] = {}
        if step.machine == "powder_dispenser":
            work = {"pot": NEW_POT}
            made.add(step.electrode)
        elif step.machine == "winder":
            work = {"positive": "positive",
                    "negative": "negative" if "negative" in made else LI_METAL}
            alias = {"cell": "positive"}
        elif m.per_slot_runs:
            work = {m.slots[0].name: "cell"}
        else:
            work = {m.work_slot: step.electrode}
        channel = m.channel_of(next(iter(work)))
        steps.append({
            "index": step.index, "machine": mid, "electrode": step.electrode,
            "title": m.title, "materials": materials, "work": work, "alias": alias,
            "params": {k: v for k, v in step.parameters.items() if m.param(k) is not None},
            "start": not m.auto_start, "channel": channel,
            "work_slot": m.work_slot_of(channel),
            "read_result": step.machine == "potentiostat",
            "take_product": not m.auto_start and step.machine != "potentiostat",
            "hint": step.hint,
        })
    return {"title": recipe.title, "recipe": recipe.path, "steps": steps, "eggs": list(eggs)}


def write_plan(recipe_path: str | Path, out: str | Path,
               eggs: list[str] | tuple[str, ...] = ()) -> dict[str, Any]:
    """Load a recipe and write its plan as JSON to ``out``; returns the plan."""
    plan = plan_of(load_recipe(str(recipe_path)), eggs)
    Path(out).write_text(json.dumps(plan, indent=1, ensure_ascii=False), encoding="utf-8")
    return plan
