"""The runtime over a real WebSocket on 127.0.0.1: hello/bind, rooms, intents, patches, pings."""

from __future__ import annotations

import asyncio
import json

from runtime_helpers import REPO, Seat, async_test, dry_room_bindings, running

from battery_model import evaluate_cell
from scripts_py.machines import LAYOUT
from scripts_py.recipes.driver import Student, run_step
from scripts_py.recipes.load import load_recipe
from scripts_py.runtime.host import SoloHost
from scripts_py.runtime.play import start_runtime
from scripts_py.runtime.server import Runtime
from scripts_py.sim.pacing import WallClockPacer


@async_test
async def test_hello_binds_every_machine_and_sends_the_room() -> None:
    async with running() as (_, url), Seat.connect(url) as seat:
        welcome = await seat.hello()
        assert welcome["protocol"] == 1 and welcome["room"] == "solo"
        assert welcome["user_id"] == seat.user_id != ""
        bound = {b["id"]: b for b in welcome["bindings"]}
        assert set(bound) == {mid for mid, _ in LAYOUT}
        assert all(b["ok"] for b in bound.values())
        assert bound["mixer_2"]["module"] == "scripts_py.machines.mixer"
        assert seat.state is not None and set(seat.state["machines"]) == set(bound)
        assert seat.state["users"][seat.user_id]["name"] == "Ada"
        assert seat.state["users"][seat.user_id]["avatar"] == "lab_green"


@async_test
async def test_unknown_or_mismatched_py_script_is_reported_and_left_unbound() -> None:
    machines = [
        {"id": "coater", "py_script": "res://scripts_py/machines/coater.py",
         "node_path": "/root/DryRoom/Machines/Coater"},
        {"id": "mixer_1", "py_script": "res://scripts_py/machines/blender.py",
         "node_path": "/root/DryRoom/Machines/Mixer1"},
        {"id": "calender", "py_script": "res://scripts_py/machines/winder.py",
         "node_path": "/root/DryRoom/Machines/Calender"},
        {"id": "oven", "py_script": "res://scripts_py/machines/coater.py"},
        {"id": "evil", "py_script": "res://../../etc/passwd.py"},
    ]
    async with running() as (_, url), Seat.connect(url) as seat:
        welcome = await seat.hello(machines=machines)
        errors = [m for m in seat.received if m["t"] == "error"]
        codes = {e["machine"]: e["code"] for e in errors}
        assert codes == {"mixer_1": "unknown_py_script", "calender": "binding_mismatch",
                         "oven": "binding_mismatch", "evil": "unknown_py_script"}
        text = {e["machine"]: e["message"] for e in errors}
        assert "/root/DryRoom/Machines/Mixer1" in text["mixer_1"]
        assert "scripts_py.machines.blender" in text["mixer_1"]
        assert "calender" in text["calender"] and "winder.py" in text["calender"]
        ok = {b["id"]: b["ok"] for b in welcome["bindings"]}
        assert ok == {"coater": True, "mixer_1": False, "calender": False, "oven": False,
                      "evil": False}
        # the seat is still served: the room state arrives and intents work
        await seat.ok("take_from_shelf", material="NMC622", hand="right")


@async_test
async def test_bind_after_a_home_screen_hello_joins_the_solo_room() -> None:
    async with running() as (_, url), Seat.connect(url) as seat:
        welcome = await seat.hello(scene="", machines=[])
        assert welcome["room"] == "" and seat.state is None
        await seat.send({"t": "bind", "machines": dry_room_bindings()})
        await seat.until(lambda m: m["t"] == "state")
        assert seat.user_id in seat.state["users"]


@async_test
async def test_home_screen_lists_rooms_and_joins() -> None:
    async with running() as (_, url), Seat.connect(url) as seat, Seat.connect(url) as other:
        await seat.hello(scene="", machines=[])
        await seat.send({"t": "list_rooms", "server": ""})
        rooms = (await seat.until(lambda m: m["t"] == "rooms"))["rooms"]
        assert rooms == [{"id": "solo", "name": "Solo room (this PC)", "users": 0,
                          "max_users": 6}]
        await seat.send({"t": "list_rooms", "server": "lecture-pc:9000"})
        error = await seat.until(lambda m: m["t"] == "error")
        assert error["code"] == "host_unreachable" and "lecture-pc:9000" in error["message"]
        await seat.send({"t": "join", "room": "solo", "name": "Ben", "avatar": "lab_orange",
                         "server": ""})
        joined = await seat.until(lambda m: m["t"] == "joined")
        assert joined["room"] == "solo" and joined["user_id"] == seat.user_id
        await seat.until(lambda m: m["t"] == "state")
        assert seat.state["users"][seat.user_id] == {"name": "Ben", "role": "student",
                                                     "avatar": "lab_orange"}
        await other.hello(scene="", machines=[])
        await other.send({"t": "list_rooms", "server": ""})
        assert (await other.until(lambda m: m["t"] == "rooms"))["rooms"][0]["users"] == 1
        await seat.send({"t": "join", "room": "attic", "name": "Ben", "server": ""})
        error = await seat.until(lambda m: m["t"] == "error")
        assert error["code"] == "no_such_room"


