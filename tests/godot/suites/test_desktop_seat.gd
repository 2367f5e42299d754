extends "res://tests/godot/lib/test_case.gd"
## The flat seat does every step with simulated mouse and keyboard events: grab an item, put
## it into a machine slot, type a parameter, press Start, take from the shelf, teleport, drop.

const DryRoom = preload("res://scenes/dry_room/dry_room.tscn")

var room: Spatial
var seat: KinematicBody
var ids: Dictionary
var roll_id: String


func before_each() -> void:
	reset_bridge()
	room = DryRoom.instance()
	room.xr_request = "none"
	add_child(room)
	seat = room.player
	ids = load_fixture("session_index.json")
	roll_id = ids["bench_roll"]
	feed(load_fixture("session_full.json")[0])
	feed(_state("bench"))


## The runtime's session state with the local user empty-handed and Ben's coated roll at
## `roll_location`.
func _state(roll_location: String) -> Dictionary:
	var state: Dictionary = load_fixture("state_full.json")
	state["items"][ids["held_jar"]]["location"] = "shelf"
	state["items"][roll_id]["location"] = roll_location
	return state


func _aim_and_click(point: Vector3) -> void:
	seat.look_at_point(point)
	yield(physics_frames(2), "completed")
	for pressed in [true, false]:
		var click := InputEventMouseButton.new()
		click.button_index = BUTTON_LEFT
		click.pressed = pressed
		click.position = Vector2(640, 360)
		Input.parse_input_event(click)
		yield(physics_frames(2), "completed")


func _key(scancode: int) -> void:
	var key := InputEventKey.new()
	key.pressed = true
	key.scancode = scancode
	Input.parse_input_event(key)
	yield(physics_frames(2), "completed")


func test_seat_is_used_without_headset() -> void:
	check(seat.is_in_group("local_player"), "desktop seat is the local player")
	check_eq(room.xr_interface, null, "no ARVR interface")
	check(seat.get_node("Head/Camera").current, "seat camera is current")


func test_grab_place_type_and_start() -> void:
	yield(frames(2), "completed")
	var roll: Spatial = room.get_node("Items").get_view(roll_id)
	check(roll != null and roll.visible, "roll on the bench")
	seat.teleport_to(roll.global_transform.origin + Vector3(0, -0.9, 1.2))
	yield(_aim_and_click(roll.global_transform.origin + Vector3(0, 0.07, 0)), "completed")
	check_eq(last_intent(), {"type": "grab", "args": {"item": roll_id, "hand": "right"}}, "grab")
	feed(_state("hand:u1:right"))
	yield(frames(1), "completed")
	check_eq(seat.interactor.held_item_id(), roll_id, "held after the runtime said so")
	var calender: Spatial = bridge().get_machine("calender")
	var slot: Spatial = calender.get_slot("roll")
	seat.teleport_to(slot.global_transform.origin + Vector3(0, -slot.global_transform.origin.y, 1.0))
	yield(_aim_and_click(slot.global_transform.origin + Vector3(0, 0.02, 0)), "completed")
	check_eq(last_intent(), {"type": "place_in_slot", "args": {"machine": "calender",
			"slot": "roll"}}, "put into the slot what it takes")
	feed(_state("slot:calender:roll"))
	seat.teleport_to(Vector3(5.6, 0.0, 1.4))
	yield(frames(2), "completed")
	var ui: Control = calender.screen_ui
	var panel: Spatial = calender.screen
	var value_button: Control = ui.param_row("roll_gap_um").get_node("Value")
	yield(_aim_and_click(panel.global_point_of(value_button)), "completed")
	check(ui.is_editing(), "clicking the value opens entry")
	check(seat.is_typing(), "keyboard goes to the screen")
	yield(type_keys("120\n"), "completed")
	check_eq(last_intent(), {"type": "set_param", "args": {"machine": "calender",
			"name": "roll_gap_um", "value": 120.0}}, "typed value")
	yield(_aim_and_click(panel.global_point_of(ui.get_start_button())), "completed")
	check_eq(last_intent(), {"type": "start_machine", "args": {"machine": "calender"}}, "start")


func test_take_from_shelf_teleport_and_drop() -> void:
	yield(frames(2), "completed")
	var shelves: Spatial = room.get_node("Shelves")
	var target: Node = shelves.container_target("NMC622")
	check(target != null, "NMC622 on the shelf")
	var jar: Spatial = target.get_parent()
	seat.teleport_to(Vector3(-6.8, 0.0, -3.6))
	yield(_aim_and_click(jar.global_transform.origin + Vector3(0, 0.1, 0)), "completed")
	check_eq(last_intent(), {"type": "take_from_shelf", "args": {"material": "NMC622",
			"hand": "right"}}, "take from shelf")
	var spot := Vector3(-4.0, 0.0, 1.0)
	seat.look_at_point(spot)
	yield(_key(KEY_T), "completed")
	var feet: Vector3 = seat.global_transform.origin
	check(Vector2(feet.x, feet.z).distance_to(Vector2(spot.x, spot.z)) < 0.05,
			"teleported: %s" % feet)
	feed(_state("hand:u1:right"))
	seat.look_at_point(Vector3(-4.0, 0.0, 0.0))
	yield(_key(KEY_Q), "completed")
	var intent := last_intent()
	check_eq(intent.get("type"), "release", "Q puts the item down")
	check_eq(intent.get("args", {}).get("item"), roll_id, "the held item")
	var p: Array = intent.get("args", {}).get("position", [0, 0, 0])
	var down := Vector3(p[0], p[1], p[2])
	feet = seat.global_transform.origin
	check(Vector2(down.x, down.z).distance_to(Vector2(feet.x, feet.z)) < 1.0,
			"put down where the student stands: %s (feet %s)" % [down, feet])


func test_inspect_expands_label() -> void:
	yield(frames(2), "completed")
	var roll: Spatial = room.get_node("Items").get_view(roll_id)
	seat.teleport_to(roll.global_transform.origin + Vector3(0, -0.9, 1.2))
	seat.look_at_point(roll.global_transform.origin + Vector3(0, 0.07, 0))
	yield(physics_frames(2), "completed")
	var click := InputEventMouseButton.new()
	click.button_index = BUTTON_RIGHT
	click.pressed = true
	Input.parse_input_event(click)
	yield(physics_frames(2), "completed")
	check(roll.expanded, "right click expands the label")
	check(roll.get_lines_text().find("coating on coater") >= 0, "history shown")
