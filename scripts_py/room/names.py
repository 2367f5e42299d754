"""Names a student reads: "NMC622 slurry", "Cell #3 (Ana)", never "pot-01".

Every item keeps its id (the state, the log and the wire use it); what the seat shows is
:func:`display_name`. :func:`plain` rewrites a message the reducer wrote with ids (a refusal,
an event) into the same names, so nothing a student reads names an internal id.
"""

from __future__ import annotations

import re
from typing import Any

from scripts_py.line import history
from scripts_py.room import kinds

GROUP_WORDS = {"active_materials": "active material", "conductive_additives": "conductive additive",
               "binders": "binder", "solvents": "solvent", "electrolytes": "electrolyte",
               "separators": "separator", "current_collectors": "current collector foil"}
MATERIAL_WORDS = {"carbon_black": "carbon black", "li_metal": "Li metal", "water": "water"}

_STAGE = {
    kinds.POWDERS: "{am} powders",
    kinds.PREMIXED: "{am} premix",
    kinds.UNMIXED: "{am} slurry (not mixed yet)",
    kinds.SLURRY: "{am} slurry",
    kinds.ROLL_A: "{am} coating (side A)",
    kinds.ROLL_AB: "{am} coating (both sides)",
    kinds.CALENDERED: "{am} electrode (calendered)",
    kinds.SLIT: "{am} electrode",
}


def material_word(name: Any) -> str:
    """A catalog name as a student reads it (``carbon_black`` → ``carbon black``)."""
    text = str(name)
    return MATERIAL_WORDS.get(text, text.replace("_", " "))


def group_word(group: Any) -> str:
    """A catalog group as words (``active_materials`` → ``active material``)."""
    return GROUP_WORDS.get(str(group), str(group).replace("_", " "))


def active_material(item: dict[str, Any]) -> str | None:
    """The active material dispensed into this item's pot (None before dispensing)."""
    step = history.first(item, "dispensing")
    value = step["params"].get("active_material") if step else None
    return material_word(value) if value is not None else None


def cell_number(state: dict[str, Any], item_id: str) -> int | None:
    """1 for the room's first wound jelly roll, 2 for the next, … (None if not wound)."""
    wound = []
    for item in state["items"].values():
        step = history.first(item, "winding")
        if step is not None:
            wound.append((float(step["sim_time_s"]), str(item["id"])))
    wound.sort()
    order = [i for _, i in wound]
    return order.index(item_id) + 1 if item_id in order else None


def builder(state: dict[str, Any], item: dict[str, Any]) -> str | None:
    """Name of who wound the cell, if they are still in the room."""
    step = history.first(item, "winding")
    user = state["users"].get(step.get("by")) if step else None
    return str(user["name"]) if user else None


def chemistry(state: dict[str, Any], item: dict[str, Any]) -> str:
    """``NMC622 | graphite`` (positive | negative) of a cell, as far as known."""
    pos = active_material(item) or "?"
    neg_id = item["parts"].get("negative")
    neg = state["items"].get(neg_id) if neg_id is not None else None
    if neg is None:
        return pos
    return f"{pos} | {active_material(neg) or 'Li metal'}"


def display_name(state: dict[str, Any], item: dict[str, Any]) -> str:
    """The short name a student reads for ``item`` (≤ ~40 characters)."""
    kind = item["kind"]
    data = item["data"]
    if kind == kinds.CONTAINER:
        return material_word(data.get("material"))
    if kind == kinds.EMPTY_POT:
        return "Empty mixing pot"
    if kind == kinds.LI_METAL:
        return f"Li-metal electrode ({data.get('thickness_um', '?'):g} µm)" \
            if isinstance(data.get("thickness_um"), int | float) else "Li-metal electrode"
    if kind in _STAGE:
        return _STAGE[kind].format(am=active_material(item) or "Electrode")
    number = cell_number(state, item["id"])
    tag = f"#{number}" if number is not None else ""
    if kind in (kinds.JELLY_ROLL, kinds.WELDED):
        what = "Jelly roll" if kind == kinds.JELLY_ROLL else "Welded jelly roll"
        return f"{what} {tag} ({chemistry(state, item)})".replace("  ", " ")
    who = builder(state, item)
    name = f"Cell {tag}".strip() + (f" ({who})" if who else "")
    return name + (", tested" if kind == kinds.TESTED else "")


_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]*")


def plain(text: str, state: dict[str, Any] | None) -> str:
    """``text`` with every item id replaced by the item's name and snake_case words spaced."""
    if state is None:
        return text
    items = state["items"]

    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        core = word.rstrip(".:,")
        tail = word[len(core):]
        if core in items:
            return f"“{display_name(state, items[core])}”{tail}"
        if core in GROUP_WORDS:
            return group_word(core) + tail
        return word

    return _ID.sub(swap, text)
