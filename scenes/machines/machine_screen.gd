extends PanelContainer  # gdlint: ignore=max-public-methods
## A machine's screen: name, status, time left, settings with -/+ and keypad entry, Start.
##
## Pure view: it shows a machine state entry (show_state) and emits what the user asked for.
## Text wraps and the whole screen shrinks its fonts to fit its pixel size (never below the
## smallest legible size, UiKit.min_font_px); while a run is going every setting is locked.

## The user wants parameter `name` set to `value` (a number or one of its choices).
signal set_param_requested(name, value)
## The user wants several parameters set at once ({name: value}, "Use recipe values").
signal set_params_requested(values)
## The user pressed the start button.
signal start_requested
## The user wants the clock moved to the end of the run [s, whole minutes].
signal skip_requested(seconds)

const UiKit = preload("res://scenes/ui3d/ui_kit.gd")
const Keypad = preload("keypad.gd")
const LOCKED_NOTE = "Running — settings are locked until the run ends"
## Font scales tried, largest first, until the content fits the screen.
const SCALES = [1.0, 0.92, 0.85, 0.78, 0.72, 0.66, 0.6, 0.55, 0.5]
## Font sizes at scale 1 [px].
const PX_TITLE = 30
const PX_STATUS = 22
const PX_TEXT = 22
const PX_NAME = 22
const PX_SMALL = 20
const PX_VALUE = 24
const PX_STEP = 28
const PX_BUTTON = 26
## Row and button heights at scale 1 [px] (never below MIN_TARGET_PX: a pointer must hit it).
const ROW_PX = 46
const BUTTON_PX = 58
const MIN_TARGET_PX = 36
const STEP_W_PX = 52
const MARGIN_PX = 16
## Panels of machine screens, when the screen is not shown on one [px/m].
const DEFAULT_PIXELS_PER_M = 800.0

var title := "Machine"
var start_label := "Start"
## Pixel size of the screen; the layout is put back to it after every change (autowrapped
## labels briefly ask for more height while they learn their width).
var screen_size := Vector2()

var _state := {}
var _specs := {}
var _guide := {}
var _names := {}
var _title_label: Label
var _status_label: Label
var _time_label: Label
var _progress: ProgressBar
var _lock_label: Label
var _params_box: VBoxContainer
var _none_label: Label
var _recipe_button: Button
var _editor_box: VBoxContainer
var _edit_title: Label
var _edit_help: Label
var _edit_range: Label
var _edit_field: LineEdit
var _keypad: GridContainer
var _slots_label: Label
var _message_label: Label
var _skip_button: Button
var _start_button: Button
var _editing := ""
var _locked := false
var _rows := {}
var _styled := []
var _fonts := {}
var _scale_index := 0


