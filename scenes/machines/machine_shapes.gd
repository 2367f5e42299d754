extends Reference
## Machine bodies built from primitive meshes, one builder per machine kind, with shared PBR
## materials (named presets: brushed steel, polished rolls, painted sheet metal, glass, ...).
##
## Every builder puts its parts under `root` (origin on the floor, front facing +Z, inside the
## footprint size.x × size.z) and returns the height of the work surface, where slot pads go.
## build() then merges the parts into one mesh per shadow setting (one surface per material)
## and gives every part standing above the work surface a collision shape on the WORLD layer,
## so pointer rays stop at what they see. Above the work surface, nothing stands in the strip
## in front of the slot pads (FREE_STRIP_M deep, FREE_HEIGHT_M high).

const PhysicsLayers = preload("res://scenes/common/physics_layers.gd")
const Sign3D = preload("res://scenes/ui3d/sign_3d.gd")

const STEEL = Color(0.72, 0.74, 0.77)
const DARK = Color(0.22, 0.24, 0.27)
const WHITE = Color(0.9, 0.91, 0.92)
const OVEN = Color(0.82, 0.36, 0.16)
## Heavy machine frames (calender housings, coater stands).
const FRAME = Color(0.22, 0.29, 0.38)
const SAFETY_YELLOW = Color(0.96, 0.76, 0.08)
const ALUMINIUM = Color(0.84, 0.85, 0.87)
const COPPER = Color(0.88, 0.55, 0.36)
## Electrode coating (active material, carbon, binder): near black.
const COATING = Color(0.09, 0.09, 0.1)
const RUBBER = Color(0.06, 0.06, 0.07)
const GLASS = Color(0.78, 0.88, 0.94, 0.2)
const DISPLAY = Color(0.3, 0.95, 0.6)
## Depth of the strip in front of the slot pads kept free above the work surface [m].
const FREE_STRIP_M = 0.35
## Height of that strip above the work surface [m].
const FREE_HEIGHT_M = 0.4
## Surface presets: [metallic, roughness]. Glass is transparent, glow emits its colour (a lamp
## more of it), "lit" is unshaded: its colour is the lit look, for large matte surfaces that
## ambient light and one directional light reach evenly (the room's walls and ceiling), at a
## fraction of the cost per pixel.
const PRESETS = {
	"painted": [0.0, 0.5],
	"steel": [0.8, 0.32],
	"polished": [1.0, 0.12],
	"dark": [0.3, 0.5],
	"plastic": [0.0, 0.35],
	"rubber": [0.0, 0.85],
	"foil": [1.0, 0.25],
	"glass": [0.0, 0.05],
	"glow": [0.0, 0.5],
	"lamp": [0.0, 0.5],
	"epoxy": [0.0, 0.3],
	"matte": [0.0, 0.8],
	"lit": [0.0, 1.0],
}
## Shared materials by preset and colour (one SpatialMaterial per look, not per part).
const MATERIAL_CACHE = {}


static func build(kind: String, root: Spatial, size: Vector3, color: Color) -> float:
	var first := root.get_child_count()
	var top := _build_parts(kind, root, size, color)
	var parts := []
	for i in range(first, root.get_child_count()):
		var child := root.get_child(i)
		if child is MeshInstance and child.mesh is PrimitiveMesh:
			parts.append(child)
	add_colliders(root, parts, top + 0.02)
	merge(root, parts, "Shape")
	return top


static func _build_parts(kind: String, root: Spatial, s: Vector3, color: Color) -> float:
	match kind:
		"powder_dispenser":
			return _dispenser(root, s, color)
		"premixer":
			return _premixer(root, s, color)
		"solvent_filler":
			return _solvent_filler(root, s, color)
		"mixer":
			return _mixer(root, s, color)
		"coater":
			return _coater(root, s, color)
		"calender":
			return _calender(root, s, color)
		"slitter":
			return _slitter(root, s, color)
		"winder":
			return _winder(root, s, color)
		"welder":
			return _welder(root, s, color)
		"filler_sealer":
			return _glove_box(root, s, color)
		"recycle_bin":
			return _bin(root, s, color)
		"deposit_station":
			return _deposit(root, s, color)
	return _cabinet(root, s, color, s.y + 0.04)


# --- materials ---------------------------------------------------------------------------------
## A new (unshared) material the caller may change.
static func material(color: Color, metallic: float = 0.1) -> SpatialMaterial:
	var m := SpatialMaterial.new()
	m.albedo_color = color
	m.metallic = metallic
	m.roughness = 0.5
	if color.a < 1.0:
		m.flags_transparent = true
	return m


## The shared material for `color` with surface `preset` (see PRESETS; "" picks one from the
## colour: STEEL is brushed steel, DARK a dark powder coat, see-through colours are glass,
## anything else painted sheet metal). Do not change it: every part of that look uses it.
static func shared_material(color: Color, preset: String = "") -> SpatialMaterial:
	if preset == "":
		preset = _auto_preset(color)
	var key := "%s:%s" % [preset, color.to_html(true)]
	if not MATERIAL_CACHE.has(key):
		MATERIAL_CACHE[key] = _make_material(color, preset)
	return MATERIAL_CACHE[key]


