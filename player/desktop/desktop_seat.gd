extends KinematicBody
## The flat desktop seat: every VR step without a headset.
##
## Mouse look (captured), WASD/arrows to walk (Shift runs), left click to use what the
## crosshair points at (press screen buttons, take, put into a slot, put back on the shelf),
## with two hands: a click takes into the free hand and a slot takes the held item it accepts.
## Right click or I expands an item's label, Q puts the held item down where you stand, T
## teleports to the floor spot under the crosshair, H shows or hides the guide, typing goes
## into the screen field being edited, Tab frees the cursor, Esc releases the mouse. Voice:
## hold V to talk (push-to-talk), M mutes the microphone, P opens the voices list (volume and
## mute per person; the cursor is free while it is open). An observer seat (the instructor)
## takes nothing: the HUD says so, and F6 opens a prompt that saves the room under a name.

## The seat moved by teleport to `position`.
signal teleported(position)

const Interactor = preload("res://player/interactor.gd")
const InputActions = preload("res://player/input_actions.gd")
const UiKit = preload("res://scenes/ui3d/ui_kit.gd")
const Observer = preload("res://player/observer.gd")
const BridgeScript = preload("res://addons/bmm_bridge/bridge.gd")
## How far in front of the feet Q puts an item down [m].
const PUT_DOWN_AHEAD_M = 0.6
## How the microphone indicator words this seat's controls.
const MIC_HINTS = {"talk": "Hold V to talk", "unmute": "M: unmute"}
const TYPING_KEYS = [
	KEY_0, KEY_1, KEY_2, KEY_3, KEY_4, KEY_5, KEY_6, KEY_7, KEY_8, KEY_9, KEY_KP_0, KEY_KP_1,
	KEY_KP_2, KEY_KP_3, KEY_KP_4, KEY_KP_5, KEY_KP_6, KEY_KP_7, KEY_KP_8, KEY_KP_9,
	KEY_PERIOD, KEY_COMMA, KEY_MINUS, KEY_KP_PERIOD, KEY_KP_SUBTRACT, KEY_BACKSPACE,
	KEY_DELETE, KEY_ENTER, KEY_KP_ENTER, KEY_LEFT, KEY_RIGHT, KEY_HOME, KEY_END,
]

## Walking speed [m/s] (Shift doubles it).
export var move_speed := 2.5
## Mouse look speed [degrees per pixel].
export var mouse_degrees_per_px := 0.15
## How far a click reaches [m] (walk or teleport closer for things further away).
export var reach_m := 9.0
## Clicks use the screen centre (true) or the mouse cursor (false, toggled by Tab).
export var crosshair := true

var pitch_deg := -8.0

var _pending := []
var _cursor := Vector2()
var _typing_panel: Object = null
var _hud_message_timer := 0.0
var _guided_to := ""
var _crosshair_before_voices := true
var _crosshair_before_prompt := true

onready var head: Spatial = $Head
onready var camera: Camera = $Head/Camera
onready var hold_point: Spatial = $Head/Camera/HoldPoint
onready var interactor: Node = $Interactor
onready var hud: CanvasLayer = $Hud


func _ready() -> void:
	add_to_group("local_player")
	InputActions.ensure()
	interactor.hand = "right"
	interactor.both_hands = true
	interactor.reach_m = reach_m
	interactor.connect("notice", self, "_on_notice")
	interactor.set_exclude([self])
	camera.current = true
	head.rotation_degrees.x = pitch_deg
	if not OS.has_feature("Server") and OS.get_name() != "Server":
		Input.set_mouse_mode(Input.MOUSE_MODE_CAPTURED)
	var bridge := get_node_or_null("/root/Bridge")
	if bridge != null:
		bridge.connect("intent_rejected", self, "_on_rejected")
		bridge.connect("room_saved", self, "_on_room_saved")
		bridge.connect("error_received", self, "_on_error")
	hud.save_prompt().connect("confirmed", self, "_on_save_confirmed")
	hud.save_prompt().connect("cancelled", self, "_close_save_prompt")


## Where the held item floats (desktop: low right in front of the camera).
func hold_transform(_hand: String) -> Transform:
	return hold_point.global_transform


## Turns the view so the crosshair points at `point` (scripts and tests).
func look_at_point(point: Vector3) -> void:
	var eye := camera.global_transform.origin
	var d := point - eye
	rotation.y = atan2(-d.x, -d.z)
	pitch_deg = rad2deg(atan2(d.y, Vector2(d.x, d.z).length()))
	head.rotation_degrees.x = pitch_deg


## Moves the seat so its feet stand on `point`.
func teleport_to(point: Vector3) -> void:
	global_transform.origin = Vector3(point.x, point.y, point.z)
	emit_signal("teleported", point)


