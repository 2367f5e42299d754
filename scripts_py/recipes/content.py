"""``bmm content check``: validate every recipe, notebook, Easter-egg and cell-spec YAML.

Each error is printed as ``file:line: field: message``. Recipes are also run through the
line: the steps must build exactly the cell spec written at the top of the file.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from battery_model import SpecError, parse_cell_spec
from battery_model.spec import CellSpec, ElectrodeSpec, LithiumMetalSpec
from battery_model.yamlio import line_of, load_yaml_file
from scripts_py.recipes.driver import RecipeRunError, run_recipe
from scripts_py.recipes.load import read_recipe
from scripts_py.recipes.problems import Problems
from scripts_py.reducer.schema import ID_RE
from scripts_py.room.limits import (
    EGG_MESSAGE_MAX_CHARS,
    EGG_TITLE_MAX_CHARS,
    EGG_WHERE_MAX_CHARS,
    EGGS_MAX,
    NOTEBOOK_TEXT_MAX_CHARS,
    NOTEBOOK_TITLE_MAX_CHARS,
    paragraph_problem,
)
from scripts_py.room.state import NOTEBOOKS

EGGS_FILE = "easter_eggs.yaml"
NOTEBOOKS_FILE = "notebooks.yaml"
# the dry room: 18 x 13 m around the origin, 4 m high [m]
ROOM_HALF_X_M, ROOM_HALF_Z_M, ROOM_HEIGHT_M = 9.0, 6.5, 4.0
_NOTEBOOK_TEXTS = {"title": (NOTEBOOK_TITLE_MAX_CHARS, False),
                   "text": (NOTEBOOK_TEXT_MAX_CHARS, True)}  # key: (max chars, multiline)
_EGG_TEXTS = {"title": (EGG_TITLE_MAX_CHARS, False), "where": (EGG_WHERE_MAX_CHARS, False),
              "message": (EGG_MESSAGE_MAX_CHARS, True)}
_EGG_KEYS = ("id", *_EGG_TEXTS, "position")


def _texts(entry: dict[str, Any], texts: dict[str, tuple[int, bool]], field: str,
           found: Problems) -> None:
    for key, (max_chars, multiline) in texts.items():
        found.text(entry, key, field, max_chars, multiline=multiline, required=True)


def _list(data: Any, key: str, count: tuple[int, int], shape: str, found: Problems) -> list[Any]:
    """``data[key]``, a list of ``count`` = (min, max) entries, or [] with an error."""
    if isinstance(data, dict):
        found.unknown_keys(data, (key,), "")
        entries = data.get(key)
        if isinstance(entries, list) and count[0] <= len(entries) <= count[1]:
            return entries
    found.add(key, f"must be a list of {count[0]} to {count[1]} {shape}")
    return []


def notebook_problems(data: Any, found: Problems) -> None:
    """``notebooks: [{title, text}]``, at most five; a paragraph fits a page."""
    books = _list(data, "notebooks", (1, NOTEBOOKS), "notebooks {title, text}", found)
    for i, book in enumerate(books):
        field = f"notebooks.{i}"
        if not isinstance(book, dict):
            found.add(field, "must be a mapping with title and text")
            continue
        found.unknown_keys(book, _NOTEBOOK_TEXTS, field)
        _texts(book, _NOTEBOOK_TEXTS, field, found)
        problem = paragraph_problem(book["text"]) if isinstance(book.get("text"), str) else None
        if problem:
            found.add(f"{field}.text", problem)


def _position_problem(pos: Any) -> str | None:
    if not (isinstance(pos, list) and len(pos) == 3 and all(
            isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
            for v in pos)):
        return "must be [x, y, z] in metres (room coordinates)"
    x, y, z = pos
    if abs(x) > ROOM_HALF_X_M or abs(z) > ROOM_HALF_Z_M or not 0 <= y <= ROOM_HEIGHT_M:
        return (f"{pos} is outside the room: x within ±{ROOM_HALF_X_M:g}, y 0 to "
                f"{ROOM_HEIGHT_M:g}, z within ±{ROOM_HALF_Z_M:g} m")
    return None


def egg_problems(data: Any, found: Problems) -> None:
    """``eggs: [{id, title, where, message, position?}]`` with unique ids, inside the room."""
    eggs = _list(data, "eggs", (0, EGGS_MAX), "{id, title, where, message, position}", found)
    seen: set[str] = set()
    for i, egg in enumerate(eggs):
        field = f"eggs.{i}"
        if not isinstance(egg, dict):
            found.add(field, f"must be a mapping with {', '.join(_EGG_KEYS)}")
            continue
        found.unknown_keys(egg, _EGG_KEYS, field)
        if "position" in egg:  # optional: where Godot shows it [m]
            problem = _position_problem(egg["position"])
            if problem:
                found.add(f"{field}.position", problem)
        egg_id = egg.get("id")
        if not isinstance(egg_id, str) or not ID_RE.fullmatch(egg_id):
            found.add(f"{field}.id", "is required: 1-64 letters, digits, _ . -")
        elif egg_id in seen:
            found.add(f"{field}.id", f"{egg_id!r} is used twice")
        else:
            seen.add(egg_id)
        _texts(egg, _EGG_TEXTS, field, found)


def _check(path: Path, problems: Callable[[Any, Problems], None]) -> tuple[Any, list[SpecError]]:
    data, lines = load_yaml_file(path)
    found = Problems(str(path), lines)
    problems(data, found)
    return data, found.found


def check_notebooks(path: Path) -> list[SpecError]:
    """The errors of a notebooks file; see :func:`notebook_problems`."""
    return _check(path, notebook_problems)[1]


def check_eggs(path: Path) -> list[SpecError]:
    """The errors of an Easter-eggs file; see :func:`egg_problems`."""
    return _check(path, egg_problems)[1]


def check_cell_spec(path: Path) -> list[SpecError]:
    """A bare ``battery_model`` cell spec."""
    data, lines = load_yaml_file(path)
    try:
        parse_cell_spec(data)
    except SpecError as exc:
        return [exc.located(str(path), line_of(lines, exc.field))]
    return []


def canonical(cs: CellSpec) -> dict[str, Any]:
    """A parsed spec as a plain dict with every default filled in (for comparisons)."""
    def electrode(e: ElectrodeSpec | LithiumMetalSpec) -> dict[str, Any]:
        if isinstance(e, LithiumMetalSpec):
            return {"lithium_metal": {"thickness_um": e.thickness_um}}
        pre, mix, cal, c = e.premix, e.mixing, e.calendering, e.coating
        return {
            "active_material": e.active.name, "conductive_additive": e.additive.name,
            "binder": e.binder.name, "solvent": e.solvent.name, "dry_mass_g": e.dry_mass_g,
            "fractions_wt_pct": {"active": e.active_wt_pct, "additive": e.additive_wt_pct,
                                 "binder": e.binder_wt_pct},
            "solvent_mass_g": e.solvent_mass_g,
            "premix": None if pre is None else {"speed_rpm": pre.speed_rpm,
                                                "time_min": pre.time_min},
            "mixing": None if mix is None else {"dispersion_speed_rpm": mix.dispersion_speed_rpm,
                                                "time_min": mix.time_min},
            "coating": {"comma_gap_um": c.comma_gap_um, "line_speed_m_min": c.line_speed_m_min,
                        "oven_temps_c": list(c.oven_temps_c), "sides": c.sides,
                        "width_mm": c.width_mm},
            "calendering": None if cal is None else {
                "roll_gap_um": cal.roll_gap_um, "line_speed_m_min": cal.line_speed_m_min,
                "roll_temp_c": cal.roll_temp_c},
            "current_collector": {"material": e.current_collector.name,
                                  "thickness_um": e.cc_thickness_um}}
    return {"format": cs.format.name, "positive": electrode(cs.positive),
            "negative": electrode(cs.negative),
            "separator": {"material": cs.separator.material.name,
                          "thickness_um": cs.separator.thickness_um,
                          "porosity": cs.separator.porosity},
            "electrolyte": cs.electrolyte.name}


def differences(want: Any, got: Any, field: str = "") -> list[tuple[str, Any, Any]]:
    """Leaves where two canonical specs differ: ``(dotted field, want, got)``."""
    if isinstance(want, dict) and isinstance(got, dict):
        out: list[tuple[str, Any, Any]] = []
        for key in want.keys() | got.keys():
            out += differences(want.get(key), got.get(key), f"{field}.{key}".lstrip("."))
        return sorted(out)
    if isinstance(want, list) and isinstance(got, list) and len(want) == len(got):
        return [d for i, (w, g) in enumerate(zip(want, got, strict=True))
                for d in differences(w, g, f"{field}.{i}")]
    if isinstance(want, int | float) and isinstance(got, int | float):
        return [] if math.isclose(want, got, rel_tol=1e-9, abs_tol=1e-12) else [
            (field, want, got)]
    return [] if want == got else [(field, want, got)]


def check_recipe(path: Path) -> list[SpecError]:
    """Recipe fields, its cell spec, and that its steps build that spec."""
    recipe, errors = read_recipe(path)
    if recipe is None:
        return errors
    try:
        outcome = run_recipe(recipe)
    except RecipeRunError as exc:
        return [exc.located(recipe.path, line_of(recipe.lines, exc.field))]
    if outcome.found is None:
        return [recipe.error("steps", "the steps never test a cell (add a potentiostat step)")]
    want = canonical(parse_cell_spec(recipe.spec))
    got = canonical(parse_cell_spec(outcome.found["spec"]))
    return [recipe.error(field, f"the steps make {g!r} but the spec says {w!r}")
            for field, w, g in differences(want, got)]


def content_files(paths: list[str]) -> list[Path]:
    """Every ``.yaml`` file under the given files/folders (sorted, folders recursively)."""
    out: list[Path] = []
    for p in map(Path, paths):
        out.extend(sorted(p.rglob("*.yaml")) if os.path.isdir(p) else [p])
    return out


def check_file(path: Path) -> list[SpecError]:
    """Check one content file, chosen by its name and folder."""
    try:
        if path.name == EGGS_FILE:
            return check_eggs(path)
        if path.name == NOTEBOOKS_FILE:
            return check_notebooks(path)
        if "cells" in path.parent.parts:
            return check_cell_spec(path)
        return check_recipe(path)
    except SpecError as exc:  # unreadable file or broken YAML
        return [exc if exc.file else exc.located(str(path), None)]


def load_room_content(folder: str | Path = "recipes") -> dict[str, Any]:
    """Notebooks and Easter eggs for :func:`scripts_py.initial_state` (missing files: none).

    Raises
    ------
    SpecError
        The first error of either file (``file:line: field: message``), as ``content check``.
    """
    folder = Path(folder)
    content: dict[str, Any] = {"notebooks": None, "easter_eggs": None}
    for key, name, entries, problems in (
            ("notebooks", NOTEBOOKS_FILE, "notebooks", notebook_problems),
            ("easter_eggs", EGGS_FILE, "eggs", egg_problems)):
        if (folder / name).is_file():
            data, errors = _check(folder / name, problems)
            if errors:
                raise errors[0]
            content[key] = data[entries]
    return content


def main_content_check(paths: list[str]) -> int:
    """Entry point of ``bmm content check``; returns 1 if any file has an error."""
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        print(f"error: {missing[0]}: no such file or folder", file=sys.stderr)
        return 2
    files = content_files(paths or ["recipes"])
    if not files:
        print(f"error: no .yaml files in {' '.join(paths or ['recipes'])}", file=sys.stderr)
        return 2
    errors = [e for f in files for e in check_file(f)]
    for e in errors:
        print(e)
    print(f"checked {len(files)} file(s): "
          + (f"{len(errors)} error(s)" if errors else "all fine"),
          file=sys.stderr if errors else sys.stdout)
    return 1 if errors else 0
