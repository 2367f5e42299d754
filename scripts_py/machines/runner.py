"""Starting and finishing machine runs: the part every machine shares.

``prepare`` checks a start against the state (raising :class:`Rejected`), ``start`` books the
run on the clock, ``finish`` writes the history entry and lets the machine transform its items.
"""

from __future__ import annotations

from typing import Any

from battery_model.errors import shown
from scripts_py.machines import machine_of
from scripts_py.machines.base import RunContext, RunView
from scripts_py.reducer.rejection import Rejected
from scripts_py.room.draft import Draft
from scripts_py.sim import clock as simclock


def check_params(machine_id: str, state: dict[str, Any], given: dict[str, Any]) -> None:
    """Reject unknown parameters and values outside the screen's input range."""
    m = machine_of(state, machine_id)
    for name, value in given.items():
        p = m.param(name)
        if p is None:
            known = ", ".join(x.name for x in m.params) or "none"
            raise Rejected("unknown_param", f"the {m.title} has no setting {shown(name)} "
                                            f"(settings: {known})")
        problem = p.check(value)
        if problem:
            raise Rejected("param_out_of_range", problem)


def prepare(state: dict[str, Any], machine_id: str, channel: str, given: dict[str, Any],
            user: str) -> RunView:
    """Everything a start needs, checked: idle channel, loaded slots, settings in range."""
    m = machine_of(state, machine_id)
    row = state["machines"][machine_id]
    if channel in row["runs"]:
        raise Rejected("machine_busy", f"the {m.title} is running "
                                       f"(until {row['runs'][channel]['end_s']:.0f} s)")
    check_params(machine_id, state, given)
    params = m.resolve(row["settings"].get(channel, {}), given)
    items: dict[str, dict[str, Any]] = {}
    for name in m.channel_slots(channel):
        item_id = row["slots"][name]
        slot = m.slot(name)
        assert slot is not None
        if item_id is None:
            if slot.required:
                raise Rejected("slot_empty", f"load {slot.what} into the {m.title} {name} slot")
            continue
        item = state["items"][item_id]
        reason = m.accepts(slot, item)
        if reason:
            raise Rejected("not_accepted", reason)
        items[name] = item
    view = RunView(state, machine_id, channel, params, items, user, m.work_slot_of(channel))
    reason = m.check_start(view)
    if reason:
        raise Rejected("not_ready", reason)
    return view


def start(draft: Draft, view: RunView) -> list[dict[str, Any]]:
    """Book the run on the clock (a zero-length run finishes at once)."""
    m = machine_of(draft.state, view.machine_id)
    now = float(draft.state["clock"]["now_s"])
    view.out = m.outputs(view)
    duration = float(m.duration_s(view))
    run = {"params": view.params, "record": m.record(view), "out": view.out,
           "user": view.user, "start_s": now, "end_s": now + duration,
           "slots": {name: item["id"] for name, item in view.items.items()}}
    draft.edit("machines", view.machine_id)["runs"][view.channel] = run
    events: list[dict[str, Any]] = [{
        "type": "run_started", "machine": view.machine_id, "channel": view.channel,
        "user": view.user, "start_s": now, "end_s": run["end_s"], "duration_s": duration}]
    if duration <= 0:
        return events + finish(draft, view.machine_id, view.channel)
    simclock.schedule(draft.section("clock"), run["end_s"], view.machine_id, view.channel)
    return events


def finish(draft: Draft, machine_id: str, channel: str) -> list[dict[str, Any]]:
    """End a run: history entry on the work item, then the machine's own transformation."""
    m = machine_of(draft.state, machine_id)
    row = draft.edit("machines", machine_id)
    run = row["runs"].pop(channel)
    now = float(draft.state["clock"]["now_s"])
    entry = {"step": m.step, "machine": machine_id, "params": run["record"],
             "out": dict(run["out"]), "sim_time_s": now, "duration_s": now - run["start_s"],
             "by": run["user"]}
    work_id = run["slots"].get(m.work_slot_of(channel))
    if work_id is not None:
        draft.edit("items", work_id)["history"].append(entry)
    ctx = RunContext(draft, machine_id, channel, run["params"], run["record"], entry["out"],
                     run["slots"], run["user"], now)
    m.finish(ctx)
    return [{"type": "run_finished", "machine": machine_id, "channel": channel,
             "item": work_id, "sim_time_s": now, "out": entry["out"]}, *ctx.events]


def advance(draft: Draft, seconds: float) -> list[dict[str, Any]]:
    """Move the clock forward; runs ending inside the jump finish in order of end time."""
    clock = draft.section("clock")
    target = float(clock["now_s"]) + seconds
    events: list[dict[str, Any]] = []
    while (due := simclock.pop_due(clock, target)) is not None:
        clock["now_s"] = max(float(clock["now_s"]), float(due[0]))
        events.extend(finish(draft, due[2], due[3]))
    clock["now_s"] = target
    events.append({"type": "time", "now_s": target, "skipped_s": seconds})
    return events
