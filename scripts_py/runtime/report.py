"""Terminal output of a running room: machine runs, time skips, the potentiostat's results."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TextIO

from scripts_py.machines import MACHINE_TYPES
from scripts_py.room import names
from scripts_py.runtime.projection import cell_result


def clock(seconds: float) -> str:
    """Sim time as ``h:mm:ss``."""
    s = round(seconds)
    return f"{s // 3600:d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def duration(seconds: float) -> str:
    """A duration as ``2 h 05 min`` or ``12 min 30 s``."""
    s = round(seconds)
    if s >= 3600:
        return f"{s // 3600} h {s % 3600 // 60:02d} min"
    return f"{s // 60} min {s % 60:02d} s"


def _title(state: dict[str, Any], machine_id: str) -> str:
    row = state["machines"].get(machine_id)
    return MACHINE_TYPES[row["type"]].title if row else machine_id


def describe_event(event: dict[str, Any], state: dict[str, Any]) -> str | None:
    """One readable line for an event worth printing (None for the others)."""
    kind = event["type"]
    now = float(state["clock"]["now_s"])
    users = state["users"]
    if kind == "run_started":
        where = f" channel {event['channel']}" if event["channel"] != "main" else ""
        return (f"[{clock(event['start_s'])}] {_title(state, event['machine'])}{where} started "
                f"by {users.get(event['user'], {}).get('name', event['user'])}: runs "
                f"{duration(event['duration_s'])}")
    if kind == "run_finished":
        item = state["items"].get(event["item"]) if event.get("item") else None
        what = f" -> {names.display_name(state, item)}" if item else ""
        return f"[{clock(event['sim_time_s'])}] {_title(state, event['machine'])} finished{what}"
    if kind == "time":
        return f"[{clock(event['now_s'])}] time skipped +{duration(event['skipped_s'])}"
    if kind == "joined":
        name = users.get(event["user"], {}).get("name", event["user"])
        return f"[{clock(now)}] {name} ({event['user']}) joined as {event['role']}"
    if kind == "left":
        return f"[{clock(now)}] {event['user']} left"
    if kind == "egg_found":
        return f"[{clock(now)}] Easter egg found: {event['title']}"
    if kind == "deposited":
        serial = next((d.get("serial") for d in state.get("deposits", [])
                       if d.get("n") == event["n"]), None)
        return f"[{clock(now)}] cell #{event['n']} ({serial or 'no serial'}) deposited"
    return None


def result_rows(state: dict[str, Any]) -> list[dict[str, Any]]:
    """Every potentiostat channel holding a tested cell, with its screen figures."""
    rows = []
    for row in state["machines"].values():
        if row["type"] != "potentiostat":
            continue
        for channel, cell_id in row["slots"].items():
            cell = state["items"].get(cell_id) if cell_id else None
            result = cell_result(cell) if cell is not None else None
            if result is not None and cell is not None:
                rows.append({"channel": channel, "cell": names.display_name(state, cell),
                             "serial": cell["data"].get("serial"), **result})
    return rows


def result_table(rows: list[dict[str, Any]]) -> list[str]:
    """The potentiostat's results as table lines (Wh/kg, Wh, mAh, N/P, feedback)."""
    width = max([len(str(r["cell"])) for r in rows] + [4]) + 2
    lines = [f"  {'ch':<3}{'cell':<{width}}{'serial':<12}{'Wh/kg':>8}{'Wh':>7}{'mAh':>7}"
             f"{'N/P':>6}  limiting"]
    for r in rows:
        lines.append(f"  {r['channel']:<3}{r['cell']:<{width}}{r['serial'] or '-':<12}"
                     f"{r['energy_density_wh_kg']:8.1f}{r['energy_wh']:7.2f}"
                     f"{r['capacity_mah']:7.0f}{r['n_p_ratio']:6.2f}  {r['limiting_electrode']}")
        lines += [f"      [{f['severity']}] {f['message']}" for f in r["feedback"]]
    return lines


class Progress:
    """Prints the room's progress (an ``on_events`` hook of the runtime server)."""

    def __init__(self, out: TextIO | None = None,
                 on_result: Callable[[list[dict[str, Any]]], None] | None = None) -> None:
        self.out = out or sys.stdout
        self.on_result = on_result
        self.results: list[dict[str, Any]] = []

    def print(self, text: str) -> None:
        """One line, flushed at once (the terminal follows the game)."""
        print(text, file=self.out, flush=True)

    def __call__(self, room: str, events: list[dict[str, Any]], state: dict[str, Any]) -> None:
        for event in events:
            line = describe_event(event, state)
            if line:
                self.print(line)
            if event["type"] == "run_finished" and \
                    state["machines"][event["machine"]]["type"] == "potentiostat":
                self.results = result_rows(state)
                self.print("Potentiostat results:")
                for text in result_table(self.results):
                    self.print(text)
                if self.on_result is not None:
                    self.on_result(self.results)
