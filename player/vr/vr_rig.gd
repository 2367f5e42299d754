extends ARVROrigin
## The VR player: head-tracked camera and two controllers. Comfort by default: teleport,
## snap turn (Session.snap_turn_deg, 0 = smooth), optional seated mode that lifts the view to
## standing eye height. Bridge status messages float in front of the eyes. The left wrist
## carries a panel with the guided step and what each hand holds, and beside it the voice
## panel (microphone indicator, mute, the voices list); holding the left Y button talks. Each
## controller's ray names what it points at with a tag at the end of the ray. On an observer's
## seat (the instructor) the wrist says "Observing" and has a Save room button instead.

const Panel3D = preload("res://scenes/ui3d/panel_3d.gd")
const UiKit = preload("res://scenes/ui3d/ui_kit.gd")
const Sign3D = preload("res://scenes/ui3d/sign_3d.gd")
const VoiceWrist = preload("res://scenes/voice/voice_wrist.gd")
const ObserverWrist = preload("observer_wrist.gd")
const Observer = preload("res://player/observer.gd")
const BridgeScript = preload("res://addons/bmm_bridge/bridge.gd")
## Wrist panel size [m] and resolution [px/m]: read at ~0.35 m, so 20 px letters are ~6 mm.
const WRIST_SIZE_M = Vector2(0.2, 0.15)
const WRIST_PX_PER_M = 2400.0

## Height added in seated mode [m] (standing eye height minus seated eye height).
export var seated_lift_m := 0.45

var seated := false
var status_panel: Spatial
## The left wrist's panel (guide and hands).
var wrist_panel: Spatial
## The left wrist's voice panel (voice_wrist.gd): microphone, mute, voices list.
var voice_panel: Spatial
## The left wrist's observer panel (observer_wrist.gd): "Observing", Save room, the answer.
var observer_panel: Spatial

var _status_label: Label
var _wrist_label: Label
var _wrist_text := ""
var _tags := {}

onready var camera: ARVRCamera = $ARVRCamera
onready var left_hand: ARVRController = $LeftHand
onready var right_hand: ARVRController = $RightHand


func _ready() -> void:
	add_to_group("local_player")
	camera.current = true
	var session := get_node_or_null("/root/Session")
	if session != null:
		set_seated(session.seated)
		for hand in [left_hand, right_hand]:
			hand.snap_turn_deg = session.snap_turn_deg
			hand.locomotion = session.locomotion
	for hand in [left_hand, right_hand]:
		hand.connect("teleport_requested", self, "teleport_to")
		hand.connect("turn_requested", self, "turn")
		hand.connect("move_requested", self, "move")
		hand.connect("talk_requested", self, "_on_talk")
	_build_status_panel()
	_build_wrist()
	voice_panel = VoiceWrist.new()
	voice_panel.translation = Vector3(-0.22, 0.05, 0.08)
	voice_panel.rotation_degrees = Vector3(-60, 0, 0)
	voice_panel.visible = false
	left_hand.add_child(voice_panel)
	observer_panel = ObserverWrist.new()
	observer_panel.translation = wrist_panel.translation
	observer_panel.rotation_degrees = wrist_panel.rotation_degrees
	observer_panel.visible = false
	observer_panel.connect("save_pressed", self, "save_room")
	left_hand.add_child(observer_panel)
	var bridge := get_node_or_null("/root/Bridge")
	if bridge != null:
		bridge.connect("status_changed", self, "show_status")
		show_status(bridge.get_status_text())
		bridge.connect("room_saved", self, "_on_room_saved")
		bridge.connect("error_received", self, "_on_error")
		bridge.connect("intent_rejected", self, "_on_rejected")
	for hand in [left_hand, right_hand]:
		var tag := Sign3D.new()
		tag.name = "TargetTag"
		tag.font_px = 30
		tag.billboard = true
		tag.set_as_toplevel(true)
		tag.visible = false
		hand.add_child(tag)
		_tags[hand] = tag


func _build_wrist() -> void:
	wrist_panel = Panel3D.new()
	wrist_panel.name = "WristPanel"
	wrist_panel.interactive = false
	wrist_panel.always_render = false
	wrist_panel.size_m = WRIST_SIZE_M
	wrist_panel.pixels_per_m = WRIST_PX_PER_M
	wrist_panel.translation = Vector3(0.0, 0.05, 0.08)
	wrist_panel.rotation_degrees = Vector3(-60, 0, 0)
	var box := PanelContainer.new()
	box.add_stylebox_override("panel", UiKit.box(Color(0.06, 0.1, 0.16, 0.92), 8, 14))
	_wrist_label = UiKit.wrapped("", 20, UiKit.INK)
	_wrist_label.rect_min_size = Vector2(WRIST_SIZE_M.x * WRIST_PX_PER_M - 28, 0)
	box.add_child(_wrist_label)
	wrist_panel.content.add_child(box)
	left_hand.add_child(wrist_panel)
	box.rect_size = wrist_panel.get_pixel_size()


## The wrist panel's text: the guided step, then what each hand holds.
func wrist_text() -> String:
	return _wrist_text


