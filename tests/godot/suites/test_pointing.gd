extends "res://tests/godot/lib/test_case.gd"
## Pointing: a ray at a thing takes that thing (never its neighbour), the HUD names it, it
## lights up, both hands are used, the shelf takes back what came from it, and every clickable
## thing follows the Interactable contract. The room state is the runtime's own fixture.

const DryRoom = preload("res://scenes/dry_room/dry_room.tscn")
const Interactable = preload("res://scenes/common/interactable.gd")
const PhysicsLayers = preload("res://scenes/common/physics_layers.gd")
## Where a student stands in front of the shelves [m] (1.3 m from the boards).
const SHELF_STAND_Z_M = 1.3

var room: Spatial
var seat: KinematicBody
var ids: Dictionary


func before_each() -> void:
	reset_bridge()
	room = DryRoom.instance()
	room.xr_request = "none"
	add_child(room)
	seat = room.player
	ids = load_fixture("session_index.json")
	room.load_state_file("res://tests/godot/fixtures/session_full.json")


func after_each() -> void:
	room.queue_free()


## Aims the seat from `stand` (feet) at `point`, waits for the ray; returns the target.
func _aim(stand: Vector3, point: Vector3) -> Object:
	seat.teleport_to(stand)
	seat.look_at_point(point)
	yield(physics_frames(3), "completed")
	return seat.interactor.target


func test_a_ray_at_each_shelf_container_takes_that_container() -> void:
	_alone()
	var shelves: Spatial = room.get_node("Shelves")
	var wrong := []
	for entry in shelves.containers:
		var centre: Vector3 = entry["target"]._hulls[0].global_transform.origin
		for side in [-0.6, 0.0, 0.6]:  # straight on and from either side
			var stand := centre + Vector3(side, -centre.y, SHELF_STAND_Z_M)
			stand.x = clamp(stand.x, -8.6, 8.6)  # inside the room
			var got = yield(_aim(stand, centre), "completed")
			if got != entry["target"]:
				wrong.append("%s from x%+.1f took %s" % [entry["material"], side,
						got.pointer_info().get("title", "?") if got != null else "nothing"])
	check(wrong.empty(), "every container takes itself: " + str(wrong))


func test_shelf_labels_do_not_overlap() -> void:
	var shelves: Spatial = room.get_node("Shelves")
	var boxes := []
	for entry in shelves.containers:
		var plate: Spatial = entry["label"]
		var half_w: float = plate.size_m.x / 2.0
		var x: float = plate.global_transform.origin.x
		boxes.append([x - half_w, x + half_w, plate.global_transform.origin.y, entry["material"]])
	var overlaps := []
	for a in boxes:
		for b in boxes:
			if a[3] < b[3] and abs(a[2] - b[2]) < 0.05 and a[0] < b[1] and b[0] < a[1]:
				overlaps.append("%s/%s" % [a[3], b[3]])
	check(overlaps.empty(), "shelf labels overlap: " + str(overlaps))


## The local user alone in the room (other users and what they hold stand in no ray's way).
func _alone() -> void:
	var state: Dictionary = load_fixture("state_full.json")
	for user in state["users"].keys():
		if user != "u1":
			state["users"].erase(user)
	for item in state["items"].values():
		if item["location"].begins_with("hand:") and not item["location"].begins_with("hand:u1:"):
			item["location"] = "shelf"
	feed(state)


func test_a_ray_at_each_slot_pad_takes_that_pad() -> void:
	_alone()
	var wrong := []
	for machine_id in ["powder_dispenser", "winder", "filler_sealer", "coater", "potentiostat"]:
		var machine: Spatial = bridge().get_machine(machine_id)
		for slot_name in machine.slots:
			var pad: Spatial = machine.slots[slot_name]
			if pad.item_id != "":
				continue  # an item lies on it: the item is the target
			var centre: Vector3 = pad.global_transform.origin
			var front: Vector3 = machine.global_transform.basis.z.normalized()
			var stand := centre + front * 1.2
			stand.y = 0.0
			var got = yield(_aim(stand, centre + Vector3(0, 0.01, 0)), "completed")
			if got != pad:
				var hit: Dictionary = seat.interactor.hit
				wrong.append("%s/%s took %s (hit %s at %s from %s)" % [machine_id, slot_name,
						got.pointer_info().get("title", "?") if got != null else "nothing",
						hit.get("collider").get_path() if hit.get("collider") else null, hit.get("position"), stand])
			var above = yield(_aim(stand, centre + Vector3(0, 0.15, 0)), "completed")
			if above == pad:
				wrong.append("%s/%s is hit 15 cm above its pad" % [machine_id, slot_name])
	check(wrong.empty(), "every pad takes itself, only itself: " + str(wrong))


