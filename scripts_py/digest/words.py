"""Readable text for the digest: settings with units, sim times, numbers."""

from __future__ import annotations

import math
from typing import Any

from scripts_py.machines import MACHINE_TYPES
from scripts_py.room.names import material_word

UNIT_SUFFIXES = (("_mg_cm2", "mg/cm²"), ("_m_min", "m/min"), ("_wt_pct", "wt%"),
                 ("_wh_kg", "Wh/kg"), ("_mah", "mAh"), ("_um", "µm"), ("_mm", "mm"),
                 ("_rpm", "rpm"), ("_min", "min"), ("_ml", "mL"), ("_pct", "%"), ("_g", "g"),
                 ("_c", "°C"), ("_s", "s"), ("_h", "h"), ("_v", "V"))
UNIT_WORDS = {"1/h": "C"}
KEY_WORDS = {"am": "active-material", "c rate": "C-rate"}
MISSING = "—"


def hms(seconds: float | None) -> str:
    """Sim time as ``h:mm:ss`` (hours may exceed 24), or "—"."""
    if seconds is None or not math.isfinite(float(seconds)):
        return MISSING
    s = round(float(seconds))
    sign, s = ("-", -s) if s < 0 else ("", s)
    return f"{sign}{s // 3600:d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def number(value: Any, decimals: int) -> str:
    """``value`` with ``decimals`` decimals, or "—" if it is not a finite number."""
    if isinstance(value, bool) or not isinstance(value, int | float) \
            or not math.isfinite(float(value)):
        return MISSING
    return f"{float(value):.{decimals}f}"


def _key_and_unit(machine_type: str | None, key: str) -> tuple[str, str]:
    m = MACHINE_TYPES.get(machine_type or "")
    param = m.param(key) if m is not None else None
    unit = param.unit if param is not None else ""
    words = key
    for suffix, suffix_unit in UNIT_SUFFIXES:
        if key.endswith(suffix):
            words, unit = key[: -len(suffix)], unit or suffix_unit
            break
    text = f' {words.replace("_", " ")} '
    for word, better in KEY_WORDS.items():
        text = text.replace(f" {word} ", f" {better} ")
    return text.strip(), UNIT_WORDS.get(unit, unit)


def value_text(value: Any) -> str:
    """A setting's value: numbers with ``g`` format, materials as words, lists joined."""
    if value is None:
        return MISSING
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return f"{value:g}"
    if isinstance(value, list | tuple):
        return ", ".join(value_text(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {value_text(v)}" for k, v in value.items())
    return material_word(value)


def settings(machine_type: str | None, params: dict[str, Any]) -> list[str]:
    """Each setting as ``comma gap 200 µm`` (units from the machine's screen, else the key)."""
    out = []
    for key, value in params.items():
        words, unit = _key_and_unit(machine_type, str(key))
        shown = value_text(value)
        out.append(f"{words} {shown}" + (f" {unit}" if unit and shown != MISSING else ""))
    return out


def machine_title(machine_type: str | None, machine_id: str) -> str:
    """The machine's title (``degas, fill and seal station``), else its id in words."""
    m = MACHINE_TYPES.get(machine_type or "")
    return m.title if m is not None else machine_id.replace("_", " ")
