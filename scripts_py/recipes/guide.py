"""Guided mode: which step of a recipe a student is at, read off the room state.

Nothing is stored for it: the items' histories already say what was made. A recipe's steps
form two lines of work, the positive electrode (then the cell wound from it) and the negative
electrode; an item belongs to a line when its dispensed active material is that electrode's.
A line is as far as its most advanced item's history follows the line's machines in order.
The current step is the first step, in recipe order, that its line has not reached; the guide
says what to bring where, the step's settings and hint, and whether its machine is running.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scripts_py.line import history
from scripts_py.machines import LAYOUT, MACHINE_TYPES
from scripts_py.recipes.load import Recipe, Step
from scripts_py.room import names, places

POSITIVE = "positive"  # the positive electrode's line continues as the cell's
NEGATIVE = "negative"
SUFFIX = {"separators": "separator", "current_collectors": "foil", "electrolytes": "electrolyte",
          "solvents": "solvent"}


@dataclass(frozen=True, slots=True)
class _Line:
    name: str
    material: str | None  # the dispensed active material that marks this line's items
    steps: tuple[Step, ...]


def _lines(recipe: Recipe) -> dict[str, _Line]:
    def material(electrode: str) -> str | None:
        step = next((s for s in recipe.steps if s.machine == "powder_dispenser"
                     and s.electrode == electrode), None)
        return None if step is None else str(step.parameters.get("active_material"))

    pos = tuple(s for s in recipe.steps if s.electrode in (POSITIVE, "cell"))
    neg = tuple(s for s in recipe.steps if s.electrode == NEGATIVE)
    return {POSITIVE: _Line(POSITIVE, material(POSITIVE), pos),
            NEGATIVE: _Line(NEGATIVE, material(NEGATIVE), neg)}


def _machine_types(item: dict[str, Any], state: dict[str, Any]) -> list[str]:
    machines = state["machines"]
    return [machines[s["machine"]]["type"] for s in item["history"] if s["machine"] in machines]


def _reached(line: _Line, done_types: list[str]) -> int:
    """How many of the line's steps the history follows, in order."""
    n = 0
    for machine_type in done_types:
        if n < len(line.steps) and line.steps[n].machine == machine_type:
            n += 1
    return n


def _candidates(line: _Line, state: dict[str, Any], user: str | None,
                taken: set[str]) -> list[tuple[int, bool, str]]:
    out = []
    for item in state["items"].values():
        d = history.first(item, "dispensing")
        if d is None or item["id"] in taken:
            continue
        if line.material is not None and str(d["params"].get("active_material")) != line.material:
            continue
        if places.parse(item["location"])[0] == "in" and line.name == POSITIVE:
            continue  # the negative inside a cell is not the positive line's
        mine = user is None or any(s.get("by") == user for s in item["history"])
        out.append((_reached(line, _machine_types(item, state)), mine, str(item["id"])))
    out.sort(key=lambda c: (c[1], c[0]), reverse=True)  # the user's own first, then furthest
    return out


def _progress(recipe: Recipe, state: dict[str, Any], user: str | None
              ) -> tuple[dict[str, int], dict[str, str]]:
    """Steps reached per line and the item that carries each line."""
    reached: dict[str, int] = {}
    carrier: dict[str, str] = {}
    taken: set[str] = set()
    for name, line in _lines(recipe).items():
        found = _candidates(line, state, user, taken)
        if name == NEGATIVE and POSITIVE in carrier:  # a wound cell holds its negative
            cell = state["items"][carrier[POSITIVE]]
            part = cell["parts"].get("negative")
            if part is not None and part in state["items"] and part not in taken:
                found.insert(0, (len(line.steps), True, part))
        if found:
            reached[name], _, carrier[name] = found[0]
            taken.add(carrier[name])
        else:
            reached[name] = 0
    return reached, carrier


def _deposited(state: dict[str, Any], user: str | None) -> dict[str, Any] | None:
    for record in reversed(state.get("deposits", [])):
        if user is None or record.get("by") == user:
            return record
    return None


