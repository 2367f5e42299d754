"""Wrong use never crashes: it is rejected with a reason, or it becomes a feedback item."""

from __future__ import annotations

import dataclasses

import pytest
from line_helpers import recipe, staged

from scripts_py import apply, initial_state
from scripts_py.machines.potentiostat import tested_result as shown_result
from scripts_py.recipes.driver import run_recipe
from scripts_py.recipes.load import Recipe
from scripts_py.reducer import accepted

NMC = "nmc622_graphite_full"


def _route(name: str, edit) -> Recipe:
    """A shipped recipe with its steps edited (``edit(list_of_steps) -> list_of_steps``)."""
    base = recipe(name)
    steps = edit(list(base.steps))
    return dataclasses.replace(base, steps=tuple(
        dataclasses.replace(s, index=i) for i, s in enumerate(steps)))


def _codes(r: Recipe) -> set[str]:
    found = run_recipe(r).found
    assert found is not None and "result" in found, found
    return {f["code"] for f in found["result"]["feedback"]}


def test_coating_a_dry_pot_is_rejected():
    r, b = staged(NMC, 1)
    r.give("student", b["positive"])
    rej = r.no("student", "load", "not_accepted", item=b["positive"], machine="coater",
               slot="roll")
    assert "slurry" in rej["reason"]


def test_coater_side_checks():
    r, b = staged(NMC, 4)
    pot = b["positive"]
    r.give("student", pot)
    r.ok("student", "load", item=pot, machine="coater", slot="roll")
    rej = r.no("student", "start", "not_ready", machine="coater", params={"side": "A"})
    assert "foil" in rej["reason"]
    r.give("student", "foil-Al")
    r.ok("student", "load", item="foil-Al", machine="coater", slot="foil")
    r.no("student", "start", "not_ready", machine="coater", params={"side": "B"})
    rej = r.no("student", "start", "not_ready", machine="coater",
               params={"side": "A", "comma_gap_um": 12})
    assert "foil" in rej["reason"]
    r.no("student", "start", "param_out_of_range", machine="coater",
         params={"comma_gap_um": 5000})
    r.no("student", "start", "param_out_of_range", machine="coater", params={"side": "C"})
    r.no("student", "start", "unknown_param", machine="coater", params={"speed": 1})
    r.ok("student", "start", machine="coater")
    r.no("student", "start", "machine_busy", machine="coater")
    r.no("student", "take", "machine_busy", item=pot)
    r.no("student", "take", "machine_busy", item="foil-Al")


def test_winding_with_no_electrode_is_rejected(room):
    room.no("ana", "start", "slot_empty", machine="winder")
    room.ok("ana", "take", item="li-01")
    rej = room.no("ana", "load", "not_accepted", item="li-01", machine="winder",
                  slot="positive")
    assert "slit electrode" in rej["reason"]
    room.ok("ana", "load", item="li-01", machine="winder", slot="negative")
    room.no("ana", "start", "slot_empty", machine="winder")


def test_testing_an_unsealed_cell_is_rejected():
    r, b = staged(NMC, 18)  # welded, not filled
    r.give("student", b["cell"])
    rej = r.no("student", "load", "not_accepted", item=b["cell"], machine="potentiostat",
               slot="1")
    assert "sealed" in rej["reason"]


def test_two_users_loading_one_slot(room):
    base = room.state["version"]
    room.ok("ana", "take", item="pot-01")
    room.ok("ben", "take", item="pot-02")
    room.ok("ana", "load", item="pot-01", machine="powder_dispenser", slot="pot")
    room.no("ben", "load", "slot_occupied", item="pot-02", machine="powder_dispenser",
            slot="pot", base_version=base)
    assert room.machine("powder_dispenser")["slots"]["pot"] == "pot-01"
    assert room.item("pot-02")["location"] == "hand:ben:left"


def test_two_users_grabbing_one_item(room):
    base = room.state["version"]
    room.ok("ana", "take", item="jar-NMC622", base_version=base)
    room.no("ben", "take", "held_by_other", item="jar-NMC622", base_version=base)


def test_dispenser_shares_and_missing_containers(room):
    for item, slot in (("pot-01", "pot"), ("jar-NMC622", "active"), ("jar-PVDF", "binder")):
        room.ok("ana", "take", item=item)
        room.ok("ana", "load", item=item, machine="powder_dispenser", slot=slot)
    room.no("ana", "start", "not_ready", machine="powder_dispenser",
            params={"active_wt_pct": 90, "additive_wt_pct": 0, "binder_wt_pct": 5})
    rej = room.no("ana", "start", "not_ready", machine="powder_dispenser")  # 5 % additive
    assert "conductive additive" in rej["reason"]
    room.ok("ana", "set_params", machine="powder_dispenser",
            params={"active_wt_pct": 95, "additive_wt_pct": 0})
    room.ok("ana", "start", machine="powder_dispenser")
    room.skip(1200)
    entry = room.item("pot-01")["history"][-1]
    assert entry["params"]["additive_wt_pct"] == 0 and "conductive_additive" not in entry["params"]


def test_out_of_window_settings_are_accepted_and_reported_at_the_potentiostat():
    def hot_oven(steps):
        coat = steps[4]
        steps[4] = dataclasses.replace(coat, parameters={**coat.parameters,
                                                         "oven_zone2_temp_c": 200})
        return steps

    assert "oven_temp_high" in _codes(_route("lfp_li_half", hot_oven))


