"""``bmm content check``: validate every recipe, notebook, Easter-egg and cell-spec YAML.

Each error is printed as ``file:line: field: message``. Recipes are also run through the
line: the steps must build exactly the cell spec written at the top of the file.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Any

from battery_model import SpecError, parse_cell_spec
from battery_model.spec import CellSpec, ElectrodeSpec, LithiumMetalSpec
from battery_model.yamlio import LineMap, line_of, load_yaml_file
from scripts_py.recipes.driver import RecipeRunError, run_recipe
from scripts_py.recipes.load import read_recipe
from scripts_py.reducer.schema import ID_RE
from scripts_py.room.state import NOTEBOOKS

EGGS_FILE = "easter_eggs.yaml"
NOTEBOOKS_FILE = "notebooks.yaml"


def _err(path: Path, lines: LineMap, field: str, message: str) -> SpecError:
    return SpecError(field, message, file=str(path), line=line_of(lines, field))


def _texts(entry: Any, keys: tuple[str, ...], field: str, path: Path, lines: LineMap,
           out: list[SpecError]) -> None:
    if not isinstance(entry, dict):
        out.append(_err(path, lines, field, f"must be a mapping with {', '.join(keys)}"))
        return
    for key in entry:
        if key not in keys:
            out.append(_err(path, lines, f"{field}.{key}", f"unknown field (fields: "
                                                          f"{', '.join(keys)})"))
    for key in keys:
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            out.append(_err(path, lines, f"{field}.{key}", "is required text"))


def check_notebooks(path: Path) -> list[SpecError]:
    """``notebooks: [{title, text}]``, at most five."""
    data, lines = load_yaml_file(path)
    out: list[SpecError] = []
    books = data.get("notebooks") if isinstance(data, dict) else None
    if not isinstance(books, list) or not 1 <= len(books) <= NOTEBOOKS:
        return [_err(path, lines, "notebooks", f"must be a list of 1 to {NOTEBOOKS} "
                                               "notebooks {title, text}")]
    for i, book in enumerate(books):
        _texts(book, ("title", "text"), f"notebooks.{i}", path, lines, out)
    return out


def check_eggs(path: Path) -> list[SpecError]:
    """``eggs: [{id, title, where, message, position?}]`` with unique ids."""
    data, lines = load_yaml_file(path)
    out: list[SpecError] = []
    eggs = data.get("eggs") if isinstance(data, dict) else None
    if not isinstance(eggs, list):
        return [_err(path, lines, "eggs", "must be a list of {id, title, where, message}")]
    seen: set[str] = set()
    for i, egg in enumerate(eggs):
        if isinstance(egg, dict) and "position" in egg:  # optional: where Godot shows it [m]
            pos = egg["position"]
            if not (isinstance(pos, list) and len(pos) == 3 and all(
                    isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
                    for v in pos)):
                out.append(_err(path, lines, f"eggs.{i}.position",
                                "must be [x, y, z] in metres (room coordinates)"))
            egg = {k: v for k, v in egg.items() if k != "position"}
        _texts(egg, ("id", "title", "where", "message"), f"eggs.{i}", path, lines, out)
        egg_id = egg.get("id") if isinstance(egg, dict) else None
        if isinstance(egg_id, str):
            if not ID_RE.match(egg_id):
                out.append(_err(path, lines, f"eggs.{i}.id", "must be 1-64 letters, digits, "
                                                             "_ . -"))
            if egg_id in seen:
                out.append(_err(path, lines, f"eggs.{i}.id", f"{egg_id!r} is used twice"))
            seen.add(egg_id)
    return out


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
        out.extend(sorted(p.rglob("*.yaml")) if p.is_dir() else [p])
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
    """Notebooks and Easter eggs for :func:`scripts_py.initial_state` (missing files: none)."""
    folder = Path(folder)
    content: dict[str, Any] = {"notebooks": None, "easter_eggs": None}
    if (folder / NOTEBOOKS_FILE).is_file():
        content["notebooks"] = load_yaml_file(folder / NOTEBOOKS_FILE)[0]["notebooks"]
    if (folder / EGGS_FILE).is_file():
        content["easter_eggs"] = load_yaml_file(folder / EGGS_FILE)[0]["eggs"]
    return content


def main_content_check(paths: list[str]) -> int:
    """Entry point of ``bmm content check``; returns 1 if any file has an error."""
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
