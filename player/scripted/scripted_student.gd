extends Node
## A scripted student: carries out a recipe plan with the flat desktop seat's own input.
##
## It opens the dry room, waits for the Python runtime's room state and then, for every step of
## the plan, does what a student without a headset does: aims (mouse look), presses T to
## teleport, left-clicks shelves, items, slot pads and screen buttons, types values on the
## screens' keypads and presses Q to put things down. Every outcome comes from the runtime: the
## student only waits for the acks and the state. `bmm play` without a display and the
## end-to-end test run it headless:
##   godot3-server --path . res://player/scripted/scripted_student.tscn -- \
##       --bridge-port=P --student-plan=PLAN.json
## It prints "STUDENT ..." lines (steps, the potentiostat's screen, DONE or FAILED) and exits 0
## when the whole plan went through.

const Cmdline = preload("res://addons/bmm_bridge/cmdline.gd")
const Protocol = preload("res://addons/bmm_bridge/protocol.gd")
const DryRoom = preload("res://scenes/dry_room/dry_room.tscn")
const SKIPS_S = [28800, 14400, 3600, 1200]
const ROOM_HALF_M = Vector2(8.4, 5.9)
const HOP_M = 6.5
const GRID_M = 1.0
const ANSWER_TIMEOUT_MS = 20000
const CLICK_TRIES = 3
const AIM_OFFSET_Y = 0.05

## The plan ({"title", "steps": [...]}) from --student-plan.
var plan := {}
var room: Spatial = null
var seat: KinematicBody = null
## Why the run stopped ("" while all is well).
var failure := ""
## Batch name ("positive", "negative", "cell") -> item id.
var batches := {}
var clicks := 0
var hops := 0
var keys_typed := 0
var intents := 0

var _bridge: Node = null
var _eye := Vector3(0, 1.65, 0)
var _acked := {}
var _rejected := {}
var _log_seen := 0
var _last_intent := {}
var _last_taken := ""
var _placed_this_step := []


func _ready() -> void:
	_bridge = get_node("/root/Bridge")
	_bridge.record_outgoing = true
	_bridge.connect("intent_acked", self, "_on_acked")
	_bridge.connect("intent_rejected", self, "_on_rejected")
	var path := Cmdline.value("student-plan", "")
	plan = _load_json(path)
	if plan.empty():
		print("STUDENT FAILED cannot read the plan %s" % path)
		get_tree().quit(2)
		return
	room = DryRoom.instance()
	room.xr_request = "none"
	add_child(room)
	seat = room.player
	call_deferred("_run")


func _load_json(path: String) -> Dictionary:
	var file := File.new()
	if path == "" or file.open(path, File.READ) != OK:
		return {}
	var parsed := JSON.parse(file.get_as_text())
	file.close()
	return parsed.result if parsed.error == OK and typeof(parsed.result) == TYPE_DICTIONARY else {}


func _run() -> void:
	print("STUDENT plan: %s (%d steps)" % [plan.get("title", "?"), plan.get("steps", []).size()])
	yield(_until("_in_room", [], "the runtime's room state", 30000), "completed")
	_eye = seat.camera.global_transform.origin - seat.global_transform.origin
	var steps: Array = plan.get("steps", [])
	for i in range(steps.size()):
		if failure != "":
			break
		var step: Dictionary = steps[i]
		print("STUDENT step %d/%d: %s (%s)" % [i + 1, steps.size(), step["title"], step["electrode"]])
		yield(_do_step(step, steps[i + 1] if i + 1 < steps.size() else {}), "completed")
	for egg_id in plan.get("eggs", []):
		if failure == "":
			yield(_find_egg(str(egg_id)), "completed")
	var totals := "%d clicks, %d teleports, %d keys, %d intents" % [clicks, hops, keys_typed, intents]
	if failure != "":
		print("STUDENT FAILED %s (%s)" % [failure, totals])
		get_tree().quit(1)
		return
	print("STUDENT DONE %d steps: %s; sim time %s" % [
		steps.size(), totals, str(_bridge.state.get("sim_time_s"))])
	get_tree().quit(0)


func _fail(reason: String) -> void:
	if failure == "":
		failure = reason