func _init() -> void:
	var style := UiKit.box(UiKit.SCREEN_BG, 10, MARGIN_PX)
	style.content_margin_top = MARGIN_PX * 0.75
	style.content_margin_bottom = MARGIN_PX * 0.75
	add_stylebox_override("panel", style)
	var root := VBoxContainer.new()
	root.name = "Root"
	root.add_constant_override("separation", 6)
	add_child(root)
	var header := HBoxContainer.new()
	header.add_constant_override("separation", 10)
	_title_label = _wrapped(title, PX_TITLE, UiKit.INK, true)
	_title_label.name = "Title"
	header.add_child(_title_label)
	_status_label = _styled_label("READY", PX_STATUS, Color.white, true)
	_status_label.name = "Status"
	_status_label.size_flags_vertical = SIZE_SHRINK_CENTER
	header.add_child(_status_label)
	root.add_child(header)
	_time_label = _wrapped("Waiting for the runtime…", PX_TEXT, UiKit.INK_DIM)
	_time_label.name = "Time"
	root.add_child(_time_label)
	_progress = UiKit.run_progress()
	root.add_child(_progress)
	_lock_label = _wrapped(LOCKED_NOTE, PX_SMALL, UiKit.TEXT_AMBER, true)
	_lock_label.name = "LockNote"
	_lock_label.visible = false
	root.add_child(_lock_label)
	_params_box = VBoxContainer.new()
	_params_box.name = "Params"
	_params_box.add_constant_override("separation", 4)
	_params_box.size_flags_vertical = SIZE_EXPAND_FILL
	root.add_child(_params_box)
	_none_label = _wrapped("", PX_TEXT, UiKit.INK_DIM)
	_none_label.name = "NoSettings"
	_params_box.add_child(_none_label)
	_recipe_button = _button("Use recipe values", PX_SMALL, UiKit.BLUE)
	_recipe_button.name = "RecipeButton"
	_recipe_button.visible = false
	_recipe_button.connect("pressed", self, "_on_recipe_pressed")
	root.add_child(_recipe_button)
	_build_editor(root)
	_slots_label = _wrapped("", PX_SMALL, UiKit.INK_DIM)
	_slots_label.name = "Slots"
	root.add_child(_slots_label)
	_message_label = _wrapped("", PX_SMALL, UiKit.TEXT_RED, true)
	_message_label.name = "Message"
	_message_label.visible = false
	root.add_child(_message_label)
	_skip_button = _button("Skip to the end", PX_BUTTON, UiKit.BLUE)
	_skip_button.name = "SkipButton"
	_skip_button.visible = false
	_skip_button.connect("pressed", self, "_on_skip_pressed")
	root.add_child(_skip_button)
	_start_button = _button(start_label, PX_BUTTON, UiKit.GREEN)
	_start_button.name = "StartButton"
	_start_button.connect("pressed", self, "_on_start_pressed")
	root.add_child(_start_button)
	_apply_fonts()


func _build_editor(root: VBoxContainer) -> void:
	_editor_box = VBoxContainer.new()
	_editor_box.name = "Editor"
	_editor_box.visible = false
	_editor_box.add_constant_override("separation", 6)
	_editor_box.size_flags_vertical = SIZE_EXPAND_FILL
	_edit_title = _wrapped("", PX_TEXT, UiKit.INK, true)
	_edit_title.name = "EditTitle"
	_editor_box.add_child(_edit_title)
	_edit_help = _wrapped("", PX_SMALL, UiKit.INK_DIM)
	_edit_help.name = "EditHelp"
	_editor_box.add_child(_edit_help)
	_edit_field = LineEdit.new()
	_edit_field.name = "ValueField"
	_edit_field.size_flags_horizontal = SIZE_EXPAND_FILL
	_edit_field.add_stylebox_override("normal", UiKit.box(UiKit.FIELD_BG.lightened(0.1), 4, 10))
	_edit_field.add_stylebox_override("focus", UiKit.box(UiKit.BLUE.darkened(0.3), 4, 10))
	_edit_field.add_stylebox_override("read_only", UiKit.box(UiKit.GREY.darkened(0.45), 4, 10))
	_edit_field.add_color_override("font_color", UiKit.INK)
	_edit_field.add_color_override("font_color_uneditable", UiKit.INK_DIM)
	_edit_field.connect("text_entered", self, "_on_edit_entered")
	_styled.append([_edit_field, PX_VALUE, true])
	_editor_box.add_child(_edit_field)
	_edit_range = _wrapped("", PX_SMALL, UiKit.INK_DIM)
	_edit_range.name = "EditRange"
	_editor_box.add_child(_edit_range)
	_keypad = Keypad.new()
	_keypad.name = "Keypad"
	_keypad.target = _edit_field
	_keypad.connect("confirmed", self, "commit_edit")
	_keypad.connect("cancelled", self, "cancel_edit")
	_editor_box.add_child(_keypad)
	root.add_child(_editor_box)


# --- Styled controls: every font is registered so the screen can scale them together ----------
func _styled_label(text: String, px: int, color: Color, bold: bool = false) -> Label:
	var l := UiKit.label(text, px, color, bold)
	_styled.append([l, px, bold])
	return l


