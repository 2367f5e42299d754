"""What the instructor's panel shows, computed from a room's state (pure functions).

- :func:`room_summary`: who is in a room (names, roles, what each holds), its sim time, what it
  was loaded from, its settings and saves.
- :func:`describe`: one line of the activity feed for an intent, in names, not ids.
- :func:`entities`: machines, users and items placed on the room's plan
  (:mod:`scripts_py.room.layout`, read from the Godot scene), each with its name, status and
  history.
"""

from __future__ import annotations

from typing import Any

from scripts_py.machines import MACHINE_TYPES
from scripts_py.reducer.intents import HOST, PANEL, student_skip
from scripts_py.room import names, places
from scripts_py.room.layout import Layout

MAX_HISTORY = 40  # steps shown per item


def user_name(state: dict[str, Any], user: str, known: dict[str, str] | None = None) -> str:
    """A user's name (``known``: names of users who left), "the instructor", "the host"."""
    if user == PANEL:
        return "the instructor"
    if user == HOST:
        return "the host"
    row = state["users"].get(user)
    if row is not None:
        return str(row["name"])
    return (known or {}).get(user, "someone who left")


def item_name(state: dict[str, Any], item_id: Any) -> str:
    """An item's readable name ("NMC622 slurry"), or the id when there is no such item."""
    item = state["items"].get(item_id) if isinstance(item_id, str) else None
    return names.display_name(state, item) if item is not None else str(item_id)


def machine_name(machine_id: Any, state: dict[str, Any]) -> str:
    """A machine's readable name ("slurry mixer 1")."""
    row = state["machines"].get(machine_id) if isinstance(machine_id, str) else None
    if row is None:
        return str(machine_id)
    title = MACHINE_TYPES[row["type"]].title if row["type"] in MACHINE_TYPES else row["type"]
    suffix = machine_id.rsplit("_", 1)[-1] if machine_id[-1:].isdigit() else ""
    return f"{title[:1].upper()}{title[1:]} {suffix}".strip()


def _holds(state: dict[str, Any], user: dict[str, Any]) -> list[str]:
    return [item_name(state, item) for item in user["hands"].values() if item is not None]


def room_summary(room: Any, connected: set[str], saves: list[dict[str, Any]]
                 ) -> dict[str, Any]:
    """A room as the panel lists it (``room``: a host :class:`~scripts_py.runtime.host.Room`)."""
    state = room.state
    users = [{"id": uid, "name": u["name"], "role": u["role"], "holds": _holds(state, u),
              "connected": uid in connected} for uid, u in state["users"].items()]
    running = [machine_name(mid, state) for mid, row in state["machines"].items()
               if row["runs"]]
    return {"id": room.id, "name": room.name, "version": int(state["version"]),
            "sim_time_s": float(state["clock"]["now_s"]), "users": users,
            "running": running, "loaded_from": room.loaded_from,
            "student_skip": student_skip(state),
            "paper_model": bool(state.get("settings", {}).get("paper_model", False)),
            "saves": saves,
            "notebooks": [{"title": b["title"], "text": b["text"]}
                          for b in state["notebooks"]]}


def describe(state: dict[str, Any], intent: dict[str, Any],
             known: dict[str, str] | None = None) -> str:
    """One feed line for an intent, e.g. "Ana loaded NMC622 slurry into Coater"."""
    who = user_name(state, str(intent.get("sender", "")), known)
    kind = intent.get("type")
    item = item_name(state, intent.get("item"))
    machine = machine_name(intent.get("machine"), state)
    if kind == "take":
        return f"{who} took {item}"
    if kind == "put":
        return f"{who} put {item} on the {intent.get('place', 'bench')}"
    if kind == "hand_to":
        return f"{who} handed {item} to {user_name(state, str(intent.get('to')), known)}"
    if kind == "load":
        return f"{who} put {item} into {machine}"
    if kind == "set_params":
        return f"{who} set {machine}: " + ", ".join(
            f"{k} {v}" for k, v in sorted((intent.get("params") or {}).items()))[:160]
    if kind == "start":
        return f"{who} started {machine}"
    if kind == "skip_time":
        return f"{who} skipped {float(intent.get('seconds', 0)) / 60:g} min"
    if kind == "join":
        return f"{intent.get('name', 'someone')} joined ({intent.get('role', 'student')})"
    if kind == "leave":
        return f"{user_name(state, str(intent.get('user')), known)} left"
    if kind == "write_notebook":
        return f"{who} rewrote notebook {int(intent.get('index', 0)) + 1}"
    if kind == "set_room_settings":
        said = []
        if "student_skip" in intent:
            said.append(f"{'allowed' if intent.get('student_skip') else 'forbade'} students "
                        "to skip time")
        if "paper_model" in intent:
            said.append("kept the paper's model (mistakes give feedback only)"
                        if intent.get("paper_model") else "let mistakes cost the cells")
        return f"{who} {' and '.join(said) or 'changed nothing'}"
    if kind == "find_egg":
        return f"{who} found an Easter egg"
    return f"{who}: {kind}"