# --- one recipe step -------------------------------------------------------------------------
## A step: bring what the machine needs (two hands: two things per trip, the last product is
## carried over), set the values (the screen's "Use recipe values" in guided mode), press
## Start, skip to the end of the run on the machine's screen, take the product out.
func _do_step(step: Dictionary, next_step: Dictionary) -> void:
	yield(get_tree(), "idle_frame")
	var mid: String = step["machine"]
	_placed_this_step.clear()
	var needs := _needs(step)
	for _round in range(6):
		if failure != "" or needs.empty():
			break
		yield(_clear_wrong(needs), "completed")
		yield(_gather(needs), "completed")
		yield(_load_held(mid, needs), "completed")
		needs = _needs(step)
	if failure == "" and not needs.empty():
		_fail("could not load the %s: %s" % [mid, str(needs)])
	for alias in step["alias"]:
		batches[alias] = batches.get(step["alias"][alias], "")
	if failure == "":
		yield(_set_params(mid, step["params"]), "completed")
	if step["start"] and failure == "":
		yield(_press_start(mid), "completed")
	if failure == "":
		yield(_wait_until_done(mid), "completed")
	if step["read_result"] and failure == "":
		yield(_read_result(str(step["channel"])), "completed")
	if step["take_product"] and failure == "":
		var product := _slot_item(mid, str(step["work_slot"]))
		if product != "":
			yield(_grab(product), "completed")
			if failure == "" and not _uses(next_step, step["electrode"]):
				yield(_put_down(product), "completed")  # not needed next: put it down here


## What still has to go into the machine: [{slot, material} or {slot, ref}], in plan order.
func _needs(step: Dictionary) -> Array:
	var out := []
	var mid: String = step["machine"]
	for slot in step["materials"]:
		var current := _slot_item(mid, slot)
		if current == "" or _material_of(current) != step["materials"][slot]:
			out.append({"slot": slot, "material": step["materials"][slot], "wrong": current})
	for slot in step["work"]:
		var ref: String = step["work"][slot]
		var current := _slot_item(mid, slot)
		if ref in ["new_pot", "li_metal"]:
			if current == "":
				out.append({"slot": slot, "material": "mixing_pot" if ref == "new_pot" else ref,
						"batch": step["electrode"] if ref == "new_pot" else "", "wrong": ""})
		else:
			var item: String = batches.get(ref, "")
			if item == "":
				_fail("no %s batch was made before the %s" % [ref, mid])
				return []
			if current != item and not item in _placed_this_step:  # (a deposit takes it on)
				out.append({"slot": slot, "item": item, "wrong": current})
	return out


## True when `step` works on the batch of `electrode` (so a carried product is kept).
func _uses(step: Dictionary, electrode: String) -> bool:
	if step.empty():
		return false
	for ref in step.get("work", {}).values():
		if ref == electrode or (electrode == "positive" and ref == "cell"):
			return true
	return step.get("electrode", "") == electrode and not step["work"].values().has("new_pot")


## Takes out of the machine what sits in a slot that needs something else (into a free hand;
## it goes back to the shelf on the next trip there).
func _clear_wrong(needs: Array) -> void:
	yield(get_tree(), "idle_frame")
	for need in needs:
		if failure != "" or need["wrong"] == "":
			continue
		if _free_hand() == "":
			yield(_shelve_or_drop(), "completed")
		yield(_grab(need["wrong"]), "completed")


## Fills the free hands with what `needs` asks for; puts back spare shelf stock on the way.
func _gather(needs: Array) -> void:
	yield(get_tree(), "idle_frame")
	for need in needs:
		if failure != "":
			return
		if need.has("item") and _holds(need["item"]):
			continue
		if _free_hand() == "":
			if _spare_held(needs) != "":
				yield(_shelve_or_drop(), "completed")
			else:
				return  # both hands carry what this machine needs: go and load
		if need.has("material"):
			yield(_shelve_spares(needs), "completed")
			var item := _find_container(need["material"], "") \
					if need["material"] != "mixing_pot" and need["material"] != "li_metal" else ""
			if item != "" and _location(item).get("shelf") != true:
				yield(_grab(item), "completed")
			else:
				yield(_take_from_shelf(str(need["material"])), "completed")
			if need.get("batch", "") != "":
				batches[need["batch"]] = _last_taken
		else:
			yield(_grab(need["item"]), "completed")


## Puts every held item the machine takes into its slot.
func _load_held(mid: String, needs: Array) -> void:
	yield(get_tree(), "idle_frame")
	for need in needs:
		if failure != "":
			return
		var item := ""
		if need.has("item"):
			item = need["item"] if _holds(need["item"]) else ""
		else:
			item = _held_material(str(need["material"]))
		if item != "" and _slot_item(mid, need["slot"]) == "":
			yield(_place_held(mid, need["slot"], item), "completed")


