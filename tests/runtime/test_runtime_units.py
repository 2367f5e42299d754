"""Pure parts of the runtime: patches, projection, intent translation, bindings, the plan."""

from __future__ import annotations

import copy
import json

import pytest
from runtime_helpers import REPO

from scripts_py import apply, initial_state
from scripts_py.recipes.load import load_recipe
from scripts_py.reducer.rejection import Rejected
from scripts_py.runtime.bindings import bind_all, module_of
from scripts_py.runtime.host import SoloHost, egg_positions
from scripts_py.runtime.patch import apply_patch, diff
from scripts_py.runtime.projection import Projector, shelf_entries
from scripts_py.runtime.student_plan import plan_of
from scripts_py.runtime.translate import translate


def _send(state: dict, intent: dict, sender: str = "ana") -> dict:
    state, events = apply(state, {**intent, "sender": sender,
                                  "base_version": state["version"]})
    assert events[0]["type"] == "accepted", events
    return state


@pytest.fixture
def room() -> dict:
    state = initial_state(0, easter_eggs=[{"id": "egg", "title": "T", "where": "w",
                                           "message": "m"}])
    return _send(state, {"type": "join", "user": "ana", "name": "Ana", "role": "student"},
                 sender="host")


# --- patches ---------------------------------------------------------------------------------
def test_diff_then_apply_gives_the_new_value() -> None:
    old = {"a": 1, "b": {"c": [1, 2, 3], "d": {"e": None}}, "l": [{"x": 1}, None],
           "gone": True, "p": [0.0, 1.0, 2.0]}
    new = {"a": 2, "b": {"c": [1, 2], "d": {"e": "now"}}, "l": [{"x": 2}, {"y": 1}],
           "added": {"k": []}, "p": [0.0, 1.5, 2.0]}
    ops = diff(old, new)
    assert apply_patch(old, ops) == new
    paths = [op["path"] for op in ops]
    assert ["gone"] in paths and ["l", 0, "x"] in paths and ["l", 1] in paths
    assert ["p"] in paths  # lists of numbers (positions, curves) go whole
    assert diff(new, copy.deepcopy(new)) == []


def test_diff_skips_identical_objects_without_looking_inside() -> None:
    class Boom(dict):
        def __eq__(self, other: object) -> bool:
            raise AssertionError("compared an unchanged entry")

    shared = Boom(x=1)
    assert diff({"m": shared, "t": 1}, {"m": shared, "t": 2}) == [
        {"op": "set", "path": ["t"], "value": 2}]


def test_apply_patch_leaves_the_input_alone() -> None:
    state = {"items": {"a": {"location": "shelf"}}}
    out = apply_patch(state, [{"op": "set", "path": ["items", "a", "location"], "value": "x"},
                              {"op": "set", "path": ["new", "k"], "value": 1}])
    assert state == {"items": {"a": {"location": "shelf"}}}
    assert out == {"items": {"a": {"location": "x"}}, "new": {"k": 1}}


# --- projection ------------------------------------------------------------------------------
def test_view_has_every_section_godot_reads(room: dict) -> None:
    view = Projector({"egg": [1.0, 2.0, 3.0]}).view(room, {"ana": {"avatar": "lab_purple"}})
    assert set(view) == {"sim_time_s", "machines", "items", "shelves", "notebooks",
                         "potentiostat", "easter_eggs", "users", "guide"}
    assert view["guide"] == {}  # no guided recipe
    coater = view["machines"]["coater"]
    assert coater["status"] == "idle" and coater["remaining_s"] == 0.0
    assert coater["slots"] == {"roll": None, "foil": None}
    assert coater["params"]["side"] == "A" and coater["params"]["foil_thickness_um"] is None
    specs = {s["name"]: s for s in coater["param_specs"]}
    assert specs["side"]["choices"] == ["A", "B"]
    assert specs["comma_gap_um"]["range"] == [10.0, 1000.0] and specs["comma_gap_um"]["unit"]
    cycles = {s["name"]: s for s in view["machines"]["potentiostat"]["param_specs"]}
    assert cycles["formation_cycles"]["step"] == 1
    assert view["potentiostat"]["slots"] == [None] * 9
    assert view["easter_eggs"] == [{"id": "egg", "title": "T", "text": "m", "where": "w",
                                    "found": False, "found_by": None,
                                    "position": [1.0, 2.0, 3.0]}]
    assert view["users"] == {"ana": {"name": "Ana", "role": "student", "avatar": "lab_purple"}}
    assert len(view["notebooks"]) == 5
    jar = view["items"]["jar-NMC622"]
    assert jar["kind"] == "container" and jar["location"] == "shelf"
    assert jar["material"] == "NMC622" and jar["label"]["title"].startswith("NMC622")
    json.dumps(view, allow_nan=False)


def test_shelves_list_each_material_once_then_pots_and_li(room: dict) -> None:
    shelves = shelf_entries(room)
    names = [s["material"] for s in shelves]
    assert len(names) == len(set(names))
    assert names[-2:] == ["mixing_pot", "li_metal"]
    assert {"material": "NMP", "kind": "solvent", "label": "NMP"} in shelves