@async_test
async def test_each_godot_intent_maps_to_its_reducer_intent() -> None:
    async with running() as (runtime, url), Seat.connect(url) as ada, \
            Seat.connect(url) as ben:
        await ada.hello()
        await ben.hello(name="Ben")
        me = ada.user_id
        await ada.ok("take_from_shelf", material="NMC622", hand="right")
        assert ada.item("jar-NMC622")["location"] == f"hand:{me}:right"
        await ada.ok("place_in_slot", item="jar-NMC622", machine="powder_dispenser",
                     slot="active")
        assert ada.machine("powder_dispenser")["slots"]["active"] == "jar-NMC622"
        assert ada.item("jar-NMC622")["location"] == "slot:powder_dispenser:active"
        await ada.ok("grab", item="jar-NMC622", hand="left")
        assert ada.item("jar-NMC622")["location"] == f"hand:{me}:left"
        await ada.ok("release", item="jar-NMC622", hand="left", position=[1.0, 0.9, 2.0])
        assert ada.item("jar-NMC622")["location"] == "bench"
        await ada.ok("take_from_shelf", material="mixing_pot", hand="right")
        pot = next(i for i, v in ada.state["items"].items()
                   if v["location"] == f"hand:{me}:right")
        assert ada.item(pot)["kind"] == "empty_pot"
        await ada.ok("hand_to", item=pot, to=ben.user_id)
        assert ada.item(pot)["location"] == f"hand:{ben.user_id}:left"  # first free hand
        await ada.ok("set_param", machine="premixer", name="time_min", value=12.0)
        assert ada.machine("premixer")["params"]["time_min"] == 12
        await ada.ok("set_param", machine="coater", name="side", value="B")
        assert ada.machine("coater")["params"]["side"] == "B"
        await ada.ok("skip_time", seconds=3600.0)
        assert ada.state["sim_time_s"] == 3600.0
        await ada.ok("find_egg", egg="makers")
        egg = next(e for e in ada.state["easter_eggs"] if e["id"] == "makers")
        assert egg["found"] and egg["found_by"] == me
        # and the other seat saw every change through its own patches
        await ben.until(lambda m: m["t"] == "patch" and m["version"] == ada.version)
        assert ben.state == ada.state
        room_state = runtime.host.room("solo").state
        assert room_state["items"][pot]["location"] == f"hand:{ben.user_id}:left"


@async_test
async def test_start_machine_runs_and_time_finishes_it() -> None:
    async with running() as (_, url), Seat.connect(url) as seat:
        await seat.hello()
        for material, slot in (("NMC622", "active"), ("carbon_black", "additive"),
                               ("PVDF", "binder"), ("mixing_pot", "pot")):
            await seat.ok("take_from_shelf", material=material, hand="right")
            held = next(i for i, v in seat.state["items"].items()
                        if v["location"] == f"hand:{seat.user_id}:right")
            await seat.ok("place_in_slot", item=held, machine="powder_dispenser", slot=slot)
        for name, value in (("dry_mass_g", 17.0), ("active_wt_pct", 94.0),
                            ("additive_wt_pct", 3.0), ("binder_wt_pct", 3.0)):
            await seat.ok("set_param", machine="powder_dispenser", name=name, value=value)
        await seat.ok("start_machine", machine="powder_dispenser")
        m = seat.machine("powder_dispenser")
        assert m["status"] == "running" and m["remaining_s"] == m["duration_s"] > 0
        await seat.ok("skip_time", seconds=1200)
        m = seat.machine("powder_dispenser")
        assert m["status"] == "done" and m["remaining_s"] == 0
        pot = m["slots"]["pot"]
        assert seat.item(pot)["kind"] == "powders"
        lines = seat.item(pot)["label"]["lines"]
        assert any("dispensing on powder dispenser" in line for line in lines), lines
        assert seat.item(pot)["label"]["title"] == "NMC622 powders"
        assert seat.item(pot)["name"] == "NMC622 powders"
        assert lines[0] == "Mixing pot with powders"


