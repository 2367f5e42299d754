extends "res://tests/godot/lib/test_case.gd"
## Items with labels, notebooks, Easter eggs and other users appear where the state says.
## The state is the runtime's own (fixtures/make_fixtures.py); `ids` says which item is which.

const DryRoom = preload("res://scenes/dry_room/dry_room.tscn")

var room: Spatial
var ids: Dictionary


func before_each() -> void:
	reset_bridge()
	room = DryRoom.instance()
	room.xr_request = "none"
	add_child(room)
	room.load_state_file("res://tests/godot/fixtures/session_full.json")
	ids = load_fixture("session_index.json")


func test_every_machine_is_bound() -> void:
	var ids := ["powder_dispenser", "premixer", "solvent_filler", "mixer_1", "mixer_2", "coater",
			"calender", "slitter", "winder", "welder", "filler_sealer", "potentiostat",
			"deposit_station", "recycle_bin"]
	for machine_id in ids:
		var node: Node = bridge().get_machine(machine_id)
		check(node != null, machine_id + " registered")
		if node != null:
			check(node.py_script.begins_with("res://scripts_py/machines/"), machine_id + " script")
			var path: String = node.py_script.replace("res://", "")
			check(File.new().file_exists("res://" + path), "%s exists" % path)
	check_eq(bridge().machine_bindings().size(), ids.size(), "hello lists every machine")


func test_items_follow_locations() -> void:
	yield(frames(2), "completed")
	var items: Spatial = room.get_node("Items")
	var pot: Spatial = items.get_view(ids["mixing_pot"])
	var slot: Spatial = bridge().get_machine(ids["running_machine"]).get_slot("pot")
	check(pot.global_transform.origin.distance_to(slot.anchor().origin) < 0.01, "pot in mixer")
	check(not items.get_view(ids["shelf_li"]).visible, "shelf stock is not drawn twice")
	var jar: Spatial = items.get_view(ids["held_jar"])
	var hold: Transform = room.player.hold_transform("right")
	check(jar.global_transform.origin.distance_to(hold.origin) < 0.01,
			"held item in hand: %s vs %s" % [jar.global_transform.origin, hold.origin])
	var roll: Spatial = items.get_view(ids["bench_roll"])
	check(roll.visible and roll.global_transform.origin.y > 0.8, "bench item on the bench")
	var cell: Spatial = items.get_view(ids["tested_cell"])
	var channel: Spatial = bridge().get_machine("potentiostat").get_slot("1")
	check(cell.global_transform.origin.distance_to(channel.anchor().origin) < 0.01,
			"tested cell on its channel")


func test_items_have_readable_names() -> void:
	var items: Spatial = room.get_node("Items")
	check_eq(items.get_view(ids["tested_cell"]).get_title_text(), "Cell #1 (Ada), tested",
			"a cell is named by number and builder")
	check_eq(items.get_view(ids["mixing_pot"]).get_title_text(), "NMC622 slurry (not mixed yet)",
			"a pot says what is in it")
	check_eq(items.get_view(ids["held_jar"]).get_name_text(), "NMP", "a container its material")
	for view in items.views.values():
		check(view.get_title_text().find(view.item_id) < 0,
				"%s: no id in its title %s" % [view.item_id, view.get_title_text()])


func test_label_expands_to_history() -> void:
	var pot: Spatial = room.get_node("Items").get_view(ids["mixing_pot"])
	check_eq(pot.get_lines_text(), "", "folded")
	pot.on_inspect(null)
	check(pot.get_lines_text().find("dispensing on powder dispenser") >= 0,
			"history lines: " + pot.get_lines_text())


func test_notebooks_and_eggs() -> void:
	var books: Array = room.get_node("Notebooks").notebooks
	check_eq(books.size(), 5, "five notebooks")
	check_eq(books[0].get_title(), "1 · Welcome to the dry room", "title")
	var eggs: Dictionary = room.get_node("EasterEggs").eggs
	var state_eggs: Array = bridge().state["easter_eggs"]
	check_eq(eggs.size(), state_eggs.size(), "every egg of the state")
	var found: Spatial = eggs[ids["found_egg"]]
	for egg in state_eggs:
		if egg["id"] == ids["found_egg"]:
			var at := Vector3(egg["position"][0], egg["position"][1], egg["position"][2])
			check(found.translation.distance_to(at) < 0.001, "egg placed")
	check(found.get_node("Message").visible, "found egg shows its message")
	check(not eggs[ids["hidden_egg"]].get_node("Message").visible, "hidden egg stays hidden")


func test_other_users_and_hand_to() -> void:
	var avatars: Dictionary = room.get_node("Avatars").avatars
	check(avatars.has(ids["other_user"]) and avatars.has(ids["instructor"]), "other users shown")
	check(not avatars.has(ids["local_user"]), "not ourselves")
	var target: Node = room.get_node("Avatars").avatar_target(ids["other_user"])
	check_eq(target.pointer_info().get("title"), "Ben", "the avatar is named")
	target.on_primary(room.player.interactor, Vector3())
	check_eq(last_intent(), {"type": "hand_to", "args": {"item": ids["held_jar"], "to": "u2"}},
			"hand the held jar to Ben")


func test_remote_avatar_follows_poses_smoothly() -> void:
	var layer: Spatial = room.get_node("Avatars")
	var head := [2.0, 1.7, -1.0, 0.0, 0.0, 0.0, 1.0]
	var right := [2.3, 1.1, -1.3, 0.0, 0.0, 0.0, 1.0]
	layer.show_poses({"u2": {"head": head, "left": [1.7, 1.1, -1.3, 0, 0, 0, 1], "right": right}})
	var hand: Spatial = layer.avatars["u2"].get_node("Right")
	var start: Vector3 = hand.global_transform.origin
	yield(frames(1), "completed")
	var goal := Vector3(2.3, 1.1, -1.3)
	var halfway: Vector3 = hand.global_transform.origin
	check(halfway.distance_to(goal) < start.distance_to(goal), "the hand moves towards its pose")
	yield(frames(40), "completed")
	check(halfway.distance_to(goal) > 0.001, "not a jump: smoothed")
	var xf = layer.hand_transform("u2", "right")
	check(xf.origin.distance_to(goal) < 0.02, "hand at its pose: %s" % str(xf.origin))
	var head_node: Spatial = layer.avatars["u2"].get_node("Head")
	check(head_node.global_transform.origin.distance_to(Vector3(2.0, 1.7, -1.0)) < 0.02, "head")


func test_items_rest_where_they_were_put_down() -> void:
	var items: Spatial = room.get_node("Items")
	var state: Dictionary = bridge().state.duplicate(true)
	state["items"][ids["held_jar"]]["location"] = "floor"
	state["items"][ids["held_jar"]]["at"] = [1.5, 0.0, 2.0]
	state["items"][ids["bench_roll"]]["at"] = [-2.0, 0.9, 1.0]
	items.show_state(state)
	var jar: Spatial = items.get_view(ids["held_jar"])
	check(jar.visible, "an item on the floor is shown")
	check(jar.global_transform.origin.distance_to(Vector3(1.5, 0.0, 2.0)) < 0.001, "on the floor")
	var roll: Spatial = items.get_view(ids["bench_roll"])
	check(roll.global_transform.origin.distance_to(Vector3(-2.0, 0.9, 1.0)) < 0.001,
			"on the bench where it was put")
