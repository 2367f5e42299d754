extends Spatial
## The time control panel: shows the simulated clock and jumps +20 min, +1 h, +4 h, +8 h
## (skip_time intents; the runtime advances the clock and finishes runs in order).

## A time-skip button was pressed (the intent is sent through the Bridge).
signal skip_requested(seconds)

const UiKit = preload("res://scenes/ui3d/ui_kit.gd")
const Panel3D = preload("res://scenes/ui3d/panel_3d.gd")
const MachineShapes = preload("res://scenes/machines/machine_shapes.gd")
const STEPS = [[1200, "+20 min"], [3600, "+1 h"], [14400, "+4 h"], [28800, "+8 h"]]
## Machines named in the "Running" line before it says "and N more".
const MAX_RUNNING_SHOWN = 3

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
	panel.pointer_title = "Time control"
	var ui := PanelContainer.new()
	ui.name = "UI"
	ui.add_stylebox_override("panel", UiKit.box(UiKit.SCREEN_BG, 10, 36))
	var box := VBoxContainer.new()
	box.add_constant_override("separation", 10)
	ui.add_child(box)
	var head := HBoxContainer.new()
	var title := UiKit.wrapped("Time control", 30, UiKit.INK, true)
	title.name = "Title"
	head.add_child(title)
	_clock = UiKit.label(UiKit.format_clock(0), 40, UiKit.AMBER, true)
	_clock.name = "Clock"
	head.add_child(_clock)
	box.add_child(head)
	_running = UiKit.wrapped("No machine running", 22, UiKit.INK_DIM)
	_running.name = "Running"
	_running.size_flags_vertical = Control.SIZE_EXPAND_FILL
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
	UiKit.hold_size(ui, panel.get_pixel_size())
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
		var ids: Array = machines.keys()
		ids.sort()
		for machine_id in ids:
			var m = machines[machine_id]
			if typeof(m) == TYPE_DICTIONARY and m.get("status") == "running":
				running.append([float(m.get("remaining_s", 0.0)), "%s (%s)" % [
					_machine_name(str(machine_id), m),
					UiKit.format_minutes(float(m.get("remaining_s", 0.0)))]])
	running.sort_custom(SoonestFirst, "before")
	var names := []
	for entry in running:
		names.append(entry[1])
	if names.size() > MAX_RUNNING_SHOWN:
		var more := names.size() - MAX_RUNNING_SHOWN
		names.resize(MAX_RUNNING_SHOWN)
		names.append("%d more" % more)
	_running.text = ("Running: " + PoolStringArray(names).join(", ")) if names else (
		"No machine running")
	panel.refresh()


## The machine's name as the room shows it: its node's display name, else the state's title.
func _machine_name(machine_id: String, entry: Dictionary) -> String:
	var bridge := get_node_or_null("/root/Bridge")
	if bridge != null and bridge.has_method("get_machine"):
		var node = bridge.get_machine(machine_id)
		if node != null and node.get("display_name") != null and str(node.display_name) != "":
			return str(node.display_name)
	if entry.get("title") != null and str(entry["title"]) != "":
		return UiKit.capitalized(str(entry["title"]))
	return UiKit.pretty_name(machine_id)


func get_clock_text() -> String:
	return _clock.text


func get_running_text() -> String:
	return _running.text


class SoonestFirst:
	static func before(a: Array, b: Array) -> bool:
		return a[0] < b[0] or (a[0] == b[0] and a[1] < b[1])
