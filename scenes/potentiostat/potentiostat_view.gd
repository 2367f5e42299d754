extends "res://scenes/machines/machine_view.gd"
## The potentiostat: 9 cell channels, each with its own screen (Wh/kg, GCPL chart, feedback).
##
## Results come from the room state's "potentiostat" object; loading and starting go through the
## machine's slots ("1" … "9") and its main screen like any other machine. The channel screens
## hang on a board behind the machine, 3 × 3, sized so a student 1.5–2 m away reads the
## figures, the chart's axes and the feedback (UiKit: 14 px at 700 px/m is the smallest text);
## each has a button for its feedback pages.

const CellScreen = preload("cell_screen.gd")
const CHANNELS = 9
## One channel screen [m] and the distance between screens [m].
const CELL_SCREEN_M = Vector2(0.86, 0.64)
const CELL_PITCH = Vector2(0.9, 0.68)
const CELL_PIXELS_PER_M = 700.0
## Height of the board's bottom above the machine's top [m].
const BOARD_BOTTOM_M = 0.15
## The board sits left of centre so the main screen (at the right) hides no channel [m].
const BOARD_SHIFT_X_M = -0.25

var cell_screens := []
var cell_panels := []


func _ready() -> void:
	if Engine.editor_hint:
		return
	var board_size := Vector3(3 * CELL_PITCH.x + 0.1, 3 * CELL_PITCH.y + 0.1, 0.05)
	var board_bottom := top_y + BOARD_BOTTOM_M
	var board := MachineShapes.box(self, board_size, Vector3(BOARD_SHIFT_X_M,
			board_bottom + board_size.y / 2, -body_size.z / 2), MachineShapes.DARK)
	board.name = "Board"
	for i in range(CHANNELS):
		var panel := Panel3D.new()
		panel.name = "Channel%d" % (i + 1)
		panel.size_m = CELL_SCREEN_M
		panel.pixels_per_m = CELL_PIXELS_PER_M
		panel.interactive = true
		panel.back_plate = false
		panel.pointer_title = "Potentiostat channel %d" % (i + 1)
		var col := i % 3
		var row := i / 3
		panel.translation = Vector3(BOARD_SHIFT_X_M + (col - 1) * CELL_PITCH.x,
				board_bottom + 0.05 + (2.5 - row) * CELL_PITCH.y, -body_size.z / 2 + 0.04)
		var ui := CellScreen.new()
		ui.screen_size = panel.get_pixel_size()
		panel.content.add_child(ui)
		add_child(panel)
		ui.show_result(i, null)
		cell_screens.append(ui)
		cell_panels.append(panel)
	_sign.translation.y = board_bottom + board_size.y + 0.25
	_sign.translation.x = BOARD_SHIFT_X_M
	var bridge := get_node_or_null("/root/Bridge")
	if bridge != null:
		bridge.follow_state(self, "show_room_state")


## Picks the potentiostat results out of a room state and shows them.
func show_room_state(room_state: Dictionary) -> void:
	var section = room_state.get("potentiostat", {})
	var entries = section.get("slots", []) if typeof(section) == TYPE_DICTIONARY else []
	if typeof(entries) != TYPE_ARRAY:
		entries = []
	var items = room_state.get("items", {})
	if typeof(items) != TYPE_DICTIONARY:
		items = {}
	for i in range(CHANNELS):
		var entry = entries[i] if i < entries.size() else null
		cell_screens[i].show_result(i, entry, _cell_name(entry, items))
		cell_panels[i].refresh()


static func _cell_name(entry, items: Dictionary) -> String:
	if typeof(entry) != TYPE_DICTIONARY:
		return ""
	var item = items.get(str(entry.get("cell_id", "")))
	if typeof(item) != TYPE_DICTIONARY:
		return ""
	if item.get("name") != null:
		return str(item["name"])
	var label = item.get("label")
	if typeof(label) == TYPE_DICTIONARY and label.get("title") != null:
		return str(label["title"])
	return ""


func get_cell_screen(index: int) -> Control:
	return cell_screens[index]


func get_cell_panel(index: int) -> Spatial:
	return cell_panels[index]
