"""Invariants of a room state; an empty list means the state is consistent.

Every item is in exactly one place and that place points back at it; no place holds an
item that does not exist; running machines hold their items; the clock queue matches the
machines' runs.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from scripts_py.room import places


def _holders(state: dict[str, Any]) -> list[tuple[str, str]]:
    """Every (location, item id) that a hand, slot or parent item claims."""
    out: list[tuple[str, str]] = []
    for uid, user in state["users"].items():
        out += [(places.hand(uid, side), i) for side, i in user["hands"].items() if i]
    for mid, m in state["machines"].items():
        out += [(places.slot(mid, name), i) for name, i in m["slots"].items() if i]
    for iid, item in state["items"].items():
        out += [(places.inside(iid), p) for p in item["parts"].values()]
    return out


def check_invariants(state: dict[str, Any]) -> list[str]:
    """Problems found (empty when the state is consistent)."""
    problems: list[str] = []
    items = state["items"]
    claims = _holders(state)
    counts = Counter(i for _, i in claims)
    problems += [f"{i} is held in {n} places" for i, n in counts.items() if n > 1]
    for loc, iid in claims:
        if iid not in items:
            problems.append(f"{loc} holds {iid}, which does not exist")
        elif items[iid]["location"] != loc:
            problems.append(f"{loc} holds {iid}, but {iid} is at {items[iid]['location']}")
    for iid, item in items.items():
        if item["id"] != iid:
            problems.append(f"{iid} is filed under the wrong id {item['id']}")
        loc = item["location"]
        if loc in places.SURFACES:
            continue
        if counts.get(iid, 0) != 1:
            problems.append(f"{iid} says it is at {loc}, but nothing there holds it")
    queued = Counter((e[2], e[3]) for e in state["clock"]["queue"])
    running = Counter((mid, ch) for mid, m in state["machines"].items() for ch in m["runs"])
    if queued != running:
        problems.append(f"clock queue {dict(queued)} != machine runs {dict(running)}")
    for mid, m in state["machines"].items():
        for ch, run in m["runs"].items():
            for name, iid in run["slots"].items():
                if m["slots"].get(name) != iid:
                    problems.append(f"{mid} runs on {iid} but its {name} slot holds "
                                    f"{m['slots'].get(name)} ({ch})")
            if run["end_s"] < state["clock"]["now_s"]:
                problems.append(f"{mid}/{ch} should have finished at {run['end_s']}")
    return problems
