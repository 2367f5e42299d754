extends Reference
## Simple, readable machine bodies built from primitive meshes (one builder per machine kind).
##
## Every builder puts its parts under `root` (origin on the floor, front facing +Z) and returns
## the height of the top surface, where slot pads go.

const STEEL = Color(0.72, 0.74, 0.77)
const DARK = Color(0.22, 0.24, 0.27)
const WHITE = Color(0.9, 0.91, 0.92)
const OVEN = Color(0.82, 0.36, 0.16)


static func build(kind: String, root: Spatial, size: Vector3, color: Color) -> float:
	match kind:
		"powder_dispenser":
			return _dispenser(root, size, color)
		"premixer":
			return _premixer(root, size, color)
		"solvent_filler":
			return _solvent_filler(root, size, color)
		"mixer":
			return _mixer(root, size, color)
		"coater":
			return _coater(root, size, color)
		"calender":
			return _calender(root, size, color)
		"slitter":
			return _slitter(root, size, color)
		"winder":
			return _winder(root, size, color)
		"welder":
			return _welder(root, size, color)
		"filler_sealer":
			return _degas(root, size, color)
		"recycle_bin":
			return _bin(root, size, color)
	return _cabinet(root, size, color)


static func material(color: Color, metallic: float = 0.1) -> SpatialMaterial:
	var m := SpatialMaterial.new()
	m.albedo_color = color
	m.metallic = metallic
	m.roughness = 0.55
	if color.a < 1.0:
		m.flags_transparent = true
	return m


static func box(root: Spatial, size: Vector3, center: Vector3, color: Color) -> MeshInstance:
	var mesh := CubeMesh.new()
	mesh.size = size
	return _add(root, mesh, center, color)


## A cylinder along `axis` ("y" upright, "x" or "z" lying).
static func cylinder(root: Spatial, radius: float, height: float, center: Vector3,
		color: Color, axis: String = "y", top_radius: float = -1.0) -> MeshInstance:
	var mesh := CylinderMesh.new()
	mesh.bottom_radius = radius
	mesh.top_radius = radius if top_radius < 0.0 else top_radius
	mesh.height = height
	mesh.radial_segments = 24
	var node := _add(root, mesh, center, color)
	if axis == "x":
		node.rotation_degrees = Vector3(0, 0, 90)
	elif axis == "z":
		node.rotation_degrees = Vector3(90, 0, 0)
	return node


static func _add(root: Spatial, mesh: Mesh, center: Vector3, color: Color) -> MeshInstance:
	var node := MeshInstance.new()
	node.mesh = mesh
	node.material_override = material(color, 0.35 if color == STEEL else 0.1)
	node.translation = center
	root.add_child(node)
	return node


static func _cabinet(root: Spatial, s: Vector3, color: Color) -> float:
	box(root, s, Vector3(0, s.y / 2, 0), color)
	box(root, Vector3(s.x * 0.9, 0.04, s.z * 0.9), Vector3(0, s.y + 0.02, 0), DARK)
	return s.y + 0.04


static func _dispenser(root: Spatial, s: Vector3, color: Color) -> float:
	_cabinet(root, s, color)
	for i in range(3):
		var x := (i - 1) * s.x * 0.3
		cylinder(root, 0.14, 0.35, Vector3(x, s.y + 0.75, -s.z * 0.2), WHITE, "y", 0.05)
		cylinder(root, 0.03, 0.5, Vector3(x, s.y + 0.35, -s.z * 0.2), STEEL)
	box(root, Vector3(s.x, 0.08, 0.2), Vector3(0, s.y + 1.0, -s.z * 0.2), STEEL)
	return s.y + 0.04


static func _premixer(root: Spatial, s: Vector3, color: Color) -> float:
	_cabinet(root, s, color)
	cylinder(root, 0.25, s.x * 0.7, Vector3(0, s.y + 0.4, -s.z * 0.15), STEEL, "x")
	box(root, Vector3(0.1, 0.4, 0.1), Vector3(-s.x * 0.3, s.y + 0.2, -s.z * 0.15), DARK)
	box(root, Vector3(0.1, 0.4, 0.1), Vector3(s.x * 0.3, s.y + 0.2, -s.z * 0.15), DARK)
	return s.y + 0.04


static func _solvent_filler(root: Spatial, s: Vector3, color: Color) -> float:
	_cabinet(root, s, color)
	cylinder(root, 0.16, 0.8, Vector3(-s.x * 0.25, s.y + 0.4, -s.z * 0.25), WHITE)
	cylinder(root, 0.16, 0.8, Vector3(s.x * 0.25, s.y + 0.4, -s.z * 0.25), Color(0.7, 0.85, 1.0))
	box(root, Vector3(s.x * 0.6, 0.05, 0.05), Vector3(0, s.y + 0.85, -s.z * 0.25), STEEL)
	cylinder(root, 0.025, 0.35, Vector3(0, s.y + 0.65, -s.z * 0.25), STEEL)
	return s.y + 0.04


