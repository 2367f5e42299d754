"""The initial state of a room: stocked shelves, idle machines, the clock at zero.

The state is plain data (dicts, lists, str, float, int, None), so it serialises as JSON and
hashes the same on every machine. ``version`` counts accepted intents.
"""

from __future__ import annotations

from typing import Any

from battery_model import catalog
from scripts_py.machines import LAYOUT, MACHINE_TYPES
from scripts_py.room import kinds, places
from scripts_py.sim.clock import new_clock

SCHEMA = 1
NOTEBOOKS = 5
CONTAINER_PREFIX = {"active_materials": "jar", "conductive_additives": "jar", "binders": "jar",
                    "solvents": "can", "electrolytes": "bottle", "separators": "sep",
                    "current_collectors": "foil"}


def new_item(item_id: str, kind: str, data: dict[str, Any] | None = None) -> dict[str, Any]:
    """A fresh item on the shelf (``kind`` is also its origin, the recycle bin's target)."""
    stock = dict(data or {})
    return {"id": item_id, "kind": kind, "origin": kind, "location": places.SHELF,
            "history": [], "data": dict(stock), "stock": stock, "parts": {}, "v": 0}


def stock_items(*, pots: int, li_electrodes: int, li_thickness_um: float) -> list[dict]:
    """A container of every material in the catalog, empty pots, Li-metal electrodes."""
    cat = catalog()
    items: list[dict[str, Any]] = []
    groups: list[tuple[str, list[str]]] = [
        ("active_materials", [n for n, m in cat.active.items() if m.calendering != "none"])]
    groups += [(g, list(c)) for g, c in cat.components.items()]
    seen: set[str] = set()
    for group, names in groups:
        for name in names:
            item_id = f"{CONTAINER_PREFIX.get(group, 'jar')}-{name}"
            if item_id in seen:
                item_id = f"{item_id}-{group}"
            seen.add(item_id)
            items.append(new_item(item_id, kinds.CONTAINER, {"group": group, "material": name}))
    width = max(2, len(str(max(pots, li_electrodes))))
    items += [new_item(f"pot-{i:0{width}d}", kinds.EMPTY_POT) for i in range(1, pots + 1)]
    items += [new_item(f"li-{i:0{width}d}", kinds.LI_METAL, {"thickness_um": li_thickness_um})
              for i in range(1, li_electrodes + 1)]
    return items


def new_machine(machine_id: str, machine_type: str) -> dict[str, Any]:
    """An idle machine with empty slots."""
    m = MACHINE_TYPES[machine_type]
    return {"id": machine_id, "type": machine_type, "slots": {s.name: None for s in m.slots},
            "settings": {}, "runs": {}, "v": 0}


def _egg_position(egg: dict[str, Any]) -> dict[str, list[float]]:
    """``{"position": [x, y, z]}`` when the content places the egg [m], else nothing."""
    pos = egg.get("position")
    if isinstance(pos, list) and len(pos) == 3:
        return {"position": [float(v) for v in pos]}
    return {}


def initial_state(seed: int = 0, *, pots: int = 24, li_electrodes: int = 12,
                  li_thickness_um: float = 100.0, notebooks: list[dict[str, str]] | None = None,
                  easter_eggs: list[dict[str, str]] | None = None,
                  settings: dict[str, bool] | None = None) -> dict[str, Any]:
    """A fresh room.

    Parameters
    ----------
    seed : int
        Seed of the room's random numbers (serial numbers).
    pots, li_electrodes : int
        Empty mixing pots and prefabricated Li-metal electrodes on the shelves.
    li_thickness_um : float
        Thickness of the Li-metal electrodes [µm].
    notebooks : list of {title, text}, optional
        Up to five notebooks the instructor prepared.
    easter_eggs : list of {id, title, where, message}, optional
        Hidden Easter eggs.
    settings : dict, optional
        Room settings it starts with (as ``set_room_settings`` sets them, e.g.
        ``{"paper_model": True}``).
    """
    books = [{"title": f"Notebook {i + 1}", "text": ""} for i in range(NOTEBOOKS)]
    for i, book in enumerate((notebooks or [])[:NOTEBOOKS]):
        books[i] = {"title": str(book.get("title", books[i]["title"])),
                    "text": str(book.get("text", ""))}
    eggs = {str(e["id"]): {"title": str(e.get("title", "")), "where": str(e.get("where", "")),
                           "message": str(e.get("message", "")), "found_by": None,
                           "found_at_s": None, **_egg_position(e)}
            for e in (easter_eggs or [])}
    items = stock_items(pots=pots, li_electrodes=li_electrodes, li_thickness_um=li_thickness_um)
    extra = {"settings": {k: bool(v) for k, v in settings.items()}} if settings else {}
    return {
        "schema": SCHEMA,
        "version": 0,
        "rng": {"seed": int(seed), "draws": 0},
        "clock": new_clock(),
        "items": {i["id"]: i for i in items},
        "machines": {mid: new_machine(mid, mtype) for mid, mtype in LAYOUT},
        "users": {},
        "notebooks": books,
        "easter_eggs": eggs,
        "deposits": [],
        **extra,
    }
