"""The one interface every machine module implements.

A machine declares its parameters (name, unit, default, input range), its slots and what each
accepts, how long a run takes in sim time, what it records in the item's history and what it
outputs. The runner (:mod:`scripts_py.machines.runner`) does the rest: checks, the clock, the
history entry. Out-of-window choices are accepted: only the screen's input range is enforced;
the processing windows become feedback at the potentiostat.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, ClassVar

from battery_model.errors import shown
from scripts_py.room import kinds
from scripts_py.room.draft import Draft
from scripts_py.room.moves import move

Value = float | int | str | None


@dataclass(frozen=True, slots=True)
class Param:
    """One setting on the machine's screen.

    ``lo``/``hi`` are the input range the screen allows, not the processing window;
    ``default=None`` means "from the loaded material" (e.g. the foil's thickness).
    """

    name: str
    unit: str
    default: Value
    lo: float | None = None
    hi: float | None = None
    choices: tuple[str, ...] = ()
    integer: bool = False
    help: str = ""

    def check(self, value: Any) -> str | None:
        """Why ``value`` cannot be entered on the screen, or None if it can."""
        if self.choices:
            if value not in self.choices:
                return f"{self.name} must be one of {', '.join(self.choices)}, got {shown(value)}"
            return None
        if value is None:
            return None if self.default is None else f"{self.name} needs a value [{self.unit}]"
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"{self.name} must be a number [{self.unit}], got {shown(value)}"
        if (isinstance(value, float) and not math.isfinite(value)) or abs(value) > 1e15:
            return f"{self.name} must be a finite number, got {shown(value)}"
        if self.integer and value != int(value):
            return f"{self.name} must be a whole number, got {shown(value)}"
        if (self.lo is not None and value < self.lo) or (self.hi is not None and value > self.hi):
            return (f"{self.name} = {value:g} {self.unit} is outside the screen's range "
                    f"{self.lo:g}-{self.hi:g} {self.unit}")
        return None

    def to_dict(self) -> dict[str, Any]:
        """Plain description for screens and docs."""
        return {"name": self.name, "unit": self.unit, "default": self.default,
                "range": [self.lo, self.hi], "choices": list(self.choices), "help": self.help}


@dataclass(frozen=True, slots=True)
class Slot:
    """A place on the machine that holds one item."""

    name: str
    accepts: frozenset[str]
    what: str
    group: str | None = None  # for material containers: the catalog group accepted
    required: bool = True


@dataclass(slots=True)
class RunView:
    """Read-only look at a run about to start: its machine, channel, params and items."""

    state: dict[str, Any]
    machine_id: str
    channel: str
    params: dict[str, Any]
    items: dict[str, dict[str, Any]]
    user: str
    work_slot: str
    out: dict[str, Any] = field(default_factory=dict)  # :meth:`Machine.outputs`, once known

    @property
    def work(self) -> dict[str, Any] | None:
        """The item the run works on."""
        return self.items.get(self.work_slot)

    def material(self, slot: str) -> str | None:
        """Material name of the container in ``slot`` (None if empty)."""
        item = self.items.get(slot)
        return None if item is None else item["data"].get("material")

    def item(self, item_id: str) -> dict[str, Any]:
        """Any item of the room by id (e.g. the parts of a cell)."""
        return self.state["items"][item_id]


@dataclass(slots=True)
class RunContext:
    """What a machine may change when its run finishes."""

    draft: Draft
    machine_id: str
    channel: str
    params: dict[str, Any]
    record: dict[str, Any]
    out: dict[str, Any]
    slots: dict[str, str]
    user: str
    now_s: float
    events: list[dict[str, Any]] = field(default_factory=list)

    def item(self, slot: str) -> dict[str, Any]:
        """Mutable item in ``slot`` of this run."""
        return self.draft.edit("items", self.slots[slot])

    def edit(self, item_id: str) -> dict[str, Any]:
        """Mutable item by id."""
        return self.draft.edit("items", item_id)

    def move(self, item_id: str, location: str, *, role: str = "part") -> None:
        """Move an item (see :func:`scripts_py.room.moves.move`)."""
        self.events.append(move(self.draft, item_id, location, role=role))


def _a(noun: str) -> str:
    """``noun`` with its indefinite article (an empty pot, a slurry)."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


class Machine:
    """Base class: subclasses set the class attributes and override what they need."""

    type: ClassVar[str] = ""
    title: ClassVar[str] = ""
    step: ClassVar[str] = ""
    params: ClassVar[tuple[Param, ...]] = ()
    slots: ClassVar[tuple[Slot, ...]] = ()
    work_slot: ClassVar[str] = ""
    output_kind: ClassVar[str] = ""
    materials: ClassVar[dict[str, str]] = {}  # recipe parameter -> slot with that material
    per_slot_runs: ClassVar[bool] = False
    auto_start: ClassVar[bool] = False

    # --- declarations ------------------------------------------------------------------------
    def slot(self, name: str) -> Slot | None:
        """The slot called ``name``, if any."""
        return next((s for s in self.slots if s.name == name), None)

    def param(self, name: str) -> Param | None:
        """The parameter called ``name``, if any."""
        return next((p for p in self.params if p.name == name), None)

    def channel_of(self, slot: str) -> str:
        """Run channel of a slot: each slot runs alone on a potentiostat, else ``main``."""
        return slot if self.per_slot_runs else "main"

    def channel_slots(self, channel: str) -> tuple[str, ...]:
        """Slots that take part in a run on ``channel``."""
        return (channel,) if self.per_slot_runs else tuple(s.name for s in self.slots)

    def work_slot_of(self, channel: str) -> str:
        """Slot of the item that gets the history entry."""
        return channel if self.per_slot_runs else self.work_slot

    # --- checks ------------------------------------------------------------------------------
    def accepts(self, slot: Slot, item: dict[str, Any]) -> str | None:
        """Why ``item`` cannot go into ``slot``, or None if it can."""
        kind = item["kind"]
        if kind not in slot.accepts:
            return (f"the {self.title} {slot.name} slot takes {slot.what}; {item['id']} is "
                    f"{_a(kinds.TITLES.get(kind, kind))}")
        if slot.group is not None and item["data"].get("group") != slot.group:
            group = str(item["data"].get("group", "")).removesuffix("s").replace("_", " ")
            return (f"the {self.title} {slot.name} slot takes {slot.what}; {item['id']} holds "
                    f"{item['data'].get('material')}, {_a(group)}")
        return None

    def resolve(self, settings: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:
        """Screen values: defaults, overridden by stored settings, then by ``given``."""
        return {p.name: given.get(p.name, settings.get(p.name, p.default)) for p in self.params}

    def check_start(self, view: RunView) -> str | None:
        """Why the run cannot start (beyond empty slots and screen ranges), or None."""
        return None

    # --- the run -----------------------------------------------------------------------------
    def duration_s(self, view: RunView) -> float:
        """How long the run takes [s of sim time] (``view.out`` holds :meth:`outputs`)."""
        raise NotImplementedError

    def record(self, view: RunView) -> dict[str, Any]:
        """Parameters written to the history: the screen values plus loaded materials."""
        rec: dict[str, Any] = {}
        for key, slot in self.materials.items():
            name = view.material(slot)
            if name is not None:
                rec[key] = name
        rec.update(view.params)
        return rec

    def outputs(self, view: RunView) -> dict[str, Any]:
        """Derived figures known at the start, stored as the history entry's ``out``."""
        return {}

    def finish(self, ctx: RunContext) -> None:
        """Transform the items when the run ends (default: the work item changes kind)."""
        if self.output_kind:
            ctx.item(self.work_slot_of(ctx.channel))["kind"] = self.output_kind

    def describe(self) -> dict[str, Any]:
        """Plain description of the machine for screens and docs."""
        return {"type": self.type, "title": self.title, "step": self.step,
                "params": [p.to_dict() for p in self.params],
                "slots": [{"name": s.name, "takes": s.what, "required": s.required}
                          for s in self.slots]}


def ceil_s(seconds: float) -> float:
    """Durations are whole seconds [s]."""
    return float(math.ceil(seconds - 1e-9))
