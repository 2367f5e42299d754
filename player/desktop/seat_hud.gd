extends CanvasLayer
## The desktop seat's HUD: crosshair, the name of what it points at, both hands, the guided
## step, messages, the microphone indicator, the voices list and the controls; for an observer
## a note saying so and the save prompt. Every text wraps inside its box (nothing is clipped).

const UiKit = preload("res://scenes/ui3d/ui_kit.gd")
const VoicesList = preload("res://scenes/voice/voices_list.gd")
const Observer = preload("res://player/observer.gd")
const SavePrompt = preload("save_prompt.gd")
const HELP = (
	"WASD walk · mouse look · click: use, take, put in a slot, put back on the shelf · "
	+ "right click: label · Q: put down here · T: teleport · H: guide · Tab: cursor · "
	+ "Esc: mouse · hold V: talk · M: mute mic · P: voices"
)
## Width of the microphone box [px].
const MIC_WIDTH_PX = 420
## Width of the guide box [px].
const GUIDE_WIDTH_PX = 430
## Width of the hands box [px].
const HANDS_WIDTH_PX = 420
## Width of the observer note [px].
const OBSERVER_WIDTH_PX = 560

var _crosshair: Label
var _target_title: Label
var _target_detail: Label
var _hands: Label
var _message: Label
var _help: Label
var _guide_box: PanelContainer
var _guide_head: Label
var _guide_do: Label
var _guide_hint: Label
var _guide_shown := true
var _mic_box: PanelContainer
var _mic_label: Label
var _mic_level: ProgressBar
var _mic_state := "off"
var _voices_box: PanelContainer
var _voices: VBoxContainer
var _observer := false
var _observer_box: PanelContainer
var _observer_label: Label
var _save_prompt: PanelContainer


func _ready() -> void:
	_crosshair = UiKit.label("+", 30, Color(1, 1, 1, 0.9), true)
	_crosshair.anchor_left = 0.5
	_crosshair.anchor_top = 0.5
	_crosshair.margin_left = -9
	_crosshair.margin_top = -20
	add_child(_crosshair)
	_target_title = _centred(UiKit.label("", 20, UiKit.INK, true), 22)
	_target_detail = _centred(UiKit.wrapped("", 16, UiKit.INK_DIM), 50)
	_hands = UiKit.wrapped("", 18, UiKit.INK)
	_hands.margin_left = 16
	_hands.margin_top = 12
	_hands.rect_min_size = Vector2(HANDS_WIDTH_PX, 0)
	_hands.rect_size = Vector2(HANDS_WIDTH_PX, 0)
	add_child(_hands)
	_message = _centred(UiKit.wrapped("", 20, Color(1.0, 0.78, 0.7), true), 90)
	_help = UiKit.wrapped(HELP, 15, Color(1, 1, 1, 0.85))
	_help.anchor_top = 1.0
	_help.anchor_bottom = 1.0
	_help.anchor_right = 1.0
	_help.margin_left = 16
	_help.margin_right = -16
	_help.margin_top = -46
	add_child(_help)
	_build_guide()
	_build_mic()
	_build_voices()
	_build_observer()
	_save_prompt = SavePrompt.new()
	add_child(_save_prompt)
	for label in [_crosshair, _target_title, _target_detail, _hands, _message, _help]:
		label.mouse_filter = Control.MOUSE_FILTER_IGNORE
		label.add_color_override("font_color_shadow", Color(0, 0, 0, 0.85))


func _centred(label: Label, below_px: int) -> Label:
	label.anchor_left = 0.5
	label.anchor_right = 0.5
	label.anchor_top = 0.5
	label.margin_left = -320
	label.margin_right = 320
	label.margin_top = below_px
	label.align = Label.ALIGN_CENTER
	add_child(label)
	return label


