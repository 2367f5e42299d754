extends Spatial
## A place on a machine where an item goes. Clicking it with items in hand asks the runtime to
## put the one the slot accepts there; clicking it empty-handed picks up what lies there.
## Its hit shape is the pad itself (what lies on it is its own target).

const UiKit = preload("res://scenes/ui3d/ui_kit.gd")
const Sign3D = preload("res://scenes/ui3d/sign_3d.gd")
const Highlight = preload("res://scenes/common/highlight.gd")
const Interactable = preload("res://scenes/common/interactable.gd")
const PhysicsLayers = preload("res://scenes/common/physics_layers.gd")
## Radius of the pad [m].
const RADIUS_M = 0.13

## Slot name as the machine's state uses it ("input", "side_a", "1", ...).
var slot_name := ""
## The machine node (machine_view.gd) this slot belongs to.
var machine: Spatial = null
## Id of the item in the slot ("" when empty).
var item_id := ""
## What the slot takes, in words (from the state's slot_accepts).
var accepts := ""

var _disc: MeshInstance
var _sign: Spatial
var _hull: MeshInstance


func setup(owner_machine: Spatial, name_of_slot: String) -> void:
	machine = owner_machine
	slot_name = name_of_slot
	name = "Slot_" + name_of_slot


func _ready() -> void:
	var mesh := CylinderMesh.new()
	mesh.top_radius = RADIUS_M
	mesh.bottom_radius = RADIUS_M
	mesh.height = 0.02
	_disc = MeshInstance.new()
	_disc.mesh = mesh
	_disc.translation = Vector3(0, 0.01, 0)
	add_child(_disc)
	var body := StaticBody.new()
	body.collision_layer = PhysicsLayers.bit(PhysicsLayers.SLOTS)
	body.collision_mask = 0
	var shape := CollisionShape.new()
	shape.shape = CylinderShape.new()
	shape.shape.radius = RADIUS_M
	shape.shape.height = 0.04
	shape.shape.margin = 0.001  # Bullet shrinks a shape by its margin (0.04 m by default)
	shape.translation = Vector3(0, 0.02, 0)
	body.add_child(shape)
	add_child(body)
	_hull = Highlight.hull(self, shape)
	Interactable.register(body, self)
	_sign = Sign3D.new()
	_sign.text = slot_title()
	_sign.font_px = 28
	_sign.pixels_per_m = 760.0
	_sign.plate_color = Color(0.15, 0.17, 0.2)
	_sign.translation = Vector3(0, 0.03, 0.17)
	_sign.rotation_degrees = Vector3(-70, 0, 0)
	add_child(_sign)
	set_item("")


## The slot's name in words ("channel 3" for the potentiostat's numbered slots).
func slot_title() -> String:
	return ("channel " + slot_name) if slot_name.is_valid_integer() else slot_name.replace("_", " ")


func set_item(new_item_id: String) -> void:
	item_id = new_item_id
	var m := SpatialMaterial.new()
	m.albedo_color = UiKit.BLUE if item_id == "" else UiKit.GREEN
	m.emission_enabled = true
	m.emission = m.albedo_color * 0.4
	_disc.material_override = m


## Where an item in this slot rests (global).
func anchor() -> Transform:
	return global_transform.translated(Vector3(0, 0.03, 0))


func interact_role() -> String:
	return "slot"


func pointer_info() -> Dictionary:
	var where := "%s: %s slot" % [machine.get_title() if machine != null else "", slot_title()]
	var detail := "Takes " + accepts if accepts != "" else ""
	if item_id != "":
		detail = "Holds %s · %s" % [machine.item_name(item_id), detail]
	return {"title": where, "detail": detail}


func set_highlighted(on: bool) -> void:
	_hull.visible = on


## Primary action of a pointer (click / trigger): put in what the slot takes, or take out.
func on_primary(actor: Node, _point: Vector3) -> void:
	if actor.held_item_id() != "" and (item_id == "" or actor.free_hand() == ""):
		machine.request_place("", slot_name)
	elif item_id != "":
		var hand: String = actor.free_hand()
		if hand != "":
			actor.send("grab", {"item": item_id, "hand": hand})
	else:
		actor.notify("Empty slot: it takes " + (accepts if accepts != "" else "an item"))
