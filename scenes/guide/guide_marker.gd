extends Spatial
## Guided mode in the room: a bobbing arrow and a sign over the machine of the local user's
## next recipe step, and the recipe's values on that machine's screen. Follows the state's
## "guide" entry for this user (nothing shows when the room has no guide).

const Sign3D = preload("res://scenes/ui3d/sign_3d.gd")
const MachineShapes = preload("res://scenes/machines/machine_shapes.gd")
## Height of the arrow's tip above the machine's sign [m].
const ABOVE_SIGN_M = 0.5
const BOB_M = 0.08

## Machine id the arrow points at ("" when hidden).
var target_machine := ""
## The guide entry shown (this user's).
var entry := {}

var _arrow: Spatial
var _sign: Spatial
var _bob_t := 0.0
var _screen_machine: Node = null
var _bridge: Node = null


func _ready() -> void:
	name = "GuideMarker"
	_arrow = Spatial.new()
	_arrow.name = "Arrow"
	var cone := MachineShapes.cylinder(_arrow, 0.0, 0.3, Vector3(0, 0.15, 0),
			Color(1.0, 0.78, 0.1), "y", 0.16)
	cone.cast_shadow = GeometryInstance.SHADOW_CASTING_SETTING_OFF
	var m := SpatialMaterial.new()  # its own: shared body materials must not glow
	m.albedo_color = Color(1.0, 0.78, 0.1)
	m.emission_enabled = true
	m.emission = Color(1.0, 0.7, 0.05)
	m.emission_energy = 1.2
	cone.material_override = m
	add_child(_arrow)
	_sign = Sign3D.new()
	_sign.name = "GuideSign"
	_sign.font_px = 40
	_sign.plate_color = Color(0.55, 0.38, 0.02)
	_sign.billboard = true
	add_child(_sign)
	visible = false
	_bridge = get_node_or_null("/root/Bridge")
	if _bridge != null:
		_bridge.follow_state(self, "show_state")


## Follows the room state: this user's guide entry.
func show_state(room_state: Dictionary) -> void:
	var guides = room_state.get("guide", {})
	var mine = guides.get(_bridge.user_id, {}) if typeof(guides) == TYPE_DICTIONARY else {}
	show_entry(mine if typeof(mine) == TYPE_DICTIONARY else {})


## Shows one guide entry (see PROTOCOL.md, "guide").
func show_entry(new_entry: Dictionary) -> void:
	entry = new_entry
	var mid := str(entry.get("machine", ""))
	var machine: Node = _bridge.get_machine(mid) if _bridge != null and mid != "" else null
	if _screen_machine != null and _screen_machine != machine and is_instance_valid(_screen_machine):
		_screen_machine.show_guide({})
	_screen_machine = machine
	if machine == null or entry.get("finished", false):
		target_machine = ""
		visible = false
		return
	target_machine = mid
	visible = true
	var top := max(float(machine.top_y) + 1.05, 2.05) + ABOVE_SIGN_M
	global_transform = Transform(Basis(), machine.global_transform.origin + Vector3(0, top, 0))
	_sign.text = "Step %d: %s" % [int(entry.get("step", 0)), str(entry.get("title", ""))]
	_sign.translation = Vector3(0, 0.55, 0)
	var params = entry.get("params", {})
	machine.show_guide(params if typeof(params) == TYPE_DICTIONARY and not entry.get(
			"running", false) else {})


func _process(delta: float) -> void:
	if not visible:
		return
	_bob_t += delta
	_arrow.translation.y = sin(_bob_t * 3.0) * BOB_M
	_arrow.rotation.y = _bob_t * 1.5