def test_unchanged_entries_are_the_same_objects(room: dict) -> None:
    p = Projector()
    first = p.view(room)
    state = _send(room, {"type": "take", "item": "jar-NMC622"})
    second = p.view(state)
    assert second["items"]["can-NMP"] is first["items"]["can-NMP"]
    assert second["items"]["jar-NMC622"] is not first["items"]["jar-NMC622"]
    assert second["machines"]["coater"] is first["machines"]["coater"]
    ops = diff(first, second)
    assert {tuple(op["path"][:2]) for op in ops} == {("items", "jar-NMC622")}


def test_running_machine_shows_time_left_and_done_when_finished(room: dict) -> None:
    state = room
    for item, slot in (("pot-01", "pot"), ("jar-NMC622", "active"),
                       ("jar-carbon_black", "additive"), ("jar-PVDF", "binder")):
        state = _send(state, {"type": "take", "item": item})
        state = _send(state, {"type": "load", "item": item, "machine": "powder_dispenser",
                              "slot": slot})
    state = _send(state, {"type": "start", "machine": "powder_dispenser",
                          "params": {"active_wt_pct": 90.0}})
    p = Projector()
    running = p.view(state)["machines"]["powder_dispenser"]
    assert running["status"] == "running" and running["remaining_s"] == running["duration_s"]
    state = _send(state, {"type": "skip_time", "seconds": 60.0})
    later = p.view(state)["machines"]["powder_dispenser"]
    assert later["remaining_s"] == running["remaining_s"] - 60.0
    state = _send(state, {"type": "skip_time", "seconds": 3600.0})
    done = p.view(state)["machines"]["powder_dispenser"]
    assert done["status"] == "done" and done["remaining_s"] == 0.0
    label = p.view(state)["items"]["pot-01"]["label"]
    assert label["title"] == "NMC622 powders" and label["lines"][0] == "Mixing pot with powders"
    assert any("dispensing" in line for line in label["lines"])
    assert all(len(line) <= 64 for line in label["lines"])


# --- translation -----------------------------------------------------------------------------
def _t(kind: str, args: dict, state: dict) -> list[dict]:
    return translate(kind, args, state, sender="ana", base_version=3, ref="ana:1")


def test_translation_table(room: dict) -> None:
    common = {"sender": "ana", "base_version": 3, "id": "ana:1"}
    assert _t("grab", {"item": "x", "hand": "left"}, room) == [
        {"type": "take", "item": "x", "hand": "left", **common}]
    assert _t("take_from_shelf", {"material": "NMC622", "hand": "right"}, room) == [
        {"type": "take", "item": "jar-NMC622", "hand": "right", **common}]
    assert _t("take_from_shelf", {"material": "mixing_pot"}, room)[0]["item"] == "pot-01"
    assert _t("take_from_shelf", {"material": "li_metal"}, room)[0]["item"] == "li-01"
    assert _t("release", {"item": "x", "hand": "right", "position": [0, 1, 2]}, room) == [
        {"type": "put", "item": "x", "place": "bench", "position": [0.0, 1.0, 2.0], **common}]
    assert _t("release", {"item": "x", "hand": "right", "position": [3, 0.1, 2]}, room) == [
        {"type": "put", "item": "x", "place": "floor", "position": [3.0, 0.1, 2.0], **common}]
    assert _t("release", {"item": "x", "hand": "right"}, room) == [
        {"type": "put", "item": "x", "place": "bench", **common}]
    assert _t("place_in_slot", {"item": "x", "machine": "potentiostat", "slot": 3.0},
              room) == [{"type": "load", "item": "x", "machine": "potentiostat", "slot": "3",
                         **common}]
    assert _t("set_param", {"machine": "coater", "name": "comma_gap_um", "value": 150.0},
              room) == [{"type": "set_params", "machine": "coater",
                         "params": {"comma_gap_um": 150}, **common}]
    assert _t("start_machine", {"machine": "coater"}, room) == [
        {"type": "start", "machine": "coater", **common}]
    assert _t("skip_time", {"seconds": 3600.0}, room) == [
        {"type": "skip_time", "seconds": 3600, **common}]
    assert _t("hand_to", {"item": "x", "to": "ben"}, room) == [
        {"type": "hand_to", "item": "x", "to": "ben", **common}]
    assert _t("find_egg", {"egg": "egg"}, room) == [
        {"type": "find_egg", "egg": "egg", **common}]
    assert translate("grab", {"item": "x"}, room, sender="ana", base_version=-1,
                     ref="r")[0]["base_version"] == 0


def test_potentiostat_screen_fans_out_to_its_channels(room: dict) -> None:
    intents = _t("set_param", {"machine": "potentiostat", "name": "test_c_rate",
                               "value": 0.5}, room)
    assert [i["slot"] for i in intents] == [str(c) for c in range(1, 10)]
    with pytest.raises(Rejected) as empty:
        _t("start_machine", {"machine": "potentiostat"}, room)
    assert empty.value.code == "slot_empty"
    assert _t("start_machine", {"machine": "potentiostat", "slot": "2"}, room) == [
        {"type": "start", "machine": "potentiostat", "slot": "2", "sender": "ana",
         "base_version": 3, "id": "ana:1"}]