func _wrapped(text: String, px: int, color: Color, bold: bool = false) -> Label:
	var l := UiKit.wrapped(text, px, color, bold)
	_styled.append([l, px, bold])
	return l


func _button(text: String, px: int, color: Color) -> Button:
	var b := UiKit.button(text, px, color)
	b.clip_text = false
	_styled.append([b, px, true])
	return b


func _font(px: int, bold: bool) -> DynamicFont:
	var key := "%d%s" % [px, "b" if bold else ""]
	if not _fonts.has(key):
		_fonts[key] = UiKit.font(px, bold)
	return _fonts[key]


## The smallest font this screen may use [px] (2 m reading distance in VR, UiKit).
func min_font_px() -> int:
	return UiKit.min_font_px(_pixels_per_m())


## The font size [px] of `base_px` text at the current scale.
func scaled_px(base_px: int) -> int:
	return int(max(round(base_px * SCALES[_scale_index]), min_font_px()))


## The share of the full font sizes the screen uses now (1.0 = full size).
func get_font_scale() -> float:
	return SCALES[_scale_index]


func _pixels_per_m() -> float:
	var vp := get_viewport()
	if vp != null and vp.get_parent() != null and vp.get_parent().get("pixels_per_m") != null:
		return float(vp.get_parent().get("pixels_per_m"))
	return DEFAULT_PIXELS_PER_M


func _inner_width() -> float:
	var width := screen_size.x if screen_size != Vector2() else rect_size.x
	return max(width - 2 * MARGIN_PX, 100.0)


func _apply_fonts() -> void:
	var s: float = SCALES[_scale_index]
	for entry in _styled:
		var control: Control = entry[0]
		if is_instance_valid(control):
			control.add_font_override("font", _font(scaled_px(entry[1]), entry[2]))
	var target := max(round(ROW_PX * s), MIN_TARGET_PX)
	var step_w := max(round(STEP_W_PX * s), MIN_TARGET_PX)
	var value_w := _value_width()
	for name in _rows:
		var row: HBoxContainer = _rows[name]
		var label: Label = row.get_node("NameCell/Name")
		label.rect_min_size = Vector2(_widest_word(label.text, _font(scaled_px(PX_NAME), false)), 0)
		row.rect_min_size = Vector2(0, target)
		row.get_node("Minus").rect_min_size = Vector2(step_w, target)
		row.get_node("Plus").rect_min_size = Vector2(step_w, target)
		row.get_node("Value").rect_min_size = Vector2(value_w, target)
	var button_h := max(round(BUTTON_PX * s), MIN_TARGET_PX)
	for b in [_start_button, _skip_button, _recipe_button]:
		b.rect_min_size = Vector2(0, button_h if b != _recipe_button else target)
		_fit_button(b)
	_keypad.set_key_style(_font(scaled_px(Keypad.KEY_FONT_PX), true),
			max(round(Keypad.KEY_SIZE.y * s), MIN_TARGET_PX))
	_edit_field.rect_min_size = Vector2(0, target)


static func _widest_word(text: String, font: Font) -> float:
	var widest := 0.0
	for word in text.split(" ", false):
		widest = max(widest, font.get_string_size(word).x)
	return ceil(widest)


## Shrinks a full-width button's font until its text fits the screen's width.
func _fit_button(b: Button) -> void:
	var base := PX_BUTTON if b != _recipe_button else PX_SMALL
	var margins := 2 * 8.0 + 8.0
	var px := UiKit.fit_font_px(b.text, _inner_width() - margins, scaled_px(base),
			min_font_px(), true)
	b.add_font_override("font", _font(px, true))


## The width of the value column: the widest value (or "88888") of every row, so the value
## boxes line up from row to row.
func _value_width() -> float:
	var f := _font(scaled_px(PX_VALUE), true)
	var widest := f.get_string_size("88888").x
	for name in _rows:
		widest = max(widest, f.get_string_size(_rows[name].get_node("Value").text).x)
	return ceil(widest + 2 * 8.0 + 8.0)


