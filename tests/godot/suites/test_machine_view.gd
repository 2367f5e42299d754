extends "res://tests/godot/lib/test_case.gd"
## A machine node shows the state message it is sent and turns presses into intents; its
## screen locks while a run is going, steps finely, takes typed values, follows a recipe in
## guided mode, speaks plain language, and its panel is hit where it is seen (at an angle too)
## and has a back.

const MachineView = preload("res://scenes/machines/machine_view.gd")
const MachineScreen = preload("res://scenes/machines/machine_screen.gd")
const Interactable = preload("res://scenes/common/interactable.gd")
const PhysicsLayers = preload("res://scenes/common/physics_layers.gd")
const Fit = preload("res://tests/godot/suites/test_screens_fit.gd")
const UiKit = preload("res://scenes/ui3d/ui_kit.gd")

var machine: Spatial
var skipped := []
var set_many := []


func before_each() -> void:
	reset_bridge()
	machine = MachineView.new()
	machine.machine_id = "coater"
	machine.py_script = "res://scripts_py/machines/coater.py"
	machine.display_name = "Coater"
	machine.default_slots = PoolStringArray(["roll"])
	add_child(machine)
	skipped = []
	set_many = []
	machine.screen_ui.connect("skip_requested", self, "_on_skip")
	machine.screen_ui.connect("set_params_requested", self, "_on_set_many")


func _on_skip(seconds) -> void:
	skipped.append(seconds)


func _on_set_many(values) -> void:
	set_many.append(values)


func _coater_state(status: String, remaining: float, version: int = 3) -> Dictionary:
	return {"t": "state", "version": version, "sim_time_s": 0.0, "machines": {"coater": {
		"kind": "coater", "status": status, "remaining_s": remaining, "duration_s": 7200.0,
		"slots": {"roll": "slurry-1", "foil": null},
		"params": {"comma_gap_um": 200, "side": "A", "time_min": 60,
				"dispersion_speed_rpm": 1500},
		"param_specs": [
			{"name": "comma_gap_um", "unit": "µm", "default": 200, "range": [10, 1000]},
			{"name": "side", "unit": "", "default": "A", "choices": ["A", "B"]},
			{"name": "time_min", "unit": "min", "default": 60, "range": [1, 600]},
			{"name": "dispersion_speed_rpm", "unit": "rpm", "default": 1500,
					"range": [100, 10000]},
		]}},
		"items": {"slurry-1": {"kind": "slurry", "name": "NMC622 slurry", "location":
				"slot:coater:roll"}}}


func _click(panel: Spatial, control: Control) -> void:
	var point: Vector3 = panel.global_point_of(control)
	panel.pointer("press", point)
	panel.pointer("release", point)


func test_binding_and_kind() -> void:
	check_eq(machine.kind, "coater", "kind from the py_script file name")
	check(bridge().get_machine("coater") == machine, "registered with the bridge")
	check_eq(machine.binding(), {"id": "coater", "py_script": "res://scripts_py/machines/coater.py",
			"kind": "coater", "node_path": str(machine.get_path())}, "binding for hello/bind")


func test_renders_status_and_time_left() -> void:
	feed(_coater_state("running", 4830.0))
	yield(frames(2), "completed")
	var ui: Control = machine.screen_ui
	check_eq(ui.get_status_text(), "RUNNING", "status")
	check_eq(ui.get_time_text(), "Time left: 1 h 20 min", "time left")
	check(ui.get_start_button().disabled, "start disabled while running")
	check(machine.get_slot("foil") != null, "slot pads follow the state")
	check_eq(machine.get_slot("roll").item_id, "slurry-1", "slot shows its item")
	check_eq(ui.param_row("comma_gap_um").get_node("Value").text, "200", "param value")
	feed(_coater_state("done", 0.0, 4))
	check_eq(ui.get_status_text(), "DONE", "done")
	check(ui.get_time_text().begins_with("Done"), "done text")
	check(not ui.get_start_button().disabled, "start enabled again")