@async_test
async def test_rejections_carry_the_reason_and_change_nothing() -> None:
    async with running() as (_, url), Seat.connect(url) as seat:
        await seat.send({"t": "intent", "id": 1, "type": "grab", "args": {"item": "x"},
                         "version": -1})
        early = await seat.until(lambda m: m["t"] == "rejected")
        assert early["code"] == "not_joined"
        await seat.hello()
        before = seat.version
        cases = [
            (("grab", {"item": "nope", "hand": "right"}), "no_such_item"),
            (("dance", {}), "unknown_intent"),
            (("grab", {"hand": "right"}), "malformed"),
            (("set_param", {"machine": "coater", "name": "comma_gap_um", "value": 5000}),
             "param_out_of_range"),
            (("set_param", {"machine": "coater", "name": "colour", "value": 1}),
             "unknown_param"),
            (("start_machine", {"machine": "welder"}), "slot_empty"),
            (("start_machine", {"machine": "potentiostat"}), "slot_empty"),
            (("take_from_shelf", {"material": "unobtainium"}), "no_such_material"),
            (("skip_time", {"seconds": -5}), "malformed"),
            (("hand_to", {"item": "jar-NMC622", "to": "u99"}), "not_holding"),
            (("find_egg", {"egg": "nowhere"}), "no_such_egg"),
        ]
        for (kind, args), code in cases:
            answer = await seat.intent(kind, **args)
            assert answer["t"] == "rejected", (kind, answer)
            assert answer["code"] == code, (kind, answer)
            assert answer["type"] == kind and answer["args"] == args and answer["reason"]
        await seat.ok("take_from_shelf", material="NMC622", hand="right")
        again = await seat.intent("take_from_shelf", material="NMC622", hand="left")
        assert again["code"] == "not_on_shelf" and "hand" in again["reason"]
        assert seat.version == before + 1


@async_test
async def test_stale_intent_is_rejected() -> None:
    async with running() as (_, url), Seat.connect(url) as ada, Seat.connect(url) as ben:
        await ada.hello()
        await ben.hello(name="Ben")
        seen = ben.version
        await ada.ok("take_from_shelf", material="NMC622", hand="right")
        await ada.ok("release", item="jar-NMC622", hand="right")
        await ben.send({"t": "intent", "id": 1, "type": "grab",
                        "args": {"item": "jar-NMC622"}, "version": seen})
        answer = await ben.until(lambda m: m["t"] in ("ack", "rejected"))
        assert answer["t"] == "rejected" and answer["code"] == "stale"


@async_test
async def test_patches_applied_to_the_first_state_equal_a_fresh_state() -> None:
    async with running() as (_, url), Seat.connect(url) as seat:
        await seat.hello()
        first = dict(seat.state)
        await seat.ok("take_from_shelf", material="mixing_pot", hand="right")
        pot = next(i for i, v in seat.state["items"].items() if v["location"].startswith("hand"))
        await seat.ok("place_in_slot", item=pot, machine="powder_dispenser", slot="pot")
        for material, slot in (("NMC622", "active"), ("carbon_black", "additive"),
                               ("PVDF", "binder")):
            await seat.ok("take_from_shelf", material=material)
            await seat.ok("place_in_slot", item=f"jar-{material}", machine="powder_dispenser",
                          slot=slot)
        await seat.ok("set_param", machine="powder_dispenser", name="active_wt_pct", value=90)
        await seat.ok("start_machine", machine="powder_dispenser")
        await seat.ok("skip_time", seconds=1200)
        await seat.ok("grab", item=pot)
        await seat.ok("release", item=pot, hand="right")
        await seat.ok("set_param", machine="potentiostat", name="test_c_rate", value=0.5)
        await seat.ok("find_egg", egg="goodenough")
        patches = [m for m in seat.received if m["t"] == "patch"]
        assert len(patches) >= 12 and all(m["ops"] for m in patches)
        assert seat.state != first
        mirrored = seat.state
        await seat.send({"t": "resync", "have": seat.version})
        fresh = await seat.until(lambda m: m["t"] == "state")
        assert {k: v for k, v in fresh.items() if k != "t"} == mirrored
        # a patch only names what changed
        grab = next(m for m in patches if any(op["path"][:2] == ["items", pot] and
                                              op["path"][-1] == "location" for op in m["ops"]))
        assert all(op["path"][0] in ("items", "machines", "users") for op in grab["ops"])
        assert len(json.dumps(grab)) < 2000


