extends "res://tests/godot/lib/test_case.gd"
## A machine node shows the state message it is sent and turns presses into intents.

const MachineView = preload("res://scenes/machines/machine_view.gd")

var machine: Spatial


func before_each() -> void:
	reset_bridge()
	machine = MachineView.new()
	machine.machine_id = "coater"
	machine.py_script = "res://scripts_py/machines/coater.py"
	machine.display_name = "Coater"
	machine.default_slots = PoolStringArray(["roll"])
	add_child(machine)


func _coater_state(status: String, remaining: float) -> Dictionary:
	return {"t": "state", "version": 3, "sim_time_s": 0.0, "machines": {"coater": {
		"kind": "coater", "status": status, "remaining_s": remaining, "duration_s": 7200.0,
		"slots": {"roll": "slurry-1", "foil": null},
		"params": {"comma_gap_um": 200, "side": "A"},
		"param_specs": [
			{"name": "comma_gap_um", "unit": "µm", "default": 200, "range": [10, 1000]},
			{"name": "side", "unit": "", "default": "A", "choices": ["A", "B"]},
		]}}}


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
	feed(_coater_state("done", 0.0))
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
			"name": "comma_gap_um", "value": 250.0}}, "plus steps by a nice step")
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


func test_rejection_is_shown() -> void:
	feed(_coater_state("idle", 0.0))
	var intent_id: int = bridge().send_intent("start_machine", {"machine": "coater"})
	feed({"t": "rejected", "id": intent_id, "type": "start_machine",
			"args": {"machine": "coater"}, "reason": "no foil loaded"})
	var text: String = machine.screen_ui.get_message()
	check(text.find("no foil loaded") >= 0, "rejection on the screen: " + text)


func _click(panel: Spatial, control: Control) -> void:
	var point: Vector3 = panel.global_point_of(control)
	panel.pointer("press", point)
	panel.pointer("release", point)
