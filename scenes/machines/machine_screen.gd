extends PanelContainer
## A machine's screen: name, status, time left, parameters with -/+ and keypad entry, Start.
##
## Pure view: it shows a machine state entry (show_state) and emits what the user asked for.

## The user wants parameter `name` set to `value` (a number or one of its choices).
signal set_param_requested(name, value)
## The user pressed the start button.
signal start_requested

const UiKit = preload("res://scenes/ui3d/ui_kit.gd")
const Keypad = preload("keypad.gd")

var title := "Machine"
var start_label := "Start"
## Pixel size of the screen; the layout is put back to it after every change (autowrapped
## labels briefly ask for more height while they learn their width).
var screen_size := Vector2()

var _state := {}
var _specs := {}
var _title_label: Label
var _status_label: Label
var _time_label: Label
var _progress: ProgressBar
var _params_box: VBoxContainer
var _editor_box: VBoxContainer
var _edit_title: Label
var _edit_range: Label
var _edit_field: LineEdit
var _keypad: GridContainer
var _slots_label: Label
var _message_label: Label
var _start_button: Button
var _editing := ""
var _rows := {}


func _init() -> void:
	add_stylebox_override("panel", UiKit.box(UiKit.SCREEN_BG, 10, 18))
	var root := VBoxContainer.new()
	root.add_constant_override("separation", 8)
	add_child(root)
	var header := HBoxContainer.new()
	_title_label = UiKit.label(title, 34, UiKit.INK, true)
	_title_label.size_flags_horizontal = SIZE_EXPAND_FILL
	_title_label.clip_text = true
	header.add_child(_title_label)
	_status_label = UiKit.label("IDLE", 26, Color.white, true)
	_status_label.add_stylebox_override("normal", UiKit.box(UiKit.GREY, 6, 14))
	header.add_child(_status_label)
	root.add_child(header)
	_time_label = UiKit.label("Waiting for the runtime…", 24, UiKit.INK_DIM)
	root.add_child(_time_label)
	_progress = ProgressBar.new()
	_progress.rect_min_size = Vector2(0, 14)
	_progress.percent_visible = false
	_progress.add_stylebox_override("bg", UiKit.box(UiKit.FIELD_BG, 4, 0))
	_progress.add_stylebox_override("fg", UiKit.box(UiKit.AMBER, 4, 0))
	root.add_child(_progress)
	_params_box = VBoxContainer.new()
	_params_box.add_constant_override("separation", 6)
	_params_box.size_flags_vertical = SIZE_EXPAND_FILL
	root.add_child(_params_box)
	var none := UiKit.label("", 24, UiKit.INK_DIM)
	none.name = "NoSettings"
	none.autowrap = true
	none.rect_min_size = Vector2(560, 0)
	_params_box.add_child(none)
	_build_editor(root)
	_slots_label = UiKit.label("", 22, UiKit.INK_DIM)
	_slots_label.clip_text = true
	root.add_child(_slots_label)
	_message_label = UiKit.label("", 22, UiKit.RED)
	_message_label.autowrap = true
	_message_label.rect_min_size = Vector2(560, 0)
	root.add_child(_message_label)
	_start_button = UiKit.button(start_label, 30, UiKit.GREEN)
	_start_button.name = "StartButton"
	_start_button.rect_min_size = Vector2(0, 64)
	_start_button.connect("pressed", self, "_on_start_pressed")
	root.add_child(_start_button)


func _build_editor(root: VBoxContainer) -> void:
	_editor_box = VBoxContainer.new()
	_editor_box.visible = false
	_editor_box.size_flags_vertical = SIZE_EXPAND_FILL
	var line := HBoxContainer.new()
	_edit_title = UiKit.label("", 24, UiKit.INK, true)
	_edit_title.size_flags_horizontal = SIZE_EXPAND_FILL
	line.add_child(_edit_title)
	_edit_field = LineEdit.new()
	_edit_field.name = "ValueField"
	_edit_field.rect_min_size = Vector2(200, 0)
	_edit_field.add_font_override("font", UiKit.font(28, true))
	_edit_field.add_stylebox_override("normal", UiKit.box(UiKit.FIELD_BG.lightened(0.1), 4, 10))
	_edit_field.add_stylebox_override("focus", UiKit.box(UiKit.BLUE.darkened(0.3), 4, 10))
	_edit_field.connect("text_entered", self, "_on_edit_entered")
	line.add_child(_edit_field)
	_editor_box.add_child(line)
	_edit_range = UiKit.label("", 20, UiKit.INK_DIM)
	_editor_box.add_child(_edit_range)
	_keypad = Keypad.new()
	_keypad.name = "Keypad"
	_keypad.target = _edit_field
	_keypad.connect("confirmed", self, "commit_edit")
	_keypad.connect("cancelled", self, "cancel_edit")
	_editor_box.add_child(_keypad)
	root.add_child(_editor_box)