static func _auto_preset(color: Color) -> String:
	if color.a < 1.0:
		return "glass"
	if color == STEEL:
		return "steel"
	if color == DARK:
		return "dark"
	return "painted"


static func _make_material(color: Color, preset: String) -> SpatialMaterial:
	var values: Array = PRESETS.get(preset, PRESETS["painted"])
	var m := SpatialMaterial.new()
	m.albedo_color = color
	m.metallic = values[0]
	m.roughness = values[1]
	m.params_diffuse_mode = SpatialMaterial.DIFFUSE_LAMBERT
	if preset == "lit":
		m.flags_unshaded = true
	if preset == "glass" or color.a < 1.0:
		m.flags_transparent = true
		m.albedo_color.a = min(color.a, 0.35)
		m.set_meta("no_shadow", true)
	if preset == "glow" or preset == "lamp":
		m.emission_enabled = true
		m.emission = color
		m.emission_energy = 1.4 if preset == "glow" else 2.5
		m.set_meta("no_shadow", true)
	return m


# --- parts -------------------------------------------------------------------------------------
static func box(root: Spatial, size: Vector3, center: Vector3, color: Color,
		preset: String = "") -> MeshInstance:
	var mesh := CubeMesh.new()
	mesh.size = size
	return _add(root, mesh, center, color, preset)


## A cylinder along `axis` ("y" upright, "x" or "z" lying); `radius` is its bottom (the -y,
## -x or -z end), `top_radius` the other end (-1: the same).
static func cylinder(root: Spatial, radius: float, height: float, center: Vector3,
		color: Color, axis: String = "y", top_radius: float = -1.0,
		preset: String = "") -> MeshInstance:
	var mesh := CylinderMesh.new()
	mesh.bottom_radius = radius
	mesh.top_radius = radius if top_radius < 0.0 else top_radius
	mesh.height = height
	mesh.rings = 0
	var r: float = max(mesh.bottom_radius, mesh.top_radius)
	mesh.radial_segments = 8 if r < 0.025 else (14 if r < 0.07 else (24 if r < 0.14 else 32))
	var node := _add(root, mesh, center, color, preset)
	if axis == "x":
		node.rotation_degrees = Vector3(0, 0, -90)
	elif axis == "z":
		node.rotation_degrees = Vector3(90, 0, 0)
	return node


## A sphere (or its upper half with `hemisphere`, then `center` is the middle of its flat side).
static func sphere(root: Spatial, radius: float, center: Vector3, color: Color,
		preset: String = "", hemisphere: bool = false) -> MeshInstance:
	var mesh := SphereMesh.new()
	mesh.radius = radius
	mesh.height = radius * (1.0 if hemisphere else 2.0)
	mesh.is_hemisphere = hemisphere
	mesh.radial_segments = 20
	mesh.rings = 8
	return _add(root, mesh, center, color, preset)


## A thin strip from `a` to `b` (both in the X-Y plane at depth a.z), `width` deep along Z.
static func strip(root: Spatial, a: Vector3, b: Vector3, width: float, color: Color,
		preset: String = "") -> MeshInstance:
	var d := b - a
	var node := box(root, Vector3(d.length(), 0.003, width), (a + b) / 2.0, color, preset)
	node.rotation = Vector3(0, 0, atan2(d.y, d.x))
	return node


static func _add(root: Spatial, mesh: Mesh, center: Vector3, color: Color,
		preset: String) -> MeshInstance:
	var node := MeshInstance.new()
	node.mesh = mesh
	node.material_override = shared_material(color, preset)
	node.translation = center
	root.add_child(node)
	return node


# --- merging and collision ---------------------------------------------------------------------
## Merges `parts` (MeshInstances of primitive meshes, children of `root`) into one MeshInstance
## for the parts that cast shadows and one for those that do not (glass, lamps), each with one
## surface per material, and frees the parts. Returns the new MeshInstances. (The arrays are
## joined here rather than with SurfaceTool.append_from, which reads them back through the
## VisualServer: slower, and unavailable on the headless server.)
static func merge(root: Spatial, parts: Array, name: String) -> Array:
	var groups := {}
	var order := []
	for part in parts:
		var mat: Material = part.material_override
		if not groups.has(mat):
			groups[mat] = MeshArrays.new()
			order.append(mat)
		groups[mat].append(part.mesh.get_mesh_arrays(), part.transform)
	var meshes := [ArrayMesh.new(), ArrayMesh.new()]
	for mat in order:
		var target: ArrayMesh = meshes[1 if mat.has_meta("no_shadow") else 0]
		target.add_surface_from_arrays(Mesh.PRIMITIVE_TRIANGLES, groups[mat].arrays())
		target.surface_set_material(target.get_surface_count() - 1, mat)
	for part in parts:
		root.remove_child(part)
		part.free()
	var out := []
	for i in range(2):
		if meshes[i].get_surface_count() == 0:
			continue
		var node := MeshInstance.new()
		node.name = name if i == 0 else name + "NoShadow"
		node.mesh = meshes[i]
		if i == 1:
			node.cast_shadow = GeometryInstance.SHADOW_CASTING_SETTING_OFF
		root.add_child(node)
		out.append(node)
	return out


