extends "res://addons/bmm_bridge/machine_node.gd"
## A machine in the dry room: body, sign, status lamp, slot pads and its screen.
##
## Builds itself from the exports below, so the dry room scene lists machines as plain nodes
## with machine_id, py_script and a size. What the machine does lives in py_script.

const UiKit = preload("res://scenes/ui3d/ui_kit.gd")
const Panel3D = preload("res://scenes/ui3d/panel_3d.gd")
const Sign3D = preload("res://scenes/ui3d/sign_3d.gd")
const MachineShapes = preload("machine_shapes.gd")
const MachineScreen = preload("machine_screen.gd")
const SlotPad = preload("slot_pad.gd")
const PhysicsLayers = preload("res://scenes/common/physics_layers.gd")
const Chime = preload("res://scenes/machines/chime.gd")
## How long the lamp blinks after a run ends [s].
const FINISH_BLINK_S = 4.0

## Size of the body [m] (width along X, height, depth along Z).
export var body_size := Vector3(1.0, 1.0, 0.8)
## Colour of the body.
export var body_color := Color(0.85, 0.87, 0.9)
## Slots shown before the runtime sends the machine's state.
export var default_slots := PoolStringArray(["input"])
## Where the screen sits, relative to the machine [m].
export var screen_offset := Vector3(0.9, 1.3, 0.3)
## Turn of the screen around the vertical axis [degrees].
export var screen_yaw_deg := -15.0
## Screen size [m]; (0, 0) for no screen.
export var screen_size := Vector2(0.72, 0.72)
## Text of the start button.
export var start_label := "Start"

var screen: Spatial = null
var screen_ui: Control = null
var slots := {}
var top_y := 1.0

var _lamp_material: SpatialMaterial
var _sign: Spatial
var _last_status := ""
var _blink_left_s := 0.0
var _chime: AudioStreamPlayer3D
var _param_queue := []
var _param_wait_id := -1
var _param_wait_version := -1


func _ready() -> void:
	if Engine.editor_hint:
		return
	top_y = MachineShapes.build(kind, self, body_size, body_color)
	_add_collision()
	_add_sign()
	_add_lamp()
	_chime = Chime.player()
	add_child(_chime)
	if screen_size.x > 0.0:
		_add_screen()
	for slot in default_slots:
		_ensure_slot(slot)
	_layout_slots()
	connect("machine_state_changed", self, "_on_machine_state")
	connect("intent_rejected", self, "_on_rejected")
	if _bridge != null:
		_bridge.connect("intent_acked", self, "_on_intent_answered")
		_bridge.connect("intent_rejected", self, "_on_param_refused")
	if not machine_state.empty():
		_on_machine_state(machine_state)


func _add_collision() -> void:
	var body := StaticBody.new()
	body.name = "Body"
	body.collision_layer = PhysicsLayers.bit(PhysicsLayers.WORLD)
	var shape := CollisionShape.new()
	shape.shape = BoxShape.new()
	shape.shape.extents = Vector3(body_size.x / 2, top_y / 2, body_size.z / 2)
	shape.translation = Vector3(0, top_y / 2, 0)
	body.add_child(shape)
	add_child(body)


func _add_sign() -> void:
	_sign = Sign3D.new()
	_sign.name = "Sign"
	_sign.text = display_name if display_name != "" else UiKit.pretty_name(machine_id)
	_sign.font_px = 52
	_sign.pixels_per_m = 300.0
	_sign.plate_color = UiKit.SIGN_BG
	_sign.translation = Vector3(0, max(top_y + 1.05, 2.05), 0)
	add_child(_sign)


func _add_lamp() -> void:
	var lamp := MeshInstance.new()
	lamp.name = "StatusLamp"
	var mesh := SphereMesh.new()
	mesh.radius = 0.07
	mesh.height = 0.14
	lamp.mesh = mesh
	_lamp_material = SpatialMaterial.new()
	_lamp_material.emission_enabled = true
	lamp.material_override = _lamp_material
	lamp.translation = Vector3(body_size.x / 2 - 0.1, top_y + 0.08, -body_size.z / 2 + 0.1)
	add_child(lamp)
	_set_lamp("idle")


func _set_lamp(status: String) -> void:
	var color := UiKit.status_color(status)
	_lamp_material.albedo_color = color
	_lamp_material.emission = color
	_lamp_material.emission_energy = 0.3 if status == "idle" else 1.6


func _add_screen() -> void:
	screen = Panel3D.new()
	screen.name = "Screen"
	screen.size_m = screen_size
	screen.pixels_per_m = 800.0
	screen.translation = screen_offset
	screen.rotation_degrees = Vector3(-10, screen_yaw_deg, 0)
	screen_ui = MachineScreen.new()
	screen_ui.set_title(_sign.text, start_label)
	screen.content.add_child(screen_ui)
	screen_ui.rect_size = screen_size * 800.0
	screen_ui.connect("set_param_requested", self, "request_set_param")
	screen_ui.connect("start_requested", self, "request_start")
	if screen_ui.has_signal("skip_requested"):
		screen_ui.connect("skip_requested", self, "request_skip")
	if screen_ui.has_signal("set_params_requested"):
		screen_ui.connect("set_params_requested", self, "request_set_params")
	add_child(screen)
	screen_ui.screen_size = screen.get_pixel_size()
	screen_ui.fit()
	var post := MachineShapes.box(self, Vector3(0.08, screen_offset.y - screen_size.y / 2, 0.08),
			Vector3(screen_offset.x, (screen_offset.y - screen_size.y / 2) / 2, screen_offset.z - 0.05),
			MachineShapes.DARK)
	post.name = "ScreenPost"