func _build_guide() -> void:
	_guide_box = PanelContainer.new()
	_guide_box.name = "Guide"
	_guide_box.add_stylebox_override("panel", UiKit.box(Color(0.06, 0.1, 0.16, 0.82), 8, 12))
	_guide_box.anchor_left = 1.0
	_guide_box.anchor_right = 1.0
	_guide_box.margin_left = -GUIDE_WIDTH_PX - 16
	_guide_box.margin_right = -16
	_guide_box.margin_top = 12
	_guide_box.mouse_filter = Control.MOUSE_FILTER_IGNORE
	var column := VBoxContainer.new()
	_guide_head = UiKit.wrapped("", 18, UiKit.TEXT_AMBER, true)
	_guide_do = UiKit.wrapped("", 17, UiKit.INK)
	_guide_hint = UiKit.wrapped("", 15, UiKit.INK_DIM)
	for label in [_guide_head, _guide_do, _guide_hint]:
		label.rect_min_size = Vector2(GUIDE_WIDTH_PX - 24, 0)
		column.add_child(label)
	_guide_box.add_child(column)
	_guide_box.visible = false
	add_child(_guide_box)


func _build_mic() -> void:
	_mic_box = PanelContainer.new()
	_mic_box.name = "Mic"
	_mic_box.add_stylebox_override("panel", UiKit.box(Color(0.06, 0.1, 0.16, 0.82), 8, 12))
	_mic_box.anchor_top = 1.0
	_mic_box.anchor_bottom = 1.0
	_mic_box.margin_left = 16
	_mic_box.margin_right = 16 + MIC_WIDTH_PX
	_mic_box.margin_top = -100
	_mic_box.margin_bottom = -56
	_mic_box.grow_vertical = Control.GROW_DIRECTION_BEGIN
	_mic_box.mouse_filter = Control.MOUSE_FILTER_IGNORE
	var column := VBoxContainer.new()
	_mic_label = UiKit.wrapped("", 18, UiKit.INK, true)
	_mic_label.rect_min_size = Vector2(MIC_WIDTH_PX - 24, 0)
	column.add_child(_mic_label)
	_mic_level = UiKit.level_bar()
	column.add_child(_mic_level)
	_mic_box.add_child(column)
	_mic_box.visible = false
	add_child(_mic_box)


func _build_voices() -> void:
	_voices_box = PanelContainer.new()
	_voices_box.name = "Voices"
	_voices_box.add_stylebox_override("panel", UiKit.box(Color(0.06, 0.1, 0.16, 0.9), 8, 14))
	_voices_box.anchor_top = 0.5
	_voices_box.anchor_bottom = 0.5
	_voices_box.margin_left = 16
	_voices_box.margin_top = -150
	_voices = VoicesList.new()
	_voices.font_px = 18
	_voices.title = "Voices (P: close)"
	_voices_box.add_child(_voices)
	_voices_box.visible = false
	add_child(_voices_box)


func _build_observer() -> void:
	_observer_box = PanelContainer.new()
	_observer_box.name = "Observer"
	_observer_box.add_stylebox_override("panel", UiKit.box(Color(0.28, 0.16, 0.42, 0.88), 8, 12))
	_observer_box.anchor_left = 0.5
	_observer_box.anchor_right = 0.5
	_observer_box.margin_left = -OBSERVER_WIDTH_PX / 2.0
	_observer_box.margin_right = OBSERVER_WIDTH_PX / 2.0
	_observer_box.margin_top = 12
	_observer_box.mouse_filter = Control.MOUSE_FILTER_IGNORE
	_observer_label = UiKit.wrapped("%s\n%s" % [Observer.NOTE, Observer.KEY_HINT], 18,
			UiKit.INK, true)
	_observer_label.align = Label.ALIGN_CENTER
	_observer_label.rect_min_size = Vector2(OBSERVER_WIDTH_PX - 24, 0)
	_observer_label.mouse_filter = Control.MOUSE_FILTER_IGNORE
	_observer_box.add_child(_observer_label)
	_observer_box.visible = false
	add_child(_observer_box)