@async_test
async def test_potentiostat_main_screen_sets_and_starts_its_channels() -> None:
    async with running() as (runtime, url), Seat.connect(url) as seat:
        await seat.hello()
        await seat.ok("set_param", machine="potentiostat", name="test_c_rate", value=0.5)
        settings = runtime.host.room("solo").state["machines"]["potentiostat"]["settings"]
        assert {ch: s["test_c_rate"] for ch, s in settings.items()} == {
            str(i): 0.5 for i in range(1, 10)}
        assert seat.machine("potentiostat")["params"]["test_c_rate"] == 0.5
        formation = await seat.intent("set_param", machine="potentiostat",
                                      name="formation_cycles", value=2.0)
        assert formation["t"] == "ack"
        assert seat.machine("potentiostat")["params"]["formation_cycles"] == 2


@async_test
async def test_pings_both_ways() -> None:
    async with running() as (runtime, url), Seat.connect(url) as seat:
        await seat.hello()
        await seat.send({"t": "ping", "id": 7, "sent_ms": 123, "extra": [1, 2]})
        pong = await seat.until(lambda m: m["t"] == "pong")
        assert pong == {"t": "pong", "id": 7, "sent_ms": 123}  # only checked fields echo
        conn = next(iter(runtime.connections))

        async def answer_pings() -> None:
            msg = await seat.until(lambda m: m["t"] == "ping")
            await seat.send({**msg, "t": "pong"})

        answering = asyncio.ensure_future(answer_pings())
        rtt_ms = await runtime.ping(conn)
        await answering
        assert rtt_ms > 0


@async_test
async def test_bad_messages_get_an_error() -> None:
    async with running() as (_, url), Seat.connect(url) as seat:
        await seat.ws.send("{not json")
        assert (await seat.recv())["code"] == "bad_message"
        await seat.send({"t": "teleport_me"})
        assert (await seat.recv())["code"] == "unknown_message"
        await seat.send({"t": "__init__"})
        assert (await seat.recv())["code"] == "unknown_message"
        await seat.send({"t": "hello", "protocol": 2})
        error = await seat.recv()
        assert error["code"] == "protocol"
        await seat.ws.send(b"\x00\x01")  # binary frames are not read from seats
        assert (await seat.recv())["code"] == "bad_message"
        await seat.send({"t": "ping", "id": 1})
        assert (await seat.recv())["t"] == "pong"


@async_test
async def test_leaving_puts_held_items_on_the_bench() -> None:
    async with running() as (runtime, url), Seat.connect(url) as ben:
        await ben.hello(name="Ben")
        async with Seat.connect(url) as ada:
            await ada.hello()
            await ada.ok("take_from_shelf", material="NMP", hand="right")
            ada_id = ada.user_id
        await ben.until(lambda m: m["t"] == "patch" and ada_id not in ben.state["users"])
        assert ben.item("can-NMP")["location"] == "bench"
        assert runtime.host.room("solo").directory_entry()["users"] == 1


@async_test
async def test_the_home_screens_leave_and_join_again() -> None:
    async with running() as (runtime, url), Seat.connect(url) as ada:
        await ada.hello()
        await ada.ok("take_from_shelf", material="NMP", hand="right")
        await ada.send({"t": "leave"})
        await ada.send({"t": "list_rooms", "server": ""})
        rooms = await ada.until(lambda m: m["t"] == "rooms")
        assert rooms["rooms"][0]["users"] == 0
        assert runtime.host.room("solo").state["items"]["can-NMP"]["location"] == "bench"
        await ada.send({"t": "join", "room": "solo", "server": ""})
        joined = await ada.until(lambda m: m["t"] in ("joined", "error"))
        assert joined["t"] == "joined"
        await ada.until(lambda m: m["t"] == "state")
        assert list(ada.state["users"]) == [ada.user_id]


@async_test
async def test_poses_are_forwarded_to_the_others() -> None:
    async with running() as (_, url), Seat.connect(url) as ada, Seat.connect(url) as ben:
        await ada.hello()
        await ben.hello(name="Ben")
        head = [0.0, 1.6, 2.0, 0.0, 0.0, 0.0, 1.0]
        await ada.send({"t": "pose", "head": head, "left": head, "right": head})
        poses = await ben.until(lambda m: m["t"] == "poses")
        assert poses["users"] == {ada.user_id: {"head": head, "left": head, "right": head}}


@async_test
async def test_pacing_advances_the_clock_as_a_patch() -> None:
    now = [100.0]
    host = SoloHost(":memory:", content_dir=REPO / "recipes", time_speed=2.0)
    async with running(host) as (runtime, url), Seat.connect(url) as seat:
        await seat.hello()
        room = host.room("solo")
        room.pacer = WallClockPacer(2.0, wall=lambda: now[0])
        assert runtime.pace_once() == 0
        now[0] += 30.0
        assert runtime.pace_once() == 1
        patch = await seat.until(lambda m: m["t"] == "patch")
        assert patch["ops"] == [{"op": "set", "path": ["sim_time_s"], "value": 60.0}]
        assert room.state["clock"]["now_s"] == 60.0