## True while a screen field or the save prompt takes the keyboard.
func is_typing() -> bool:
	return hud.save_prompt().is_open() or _panel_typing()


func _panel_typing() -> bool:
	if _typing_panel == null or not is_instance_valid(_typing_panel):
		return false
	return _typing_panel.has_text_focus()


## True when this seat observes (the instructor): it takes nothing and may save the room.
func is_observer() -> bool:
	var bridge := get_node_or_null("/root/Bridge")
	return bridge != null and bridge.is_observer()


func _unhandled_input(event: InputEvent) -> void:
	if hud.save_prompt().is_open() and not event is InputEventKey:
		return  # the cursor is free for the prompt: no looking around, no clicks
	if event is InputEventMouseMotion:
		_cursor = event.position
		if Input.get_mouse_mode() == Input.MOUSE_MODE_CAPTURED:
			rotation_degrees.y -= event.relative.x * mouse_degrees_per_px
			pitch_deg = clamp(pitch_deg - event.relative.y * mouse_degrees_per_px, -85, 85)
			head.rotation_degrees.x = pitch_deg
	elif event is InputEventMouseButton:
		_cursor = event.position
		if event.button_index == BUTTON_LEFT:
			_pending.append("press" if event.pressed else "release")
			if event.pressed and not OS.has_feature("Server") and crosshair:
				Input.set_mouse_mode(Input.MOUSE_MODE_CAPTURED)
		elif event.button_index == BUTTON_RIGHT and event.pressed:
			_pending.append("inspect")
	elif event is InputEventKey:
		_key(event)


func _key(event: InputEventKey) -> void:
	if event.scancode == KEY_V and not event.pressed:
		_talk(false)  # even while typing: a held key must not stay "talking"
		return
	if hud.save_prompt().is_open():
		if event.pressed and event.scancode == KEY_ESCAPE:
			_close_save_prompt()  # the field lost the keyboard: Esc still closes
		return  # else the prompt's field has the keyboard
	if _panel_typing() and (event.scancode in TYPING_KEYS or event.unicode > 0):
		_typing_panel.forward_key(event)
		get_tree().set_input_as_handled()
		return
	if not event.pressed or event.echo:
		return
	match event.scancode:
		KEY_E:
			_pending.append("press")
			_pending.append("release")
		KEY_Q, KEY_G:
			_pending.append("drop")
		KEY_T:
			_pending.append("teleport")
		KEY_I:
			_pending.append("inspect")
		KEY_H:
			hud.toggle_guide()
		KEY_V:
			_talk(true)
		KEY_M:
			var mic := voice_mic()
			if mic != null:
				mic.toggle_mute()
		KEY_P:
			toggle_voices()
		KEY_TAB:
			crosshair = not crosshair
			Input.set_mouse_mode(
				Input.MOUSE_MODE_CAPTURED if crosshair else Input.MOUSE_MODE_VISIBLE)
		KEY_ESCAPE:
			Input.set_mouse_mode(Input.MOUSE_MODE_VISIBLE)
		_:
			if event.scancode == Observer.SAVE_KEY:
				open_save_prompt()


func _notification(what: int) -> void:
	if what == MainLoop.NOTIFICATION_WM_FOCUS_OUT:
		_talk(false)


## The room's microphone controls (scenes/voice/mic_control.gd), or null without voice.
func voice_mic() -> Node:
	var mics := get_tree().get_nodes_in_group("voice_mic") if is_inside_tree() else []
	return mics[0] if not mics.empty() else null


func _talk(on: bool) -> void:
	var mic := voice_mic()
	if mic != null:
		mic.set_talk(on)


## P: opens the voices list (and frees the cursor for its buttons) or closes it.
func toggle_voices() -> void:
	var layers := get_tree().get_nodes_in_group("voice_layer")
	if layers.empty():
		return
	if hud.toggle_voices(layers[0]):
		_crosshair_before_voices = crosshair
		crosshair = false
		Input.set_mouse_mode(Input.MOUSE_MODE_VISIBLE)
	else:
		crosshair = _crosshair_before_voices
		if crosshair and not OS.has_feature("Server"):
			Input.set_mouse_mode(Input.MOUSE_MODE_CAPTURED)


## F6 (observers only): asks for a name, prefilled with "observed HH-MM", then sends save_room.
func open_save_prompt() -> void:
	if not is_observer() or hud.save_prompt().is_open():
		return
	_talk(false)
	hud.save_prompt().open(Observer.default_save_name(OS.get_datetime()))
	_crosshair_before_prompt = crosshair
	crosshair = false
	Input.set_mouse_mode(Input.MOUSE_MODE_VISIBLE)


func _close_save_prompt() -> void:
	hud.save_prompt().close()
	crosshair = _crosshair_before_prompt
	if crosshair and not OS.has_feature("Server"):
		Input.set_mouse_mode(Input.MOUSE_MODE_CAPTURED)