func test_buttons_emit_intents() -> void:
	feed(_coater_state("idle", 0.0))
	yield(frames(2), "completed")
	var ui: Control = machine.screen_ui
	var panel: Spatial = machine.screen
	_click(panel, ui.get_start_button())
	check_eq(last_intent(), {"type": "start_machine", "args": {"machine": "coater"}}, "start")
	_click(panel, ui.param_row("comma_gap_um").get_node("Plus"))
	check_eq(last_intent(), {"type": "set_param", "args": {"machine": "coater",
			"name": "comma_gap_um", "value": 201.0}}, "plus steps by 1 µm")
	_click(panel, ui.param_row("side").get_node("Plus"))
	check_eq(last_intent().get("args", {}).get("value"), "B", "choices cycle")
	_click(panel, ui.param_row("comma_gap_um").get_node("Value"))
	yield(frames(1), "completed")
	check(ui.is_editing(), "value click opens the keypad")
	for key in ["1", "2", "5"]:
		_click(panel, ui.get_keypad().key_button(key))
	_click(panel, ui.get_keypad().key_button("OK"))
	check_eq(last_intent().get("args", {}).get("value"), 125.0, "keypad entry")
	check(not ui.is_editing(), "keypad closes")


func test_rejection_is_shown_in_plain_words() -> void:
	feed(_coater_state("idle", 0.0))
	var intent_id: int = bridge().send_intent("place_in_slot", {"machine": "coater"})
	feed({"t": "rejected", "id": intent_id, "type": "place_in_slot",
			"args": {"machine": "coater"}, "code": "not_accepted",
			"reason": "the coater foil slot takes a foil roll; slurry-1 is a slurry"})
	var text: String = machine.screen_ui.get_message()
	check(text.find("takes a foil roll") >= 0, "rejection on the screen: " + text)
	check(text.begins_with("Could not load that: "), "the intent in words: " + text)
	check(text.find("NMC622 slurry is a slurry") >= 0, "item id replaced by its name: " + text)
	check_eq(Fit.internal_id_in(text, ["slurry-1"]), "", "no internal id")
	machine.screen_ui.show_message("dispersion_speed_rpm = 100001 rpm is outside the range")
	check(machine.screen_ui.get_message().begins_with("Dispersion speed = 100001 rpm"),
			"parameter names in words: " + machine.screen_ui.get_message())


func test_settings_lock_while_running() -> void:
	feed(_coater_state("idle", 0.0))
	yield(frames(2), "completed")
	var ui: Control = machine.screen_ui
	var panel: Spatial = machine.screen
	ui.begin_edit("comma_gap_um")
	check(ui.is_editing(), "editing before the run")
	feed(_coater_state("running", 4200.0, 4))
	yield(frames(2), "completed")
	check(ui.is_locked(), "locked while running")
	check(not ui.is_editing(), "the keypad closes when a run starts")
	check(ui.get_lock_note().visible and ui.get_lock_note().text == MachineScreen.LOCKED_NOTE,
			"visible note: " + ui.get_lock_note().text)
	for name in ["comma_gap_um", "side", "time_min"]:
		for part in ["Minus", "Value", "Plus"]:
			check(ui.param_row(name).get_node(part).disabled, "%s %s disabled" % [name, part])
	check(ui.get_start_button().disabled, "start disabled")
	check(ui.get_keypad().key_button("7").disabled and ui.get_keypad().is_locked(), "keypad")
	var before := sent_intents().size()
	_click(panel, ui.param_row("comma_gap_um").get_node("Plus"))
	_click(panel, ui.param_row("comma_gap_um").get_node("Value"))
	_click(panel, ui.get_start_button())
	ui.step_param("time_min", 1)
	ui.begin_edit("time_min")
	check_eq(sent_intents().size(), before, "nothing is sent while locked")
	check(not ui.is_editing(), "no keypad while locked")
	feed(_coater_state("done", 0.0, 5))
	yield(frames(2), "completed")
	check(not ui.is_locked() and not ui.get_lock_note().visible, "unlocked when done")
	check(not ui.param_row("comma_gap_um").get_node("Plus").disabled, "plus enabled again")
	_click(panel, ui.param_row("comma_gap_um").get_node("Plus"))
	check_eq(sent_intents().size(), before + 1, "settings work again")


