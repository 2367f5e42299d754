extends Spatial
## Floor, walls, ceiling and lights of the dry room: epoxy floor with walkways, white
## cleanroom wall panels with a steel skirting, a suspended ceiling with light panels, and the
## fittings of room_details.gd, merged into a few meshes that cast no shadows. The floor is the
## teleport target and the place where a released item comes to rest. Applies the rendering
## quality (room_looks.gd) to the room's environment and lights.

const Sign3D = preload("res://scenes/ui3d/sign_3d.gd")
const MachineShapes = preload("res://scenes/machines/machine_shapes.gd")
const PhysicsLayers = preload("res://scenes/common/physics_layers.gd")
const Cmdline = preload("res://addons/bmm_bridge/cmdline.gd")
const RoomDetails = preload("room_details.gd")
const RoomLooks = preload("room_looks.gd")
const FLOOR_COLOR = Color(0.42, 0.45, 0.47)
## Walls and ceiling are unshaded ("lit" preset): these are their colours as lit.
const WALL_COLOR = Color(0.7, 0.72, 0.74)
const CEILING_COLOR = Color(0.72, 0.73, 0.75)
const LAMP_COLOR = Color(1.0, 0.98, 0.93)
## Width of one wall or ceiling panel [m].
const PANEL_M = 1.2

## Inner size of the room [m]: width (X), height, depth (Z); centred on the origin.
export var room_size := Vector3(18, 3.6, 13)
## Rendering quality: "auto", "high", "medium" or "low" (see room_looks.gd); `--looks=`
## overrides it.
export var quality := "auto"

var floor_target: Node


func _ready() -> void:
	var s := room_size
	var first := get_child_count()
	_floor_and_ceiling(s)
	_walls(s)
	RoomDetails.build(self, s)
	var parts := []
	for i in range(first, get_child_count()):
		var child := get_child(i)
		if child is MeshInstance and child.mesh is PrimitiveMesh:
			parts.append(child)
	for shell in MachineShapes.merge(self, parts, "Shell"):
		shell.cast_shadow = GeometryInstance.SHADOW_CASTING_SETTING_OFF
	_floor_body(s)
	var plate := Sign3D.new()
	plate.text = "DRY ROOM  ·  dew point −40 °C  ·  Li-ion pilot line"
	plate.font_px = 60
	plate.plate_color = Color(0.1, 0.22, 0.36)
	plate.translation = Vector3(0, 3.05, -s.z / 2 + 0.02)
	add_child(plate)
	if get_parent() != null:
		RoomLooks.apply(get_parent(), Cmdline.value("looks", quality))


func _floor_and_ceiling(s: Vector3) -> void:
	RoomDetails.floor_tiles(self, s, FLOOR_COLOR)
	MachineShapes.box(self, Vector3(s.x, 0.1, s.z), Vector3(0, s.y + 0.05, 0), CEILING_COLOR, "lit")
	var grid := CEILING_COLOR.darkened(0.12)
	for i in range(1, int(s.x / PANEL_M)):
		MachineShapes.box(self, Vector3(0.025, 0.01, s.z), Vector3(-s.x / 2 + i * PANEL_M, s.y - 0.005,
				0), grid, "lit")
	for i in range(1, int(s.z / PANEL_M) + 1):
		MachineShapes.box(self, Vector3(s.x, 0.01, 0.025), Vector3(0, s.y - 0.005, -s.z / 2 + i *
				PANEL_M - 0.1), grid, "lit")
	for ix in range(-2, 3):
		for z in [-4.2, -1.4, 1.4, 4.2]:
			MachineShapes.box(self, Vector3(1.18, 0.02, 0.58), Vector3(ix * 3.3, s.y - 0.012, z),
					LAMP_COLOR, "lamp")


func _walls(s: Vector3) -> void:
	var sides := [
		[Vector3(s.x, s.y, 0.1), Vector3(0, s.y / 2, -s.z / 2 - 0.05), Vector3(1, 0, 0), s.x],
		[Vector3(s.x, s.y, 0.1), Vector3(0, s.y / 2, s.z / 2 + 0.05), Vector3(1, 0, 0), s.x],
		[Vector3(0.1, s.y, s.z), Vector3(-s.x / 2 - 0.05, s.y / 2, 0), Vector3(0, 0, 1), s.z],
		[Vector3(0.1, s.y, s.z), Vector3(s.x / 2 + 0.05, s.y / 2, 0), Vector3(0, 0, 1), s.z],
	]
	for side in sides:
		var size: Vector3 = side[0]
		var center: Vector3 = side[1]
		var along: Vector3 = side[2]
		var length: float = side[3]
		var inward := -Vector3(center.x, 0, center.z).normalized()
		MachineShapes.box(self, size, center, WALL_COLOR, "lit")
		var face := center + inward * 0.05
		var thin := Vector3(1, 0, 1) - along
		MachineShapes.box(self, along * length + thin * 0.03 + Vector3(0, 0.14, 0),
				face + Vector3(0, 0.07 - s.y / 2, 0) + inward * 0.01, MachineShapes.STEEL, "steel")
		MachineShapes.box(self, along * length + thin * 0.02 + Vector3(0, 0.06, 0),
				face + Vector3(0, s.y / 2 - 0.03, 0) + inward * 0.005, WALL_COLOR.darkened(0.06), "lit")
		for i in range(1, int(length / PANEL_M) + 1):
			var at := face + along * (-length / 2 + i * PANEL_M) + Vector3(0, 0.1, 0)
			MachineShapes.box(self, along * 0.016 + thin * 0.008 + Vector3(0, s.y - 0.28, 0), at,
					WALL_COLOR.darkened(0.1), "lit")


func _floor_body(s: Vector3) -> void:
	var body := StaticBody.new()
	body.name = "Floor"
	body.collision_layer = PhysicsLayers.bit(PhysicsLayers.WORLD)
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
		wall.collision_layer = PhysicsLayers.bit(PhysicsLayers.WORLD)
		var wall_shape := CollisionShape.new()
		wall_shape.shape = BoxShape.new()
		wall_shape.shape.extents = side[0] / 2.0
		wall_shape.translation = side[1]
		wall.add_child(wall_shape)
		add_child(wall)


class FloorTarget:
	extends "res://scenes/common/target.gd"
	## Clicking the floor with an item in hand puts it down there. The HUD names nothing.

	func _init() -> void:
		role = "floor"

	func on_primary(actor: Node, point: Vector3) -> void:
		if actor.held_item_id() != "":
			actor.drop(point)