func test_the_hud_names_what_the_crosshair_is_on_and_it_lights_up() -> void:
	var target: Node = room.get_node("Shelves").container_target("NMC622")
	var centre: Vector3 = target.get_parent().global_transform.origin + Vector3(0, 0.1, 0)
	var got = yield(_aim(centre + Vector3(0, -centre.y, SHELF_STAND_Z_M), centre), "completed")
	check(got == target, "aimed at NMC622")
	yield(physics_frames(1), "completed")
	check_eq(seat.hud.get_target_text(), "NMC622", "the HUD names the container")
	check(target._hulls[0].visible, "the container lights up")
	var pad: Spatial = bridge().get_machine("powder_dispenser").get_slot("active")
	var info: Dictionary = pad.pointer_info()
	check(info.get("title", "").find("Powder dispenser") >= 0, "slot title: " + str(info))
	check(info.get("detail", "").find("active material") >= 0, "what it takes: " + str(info))
	got = yield(_aim(Vector3(0, 0, 3.8), Vector3(0, 0.0, 2.0)), "completed")
	check(not target._hulls[0].visible, "the highlight goes when the crosshair leaves")


func test_both_hands_and_put_back_on_the_shelf() -> void:
	# the fixture's local user holds the NMP can in the right hand
	var shelves: Spatial = room.get_node("Shelves")
	var nmc: Node = shelves.container_target("NMC622")
	nmc.on_primary(seat.interactor, Vector3())
	check_eq(last_intent(), {"type": "take_from_shelf", "args": {"material": "NMC622",
			"hand": "left"}}, "the free left hand takes the second container")
	var nmp: Node = shelves.container_target("NMP")
	nmp.on_primary(seat.interactor, Vector3())
	check_eq(last_intent(), {"type": "put_on_shelf", "args": {"item": ids["held_jar"]}},
			"clicking its own container puts the held can back")
	var board: Node = shelves.get_node("ShelfBoard") if shelves.has_node("ShelfBoard") else null
	for child in shelves.get_children():
		if child.has_method("interact_role") and child.interact_role() == "shelf" \
				and not child.get("material"):
			board = child
	check(board != null, "the shelf boards are a target")
	if board != null:
		board.on_primary(seat.interactor, Vector3())
		check_eq(last_intent(), {"type": "put_on_shelf", "args": {"item": ids["held_jar"]}},
				"clicking the shelf puts it back")


func test_a_slot_gets_what_it_takes_and_a_full_hand_is_said() -> void:
	var pad: Spatial = bridge().get_machine("solvent_filler").get_slot("solvent")
	pad.on_primary(seat.interactor, Vector3())
	check_eq(last_intent(), {"type": "place_in_slot", "args": {"machine": "solvent_filler",
			"slot": "solvent"}}, "the runtime picks the held item the slot takes")
	var state: Dictionary = load_fixture("state_full.json")
	state["items"][ids["shelf_pot"]]["location"] = "hand:u1:left"
	feed(state)
	var said := []
	seat.interactor.connect("notice", self, "_collect", [said])
	room.get_node("Shelves").container_target("PVDF").on_primary(seat.interactor, Vector3())
	check(said.size() == 1 and said[0].find("hands are full") >= 0, "told: %s" % str(said))
	yield(physics_frames(2), "completed")
	check(seat.hud.get_hands_text().find("Right hand: NMP") >= 0, seat.hud.get_hands_text())
	check(seat.hud.get_hands_text().find("Left hand: Empty mixing pot") >= 0,
			seat.hud.get_hands_text())


func _collect(text: String, into: Array) -> void:
	into.append(text)


