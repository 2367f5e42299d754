extends GridContainer
## On-screen number pad for VR (and mouse) value entry. Edits the LineEdit it is given.

## OK pressed: the entry should be committed.
signal confirmed
## Cancel pressed.
signal cancelled

const UiKit = preload("res://scenes/ui3d/ui_kit.gd")
const KEYS = ["7", "8", "9", "⌫", "4", "5", "6", "-", "1", "2", "3", "Cancel", "0", ".", "±", "OK"]
## Key size at full scale [px] (the screen scales it with its text).
const KEY_SIZE = Vector2(96, 52)
const KEY_FONT_PX = 26

## The field the keys type into.
var target: LineEdit = null

var _locked := false


func _init() -> void:
	columns = 4
	add_constant_override("hseparation", 8)
	add_constant_override("vseparation", 8)
	for key in KEYS:
		var color := UiKit.FIELD_BG.lightened(0.1)
		if key == "OK":
			color = UiKit.GREEN
		elif key == "Cancel":
			color = UiKit.GREY
		var b := UiKit.button(key, KEY_FONT_PX, color)
		b.name = "Key_" + _key_name(key)
		b.rect_min_size = KEY_SIZE
		b.size_flags_horizontal = SIZE_EXPAND_FILL
		b.connect("pressed", self, "press_key", [key])
		add_child(b)


static func _key_name(key: String) -> String:
	match key:
		"⌫":
			return "back"
		"-":
			return "minus"
		".":
			return "dot"
		"±":
			return "sign"
	return key.to_lower()


## The button for `key` ("7", "OK", "⌫", ...).
func key_button(key: String) -> Button:
	return get_node("Key_" + _key_name(key)) as Button


## Sets the keys' font [px] and height [px] (the screen shrinks them to fit).
func set_key_style(font: Font, height: float) -> void:
	for b in get_children():
		b.add_font_override("font", font)
		b.rect_min_size = Vector2(0, height)


## Locks every key (a run is going: nothing can be typed).
func set_locked(on: bool) -> void:
	_locked = on
	for b in get_children():
		b.disabled = on


func is_locked() -> bool:
	return _locked


func press_key(key: String) -> void:
	if _locked:
		return
	if key == "OK":
		emit_signal("confirmed")
		return
	if key == "Cancel":
		emit_signal("cancelled")
		return
	if target == null:
		return
	var text := target.text
	match key:
		"⌫":
			text = text.substr(0, max(text.length() - 1, 0))
		"±":
			text = text.substr(1, text.length() - 1) if text.begins_with("-") else "-" + text
		_:
			text += key
	target.text = text
	target.caret_position = text.length()
