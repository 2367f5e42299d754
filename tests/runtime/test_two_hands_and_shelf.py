"""Fewer trips: a slot takes whichever held item it accepts, stock goes back on the shelf."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scripts_py import apply, initial_state
from scripts_py.reducer import accepted
from scripts_py.reducer.rejection import Rejected
from scripts_py.runtime.translate import translate

ROOT = Path(__file__).resolve().parents[2]


def _room() -> dict:
    state = initial_state(0)
    state, _ = apply(state, {"type": "join", "user": "ana", "name": "Ana", "role": "student",
                             "sender": "host", "base_version": 0})
    return state


def _do(state: dict, kind: str, args: dict) -> tuple[dict, list]:
    intents = translate(kind, args, state, sender="ana", base_version=state["version"], ref="1")
    events: list = []
    for intent in intents:
        state, events = apply(state, intent)
        assert accepted(events), events
    return state, events


def test_a_slot_takes_the_held_item_it_accepts_from_either_hand() -> None:
    state = _room()
    state, _ = _do(state, "take_from_shelf", {"material": "mixing_pot", "hand": "right"})
    state, _ = _do(state, "take_from_shelf", {"material": "NMC622", "hand": "left"})
    state, _ = _do(state, "place_in_slot", {"machine": "powder_dispenser", "slot": "active"})
    assert state["machines"]["powder_dispenser"]["slots"]["active"] == "jar-NMC622"
    state, _ = _do(state, "place_in_slot", {"machine": "powder_dispenser", "slot": "pot"})
    assert state["machines"]["powder_dispenser"]["slots"]["pot"] == "pot-01"
    assert state["users"]["ana"]["hands"] == {"left": None, "right": None}


def test_a_slot_that_takes_nothing_held_says_why_in_words() -> None:
    state = _room()
    state, _ = _do(state, "take_from_shelf", {"material": "NMP", "hand": "right"})
    intents = translate("place_in_slot", {"machine": "powder_dispenser", "slot": "binder"},
                        state, sender="ana", base_version=state["version"], ref="1")
    _, events = apply(state, intents[0])
    assert not accepted(events) and "solvent" in events[0]["reason"]
    with pytest.raises(Rejected, match="hands are empty"):
        translate("place_in_slot", {"machine": "coater", "slot": "roll"}, _room(),
                  sender="ana", base_version=0, ref="1")


def test_stock_goes_back_on_the_shelf_and_products_do_not() -> None:
    state = _room()
    state, _ = _do(state, "take_from_shelf", {"material": "NMC622", "hand": "right"})
    state, _ = _do(state, "put_on_shelf", {"item": "jar-NMC622"})
    assert state["items"]["jar-NMC622"]["location"] == "shelf"
    state["items"]["pot-01"] = {**state["items"]["pot-01"], "kind": "slurry",
                                "history": [{"step": "mixing"}]}
    with pytest.raises(Rejected, match="go back on the shelf"):
        translate("put_on_shelf", {"item": "pot-01"}, state, sender="ana", base_version=0,
                  ref="1")


def test_physics_layers_are_numbered_in_one_file_only() -> None:
    """Every collider names its layer through scenes/common/physics_layers.gd."""
    bare = re.compile(r"collision_(layer|mask)\s*=\s*(1\s*<<|\d+\b(?<!0\b))")
    offenders = []
    for path in sorted(ROOT.glob("**/*.gd")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith((".venv/", "build/", "test-artifacts/")):
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if bare.search(line) or re.search(r"const PHYSICS_LAYER_\w+\s*=", line):
                offenders.append(f"{rel}:{n}: {line.strip()}")
    assert not offenders, "\n".join(offenders)
    names = (ROOT / "project.godot").read_text(encoding="utf-8")
    for n, name in enumerate(("world", "ui", "items", "slots", "things"), 1):
        assert f'3d_physics/layer_{n}="{name}"' in names