func test_every_clickable_thing_follows_the_contract_and_the_named_layers() -> void:
	var broken := []
	var count := 0
	for body in _bodies(room):
		if not body.has_meta(Interactable.META):
			continue
		count += 1
		var target = body.get_meta(Interactable.META)
		var why := Interactable.problem(target)
		if why != "":
			broken.append(why)
		var layer: int = body.collision_layer
		var named := [PhysicsLayers.WORLD, PhysicsLayers.UI, PhysicsLayers.ITEMS,
				PhysicsLayers.SLOTS, PhysicsLayers.THINGS]
		var known := false
		for n in named:
			known = known or layer == PhysicsLayers.bit(n) or layer == 0
		if not known:
			broken.append("%s on layer bits %d" % [body.get_path(), layer])
	check(count > 60, "the room has its clickable things (%d)" % count)
	check(broken.empty(), "contract: " + str(broken))


func _bodies(node: Node) -> Array:
	var out := []
	if node is CollisionObject:
		out.append(node)
	for child in node.get_children():
		out += _bodies(child)
	return out


func test_the_guide_shows_the_next_step_and_marks_its_machine() -> void:
	yield(physics_frames(2), "completed")
	var text: String = seat.hud.get_guide_text()
	check(text.find("Step 21 of 21") >= 0, "guide on the HUD: " + text)
	check(text.find("deposit station") >= 0, "it says what to do: " + text)
	var marker: Node = room.get_node("GuideMarker")
	check_eq(marker.target_machine, "deposit_station", "the arrow marks the next machine")
	var machine: Spatial = bridge().get_machine("deposit_station")
	var dx: Vector3 = marker.global_transform.origin - machine.global_transform.origin
	check(Vector2(dx.x, dx.z).length() < 0.01 and dx.y > 2.0, "above it: %s" % dx)


func test_a_finished_run_blinks_chimes_and_is_said() -> void:
	var state: Dictionary = load_fixture("state_full.json")
	var guide: Dictionary = state["guide"]["u1"]
	guide["machine"] = "mixer_1"
	guide["running"] = true
	feed(state)
	yield(physics_frames(2), "completed")
	var done := state.duplicate(true)
	done["machines"]["mixer_1"]["status"] = "done"
	done["machines"]["mixer_1"]["remaining_s"] = 0.0
	done["version"] = int(state["version"]) + 1
	feed(done)
	var mixer: Spatial = bridge().get_machine("mixer_1")
	check(mixer.is_blinking(), "the lamp blinks")
	check(mixer.get_node("FinishChime").playing or OS.get_name() == "Server",
			"the chime plays (no audio device headless)")
	check(seat.hud.get_message().find("slurry mixer has finished") >= 0 or
			seat.hud.get_message().find("has finished") >= 0, seat.hud.get_message())


func test_refusals_are_said_in_plain_words() -> void:
	feed({"t": "rejected", "id": 1, "type": "place_in_slot", "code": "not_accepted",
			"args": {"machine": "coater", "slot": "foil"},
			"reason": "the coater foil slot takes a foil roll (current collector); “NMP” holds "
			+ "NMP, a solvent"})
	yield(physics_frames(1), "completed")
	var message: String = seat.hud.get_message()
	check(message.begins_with("Could not"), message)
	check(message.find("place_in_slot") < 0 and message.find("can-NMP") < 0, message)


func test_no_hud_text_is_clipped_or_off_screen() -> void:
	var state: Dictionary = load_fixture("state_full.json")
	var guide: Dictionary = state["guide"]["u1"]
	guide["do"] = "Bring “Welded jelly roll #12 (NMC622 | graphite)” (in the degas, fill and " \
			+ "seal station (cell slot)), LP30 electrolyte to the degas, fill and seal station."
	guide["hint"] = "A long hint. ".repeat(20)
	feed(state)
	seat.hud.show_message("Could not load that: "
			+ "the coater foil slot takes a foil roll. ".repeat(3))
	yield(physics_frames(3), "completed")
	yield(frames(2), "completed")
	var screen := Rect2(Vector2(), get_viewport().size)
	var bad := []
	for label in seat.hud.labels():
		if label.text == "" or not label.is_visible_in_tree():
			continue
		var rect: Rect2 = label.get_global_rect()
		if not screen.encloses(rect):
			bad.append("%s leaves the screen: %s" % [label.text.left(30), rect])
		if not label.autowrap:
			var font: Font = label.get_font("font")
			for line in label.text.split("\n"):
				if font.get_string_size(line).x > rect.size.x + 1.0:
					bad.append("%s is wider than its box" % line.left(30))
	check(bad.empty(), "HUD text fits: " + str(bad))