def _machine_id(state: dict[str, Any], machine_type: str) -> str:
    """The room's machine of this type (an idle one when there are two)."""
    ids = [mid for mid, row in state["machines"].items() if row["type"] == machine_type]
    if not ids:
        ids = [mid for mid, mtype in LAYOUT if mtype == machine_type]
    return next((mid for mid in ids if not state["machines"].get(mid, {}).get("runs")), ids[0])


def _what_to_bring(step: Step, state: dict[str, Any], carrier: dict[str, str]) -> list[str]:
    m = MACHINE_TYPES[step.machine]
    things = []
    if step.machine == "powder_dispenser":
        things.append("an empty mixing pot")
    elif step.machine == "winder":
        for role in (POSITIVE, NEGATIVE):
            item = state["items"].get(carrier.get(role, ""))
            things.append(f"“{names.display_name(state, item)}”" if item is not None
                          else ("a Li-metal electrode" if role == NEGATIVE
                                else "the positive electrode"))
    else:
        line = POSITIVE if step.electrode in (POSITIVE, "cell") else NEGATIVE
        item = state["items"].get(carrier.get(line, ""))
        if item is not None:
            where = places.describe(item["location"])
            things.append(f"“{names.display_name(state, item)}” ({where})")
    for key, slot_name in m.materials.items():
        if key in step.parameters:
            slot = m.slot(slot_name)
            what = names.material_word(step.parameters[key])
            group = slot.group if slot is not None else None
            things.append(f"{what} {SUFFIX[group]}" if group in SUFFIX else what)
    return things


def guide(recipe: Recipe, state: dict[str, Any], user: str | None = None) -> dict[str, Any]:
    """The guide for ``user`` (None: the whole room) at this state (JSON-ready).

    ``{"recipe", "step" (1-based), "of", "machine", "title", "do", "hint", "params",
    "materials", "running", "remaining_s", "finished"}``.
    """
    total = len(recipe.steps)
    reached, carrier = _progress(recipe, state, user)
    lines = _lines(recipe)
    record = _deposited(state, user)
    next_step: Step | None = None
    for step in recipe.steps:
        line = POSITIVE if step.electrode in (POSITIVE, "cell") else NEGATIVE
        position = lines[line].steps.index(step)
        if position >= reached[line]:
            next_step = step
            break
    base = {"recipe": recipe.title, "of": total}
    fresh = reached[POSITIVE] == 0 and reached[NEGATIVE] == 0
    if next_step is None or (record is not None and fresh):
        done = "Done: your cell is deposited." if record is not None else "Done."
        return {**base, "step": total, "machine": "", "title": "", "finished": True,
                "do": done, "hint": "Build another cell, or look for the Easter eggs.",
                "params": {}, "materials": {}, "running": False, "remaining_s": 0.0}
    m = MACHINE_TYPES[next_step.machine]
    mid = _machine_id(state, next_step.machine)
    row = state["machines"].get(mid, {"runs": {}})
    now = float(state["clock"]["now_s"])
    running = bool(row["runs"])
    remaining = max((r["end_s"] - now for r in row["runs"].values()), default=0.0)
    title = m.title[:1].upper() + m.title[1:]
    params = {k: v for k, v in next_step.parameters.items() if m.param(k) is not None}
    if running:
        do = f"The {m.title} is running: wait, or press “Skip to the end” on its screen."
    else:
        things = _what_to_bring(next_step, state, carrier)
        do = f"Bring {', '.join(things)} to the {m.title}" if things else f"Go to the {m.title}"
        if m.auto_start:
            do += "."
        else:
            do += "; set the values and press Start." if params else "; press Start."
    materials = {slot: str(next_step.parameters[key]) for key, slot in m.materials.items()
                 if key in next_step.parameters}
    return {**base, "step": next_step.index + 1, "machine": mid, "title": title, "do": do,
            "hint": " ".join(next_step.hint.split()), "params": params, "materials": materials,
            "running": running, "remaining_s": round(remaining, 1), "finished": False}
