extends "res://tests/godot/lib/test_case.gd"
## Items the room does not draw (stock on the shelf, parts inside another item) must not catch
## pointer rays either: their bodies used to stay at the room's origin, where a click on the
## floor grabbed a shelf item and a teleport there failed.

const DryRoom = preload("res://scenes/dry_room/dry_room.tscn")

var room: Spatial


func before_each() -> void:
	reset_bridge()
	room = DryRoom.instance()
	room.xr_request = "none"
	add_child(room)
	feed({"t": "welcome", "protocol": 1, "user_id": "u1", "room": "solo"})
	feed({"t": "state", "version": 1, "items": {
		"jar-1": {"kind": "container", "location": "shelf"},
		"strip-1": {"kind": "slit_electrode", "location": "in:cell-1"},
		"cell-1": {"kind": "jelly_roll", "location": "bench"}}})


func test_hidden_items_are_not_hit() -> void:
	yield(physics_frames(2), "completed")
	var items: Spatial = room.get_node("Items")
	for item_id in ["jar-1", "strip-1"]:
		check(not items.get_view(item_id).visible, item_id + " hidden")
	var space := room.get_world().direct_space_state
	var hit := space.intersect_ray(Vector3(0, 1.6, 2), Vector3(0, -0.2, -0.1), [room.player],
			0x7fffffff, true, true)
	check(not hit.empty() and hit["collider"].is_in_group("teleport_floor"),
			"a ray at the floor by the origin hits the floor: %s" % str(hit.get("collider")))


func test_shown_again_when_taken() -> void:
	yield(frames(1), "completed")
	feed({"t": "patch", "base": 1, "version": 2, "ops": [
		{"op": "set", "path": ["items", "jar-1", "location"], "value": "bench"}]})
	yield(physics_frames(2), "completed")
	var jar: Spatial = room.get_node("Items").get_view("jar-1")
	check(jar.visible, "on the bench it is drawn")
	var space := room.get_world().direct_space_state
	var from := jar.global_transform.origin + Vector3(0, 1.0, 0.8)
	var hit := space.intersect_ray(from, jar.global_transform.origin + Vector3(0, 0.05, 0),
			[room.player], 0x7fffffff, true, true)
	check(not hit.empty() and hit["collider"].has_meta("interactable")
			and hit["collider"].get_meta("interactable") == jar,
			"and it can be clicked again")