## Held stock that no need of this step asks for ("" when none).
func _spare_held(needs: Array) -> String:
	for item in _held_all():
		var wanted := false
		for need in needs:
			wanted = wanted or (need.has("item") and need["item"] == item) or (
					need.has("material") and _stock_name(item) == need["material"])
		if not wanted:
			return item
	return ""


## Puts back on the shelf the held stock this step does not need (clicking its container).
func _shelve_spares(needs: Array) -> void:
	yield(get_tree(), "idle_frame")
	for _i in range(2):
		var spare := _spare_held(needs)
		if spare == "" or _stock_name(spare) == "":
			return
		yield(_put_back(spare), "completed")


func _shelve_or_drop() -> void:
	yield(get_tree(), "idle_frame")
	var spare := ""
	for item in _held_all():
		if _stock_name(item) != "":
			spare = item
	if spare != "":
		yield(_put_back(spare), "completed")
	else:
		yield(_put_down(_held_all()[0]), "completed")


## The step's screen values: one click on "Use recipe values" when the guide shows it, then
## each value that still differs is typed on the keypad.
func _set_params(mid: String, params: Dictionary) -> void:
	yield(get_tree(), "idle_frame")
	var machine: Node = _bridge.get_machine(mid)
	var ui: Control = machine.screen_ui
	if not _all_set(mid, params) and ui != null and ui.has_method("get_recipe_button"):
		yield(get_tree(), "idle_frame")
		var button: Control = ui.get_recipe_button()
		if button != null and button.is_visible_in_tree() and not button.get("disabled"):
			yield(_click(machine.screen, machine.screen.global_point_of(button), "set_param"),
					"completed")
			yield(_until("_all_set", [mid, params], "the recipe values on the %s" % mid, 10000),
					"completed")
	for name in params:
		if failure == "":
			yield(_set_param(mid, name, params[name]), "completed")


func _all_set(mid: String, params: Dictionary) -> bool:
	for name in params:
		if not _same(_params(mid).get(name), params[name]):
			return false
	return true


func _set_param(mid: String, name: String, value) -> void:
	yield(get_tree(), "idle_frame")
	if _same(_params(mid).get(name), value):
		return
	var machine: Node = _bridge.get_machine(mid)
	var row: Control = machine.screen_ui.param_row(name)
	if row == null:
		_fail("the %s screen has no %s" % [mid, name])
		return
	var panel: Spatial = machine.screen
	if typeof(value) == TYPE_STRING:
		for _i in range(8):
			yield(_click(panel, panel.global_point_of(row.get_node("Value")), "set_param"),
					"completed")
			if failure != "" or _same(_params(mid).get(name), value):
				return
		_fail("%s of the %s never showed %s" % [name, mid, value])
		return
	yield(_click(panel, panel.global_point_of(row.get_node("Value")), ""), "completed")
	if failure != "":
		return
	if not machine.screen_ui.is_editing():
		_fail("clicking %s on the %s screen did not open the keypad" % [name, mid])
		return
	var before := _count_intents()
	yield(_type(_number_text(value) + "\n"), "completed")
	if _count_intents() == before:
		_fail("typing %s into %s sent nothing" % [_number_text(value), name])
		return
	yield(_await_answer(_last_intent), "completed")
	if failure == "" and not _same(_params(mid).get(name), value):
		_fail("%s of the %s shows %s, not %s" % [name, mid, _params(mid).get(name), value])


func _press_start(mid: String) -> void:
	yield(get_tree(), "idle_frame")
	var machine: Node = _bridge.get_machine(mid)
	var button: Control = machine.screen_ui.get_start_button()
	yield(_click(machine.screen, machine.screen.global_point_of(button), "start_machine"),
			"completed")


