"""Loading and checking recipe YAML: every error names the file, line and field.

A recipe is a ``battery_model`` cell spec (same top-level keys) plus ``title``, an optional
``description`` and an ordered list of ``steps``, each ``{machine, electrode, parameters,
hint, target}``. ``electrode`` is ``positive``/``negative`` for the electrode-making machines
and ``cell`` (the default) from the winder on; ``target`` is an optional window per parameter,
``[min, max]`` with ``null`` for an open end.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from battery_model import SpecError, catalog, parse_cell_spec
from battery_model.errors import did_you_mean, shown
from battery_model.spec import RECIPE_KEYS, SPEC_KEYS
from battery_model.textfile import read_text as read_yaml_file_text
from battery_model.yamlio import LineMap, line_of, load_yaml_text
from scripts_py.machines import MACHINE_TYPES
from scripts_py.recipes.problems import Problems
from scripts_py.room.limits import RECIPE_TEXT_MAX_CHARS, RECIPE_TITLE_MAX_CHARS

ELECTRODE_MACHINES = ("powder_dispenser", "premixer", "solvent_filler", "mixer", "coater",
                      "calender", "slitter")
CELL_MACHINES = ("winder", "welder", "filler_sealer", "potentiostat", "deposit_station",
                 "recycle_bin")
STEP_KEYS = ("machine", "electrode", "parameters", "hint", "target")
TOP_KEYS = RECIPE_KEYS | SPEC_KEYS  # title, description, steps and the cell spec's keys


@dataclass(frozen=True, slots=True)
class Step:
    """One guided step of a recipe."""

    index: int
    machine: str
    electrode: str
    parameters: dict[str, Any]
    hint: str
    target: dict[str, list[float | None]]


@dataclass(frozen=True, slots=True)
class Recipe:
    """A parsed recipe: title, the cell spec, the steps and where each field was read."""

    path: str
    title: str
    description: str
    spec: dict[str, Any]
    steps: tuple[Step, ...]
    lines: LineMap
    text: str = ""  # the YAML it was read from (what a lecture host sends to its seats)

    def error(self, field: str, message: str) -> SpecError:
        """A :class:`SpecError` located at ``field`` in this recipe's file."""
        return SpecError(field, message, file=self.path, line=line_of(self.lines, field))


def _material_ok(group: str, name: Any) -> str | None:
    cat = catalog()
    names = list(cat.active) if group == "active_materials" else list(cat.components[group])
    if name in names:
        return None
    return (f"unknown {group.replace('_', ' ')[:-1]} {shown(name)}"
            f"{did_you_mean(str(name), names)}")


def _check_parameters(machine: str, params: Any, field: str, errors: Problems) -> None:
    m = MACHINE_TYPES[machine]
    if not isinstance(params, dict):
        errors.add(field, f"must be a mapping of {m.title} settings, got {shown(params)}")
        return
    for key, value in params.items():
        f = f"{field}.{key}"
        p = m.param(key)
        if p is not None:
            problem = p.check(value)
            if problem:
                errors.add(f, problem)
        elif key in m.materials:
            slot = m.slot(m.materials[key])
            assert slot is not None and slot.group is not None
            problem = _material_ok(slot.group, value)
            if problem:
                errors.add(f, problem)
        else:
            known = [x.name for x in m.params] + list(m.materials)
            errors.add(f, f"the {m.title} has no setting {shown(key)}"
                          f"{did_you_mean(str(key), known) if known else ' (it has none)'}")


def _check_target(target: Any, params: dict[str, Any], field: str, errors: Problems) -> None:
    if not isinstance(target, dict):
        errors.add(field, "must be a mapping of parameter -> [min, max]")
        return
    for key, window in target.items():
        f = f"{field}.{key}"
        if key not in params:
            errors.add(f, f"{shown(key)} is not one of this step's parameters")
        ok = isinstance(window, list) and len(window) == 2 and all(
            w is None or (isinstance(w, int | float) and not isinstance(w, bool)
                          and math.isfinite(w)) for w in window)
        if not ok:
            errors.add(f, f"must be [min, max] of finite numbers (null for an open end), got "
                          f"{shown(window)}")
        elif None not in window and window[0] > window[1]:
            errors.add(f, f"min {window[0]} is above max {window[1]}")


