"""Cell spec: the YAML/dict a student's choices make, parsed and checked field by field.

Out-of-window choices are accepted here (they become feedback); impossible input (zero mass,
fractions not adding to 100, unknown material, a gap below the foil) raises :class:`SpecError`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, NoReturn

from battery_model.errors import SpecError, shown, unknown_field
from battery_model.materials import ActiveMaterial, Catalog, CellFormat, Component, catalog

_MISSING = object()
# magnitudes the model computes with safely (no overflow, no division by ~0)
_TINY = 1e-6
_HUGE = 1e7
_ABSOLUTE_ZERO_C = -273.15  # [°C]
_OVEN_MAX_C = 1e6  # [°C] beyond any oven; the processing window reports realistic misses

# the keys of each mapping of a cell spec; anything else is a typo ("did you mean")
SPEC_KEYS = frozenset({"format", "positive", "negative", "separator", "electrolyte"})
RECIPE_KEYS = frozenset({"title", "description", "steps"})  # a recipe file adds these
_TOP_KEYS = SPEC_KEYS | RECIPE_KEYS  # evaluate reads recipe files too (and ignores these)
_ELECTRODE_KEYS = frozenset({
    "active_material", "conductive_additive", "binder", "solvent", "dry_mass_g",
    "fractions_wt_pct", "solvent_mass_g", "premix", "mixing", "coating", "calendering",
    "current_collector"})
_KEYS_OF = {
    "fractions_wt_pct": frozenset({"active", "additive", "binder"}),
    "premix": frozenset({"speed_rpm", "time_min"}),
    "mixing": frozenset({"dispersion_speed_rpm", "time_min"}),
    "coating": frozenset({"comma_gap_um", "line_speed_m_min", "oven_temps_c", "sides",
                          "width_mm"}),
    "calendering": frozenset({"roll_gap_um", "line_speed_m_min", "roll_temp_c"}),
    "current_collector": frozenset({"material", "thickness_um"}),
    "lithium_metal": frozenset({"thickness_um", "current_collector"}),
}
_SEPARATOR_KEYS = frozenset({"material", "thickness_um", "porosity"})


def _unknown(d: dict[Any, Any], keys: frozenset[str], field: str) -> NoReturn:
    """Raise for the first key of ``d`` not in ``keys`` (callers test ``keys.issuperset(d)``,
    a subset test in C that builds no set: the common path costs ~0.1 µs per mapping)."""
    raise unknown_field(field, next(k for k in d if k not in keys), keys)


def _num(d: dict[str, Any], key: str, field: str, *, default: Any = _MISSING,
         positive: bool = True, allow_zero: bool = False) -> float:
    value = d.get(key, default)
    # the common cases, checked cheaply (literals: an int compares exactly with an int bound,
    # ``0 < n < 10_000_000`` is ``_TINY < n < _HUGE`` for an int ``n``; the literals are
    # tied to _TINY and _HUGE by tests/battery_model/test_spec_errors.py)
    if type(value) is float:
        if 1e-6 < value < 1e7:
            return value
    elif type(value) is int and 0 < value < 10_000_000:
        return float(value)
    return _num_slow(value, key, field, positive, allow_zero)


def _num_slow(value: Any, key: str, field: str, positive: bool, allow_zero: bool) -> float:
    """The checks of :func:`_num` with their messages (ints of any size compare exactly)."""
    if value is _MISSING or value is None:
        raise SpecError(f"{field}.{key}", "is required")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise SpecError(f"{field}.{key}", f"must be a number, got {shown(value)}")
    if isinstance(value, float) and not math.isfinite(value):
        raise SpecError(f"{field}.{key}", f"must be finite, got {shown(value)}")
    if positive and (value < 0 or (value == 0 and not allow_zero)):
        need = "zero or more" if allow_zero else "more than zero"
        raise SpecError(f"{field}.{key}", f"must be {need}, got {shown(value)}")
    if value != 0 and not _TINY < abs(value) < _HUGE:
        raise SpecError(f"{field}.{key}", f"{shown(value)} is outside the model's range "
                        f"({_TINY:g} to {_HUGE:g})")
    return float(value)


def _temp_c(value: Any, key: str, field: str) -> float:
    """A temperature [°C]: finite, not below absolute zero."""
    if (type(value) is float or type(value) is int) and _ABSOLUTE_ZERO_C <= value < _OVEN_MAX_C:
        return float(value)
    t = _num_slow(value, key, field, False, True)
    if not _ABSOLUTE_ZERO_C <= t < _OVEN_MAX_C:
        raise SpecError(f"{field}.{key}", f"{t:g} °C is outside {_ABSOLUTE_ZERO_C:g} to "
                        f"{_OVEN_MAX_C:g} °C")
    return t


def _section(d: dict[str, Any], key: str, field: str) -> dict[str, Any]:
    """``d[key]``: a required mapping of known keys."""
    value = d.get(key)
    if type(value) is dict and _KEYS_OF[key].issuperset(value):
        return value  # the common case
    section = _checked_section(value, key, field, required=True)
    assert section is not None
    return section


def _optional_section(d: dict[str, Any], key: str, field: str) -> dict[str, Any] | None:
    """``d[key]``: a mapping of known keys, or None when skipped (null)."""
    value = d.get(key)
    if type(value) is dict and _KEYS_OF[key].issuperset(value):
        return value  # the common case
    return _checked_section(value, key, field, required=False)


def _checked_section(value: Any, key: str, field: str, *,
                     required: bool) -> dict[str, Any] | None:
    """The checks of :func:`_section` and :func:`_optional_section`, with their messages."""
    if value is None:
        if required:
            raise SpecError(f"{field}.{key}", "is required")
        return None
    if not isinstance(value, dict):
        raise SpecError(f"{field}.{key}", f"must be a mapping (or null to skip), got "
                        f"{shown(value)}")
    keys = _KEYS_OF[key]
    if not keys.issuperset(value):
        _unknown(value, keys, f"{field}.{key}")
    return value


@dataclass(slots=True)
class PremixSpec:
    """Optional dry premix of the powders."""

    speed_rpm: float
    time_min: float


@dataclass(slots=True)
class MixingSpec:
    """Slurry dispersion in the planetary mixer."""

    dispersion_speed_rpm: float
    time_min: float


@dataclass(slots=True)
class CoatingSpec:
    """Roll-to-roll comma-bar coating with a two-zone oven."""

    comma_gap_um: float
    line_speed_m_min: float
    oven_temps_c: tuple[float, ...]
    sides: int
    width_mm: float


@dataclass(slots=True)
class CalenderingSpec:
    """Calender pass."""

    roll_gap_um: float
    line_speed_m_min: float
    roll_temp_c: float


@dataclass(slots=True)
class ElectrodeSpec:
    """A coated electrode: formulation and every processing step (None = skipped)."""

    role: str
    active: ActiveMaterial
    additive: Component
    binder: Component
    solvent: Component
    dry_mass_g: float
    active_wt_pct: float
    additive_wt_pct: float
    binder_wt_pct: float
    solvent_mass_g: float
    premix: PremixSpec | None
    mixing: MixingSpec | None
    coating: CoatingSpec
    calendering: CalenderingSpec | None
    current_collector: Component
    cc_thickness_um: float

    @property
    def solid_content_wt_pct(self) -> float:
        """Dry mass over slurry mass [wt%]."""
        return 100.0 * self.dry_mass_g / (self.dry_mass_g + self.solvent_mass_g)


@dataclass(slots=True)
class LithiumMetalSpec:
    """A prefabricated lithium-metal counter electrode (cut to the working electrode)."""

    role: str
    active: ActiveMaterial
    thickness_um: float
    current_collector: Component | None
    cc_thickness_um: float


@dataclass(slots=True)
class SeparatorSpec:
    """Porous separator (two layers in the jelly roll)."""

    material: Component
    thickness_um: float
    porosity: float


@dataclass(slots=True)
class CellSpec:
    """A whole cell: format, two electrodes, separator and electrolyte."""

    format: CellFormat
    positive: ElectrodeSpec | LithiumMetalSpec
    negative: ElectrodeSpec | LithiumMetalSpec
    separator: SeparatorSpec
    electrolyte: Component

    @property
    def kind(self) -> str:
        """``half`` (against Li metal), ``symmetric`` (same AM both sides) or ``full``."""
        if isinstance(self.negative, LithiumMetalSpec) or isinstance(self.positive,
                                                                     LithiumMetalSpec):
            return "half"
        if self.positive.active.name == self.negative.active.name:
            return "symmetric"
        return "full"


def _num_or_catalog(d: dict[str, Any], key: str, field: str, component: Component,
                    default_key: str) -> float:
    """:func:`_num` defaulting to the component's catalog figure (looked up only if missing)."""
    if key in d:
        return _num(d, key, field)
    return _num(d, key, field, default=component.get(default_key))