## Shows or hides the observer's note (and the save key in the help line).
func show_observer(on: bool) -> void:
	if on == _observer:
		return
	_observer = on
	_observer_box.visible = on
	_help.text = HELP + (" · " + Observer.KEY_HINT if on else "")
	if not on:
		_save_prompt.close()


## The observer's note as shown ("" for a student's seat).
func get_observer_text() -> String:
	return _observer_label.text if _observer_box.visible else ""


func get_help_text() -> String:
	return _help.text


## The observer's save prompt (save_prompt.gd: open, close, is_open; confirmed, cancelled).
func save_prompt() -> PanelContainer:
	return _save_prompt


## The microphone indicator (mic_control.gd indicator(); state "off" or {} hides it).
func show_mic(info: Dictionary) -> void:
	_mic_state = str(info.get("state", "off"))
	_mic_box.visible = _mic_state != "off"
	if not _mic_box.visible:
		return
	var text := str(info.get("text", ""))
	if _mic_label.text != text:
		_mic_label.text = text
	_mic_label.add_color_override("font_color", info.get("color", UiKit.INK))
	_mic_level.visible = info.get("show_level", false)
	_mic_level.value = float(info.get("level", 0.0))


func get_mic_text() -> String:
	return _mic_label.text if _mic_box.visible else ""


func get_mic_state() -> String:
	return _mic_state


## P: shows or hides the voices list of `voice_layer` (returns whether it shows now).
func toggle_voices(voice_layer: Node) -> bool:
	_voices_box.visible = not _voices_box.visible
	if _voices_box.visible:
		_voices.bind(voice_layer)
		_voices.refresh()
	return _voices_box.visible


func is_voices_open() -> bool:
	return _voices_box.visible


## The voices list (voices_list.gd).
func voices_list() -> VBoxContainer:
	return _voices


## Names the target under the crosshair ({"title", "detail"}; {} for none).
func show_target(info: Dictionary) -> void:
	_target_title.text = str(info.get("title", ""))
	_target_detail.text = str(info.get("detail", ""))
	_crosshair.add_color_override("font_color",
			Color(1.0, 0.85, 0.2) if not info.empty() else Color(1, 1, 1, 0.9))


## What each hand holds, by name ({"right": "NMC622", "left": ""}).
func show_hands(names: Dictionary) -> void:
	var right := str(names.get("right", ""))
	var left := str(names.get("left", ""))
	if right == "" and left == "":
		_hands.text = ""
		return
	_hands.text = "Right hand: %s\nLeft hand: %s" % [
		right if right != "" else "free", left if left != "" else "free"]


## The guided step (the runtime's guide entry for this user; {} hides the box).
func show_guide(entry: Dictionary) -> void:
	if entry.empty():
		_guide_box.visible = false
		return
	if entry.get("finished", false):
		_guide_head.text = str(entry.get("recipe", "Recipe"))
	else:
		_guide_head.text = "Step %d of %d · %s" % [int(entry.get("step", 0)),
				int(entry.get("of", 0)), str(entry.get("title", ""))]
	_guide_do.text = str(entry.get("do", ""))
	_guide_hint.text = str(entry.get("hint", ""))
	_guide_box.visible = _guide_shown


## H: hide or show the guide.
func toggle_guide() -> void:
	_guide_shown = not _guide_shown
	_guide_box.visible = _guide_shown and _guide_do.text != ""


func show_message(text: String) -> void:
	_message.text = text


func get_message() -> String:
	return _message.text


func get_target_text() -> String:
	return _target_title.text


func get_hands_text() -> String:
	return _hands.text


func get_guide_text() -> String:
	return "%s\n%s\n%s" % [_guide_head.text, _guide_do.text, _guide_hint.text] \
		if _guide_box.visible else ""


## Every label of the HUD (for the clipping test).
func labels() -> Array:
	return [_target_title, _target_detail, _hands, _message, _help, _guide_head, _guide_do,
			_guide_hint, _mic_label, _observer_label, _save_prompt.problem_label()]
