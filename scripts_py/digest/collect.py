"""A room as plain rows for the digest: tested cells, their steps, and the people.

Tested cells are the room's deposit records (``state["deposits"]``) and the tested cells still
in the room (kind ``tested_cell``). Figures are the potentiostat's stored result, never
recomputed; only the GCPL curves are rebuilt from the stored spec, as
:func:`~scripts_py.machines.potentiostat.tested_result` does. Steps come from the history of
the cell and of its parts (items located ``in:<cell>``); for deposited cells from the state the
journal replay kept just before the deposit (see :mod:`scripts_py.digest.timeline`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from battery_model import SpecError
from scripts_py.digest import words
from scripts_py.digest.timeline import MACHINE_TYPE, Timeline, step_key
from scripts_py.machines.potentiostat import tested_result
from scripts_py.room import kinds, names, places

UNKNOWN_PERSON = "someone who left"


@dataclass(frozen=True, slots=True)
class StepRow:
    """One step of a cell or of one of its parts."""

    part: str  # "positive electrode", "negative electrode", "cell"
    step: str
    machine: str  # machine title
    settings: list[str]
    outputs: list[str]
    by: str  # a name
    by_id: str | None  # for counting only, never shown
    start_sim_s: float | None
    end_sim_s: float | None
    start_at: float | None
    end_at: float | None


@dataclass(slots=True)
class CellRow:
    """A tested cell with its figures, curves and steps."""

    index: int
    serial: str | None
    title: str
    chemistry: str
    kind: str
    spec: dict[str, Any]
    result: dict[str, Any] | None
    error: str | None
    gcpl: dict[str, Any] | None
    c_rate: float | None
    builder: str
    builder_id: str | None
    tested_by_id: str | None
    hands: list[str]
    tested_sim_s: float | None
    tested_at: float | None
    deposit_n: int | None
    deposited_by: str | None
    deposited_by_id: str | None
    deposited_at: float | None
    steps: list[StepRow]
    steps_known: bool
    notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class PersonRow:
    """What one person did in the room."""

    name: str
    role: str
    present: bool
    joined_at: float | None
    left_at: float | None
    intents: int
    runs_started: int
    steps_on_cells: int
    cells_built: int
    cells_tested: int
    cells_deposited: int
    best_wh_kg: float | None
    best_cell: str | None


@dataclass(slots=True)
class Digest:
    """Everything the page shows."""

    room: str
    generated_at_s: float
    sim_now_s: float
    cells: list[CellRow]
    people: list[PersonRow]
    notebooks: list[str]
    eggs: list[tuple[str, str | None]]  # (title, who found it)
    notes: list[str]


class Who:
    """User id → name; an id nobody named becomes "someone who left" (never the id)."""

    def __init__(self, tl: Timeline) -> None:
        self.tl = tl
        self.unknown: dict[str, int] = {}

    def __call__(self, user: Any) -> str:
        if user is None:
            return words.MISSING
        name = self.tl.name(user)
        if name:
            return name
        n = self.unknown.setdefault(str(user), len(self.unknown) + 1)
        return UNKNOWN_PERSON if n == 1 else f"{UNKNOWN_PERSON} ({n})"


def _material(section: dict[str, Any] | None) -> str:
    if not section:
        return "?"
    if "lithium_metal" in section:
        return "Li metal"
    return names.material_word(section.get("active_material", "?"))


def chemistry(spec: dict[str, Any]) -> str:
    """``NMC622 | graphite`` (positive | negative) from a cell spec."""
    return f"{_material(spec.get('positive'))} | {_material(spec.get('negative'))}"


def _parts(state: dict[str, Any], cell: dict[str, Any], seen: set[str]
           ) -> list[tuple[str, dict[str, Any]]]:
    """The parts of ``cell`` (recursively) with their role, e.g. ("negative", item)."""
    roles = {str(pid): str(role) for role, pid in cell.get("parts", {}).items()}
    inside = places.inside(cell["id"])
    for item in state["items"].values():
        if item.get("location") == inside:
            roles.setdefault(str(item["id"]), "part")
    out: list[tuple[str, dict[str, Any]]] = []
    for pid, role in roles.items():
        part = state["items"].get(pid)
        if part is None or pid in seen:
            continue
        seen.add(pid)
        out.append((role, part))
        out += [(f"{role} / {r}", p) for r, p in _parts(state, part, seen)]
    return out


def _step_rows(state: dict[str, Any], cell: dict[str, Any], tl: Timeline, who: Who
               ) -> tuple[list[StepRow], list[str]]:
    """Every step of the cell and its parts, by start sim time; notes on parts without any."""
    wound = next((i for i, s in enumerate(cell["history"]) if s.get("step") == "winding"),
                 len(cell["history"]))
    sources = [("positive electrode" if i < wound else "cell", cell["id"], entry)
               for i, entry in enumerate(cell["history"])]
    notes = []
    for role, part in _parts(state, cell, {cell["id"]}):
        label = f"{role} electrode" if role in ("positive", "negative") else role
        if not part["history"]:
            notes.append(f"{label}: {names.display_name(state, part)} from the shelf")
        sources += [(label, part["id"], entry) for entry in part["history"]]
    rows = []
    for label, owner, entry in sources:
        end = entry.get("sim_time_s")
        took = entry.get("duration_s")
        start = float(end) - float(took) if end is not None and took is not None else end
        started, finished = tl.step_at.get(step_key(owner, entry), (None, None))
        machine_id = str(entry.get("machine", ""))
        machine_type = state["machines"].get(machine_id, {}).get("type") \
            or MACHINE_TYPE.get(machine_id)
        by = entry.get("by")
        rows.append(StepRow(
            label, str(entry.get("step", "")), words.machine_title(machine_type, machine_id),
            words.settings(machine_type, entry.get("params") or {}),
            words.settings(machine_type, entry.get("out") or {}),
            who(by), None if by is None else str(by),
            start, None if end is None else float(end), started, finished))
    rows.sort(key=lambda r: (r.start_sim_s or 0.0, r.end_sim_s or 0.0))
    return rows, notes


def _gcpl(data: dict[str, Any]) -> dict[str, Any] | None:
    if data.get("result") is None:
        return None
    try:
        found = tested_result({"data": data})
    except (SpecError, ArithmeticError, KeyError, TypeError, ValueError):
        return None
    return None if found is None else found.get("gcpl")


def _cell(index: int, item_id: str, data: dict[str, Any], history_state: dict[str, Any] | None,
          record: dict[str, Any] | None, deposited_at: float | None, tl: Timeline, who: Who
          ) -> CellRow:
    spec = data.get("spec") or {}
    result, error = data.get("result"), data.get("error")
    serial = data.get("serial")
    cell = history_state["items"].get(item_id) if history_state is not None else None
    steps: list[StepRow] = []
    notes: list[str] = []
    if history_state is not None and cell is not None:
        steps, notes = _step_rows(history_state, cell, tl, who)
    if record is not None:
        steps.append(StepRow("cell", "deposit", words.machine_title("deposit_station", ""), [],
                             [f"record {record.get('n')}"], who(record.get("by")),
                             record.get("by"), record.get("sim_time_s"),
                             record.get("sim_time_s"), deposited_at, deposited_at))
    winding = next((s for s in steps if s.step == "winding"), None)
    testing = next((s for s in reversed(steps) if s.step == "testing"), None)
    builder = winding.by if winding else words.MISSING
    number = names.cell_number(history_state, item_id) if history_state and cell else None
    title = f"Cell #{number}" if number is not None else f"Cell {serial or index}"
    if winding is not None:
        title += f" ({builder})"
    hands = list(dict.fromkeys(s.by for s in steps))
    return CellRow(
        index=index, serial=serial, title=title, chemistry=chemistry(spec),
        kind=str((result or {}).get("kind", "")), spec=spec, result=result,
        error=None if error is None else str(error.get("message", error)),
        gcpl=_gcpl({**data, "spec": spec}), c_rate=data.get("c_rate"),
        builder=builder, builder_id=winding.by_id if winding else None,
        tested_by_id=testing.by_id if testing else None, hands=hands,
        tested_sim_s=testing.end_sim_s if testing else None,
        tested_at=tl.tested_at.get((item_id, serial), testing.end_at if testing else None),
        deposit_n=None if record is None else record.get("n"),
        deposited_by=None if record is None else who(record.get("by")),
        deposited_by_id=None if record is None else record.get("by"),
        deposited_at=deposited_at, steps=steps, steps_known=cell is not None, notes=notes)


def tested_cells(state: dict[str, Any], tl: Timeline, who: Who) -> list[CellRow]:
    """Deposited cells (in deposit order), then tested cells still in the room."""
    rows: list[CellRow] = []
    for record in state.get("deposits", []):
        key = (str(record.get("item")), record.get("serial"))
        snap = tl.deposits.get(key)
        rows.append(_cell(len(rows) + 1, key[0], record, snap.state if snap else None, record,
                          snap.at if snap else None, tl, who))
    live = [i for i in state["items"].values() if i["kind"] == kinds.TESTED]
    live.sort(key=lambda i: (names.cell_number(state, i["id"]) or 0, i["id"]))
    for item in live:
        rows.append(_cell(len(rows) + 1, item["id"], item["data"], state, None, None, tl, who))
    return rows


def people(state: dict[str, Any], cells: list[CellRow], tl: Timeline, who: Who
           ) -> list[PersonRow]:
    """One row per person who joined, is present or did a step on a tested cell."""
    uids = list(tl.order)
    for cell in cells:
        for uid in [s.by_id for s in cell.steps] + [cell.deposited_by_id]:
            if uid is not None and uid not in uids and uid != "host":
                uids.append(uid)
    rows = []
    for uid in uids:
        built = [(float(c.result["energy_density_wh_kg"]), c.title) for c in cells
                 if c.builder_id == uid and c.result]
        best = max(built, default=None)
        rows.append(PersonRow(
            name=who(uid), role=tl.roles.get(uid) or words.MISSING,
            present=uid in state.get("users", {}), joined_at=tl.joined_at.get(uid),
            left_at=tl.left_at.get(uid), intents=tl.intents_by.get(uid, 0),
            runs_started=tl.starts_by.get(uid, 0),
            steps_on_cells=sum(1 for c in cells for s in c.steps if s.by_id == uid),
            cells_built=sum(1 for c in cells if c.builder_id == uid),
            cells_tested=sum(1 for c in cells if c.tested_by_id == uid),
            cells_deposited=sum(1 for c in cells if c.deposited_by_id == uid),
            best_wh_kg=None if best is None else best[0],
            best_cell=None if best is None else best[1]))
    return rows


def collect(room: str, state: dict[str, Any], tl: Timeline, *, generated_at_s: float) -> Digest:
    """The digest's rows for a room."""
    who = Who(tl)
    cells = tested_cells(state, tl, who)
    notes = []
    if tl.skipped_rows:
        notes.append(f"{tl.skipped_rows} logged actions came before the first state the log "
                     "holds, so their times and the steps of cells deposited then are unknown.")
    if tl.diverged_at is not None:
        notes.append(f"The log could not be replayed from row {tl.diverged_at} on; times "
                     "after it are unknown.")
    eggs = [(str(e.get("title", "")), None if e.get("found_by") is None else who(e["found_by"]))
            for e in state.get("easter_eggs", {}).values()]
    return Digest(room=room, generated_at_s=generated_at_s,
                  sim_now_s=float(state.get("clock", {}).get("now_s", 0.0)), cells=cells,
                  people=people(state, cells, tl, who),
                  notebooks=[str(b.get("title", "")) for b in state.get("notebooks", [])],
                  eggs=eggs, notes=notes)