def _collector(cat: Catalog, d: dict[str, Any], field: str,
               f: str | None = None) -> tuple[Component, float]:
    """The foil and its thickness; ``f`` is ``{field}.current_collector`` when known."""
    cc = _section(d, "current_collector", field)
    f = f or f"{field}.current_collector"
    material = cat.component("current_collectors", cc.get("material"), f"{f}.material")
    thickness = _num_or_catalog(cc, "thickness_um", f, material, "default_thickness_um")
    return material, thickness


def _lithium_metal(cat: Catalog, role: str, d: dict[str, Any]) -> LithiumMetalSpec:
    field = f"{role}.lithium_metal"
    if role != "negative":
        raise SpecError(field, "lithium metal is the counter electrode of a half cell: put it "
                               "under 'negative'")
    if len(d) > 1:
        other = next(k for k in d if k != "lithium_metal")
        raise SpecError(f"{role}.{other}", "a lithium-metal electrode is only "
                        "`lithium_metal: {thickness_um: ...}`: remove the other fields")
    li = d["lithium_metal"]
    if not isinstance(li, dict):
        raise SpecError(field, f"must be a mapping like {{thickness_um: 100}}, got {shown(li)}")
    if not _KEYS_OF["lithium_metal"].issuperset(li):
        _unknown(li, _KEYS_OF["lithium_metal"], field)
    collector, cc_um = None, 0.0
    if li.get("current_collector") is not None:
        collector, cc_um = _collector(cat, li, field)
    return LithiumMetalSpec(role, cat.active_material("Li_metal", f"{field}"),
                            _num(li, "thickness_um", field), collector, cc_um)


