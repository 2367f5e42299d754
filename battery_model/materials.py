"""Cited material, format and process data, loaded once from ``battery_model/data``.

Names match case-insensitively; an unknown name fails with "did you mean ...".
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from battery_model.errors import SpecError, did_you_mean, shown
from battery_model.yamlio import LineMap, line_of, load_yaml_file

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True, slots=True)
class ProcessingSystem:
    """A binder-solvent system an active material is processed with."""

    binders: tuple[str, ...]
    solvent: str
    solid_content_wt_pct: tuple[float, float]


@dataclass(frozen=True, slots=True)
class ActiveMaterial:
    """An active material with its cited figures."""

    name: str
    density_g_cm3: float
    capacity_mah_g: float
    avg_potential_v: float
    calendering: str  # "hard" | "soft" | "none"
    lithiated_as_made: bool
    first_cycle_efficiency: float
    min_carbon_wt_pct: float
    min_binder_wt_pct: float
    voltage_window_v: tuple[float, float]
    processing: tuple[ProcessingSystem, ...]
    sources: dict[str, str]


@dataclass(frozen=True, slots=True)
class Component:
    """An inactive component (additive, binder, solvent, electrolyte, separator, foil)."""

    name: str
    kind: str
    density_g_cm3: float
    extra: dict[str, Any]
    sources: dict[str, str]

    def get(self, key: str, default: float | None = None) -> Any:
        """Return an extra figure such as ``oven_min_c`` [unit in the name]."""
        return self.extra.get(key, default)


@dataclass(frozen=True, slots=True)
class CellFormat:
    """A cylindrical cell format (eq. 12-13 geometry and can mass)."""

    name: str
    diameter_mm: float
    height_mm: float
    mandrel_diameter_mm: float
    jelly_roll_diameter_mm: float
    jelly_roll_height_mm: float
    can_mass_g: float
    sources: dict[str, str]


COMPONENT_KINDS = {
    "conductive_additives": "conductive additive",
    "binders": "binder",
    "solvents": "solvent",
    "electrolytes": "electrolyte",
    "separators": "separator",
    "current_collectors": "current collector",
}


def _number(value: Any, field: str, file: str, lines: LineMap) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SpecError(field, f"must be a number, got {value!r}", file=file,
                        line=line_of(lines, field))
    return float(value)


def _pair(value: Any, field: str, file: str, lines: LineMap) -> tuple[float, float]:
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise SpecError(field, f"must be [min, max], got {value!r}", file=file,
                        line=line_of(lines, field))
    lo = _number(value[0], f"{field}.0", file, lines)
    hi = _number(value[1], f"{field}.1", file, lines)
    if lo > hi:
        raise SpecError(field, f"min {lo} is above max {hi}", file=file, line=line_of(lines, field))
    return lo, hi


def _check_sources(entry: dict[str, Any], field: str, file: str, lines: LineMap) -> dict[str, str]:
    sources = entry.get("sources") or {}
    if not isinstance(sources, dict):
        raise SpecError(f"{field}.sources", "must be a mapping of field -> citation", file=file,
                        line=line_of(lines, f"{field}.sources"))
    for key, value in entry.items():
        numeric = isinstance(value, int | float) and not isinstance(value, bool)
        if numeric and key not in sources:
            raise SpecError(f"{field}.{key}", "figure has no entry under 'sources'", file=file,
                            line=line_of(lines, f"{field}.{key}"))
    return {str(k): str(v) for k, v in sources.items()}


def _active(name: str, e: dict[str, Any], file: str, lines: LineMap) -> ActiveMaterial:
    f = f"active_materials.{name}"

    def num(key: str) -> float:
        if key not in e:
            raise SpecError(f"{f}.{key}", "missing", file=file, line=line_of(lines, f))
        return _number(e[key], f"{f}.{key}", file, lines)

    systems = []
    for i, s in enumerate(e.get("processing") or []):
        sf = f"{f}.processing.{i}"
        systems.append(ProcessingSystem(
            binders=tuple(str(b) for b in s.get("binders", [])),
            solvent=str(s.get("solvent", "")),
            solid_content_wt_pct=_pair(s.get("solid_content_wt_pct"),
                                       f"{sf}.solid_content_wt_pct", file, lines),
        ))
    calendering = str(e.get("calendering", "hard"))
    if calendering not in ("hard", "soft", "none"):
        raise SpecError(f"{f}.calendering", "must be hard, soft or none", file=file,
                        line=line_of(lines, f"{f}.calendering"))
    return ActiveMaterial(
        name=name,
        density_g_cm3=num("density_g_cm3"),
        capacity_mah_g=num("capacity_mah_g"),
        avg_potential_v=num("avg_potential_v"),
        calendering=calendering,
        lithiated_as_made=bool(e.get("lithiated_as_made", False)),
        first_cycle_efficiency=num("first_cycle_efficiency"),
        min_carbon_wt_pct=num("min_carbon_wt_pct"),
        min_binder_wt_pct=num("min_binder_wt_pct"),
        voltage_window_v=_pair(e.get("voltage_window_v"), f"{f}.voltage_window_v", file, lines),
        processing=tuple(systems),
        sources=_check_sources(e, f, file, lines),
    )


def _format(name: str, e: dict[str, Any], file: str, lines: LineMap) -> CellFormat:
    f = f"formats.{name}"
    keys = ("diameter_mm", "height_mm", "mandrel_diameter_mm", "jelly_roll_diameter_mm",
            "jelly_roll_height_mm", "can_mass_g")
    values = {}
    for k in keys:
        if k not in e:
            raise SpecError(f"{f}.{k}", "missing", file=file, line=line_of(lines, f))
        values[k] = _number(e[k], f"{f}.{k}", file, lines)
    return CellFormat(name=name, sources=_check_sources(e, f, file, lines), **values)


class Catalog:
    """All materials, formats and process figures, looked up by (case-insensitive) name."""

    def __init__(self, data_dir: Path = DATA_DIR) -> None:
        mat_file = data_dir / "materials.yaml"
        mats, lines = load_yaml_file(mat_file)
        self.active: dict[str, ActiveMaterial] = {
            n: _active(n, e, str(mat_file), lines)
            for n, e in (mats.get("active_materials") or {}).items()
        }
        self.components: dict[str, dict[str, Component]] = {}
        for key, kind in COMPONENT_KINDS.items():
            group: dict[str, Component] = {}
            for n, e in (mats.get(key) or {}).items():
                f = f"{key}.{n}"
                dens = _number(e.get("density_g_cm3"), f"{f}.density_g_cm3", str(mat_file), lines)
                extra = {k: v for k, v in e.items() if k not in ("density_g_cm3", "sources")}
                group[n] = Component(n, kind, dens, extra,
                                     _check_sources(e, f, str(mat_file), lines))
            self.components[key] = group
        fmt_file = data_dir / "formats.yaml"
        fmts, flines = load_yaml_file(fmt_file)
        self.formats: dict[str, CellFormat] = {
            str(n): _format(str(n), e, str(fmt_file), flines)
            for n, e in (fmts.get("formats") or {}).items()
        }
        proc_file = data_dir / "process.yaml"
        self.process, _ = load_yaml_file(proc_file)
        groups: dict[str, dict[str, Any]] = {"active": self.active, "formats": self.formats,
                                             **self.components}
        # exact names first, then lower-case names: lookups ignore case
        self._index = {k: {**{n.lower(): m for n, m in g.items()}, **g}
                       for k, g in groups.items()}

    def _find(self, group: str, name: Any, field: str, what: str) -> Any:
        if type(name) is str:
            found = self._index[group].get(name) or self._index[group].get(name.lower())
            if found is not None:
                return found
        elif not isinstance(name, int) or isinstance(name, bool):
            raise SpecError(field, f"must be the name of a {what}, got {shown(name)}")
        found = self._index[group].get(str(name).lower())
        if found is None:
            names = self.active if group == "active" else (
                self.formats if group == "formats" else self.components[group])
            raise SpecError(field, f"unknown {what} {shown(str(name))}"
                            f"{did_you_mean(str(name), names)}")
        return found

    # each lookup tries the exact name first (the common case, one dict lookup), then _find

    def active_material(self, name: Any, field: str = "active_material") -> ActiveMaterial:
        """Active material by name."""
        found = self._index["active"].get(name) if type(name) is str else None
        return found if found is not None else self._find("active", name, field,
                                                          "active material")

    def component(self, group: str, name: Any, field: str) -> Component:
        """Inactive component of ``group`` (a key of :data:`COMPONENT_KINDS`) by name."""
        found = self._index[group].get(name) if type(name) is str else None
        return found if found is not None else self._find(group, name, field,
                                                          COMPONENT_KINDS[group])

    def cell_format(self, name: Any, field: str = "format") -> CellFormat:
        """Cell format (``"18650"``, ``"21700"``) by name."""
        found = self._index["formats"].get(name) if type(name) is str else None
        return found if found is not None else self._find("formats", name, field, "cell format")

    def proc(self, dotted: str) -> Any:
        """A process figure by dotted path, e.g. ``calendering.hard.A``."""
        node: Any = self.process
        for part in dotted.split("."):
            node = node[part]
        return node


@functools.cache
def catalog() -> Catalog:
    """The package's catalog, loaded once."""
    return Catalog()