func set_title(text: String, button_text: String) -> void:
	title = text
	start_label = button_text
	_title_label.text = text
	_start_button.text = button_text
	_params_box.get_node("NoSettings").text = (
		"No settings on this machine: put the item on its pad and press “%s”." % button_text)


## Shows one machine entry of the room state.
func show_state(entry: Dictionary) -> void:
	_state = entry
	var status := str(entry.get("status", "idle"))
	_status_label.text = status.to_upper()
	_status_label.add_stylebox_override("normal", UiKit.box(UiKit.status_color(status), 6, 14))
	var remaining := float(entry.get("remaining_s", 0.0))
	var duration := float(entry.get("duration_s", 0.0))
	match status:
		"running":
			_time_label.text = "Time left: " + UiKit.format_duration(remaining)
			_progress.value = 100.0 * (1.0 - remaining / duration) if duration > 0.0 else 0.0
		"done":
			_time_label.text = "Done — take the product out"
			_progress.value = 100.0
		_:
			_time_label.text = "Ready — load the machine, set the parameters, start"
			_progress.value = 0.0
	_start_button.disabled = status == "running"
	_show_slots(entry.get("slots", {}))
	_show_params(entry.get("param_specs", []), entry.get("params", {}))
	fit()


## Puts the layout back to the screen size.
func fit() -> void:
	if screen_size != Vector2():
		rect_size = screen_size


func show_message(text: String) -> void:
	_message_label.text = text
	fit()


func get_message() -> String:
	return _message_label.text


func get_time_text() -> String:
	return _time_label.text


func get_status_text() -> String:
	return _status_label.text


func get_start_button() -> Button:
	return _start_button


func _show_slots(slots) -> void:
	if typeof(slots) != TYPE_DICTIONARY or slots.empty():
		_slots_label.text = ""
		return
	var parts := []
	var names: Array = slots.keys()
	names.sort()
	for slot in names:
		var item = slots[slot]
		if typeof(item) == TYPE_DICTIONARY:
			item = item.get("item")
		parts.append("%s: %s" % [slot, "—" if item == null else str(item)])
	_slots_label.text = PoolStringArray(parts).join("   ")


## A parameter spec in the screen's terms: "range": [lo, hi] becomes min/max, an empty
## "choices" list is dropped, nulls are removed.
static func normalize_spec(raw: Dictionary) -> Dictionary:
	var spec := {}
	for key in raw:
		if raw[key] != null:
			spec[key] = raw[key]
	var bounds = raw.get("range")
	if typeof(bounds) == TYPE_ARRAY and bounds.size() == 2:
		if bounds[0] != null and not spec.has("min"):
			spec["min"] = bounds[0]
		if bounds[1] != null and not spec.has("max"):
			spec["max"] = bounds[1]
	spec.erase("range")
	if typeof(spec.get("choices")) == TYPE_ARRAY and spec["choices"].empty():
		spec.erase("choices")
	return spec


func _show_params(raw_specs, values) -> void:
	var specs := []
	if typeof(raw_specs) == TYPE_ARRAY:
		for raw in raw_specs:
			if typeof(raw) == TYPE_DICTIONARY and raw.has("name"):
				specs.append(normalize_spec(raw))
	if typeof(values) != TYPE_DICTIONARY:
		values = {}
	var names := []
	for spec in specs:
		names.append(str(spec["name"]))
	if names != _specs.keys():
		_rebuild_rows(specs)
	_params_box.get_node("NoSettings").visible = names.empty()
	for name in names:
		var value = values.get(name, _specs[name].get("default"))
		_rows[name].get_node("Value").text = _value_text(value, _specs[name])


func _rebuild_rows(specs: Array) -> void:
	for child in _params_box.get_children():
		if child.name == "NoSettings":
			continue
		_params_box.remove_child(child)
		child.queue_free()
	_specs.clear()
	_rows.clear()
	for spec in specs:
		if typeof(spec) != TYPE_DICTIONARY or not spec.has("name"):
			continue
		var name := str(spec["name"])
		_specs[name] = spec
		var row := HBoxContainer.new()
		row.name = "Param_" + name
		var unit := str(spec.get("unit", ""))
		var text := UiKit.pretty_name(name) + (" [%s]" % unit if unit != "" else "")
		var l := UiKit.label(text, 24)
		l.size_flags_horizontal = SIZE_EXPAND_FILL
		l.clip_text = true
		row.add_child(l)
		var minus := UiKit.button("−", 28, UiKit.FIELD_BG.lightened(0.15))
		minus.name = "Minus"
		minus.rect_min_size = Vector2(52, 44)
		minus.connect("pressed", self, "step_param", [name, -1])
		row.add_child(minus)
		var value := UiKit.button("", 26, UiKit.FIELD_BG)
		value.name = "Value"
		value.rect_min_size = Vector2(150, 44)
		value.connect("pressed", self, "begin_edit", [name])
		row.add_child(value)
		var plus := UiKit.button("+", 28, UiKit.FIELD_BG.lightened(0.15))
		plus.name = "Plus"
		plus.rect_min_size = Vector2(52, 44)
		plus.connect("pressed", self, "step_param", [name, 1])
		row.add_child(plus)
		_params_box.add_child(row)
		_rows[name] = row