@pytest.mark.parametrize(("kind", "args", "code"), [
    ("fly", {}, "unknown_intent"),
    ("grab", [], "malformed"),
    ("grab", {}, "malformed"),
    ("take_from_shelf", {"material": "gold"}, "no_such_material"),
    ("set_param", {"machine": "coater", "name": "side"}, "malformed"),
    ("set_param", {"machine": "oven", "name": "t", "value": 1}, "no_such_machine"),
    ("start_machine", {"machine": None}, "malformed"),
])
def test_translation_rejects(room: dict, kind: str, args: object, code: str) -> None:
    with pytest.raises(Rejected) as rejected:
        translate(kind, args, room, sender="ana", base_version=1, ref="r")
    assert rejected.value.code == code and rejected.value.reason


# --- bindings, host, plan --------------------------------------------------------------------
def test_py_script_must_name_a_machine_module() -> None:
    assert module_of("res://scripts_py/machines/coater.py")[0] == "scripts_py.machines.coater"
    for bad in ("res://scripts_py/machines/base.py", "res://scripts_py/room/state.py",
                "res://scripts_py/machines/../reducer/gate.py", "coater.py", ""):
        assert module_of(bad)[1] is None and module_of(bad)[2], bad
    machines = initial_state()["machines"]
    bound = bind_all([{"id": "mixer_2", "py_script": "res://scripts_py/machines/mixer.py"},
                      "junk"], machines)
    assert bound[0].ok and not bound[1].ok and bound[1].code == "bad_binding"
    assert bind_all(None, machines) == []


def test_egg_positions_come_from_the_recipes_yaml() -> None:
    host = SoloHost(":memory:", content_dir=REPO / "recipes", time_speed=0.0)
    try:
        assert set(host.positions) == {"goodenough", "graduation", "makers"}
        assert all(len(p) == 3 for p in host.positions.values())
        eggs = host.view("solo")["easter_eggs"]
        assert {e["id"]: e["position"] for e in eggs} == host.positions
    finally:
        host.close()
    assert egg_positions({"easter_eggs": [{"id": "a", "position": [1, 2]},
                                          {"id": "b", "position": [1, 2, float("nan")]},
                                          {"id": "c", "position": [0, 1, 2]}]}) == {
        "c": [0.0, 1.0, 2.0]}


def test_join_refusals_and_the_room_limit() -> None:
    host = SoloHost(":memory:", content_dir=REPO / "recipes", time_speed=0.0)
    try:
        for _ in range(6):
            host.join("solo", host.new_user_id(), "S")
        assert host.directory()[0]["users"] == 6
        with pytest.raises(Exception) as full:
            host.join("solo", host.new_user_id(), "Seventh")
        assert getattr(full.value, "code", "") == "room_full"
    finally:
        host.close()


def test_plan_follows_the_recipe() -> None:
    plan = plan_of(load_recipe(str(REPO / "recipes" / "lfp_li_half.yaml")), ["makers"])
    steps = plan["steps"]
    assert steps[0]["machine"] == "powder_dispenser" and steps[0]["work"] == {"pot": "new_pot"}
    winder = next(s for s in steps if s["machine"] == "winder")
    assert winder["work"] == {"positive": "positive", "negative": "li_metal"}
    assert winder["alias"] == {"cell": "positive"}
    pstat = next(s for s in steps if s["machine"] == "potentiostat")
    assert pstat["read_result"] and not pstat["take_product"] and pstat["channel"] == "1"
    mixer = next(s for s in steps if s["title"] == "slurry mixer")
    assert mixer["machine"] == "mixer_1"
    assert plan["eggs"] == ["makers"]


def test_host_room_settings_apply_to_new_and_reset_rooms(tmp_path):
    """`bmm host --paper-model`: rooms start (and restart) with the paper's model; a room kept
    in the data file keeps what it had."""
    from scripts_py import check_invariants
    from scripts_py.machines.potentiostat import consequences_mode

    db = tmp_path / "rooms.sqlite3"
    host = SoloHost(db, content_dir=REPO / "recipes", time_speed=0.0, rooms=("room-1",),
                    room_settings={"paper_model": True})
    state = host.rooms["room-1"].state
    assert consequences_mode(state) == "paper" and check_invariants(state) == []
    host.instruct("room-1", {"type": "set_room_settings", "paper_model": False})
    assert consequences_mode(host.rooms["room-1"].state) == "realistic"
    host.reset_room("room-1")
    assert consequences_mode(host.rooms["room-1"].state) == "paper"
    host.instruct("room-1", {"type": "set_room_settings", "paper_model": False})
    host.close()
    again = SoloHost(db, content_dir=REPO / "recipes", time_speed=0.0, rooms=("room-1",),
                     room_settings={"paper_model": True})
    assert consequences_mode(again.rooms["room-1"].state) == "realistic"
    again.close()
    plain = SoloHost(":memory:", content_dir=REPO / "recipes", time_speed=0.0)
    assert consequences_mode(plain.rooms[plain.default_room].state) == "realistic"
    plain.close()
