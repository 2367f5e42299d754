"""Room state -> the view Godot shows (the ``state`` message of PROTOCOL.md).

The view is plain JSON made for showing: per machine its status, time left, screen values and
parameter specs; per item its kind, location and label; the shelves, notebooks, potentiostat
channels (Wh/kg, GCPL curves, feedback), Easter eggs and users. The room state is
copy-on-write (:mod:`scripts_py.room.draft`): a row that did not change is the same object in
the next state, so :class:`Projector` caches every entry by the identity of the rows it was
made from and hands back the very same entry object. :func:`scripts_py.runtime.patch.diff`
then skips unchanged entries by identity, which keeps the per-frame cost small.
"""

from __future__ import annotations

import textwrap
from typing import Any

from scripts_py.machines import MACHINE_TYPES
from scripts_py.machines.base import Machine, Param
from scripts_py.machines.potentiostat import tested_result
from scripts_py.recipes.guide import guide
from scripts_py.recipes.load import Recipe
from scripts_py.reducer.intents import ACTORS
from scripts_py.room import kinds, names, places
from scripts_py.room.label import label

WRAP = 60  # characters per label line
GROUP_KIND = {"active_materials": "active_material", "conductive_additives": "conductive_additive",
              "binders": "binder", "solvents": "solvent", "electrolytes": "electrolyte",
              "separators": "separator", "current_collectors": "current_collector"}
POT_SHELF = "mixing_pot"  # shelf entry names of the empty pots and the Li-metal electrodes
LI_SHELF = "li_metal"


def param_spec(p: Param) -> dict[str, Any]:
    """A screen's parameter spec: name, unit, default, range, choices, help (+ step)."""
    spec = p.to_dict()
    if p.integer:
        spec["step"] = 1
    return spec


_SPECS: dict[str, list[dict[str, Any]]] = {
    t: [param_spec(p) for p in m.params] for t, m in MACHINE_TYPES.items()}
_ACCEPTS: dict[str, dict[str, str]] = {
    t: {s.name: s.what for s in m.slots} for t, m in MACHINE_TYPES.items()}


def screen_channel(m: Machine, row: dict[str, Any]) -> str:
    """Run channel whose settings the machine's main screen shows (the first idle one)."""
    if not m.per_slot_runs:
        return "main"
    return next((s.name for s in m.slots if s.name not in row["runs"]), m.slots[0].name)


def _is_product_of(item: dict[str, Any] | None, machine_id: str) -> bool:
    if item is None or not item["history"]:
        return False
    return item["history"][-1]["machine"] == machine_id


def machine_entry(state: dict[str, Any], machine_id: str) -> dict[str, Any]:
    """The view of one machine (uncached)."""
    row = state["machines"][machine_id]
    m = MACHINE_TYPES[row["type"]]
    now = float(state["clock"]["now_s"])
    channel = screen_channel(m, row)
    entry: dict[str, Any] = {
        "kind": m.type, "title": m.title, "status": "idle", "slots": dict(row["slots"]),
        "params": m.resolve(row["settings"].get(channel, {}), {}),
        "param_specs": _SPECS[m.type], "slot_accepts": _ACCEPTS[m.type], "remaining_s": 0.0}
    runs = row["runs"]
    if runs:
        longest = max(runs.values(), key=lambda r: r["end_s"])
        entry.update(status="running", remaining_s=max(0.0, longest["end_s"] - now),
                     duration_s=longest["end_s"] - longest["start_s"])
        if m.per_slot_runs:
            entry["channels"] = {ch: {"remaining_s": max(0.0, r["end_s"] - now),
                                      "duration_s": r["end_s"] - r["start_s"]}
                                 for ch, r in sorted(runs.items())}
    else:
        held = [state["items"].get(i) for i in row["slots"].values() if i is not None]
        if any(_is_product_of(item, machine_id) for item in held):
            entry["status"] = "done"
    return entry