## The row of parameter `name` (children Minus, Value, Plus), or null.
func param_row(name: String) -> HBoxContainer:
	return _rows.get(name)


func _value_text(value, spec: Dictionary) -> String:
	if value == null:
		return "auto"
	return UiKit.format_number(value) if spec.has("min") or spec.has("max") else str(value)


func _current_value(name: String):
	var values = _state.get("params", {})
	if typeof(values) == TYPE_DICTIONARY and values.has(name):
		return values[name]
	return _specs.get(name, {}).get("default", 0)


## -1 or +1 press on a parameter: next choice, or value ± step clamped to the input range.
func step_param(name: String, direction: int) -> void:
	var spec: Dictionary = _specs.get(name, {})
	var value = _current_value(name)
	var choices = spec.get("choices")
	if typeof(choices) == TYPE_ARRAY and not choices.empty():
		var index = choices.find(value)
		emit_signal("set_param_requested", name,
				choices[posmod(index + direction, choices.size())])
		return
	if value == null:
		value = spec.get("min", 0.0)
	var stepped := float(value) + direction * _step_of(spec)
	emit_signal("set_param_requested", name, _clamp(stepped, spec))


func _step_of(spec: Dictionary) -> float:
	if spec.has("step"):
		return float(spec["step"])
	if spec.has("min") and spec.has("max"):
		var span := float(spec["max"]) - float(spec["min"])
		var raw := span / 20.0
		var magnitude := pow(10.0, floor(log(raw) / log(10.0))) if raw > 0.0 else 1.0
		for nice in [1.0, 2.0, 5.0, 10.0]:
			if raw <= nice * magnitude:
				return nice * magnitude
	return 1.0


func _clamp(value: float, spec: Dictionary) -> float:
	if spec.has("min"):
		value = max(value, float(spec["min"]))
	if spec.has("max"):
		value = min(value, float(spec["max"]))
	return stepify(value, 1e-6)


## Opens the keypad on parameter `name` (the field takes keyboard focus for desktop typing).
func begin_edit(name: String) -> void:
	var spec: Dictionary = _specs.get(name, {})
	var choices = spec.get("choices")
	if typeof(choices) == TYPE_ARRAY and not choices.empty():
		step_param(name, 1)
		return
	_editing = name
	_edit_title.text = UiKit.pretty_name(name) + (
		" [%s]" % spec["unit"] if str(spec.get("unit", "")) != "" else "")
	var hint := "Allowed input: %s – %s" % [
		UiKit.format_number(spec.get("min", "…")), UiKit.format_number(spec.get("max", "…"))]
	if spec.has("default"):
		hint += "   (default %s)" % UiKit.format_number(spec["default"])
	_edit_range.text = hint
	_edit_field.text = ""
	_edit_field.placeholder_text = UiKit.format_number(_current_value(name))
	_params_box.visible = false
	_editor_box.visible = true
	_edit_field.grab_focus()
	fit()


func is_editing() -> bool:
	return _editing != ""


func get_edit_field() -> LineEdit:
	return _edit_field


func get_keypad() -> GridContainer:
	return _keypad


func _on_edit_entered(_text: String) -> void:
	commit_edit()


## Sends the typed value (if it is a number) and closes the keypad.
func commit_edit() -> void:
	var name := _editing
	var text := _edit_field.text.strip_edges().replace(",", ".")
	if name == "":
		return
	if not text.is_valid_float():
		show_message("“%s” is not a number" % text if text != "" else "Type a value first")
		return
	cancel_edit()
	show_message("")
	emit_signal("set_param_requested", name, _clamp(float(text), _specs.get(name, {})))


func cancel_edit() -> void:
	_editing = ""
	_edit_field.release_focus()
	_editor_box.visible = false
	_params_box.visible = true
	fit()


func _on_start_pressed() -> void:
	show_message("")
	emit_signal("start_requested")
