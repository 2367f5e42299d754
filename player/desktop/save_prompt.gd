extends PanelContainer
## The observer's save prompt on the desktop HUD: "Save the room as", a name field (prefilled,
## selected, so typing replaces it), Enter saves, Esc cancels. A name the host would refuse
## keeps the prompt open and says why (Protocol.save_name_problem).

## Enter with a valid save name (spaces collapsed).
signal confirmed(name)
## Esc: closed without saving.
signal cancelled

const UiKit = preload("res://scenes/ui3d/ui_kit.gd")
const Protocol = preload("res://addons/bmm_bridge/protocol.gd")
## Width of the prompt [px].
const WIDTH_PX = 480

var _line: LineEdit
var _problem: Label


func _init() -> void:
	name = "SavePrompt"
	add_stylebox_override("panel", UiKit.box(Color(0.06, 0.1, 0.16, 0.94), 8, 16))
	anchor_left = 0.5
	anchor_right = 0.5
	anchor_top = 0.5
	anchor_bottom = 0.5
	margin_left = -WIDTH_PX / 2.0
	margin_right = WIDTH_PX / 2.0
	margin_top = -170
	margin_bottom = -170  # as tall as its rows
	var column := VBoxContainer.new()
	column.add_child(UiKit.wrapped("Save the room as", 20, UiKit.TEXT_AMBER, true))
	_line = LineEdit.new()
	_line.name = "SaveName"
	_line.max_length = Protocol.SAVE_NAME_MAX
	_line.add_font_override("font", UiKit.font(20))
	_line.connect("text_entered", self, "_on_entered")
	_line.connect("gui_input", self, "_on_key")
	column.add_child(_line)
	_problem = UiKit.wrapped("", 16, UiKit.TEXT_RED)
	column.add_child(_problem)
	column.add_child(UiKit.wrapped("Enter: save · Esc: cancel", 16, UiKit.INK_DIM))
	for child in column.get_children():
		child.rect_min_size = Vector2(WIDTH_PX - 32, 0)
	add_child(column)
	visible = false


## Opens with `suggested` in the field, selected, and the keyboard on it.
func open(suggested: String) -> void:
	_line.text = suggested
	_show_problem("")
	visible = true
	_line.grab_focus()
	_line.select_all()
	_line.caret_position = suggested.length()


func close() -> void:
	if visible:
		_line.release_focus()
	visible = false


func is_open() -> bool:
	return visible


## The name field (tests type into it).
func line() -> LineEdit:
	return _line


## Why the typed name cannot be saved ("" when fine).
func problem_label() -> Label:
	return _problem


func _on_entered(text: String) -> void:
	var problem := Protocol.save_name_problem(text)
	if problem != "":
		_show_problem(problem)
		return
	close()
	emit_signal("confirmed", Protocol.save_name(text))


func _show_problem(text: String) -> void:
	_problem.text = text
	_problem.visible = text != ""


func _on_key(event: InputEvent) -> void:
	if event is InputEventKey and event.pressed and event.scancode == KEY_ESCAPE:
		_line.accept_event()
		close()
		emit_signal("cancelled")