static func _mixer(root: Spatial, s: Vector3, color: Color) -> float:
	_cabinet(root, s, color)
	box(root, Vector3(0.15, 1.1, 0.15), Vector3(0, s.y + 0.55, -s.z * 0.4), DARK)
	box(root, Vector3(0.5, 0.25, 0.5), Vector3(0, s.y + 1.0, -s.z * 0.1), color.darkened(0.2))
	cylinder(root, 0.05, 0.45, Vector3(0, s.y + 0.65, -s.z * 0.1), STEEL)
	cylinder(root, 0.22, 0.3, Vector3(0, s.y + 0.19, -s.z * 0.1), STEEL)
	return s.y + 0.04


static func _coater(root: Spatial, s: Vector3, color: Color) -> float:
	box(root, Vector3(s.x, s.y * 0.7, s.z), Vector3(0, s.y * 0.35, 0), color)
	var top := s.y * 0.7
	var left := -s.x / 2
	cylinder(root, 0.18, s.z * 0.8, Vector3(left + 0.3, top + 0.25, 0), Color(0.8, 0.6, 0.3), "z")
	cylinder(root, 0.08, s.z * 0.8, Vector3(left + 0.75, top + 0.2, 0), STEEL, "z")
	cylinder(root, 0.08, s.z * 0.8, Vector3(left + 0.75, top + 0.37, 0), STEEL, "z")
	box(root, Vector3(0.25, 0.15, s.z * 0.8), Vector3(left + 0.75, top + 0.55, 0), DARK)
	var oven_len := (s.x - 1.6) / 2.0
	for zone in range(2):
		var x := left + 1.0 + oven_len * (zone + 0.5)
		box(root, Vector3(oven_len - 0.04, 0.5, s.z * 0.9), Vector3(x, top + 0.25, 0),
				OVEN.lightened(0.15 * zone))
	cylinder(root, 0.15, s.z * 0.8, Vector3(s.x / 2 - 0.3, top + 0.25, 0), Color(0.55, 0.55, 0.6), "z")
	return top + 0.01


static func _calender(root: Spatial, s: Vector3, color: Color) -> float:
	box(root, Vector3(s.x, s.y * 0.55, s.z), Vector3(0, s.y * 0.275, 0), color)
	var top := s.y * 0.55
	box(root, Vector3(0.12, 0.9, s.z), Vector3(-s.x * 0.35, top + 0.45, 0), DARK)
	box(root, Vector3(0.12, 0.9, s.z), Vector3(s.x * 0.35, top + 0.45, 0), DARK)
	cylinder(root, 0.2, s.x * 0.6, Vector3(0, top + 0.3, -s.z * 0.1), STEEL, "x")
	cylinder(root, 0.2, s.x * 0.6, Vector3(0, top + 0.72, -s.z * 0.1), STEEL, "x")
	return top + 0.01


static func _slitter(root: Spatial, s: Vector3, color: Color) -> float:
	_cabinet(root, s, color)
	for i in range(4):
		cylinder(root, 0.12, 0.01, Vector3(-0.3 + i * 0.2, s.y + 0.25, -s.z * 0.2), STEEL, "x")
	cylinder(root, 0.03, s.x * 0.8, Vector3(0, s.y + 0.25, -s.z * 0.2), DARK, "x")
	return s.y + 0.04


static func _winder(root: Spatial, s: Vector3, color: Color) -> float:
	_cabinet(root, s, color)
	var y := s.y + 0.35
	cylinder(root, 0.15, 0.12, Vector3(-s.x * 0.3, y, -s.z * 0.25), Color(0.75, 0.6, 0.4), "z")
	cylinder(root, 0.15, 0.12, Vector3(s.x * 0.3, y, -s.z * 0.25), Color(0.5, 0.5, 0.55), "z")
	cylinder(root, 0.05, 0.3, Vector3(0, s.y + 0.3, -s.z * 0.25), STEEL, "z")
	return s.y + 0.04


static func _welder(root: Spatial, s: Vector3, color: Color) -> float:
	_cabinet(root, s, color)
	box(root, Vector3(0.1, 0.8, 0.1), Vector3(-s.x * 0.3, s.y + 0.4, -s.z * 0.3), DARK)
	box(root, Vector3(0.55, 0.1, 0.1), Vector3(-s.x * 0.1, s.y + 0.8, -s.z * 0.3), DARK)
	cylinder(root, 0.02, 0.25, Vector3(s.x * 0.12, s.y + 0.62, -s.z * 0.3), Color(0.8, 0.5, 0.2))
	return s.y + 0.04


static func _degas(root: Spatial, s: Vector3, color: Color) -> float:
	box(root, Vector3(s.x, s.y * 0.6, s.z), Vector3(0, s.y * 0.3, 0), color)
	var top := s.y * 0.6
	box(root, Vector3(s.x, 0.7, s.z * 0.8), Vector3(0, top + 0.35, -s.z * 0.1),
			Color(0.75, 0.88, 0.95, 0.35))
	for i in range(2):
		cylinder(root, 0.09, 0.05, Vector3(-0.25 + 0.5 * i, top + 0.35, s.z * 0.31), DARK, "z")
	return top + 0.01


static func _bin(root: Spatial, s: Vector3, color: Color) -> float:
	cylinder(root, s.x / 2, s.y, Vector3(0, s.y / 2, 0), color, "y", s.x / 2 * 1.1)
	cylinder(root, s.x / 2 * 0.95, 0.02, Vector3(0, s.y + 0.01, 0), DARK)
	return s.y + 0.02
