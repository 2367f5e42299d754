extends Reference
## The hover highlight: a translucent glowing hull the size of a target's hit shape, so what
## lights up is exactly what a click takes.

const COLOR = Color(1.0, 0.85, 0.2, 0.28)

static func _material() -> SpatialMaterial:
	var m := SpatialMaterial.new()
	m.flags_unshaded = true
	m.flags_transparent = true
	m.flags_no_depth_test = false
	m.albedo_color = COLOR
	m.params_cull_mode = SpatialMaterial.CULL_DISABLED
	return m


## A hidden hull for `shape` (BoxShape, CylinderShape, SphereShape, CapsuleShape) placed like
## the CollisionShape `placed`, added under `parent`.
static func hull(parent: Spatial, placed: CollisionShape) -> MeshInstance:
	var shape: Shape = placed.shape
	var mesh: PrimitiveMesh = null
	var pad := 0.008
	if shape is BoxShape:
		mesh = CubeMesh.new()
		mesh.size = shape.extents * 2.0 + Vector3.ONE * pad * 2.0
	elif shape is CylinderShape:
		mesh = CylinderMesh.new()
		mesh.top_radius = shape.radius + pad
		mesh.bottom_radius = shape.radius + pad
		mesh.height = shape.height + pad * 2.0
		mesh.radial_segments = 24
	elif shape is SphereShape:
		mesh = SphereMesh.new()
		mesh.radius = shape.radius + pad
		mesh.height = (shape.radius + pad) * 2.0
	elif shape is CapsuleShape:
		mesh = CapsuleMesh.new()
		mesh.radius = shape.radius + pad
		mesh.mid_height = shape.height
	var node := MeshInstance.new()
	node.name = "Highlight"
	node.mesh = mesh
	node.material_override = _material()
	node.cast_shadow = GeometryInstance.SHADOW_CASTING_SETTING_OFF
	node.transform = placed.transform
	node.visible = false
	parent.add_child(node)
	return node
