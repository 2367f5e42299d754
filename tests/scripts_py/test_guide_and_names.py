"""Guided mode and the names a student reads, on rooms driven by the real reducer."""

from __future__ import annotations

import pytest

from scripts_py.recipes.driver import Student, run_step
from scripts_py.recipes.guide import guide
from scripts_py.recipes.load import load_recipe
from scripts_py.reducer import accepted, apply
from scripts_py.room import names
from scripts_py.room.state import initial_state
from scripts_py.runtime.projection import Projector

RECIPES = ["recipes/nmc622_graphite_full.yaml", "recipes/lfp_li_half.yaml",
           "recipes/graphite_symmetric.yaml"]


@pytest.mark.parametrize("path", RECIPES)
def test_the_guide_walks_every_step_in_order_and_ends_done(path: str) -> None:
    recipe = load_recipe(path)
    student = Student(initial_state(0), user="u1", name="Ana")
    batches: dict[str, str] = {}
    seen = [guide(recipe, student.state, "u1")["step"]]
    for step in recipe.steps:
        g = guide(recipe, student.state, "u1")
        assert not g["finished"]
        assert g["step"] == step.index + 1, (g, step)
        assert g["machine"] == student.machine_for(step.machine)
        run_step(student, step, batches)
        seen.append(guide(recipe, student.state, "u1")["step"])
    end = guide(recipe, student.state, "u1")
    assert end["finished"] and "deposited" in end["do"]
    assert seen == [*range(1, len(recipe.steps) + 1), len(recipe.steps)]


def test_the_guide_says_a_machine_is_running_and_how_long() -> None:
    recipe = load_recipe(RECIPES[0])
    student = Student(initial_state(0), user="u1", name="Ana")
    step = recipe.steps[0]
    for key, slot in (("active_material", "active"), ("conductive_additive", "additive"),
                      ("binder", "binder")):
        student.load(student.find("container", material=step.parameters[key]),
                     "powder_dispenser", slot)
    student.load(student.find("empty_pot"), "powder_dispenser", "pot")
    g = guide(recipe, student.state, "u1")
    assert g["step"] == 1 and not g["running"]
    assert g["params"]["dry_mass_g"] == 17 and g["materials"]["active"] == "NMC622"
    student.send({"type": "start", "machine": "powder_dispenser",
                  "params": {k: v for k, v in step.parameters.items()
                             if k in ("dry_mass_g", "active_wt_pct", "additive_wt_pct",
                                      "binder_wt_pct")}})
    g = guide(recipe, student.state, "u1")
    assert g["running"] and g["remaining_s"] > 0 and "Skip to the end" in g["do"]


def test_someone_elses_work_is_not_my_progress_when_i_have_my_own() -> None:
    recipe = load_recipe(RECIPES[0])
    state = initial_state(0)
    ana = Student(state, user="u1", name="Ana")
    run_step(ana, recipe.steps[0], {})
    bob = Student(ana.state, user="u2", name="Bob")
    assert guide(recipe, bob.state, "u1")["step"] == 2
    # Bob has made nothing: the room's furthest work guides him (a team shares a batch)
    assert guide(recipe, bob.state, "u2")["step"] == 2


def test_cells_are_named_by_number_and_builder_and_ids_never_reach_a_message() -> None:
    recipe = load_recipe(RECIPES[0])
    student = Student(initial_state(0), user="u1", name="Ana")
    batches: dict[str, str] = {}
    for step in recipe.steps[:-2]:
        run_step(student, step, batches)
    state = student.state
    cell = state["items"][batches["cell"]]
    assert names.display_name(state, cell) == "Cell #1 (Ana)"
    view = Projector().view(state)
    assert view["items"][cell["id"]]["name"] == "Cell #1 (Ana)"
    assert view["items"]["jar-NMC622"]["name"] == "NMC622"
    assert view["items"]["jar-carbon_black"]["name"] == "carbon black"
    # a refusal that names items by id reads with their names
    full = {"type": "load", "item": "jar-NMC811", "machine": "powder_dispenser",
            "slot": "binder", "sender": "u1", "base_version": state["version"]}
    state2, _ = apply(state, {"type": "take", "item": "jar-NMC811", "sender": "u1",
                              "base_version": state["version"]})
    _, events = apply(state2, {**full, "base_version": state2["version"]})
    assert not accepted(events)
    reason = names.plain(events[0]["reason"], state2)
    assert "jar-NMC811" not in reason and "“NMC811”" in reason
    assert "active material" in reason and "active_materials" not in reason


def test_plain_leaves_words_that_are_not_ids_alone() -> None:
    state = initial_state(0)
    assert names.plain("the coater is running: wait until it finishes", state) == \
        "the coater is running: wait until it finishes"
    assert names.plain("pot-01 is on the bench.", state) == "“Empty mixing pot” is on the bench."
