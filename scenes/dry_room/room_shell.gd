extends Spatial
## Floor, walls, ceiling and ceiling lights of the dry room. The floor is the teleport target
## and the place where a released item comes to rest.

const Sign3D = preload("res://scenes/ui3d/sign_3d.gd")
const MachineShapes = preload("res://scenes/machines/machine_shapes.gd")
const PHYSICS_LAYER_WORLD = 1

## Inner size of the room [m]: width (X), height, depth (Z); centred on the origin.
export var room_size := Vector3(18, 3.6, 13)

var floor_target: Node


func _ready() -> void:
	var s := room_size
	var floor_color := Color(0.4, 0.46, 0.52)
	var wall := Color(0.78, 0.8, 0.8)
	MachineShapes.box(self, Vector3(s.x, 0.1, s.z), Vector3(0, -0.05, 0), floor_color)
	for i in range(int(s.x / 2) + 1):
		MachineShapes.box(self, Vector3(0.02, 0.002, s.z), Vector3(-s.x / 2 + i * 2, 0.001, 0),
				floor_color.darkened(0.12))
	MachineShapes.box(self, Vector3(s.x, 0.1, s.z), Vector3(0, s.y + 0.05, 0), Color(0.95, 0.95, 0.96))
	MachineShapes.box(self, Vector3(s.x, s.y, 0.1), Vector3(0, s.y / 2, -s.z / 2 - 0.05), wall)
	MachineShapes.box(self, Vector3(s.x, s.y, 0.1), Vector3(0, s.y / 2, s.z / 2 + 0.05), wall)
	MachineShapes.box(self, Vector3(0.1, s.y, s.z), Vector3(-s.x / 2 - 0.05, s.y / 2, 0), wall)
	MachineShapes.box(self, Vector3(0.1, s.y, s.z), Vector3(s.x / 2 + 0.05, s.y / 2, 0), wall)
	MachineShapes.box(self, Vector3(s.x, 0.12, 0.02), Vector3(0, 0.06, -s.z / 2 + 0.01),
			Color(0.3, 0.35, 0.4))
	_ceiling_lights(s)
	_floor_body(s)
	var plate := Sign3D.new()
	plate.text = "DRY ROOM  ·  dew point −40 °C  ·  Li-ion pilot line"
	plate.font_px = 60
	plate.plate_color = Color(0.1, 0.22, 0.36)
	plate.translation = Vector3(0, 3.05, -s.z / 2 + 0.02)
	add_child(plate)


func _ceiling_lights(s: Vector3) -> void:
	for ix in range(-1, 2):
		for iz in range(-1, 2):
			var lamp := MachineShapes.box(self, Vector3(1.2, 0.04, 0.6),
					Vector3(ix * s.x / 3.2, s.y - 0.02, iz * s.z / 3.2), Color(1, 1, 0.97))
			var m: SpatialMaterial = lamp.material_override
			m.emission_enabled = true
			m.emission = Color(1, 1, 0.95)
			m.emission_energy = 1.2


func _floor_body(s: Vector3) -> void:
	var body := StaticBody.new()
	body.name = "Floor"
	body.collision_layer = 1 << (PHYSICS_LAYER_WORLD - 1)
	body.add_to_group("teleport_floor")
	floor_target = FloorTarget.new()
	add_child(floor_target)
	body.set_meta("interactable", floor_target)
	var shape := CollisionShape.new()
	shape.shape = BoxShape.new()
	shape.shape.extents = Vector3(s.x / 2, 0.05, s.z / 2)
	shape.translation = Vector3(0, -0.05, 0)
	body.add_child(shape)
	add_child(body)
	for side in [[Vector3(s.x, s.y, 0.1), Vector3(0, s.y / 2, -s.z / 2 - 0.05)],
			[Vector3(s.x, s.y, 0.1), Vector3(0, s.y / 2, s.z / 2 + 0.05)],
			[Vector3(0.1, s.y, s.z), Vector3(-s.x / 2 - 0.05, s.y / 2, 0)],
			[Vector3(0.1, s.y, s.z), Vector3(s.x / 2 + 0.05, s.y / 2, 0)]]:
		var wall := StaticBody.new()
		wall.collision_layer = 1 << (PHYSICS_LAYER_WORLD - 1)
		var wall_shape := CollisionShape.new()
		wall_shape.shape = BoxShape.new()
		wall_shape.shape.extents = side[0] / 2.0
		wall_shape.translation = side[1]
		wall.add_child(wall_shape)
		add_child(wall)


class FloorTarget:
	extends Node
	## Clicking the floor with an item in hand puts it down there.
	func on_primary(actor: Node, point: Vector3) -> void:
		if actor.held_item_id() != "":
			actor.drop(point)