func _wait_until_done(mid: String) -> void:
	yield(get_tree(), "idle_frame")
	var panel: Node = room.get_node("TimePanel")
	var machine: Node = _bridge.get_machine(mid)
	var waited := 0.0
	while failure == "" and _machine_state(mid).get("status") == "running":
		var left := float(_machine_state(mid).get("remaining_s", 0.0))
		var skip_button: Control = null
		if machine.screen_ui != null and machine.screen_ui.has_method("get_skip_button"):
			skip_button = machine.screen_ui.get_skip_button()
		if skip_button != null and skip_button.is_visible_in_tree():
			yield(_click(machine.screen, machine.screen.global_point_of(skip_button),
					"skip_time"), "completed")
		else:
			var skip: int = SKIPS_S[SKIPS_S.size() - 1]
			for s in SKIPS_S:
				if s <= left:
					skip = s
					break
			var button: Control = panel.buttons[skip]
			yield(_click(panel.panel, panel.panel.global_point_of(button), "skip_time"),
					"completed")
		waited += left
	if waited > 0 and failure == "":
		print("STUDENT   %s done after skipping %s" % [mid, _hours(int(waited))])


func _read_result(channel: String) -> void:
	yield(get_tree(), "idle_frame")
	yield(get_tree(), "idle_frame")
	var index := int(channel) - 1
	var view: Node = _bridge.get_machine("potentiostat")
	var screen: Control = view.get_cell_screen(index)
	var slots: Array = _bridge.state.get("potentiostat", {}).get("slots", [])
	var entry = slots[index] if index < slots.size() else null
	if typeof(entry) != TYPE_DICTIONARY or not entry.has("energy_density_wh_kg"):
		_fail("potentiostat channel %s has no result: %s" % [channel, str(entry)])
		return
	print("STUDENT RESULT channel=%s cell=%s screen=\"%s\" wh_kg=%.6f curves=%s feedback=%d" % [
		channel, entry.get("cell_id"), screen.get_energy_text(),
		float(entry["energy_density_wh_kg"]), "yes" if screen.get_chart().has_curves() else "no",
		entry.get("feedback", []).size()])
	for line in screen.get_feedback_texts():
		print("STUDENT FEEDBACK %s" % line)


# --- things to click -------------------------------------------------------------------------
func _find_egg(egg_id: String) -> void:
	yield(get_tree(), "idle_frame")
	var egg: Spatial = room.get_node("EasterEggs").eggs.get(egg_id)
	if egg == null:
		_fail("no Easter egg %s in the room" % egg_id)
		return
	var target: Node = null
	for child in egg.get_children():
		if child.has_method("on_primary"):
			target = child
	yield(_click(target, egg.global_transform.origin, "find_egg"), "completed")
	if failure == "":
		print("STUDENT EGG %s found at %s" % [egg_id, str(egg.global_transform.origin)])


func _take_from_shelf(material: String) -> void:
	yield(get_tree(), "idle_frame")
	var target: Node = room.get_node("Shelves").container_target(material)
	if target == null:
		_fail("the shelves show no %s" % material)
		return
	var before := _held_all()
	var point: Vector3 = target._hulls[0].global_transform.origin
	yield(_click(target, point, "take_from_shelf"), "completed")
	_last_taken = ""
	for item in _held_all():
		if not item in before:
			_last_taken = item
	if failure == "" and _last_taken == "":
		_fail("took %s from the shelf but no hand holds it" % material)


## Puts a held container, pot or Li foil back by clicking its place on the shelf.
func _put_back(item_id: String) -> void:
	yield(get_tree(), "idle_frame")
	var target: Node = room.get_node("Shelves").container_target(_stock_name(item_id))
	if target == null:
		_fail("no shelf place for %s" % item_id)
		return
	yield(_click(target, target._hulls[0].global_transform.origin, "put_on_shelf"), "completed")
	if failure == "" and _holds(item_id):
		_fail("%s is still in a hand after putting it back" % item_id)


func _grab(item_id: String) -> void:
	yield(get_tree(), "idle_frame")
	if _holds(item_id):
		return
	var view: Spatial = room.get_node("Items").get_view(item_id)
	if view == null or not view.visible:
		_fail("%s is not in sight (%s)" % [item_id, str(_location(item_id))])
		return
	yield(_click(view, view._hull.global_transform.origin, "grab"), "completed")
	if failure == "" and not _holds(item_id):
		_fail("grabbed %s but holds %s" % [item_id, str(_held_all())])


## Clicks an empty slot pad with `item_id` in hand (the runtime puts in what the slot takes).
func _place_held(mid: String, slot: String, item_id: String) -> void:
	yield(get_tree(), "idle_frame")
	var pad: Spatial = _bridge.get_machine(mid).get_slot(slot)
	if not _holds(item_id) or pad == null:
		_fail("nothing to put into %s/%s" % [mid, slot])
		return
	yield(_click(pad, pad.global_transform.origin + Vector3(0, 0.02, 0), "place_in_slot"),
			"completed")
	_placed_this_step.append(item_id)
	if failure == "" and _slot_item(mid, slot) != item_id and _holds(item_id):
		_fail("%s is still in the hand after placing it into %s/%s" % [item_id, mid, slot])