_KEYS = ("active_material", "fractions_wt_pct", "conductive_additive", "binder", "solvent",
         "premix", "mixing", "coating", "calendering", "current_collector")
# dotted field names, built once: error messages need them, the common path only looks them up
_FIELD_NAMES = {role: {k: f"{role}.{k}" for k in _KEYS} for role in ("positive", "negative")}


def _electrode(cat: Catalog, role: str, d: Any) -> ElectrodeSpec | LithiumMetalSpec:
    field = role
    if not isinstance(d, dict):
        raise SpecError(field, f"must be a mapping of electrode settings, got {shown(d)}")
    if "lithium_metal" in d:
        return _lithium_metal(cat, role, d)
    if not _ELECTRODE_KEYS.issuperset(d):
        _unknown(d, _ELECTRODE_KEYS, field)
    names = _FIELD_NAMES[role]
    active = cat.active_material(d.get("active_material"), names["active_material"])
    if active.calendering == "none":
        raise SpecError(f"{field}.active_material", f"{active.name} is not coated from a slurry; "
                        "use `negative: {lithium_metal: {thickness_um: ...}}`")
    fr = _section(d, "fractions_wt_pct", field)
    ff = names["fractions_wt_pct"]
    am_pct = _num(fr, "active", ff)
    if am_pct < 1.0:
        raise SpecError(f"{ff}.active", f"an electrode needs active material: at least 1 wt%, "
                        f"got {am_pct:g}")
    add_pct = _num(fr, "additive", ff, default=0.0, allow_zero=True)
    bin_pct = _num(fr, "binder", ff, default=0.0, allow_zero=True)
    total = am_pct + add_pct + bin_pct
    if abs(total - 100.0) > 0.01:
        raise SpecError(ff, f"active + additive + binder must add up to 100, got {total:g}")
    additive_name = d.get("conductive_additive", "carbon_black" if add_pct == 0 else None)
    additive = cat.component("conductive_additives", additive_name,
                             names["conductive_additive"])
    binder = cat.component("binders", d.get("binder"), names["binder"])
    solvent = cat.component("solvents", d.get("solvent"), names["solvent"])
    premix = _optional_section(d, "premix", field)
    mixing = _optional_section(d, "mixing", field)
    coating = _section(d, "coating", field)
    calendering = _optional_section(d, "calendering", field)
    collector, cc_um = _collector(cat, d, field, names["current_collector"])

    cf = names["coating"]
    comma_gap = _num(coating, "comma_gap_um", cf)
    if comma_gap <= cc_um:
        raise SpecError(f"{cf}.comma_gap_um", f"{comma_gap:g} µm is not above the "
                        f"{cc_um:g} µm foil: nothing would be coated")
    temps = coating.get("oven_temps_c", [])
    if not isinstance(temps, (list, tuple)) or not 1 <= len(temps) <= 2:
        raise SpecError(f"{cf}.oven_temps_c", f"must be a list of 1 or 2 zone temperatures "
                        f"[°C], got {shown(temps)}")
    # the plain in-range numbers (a loop: in Python 3.11 a comprehension is a function call)
    plain: list[float] = []
    for t in temps:
        if (type(t) is float or type(t) is int) and _ABSOLUTE_ZERO_C <= t < _OVEN_MAX_C:
            plain.append(float(t))
    oven = tuple(plain)
    if len(oven) != len(temps):  # not all plain in-range numbers: check each, with messages
        oven = tuple([_temp_c(t, str(i), f"{cf}.oven_temps_c") for i, t in enumerate(temps)])
    sides = coating.get("sides", 1)
    if sides not in (1, 2) or isinstance(sides, bool):
        raise SpecError(f"{cf}.sides", f"must be 1 or 2, got {shown(sides)}")
    coat = CoatingSpec(comma_gap, _num(coating, "line_speed_m_min", cf), oven, int(sides),
                       _num(coating, "width_mm", cf))
    cal = None
    if calendering is not None:
        kf = names["calendering"]
        gap = _num(calendering, "roll_gap_um", kf)
        if gap <= cc_um:
            raise SpecError(f"{kf}.roll_gap_um", f"{gap:g} µm is not above the {cc_um:g} µm "
                            "foil: the rolls would cut the foil")
        cal = CalenderingSpec(gap, _num(calendering, "line_speed_m_min", kf),
                              _temp_c(calendering.get("roll_temp_c", 25.0), "roll_temp_c", kf))
    dry_mass = _num(d, "dry_mass_g", field)
    solvent_mass = _num(d, "solvent_mass_g", field)
    pre = None if premix is None else PremixSpec(
        _num(premix, "speed_rpm", names["premix"]), _num(premix, "time_min", names["premix"]))
    mix = None if mixing is None else MixingSpec(
        _num(mixing, "dispersion_speed_rpm", names["mixing"]),
        _num(mixing, "time_min", names["mixing"]))
    # positional, in field order (a dataclass call with 16 keywords costs ~1 µs more)
    return ElectrodeSpec(role, active, additive, binder, solvent, dry_mass, am_pct, add_pct,
                         bin_pct, solvent_mass, pre, mix, coat, cal, collector, cc_um)


