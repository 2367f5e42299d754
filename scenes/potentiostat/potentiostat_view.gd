extends "res://scenes/machines/machine_view.gd"
## The potentiostat: 9 cell channels, each with its own screen (Wh/kg, GCPL chart, feedback).
##
## Results come from the room state's "potentiostat" object; loading and starting go through the
## machine's slots ("1" … "9") and its main screen like any other machine.

const CellScreen = preload("cell_screen.gd")
const CHANNELS = 9
const CELL_SCREEN_M = Vector2(0.74, 0.54)
const CELL_PITCH = Vector2(0.78, 0.58)
const BOARD_BOTTOM_M = 0.15

var cell_screens := []
var cell_panels := []


func _ready() -> void:
	if Engine.editor_hint:
		return
	var board_size := Vector3(3 * CELL_PITCH.x + 0.1, 3 * CELL_PITCH.y + 0.1, 0.05)
	var board_bottom := top_y + BOARD_BOTTOM_M
	var board := MachineShapes.box(self, board_size,
			Vector3(0, board_bottom + board_size.y / 2, -body_size.z / 2), MachineShapes.DARK)
	board.name = "Board"
	for i in range(CHANNELS):
		var panel := Panel3D.new()
		panel.name = "Channel%d" % (i + 1)
		panel.size_m = CELL_SCREEN_M
		panel.pixels_per_m = 680.0
		panel.interactive = false
		var col := i % 3
		var row := i / 3
		panel.translation = Vector3((col - 1) * CELL_PITCH.x,
				board_bottom + 0.05 + (2.5 - row) * CELL_PITCH.y, -body_size.z / 2 + 0.04)
		var ui := CellScreen.new()
		panel.content.add_child(ui)
		add_child(panel)
		ui.rect_size = panel.get_pixel_size()
		ui.show_result(i, null)
		cell_screens.append(ui)
		cell_panels.append(panel)
	_sign.translation.y = board_bottom + board_size.y + 0.25
	var bridge := get_node_or_null("/root/Bridge")
	if bridge != null:
		bridge.follow_state(self, "show_room_state")


## Picks the potentiostat results out of a room state and shows them.
func show_room_state(room_state: Dictionary) -> void:
	var section = room_state.get("potentiostat", {})
	var entries = section.get("slots", []) if typeof(section) == TYPE_DICTIONARY else []
	if typeof(entries) != TYPE_ARRAY:
		entries = []
	for i in range(CHANNELS):
		cell_screens[i].show_result(i, entries[i] if i < entries.size() else null)
		cell_panels[i].refresh()


func get_cell_screen(index: int) -> Control:
	return cell_screens[index]