## Gives each of `parts` whose top is above `above_y` a collision shape of its own form, all in
## one StaticBody "Parts" on the WORLD layer (pointer rays stop at tall parts).
static func add_colliders(root: Spatial, parts: Array, above_y: float) -> void:
	var body: StaticBody = null
	for part in parts:
		var bounds: AABB = part.transform.xform(part.mesh.get_aabb())
		if bounds.end.y <= above_y:
			continue
		var shape := _shape_of(part.mesh)
		if shape == null:
			continue
		if body == null:
			body = StaticBody.new()
			body.name = "Parts"
			body.collision_layer = PhysicsLayers.bit(PhysicsLayers.WORLD)
			body.collision_mask = 0
			root.add_child(body)
		var node := CollisionShape.new()
		node.shape = shape
		node.transform = part.transform
		body.add_child(node)


static func _shape_of(mesh: Mesh) -> Shape:
	var shape: Shape = null
	if mesh is CubeMesh:
		shape = BoxShape.new()
		shape.extents = mesh.size / 2.0
	elif mesh is CylinderMesh:
		shape = CylinderShape.new()
		shape.radius = max(mesh.top_radius, mesh.bottom_radius)
		shape.height = mesh.height
	elif mesh is SphereMesh:
		shape = SphereShape.new()
		shape.radius = mesh.radius
	if shape != null:
		shape.margin = 0.001
	return shape


# --- common bodies -----------------------------------------------------------------------------
## A painted cabinet up to `top`: recessed plinth, door panels with handles, steel worktop.
static func _cabinet(root: Spatial, s: Vector3, color: Color, top: float,
		drawers: bool = false) -> float:
	var plinth := 0.08
	box(root, Vector3(s.x - 0.04, plinth, s.z - 0.06), Vector3(0, plinth / 2, -0.01), RUBBER, "matte")
	var h := top - 0.03 - plinth
	box(root, Vector3(s.x, h, s.z - 0.02), Vector3(0, plinth + h / 2, -0.01), color.darkened(0.12))
	box(root, Vector3(s.x, 0.03, s.z), Vector3(0, top - 0.015, 0), STEEL)
	var count := 3 if drawers else int(max(1, round(s.x / 0.5)))
	for i in range(count):
		if drawers:
			var dh := (h - 0.04) / count
			var y := plinth + 0.02 + dh * (i + 0.5)
			box(root, Vector3(s.x - 0.06, dh - 0.025, 0.012), Vector3(0, y, s.z / 2 - 0.014), color)
			box(root, Vector3(0.22, 0.02, 0.02), Vector3(0, y + dh * 0.25, s.z / 2 - 0.012), STEEL)
		else:
			var w := (s.x - 0.04) / count
			var x := -s.x / 2 + 0.02 + w * (i + 0.5)
			box(root, Vector3(w - 0.025, h - 0.06, 0.012), Vector3(x, plinth + h / 2, s.z / 2 - 0.014),
					color)
			var side := 1.0 if i % 2 == 0 else -1.0
			box(root, Vector3(0.02, 0.16, 0.02), Vector3(x + side * (w / 2 - 0.07), plinth + h * 0.62,
					s.z / 2 - 0.012), STEEL)
	return top


## A small glowing display (status text, weight, temperature) facing +Z.
static func _display(root: Spatial, center: Vector3, size: Vector2) -> void:
	box(root, Vector3(size.x + 0.02, size.y + 0.02, 0.02), center, DARK)
	box(root, Vector3(size.x, size.y, 0.004), center + Vector3(0, 0, 0.011), DISPLAY, "glow")


## A small flat label (white on dark) facing +Z.
static func _label(root: Spatial, text: String, center: Vector3) -> void:
	var label := Sign3D.new()
	label.name = text.capitalize().replace(" ", "")
	label.text = text
	label.font_px = 36
	label.pixels_per_m = 500.0
	label.plate_color = Color(0.16, 0.18, 0.2)
	label.back_plate = false
	label.translation = center
	root.add_child(label)


