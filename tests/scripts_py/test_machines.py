"""One test per machine: what it accepts and rejects, its output, duration and history entry.

Each case stages a room right before a step of a shipped recipe, checks that a wrong item is
rejected by the slot, then carries the step out as a student would.
"""

from __future__ import annotations

import math

import pytest
from line_helpers import recipe, staged

from battery_model import evaluate_cell
from scripts_py.machines import MACHINE_TYPES
from scripts_py.recipes.driver import Student, run_step

NMC = "nmc622_graphite_full"


def _full():
    return evaluate_cell(recipe(NMC).spec, gcpl=False)


def _coat_s() -> float:
    return math.ceil(60.0 * _full().positive.coated_length_mm / 1000.0 / 0.5)


# step index in the NMC622 | graphite recipe, machine id, slot a wrong item is tried in,
# output kind, expected duration [s], history params that must be recorded
CASES = [
    (0, "powder_dispenser", "pot", "powders", lambda: 60 + 6 * 17,
     {"active_material": "NMC622", "conductive_additive": "carbon_black", "binder": "PVDF",
      "dry_mass_g": 17, "active_wt_pct": 94}),
    (1, "premixer", "pot", "premixed_powders", lambda: 600, {"speed_rpm": 1000, "time_min": 10}),
    (2, "solvent_filler", "pot", "unmixed_slurry", lambda: 60 + 3 * 9,
     {"solvent": "NMP", "solvent_mass_g": 9}),
    (3, "mixer_1", "pot", "slurry", lambda: 3600, {"dispersion_speed_rpm": 1500}),
    (4, "coater", "roll", "coated_roll_a", _coat_s,
     {"side": "A", "foil": "Al", "foil_thickness_um": 15, "comma_gap_um": 200}),
    (5, "coater", "roll", "coated_roll_ab", _coat_s, {"side": "B", "foil": "Al"}),
    (6, "calender", "roll", "calendered_roll", _coat_s, {"roll_gap_um": 160, "roll_temp_c": 60}),
    (7, "slitter", "roll", "slit_electrode",
     lambda: math.ceil(120 + 60 * _full().positive.coated_length_mm / 1000 / 5), {}),
    (16, "winder", "positive", "jelly_roll",
     lambda: math.ceil(120 + 60 * _full().positive.length_mm / 1000 / 2),
     {"format": "18650", "separator": "PE", "separator_thickness_um": 20}),
    (17, "welder", "cell", "welded_jelly_roll", lambda: 180, {}),
    (18, "filler_sealer", "cell", "sealed_cell", lambda: 2700, {"electrolyte": "LP30"}),
    (19, "potentiostat", "1", "tested_cell", lambda: 3600 + 3600 * (2 / 0.5 + 2 / 0.2),
     {"formation_cycles": 1, "test_c_rate": 0.2}),
]


@pytest.mark.parametrize(("index", "machine", "slot", "kind", "duration", "params"), CASES,
                         ids=[f"{c[0]:02d}-{c[1]}" for c in CASES])
def test_machine_step(index, machine, slot, kind, duration, params):
    r, batches = staged(NMC, index)
    # rejects: an empty pot fits no slot except the dispenser's (there a Li electrode)
    wrong = "li-01" if machine == "powder_dispenser" else "pot-24"
    r.give("student", wrong)
    reject = r.no("student", "load", "not_accepted", item=wrong, machine=machine, slot=slot)
    assert MACHINE_TYPES[r.machine(machine)["type"]].title in reject["reason"]
    r.ok("student", "put", item=wrong, place="shelf")
    # accepts, runs and outputs, as a student would
    student = Student(r.state, "student", join=False)
    step = recipe(NMC).steps[index]
    run_step(student, step, batches)
    work = batches["cell"] if index >= 16 else batches[step.electrode]
    item = student.state["items"][work]
    assert item["kind"] == kind
    assert item["location"] == "bench"
    entry = item["history"][-1]
    assert entry["machine"] == machine
    assert entry["step"] == MACHINE_TYPES[r.machine(machine)["type"]].step
    assert entry["duration_s"] == duration()
    assert entry["sim_time_s"] >= entry["duration_s"]
    assert entry["by"] == "student"
    for key, value in params.items():
        assert entry["params"][key] == value, key
    # the machine is idle and empty again
    assert not student.state["machines"][machine]["runs"]
    assert all(v is None for v in student.state["machines"][machine]["slots"].values())