func set_title(text: String, button_text: String) -> void:
	title = text
	start_label = button_text
	_title_label.text = text
	_start_button.text = button_text
	_none_label.text = "This machine has no settings."
	_apply_fonts()
	fit()


## The title the pointer HUD shows for this screen's panel.
func screen_title() -> String:
	return title


## Item names to show instead of item ids ({id: name}); the room state's names are used too.
func set_item_names(names: Dictionary) -> void:
	_names = names.duplicate()


## Shows one machine entry of the room state.
func show_state(entry: Dictionary) -> void:
	_state = entry
	_read_item_names()
	var status := str(entry.get("status", "idle"))
	if not status in ["idle", "running", "done"]:
		status = "idle"
	_status_label.text = "READY" if status == "idle" else status.to_upper()
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
			var specs = entry.get("param_specs", [])
			if typeof(specs) == TYPE_ARRAY and not specs.empty():
				_time_label.text = "Ready — load it, set the values, press “%s”." % start_label
			else:
				_time_label.text = "Ready — put the item on its pad, then press “%s”." % (
					start_label)
			_progress.value = 0.0
	_progress.visible = status == "running"
	_skip_button.visible = status == "running" and remaining > 0.0
	_skip_button.text = "Skip to the end (%s)" % UiKit.format_minutes(remaining)
	_show_slots(entry.get("slots", {}))
	_show_params(entry.get("param_specs", []), entry.get("params", {}))
	_set_locked(status == "running")
	_apply_fonts()
	fit()


## Puts the layout back to the screen size, shrinking the fonts until everything fits: the
## layout is measured at once (every container sorted in place, so wrapped labels know their
## width), from full size down to the smallest legible size.
func fit() -> void:
	if screen_size == Vector2():
		return
	for index in range(SCALES.size()):
		_scale_index = index
		_apply_fonts()
		layout_now()
		if fits():
			break
	UiKit.hold_size(self, screen_size)
	var vp := get_viewport()
	if vp != null and vp.get_parent() != null and vp.get_parent().has_method("refresh"):
		vp.get_parent().refresh()


## Lays the screen out now (containers normally sort themselves on the next frame).
func layout_now() -> void:
	for _pass in range(3):
		rect_size = screen_size
		_sort_tree(self)


static func _sort_tree(node: Node) -> void:
	if node is Container:
		node.notification(Container.NOTIFICATION_SORT_CHILDREN)
	elif node is Label and node.autowrap:
		# a resized label rewraps only when asked: this updates its minimum height now
		node.get_line_count()
	for child in node.get_children():
		if child is Control and child.visible:
			_sort_tree(child)


## True when the content fits the screen (after the layout has settled).
func fits() -> bool:
	var need := get_combined_minimum_size()
	return need.y <= screen_size.y + 0.5 and need.x <= screen_size.x + 0.5


func show_message(text: String) -> void:
	_message_label.text = UiKit.plain_text(text, _names) if text != "" else ""
	_message_label.visible = text != ""
	fit()


func get_message() -> String:
	return _message_label.text


func get_time_text() -> String:
	return _time_label.text


func get_status_text() -> String:
	return _status_label.text


func get_start_button() -> Button:
	return _start_button


## The "Skip to the end (…)" button, shown while the machine runs.
func get_skip_button() -> Button:
	return _skip_button


## The "Use recipe values" button, shown in guided mode.
func get_recipe_button() -> Button:
	return _recipe_button


## The note shown while settings are locked.
func get_lock_note() -> Label:
	return _lock_label


## True while a run is going (settings, keypad and Start locked).
func is_locked() -> bool:
	return _locked


func _read_item_names() -> void:
	if not is_inside_tree():
		return
	var bridge := get_node_or_null("/root/Bridge")
	if bridge == null or typeof(bridge.state.get("items")) != TYPE_DICTIONARY:
		return
	var items: Dictionary = bridge.state["items"]
	for item_id in items:
		var item = items[item_id]
		if typeof(item) != TYPE_DICTIONARY:
			continue
		var name = item.get("name")
		if name == null and typeof(item.get("label")) == TYPE_DICTIONARY:
			name = item["label"].get("title")
		if name != null and str(name) != "":
			_names[str(item_id)] = str(name)