# --- the machines ------------------------------------------------------------------------------
## Gravimetric powder dosing: three hoppers with screw feeders on a gantry over a balance.
static func _dispenser(root: Spatial, s: Vector3, color: Color) -> float:
	var top := _cabinet(root, s, color, s.y + 0.04)
	for side in [-1, 1]:
		box(root, Vector3(0.06, 0.9, 0.06), Vector3(side * 0.65, top + 0.45, -0.12), STEEL)
	box(root, Vector3(1.36, 0.08, 0.1), Vector3(0, top + 0.86, -0.12), DARK)
	var bands := [Color(0.75, 0.3, 0.25), Color(0.15, 0.15, 0.15), Color(0.3, 0.55, 0.85)]
	for i in range(3):
		var x := (i - 1) * 0.42
		cylinder(root, 0.12, 0.24, Vector3(x, top + 0.7, -0.2), STEEL)
		cylinder(root, 0.125, 0.05, Vector3(x, top + 0.7, -0.2), bands[i], "y", -1.0, "painted")
		cylinder(root, 0.125, 0.025, Vector3(x, top + 0.83, -0.2), DARK)
		cylinder(root, 0.03, 0.16, Vector3(x, top + 0.5, -0.2), STEEL, "y", 0.12)
		if x == 0.0:
			cylinder(root, 0.02, 0.1, Vector3(0, top + 0.37, -0.2), STEEL)
		else:
			cylinder(root, 0.03, abs(x) * 0.7, Vector3(x * 0.65, top + 0.4, -0.2), STEEL, "x")
		cylinder(root, 0.045, 0.1, Vector3(x, top + 0.46, -0.32), DARK, "z")
	box(root, Vector3(0.36, 0.06, 0.3), Vector3(0, top + 0.03, -0.18), WHITE, "plastic")
	cylinder(root, 0.09, 0.012, Vector3(0, top + 0.066, -0.2), STEEL, "y", -1.0, "polished")
	box(root, Vector3(0.3, 0.2, 0.004), Vector3(0, top + 0.17, -0.05), GLASS)
	for side in [-1, 1]:
		box(root, Vector3(0.004, 0.2, 0.26), Vector3(side * 0.15, top + 0.17, -0.18), GLASS)
	_display(root, Vector3(0, top + 0.035, -0.025), Vector2(0.1, 0.03))
	return top


## Dual asymmetric centrifugal premixer: a squat housing with a domed lid and a control panel.
static func _premixer(root: Spatial, s: Vector3, color: Color) -> float:
	var top := _cabinet(root, s, color, s.y + 0.04)
	var z := -0.17
	box(root, Vector3(0.54, 0.4, 0.4), Vector3(0, top + 0.2, z), WHITE)
	box(root, Vector3(0.55, 0.05, 0.41), Vector3(0, top + 0.1, z), color.darkened(0.25))
	cylinder(root, 0.19, 0.05, Vector3(0, top + 0.425, z), WHITE)
	sphere(root, 0.19, Vector3(0, top + 0.45, z), WHITE, "plastic", true)
	cylinder(root, 0.07, 0.02, Vector3(0, top + 0.63, z), DARK, "y", -1.0, "plastic")
	box(root, Vector3(0.5, 0.03, 0.04), Vector3(0, top + 0.44, z - 0.19), DARK)
	_display(root, Vector3(-0.08, top + 0.28, 0.03), Vector2(0.14, 0.05))
	for i in range(3):
		cylinder(root, 0.016, 0.012, Vector3(0.08 + i * 0.05, top + 0.28, 0.035), DARK, "z")
	return top


## Solvent dosing: a stainless solvent can, a dosing pump, PTFE lines and a nozzle arm.
static func _solvent_filler(root: Spatial, s: Vector3, color: Color) -> float:
	var top := _cabinet(root, s, color, s.y + 0.04)
	var can := Vector3(-0.24, top, -0.2)
	cylinder(root, 0.13, 0.38, can + Vector3(0, 0.19, 0), STEEL)
	cylinder(root, 0.132, 0.09, can + Vector3(0, 0.2, 0), Color(0.8, 0.15, 0.12), "y", -1.0, "painted")
	sphere(root, 0.13, can + Vector3(0, 0.38, 0), STEEL, "steel", true)
	cylinder(root, 0.02, 0.08, can + Vector3(0.05, 0.5, 0), DARK)
	var pump := Vector3(0.15, top, -0.22)
	box(root, Vector3(0.22, 0.2, 0.18), pump + Vector3(0, 0.1, 0), DARK)
	cylinder(root, 0.07, 0.06, pump + Vector3(0, 0.12, 0.12), STEEL, "z")
	cylinder(root, 0.03, 0.03, pump + Vector3(0, 0.12, 0.16), DARK, "z")
	_display(root, pump + Vector3(0, 0.22, 0.0), Vector2(0.1, 0.04))
	var tube := Color(0.93, 0.93, 0.9)
	cylinder(root, 0.012, 0.2, can + Vector3(0.05, 0.63, 0), tube, "y", -1.0, "plastic")
	cylinder(root, 0.012, 0.38, Vector3(0, top + 0.73, -0.2), tube, "x", -1.0, "plastic")
	cylinder(root, 0.012, 0.53, pump + Vector3(0.04, 0.465, 0.02), tube, "y", -1.0, "plastic")
	box(root, Vector3(0.05, 0.05, 0.34), Vector3(0.01, top + 0.7, -0.18), STEEL)
	cylinder(root, 0.008, 0.1, Vector3(0.01, top + 0.62, -0.03), STEEL, "y", 0.02)
	cylinder(root, 0.03, 0.72, Vector3(0.01, top + 0.36, -0.33), STEEL)
	return top