func test_skip_to_the_end() -> void:
	feed(_coater_state("idle", 0.0))
	yield(frames(2), "completed")
	var ui: Control = machine.screen_ui
	check(not ui.get_skip_button().visible, "no skip button while idle")
	feed(_coater_state("running", 4141.0, 4))
	yield(frames(2), "completed")
	var skip: Button = ui.get_skip_button()
	check(skip.visible and not skip.disabled, "skip button while running")
	check_eq(skip.text, "Skip to the end (1 h 10 min)", "says how far")
	_click(machine.screen, skip)
	check_eq(skipped, [4200], "remaining time rounded up to a whole minute")
	feed(_coater_state("done", 0.0, 5))
	yield(frames(2), "completed")
	check(not ui.get_skip_button().visible, "gone when done")


func test_steps_suit_the_range_and_typing_is_exact() -> void:
	check_eq(MachineScreen.step_of({"min": 1, "max": 600, "unit": "min"}), 1.0, "1 min for time")
	check_eq(MachineScreen.step_of({"min": 100, "max": 10000, "unit": "rpm"}), 10.0, "10 rpm")
	check_eq(MachineScreen.step_of({"min": 10, "max": 1000, "unit": "µm"}), 1.0, "1 µm for gaps")
	check_eq(MachineScreen.step_of({"min": 0.05, "max": 2, "unit": "1/h"}), 0.05, "C-rate")
	check_eq(MachineScreen.step_of({"min": 0, "max": 5, "step": 1}), 1.0, "the spec's step")
	check_eq(MachineScreen.step_of({"min": 0.05, "max": 0.95, "unit": ""}), 0.02, "range/50")
	check_eq(MachineScreen.next_value(17.3, 1, {"min": 0, "max": 100, "unit": "g"}), 17.5,
			"off the grid: to the next grid line")
	feed(_coater_state("idle", 0.0))
	yield(frames(2), "completed")
	var ui: Control = machine.screen_ui
	ui.step_param("time_min", 1)
	check_eq(last_intent().get("args", {}).get("value"), 61.0, "+1 min")
	ui.step_param("dispersion_speed_rpm", -1)
	check_eq(last_intent().get("args", {}).get("value"), 1490.0, "-10 rpm")
	ui.begin_edit("time_min")
	ui.get_edit_field().text = "37.25"
	ui.commit_edit()
	check_eq(last_intent().get("args", {}).get("value"), 37.25, "an exact typed value")
	ui.begin_edit("comma_gap_um")
	ui.get_edit_field().text = "5000"
	ui.commit_edit()
	check_eq(last_intent().get("args", {}).get("value"), 1000.0, "clamped to the range")
	check(ui.get_message().find("outside the allowed range") >= 0, "and says so: " +
			ui.get_message())


func test_guided_mode_shows_and_sets_recipe_values() -> void:
	feed(_coater_state("idle", 0.0))
	yield(frames(2), "completed")
	var ui: Control = machine.screen_ui
	ui.show_guide({"comma_gap_um": 200, "time_min": 45, "side": "B"})
	var gap: Label = ui.param_row("comma_gap_um").get_node("NameCell/Recipe")
	var time: Label = ui.param_row("time_min").get_node("NameCell/Recipe")
	check(gap.visible and gap.text.begins_with("recipe: 200 µm"), "recipe beside: " + gap.text)
	check(time.visible and time.text == "recipe: 45 min", "differing value: " + time.text)
	check_eq(gap.get_color("font_color"), UiKit.TEXT_GREEN, "green when it matches")
	check_eq(time.get_color("font_color"), UiKit.TEXT_AMBER, "amber when it differs")
	check(not ui.param_row("dispersion_speed_rpm").get_node("NameCell/Recipe").visible,
			"no recipe line for values the recipe does not set")
	var button: Button = ui.get_recipe_button()
	check(button.visible and not button.disabled, "Use recipe values")
	_click(machine.screen, button)
	check_eq(set_many, [{"time_min": 45, "side": "B"}], "only the values that differ")
	ui.show_guide({})
	check(not button.visible and not gap.visible, "guide hidden")


