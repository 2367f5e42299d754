extends Spatial
## A place on a machine where an item goes. Clicking it with an item in hand asks the runtime
## to put the item there; clicking it empty-handed picks up what lies there.

const UiKit = preload("res://scenes/ui3d/ui_kit.gd")
const Sign3D = preload("res://scenes/ui3d/sign_3d.gd")
const PHYSICS_LAYER_SLOTS = 4

## Slot name as the machine's state uses it ("input", "side_a", "1", ...).
var slot_name := ""
## The machine node (machine_view.gd) this slot belongs to.
var machine: Spatial = null
## Id of the item in the slot ("" when empty).
var item_id := ""

var _disc: MeshInstance
var _sign: Spatial


func setup(owner_machine: Spatial, name_of_slot: String) -> void:
	machine = owner_machine
	slot_name = name_of_slot
	name = "Slot_" + name_of_slot


func _ready() -> void:
	var mesh := CylinderMesh.new()
	mesh.top_radius = 0.13
	mesh.bottom_radius = 0.13
	mesh.height = 0.02
	_disc = MeshInstance.new()
	_disc.mesh = mesh
	_disc.translation = Vector3(0, 0.01, 0)
	add_child(_disc)
	var body := StaticBody.new()
	body.collision_layer = 1 << (PHYSICS_LAYER_SLOTS - 1)
	body.collision_mask = 0
	body.set_meta("interactable", self)
	var shape := CollisionShape.new()
	shape.shape = BoxShape.new()
	shape.shape.extents = Vector3(0.15, 0.12, 0.15)
	shape.translation = Vector3(0, 0.1, 0)
	body.add_child(shape)
	add_child(body)
	_sign = Sign3D.new()
	_sign.text = slot_name.replace("_", " ")
	_sign.font_px = 28
	_sign.pixels_per_m = 760.0
	_sign.plate_color = Color(0.15, 0.17, 0.2)
	_sign.translation = Vector3(0, 0.03, 0.17)
	_sign.rotation_degrees = Vector3(-70, 0, 0)
	add_child(_sign)
	set_item("")


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


## Primary action of a pointer (click / trigger).
func on_primary(actor: Node, _point: Vector3) -> void:
	var held: String = actor.held_item_id()
	if held != "":
		machine.request_place(held, slot_name)
	elif item_id != "":
		actor.send("grab", {"item": item_id, "hand": actor.hand})