## Dissolver: a jacketed vessel, a shaft from a motor head on a lift column.
static func _mixer(root: Spatial, s: Vector3, color: Color) -> float:
	var top := _cabinet(root, s, color, s.y + 0.04)
	var v := Vector3(0.08, top, -0.15)
	cylinder(root, 0.17, 0.3, v + Vector3(0, 0.15, 0), STEEL)
	cylinder(root, 0.18, 0.025, v + Vector3(0, 0.3, 0), STEEL, "y", -1.0, "polished")
	cylinder(root, 0.175, 0.04, v + Vector3(0, 0.05, 0), DARK)
	cylinder(root, 0.155, 0.004, v + Vector3(0, 0.31, 0), Color(0.16, 0.16, 0.17), "y", -1.0, "matte")
	cylinder(root, 0.012, 0.5, v + Vector3(0, 0.55, 0), STEEL, "y", -1.0, "polished")
	cylinder(root, 0.06, 0.01, v + Vector3(0, 0.33, 0), STEEL, "y", -1.0, "polished")
	cylinder(root, 0.05, 0.96, Vector3(-0.3, top + 0.48, -0.25), STEEL, "y", -1.0, "polished")
	box(root, Vector3(0.16, 0.06, 0.16), Vector3(-0.3, top + 0.03, -0.25), DARK)
	box(root, Vector3(0.46, 0.09, 0.12), Vector3(-0.12, top + 0.76, -0.2), color.darkened(0.3))
	cylinder(root, 0.1, 0.06, v + Vector3(0, 0.69, 0), DARK)
	cylinder(root, 0.11, 0.22, v + Vector3(0, 0.91, 0), color.darkened(0.3))
	cylinder(root, 0.09, 0.03, v + Vector3(0, 1.035, 0), DARK)
	_display(root, Vector3(-0.3, top + 0.55, -0.17), Vector2(0.06, 0.04))
	return top


## Roll-to-roll coater: unwinder, comma-bar coating head, two oven zones, rewinder, the web.
static func _coater(root: Spatial, s: Vector3, color: Color) -> float:
	var top := _cabinet(root, s, color, s.y * 0.7 + 0.01)
	var z := -0.17
	var web_y := top + 0.42
	var half := s.x / 2
	# Unwinder (aluminium foil) and rewinder (coated electrode) on back plates.
	for end in [[-half + 0.32, ALUMINIUM, "foil"], [half - 0.4, COATING, "matte"]]:
		var x: float = end[0]
		box(root, Vector3(0.3, 0.55, 0.04), Vector3(x, top + 0.275, -0.41), FRAME)
		cylinder(root, 0.04, 0.42, Vector3(x, top + 0.3, z), STEEL, "z", -1.0, "polished")
		cylinder(root, 0.13, 0.34, Vector3(x, top + 0.3, z), end[1], "z", -1.0, end[2])
		cylinder(root, 0.07, 0.05, Vector3(x, top + 0.3, -0.37), DARK, "z")
	# Comma-bar head: backing roll, comma bar with its knife edge, slurry dam, micrometers.
	var hx := -half + 0.85
	box(root, Vector3(0.34, 0.62, 0.04), Vector3(hx, top + 0.31, -0.41), FRAME)
	cylinder(root, 0.09, 0.38, Vector3(hx, web_y - 0.09, z), STEEL, "z", -1.0, "polished")
	cylinder(root, 0.045, 0.38, Vector3(hx, web_y + 0.05, z), STEEL, "z", -1.0, "polished")
	box(root, Vector3(0.1, 0.025, 0.38), Vector3(hx + 0.06, web_y + 0.075, z), STEEL)
	box(root, Vector3(0.13, 0.06, 0.34), Vector3(hx - 0.1, web_y + 0.035, z), COATING, "matte")
	for dz in [-0.185, 0.185]:
		box(root, Vector3(0.16, 0.12, 0.012), Vector3(hx - 0.08, web_y + 0.05, z + dz), STEEL)
		cylinder(root, 0.018, 0.12, Vector3(hx, web_y + 0.13, z + dz * 0.8), STEEL)
		cylinder(root, 0.03, 0.02, Vector3(hx, web_y + 0.2, z + dz * 0.8), DARK)
	box(root, Vector3(0.06, 0.06, 0.42), Vector3(hx, web_y + 0.16, z), FRAME)
	# Two oven zones: insulated hoods on plenums, each with its exhaust, one duct above.
	var start := hx + 0.22
	var gap := 0.06
	var length := (half - 0.62 - start - gap) / 2.0
	for zone in range(2):
		var x := start + length / 2 + zone * (length + gap)
		box(root, Vector3(length, 0.22, 0.48), Vector3(x, top + 0.11, z - 0.01), DARK)
		box(root, Vector3(length, 0.46, 0.5), Vector3(x, top + 0.45, z), WHITE)
		box(root, Vector3(length + 0.004, 0.05, 0.504), Vector3(x, top + 0.25, z), OVEN)
		box(root, Vector3(length * 0.9, 0.02, 0.02), Vector3(x, top + 0.54, z + 0.255), STEEL)
		_display(root, Vector3(x - length * 0.3, top + 0.38, z + 0.255), Vector2(0.12, 0.05))
		_label(root, "ZONE %d" % (zone + 1), Vector3(x + length * 0.15, top + 0.38, z + 0.252))
		cylinder(root, 0.07, 0.34, Vector3(x, top + 0.85, -0.3), STEEL)
	cylinder(root, 0.08, 2.0 * length + gap + 0.14, Vector3(start + length + gap / 2, top + 1.06,
			-0.3), STEEL, "x")
	# Idlers and the web: bare foil to the head, coated after it.
	cylinder(root, 0.03, 0.38, Vector3(start - 0.05, web_y - 0.03, z), STEEL, "z", -1.0, "polished")
	cylinder(root, 0.03, 0.38, Vector3(half - 0.58, web_y - 0.03, z), STEEL, "z", -1.0, "polished")
	var unwind := -half + 0.32
	box(root, Vector3(hx - unwind, 0.003, 0.3), Vector3((hx + unwind) / 2, web_y, z), ALUMINIUM,
			"foil")
	box(root, Vector3(half - 0.4 - hx, 0.004, 0.3), Vector3((half - 0.4 + hx) / 2, web_y, z),
			COATING, "matte")
	return top


