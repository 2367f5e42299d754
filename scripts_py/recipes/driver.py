"""Driving the reducer through a recipe exactly as a student would.

The student joins, takes a pot and the containers from the shelf, loads the machines, types
the settings, presses start, skips time on the panel (+20 min, +1 h, +4 h, +8 h) until the run
is done, takes the product out and puts it on the bench, then carries on with the next step.
Every action is an intent through :func:`scripts_py.reducer.apply`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from battery_model import SpecError
from scripts_py.machines import MACHINE_TYPES, machine_of
from scripts_py.machines.potentiostat import tested_result
from scripts_py.recipes.load import Recipe, Step
from scripts_py.reducer import accepted, apply
from scripts_py.room import kinds, places
from scripts_py.room.state import initial_state
from scripts_py.sim.clock import SKIPS_S


class RecipeRunError(SpecError):
    """A step could not be carried out (the reducer rejected an action)."""


@dataclass(slots=True)
class Outcome:
    """What a recipe run produced."""

    state: dict[str, Any]
    cell: str | None
    found: dict[str, Any] | None  # {"spec", "result"} or {"spec", "error"}
    sim_time_s: float
    intents: list[dict[str, Any]] = field(default_factory=list)


class Student:
    """One user at the line, sending intents and keeping the accepted ones."""

    def __init__(self, state: dict[str, Any], user: str = "student", name: str = "Student",
                 role: str = "student", *, join: bool = True) -> None:
        self.state = state
        self.user = user
        self.intents: list[dict[str, Any]] = []
        self.context = ""
        if join:
            self.send({"type": "join", "user": user, "name": name, "role": role},
                      sender="host")

    def send(self, intent: dict[str, Any], *, sender: str | None = None) -> list[dict]:
        """Apply an intent based on the current version; raise if it is rejected."""
        full = {**intent, "sender": sender or self.user, "base_version": self.state["version"]}
        state, events = apply(self.state, full)
        if not accepted(events):
            raise RecipeRunError(self.context or "(run)", events[0]["reason"])
        self.state = state
        self.intents.append(full)
        return events

    # --- looking around ----------------------------------------------------------------------
    def find(self, kind: str, **data: Any) -> str:
        """Id of the first item of ``kind`` on a shelf or bench matching ``data``."""
        for item in self.state["items"].values():
            if (item["kind"] == kind and item["location"] in places.SURFACES
                    and all(item["data"].get(k) == v for k, v in data.items())):
                return str(item["id"])
        wanted = ", ".join(f"{k}={v}" for k, v in data.items())
        raise RecipeRunError(self.context, f"no {kinds.TITLES[kind]} ({wanted}) on the "
                                           "shelves or the bench")

    def machine_for(self, machine_type: str) -> str:
        """An idle machine of this type (the room has two mixers)."""
        ids = [mid for mid, m in self.state["machines"].items() if m["type"] == machine_type]
        return next((mid for mid in ids if not self.state["machines"][mid]["runs"]), ids[0])

    # --- actions -----------------------------------------------------------------------------
    def take(self, item: str) -> None:
        """Pick an item up."""
        self.send({"type": "take", "item": item})

    def put(self, item: str, place: str = places.BENCH) -> None:
        """Put a held item down."""
        self.send({"type": "put", "item": item, "place": place})

    def load(self, item: str, machine: str, slot: str) -> None:
        """Take an item and load it into a machine slot."""
        if not self.state["items"][item]["location"].startswith(f"hand:{self.user}:"):
            self.take(item)
        self.send({"type": "load", "item": item, "machine": machine, "slot": slot})

    def unload(self, item: str, place: str) -> None:
        """Take an item out of a machine and put it down."""
        self.take(item)
        self.put(item, place)

    def wait(self, machine: str, channel: str) -> None:
        """Skip time on the panel until the run on ``channel`` is over."""
        while channel in self.state["machines"][machine]["runs"]:
            left = (self.state["machines"][machine]["runs"][channel]["end_s"]
                    - self.state["clock"]["now_s"])
            skip = max((s for s in SKIPS_S if s <= left), default=SKIPS_S[0])
            self.send({"type": "skip_time", "seconds": skip})


def _batch(student: Student, batches: dict[str, str], role: str) -> str:
    if role not in batches:
        first = "the powder dispenser" if role != "cell" else "the winder"
        raise RecipeRunError(student.context, f"there is no {role} item yet: start it at "
                                              f"{first}")
    return batches[role]


def _work_slots(step: Step, student: Student, machine: str, batches: dict[str, str]
                ) -> dict[str, str]:
    """Which item goes into which slot for this step (besides the material containers)."""
    m = machine_of(student.state, machine)
    if step.machine == "powder_dispenser":
        batches[step.electrode] = student.find(kinds.EMPTY_POT)
        return {"pot": batches[step.electrode]}
    if step.machine == "winder":
        pos = _batch(student, batches, "positive")
        neg = batches.get("negative") or student.find(kinds.LI_METAL)
        batches["cell"] = pos
        return {"positive": pos, "negative": neg}
    if m.per_slot_runs:
        row = student.state["machines"][machine]
        free = [s for s, i in row["slots"].items() if i is None]
        if not free:
            raise RecipeRunError(student.context, f"every {m.title} slot is taken")
        return {free[0]: _batch(student, batches, "cell")}
    return {m.work_slot: _batch(student, batches, step.electrode)}


def run_step(student: Student, step: Step, batches: dict[str, str]) -> None:
    """Carry out one recipe step at the machine."""
    student.context = f"steps.{step.index}"
    machine = student.machine_for(step.machine)
    m = MACHINE_TYPES[step.machine]
    containers: list[str] = []
    for key, slot_name in m.materials.items():
        if key in step.parameters:
            slot = m.slot(slot_name)
            assert slot is not None
            jar = student.find(kinds.CONTAINER, group=slot.group, material=step.parameters[key])
            student.load(jar, machine, slot_name)
            containers.append(jar)
    work = _work_slots(step, student, machine, batches)
    for slot_name, item in work.items():
        student.load(item, machine, slot_name)
    channel = m.channel_of(next(iter(work)))
    if not m.auto_start:
        settings = {k: v for k, v in step.parameters.items() if m.param(k) is not None}
        start: dict[str, Any] = {"type": "start", "machine": machine, "params": settings}
        if m.per_slot_runs:
            start["slot"] = channel
        student.send(start)
    student.wait(machine, channel)
    product = work[m.work_slot_of(channel)]
    if student.state["items"][product]["location"].startswith("slot:"):
        student.unload(product, places.BENCH)
    for jar in containers:
        student.unload(jar, places.SHELF)


def run_recipe(recipe: Recipe, *, seed: int = 0, state: dict[str, Any] | None = None
               ) -> Outcome:
    """Run every step of ``recipe`` in a fresh room (or ``state``) and test the cell."""
    student = Student(state if state is not None else initial_state(seed))
    batches: dict[str, str] = {}
    found: dict[str, Any] | None = None
    tested_at = 0.0
    for step in recipe.steps:
        run_step(student, step, batches)
        if step.machine == "potentiostat":
            cell = student.state["items"][batches["cell"]]
            result = tested_result(cell)
            found = {"spec": cell["data"]["spec"]}
            found.update({"result": result} if result is not None
                         else {"error": cell["data"].get("error")})
            tested_at = float(student.state["clock"]["now_s"])
    return Outcome(student.state, batches.get("cell"), found, tested_at, student.intents)
