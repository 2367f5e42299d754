extends "res://scenes/ui3d/panel_3d.gd"
## The VR wrist's observer panel, shown only on an observer's seat (the instructor watching
## from the game): says "Observing", carries a "Save room" button pressed with the other
## hand's ray (the name is "observed HH-MM" of the local time) and shows the runtime's answer
## (saved, or why not). Renders only when it changes.

## The Save room button was pressed: save the room as `name`.
signal save_pressed(name)

const Observer = preload("res://player/observer.gd")
const WIDTH_PX = 480

var _box: PanelContainer
var _note: Label
var _save_button: Button
var _answer: Label


func _init() -> void:
	name = "ObserverPanel"
	interactive = true
	always_render = false
	pixels_per_m = 2400.0
	pointer_title = "Observing"
	_box = PanelContainer.new()
	_box.add_stylebox_override("panel", UiKit.box(Color(0.28, 0.16, 0.42, 0.94), 8, 14))
	var column := VBoxContainer.new()
	_note = UiKit.wrapped(Observer.NOTE, 20, UiKit.INK, true)
	column.add_child(_note)
	_save_button = UiKit.button("Save room", 22, UiKit.BLUE)
	_save_button.name = "SaveRoom"
	_save_button.rect_min_size = Vector2(0, 56)
	_save_button.connect("pressed", self, "_on_save")
	column.add_child(_save_button)
	_answer = UiKit.wrapped("", 18, UiKit.TEXT_AMBER)
	column.add_child(_answer)
	for label in [_note, _answer]:
		label.rect_min_size = Vector2(WIDTH_PX - 28, 0)
	_box.add_child(column)
	_box.rect_min_size = Vector2(WIDTH_PX, 0)
	content.add_child(_box)
	size_m = Vector2(WIDTH_PX, 160) / pixels_per_m


func _ready() -> void:
	_redraw()


## Shows the answer to the last save ("" clears it).
func show_answer(text: String) -> void:
	if text != _answer.text:
		_answer.text = text
		_redraw()


func get_answer_text() -> String:
	return _answer.text


func get_note_text() -> String:
	return _note.text


## The Save room button (tests aim at it).
func save_button() -> Button:
	return _save_button


func _on_save() -> void:
	emit_signal("save_pressed", Observer.default_save_name(OS.get_datetime()))


## Fits the panel to its rows and renders it once more.
func _redraw() -> void:
	fit_to(_box, WIDTH_PX)