## Calender: two heavy housings holding two large polished rolls with a visible gap.
static func _calender(root: Spatial, s: Vector3, color: Color) -> float:
	var top := _cabinet(root, s, color, s.y * 0.55 + 0.01)
	var z := -0.11
	var r := 0.17
	var low := top + 0.3
	var high := low + 2.0 * r + 0.025
	for side in [-1, 1]:
		var x: float = side * 0.5
		box(root, Vector3(0.14, 1.02, 0.32), Vector3(x, top + 0.51, z), FRAME)
		for y in [low, high]:
			box(root, Vector3(0.18, 0.16, 0.26), Vector3(x, y, z), STEEL)
		cylinder(root, 0.06, 0.16, Vector3(x, top + 1.2, z), STEEL, "y", -1.0, "polished")
		cylinder(root, 0.075, 0.05, Vector3(x, top + 1.3, z), DARK)
	box(root, Vector3(1.14, 0.12, 0.32), Vector3(0, top + 1.08, z), FRAME)
	for y in [low, high]:
		cylinder(root, r, 0.86, Vector3(0, y, z), STEEL, "x", -1.0, "polished")
		cylinder(root, 0.07, 1.12, Vector3(0, y, z), STEEL, "x")
	box(root, Vector3(0.7, 0.004, 0.18), Vector3(0, low + r + 0.0125, z - 0.24), COATING, "matte")
	box(root, Vector3(0.86, 0.1, 0.08), Vector3(0, top + 0.05, z), DARK)
	return top


## Slitter: an unwind roll, an anvil roll and circular knives on a shaft, under a clear guard.
static func _slitter(root: Spatial, s: Vector3, color: Color) -> float:
	var top := _cabinet(root, s, color, s.y + 0.04)
	var z := -0.03
	for side in [-1, 1]:
		box(root, Vector3(0.04, 0.62, 0.25), Vector3(side * 0.45, top + 0.31, -0.085),
				color.darkened(0.35))
	cylinder(root, 0.1, 0.6, Vector3(0, top + 0.47, -0.12), COATING, "x", -1.0, "matte")
	cylinder(root, 0.02, 0.86, Vector3(0, top + 0.47, -0.12), STEEL, "x", -1.0, "polished")
	cylinder(root, 0.045, 0.86, Vector3(0, top + 0.2, z), STEEL, "x", -1.0, "polished")
	cylinder(root, 0.015, 0.86, Vector3(0, top + 0.31, z), STEEL, "x")
	for i in range(5):
		cylinder(root, 0.065, 0.006, Vector3(-0.3 + i * 0.15, top + 0.31, z), STEEL, "x", -1.0,
				"polished")
	var web := box(root, Vector3(0.6, 0.003, 0.154), Vector3(0, top + 0.3075, -0.075), COATING,
			"matte")
	web.rotation = Vector3(atan2(0.125, 0.09), 0, 0)
	box(root, Vector3(0.86, 0.008, 0.16), Vector3(0, top + 0.4, z), GLASS)
	box(root, Vector3(0.86, 0.12, 0.006), Vector3(0, top + 0.34, z + 0.075), GLASS)
	return top