func _item_name(item_id: String) -> String:
	if _names.has(item_id):
		return _names[item_id]
	return item_id.replace("_", " ").replace("-", " ")


static func slot_title(slot: String) -> String:
	return "Channel " + slot if slot.is_valid_integer() else UiKit.pretty_name(slot)


func _show_slots(slots) -> void:
	if typeof(slots) != TYPE_DICTIONARY or slots.empty():
		_slots_label.text = ""
		_slots_label.visible = false
		return
	var loaded := []
	var empty := []
	var names: Array = slots.keys()
	names.sort()
	for slot in names:
		var item = slots[slot]
		if typeof(item) == TYPE_DICTIONARY:
			item = item.get("item")
		if item == null or str(item) == "":
			empty.append(str(slot))
		else:
			loaded.append("%s: %s" % [slot_title(str(slot)), _item_name(str(item))])
	var lines := []
	if not loaded.empty():
		lines.append("In the machine — " + PoolStringArray(loaded).join(" · "))
	if not empty.empty():
		var free := []
		for slot in empty:
			free.append(slot if slot.is_valid_integer() else UiKit.words(slot))
		var what := "Free channels: " if str(empty[0]).is_valid_integer() else "Empty: "
		lines.append(what + PoolStringArray(free).join(", "))
	_slots_label.text = PoolStringArray(lines).join("\n")
	_slots_label.visible = true


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
	else:
		for spec in specs:
			_specs[str(spec["name"])] = spec
	_none_label.visible = names.empty()
	for name in names:
		var value = values.get(name, _specs[name].get("default"))
		_rows[name].get_node("Value").text = _value_text(value, _specs[name])
	_show_guide_rows()


func _rebuild_rows(specs: Array) -> void:
	for name in _rows:
		var old: Control = _rows[name]
		_params_box.remove_child(old)
		old.queue_free()
	_specs.clear()
	_rows.clear()
	var kept := []
	for entry in _styled:
		if is_instance_valid(entry[0]) and not entry[0].has_meta("param_row"):
			kept.append(entry)
	_styled = kept
	for spec in specs:
		if typeof(spec) != TYPE_DICTIONARY or not spec.has("name"):
			continue
		var name := str(spec["name"])
		_specs[name] = spec
		var row := HBoxContainer.new()
		row.name = "Param_" + name
		row.add_constant_override("separation", 6)
		var cell := HBoxContainer.new()
		cell.name = "NameCell"
		cell.size_flags_horizontal = SIZE_EXPAND_FILL
		cell.add_constant_override("separation", 6)
		var l := _wrapped(UiKit.param_title(name, str(spec.get("unit", ""))), PX_NAME, UiKit.INK)
		l.name = "Name"
		l.valign = Label.VALIGN_CENTER
		l.size_flags_vertical = SIZE_FILL
		cell.add_child(l)
		var recipe := _styled_label("", PX_SMALL, UiKit.TEXT_GREEN)
		recipe.name = "Recipe"
		recipe.valign = Label.VALIGN_CENTER
		recipe.size_flags_vertical = SIZE_FILL
		recipe.visible = false
		cell.add_child(recipe)
		row.add_child(cell)
		var minus := _button("−", PX_STEP, UiKit.FIELD_BG.lightened(0.15))
		minus.name = "Minus"
		minus.connect("pressed", self, "step_param", [name, -1])
		row.add_child(minus)
		var value := _button("", PX_VALUE, UiKit.FIELD_BG)
		value.name = "Value"
		value.connect("pressed", self, "begin_edit", [name])
		row.add_child(value)
		var plus := _button("+", PX_STEP, UiKit.FIELD_BG.lightened(0.15))
		plus.name = "Plus"
		plus.connect("pressed", self, "step_param", [name, 1])
		row.add_child(plus)
		for control in [l, recipe, minus, value, plus]:
			control.set_meta("param_row", name)
		_params_box.add_child(row)
		_rows[name] = row