## Q: puts the right hand's item (else the left's) down where the student stands.
func _put_down(item_id: String) -> void:
	yield(get_tree(), "idle_frame")
	for _i in range(2):
		if not _holds(item_id) or failure != "":
			return
		var before := _count_intents()
		yield(_key(KEY_Q), "completed")
		if _count_intents() == before or _last_intent.get("type") != "release":
			_fail("Q did not put %s down" % item_id)
			return
		yield(_await_answer(_last_intent), "completed")


## Walks up to `target`, aims at `point` on it and left-clicks; `intent_type` is the intent the
## click must send ("" = none), whose answer is awaited.
func _click(target: Object, point: Vector3, intent_type: String) -> void:
	yield(get_tree(), "idle_frame")
	for attempt in range(CLICK_TRIES):
		yield(_go_near(target, point, attempt > 0), "completed")
		if failure != "":
			return
		seat.look_at_point(point)
		yield(get_tree(), "physics_frame")
		yield(get_tree(), "physics_frame")
		if seat.interactor.target != target:
			continue
		var before := _count_intents()
		yield(_mouse_click(), "completed")
		if intent_type == "":
			return
		if _count_intents() > before:
			if _last_intent.get("type") != intent_type:
				_fail("the click sent %s instead of %s" % [_last_intent.get("type"), intent_type])
				return
			yield(_await_answer(_last_intent), "completed")
			return
	_fail("could not click %s for %s at %s" % [str(target), intent_type, str(point)])


func _mouse_click() -> void:
	for pressed in [true, false]:
		var click := InputEventMouseButton.new()
		click.button_index = BUTTON_LEFT
		click.pressed = pressed
		click.position = Vector2(640, 360)
		Input.parse_input_event(click)
		yield(get_tree(), "physics_frame")
		yield(get_tree(), "physics_frame")
	clicks += 1


func _key(scancode: int) -> void:
	for pressed in [true, false]:
		var key := InputEventKey.new()
		key.pressed = pressed
		key.scancode = scancode
		Input.parse_input_event(key)
		yield(get_tree(), "physics_frame")
		yield(get_tree(), "physics_frame")


func _type(text: String) -> void:
	for c in text:
		var key := InputEventKey.new()
		key.pressed = true
		key.scancode = KEY_ENTER if c == "\n" else OS.find_scancode_from_string(c)
		key.unicode = 0 if c == "\n" else ord(c)
		Input.parse_input_event(key)
		var up := key.duplicate()
		up.pressed = false
		Input.parse_input_event(up)
		keys_typed += 1
		yield(get_tree(), "idle_frame")
	yield(get_tree(), "physics_frame")


# --- moving around ---------------------------------------------------------------------------
## Teleports (aim at the floor + T) to a spot from where `point` on `target` can be clicked.
func _go_near(target: Object, point: Vector3, force: bool) -> void:
	yield(get_tree(), "idle_frame")
	var here := seat.global_transform.origin
	if not force and _flat(here).distance_to(_flat(point)) < 3.0 and _sees(here, point, target):
		return
	var spot = _stand_spot(target, point, here if force else null)
	if spot == null:
		_fail("no place to stand to reach %s at %s" % [_describe(target), str(point)])
		return
	yield(_walk_to(spot), "completed")


func _stand_spot(target: Object, point: Vector3, avoid):
	var normals := [_facing(target, point), _flat(Vector3(0, 0, 0.5) - point).normalized()]
	for n in [Vector3(0, 0, 1), Vector3(1, 0, 0), Vector3(-1, 0, 0), Vector3(0, 0, -1)]:
		normals.append(n)
	for n in normals:
		if n.length() < 0.5:
			continue
		var perp := Vector3(-n.z, 0, n.x)
		for d in [1.3, 1.7, 2.2, 2.8]:
			for side in [0.0, 0.4, -0.4, 0.8, -0.8]:
				var spot: Vector3 = _flat(point) + n * d + perp * side
				if avoid != null and spot.distance_to(_flat(avoid)) < 0.3:
					continue
				if _standable(spot) and _sees(spot, point, target):
					return spot
	return null