## Winder: electrode and separator reels on a faceplate around the mandrel.
static func _winder(root: Spatial, s: Vector3, color: Color) -> float:
	var top := _cabinet(root, s, color, s.y + 0.04)
	var z := -0.27
	box(root, Vector3(0.84, 0.66, 0.04), Vector3(0, top + 0.33, -0.36), color.darkened(0.3))
	var mandrel := Vector3(0, top + 0.3, z)
	var reels := [
		[Vector3(-0.34, top + 0.48, z), 0.12, COATING, ALUMINIUM],
		[Vector3(0.34, top + 0.48, z), 0.12, Color(0.16, 0.16, 0.18), COPPER],
		[Vector3(-0.3, top + 0.14, z), 0.08, Color(0.95, 0.95, 0.93), WHITE],
		[Vector3(0.3, top + 0.14, z), 0.08, Color(0.95, 0.95, 0.93), WHITE],
	]
	for reel in reels:
		var c: Vector3 = reel[0]
		var radius: float = reel[1]
		cylinder(root, radius, 0.07, c, reel[2], "z", -1.0, "matte")
		for dz in [-0.04, 0.04]:
			cylinder(root, radius + 0.015, 0.008, c + Vector3(0, 0, dz), reel[3], "z", -1.0, "foil")
		cylinder(root, 0.015, 0.18, c + Vector3(0, 0, 0.0), STEEL, "z", -1.0, "polished")
		var dir := (mandrel - c).normalized()
		strip(root, c + dir * radius * 0.8, mandrel - dir * 0.04, 0.06, reel[2], "matte")
	cylinder(root, 0.045, 0.08, mandrel, COATING, "z", -1.0, "matte")
	cylinder(root, 0.01, 0.2, mandrel, STEEL, "z", -1.0, "polished")
	for x in [-0.15, 0.15]:
		cylinder(root, 0.02, 0.1, Vector3(x, top + 0.36, z), STEEL, "z", -1.0, "polished")
	_display(root, Vector3(0, top + 0.6, -0.33), Vector2(0.16, 0.05))
	return top


## Ultrasonic tab welder: column and arm carrying the converter, booster and horn over an anvil.
static func _welder(root: Spatial, s: Vector3, color: Color) -> float:
	var top := _cabinet(root, s, color, s.y + 0.04)
	var head := Vector3(0.08, top, -0.2)
	box(root, Vector3(0.1, 0.76, 0.1), Vector3(-0.3, top + 0.38, -0.25), DARK)
	box(root, Vector3(0.5, 0.1, 0.1), Vector3(-0.1, top + 0.7, -0.22), DARK)
	box(root, Vector3(0.11, 0.16, 0.11), head + Vector3(0, 0.6, 0), color.darkened(0.3))
	cylinder(root, 0.045, 0.14, head + Vector3(0, 0.45, 0), DARK)
	cylinder(root, 0.035, 0.08, head + Vector3(0, 0.34, 0), STEEL)
	cylinder(root, 0.012, 0.1, head + Vector3(0, 0.25, 0), STEEL, "y", 0.03, "polished")
	box(root, Vector3(0.2, 0.06, 0.16), head + Vector3(0, 0.03, 0), DARK)
	box(root, Vector3(0.07, 0.1, 0.07), head + Vector3(0, 0.11, 0), STEEL, "polished")
	for side in [-1, 1]:
		box(root, Vector3(0.035, 0.38, 0.035), Vector3(side * 0.33, top + 0.19, -0.05), SAFETY_YELLOW)
		box(root, Vector3(0.037, 0.04, 0.037), Vector3(side * 0.33, top + 0.36, -0.05), RUBBER, "matte")
	_display(root, Vector3(-0.3, top + 0.5, -0.19), Vector2(0.07, 0.05))
	return top


## Filling and sealing in a glove box: steel chamber, glass front with two glove ports and
## gloves, an antechamber with its round door, a purifier on top.
static func _glove_box(root: Spatial, s: Vector3, color: Color) -> float:
	var top := _cabinet(root, s, color, s.y * 0.6 + 0.01)
	var x0 := -0.5
	var x1 := 0.28
	var cx := (x0 + x1) / 2
	var w := x1 - x0
	var h := 0.78
	var z0 := -s.z / 2 + 0.03
	var z1 := s.z / 2 - FREE_STRIP_M - 0.04
	var d := z1 - z0
	box(root, Vector3(w, h, 0.02), Vector3(cx, top + h / 2, z0 + 0.01), STEEL)
	box(root, Vector3(w, 0.03, d), Vector3(cx, top + h - 0.015, z0 + d / 2), STEEL)
	for x in [x0 + 0.01, x1 - 0.01]:
		box(root, Vector3(0.02, h, d), Vector3(x, top + h / 2, z0 + d / 2), STEEL)
	box(root, Vector3(w - 0.02, h - 0.06, 0.01), Vector3(cx, top + h / 2, z1 - 0.005), GLASS)
	box(root, Vector3(w, 0.05, 0.03), Vector3(cx, top + 0.025, z1 - 0.015), STEEL)
	box(root, Vector3(w, 0.05, 0.03), Vector3(cx, top + h - 0.025, z1 - 0.015), STEEL)
	for x in [cx - 0.19, cx + 0.19]:
		cylinder(root, 0.08, 0.04, Vector3(x, top + 0.33, z1 - 0.02), RUBBER, "z", -1.0, "rubber")
		var glove := cylinder(root, 0.065, 0.28, Vector3(x, top + 0.27, z1 - 0.15), RUBBER, "z",
				0.045, "rubber")
		glove.rotation_degrees = Vector3(-115, 0, 0)
	box(root, Vector3(0.2, 0.16, 0.16), Vector3(cx + 0.02, top + 0.08, z0 + 0.16), DARK)
	cylinder(root, 0.03, 0.1, Vector3(cx + 0.02, top + 0.2, z0 + 0.16), STEEL, "y", -1.0, "polished")
	_display(root, Vector3(cx + 0.26, top + h - 0.025, z1 + 0.005), Vector2(0.12, 0.03))
	var length := s.x / 2 - x1 - 0.05
	var ante := Vector3(x1 + length / 2, top + 0.36, -0.17)
	cylinder(root, 0.13, length, ante, STEEL, "x")
	cylinder(root, 0.145, 0.02, ante + Vector3(length / 2, 0, 0), DARK, "x", -1.0, "painted")
	box(root, Vector3(0.02, 0.1, 0.03), ante + Vector3(length / 2 + 0.025, 0, 0), STEEL)
	box(root, Vector3(0.18, 0.23, 0.12), ante - Vector3(0, 0.245, 0), DARK)
	box(root, Vector3(0.34, 0.16, 0.3), Vector3(cx - 0.1, top + h + 0.08, z0 + 0.18), WHITE)
	cylinder(root, 0.025, 0.3, Vector3(cx + 0.15, top + h + 0.1, z0 + 0.12), STEEL, "x")
	return top


