extends Spatial
## The time control panel: shows the simulated clock and jumps +20 min, +1 h, +4 h, +8 h
## (skip_time intents; the runtime advances the clock and finishes runs in order).

## A time-skip button was pressed (the intent is sent through the Bridge).
signal skip_requested(seconds)

const UiKit = preload("res://scenes/ui3d/ui_kit.gd")
const Panel3D = preload("res://scenes/ui3d/panel_3d.gd")
const MachineShapes = preload("res://scenes/machines/machine_shapes.gd")
const STEPS = [[1200, "+20 min"], [3600, "+1 h"], [14400, "+4 h"], [28800, "+8 h"]]

var panel: Spatial
var buttons := {}

var _clock: Label
var _running: Label


func _ready() -> void:
	MachineShapes.box(self, Vector3(0.1, 1.0, 0.1), Vector3(0, 0.5, 0), MachineShapes.DARK)
	panel = Panel3D.new()
	panel.name = "Screen"
	panel.size_m = Vector2(0.8, 0.5)
	panel.translation = Vector3(0, 1.3, 0.02)
	panel.rotation_degrees = Vector3(-15, 0, 0)
	var ui := PanelContainer.new()
	ui.add_stylebox_override("panel", UiKit.box(UiKit.SCREEN_BG, 10, 18))
	var box := VBoxContainer.new()
	box.add_constant_override("separation", 10)
	ui.add_child(box)
	box.add_child(UiKit.label("Time control", 30, UiKit.INK, true))
	_clock = UiKit.label(UiKit.format_clock(0), 40, UiKit.AMBER, true)
	box.add_child(_clock)
	_running = UiKit.label("No machine running", 20, UiKit.INK_DIM)
	_running.clip_text = true
	box.add_child(_running)
	var row := HBoxContainer.new()
	row.add_constant_override("separation", 10)
	for step in STEPS:
		var b := UiKit.button(step[1], 30, UiKit.BLUE)
		b.name = "Skip%d" % step[0]
		b.rect_min_size = Vector2(0, 90)
		b.size_flags_horizontal = Control.SIZE_EXPAND_FILL
		b.connect("pressed", self, "request_skip", [step[0]])
		row.add_child(b)
		buttons[step[0]] = b
	box.add_child(row)
	panel.content.add_child(ui)
	add_child(panel)
	ui.rect_size = panel.get_pixel_size()
	var bridge := get_node_or_null("/root/Bridge")
	if bridge != null:
		bridge.follow_state(self, "show_state")


## Sends skip_time for `seconds` of simulated time.
func request_skip(seconds: int) -> void:
	emit_signal("skip_requested", seconds)
	var bridge := get_node_or_null("/root/Bridge")
	if bridge != null:
		bridge.send_intent("skip_time", {"seconds": seconds})


func show_state(room_state: Dictionary) -> void:
	_clock.text = UiKit.format_clock(float(room_state.get("sim_time_s", 0.0)))
	var running := []
	var machines = room_state.get("machines", {})
	if typeof(machines) == TYPE_DICTIONARY:
		for machine_id in machines:
			var m = machines[machine_id]
			if typeof(m) == TYPE_DICTIONARY and m.get("status") == "running":
				running.append("%s %s" % [machine_id, UiKit.format_duration(
					float(m.get("remaining_s", 0.0)))])
	_running.text = ("Running: " + PoolStringArray(running).join(", ")) if running else (
		"No machine running")
	panel.refresh()


func get_clock_text() -> String:
	return _clock.text