def test_deposit_station_records_and_returns_parts():
    r, batches = staged(NMC, 20)
    cell = batches["cell"]
    neg = r.item(cell)["parts"]["negative"]
    r.give("student", "pot-24")
    r.no("student", "load", "not_accepted", item="pot-24", machine="deposit_station",
         slot="cell")
    r.ok("student", "put", item="pot-24", place="shelf")
    r.give("student", cell)
    events = r.ok("student", "load", item=cell, machine="deposit_station", slot="cell")
    started = next(e for e in events if e["type"] == "run_started")
    assert started["duration_s"] == 0
    (record,) = r.state["deposits"]
    assert record["item"] == cell and record["by"] == "student"
    assert record["result"]["energy_density_wh_kg"] > 100
    assert record["spec"]["positive"]["active_material"] == "NMC622"
    for item_id in (cell, neg):
        item = r.item(item_id)
        assert item["kind"] == "empty_pot" and item["location"] == "shelf"
        assert item["history"] == [] and item["parts"] == {}


def test_recycle_bin_resets_anything():
    r, batches = staged(NMC, 8)
    roll = batches["positive"]
    r.no("student", "load", "not_holding", item=roll, machine="recycle_bin", slot="item")
    for item_id in (roll, "jar-NMC622", "li-03"):
        r.give("student", item_id)
        events = r.ok("student", "load", item=item_id, machine="recycle_bin", slot="item")
        assert any(e["type"] == "recycled" for e in events)
        assert r.item(item_id)["location"] == "shelf"
        assert r.item(item_id)["kind"] == r.item(item_id)["origin"]
        assert r.item(item_id)["history"] == []
    assert r.item("jar-NMC622")["data"] == {"group": "active_materials", "material": "NMC622"}
    assert r.machine("recycle_bin")["slots"]["item"] is None


def test_second_mixer_takes_over_when_the_first_is_busy():
    r, batches = staged(NMC, 11)  # the graphite slurry waits for a mixer
    pot = batches["negative"]
    r.give("student", "pot-24")
    r.no("student", "load", "not_accepted", item="pot-24", machine="mixer_2", slot="pot")
    r.ok("student", "put", item="pot-24", place="shelf")
    r.give("student", pot)
    r.ok("student", "load", item=pot, machine="mixer_2", slot="pot")
    r.ok("student", "start", machine="mixer_2", params={"time_min": 30})
    r.skip(1800)
    assert r.item(pot)["kind"] == "slurry"
    assert r.item(pot)["history"][-1]["machine"] == "mixer_2"


def test_potentiostat_channels_run_independently():
    r, batches = staged("lfp_li_half", 11)  # sealed cell on the bench
    cell = batches["cell"]
    r.give("student", cell)
    r.ok("student", "load", item=cell, machine="potentiostat", slot="7")
    r.no("student", "start", "no_such_slot", machine="potentiostat")
    r.no("student", "start", "slot_empty", machine="potentiostat", slot="2")
    r.ok("student", "start", machine="potentiostat", slot="7",
         params={"formation_cycles": 0, "test_c_rate": 1.0})
    assert list(r.machine("potentiostat")["runs"]) == ["7"]
    r.skip(3600 + 7200)
    cell_item = r.item(cell)
    assert cell_item["kind"] == "tested_cell"
    assert cell_item["data"]["c_rate"] == 1.0
    assert cell_item["data"]["result"]["kind"] == "half"


def test_every_machine_declares_its_interface():
    for m in MACHINE_TYPES.values():
        assert m.type and m.title and m.step and m.slots
        d = m.describe()
        assert d["type"] == m.type
        for p in m.params:
            assert p.check(p.default) is None, (m.type, p.name)
            if not p.choices:
                assert p.unit or p.name.endswith(("porosity", "cycles")), (m.type, p.name)
                assert p.lo is not None and p.hi is not None and p.lo < p.hi
        for key, slot in m.materials.items():
            assert m.slot(slot) is not None and m.slot(slot).group, (m.type, key)


def test_winder_formats_are_the_catalogs():
    from battery_model import catalog

    assert set(MACHINE_TYPES["winder"].param("format").choices) == set(catalog().formats)


def test_shelves_hold_every_material_of_the_catalog():
    from battery_model import catalog
    from scripts_py import initial_state

    jars = {(i["data"]["group"], i["data"]["material"])
            for i in initial_state()["items"].values() if i["kind"] == "container"}
    cat = catalog()
    want = {("active_materials", n) for n, m in cat.active.items() if m.calendering != "none"}
    want |= {(g, n) for g, names in cat.components.items() for n in names}
    assert jars == want
