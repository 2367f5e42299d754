"""Sim clock (time skip, run order, pacing) and the virtual label."""

from __future__ import annotations

from line_helpers import Room, staged

from scripts_py import label
from scripts_py.sim import clock as simclock
from scripts_py.sim.clock import SKIPS_S
from scripts_py.sim.pacing import WallClockPacer


def _mix(r: Room, pot: str, mixer: str, minutes: float) -> None:
    r.give("student", pot)
    r.ok("student", "load", item=pot, machine=mixer, slot="pot")
    r.ok("student", "start", machine=mixer, params={"time_min": minutes})


def test_runs_ending_inside_a_jump_finish_in_order():
    r, b = staged("graphite_symmetric", 11)  # the second graphite pot waits for a mixer
    assert r.item(b["negative"])["kind"] == "unmixed_slurry"
    _mix(r, b["negative"], "mixer_1", 90)
    t0 = r.state["clock"]["now_s"]
    r.give("student", "pot-24")
    for item, slot in (("jar-graphite", "active"), ("jar-CMC", "binder"),
                       ("jar-carbon_black", "additive")):
        r.ok("student", "take", item=item, hand="right")
        r.ok("student", "load", item=item, machine="powder_dispenser", slot=slot)
    r.ok("student", "load", item="pot-24", machine="powder_dispenser", slot="pot")
    r.ok("student", "start", machine="powder_dispenser", params={"dry_mass_g": 10})
    events = r.skip(SKIPS_S[3])
    finished = [e for e in events if e["type"] == "run_finished"]
    assert [e["machine"] for e in finished] == ["powder_dispenser", "mixer_1"]
    assert [e["sim_time_s"] for e in finished] == [t0 + 120, t0 + 5400]
    assert r.item("pot-24")["history"][-1]["sim_time_s"] == t0 + 120
    assert r.state["clock"]["now_s"] == t0 + SKIPS_S[3]
    assert events[-1] == {"type": "time", "now_s": t0 + SKIPS_S[3], "skipped_s": SKIPS_S[3]}


def test_a_skip_that_ends_before_the_run_finishes_leaves_it_running():
    r, b = staged("nmc622_graphite_full", 3)
    _mix(r, b["positive"], "mixer_1", 60)
    r.skip(1200)
    assert "main" in r.machine("mixer_1")["runs"]
    r.skip(2399)
    assert "main" in r.machine("mixer_1")["runs"]
    events = r.skip(1)
    assert any(e["type"] == "run_finished" for e in events)
    assert r.item(b["positive"])["kind"] == "slurry"


def test_any_positive_duration_and_the_clock_never_goes_back(room):
    times = [room.state["clock"]["now_s"]]
    for seconds in (0.001, 1, 1199.999, 3600, 86400 * 7):
        room.ok("ana", "skip_time", seconds=seconds)
        times.append(room.state["clock"]["now_s"])
    assert times == sorted(times)
    room.no("ana", "skip_time", "malformed", seconds=0)
    room.no("ana", "skip_time", "malformed", seconds=86400 * 8)


def test_clock_heap_orders_by_end_then_start():
    c = simclock.new_clock()
    for end, mid in ((50.0, "b"), (10.0, "a"), (50.0, "c"), (5.0, "d")):
        simclock.schedule(c, end, mid, "main")
    assert simclock.next_end_s(c) == 5.0
    order = []
    while (due := simclock.pop_due(c, 49.0)) is not None:
        order.append(due[2])
    assert order == ["d", "a"]
    assert [simclock.pop_due(c, 100.0)[2] for _ in range(2)] == ["b", "c"]
    assert simclock.pop_due(c, 1e9) is None


def test_pacer_turns_wall_time_into_skip_intents_without_sleeping(room):
    wall = [100.0]
    pacer = WallClockPacer(speed=60.0, min_step_s=10.0, wall=lambda: wall[0])
    assert pacer.due(room.state) is None
    wall[0] += 0.1  # 6 s of sim time owed: below the step
    assert pacer.due(room.state) is None
    wall[0] += 0.9
    intent = pacer.due(room.state)
    assert intent["seconds"] == 60.0 and intent["sender"] == "host" and intent["pace"]
    room.ok("host", "skip_time", seconds=intent["seconds"], pace=True)
    assert room.state["clock"]["now_s"] == 60.0
    wall[0] += 1.0
    assert pacer.due(room.state)["seconds"] == 60.0


def test_label_of_a_calendered_roll_lists_its_steps():
    r, b = staged("nmc622_graphite_full", 7)
    lab = label(r.item(b["positive"]), r.state)
    assert lab["kind"] == "calendered_roll" and lab["title"] == "calendered roll"
    assert [s["step"] for s in lab["steps"]] == [
        "dispensing", "premixing", "solvent_filling", "mixing", "coating", "coating",
        "calendering"]
    assert lab["steps"][4]["params"]["comma_gap_um"] == 200
    figs = lab["figures"]
    assert figs["dry_mass_g"] == 17 and 60 < figs["solid_content_wt_pct"] < 70
    assert figs["coated_length_mm"] > 0 and figs["am_loading_mg_cm2"] > 0
    text = lab["text"]
    assert text.startswith(f"{b['positive']}: calendered roll")
    assert "calendering on calender: roll_gap_um 160" in text
    assert "on the bench" in text


def test_label_of_a_cell_includes_its_parts():
    r, b = staged("lfp_li_half", 11)
    lab = label(r.item(b["cell"]), r.state)
    assert lab["kind"] == "sealed_cell"
    assert lab["figures"]["serial"].startswith("BMM-")
    assert lab["figures"]["electrolyte_ml"] > 0
    assert lab["figures"]["jelly_roll_length_mm"] > 0
    neg = lab["parts"]["negative"]
    assert neg["kind"] == "li_metal" and neg["figures"]["thickness_um"] == 100
    assert "negative: li-01: lithium-metal electrode" in lab["text"]


def test_label_of_stock():
    r = Room()
    assert label(r.item("jar-NMC622"))["figures"] == {"material": "NMC622",
                                                      "group": "active_materials"}
    assert label(r.item("pot-01"))["text"] == "pot-01: empty mixing pot\n  on the shelf"