@pytest.mark.parametrize(("edit", "codes"), [
    (lambda s: s[:3] + s[4:], {"mixing_missing"}),                       # skipped mixing
    (lambda s: s[:17] + s[18:], {"welding_skipped"}),                    # skipped welding
    (lambda s: s[:7] + s[8:], {"slitting_skipped"}),                     # skipped slitting
    (lambda s: s[:5] + s[6:], {"single_sided"}),                         # no side B
    (lambda s: [*s[:2], s[1], *s[2:]], {"premixing_repeated"}),          # repeated premix
    (lambda s: [*s[:4], s[3], *s[4:]], {"mixing_repeated"}),             # repeated mixing
    (lambda s: [*s[:5], s[6], s[5], *s[7:]], {"calendered_before_side_b"}),  # wrong order
    (lambda s: [*s[:4], s[2], *s[4:]], {"solvent_after_mixing", "solvent_filling_repeated",
                                        "mixing_missing"}),             # wrong order
], ids=["no-mixing", "no-welding", "no-slitting", "one-side", "premix-twice", "mix-twice",
        "calender-before-side-b", "solvent-after-mixing"])
def test_process_mistakes_become_feedback(edit, codes):
    found = _codes(_route(NMC, edit))
    assert codes <= found, found


def test_clean_route_has_no_process_mistakes():
    codes = _codes(recipe(NMC))
    assert not codes & {"welding_skipped", "slitting_skipped", "single_sided",
                        "mixing_missing", "premix_skipped"}


def test_repeated_steps_add_up_in_the_spec():
    out = run_recipe(_route(NMC, lambda s: [*s[:2], s[1], *s[2:3], s[2], *s[3:]]))
    pos = out.found["spec"]["positive"]
    assert pos["premix"]["time_min"] == 20
    assert pos["solvent_mass_g"] == 18


def test_a_hair_thin_film_runs_out_of_foil_instead_of_coating_for_years():
    def thin(steps):
        coat = steps[4]
        steps[4] = dataclasses.replace(coat, parameters={
            **coat.parameters, "comma_gap_um": 15.0001, "line_speed_m_min": 0.01})
        return steps

    route = _route(NMC, thin)
    out = run_recipe(route)
    coat = next(s for s in out.state["deposits"][0]["spec"]["positive"].items()
                if s[0] == "coating")
    assert coat[1]["comma_gap_um"] == 15.0001
    assert "foil_ran_out" in {f["code"] for f in out.found["result"]["feedback"]}
    assert out.sim_time_s < 60 * 86400  # 200 m at 0.01 m/min, twice, plus the rest


def _slitter_skipped(steps):
    """The positive roll goes to the winder unslit."""
    return [s for s in steps if not (s.machine == "slitter" and s.electrode == "positive")]


def _tested(r: Recipe, *, paper_model: bool | None = None) -> dict:
    state = initial_state(0)
    if paper_model is not None:
        state, events = apply(state, {"type": "set_room_settings", "sender": "host",
                                      "base_version": state["version"],
                                      "paper_model": paper_model})
        assert accepted(events)
    out = run_recipe(r, state=state)
    assert out.found is not None and "result" in out.found, out.found
    record = out.state["deposits"][-1]  # the deposited cell, as the digest reads it
    assert record["consequences"] == ("paper" if paper_model else "realistic")
    shown = shown_result({"data": record})
    assert shown is not None
    return shown


def test_a_line_mistake_costs_the_cell_unless_the_room_keeps_the_paper_model():
    right = _tested(recipe(NMC))
    unslit = _tested(_route(NMC, _slitter_skipped))
    paper = _tested(_route(NMC, _slitter_skipped), paper_model=True)
    item = next(f for f in unslit["feedback"] if f["code"] == "slitting_skipped")
    assert item["consequence"]["capacity_loss_pct"] > 0
    assert "consequence:" in item["message"]
    assert unslit["capacity_mah"] < right["capacity_mah"]
    assert paper["capacity_mah"] == pytest.approx(right["capacity_mah"])
    assert not any("consequence" in f for f in paper["feedback"])
    for shown in (right, unslit, paper):  # the screen's figure is its own curve's end
        assert shown["gcpl"]["discharge"]["capacity_mah"][-1] == pytest.approx(
            shown["capacity_mah"], rel=1e-3)


@pytest.mark.parametrize("kept", [
    [{"code": "mixing_time_low", "parameter": "positive.x", "value": 5.0,
      "allowed": ["a", None], "message": "m"}],
    [{"code": "oven_temp_high", "value": float("nan"), "allowed": [1, float("inf")],
      "message": 3}],
    [{"code": "\ud800", "parameter": [1] * 10, "value": [[[[]]]], "allowed": {"x": 1}}],
    [{"code": "slitting_skipped", "message": "x" * 100_000}] * 1000, "x", None, 5])
def test_hostile_line_mistakes_in_a_stored_cell_are_bounded(kept):
    """A stored room (uploaded save) may carry anything under line_mistakes: the screen's
    curve is still computed, bounded, and the mistake counts at most once."""
    record = dict(run_recipe(recipe(NMC)).state["deposits"][-1])
    clean = shown_result({"data": record})
    shown = shown_result({"data": {**record, "line_mistakes": kept, "consequences": {"a": 1}}})
    assert shown is not None and clean is not None
    curve = shown["gcpl"]["discharge"]["capacity_mah"]
    assert 1 <= len(curve) <= 300
    assert curve[-1] <= clean["gcpl"]["discharge"]["capacity_mah"][-1] + 1e-9