def _where(state: dict[str, Any], layout: Layout, location: str, rest: Any,
           poses: dict[str, list[float]], depth: int = 0) -> tuple[float, float] | None:
    """Plan position [m] (x, z) of a location, or None when it cannot be placed."""
    parts = places.parse(location)
    if isinstance(rest, list) and len(rest) >= 3:
        return float(rest[0]), float(rest[2])
    if parts[0] == "slot" and len(parts) == 3:
        spot = layout.machine(parts[1])
        return (spot.x_m, spot.z_m) if spot else None
    if parts[0] == "hand" and len(parts) == 3:
        pose = poses.get(parts[1])
        return (pose[0], pose[2]) if pose else None
    if parts[0] == "in" and len(parts) == 2 and depth < 4:
        outer = state["items"].get(parts[1])
        if outer is None:
            return None
        return _where(state, layout, outer["location"], outer.get("rest"), poses, depth + 1)
    spot = layout.fixture(parts[0]) or (layout.fixture("bench") if parts[0] == "floor"
                                        else None)
    return (spot.x_m, spot.z_m) if spot else None


def _history(state: dict[str, Any], item: dict[str, Any], known: dict[str, str]
             ) -> list[dict[str, Any]]:
    out = []
    for step in item.get("history", [])[-MAX_HISTORY:]:
        out.append({"step": str(step.get("step", "")).replace("_", " "),
                    "machine": machine_name(step.get("machine"), state),
                    "sim_time_s": step.get("sim_time_s"),
                    "by": user_name(state, str(step["by"]), known) if step.get("by") else "",
                    "params": {str(k): v for k, v in (step.get("params") or {}).items()
                               if isinstance(v, (int, float, str, bool))}})
    return out


def entities(state: dict[str, Any], layout: Layout, poses: dict[str, list[float]],
             known: dict[str, str] | None = None) -> dict[str, Any]:
    """Machines, users and items on the plan; ``poses``: each connected user's head [x, y, z]."""
    known = known or {}
    holders = {item: uid for uid, u in state["users"].items()
               for item in u["hands"].values() if item is not None}
    now = float(state["clock"]["now_s"])
    machines = []
    for mid, row in state["machines"].items():
        spot = layout.machine(mid)
        if spot is None:
            continue
        runs = list(row["runs"].values())
        status = "free"
        if runs:
            left_s = max(float(r["end_s"]) - now for r in runs)
            starter = user_name(state, str(runs[0].get("user", "")), known)
            status = f"running for {max(left_s, 0) / 60:.0f} more min (started by {starter})"
        machines.append({**spot.as_dict(), "name": machine_name(mid, state), "status": status,
                         "kind": "machine"})
    users = []
    for uid, u in state["users"].items():
        pose = poses.get(uid)
        users.append({"id": uid, "name": u["name"], "role": u["role"], "kind": "user",
                      "x_m": pose[0] if pose else None, "z_m": pose[2] if pose else None,
                      "holds": _holds(state, u)})
    items = []
    for iid, item in state["items"].items():
        at = _where(state, layout, item["location"], item.get("rest"), poses)
        holder = holders.get(iid)
        if holder is not None:
            status = f"held by {user_name(state, holder, known)}"
        elif item["location"].startswith("slot:"):
            mid = places.parse(item["location"])[1]
            busy = bool(state["machines"].get(mid, {}).get("runs"))
            status = f"in {machine_name(mid, state)}" + (" (running)" if busy else "")
        else:
            status = "free, " + places.describe(item["location"])
        items.append({"id": iid, "name": item_name(state, iid),
                      "kind": str(item["kind"]).replace("_", " "),
                      "x_m": at[0] if at else None, "z_m": at[1] if at else None,
                      "status": status, "history": _history(state, item, known)})
    return {"layout": layout.as_dict(), "machines": machines, "users": users, "items": items}