def _check_step(i: int, raw: Any, errors: Problems) -> Step | None:
    field = f"steps.{i}"
    if not isinstance(raw, dict):
        errors.add(field, f"must be a mapping with machine, parameters and hint, got "
                          f"{shown(raw)}")
        return None
    errors.unknown_keys(raw, STEP_KEYS, field)
    machine = raw.get("machine")
    if not isinstance(machine, str) or machine not in MACHINE_TYPES:
        errors.add(f"{field}.machine", f"unknown machine {shown(machine)}"
                                       f"{did_you_mean(str(machine), MACHINE_TYPES)}")
        return None
    electrode = raw.get("electrode", "cell")
    allowed = ("positive", "negative") if machine in ELECTRODE_MACHINES else ("cell",)
    if electrode not in allowed:
        errors.add(f"{field}.electrode", f"the {machine} works on "
                                         f"{' or '.join(allowed)}, got {shown(electrode)}")
    params = raw.get("parameters") or {}
    _check_parameters(machine, params, f"{field}.parameters", errors)
    hint = raw.get("hint", "")
    errors.text(raw, "hint", field, RECIPE_TEXT_MAX_CHARS, multiline=True)
    target = raw.get("target") or {}
    _check_target(target, params if isinstance(params, dict) else {}, f"{field}.target",
                  errors)
    if not isinstance(params, dict) or not isinstance(target, dict):
        return None
    return Step(i, machine, str(electrode), dict(params), str(hint),
                {k: list(v) for k, v in target.items() if isinstance(v, list)})


def read_recipe(path: str | Path) -> tuple[Recipe | None, list[SpecError]]:
    """Parse a recipe file; returns the recipe (None if unusable) and every error found."""
    return read_recipe_text(read_yaml_file_text(Path(path)), str(path))


def read_recipe_text(text: str, path: str, *, max_chars: int | None = None
                     ) -> tuple[Recipe | None, list[SpecError]]:
    """Parse recipe YAML ``text`` (errors name ``path``): the recipe or None, and the errors.
    ``max_chars`` bounds text from elsewhere (a lecture host's welcome)."""
    if max_chars is not None and len(text) > max_chars:
        return None, [SpecError("(recipe)", f"is {len(text)} characters; at most "
                                f"{max_chars}", file=path, line=None)]
    try:
        data, lines = load_yaml_text(text, path)
    except SpecError as exc:
        return None, [exc]
    errors = Problems(str(path), lines)
    if not isinstance(data, dict):
        errors.add("(recipe)", "must be a mapping with title, the cell spec and steps")
        return None, errors.found
    errors.unknown_keys(data, TOP_KEYS, "")
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        errors.add("title", "is required: a short name shown to students")
    else:
        errors.text(data, "title", "", RECIPE_TITLE_MAX_CHARS)
    description = data.get("description", "")
    errors.text(data, "description", "", RECIPE_TEXT_MAX_CHARS, multiline=True)
    spec = {k: v for k, v in data.items() if k in SPEC_KEYS}
    try:
        parse_cell_spec(spec)
    except SpecError as exc:
        errors.add(exc.field, exc.message)
    raw_steps = data.get("steps")
    steps: list[Step] = []
    if not isinstance(raw_steps, list) or not raw_steps:
        errors.add("steps", "is required: the ordered list of guided steps")
    else:
        for i, raw in enumerate(raw_steps):
            step = _check_step(i, raw, errors)
            if step is not None:
                steps.append(step)
    if errors.found:
        return None, errors.found
    return Recipe(str(path), str(title), str(description), spec, tuple(steps), lines, text), []


def load_recipe(path: str | Path) -> Recipe:
    """Parse a recipe file or raise the first :class:`SpecError` (with file and line)."""
    recipe, errors = read_recipe(path)
    if errors:
        raise errors[0]
    assert recipe is not None
    return recipe