def parse_cell_spec(spec: Any, cat: Catalog | None = None) -> CellSpec:
    """Check a cell spec (parsed YAML) and resolve its material names.

    Raises
    ------
    SpecError
        Naming the first offending field.
    """
    if isinstance(spec, CellSpec):
        return spec
    if not isinstance(spec, dict):
        raise SpecError("(spec)", f"must be a mapping of cell settings, got {type(spec).__name__}")
    if not _TOP_KEYS.issuperset(spec):
        _unknown(spec, _TOP_KEYS, "")
    cat = cat or catalog()
    fmt = cat.cell_format(spec.get("format", "18650"), "format")
    if "positive" not in spec:
        raise SpecError("positive", "is required")
    if "negative" not in spec:
        raise SpecError("negative", "is required")
    positive = _electrode(cat, "positive", spec["positive"])
    negative = _electrode(cat, "negative", spec["negative"])
    sep = spec.get("separator") or {}
    if not isinstance(sep, dict):
        raise SpecError("separator", f"must be a mapping, got {shown(sep)}")
    if not _SEPARATOR_KEYS.issuperset(sep):
        _unknown(sep, _SEPARATOR_KEYS, "separator")
    sep_material = cat.component("separators", sep.get("material", "PE"), "separator.material")
    porosity = _num_or_catalog(sep, "porosity", "separator", sep_material, "default_porosity")
    if not 0 < porosity < 1:
        raise SpecError("separator.porosity", f"must be a fraction between 0 and 1, got "
                        f"{porosity:g}")
    separator = SeparatorSpec(
        sep_material,
        _num_or_catalog(sep, "thickness_um", "separator", sep_material, "default_thickness_um"),
        porosity)
    electrolyte = cat.component("electrolytes", spec.get("electrolyte", "LP30"), "electrolyte")
    return CellSpec(fmt, positive, negative, separator, electrolyte)