func _update_wrist(bridge: Node) -> void:
	var lines := []
	var guides = bridge.state.get("guide", {})
	var mine = guides.get(bridge.user_id, {}) if typeof(guides) == TYPE_DICTIONARY else {}
	if typeof(mine) == TYPE_DICTIONARY and not mine.empty():
		lines.append("Step %d of %d · %s" % [int(mine.get("step", 0)), int(mine.get("of", 0)),
				str(mine.get("title", ""))])
		lines.append(str(mine.get("do", "")))
	var items = bridge.state.get("items", {})
	for hand in [left_hand, right_hand]:
		var held: String = hand.interactor.held_item_id()
		var entry = items.get(held) if held != "" and typeof(items) == TYPE_DICTIONARY else null
		if typeof(entry) == TYPE_DICTIONARY:
			lines.append("%s hand: %s" % [hand.hand.capitalize(), str(entry.get("name", held))])
	var text := PoolStringArray(lines).join("\n")
	var observer: bool = bridge.is_observer()
	observer_panel.visible = observer
	if text != _wrist_text or wrist_panel.visible != (text != "" and not observer):
		_wrist_text = text
		_wrist_label.text = text
		wrist_panel.visible = text != "" and not observer  # the observer panel sits there
		wrist_panel.refresh()


## Saves the room as `save_name` (the observer panel's button); the answer shows on the wrist.
func save_room(save_name: String) -> void:
	var bridge := get_node_or_null("/root/Bridge")
	if Observer.send_save(bridge, save_name):
		observer_panel.show_answer("Saving as “%s”…" % save_name)
	else:
		observer_panel.show_answer("Not saved: not connected to the Python runtime")


func _on_room_saved(save_name: String) -> void:
	observer_panel.show_answer(Observer.saved_text(save_name))


func _on_error(code: String, message: String) -> void:
	var text := Observer.refused_text(code, message)
	if text != "":
		observer_panel.show_answer(text)


func _on_rejected(_intent: Dictionary, reason: String) -> void:
	if reason == BridgeScript.OBSERVER_REFUSAL:
		observer_panel.show_answer(reason)


func _update_tags() -> void:
	for hand in _tags:
		var tag: Spatial = _tags[hand]
		var info: Dictionary = hand.interactor.pointer_info()
		var title := str(info.get("title", ""))
		tag.visible = title != "" and hand.get_is_active()
		if tag.visible:
			if tag.text != title:
				tag.text = title
			tag.global_transform = Transform(Basis(),
					hand.interactor.hit_point() + Vector3(0, 0.12, 0))


func _build_status_panel() -> void:
	status_panel = Panel3D.new()
	status_panel.name = "StatusPanel"
	status_panel.interactive = false
	status_panel.always_render = false
	status_panel.size_m = Vector2(0.9, 0.25)
	status_panel.pixels_per_m = 900.0
	status_panel.translation = Vector3(0, -0.1, -1.2)
	var box := PanelContainer.new()
	box.add_stylebox_override("panel", UiKit.box(Color(0.55, 0.08, 0.08, 0.92), 8, 16))
	_status_label = UiKit.label("", 22, Color.white, true)
	_status_label.autowrap = true
	_status_label.rect_min_size = Vector2(760, 0)
	box.add_child(_status_label)
	status_panel.content.add_child(box)
	camera.add_child(status_panel)
	box.rect_size = status_panel.get_pixel_size()


## Shows the bridge status in front of the eyes ("" hides it).
func show_status(text: String) -> void:
	_status_label.text = text
	status_panel.visible = text != ""
	status_panel.refresh()


func set_seated(value: bool) -> void:
	if value == seated:
		return
	seated = value
	translation.y += seated_lift_m if value else -seated_lift_m


## Where an item held in `hand` goes.
func hold_transform(hand: String) -> Transform:
	var node: ARVRController = left_hand if hand == "left" else right_hand
	return node.hold_point.global_transform


## Moves the play area so the head stands above `point` (floor).
func teleport_to(point: Vector3) -> void:
	var head := camera.global_transform.origin
	global_translate(Vector3(point.x - head.x, 0, point.z - head.z))


## Turns the play area by `degrees` around the head.
func turn(degrees: float) -> void:
	var pivot := camera.global_transform.origin
	var xf := global_transform
	xf.origin -= pivot
	xf = xf.rotated(Vector3.UP, deg2rad(degrees))
	xf.origin += pivot
	global_transform = xf


func move(offset: Vector3) -> void:
	global_translate(offset)


## The room's microphone controls (scenes/voice/mic_control.gd), or null without voice.
func voice_mic() -> Node:
	var mics := get_tree().get_nodes_in_group("voice_mic") if is_inside_tree() else []
	return mics[0] if not mics.empty() else null


func _on_talk(on: bool) -> void:
	var mic := voice_mic()
	if mic != null:
		mic.set_talk(on)


## Binds the voice panel once the room's voice layer is there (it is added after the rig).
func _update_voice() -> void:
	if voice_panel.voice_layer == null:
		var layers := get_tree().get_nodes_in_group("voice_layer")
		if layers.empty():
			return
		voice_panel.bind(layers[0], voice_mic())
		voice_panel.visible = true
	voice_panel.update()


func _process(_delta: float) -> void:
	_update_tags()
	_update_voice()
	var bridge := get_node_or_null("/root/Bridge")
	if bridge != null:
		_update_wrist(bridge)
		bridge.send_pose(camera.global_transform, left_hand.global_transform,
				right_hand.global_transform)