func _on_save_confirmed(save_name: String) -> void:
	_close_save_prompt()
	var bridge := get_node_or_null("/root/Bridge")
	if not Observer.send_save(bridge, save_name):
		_show_for("Not saved: not connected to the Python runtime", 5.0)
	else:
		_show_for("Saving the room as “%s”…" % save_name, 5.0)


func _on_room_saved(save_name: String) -> void:
	_show_for(Observer.saved_text(save_name), 6.0)


func _on_error(code: String, message: String) -> void:
	var text := Observer.refused_text(code, message)
	if text != "":
		_show_for(text, 8.0)


func _physics_process(delta: float) -> void:
	_move(delta)
	var from := camera.global_transform.origin
	var direction := -camera.global_transform.basis.z
	if not crosshair:
		from = camera.project_ray_origin(_cursor)
		direction = camera.project_ray_normal(_cursor)
	interactor.cast_ray(get_world(), from, direction)
	for action in _pending:
		_do(action)
	_pending.clear()
	_send_pose()
	_show_hud()
	if _hud_message_timer > 0.0:
		_hud_message_timer -= delta
		if _hud_message_timer <= 0.0:
			hud.show_message("")


func _do(action: String) -> void:
	match action:
		"press":
			if interactor.target != null and interactor.target.has_method("pointer"):
				_typing_panel = interactor.target
			interactor.primary_pressed()
		"release":
			interactor.primary_released()
		"inspect":
			interactor.inspect()
		"drop":
			interactor.drop(put_down_point())
		"teleport":
			var collider = interactor.hit.get("collider")
			if collider != null and collider.is_in_group("teleport_floor"):
				teleport_to(interactor.hit_point())


func _move(delta: float) -> void:
	if is_typing():
		return
	var input := Vector3()
	input.z = (Input.get_action_strength("bmm_move_back")
			- Input.get_action_strength("bmm_move_forward"))
	input.x = (Input.get_action_strength("bmm_move_right")
			- Input.get_action_strength("bmm_move_left"))
	if input.length_squared() < 0.01:
		return
	var speed := move_speed * (2.0 if Input.is_action_pressed("bmm_run") else 1.0)
	var velocity := global_transform.basis.xform(input.normalized()) * speed
	velocity.y = 0
	move_and_slide(velocity, Vector3.UP)
	if delta <= 0.0:
		return


func _send_pose() -> void:
	var bridge := get_node_or_null("/root/Bridge")
	if bridge != null:
		var head_xf := camera.global_transform
		bridge.send_pose(head_xf, head_xf, hold_point.global_transform)


## Where Q puts an item down: just in front of the feet, on whatever surface is there.
func put_down_point() -> Vector3:
	var ahead := -global_transform.basis.z
	ahead.y = 0.0
	return global_transform.origin + ahead.normalized() * PUT_DOWN_AHEAD_M + Vector3.UP * 1.0


func _show_hud() -> void:
	hud.show_observer(is_observer())
	hud.show_target(interactor.pointer_info())
	var mic := voice_mic()
	hud.show_mic(mic.indicator(MIC_HINTS) if mic != null else {})
	if hud.is_voices_open():
		hud.voices_list().update_speaking()
	var bridge := get_node_or_null("/root/Bridge")
	if bridge == null:
		return
	var names := {}
	var held: Dictionary = interactor.held_items()
	var items = bridge.state.get("items", {})
	for side in held:
		var entry = items.get(held[side]) if typeof(items) == TYPE_DICTIONARY else null
		names[side] = str(entry.get("name", held[side])) if typeof(entry) == TYPE_DICTIONARY else ""
	hud.show_hands(names)
	var guides = bridge.state.get("guide", {})
	var mine = guides.get(bridge.user_id, {}) if typeof(guides) == TYPE_DICTIONARY else {}
	mine = mine if typeof(mine) == TYPE_DICTIONARY else {}
	hud.show_guide(mine)
	_guided_to = str(mine.get("machine", ""))


## A machine's run ended (machine_view tells the local player): say so when it is the one
## the guide sent us to, or when there is no guide.
func machine_finished(machine_id: String, title: String) -> void:
	if _guided_to == "" or _guided_to == machine_id:
		_on_notice("The %s has finished: take the product out." % title.to_lower())


func _on_notice(text: String) -> void:
	_show_for(text, 4.0)


func _show_for(text: String, seconds: float) -> void:
	hud.show_message(text)
	_hud_message_timer = seconds


func _on_rejected(intent: Dictionary, reason: String) -> void:
	if reason == BridgeScript.OBSERVER_REFUSAL:
		_show_for(reason, 4.0)
		return
	var what: String = UiKit.INTENT_WORDS.get(str(intent.get("type", "")), "Could not do that")
	_show_for("%s: %s" % [what, reason], 5.0)
