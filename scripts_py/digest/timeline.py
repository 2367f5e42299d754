"""What the room's journal says about who and when.

**Who.** A user id becomes a name through the ``join`` intents of the journal (the latest name
wins), the users of every ``state`` row and, last, the users of the room's current state. Users
are removed from the state when they leave, so the journal is what remembers them.

**When.** The journal is replayed through the reducer, starting from ``initial`` (the room's
first state, ``RoomStore.initial()``) or, without it, from the first ``state`` row (a reset or a
loaded save); a ``state`` row always replaces the replayed state. A step's run *started* at the
wall-clock time ``at`` of the row whose events contain its ``run_started`` (the ``start``
intent, or the ``load`` of an auto-starting machine) and *finished* at the ``at`` of the row
whose events contain its ``run_finished`` (usually a ``skip_time``). A cell was *tested* when
its potentiostat run finished and *deposited* at the row with its ``deposited`` event. Times
are kept per history entry (item, step, machine, sim time, user), so the entries of a save that
is loaded again keep the times they were made at. Rows without ``at`` (old files) and steps the
replay did not see give ``None`` (shown as "—").

The replay also keeps the state just before each deposit: the deposit station returns the cell
and its parts fresh to the shelf, so that state is the only place their history still exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scripts_py.machines import LAYOUT
from scripts_py.reducer import accepted, apply

Row = tuple[int, str, Any, float | None]
StepKey = tuple[str, str, str, float, str]
CellKey = tuple[str, str | None]
MACHINE_TYPE = dict(LAYOUT)


def step_key(item_id: str, entry: dict[str, Any]) -> StepKey:
    """The identity of a history entry: (item, step, machine, finish sim time [s], user)."""
    return (str(item_id), str(entry.get("step")), str(entry.get("machine")),
            float(entry.get("sim_time_s") or 0.0), str(entry.get("by")))


@dataclass(slots=True)
class Deposit:
    """A deposited cell as it was just before the deposit station took it."""

    state: dict[str, Any]  # the room just before the deposit (the cell still has its history)
    item_id: str
    at: float | None


@dataclass(slots=True)
class Timeline:
    """Names, roles, join/leave times and the wall-clock times of runs, read from the log."""

    names: dict[str, str] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    joined_at: dict[str, float | None] = field(default_factory=dict)
    left_at: dict[str, float | None] = field(default_factory=dict)
    intents_by: dict[str, int] = field(default_factory=dict)
    starts_by: dict[str, int] = field(default_factory=dict)
    step_at: dict[StepKey, tuple[float | None, float | None]] = field(default_factory=dict)
    tested_at: dict[CellKey, float | None] = field(default_factory=dict)
    deposits: dict[CellKey, Deposit] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)  # user ids in order of first appearance
    replayed_rows: int = 0
    skipped_rows: int = 0  # intent rows before the replay could start
    diverged_at: int | None = None  # seq of the first row the reducer refused

    def name(self, user: Any) -> str | None:
        """The name of a user id, if the log or the state knows it."""
        return self.names.get(str(user)) if user is not None else None

    def _see(self, user: str) -> None:
        if user not in self.order:
            self.order.append(user)


def _note_users(tl: Timeline, users: dict[str, Any], *, overwrite: bool) -> None:
    for uid, user in users.items():
        tl._see(uid)
        if overwrite or uid not in tl.names:
            tl.names[uid] = str(user.get("name", ""))
            tl.roles[uid] = str(user.get("role", ""))


def _note_intent(tl: Timeline, intent: dict[str, Any], at: float | None) -> None:
    sender = str(intent.get("sender"))
    kind = intent.get("type")
    if kind == "join":
        user = str(intent.get("user"))
        tl._see(user)
        tl.names[user] = str(intent.get("name", ""))
        tl.roles[user] = str(intent.get("role", ""))
        tl.joined_at.setdefault(user, at)
        tl.left_at.pop(user, None)
    elif kind == "leave":
        tl.left_at[str(intent.get("user"))] = at
    if sender != "host":
        tl._see(sender)
        tl.intents_by[sender] = tl.intents_by.get(sender, 0) + 1
        if kind == "start":
            tl.starts_by[sender] = tl.starts_by.get(sender, 0) + 1


def _note_events(tl: Timeline, before: dict[str, Any], after: dict[str, Any],
                 events: list[dict[str, Any]], at: float | None,
                 started: dict[tuple[str, str], float | None]) -> None:
    for ev in events:
        kind = ev.get("type")
        if kind == "run_started":
            started[(str(ev["machine"]), str(ev["channel"]))] = at
        elif kind == "run_finished":
            began = started.pop((str(ev["machine"]), str(ev["channel"])), None)
            item = after["items"].get(ev.get("item")) if ev.get("item") else None
            if item is None:
                continue
            entry = next((s for s in reversed(item["history"])
                          if s.get("machine") == ev["machine"]
                          and float(s.get("sim_time_s") or 0.0) == float(ev["sim_time_s"])),
                         None)
            if entry is None:  # the machine reset the item (deposit station, recycle bin)
                continue
            tl.step_at[step_key(item["id"], entry)] = (began, at)
            if MACHINE_TYPE.get(str(ev["machine"])) == "potentiostat":
                tl.tested_at[(item["id"], item["data"].get("serial"))] = at
        elif kind == "deposited":
            item = before["items"].get(ev.get("item"))
            if item is not None:
                key = (item["id"], item["data"].get("serial"))
                tl.deposits[key] = Deposit(before, item["id"], at)


def read_journal(journal: list[Row], state: dict[str, Any], *,
                 initial: dict[str, Any] | None = None) -> Timeline:
    """Replay ``journal`` (rows ``(seq, kind, body, at)``) and gather who did what when."""
    tl = Timeline()
    room = initial
    started: dict[tuple[str, str], float | None] = {}
    lost = False  # the reducer refused a row: wait for the next state row
    for seq, kind, body, at in journal:
        if kind == "state" and isinstance(body, dict):
            _note_users(tl, body.get("users", {}), overwrite=False)
            room, started, lost = body, {}, False
            continue
        if kind != "intent" or not isinstance(body, dict):
            continue
        _note_intent(tl, body, at)
        if room is None:
            tl.skipped_rows += 1
            continue
        if lost:
            continue
        after, events = apply(room, body)
        if not accepted(events):
            lost = True
            tl.diverged_at = seq if tl.diverged_at is None else tl.diverged_at
            continue
        _note_events(tl, room, after, events, at, started)
        tl.replayed_rows += 1
        room = after
    _note_users(tl, state.get("users", {}), overwrite=True)
    return tl