func test_panel_follows_the_interactable_contract() -> void:
	var panel: Spatial = machine.screen
	check_eq(Interactable.problem(panel), "", "contract")
	check_eq(panel.interact_role(), "panel", "role")
	check_eq(panel.pointer_info(), {"title": "Coater", "detail": ""}, "pointer info")
	var body: StaticBody = panel.get_node("PointerBody")
	check(Interactable.of(body) == panel, "registered on its body")
	check_eq(body.collision_layer, PhysicsLayers.bit(PhysicsLayers.UI), "UI layer")
	panel.set_highlighted(true)
	check(panel.is_highlighted() and panel.get_node("Highlight").visible, "highlight frame")
	panel.set_highlighted(false)
	check(not panel.get_node("Highlight").visible, "highlight off")


func test_panel_has_a_back() -> void:
	var panel: Spatial = machine.screen
	check(panel.has_back_plate(), "a back plate")
	var back: MeshInstance = panel.get_node("BackPlate")
	var local_box: AABB = back.transform.xform(back.get_aabb())
	check(local_box.end.z < 0.0, "behind the picture: %s" % str(local_box))
	check(local_box.size.x >= panel.size_m.x and local_box.size.y >= panel.size_m.y,
			"covers the picture from behind")
	var plate: Spatial = machine.get_node("Sign")
	check(plate.has_back_plate(), "signs have a back too")


func test_ray_at_an_angle_hits_the_control_it_points_at() -> void:
	feed(_coater_state("idle", 0.0))
	yield(frames(2), "completed")
	yield(physics_frames(2), "completed")
	var panel: Spatial = machine.screen
	var value: Control = machine.screen_ui.param_row("time_min").get_node("Value")
	var target: Vector3 = panel.global_point_of(value)
	var space := panel.get_world().direct_space_state
	for angle in [0.0, 35.0, 60.0]:
		var dir: Vector3 = panel.global_transform.basis.z.rotated(
				panel.global_transform.basis.y.normalized(), deg2rad(angle)).normalized()
		var from: Vector3 = target + dir * 1.5
		var hit: Dictionary = space.intersect_ray(from, target - dir * 0.5, [],
				PhysicsLayers.bit(PhysicsLayers.UI))
		if not check(not hit.empty(), "the ray at %d° hits the panel" % angle):
			continue
		var pixel: Vector2 = panel.pixel_at(hit["position"])
		var rect: Rect2 = value.get_global_rect()
		check(pixel.distance_to(rect.position + rect.size / 2) < 1.0,
				"at %d° the hit is the control's centre: %s vs %s" % [angle, str(pixel),
				str(rect.position + rect.size / 2)])
		var behind: Dictionary = space.intersect_ray(target - dir * 1.5, target + dir * 0.5,
				[], PhysicsLayers.bit(PhysicsLayers.UI))
		check(not behind.empty() and panel.is_behind(behind["position"]),
				"from behind, the hit is on the back")


func test_screen_fits_with_long_texts() -> void:
	feed(_coater_state("idle", 0.0))
	var ui: Control = machine.screen_ui
	ui.show_guide({"comma_gap_um": 200, "time_min": 45, "side": "B",
			"dispersion_speed_rpm": 1500})
	machine.screen_ui.show_message("Refused (start_machine): load a pot of slurry (side A) or "
			+ "a roll coated on side A (side B) into the coater roll slot, and a foil roll "
			+ "(current collector) into the coater foil slot, then press start again")
	yield(frames(3), "completed")
	var panel: Spatial = machine.screen
	for problem in Fit.layout_problems(ui, panel.get_pixel_size(), panel.pixels_per_m,
			UiKit.READ_DISTANCE_M, "coater"):
		check(false, problem)
	check(ui.fits(), "fits")
	check(Fit.smallest_font_px(ui) >= UiKit.min_font_px(panel.pixels_per_m), "legible")
