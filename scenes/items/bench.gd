extends Spatial
## The work bench: where items put down ("bench" location, or a release in the room) rest,
## side by side in the order they arrive.

const Sign3D = preload("res://scenes/ui3d/sign_3d.gd")
const MachineShapes = preload("res://scenes/machines/machine_shapes.gd")
const PhysicsLayers = preload("res://scenes/common/physics_layers.gd")
const Target = preload("res://scenes/common/target.gd")
const SIZE = Vector3(2.4, 0.9, 0.8)
const PER_ROW = 8

var _order := []


func _ready() -> void:
	add_to_group("bench")
	MachineShapes.box(self, Vector3(SIZE.x, 0.05, SIZE.z), Vector3(0, SIZE.y - 0.025, 0),
			Color(0.55, 0.45, 0.35))
	for x in [-1, 1]:
		for z in [-1, 1]:
			MachineShapes.box(self, Vector3(0.05, SIZE.y - 0.05, 0.05),
					Vector3(x * (SIZE.x / 2 - 0.06), (SIZE.y - 0.05) / 2, z * (SIZE.z / 2 - 0.06)),
					MachineShapes.DARK)
	var top := BenchTop.new()
	top.title = "Work bench"
	top.detail = "Click with an item in hand: put it here"
	add_child(top)
	var shape := BoxShape.new()
	shape.extents = Vector3(SIZE.x / 2, 0.025, SIZE.z / 2)
	top.attach(self, PhysicsLayers.WORLD, shape, Transform(Basis(), Vector3(0, SIZE.y - 0.025, 0)))
	var plate := Sign3D.new()
	plate.text = "Bench"
	plate.font_px = 40
	plate.translation = Vector3(0, SIZE.y + 0.9, -SIZE.z / 2)
	add_child(plate)


## Where `item_id` rests on the bench (items keep their place while they stay).
func place_for_item(item_id: String, present: Array) -> Transform:
	for old in _order.duplicate():
		if not old in present:
			_order.erase(old)
	if not item_id in _order:
		_order.append(item_id)
	var i := _order.find(item_id)
	var x := -SIZE.x / 2 + 0.15 + (i % PER_ROW) * 0.3
	var z := -0.18 + (i / PER_ROW) * 0.3
	return global_transform.translated(Vector3(x, SIZE.y, z))


class BenchTop:
	extends Target
	## The bench top: a click with an item in hand puts it down where the pointer is.

	func on_primary(actor: Node, point: Vector3) -> void:
		if actor.held_item_id() != "":
			actor.drop(point)