def test_the_solo_room_survives_a_restart(tmp_path) -> None:
    db = tmp_path / "solo.sqlite3"

    async def first() -> str:
        host = SoloHost(db, content_dir=REPO / "recipes", time_speed=0.0)
        async with running(host) as (_, url), Seat.connect(url) as seat:
            await seat.hello()
            await seat.ok("take_from_shelf", material="NMC622", hand="right")
            await seat.ok("place_in_slot", item="jar-NMC622", machine="powder_dispenser",
                          slot="active")
            await seat.ok("take_from_shelf", material="PVDF", hand="right")
            await seat.ok("skip_time", seconds=3600)
            return seat.user_id

    async def second(old_user: str) -> None:
        host = SoloHost(db, content_dir=REPO / "recipes", time_speed=0.0)
        state = host.room("solo").state
        assert old_user not in state["users"]
        assert state["items"]["jar-NMC622"]["location"] == "slot:powder_dispenser:active"
        assert state["items"]["jar-PVDF"]["location"] == "bench"
        assert state["clock"]["now_s"] == 3600.0
        assert host.room("solo").store.replay_all() == state
        async with running(host) as (_, url), Seat.connect(url) as seat:
            await seat.hello()
            assert list(seat.state["users"]) == [seat.user_id]
            assert seat.state["sim_time_s"] == 3600.0
            await seat.ok("grab", item="jar-PVDF", hand="right")

    user = asyncio.run(first())
    asyncio.run(second(user))


def test_the_runtime_serves_the_recipe_cell_with_the_models_energy() -> None:
    """A cell built through the host's door shows evaluate_cell's Wh/kg and curves (no Godot)."""
    recipe = load_recipe(str(REPO / "recipes" / "lfp_li_half.yaml"))

    async def body() -> None:
        async with running() as (runtime, url), Seat.connect(url) as seat:
            await seat.hello()
            room = runtime.host.room("solo")
            student = Student(room.state, user=seat.user_id, join=False)

            def send(intent: dict, *, sender: str | None = None) -> list[dict]:
                full = {**intent, "sender": sender or seat.user_id,
                        "base_version": room.state["version"]}
                events = runtime.host.submit("solo", full)
                assert events[0]["type"] == "accepted", events
                student.state = room.state
                return events

            student.send = send  # type: ignore[method-assign]
            batches: dict[str, str] = {}
            for step in recipe.steps[:-1]:  # all but the deposit: the cell stays on channel 1
                run_step(student, step, batches)
            runtime.publish("solo", [])
            await seat.until(lambda m: m["t"] == "patch" and m["version"] == room.state[
                "version"])
            cell = batches["cell"]  # the driver put the tested cell on the bench: back it goes
            await seat.ok("grab", item=cell, hand="right")
            await seat.ok("place_in_slot", item=cell, machine="potentiostat", slot="1")
            channel = seat.state["potentiostat"]["slots"][0]
            want = evaluate_cell(recipe.spec, gcpl=True).to_dict()  # as `bmm evaluate --json`
            assert channel["energy_density_wh_kg"] == want["energy_density_wh_kg"]
            assert channel["capacity_mah"] == want["capacity_mah"]
            assert channel["gcpl"] == want["gcpl"]
            assert seat.machine("potentiostat")["status"] == "done"

    asyncio.run(body())


def test_runtime_accepts_a_custom_event_hook() -> None:
    seen: list[str] = []

    async def body() -> None:
        host = SoloHost(":memory:", content_dir=REPO / "recipes", time_speed=0.0)
        runtime = Runtime(host, on_events=lambda room, events, state: seen.extend(
            e["type"] for e in events))
        port = await runtime.start("127.0.0.1", 0)
        try:
            async with Seat.connect(f"ws://127.0.0.1:{port}") as seat:
                await seat.hello()
                await seat.ok("skip_time", seconds=1200)
        finally:
            await runtime.stop()
            host.close()

    asyncio.run(body())
    assert "joined" in seen and "time" in seen


@async_test
async def test_a_busy_port_falls_back_to_a_free_one() -> None:
    async with running() as (first, _):
        host = SoloHost(":memory:", content_dir=REPO / "recipes", time_speed=0.0)
        second = Runtime(host)
        try:
            port = await start_runtime(second, "127.0.0.1", first.port)
            assert port != first.port and port > 0
        finally:
            await second.stop()
            host.close()