## The row of parameter `name` (children NameCell, Minus, Value, Plus), or null.
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


# --- Guided mode ----------------------------------------------------------------------------
## Guided mode: the recipe's values for this machine's current step ({} hides the guide).
## Each row shows "recipe: 1500 rpm" (green when the screen's value matches, amber when not)
## and "Use recipe values" sets every value that differs.
func show_guide(values: Dictionary) -> void:
	_guide = values.duplicate()
	_show_guide_rows()
	fit()


## The recipe values that differ from the screen's values ({name: value}).
func differing_guide_values() -> Dictionary:
	var out := {}
	for name in _guide:
		if _specs.has(name) and not _same(_current_value(name), _guide[name]):
			out[name] = _guide[name]
	return out


static func _same(a, b) -> bool:
	var numbers := [TYPE_INT, TYPE_REAL]
	if typeof(a) in numbers and typeof(b) in numbers:
		return abs(float(a) - float(b)) <= 1e-6 * max(1.0, abs(float(b)))
	if a == null or b == null:
		return a == null and b == null
	return str(a) == str(b)


func _show_guide_rows() -> void:
	var any := false
	for name in _rows:
		var recipe: Label = _rows[name].get_node("NameCell/Recipe")
		if not _guide.has(name):
			recipe.visible = false
			continue
		any = true
		var same := _same(_current_value(name), _guide[name])
		var unit := str(_specs[name].get("unit", ""))
		recipe.text = "recipe: %s%s" % [UiKit.format_value(_guide[name], unit),
				" ✓" if same else ""]
		recipe.add_color_override("font_color", UiKit.TEXT_GREEN if same else UiKit.TEXT_AMBER)
		recipe.visible = true
	_recipe_button.visible = any and not _locked and _editing == ""
	_recipe_button.disabled = differing_guide_values().empty()


func _on_recipe_pressed() -> void:
	if _locked:
		return
	var values := differing_guide_values()
	if not values.empty():
		emit_signal("set_params_requested", values)


# --- Locking while a run is going ---------------------------------------------------------
func _set_locked(on: bool) -> void:
	_locked = on
	if on and _editing != "":
		cancel_edit()
	_lock_label.visible = on
	for name in _rows:
		for part in ["Minus", "Value", "Plus"]:
			_rows[name].get_node(part).disabled = on
	_start_button.disabled = on
	_keypad.set_locked(on)
	_edit_field.editable = not on
	_show_guide_rows()


# --- Steps and typed values -----------------------------------------------------------------
## -1 or +1 press on a parameter: next choice, or value ± step clamped to the input range.
func step_param(name: String, direction: int) -> void:
	if _locked:
		return
	var spec: Dictionary = _specs.get(name, {})
	var value = _current_value(name)
	var choices = spec.get("choices")
	if typeof(choices) == TYPE_ARRAY and not choices.empty():
		var index = choices.find(value)
		emit_signal("set_param_requested", name,
				choices[posmod(index + direction, choices.size())])
		return
	if value == null:
		value = spec.get("default", spec.get("min", 0.0))
		if value == null:
			value = spec.get("min", 0.0)
	emit_signal("set_param_requested", name, _clamp(next_value(float(value), direction, spec),
			spec))


## The value one step up or down: values on the step's grid move by one step, others go to
## the next grid line in that direction.
static func next_value(value: float, direction: int, spec: Dictionary) -> float:
	var step := step_of(spec)
	var on_grid := stepify(value, step)
	if abs(on_grid - value) <= step * 1e-6:
		return on_grid + direction * step
	var below := floor(value / step) * step
	return below + step if direction > 0 else below


