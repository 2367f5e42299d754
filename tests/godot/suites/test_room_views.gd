extends "res://tests/godot/lib/test_case.gd"
## Items with labels, notebooks, Easter eggs and other users appear where the state says.

const DryRoom = preload("res://scenes/dry_room/dry_room.tscn")

var room: Spatial


func before_each() -> void:
	reset_bridge()
	room = DryRoom.instance()
	room.xr_request = "none"
	add_child(room)
	room.load_state_file("res://tests/godot/fixtures/session_full.json")


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
	var pot: Spatial = items.get_view("pot_1")
	var slot: Spatial = bridge().get_machine("mixer_1").get_slot("pot")
	check(pot.global_transform.origin.distance_to(slot.anchor().origin) < 0.01, "pot in mixer")
	check(not items.get_view("li_01").visible, "shelf stock is not drawn twice")
	var jar: Spatial = items.get_view("jar_nmp")
	var hold: Transform = room.player.hold_transform("right")
	check(jar.global_transform.origin.distance_to(hold.origin) < 0.01, "held item in hand")
	var roll: Spatial = items.get_view("roll_1")
	check(roll.visible and roll.global_transform.origin.y > 0.8, "bench item on the bench")


func test_label_expands_to_history() -> void:
	var pot: Spatial = room.get_node("Items").get_view("pot_1")
	check_eq(pot.get_title_text(), "Slurry · NMC622", "title")
	check_eq(pot.get_lines_text(), "", "folded")
	pot.on_inspect(null)
	check(pot.get_lines_text().find("Powder dispenser") >= 0, "history lines")


func test_notebooks_and_eggs() -> void:
	var books: Array = room.get_node("Notebooks").notebooks
	check_eq(books.size(), 5, "five notebooks")
	check_eq(books[0].get_title(), "1 · Welcome to the dry room", "title")
	check(books[2].get_text().find("Comma gap") >= 0, "text")
	var eggs: Dictionary = room.get_node("EasterEggs").eggs
	check_eq(eggs.size(), 2, "two eggs")
	var found: Spatial = eggs["goodenough"]
	check(found.translation.distance_to(Vector3(6.9, 1.15, 4.3)) < 0.001, "egg placed")
	check(found.get_node("Message").visible, "found egg shows its message")
	check(not eggs["graduation"].get_node("Message").visible, "hidden egg stays hidden")


func test_other_users_and_hand_to() -> void:
	var avatars: Dictionary = room.get_node("Avatars").avatars
	check(avatars.has("u2") and avatars.has("u3"), "other users shown")
	check(not avatars.has("u1"), "not ourselves")
	var target: Node = room.get_node("Avatars").avatar_target("u2")
	target.on_primary(room.player.interactor, Vector3())
	check_eq(last_intent(), {"type": "hand_to", "args": {"item": "jar_nmp", "to": "u2"}},
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
	state["items"]["jar_nmp"]["location"] = "floor"
	state["items"]["jar_nmp"]["at"] = [1.5, 0.0, 2.0]
	state["items"]["roll_1"]["at"] = [-2.0, 0.9, 1.0]
	items.show_state(state)
	var jar: Spatial = items.get_view("jar_nmp")
	check(jar.visible, "an item on the floor is shown")
	check(jar.global_transform.origin.distance_to(Vector3(1.5, 0.0, 2.0)) < 0.001, "on the floor")
	var roll: Spatial = items.get_view("roll_1")
	check(roll.global_transform.origin.distance_to(Vector3(-2.0, 0.9, 1.0)) < 0.001,
			"on the bench where it was put")