def _kind_line(item: dict[str, Any]) -> str:
    """What the item is, in words (the first line of its label)."""
    data = item["data"]
    if item["kind"] == kinds.CONTAINER:
        return f"{names.group_word(data.get('group'))} · container".capitalize()
    title = kinds.TITLES.get(item["kind"], item["kind"])
    return title[:1].upper() + title[1:]


def _fmt(value: Any) -> str:
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def _clock(seconds: float) -> str:
    s = round(seconds)
    return f"{s // 3600:d}:{s % 3600 // 60:02d}"


def _wrap(text: str, indent: str = "") -> list[str]:
    return textwrap.wrap(text, WRAP, initial_indent=indent, subsequent_indent=indent + "   ") \
        or [indent]


def label_lines(data: dict[str, Any], indent: str = "") -> list[str]:
    """Readable lines of a label (:func:`scripts_py.room.label.label` data)."""
    lines = _wrap(places.describe(data["location"]).capitalize(), indent)
    figs = data["figures"]
    if figs:
        lines += _wrap(" · ".join(f"{k.replace('_', ' ')} {_fmt(v)}" for k, v in figs.items()
                                  if v is not None), indent)
    for i, s in enumerate(data["steps"], 1):
        settings = ", ".join(f"{k.replace('_', ' ')} {_fmt(v)}"
                             for k, v in s["params"].items() if v is not None)
        head = f"{i}. {s['step'].replace('_', ' ')} on {s['machine'].replace('_', ' ')} " \
               f"(t={_clock(s['sim_time_s'])})"
        lines += _wrap(head + (f": {settings}" if settings else ""), indent)
    for role, part in data["parts"].items():
        lines.append(f"{indent}{role} electrode {part['id']}:")
        lines += label_lines(part, indent + "  ")
    return lines