## Waste bin for recycling: a tapered green bin with rim, lid, pedal and wheels.
static func _bin(root: Spatial, s: Vector3, color: Color) -> float:
	var r := s.x / 2
	cylinder(root, r * 0.88, s.y - 0.06, Vector3(0, (s.y - 0.06) / 2, 0), color, "y", r * 0.97,
			"plastic")
	cylinder(root, r, 0.04, Vector3(0, s.y - 0.04, 0), color.darkened(0.3), "y", -1.0, "plastic")
	cylinder(root, r * 0.96, 0.04, Vector3(0, s.y, 0), color.darkened(0.15), "y", -1.0,
			"plastic")
	cylinder(root, r * 0.955, 0.08, Vector3(0, s.y * 0.6, 0), WHITE, "y", r * 0.962, "plastic")
	box(root, Vector3(0.16, 0.03, 0.08), Vector3(0, 0.03, r * 0.8), RUBBER, "rubber")
	for side in [-1, 1]:
		cylinder(root, 0.05, 0.04, Vector3(side * r * 0.6, 0.05, -r * 0.7), RUBBER, "x", -1.0,
				"rubber")
	return s.y + 0.02


## Deposit station: a drawer cabinet for finished cells with a rack of pouch cells on top.
static func _deposit(root: Spatial, s: Vector3, color: Color) -> float:
	var top := _cabinet(root, s, color, s.y + 0.04, true)
	var z := -s.z / 2 + 0.14
	box(root, Vector3(0.5, 0.04, 0.2), Vector3(-0.05, top + 0.02, z), DARK)
	for i in range(6):
		box(root, Vector3(0.06, 0.11, 0.008), Vector3(-0.25 + i * 0.08, top + 0.095, z), ALUMINIUM,
				"foil")
		box(root, Vector3(0.012, 0.02, 0.004), Vector3(-0.26 + i * 0.08, top + 0.16, z), ALUMINIUM,
				"foil")
	return top


## Mesh arrays being joined: vertices, normals and tangents moved by each part's transform.
class MeshArrays:
	extends Reference

	var vertices := PoolVector3Array()
	var normals := PoolVector3Array()
	var tangents := PoolRealArray()
	var uvs := PoolVector2Array()
	var indices := PoolIntArray()

	func append(src: Array, xf: Transform) -> void:
		var base := vertices.size()
		var v: PoolVector3Array = src[Mesh.ARRAY_VERTEX]
		var n: PoolVector3Array = src[Mesh.ARRAY_NORMAL]
		var t: PoolRealArray = src[Mesh.ARRAY_TANGENT]
		for i in range(v.size()):
			vertices.append(xf.xform(v[i]))
			normals.append(xf.basis.xform(n[i]).normalized())
			var tangent := xf.basis.xform(Vector3(t[i * 4], t[i * 4 + 1], t[i * 4 + 2]))
			tangents.append_array(PoolRealArray([tangent.x, tangent.y, tangent.z, t[i * 4 + 3]]))
		uvs.append_array(src[Mesh.ARRAY_TEX_UV])
		for index in src[Mesh.ARRAY_INDEX]:
			indices.append(base + index)

	func arrays() -> Array:
		var out := []
		out.resize(Mesh.ARRAY_MAX)
		out[Mesh.ARRAY_VERTEX] = vertices
		out[Mesh.ARRAY_NORMAL] = normals
		out[Mesh.ARRAY_TANGENT] = tangents
		out[Mesh.ARRAY_TEX_UV] = uvs
		out[Mesh.ARRAY_INDEX] = indices
		return out