## The "+/-" step of a parameter: the spec's "step", else a round step (1, 2 or 5 × 10^n) of
## about a fiftieth of the range, never coarser than the unit's usual step (1 min, 10 rpm,
## 1 µm, 1 °C, 0.5 g, 0.5 wt%): typing gives any exact value.
static func step_of(spec: Dictionary) -> float:
	if spec.has("step") and float(spec["step"]) > 0.0:
		return float(spec["step"])
	var step := 1.0
	if spec.has("min") and spec.has("max"):
		var span := float(spec["max"]) - float(spec["min"])
		var raw := span / 50.0
		if raw > 0.0:
			var magnitude := pow(10.0, floor(log(raw) / log(10.0)))
			step = 10.0 * magnitude
			for nice in [1.0, 2.0, 5.0]:
				if raw <= nice * magnitude * 1.0001:
					step = nice * magnitude
					break
	var usual := {"min": 1.0, "s": 1.0, "h": 0.1, "rpm": 10.0, "µm": 1.0, "mm": 1.0,
			"°C": 1.0, "g": 0.5, "wt%": 0.5, "%": 0.5, "m/min": 0.05}
	var unit := str(spec.get("unit", ""))
	if usual.has(unit):
		step = min(step, usual[unit])
	return step


func _clamp(value: float, spec: Dictionary) -> float:
	if spec.has("min"):
		value = max(value, float(spec["min"]))
	if spec.has("max"):
		value = min(value, float(spec["max"]))
	return stepify(value, 1e-6)


## Opens the keypad on parameter `name` (the field takes keyboard focus for desktop typing).
func begin_edit(name: String) -> void:
	if _locked:
		return
	var spec: Dictionary = _specs.get(name, {})
	var choices = spec.get("choices")
	if typeof(choices) == TYPE_ARRAY and not choices.empty():
		step_param(name, 1)
		return
	_editing = name
	var unit := str(spec.get("unit", ""))
	_edit_title.text = "Type the %s" % UiKit.param_title(name, unit).to_lower()
	var help := str(spec.get("help", ""))
	_edit_help.text = UiKit.capitalized(help) + "." if help != "" else ""
	_edit_help.visible = help != ""
	var hint := "Allowed: %s to %s" % [UiKit.format_value(spec.get("min", "…"), unit),
			UiKit.format_value(spec.get("max", "…"), unit)]
	hint += " · now %s" % UiKit.format_value(_current_value(name), unit)
	if _guide.has(name):
		hint += " · recipe %s" % UiKit.format_value(_guide[name], unit)
	_edit_range.text = hint
	_edit_field.text = ""
	_edit_field.placeholder_text = UiKit.format_number(_current_value(name))
	_params_box.visible = false
	_recipe_button.visible = false
	_slots_label.visible = false
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


## Sends the typed value (if it is a number) and closes the keypad. A value outside the range
## is set to the nearest allowed value, and the screen says so.
func commit_edit() -> void:
	var name := _editing
	var text := _edit_field.text.strip_edges().replace(",", ".")
	if name == "" or _locked:
		return
	if not text.is_valid_float():
		show_message("“%s” is not a number" % text if text != "" else "Type a value first")
		return
	var spec: Dictionary = _specs.get(name, {})
	var value := _clamp(float(text), spec)
	cancel_edit()
	show_message("")
	emit_signal("set_param_requested", name, value)
	if abs(value - float(text)) > 1e-9:
		var unit := str(spec.get("unit", ""))
		show_message("%s is outside the allowed range: set to %s." % [
			UiKit.format_value(float(text), unit), UiKit.format_value(value, unit)])


func cancel_edit() -> void:
	_editing = ""
	_edit_field.release_focus()
	_editor_box.visible = false
	_params_box.visible = true
	_slots_label.visible = _slots_label.text != ""
	_show_guide_rows()
	fit()


func _on_start_pressed() -> void:
	if _locked:
		return
	if _editing != "" and _edit_field.text.strip_edges() != "":
		commit_edit()
	show_message("")
	emit_signal("start_requested")


func _on_skip_pressed() -> void:
	var remaining := float(_state.get("remaining_s", 0.0))
	if str(_state.get("status", "")) != "running" or remaining <= 0.0:
		return
	emit_signal("skip_requested", int(ceil(remaining / 60.0 - 1e-9)) * 60)