func _facing(target: Object, point: Vector3) -> Vector3:
	var node: Spatial = null
	if target.get("machine") is Spatial:
		node = target.get("machine")
	elif target is Spatial and target.has_method("pointer"):
		node = target
	elif (target is Node and target.has_method("on_primary") and target.get_parent() is Spatial
			and target.get_parent().get_parent() == room.get_node("Shelves")):
		node = room.get_node("Shelves")
	if node != null:
		return _flat(node.global_transform.basis.z).normalized()
	return _flat(Vector3(0, 0, 0.5) - point).normalized()


func _walk_to(spot: Vector3) -> void:
	yield(get_tree(), "idle_frame")
	for _hop in range(10):
		var here := seat.global_transform.origin
		if _flat(here).distance_to(_flat(spot)) < 0.3:
			return
		var next = spot if _hop_ok(here, spot) else _waypoint(here, spot)
		if next == null:
			_fail("no teleport path from %s to %s" % [str(here), str(spot)])
			return
		seat.look_at_point(next)
		yield(get_tree(), "physics_frame")
		yield(get_tree(), "physics_frame")
		yield(_key(KEY_T), "completed")
		hops += 1
		if _flat(seat.global_transform.origin).distance_to(_flat(here)) < 0.05:
			_fail("T did not teleport from %s towards %s" % [str(here), str(next)])
			return
	_fail("too many teleports to reach %s" % str(spot))


func _waypoint(here: Vector3, spot: Vector3):
	var best = null
	var best_cost := INF
	var greedy = null
	var greedy_left := _flat(here).distance_to(_flat(spot)) - 0.5
	var x := -ROOM_HALF_M.x
	while x <= ROOM_HALF_M.x:
		var z := -ROOM_HALF_M.y
		while z <= ROOM_HALF_M.y:
			var w := Vector3(x, 0, z)
			var cost := here.distance_to(w) + w.distance_to(spot)
			if cost < best_cost and _hop_ok(here, w):
				if _hop_ok(w, spot):
					best = w
					best_cost = cost
				elif w.distance_to(spot) < greedy_left:
					greedy = w
					greedy_left = w.distance_to(spot)
			z += GRID_M
		x += GRID_M
	return best if best != null else greedy


## True when T from `feet` would land on the floor at `spot`.
func _hop_ok(feet: Vector3, spot: Vector3) -> bool:
	if _flat(feet).distance_to(_flat(spot)) > HOP_M:
		return false
	var eye := feet + _eye
	var to := spot + (spot - eye).normalized() * 0.3
	var hit := _ray(eye, to)
	return (not hit.empty() and hit["collider"].is_in_group("teleport_floor")
			and _flat(hit["position"]).distance_to(_flat(spot)) < 0.35)


func _standable(spot: Vector3) -> bool:
	if abs(spot.x) > ROOM_HALF_M.x or abs(spot.z) > ROOM_HALF_M.y:
		return false
	var hit := _ray(spot + Vector3(0, 3.4, 0), spot - Vector3(0, 0.5, 0))
	return not hit.empty() and hit["collider"].is_in_group("teleport_floor")


func _sees(feet: Vector3, point: Vector3, target: Object) -> bool:
	var eye := feet + _eye
	var hit := _ray(eye, eye + (point - eye) * 1.1)
	return (not hit.empty() and hit["collider"].has_meta("interactable")
			and hit["collider"].get_meta("interactable") == target)


func _ray(from: Vector3, to: Vector3) -> Dictionary:
	var space := seat.get_world().direct_space_state
	return space.intersect_ray(from, to, [seat], 0x7fffffff, true, true)


static func _describe(target: Object) -> String:
	if target != null and target.has_method("pointer_info"):
		return "%s (%s)" % [target.pointer_info().get("title", "?"), str(target)]
	return str(target)


static func _flat(v: Vector3) -> Vector3:
	return Vector3(v.x, 0, v.z)


# --- reading the state -----------------------------------------------------------------------
func _in_room() -> bool:
	return _bridge.user_id != "" and _bridge.state.has("machines")


func _held_all() -> Array:
	var out := []
	var held: Dictionary = seat.interactor.held_items()
	for side in ["right", "left"]:
		if held[side] != "":
			out.append(held[side])
	return out


func _holds(item_id: String) -> bool:
	return item_id in _held_all()


func _free_hand() -> String:
	return seat.interactor.free_hand()