def item_entry(state: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    """The view of one item: kind, location, label ``{title, lines}`` (uncached)."""
    data = label(item, state)
    name = names.display_name(state, item)
    entry = {"kind": item["kind"], "name": name, "location": item["location"],
             "label": {"title": name, "lines": [_kind_line(item), *label_lines(data)]}}
    if item["kind"] == kinds.CONTAINER:
        entry["material"] = item["data"].get("material")
    if item.get("rest") is not None:
        entry["at"] = item["rest"]
    return entry


def shelf_entries(state: dict[str, Any]) -> list[dict[str, Any]]:
    """One shelf entry per stock material, then the empty pots and Li-metal electrodes."""
    out: list[dict[str, Any]] = []
    for item in state["items"].values():
        if item["origin"] == kinds.CONTAINER:
            stock = item["stock"]
            out.append({"material": stock["material"],
                        "kind": GROUP_KIND.get(stock["group"], "material"),
                        "label": str(stock["material"])})
    origins = {i["origin"] for i in state["items"].values()}
    if kinds.EMPTY_POT in origins:
        out.append({"material": POT_SHELF, "kind": "mixing_pot", "label": "mixing pots"})
    if kinds.LI_METAL in origins:
        out.append({"material": LI_SHELF, "kind": "li_metal", "label": "Li metal"})
    return out


def channel_entry(state: dict[str, Any], row: dict[str, Any], channel: str,
                  result: dict[str, Any] | None) -> dict[str, Any] | None:
    """One potentiostat channel: empty (None), loaded, testing or its result."""
    cell_id = row["slots"].get(channel)
    if cell_id is None:
        return None
    cell = state["items"][cell_id]
    entry: dict[str, Any] = {"cell_id": cell_id, "serial": cell["data"].get("serial")}
    run = row["runs"].get(channel)
    if run is not None:
        left = max(0.0, run["end_s"] - float(state["clock"]["now_s"]))
        entry.update(status="testing…", remaining_s=left,
                     duration_s=run["end_s"] - run["start_s"])
        return entry
    if result is not None:
        entry.update(result)
        return entry
    error = cell["data"].get("error")
    if cell["kind"] == kinds.TESTED and error:
        entry.update(status="no result", feedback=[{
            "code": error["code"], "severity": error["severity"], "message": error["message"]}])
        return entry
    entry["status"] = "ready: press Start test"
    return entry


def cell_result(cell: dict[str, Any]) -> dict[str, Any] | None:
    """Screen figures of a tested cell: Wh/kg, Wh, mAh, N/P, GCPL curves, feedback."""
    if cell["kind"] != kinds.TESTED:
        return None
    r = tested_result(cell)
    if r is None:
        return None
    return {"energy_density_wh_kg": r["energy_density_wh_kg"], "energy_wh": r["energy_wh"],
            "capacity_mah": r["capacity_mah"], "n_p_ratio": r["n_p_ratio"],
            "limiting_electrode": r["limiting_electrode"], "format": r["format"],
            "gcpl": r["gcpl"],
            "feedback": [{"code": f["code"], "severity": f["severity"],
                          "message": f["message"]} for f in r["feedback"]]}


class Projector:
    """Projects one room's states into views, reusing every entry that did not change."""

    def __init__(self, egg_positions: dict[str, list[float]] | None = None,
                 guide_recipe: Recipe | None = None) -> None:
        self.egg_positions = dict(egg_positions or {})
        self.guide_recipe = guide_recipe
        self._guide: tuple[tuple[Any, ...], dict[str, Any]] | None = None
        self._items: dict[str, tuple[tuple[Any, ...], dict[str, Any]]] = {}
        self._machines: dict[str, tuple[tuple[Any, ...], dict[str, Any]]] = {}
        self._results: dict[str, tuple[Any, dict[str, Any] | None]] = {}
        self._channels: dict[str, tuple[tuple[Any, ...], dict[str, Any] | None]] = {}
        self._shelves: list[dict[str, Any]] | None = None
        self._eggs: tuple[Any, list[dict[str, Any]]] | None = None
        self._users: tuple[tuple[Any, ...], dict[str, Any]] | None = None
        self._books: tuple[Any, list[dict[str, Any]]] | None = None

    def view(self, state: dict[str, Any],
             presence: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
        """The room view of ``state`` (``presence``: avatar etc. per user id)."""
        items = self._project_items(state)
        machines = self._project_machines(state)
        return {
            "sim_time_s": float(state["clock"]["now_s"]),
            "machines": machines,
            "items": items,
            "shelves": self._project_shelves(state),
            "notebooks": self._project_books(state),
            "potentiostat": {"slots": self._project_channels(state)},
            "easter_eggs": self._project_eggs(state),
            "users": self._project_users(state, presence or {}),
            "guide": self._project_guide(state),
        }

    # --- sections ----------------------------------------------------------------------------
    def _project_items(self, state: dict[str, Any]) -> dict[str, Any]:
        rows = state["items"]
        out: dict[str, Any] = {}
        cache = self._items
        for item_id, item in rows.items():
            key: tuple[Any, ...] = (item,)
            if item["parts"]:
                key += tuple(rows.get(p) for p in item["parts"].values())
            hit = cache.get(item_id)
            if hit is None or len(hit[0]) != len(key) or any(
                    a is not b for a, b in zip(hit[0], key, strict=True)):
                hit = (key, item_entry(state, item))
                cache[item_id] = hit
            out[item_id] = hit[1]
        if len(cache) > len(rows):
            for gone in [k for k in cache if k not in rows]:
                del cache[gone]
        return out

    def _project_machines(self, state: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        now = state["clock"]["now_s"]
        items = state["items"]
        for mid, row in state["machines"].items():
            held = tuple(items.get(i) for i in row["slots"].values() if i is not None)
            key = (row, now if row["runs"] else None, *held)
            hit = self._machines.get(mid)
            if hit is None or len(hit[0]) != len(key) or any(
                    a is not b and a != b for a, b in zip(hit[0], key, strict=True)):
                hit = (key, machine_entry(state, mid))
                self._machines[mid] = hit
            out[mid] = hit[1]
        return out

    def _project_channels(self, state: dict[str, Any]) -> list[dict[str, Any] | None]:
        row = next((r for r in state["machines"].values() if r["type"] == "potentiostat"),
                   None)
        if row is None:
            return []
        m = MACHINE_TYPES["potentiostat"]
        now = state["clock"]["now_s"]
        out: list[dict[str, Any] | None] = []
        for slot in m.slots:
            cell_id = row["slots"].get(slot.name)
            cell = state["items"].get(cell_id) if cell_id is not None else None
            result = self._result(cell) if cell is not None else None
            run = row["runs"].get(slot.name)
            key = (cell, result, run, now if run is not None else None)
            hit = self._channels.get(slot.name)
            if hit is None or any(a is not b and a != b
                                  for a, b in zip(hit[0], key, strict=True)):
                hit = (key, channel_entry(state, row, slot.name, result))
                self._channels[slot.name] = hit
            out.append(hit[1])
        return out

    def _result(self, cell: dict[str, Any]) -> dict[str, Any] | None:
        hit = self._results.get(cell["id"])
        if hit is None or hit[0] is not cell:
            hit = (cell, cell_result(cell))
            self._results[cell["id"]] = hit
        return hit[1]

    def _project_shelves(self, state: dict[str, Any]) -> list[dict[str, Any]]:
        if self._shelves is None:
            self._shelves = shelf_entries(state)
        return self._shelves

    def _project_books(self, state: dict[str, Any]) -> list[dict[str, Any]]:
        books = state["notebooks"]
        if self._books is None or self._books[0] is not books:
            self._books = (books, [{"title": b["title"], "text": b["text"]} for b in books])
        return self._books[1]

    def set_egg_positions(self, positions: dict[str, list[float]]) -> None:
        """Where the Easter eggs are now [m] (new content)."""
        self.egg_positions = dict(positions)
        self._eggs = None

    def _project_eggs(self, state: dict[str, Any]) -> list[dict[str, Any]]:
        eggs = state["easter_eggs"]
        if self._eggs is None or self._eggs[0] is not eggs:
            out = []
            for egg_id, egg in eggs.items():
                entry = {"id": egg_id, "title": egg["title"], "text": egg["message"],
                         "where": egg["where"], "found": egg["found_by"] is not None,
                         "found_by": egg["found_by"]}
                where = egg.get("position") or self.egg_positions.get(egg_id)
                if where is not None:  # the room's own (the host's content) first
                    entry["position"] = list(where)
                out.append(entry)
            self._eggs = (eggs, out)
        return self._eggs[1]

    def _project_guide(self, state: dict[str, Any]) -> dict[str, Any]:
        """Guided mode: each student's current recipe step ({} when the room has no guide)."""
        recipe = self.guide_recipe
        if recipe is None:
            return {}
        machines = state["machines"]
        running = any(row["runs"] for row in machines.values())
        key = (recipe, state["items"], machines, state["users"], state.get("deposits"),
               state["clock"]["now_s"] if running else None)
        if self._guide is None or self._guide[0][-1] != key[-1] or any(
                a is not b for a, b in zip(self._guide[0][:-1], key[:-1], strict=True)):
            out = {uid: guide(recipe, state, uid) for uid, user in state["users"].items()
                   if user["role"] in ACTORS}
            self._guide = (key, out)
        return self._guide[1]

    def _project_users(self, state: dict[str, Any],
                       presence: dict[str, dict[str, Any]]) -> dict[str, Any]:
        users = state["users"]
        key = (users, *(presence.get(u) for u in users))
        if self._users is None or len(self._users[0]) != len(key) or any(
                a is not b for a, b in zip(self._users[0], key, strict=True)):
            out = {}
            for uid, user in users.items():
                extra = presence.get(uid, {})
                out[uid] = {"name": user["name"], "role": user["role"],
                            "avatar": extra.get("avatar", "lab_blue")}
            self._users = (key, out)
        return self._users[1]