func _ensure_slot(slot_name: String) -> Spatial:
	if slots.has(slot_name):
		return slots[slot_name]
	var pad := SlotPad.new()
	pad.setup(self, slot_name)
	add_child(pad)
	slots[slot_name] = pad
	return pad


func _layout_slots() -> void:
	var names: Array = slots.keys()
	names.sort()
	var spacing := min(0.4, (body_size.x - 0.2) / max(names.size(), 1))
	for i in range(names.size()):
		var x := (i - (names.size() - 1) / 2.0) * spacing
		slots[names[i]].translation = Vector3(x, top_y, body_size.z / 2 - 0.17)


## The slot pad for `slot_name` (created when the state names a new slot).
func get_slot(slot_name: String) -> Spatial:
	return slots.get(slot_name)


func _on_machine_state(entry: Dictionary) -> void:
	var state_slots = entry.get("slots", {})
	var accepts = entry.get("slot_accepts", {})
	if typeof(state_slots) == TYPE_DICTIONARY:
		var added := false
		for slot_name in state_slots:
			if not slots.has(str(slot_name)):
				_ensure_slot(str(slot_name))
				added = true
			var item = state_slots[slot_name]
			slots[str(slot_name)].set_item("" if typeof(item) != TYPE_STRING else item)
			if typeof(accepts) == TYPE_DICTIONARY:
				slots[str(slot_name)].accepts = str(accepts.get(slot_name, ""))
		if added:
			_layout_slots()
	var status := get_status()
	if _last_status == "running" and status != "running":
		_finished()
	_last_status = status
	_set_lamp(status)
	if screen_ui != null:
		screen_ui.show_state(entry)
		screen.refresh()


## A run ended: the lamp blinks, a chime sounds here, and the local player is told.
func _finished() -> void:
	_blink_left_s = FINISH_BLINK_S
	if _chime.is_inside_tree():
		_chime.play()
	for player in get_tree().get_nodes_in_group("local_player"):
		if player.has_method("machine_finished"):
			player.machine_finished(machine_id, get_title())


func _process(delta: float) -> void:
	if _blink_left_s <= 0.0:
		return
	_blink_left_s -= delta
	var on := fmod(_blink_left_s, 0.5) > 0.25
	_lamp_material.emission_energy = 3.0 if on else 0.4
	if _blink_left_s <= 0.0:
		_set_lamp(get_status())


## True while the lamp blinks after a finished run.
func is_blinking() -> bool:
	return _blink_left_s > 0.0


## The machine's name as students read it ("Powder dispenser").
func get_title() -> String:
	return _sign.text if _sign != null else UiKit.pretty_name(machine_id)


## The name of an item of the room state ("NMC622 slurry"), for slot hints.
func item_name(item_id: String) -> String:
	var bridge := get_node_or_null("/root/Bridge")
	var items = bridge.state.get("items", {}) if bridge != null else {}
	var entry = items.get(item_id) if typeof(items) == TYPE_DICTIONARY else null
	return str(entry.get("name", item_id)) if typeof(entry) == TYPE_DICTIONARY else item_id


## The screen's "Skip to the end": jumps the room's clock by `seconds`.
func request_skip(seconds: float) -> int:
	return _send("skip_time", {"seconds": seconds})


## The screen's "Use recipe values": one set_param per value, each sent once the state of the
## previous one's answer is in (so none is refused as stale).
func request_set_params(values: Dictionary) -> void:
	for name in values:
		_param_queue.append([name, values[name]])
	if _param_wait_id < 0:
		_send_next_param()


func _send_next_param() -> void:
	_param_wait_id = -1
	_param_wait_version = -1
	if _param_queue.empty():
		return
	var next: Array = _param_queue.pop_front()
	_param_wait_id = request_set_param(next[0], next[1])


func _on_intent_answered(intent_id: int, version: int = -1) -> void:
	if intent_id == _param_wait_id:
		_param_wait_version = version
		if version < 0:  # refused: drop the rest, the screen shows why
			_param_queue.clear()
			_send_next_param()


func _physics_process(_delta: float) -> void:
	if _param_wait_id >= 0 and _param_wait_version >= 0 and _bridge != null \
			and _bridge.state_version >= _param_wait_version:
		_send_next_param()


## Guided mode: shows (or, with {}, hides) the recipe's values on the screen.
func show_guide(values: Dictionary) -> void:
	if screen_ui != null and screen_ui.has_method("show_guide"):
		screen_ui.show_guide(values)
		screen.refresh()


func _on_param_refused(intent: Dictionary, _reason: String) -> void:
	_on_intent_answered(int(intent.get("id", -2)), -1)


func _on_rejected(intent: Dictionary, reason: String) -> void:
	if screen_ui != null:
		var what: String = UiKit.INTENT_WORDS.get(str(intent.get("type", "")), "Could not do that")
		screen_ui.show_message("%s: %s" % [what, reason])
		screen.refresh()