## The shelf entry an item came from ("NMC622", "mixing_pot", "li_metal"; "" for products).
func _stock_name(item_id: String) -> String:
	var entry := _item(item_id)
	match str(entry.get("kind", "")):
		"container":
			return str(entry.get("material", ""))
		"empty_pot":
			return "mixing_pot"
		"li_metal":
			return "li_metal"
	return ""


## A held item from shelf entry `material` ("" when none).
func _held_material(material: String) -> String:
	for item in _held_all():
		if _stock_name(item) == material:
			return item
	return ""


func _machine_state(mid: String) -> Dictionary:
	var entry = _bridge.state.get("machines", {}).get(mid, {})
	return entry if typeof(entry) == TYPE_DICTIONARY else {}


func _params(mid: String) -> Dictionary:
	var values = _machine_state(mid).get("params", {})
	return values if typeof(values) == TYPE_DICTIONARY else {}


func _slot_item(mid: String, slot: String) -> String:
	var item = _machine_state(mid).get("slots", {}).get(slot)
	return "" if item == null else str(item)


func _item(item_id: String) -> Dictionary:
	var entry = _bridge.state.get("items", {}).get(item_id, {})
	return entry if typeof(entry) == TYPE_DICTIONARY else {}


func _location(item_id: String) -> Dictionary:
	return Protocol.normalize_location(_item(item_id).get("location"))


func _material_of(item_id: String) -> String:
	return str(_item(item_id).get("material", ""))


## A container of `material`: on the shelf first, then on the bench, then in an idle machine.
func _find_container(material: String, except_machine: String) -> String:
	var found := ["", "", ""]
	var items: Dictionary = _bridge.state.get("items", {})
	for item_id in items:
		var entry = items[item_id]
		if typeof(entry) != TYPE_DICTIONARY or str(entry.get("material", "")) != material:
			continue
		var where := Protocol.normalize_location(entry.get("location"))
		if where.get("shelf") == true:
			found[0] = str(item_id)
		elif where.get("bench") == true:
			found[1] = str(item_id)
		elif (where.has("machine") and where["machine"] != except_machine
				and _machine_state(where["machine"]).get("status") != "running"):
			found[2] = str(item_id)
	for item_id in found:
		if item_id != "":
			return item_id
	return ""


static func _same(a, b) -> bool:
	if typeof(a) in [TYPE_INT, TYPE_REAL] and typeof(b) in [TYPE_INT, TYPE_REAL]:
		return abs(float(a) - float(b)) < 1e-6
	return a != null and str(a) == str(b)


static func _number_text(value) -> String:
	var v := float(value)
	return str(int(v)) if v == floor(v) else str(v)


static func _hours(seconds: int) -> String:
	return "%d h %02d min" % [seconds / 3600, (seconds % 3600) / 60]


# --- the runtime's answers -------------------------------------------------------------------
func _count_intents() -> int:
	var sent: Array = _bridge.outgoing_log
	while _log_seen < sent.size():
		var msg: Dictionary = sent[_log_seen]
		_log_seen += 1
		if msg.get("t") == "intent":
			intents += 1
			_last_intent = msg
	return intents


func _on_acked(intent_id: int, version: int) -> void:
	_acked[intent_id] = version


func _on_rejected(intent: Dictionary, reason: String) -> void:
	_rejected[int(intent.get("id", -1))] = reason


func _answered(intent_id: int) -> bool:
	if _rejected.has(intent_id):
		return true
	return _acked.has(intent_id) and _bridge.state_version >= int(_acked[intent_id])


## Waits for the ack (and the state of its version) or the rejection of `msg`.
func _await_answer(msg: Dictionary) -> void:
	var intent_id := int(msg.get("id", -1))
	yield(_until("_answered", [intent_id], "an answer to %s" % msg.get("type"),
			ANSWER_TIMEOUT_MS), "completed")
	if _rejected.has(intent_id):
		_fail("%s %s was refused: %s" % [msg.get("type"), JSON.print(msg.get("args", {})),
				_rejected[intent_id]])


## Waits until callv(method, args) is true or `timeout_ms` passes (then fails).
func _until(method: String, args: Array, what: String, timeout_ms: int) -> void:
	yield(get_tree(), "idle_frame")
	var started := OS.get_ticks_msec()
	while not callv(method, args):
		if OS.get_ticks_msec() - started > timeout_ms:
			_fail("timed out waiting for " + what)
			return
		yield(get_tree(), "idle_frame")
