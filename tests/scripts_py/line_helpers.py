"""Helpers for the pilot-line tests: a room driven by named users, rooms staged by recipe."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from scripts_py import apply, initial_state
from scripts_py.recipes.driver import Student, run_step
from scripts_py.recipes.load import Recipe, load_recipe
from scripts_py.reducer import accepted

ROOT = Path(__file__).resolve().parents[2]
RECIPE_NAMES = ("nmc622_graphite_full", "lfp_li_half", "graphite_symmetric")


@functools.cache
def recipe(name: str) -> Recipe:
    """A shipped recipe by name."""
    return load_recipe(ROOT / "recipes" / f"{name}.yaml")


class Room:
    """A state and the intents sent to it by named users; rejections do not raise."""

    def __init__(self, state: dict[str, Any] | None = None) -> None:
        self.state = state if state is not None else initial_state()
        self.initial = self.state
        self.log: list[dict[str, Any]] = []

    def send(self, sender: str, kind: str, **fields: Any) -> list[dict[str, Any]]:
        """Send an intent based on the current version (``base_version`` may be given)."""
        intent = {"type": kind, "sender": sender, "base_version": self.state["version"],
                  **fields}
        state, events = apply(self.state, intent)
        if accepted(events):
            self.log.append(intent)
        self.state = state
        return events

    def ok(self, sender: str, kind: str, **fields: Any) -> list[dict[str, Any]]:
        """Send and assert it was accepted."""
        events = self.send(sender, kind, **fields)
        assert accepted(events), events
        return events

    def no(self, sender: str, kind: str, code: str, **fields: Any) -> dict[str, Any]:
        """Send and assert it was rejected with ``code``, leaving the state untouched."""
        before = self.state
        events = self.send(sender, kind, **fields)
        assert events[0]["type"] == "rejected", events
        assert events[0]["code"] == code, events[0]
        assert self.state is before
        return events[0]

    def join(self, user: str, role: str = "student") -> None:
        """The host lets ``user`` in."""
        self.ok("host", "join", user=user, name=user.title(), role=role)

    def item(self, item_id: str) -> dict[str, Any]:
        """An item of the current state."""
        return self.state["items"][item_id]

    def machine(self, machine_id: str) -> dict[str, Any]:
        """A machine of the current state."""
        return self.state["machines"][machine_id]

    def give(self, user: str, item_id: str) -> None:
        """``user`` takes ``item_id``."""
        self.ok(user, "take", item=item_id)

    def skip(self, seconds: float, user: str = "host") -> list[dict[str, Any]]:
        """Skip time (host pacing, so it is never stale)."""
        return self.ok(user, "skip_time", seconds=seconds, pace=True)


@functools.cache
def _staged(name: str, n_steps: int) -> tuple[dict[str, Any], tuple[tuple[str, str], ...]]:
    student = Student(initial_state())
    batches: dict[str, str] = {}
    for step in recipe(name).steps[:n_steps]:
        run_step(student, step, batches)
    return student.state, tuple(batches.items())


def staged(name: str, n_steps: int) -> tuple[Room, dict[str, str]]:
    """A room after the first ``n_steps`` of a recipe (user ``student``; products on the
    bench) and the recipe's batches ``{role: item id}``. States are shared, never mutated."""
    state, batches = _staged(name, n_steps)
    return Room(state), dict(batches)
