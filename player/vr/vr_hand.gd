extends ARVRController
## One VR controller: a pointer ray with a laser, trigger = use / press screen buttons,
## grip = grab (release the grip over a machine slot to put the item in), A/X or B = label,
## left Y (a Vive wand's menu button) held = push-to-talk. Left stick forward aims a
## teleport, letting go jumps there; right stick left/right turns.

## Asked to teleport to `point` on the floor.
signal teleport_requested(point)
## Asked to turn by `degrees` (snap) around the head.
signal turn_requested(degrees)
## Asked to move by `offset` (smooth locomotion, off by default).
signal move_requested(offset)
## Push-to-talk held (true) or let go (false): the left controller's Y / menu button.
signal talk_requested(on)

const Interactor = preload("res://player/interactor.gd")
const UiKit = preload("res://scenes/ui3d/ui_kit.gd")
const STICK_ON = 0.7
const STICK_OFF = 0.3

## "left" or "right".
export var hand := "right"

var interactor: Node
var hold_point: Spatial
var turn_armed := true
var teleport_aiming := false
var snap_turn_deg := 30.0
var locomotion := "teleport"
var smooth_speed := 1.8

var _talk_held := false
var _laser: MeshInstance
var _marker: MeshInstance
var _model: MeshInstance


func _ready() -> void:
	interactor = Interactor.new()
	interactor.name = "Interactor"
	interactor.hand = hand
	interactor.reach_m = 10.0
	add_child(interactor)
	hold_point = Position3D.new()
	hold_point.name = "HoldPoint"
	hold_point.translation = Vector3(0, -0.03, -0.08)
	add_child(hold_point)
	_model = MeshInstance.new()
	var mesh := CubeMesh.new()
	mesh.size = Vector3(0.05, 0.04, 0.14)
	_model.mesh = mesh
	_model.material_override = _unshaded(Color(0.25, 0.27, 0.3))
	add_child(_model)
	_laser = MeshInstance.new()
	var beam := CubeMesh.new()
	beam.size = Vector3(0.004, 0.004, 1.0)
	_laser.mesh = beam
	_laser.material_override = _unshaded(Color(0.3, 0.8, 1.0, 0.8))
	add_child(_laser)
	_marker = MeshInstance.new()
	var ring := CylinderMesh.new()
	ring.top_radius = 0.25
	ring.bottom_radius = 0.25
	ring.height = 0.01
	_marker.mesh = ring
	_marker.material_override = _unshaded(Color(0.3, 1.0, 0.5, 0.6))
	_marker.set_as_toplevel(true)
	_marker.visible = false
	add_child(_marker)
	connect("button_pressed", self, "press_button")
	connect("button_release", self, "release_button")


static func _unshaded(color: Color) -> SpatialMaterial:
	var m := SpatialMaterial.new()
	m.flags_unshaded = true
	m.albedo_color = color
	m.flags_transparent = color.a < 1.0
	return m


func _physics_process(delta: float) -> void:
	var active := get_is_active()
	_model.visible = active
	_laser.visible = active
	if not active:
		_marker.visible = false
		if _talk_held:  # tracking lost with the button held: stop talking
			release_button(JOY_OCULUS_BY)
		return
	var xf := global_transform
	var hit: Dictionary = interactor.cast_ray(get_world(), xf.origin, -xf.basis.z)
	var length = interactor.reach_m
	if not hit.empty():
		length = xf.origin.distance_to(hit["position"])
	_laser.scale = Vector3(1, 1, length)
	_laser.translation = Vector3(0, 0, -length / 2.0)
	_sticks(delta, hit)


func _sticks(delta: float, hit: Dictionary) -> void:
	var x := get_joystick_axis(JOY_ANALOG_LX)
	var y := get_joystick_axis(JOY_ANALOG_LY)
	if hand == "right":
		if snap_turn_deg <= 0.0:
			if abs(x) > STICK_OFF:
				emit_signal("turn_requested", -x * 90.0 * delta)
		elif turn_armed and abs(x) > STICK_ON:
			turn_armed = false
			emit_signal("turn_requested", -sign(x) * snap_turn_deg)
		elif abs(x) < STICK_OFF:
			turn_armed = true
		return
	if locomotion == "smooth":
		if Vector2(x, y).length() > STICK_OFF:
			var forward := -global_transform.basis.z
			var right := global_transform.basis.x
			var move := (forward * y + right * x) * smooth_speed * delta
			emit_signal("move_requested", Vector3(move.x, 0, move.z))
		return
	var on_floor: bool = not hit.empty() and hit["collider"].is_in_group("teleport_floor")
	if y > STICK_ON:
		teleport_aiming = true
	if teleport_aiming:
		_marker.visible = on_floor
		if on_floor:
			_marker.global_transform = Transform(Basis(), hit["position"] + Vector3(0, 0.01, 0))
		if y < STICK_OFF:
			teleport_aiming = false
			_marker.visible = false
			if on_floor:
				emit_signal("teleport_requested", hit["position"])


## True when `button` is this controller's push-to-talk button (left Y; on a Vive wand the
## menu button, which has the same number).
func is_talk_button(button: int) -> bool:
	return hand == "left" and button == JOY_OCULUS_BY


## A controller button went down (JOY_VR_TRIGGER, JOY_VR_GRIP, ...).
func press_button(button: int) -> void:
	if is_talk_button(button):
		_talk_held = true
		emit_signal("talk_requested", true)
		return
	match button:
		JOY_VR_TRIGGER:
			interactor.primary_pressed()
		JOY_VR_GRIP:
			interactor.grab_pressed()
		JOY_OCULUS_AX, JOY_OCULUS_BY:
			interactor.inspect()


## A controller button came up.
func release_button(button: int) -> void:
	if is_talk_button(button):
		_talk_held = false
		emit_signal("talk_requested", false)
		return
	match button:
		JOY_VR_TRIGGER:
			interactor.primary_released()
		JOY_VR_GRIP:
			interactor.grab_released(hold_point.global_transform.origin)
