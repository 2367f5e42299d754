extends "res://scenes/ui3d/panel_3d.gd"
## The VR wrist's voice panel: the microphone indicator ("hold Y to talk", live, muted, no
## microphone, nothing captured), a button to mute the microphone, and the voices list with
## −/+ and mute per person, pressed with the other hand's ray. Renders only when it changes.

const VoicesList = preload("voices_list.gd")
## How the indicator words the VR controls.
const HINTS = {"talk": "Hold Y (left) to talk", "unmute": "press Unmute mic"}
const WIDTH_PX = 480
## The level bar redraws at most this often [ms] (each redraw renders the panel once).
const LEVEL_REDRAW_MS = 100

var voice_layer: Node = null
var mic: Node = null

var _box: PanelContainer
var _mic_label: Label
var _mic_level: ProgressBar
var _mute_button: Button
var _list: VBoxContainer
var _shown := {}
var _level_drawn_ms := 0


func _init() -> void:
	name = "VoicePanel"
	interactive = true
	always_render = false
	pixels_per_m = 2400.0
	pointer_title = "Voices"
	_box = PanelContainer.new()
	_box.add_stylebox_override("panel", UiKit.box(Color(0.06, 0.1, 0.16, 0.92), 8, 14))
	var column := VBoxContainer.new()
	var top := HBoxContainer.new()
	_mic_label = UiKit.wrapped("Voice off", 20, UiKit.INK_DIM, true)
	top.add_child(_mic_label)
	_mute_button = UiKit.button("Mute mic", 20, UiKit.BLUE)
	_mute_button.name = "MuteMic"
	_mute_button.connect("pressed", self, "_toggle_mic")
	top.add_child(_mute_button)
	column.add_child(top)
	_mic_level = UiKit.level_bar()
	column.add_child(_mic_level)
	_list = VoicesList.new()
	_list.font_px = 20
	_list.name_width_px = 110
	_list.connect("edited", self, "_redraw")
	column.add_child(_list)
	_box.add_child(column)
	_box.rect_min_size = Vector2(WIDTH_PX, 0)
	content.add_child(_box)
	size_m = Vector2(WIDTH_PX, 200) / pixels_per_m


## Shows `layer`'s voices and `microphone`'s state (either may be null: no voice here).
func bind(layer: Node, microphone: Node) -> void:
	voice_layer = layer
	mic = microphone
	if voice_layer != null:
		_list.bind(voice_layer)
		voice_layer.connect("voices_changed", self, "_redraw", [], CONNECT_DEFERRED)
	_redraw()


## Call every frame: redraws when the indicator or who speaks changed.
func update() -> void:
	var info: Dictionary = mic.indicator(HINTS) if mic != null else {}
	var shown := {"state": info.get("state", "off"), "text": info.get("text", ""),
			"muted": mic != null and mic.muted}
	var changed: bool = JSON.print(shown) != JSON.print(_shown)
	changed = _list.update_speaking() or changed
	var now := OS.get_ticks_msec()
	if info.get("show_level", false) and now - _level_drawn_ms >= LEVEL_REDRAW_MS:
		if abs(_mic_level.value - float(info.get("level", 0.0))) > 0.02:
			_mic_level.value = float(info.get("level", 0.0))
			_level_drawn_ms = now
			changed = true
	if not changed:
		return
	_shown = shown
	if shown["state"] == "off":
		_mic_label.text = "Voice off"
		_mic_label.add_color_override("font_color", UiKit.INK_DIM)
	else:
		_mic_label.text = shown["text"]
		_mic_label.add_color_override("font_color", info.get("color", UiKit.INK))
	_mic_level.visible = info.get("show_level", false)
	_mute_button.text = "Unmute mic" if shown["muted"] else "Mute mic"
	_mute_button.visible = mic != null
	_redraw()


## The indicator's text as shown ("Voice off" without voice).
func get_mic_text() -> String:
	return _mic_label.text


## The voices list (voices_list.gd).
func voices_list() -> VBoxContainer:
	return _list


func _toggle_mic() -> void:
	if mic != null:
		mic.toggle_mute()
	update()


## Fits the panel to its rows and renders it once more.
func _redraw() -> void:
	fit_to(_box, WIDTH_PX)
