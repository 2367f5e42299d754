"""Queries on an item's history (a list of steps ``{step, machine, params, out, sim_time_s}``)."""

from __future__ import annotations

from typing import Any

Step = dict[str, Any]


def steps(item: dict[str, Any], name: str) -> list[Step]:
    """All history steps called ``name``, oldest first."""
    return [s for s in item["history"] if s["step"] == name]


def first(item: dict[str, Any], name: str) -> Step | None:
    """The first step called ``name``, if any."""
    return next((s for s in item["history"] if s["step"] == name), None)


def last(item: dict[str, Any], name: str) -> Step | None:
    """The latest step called ``name``, if any."""
    return next((s for s in reversed(item["history"]) if s["step"] == name), None)


def index_of(item: dict[str, Any], name: str, *, latest: bool = False) -> int | None:
    """Position of the first (or latest) step called ``name``, if any."""
    idx = [i for i, s in enumerate(item["history"]) if s["step"] == name]
    if not idx:
        return None
    return idx[-1] if latest else idx[0]


def coated_sides(item: dict[str, Any]) -> set[str]:
    """Sides (``A``, ``B``) coated so far."""
    return {s["params"]["side"] for s in steps(item, "coating")}


def side_a(item: dict[str, Any]) -> Step | None:
    """The side-A coating step."""
    return next((s for s in steps(item, "coating") if s["params"]["side"] == "A"), None)
