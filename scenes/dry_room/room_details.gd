extends Reference
## The dry room's fittings, visual only (no collision): the floor with walkways and
## safety-yellow lines, the airlock door, dew-point displays, corridor windows, supply air
## ducts with diffusers and a fire extinguisher. Built by room_shell.gd, which merges them.

const MachineShapes = preload("res://scenes/machines/machine_shapes.gd")
const Sign3D = preload("res://scenes/ui3d/sign_3d.gd")
const WALKWAY = Color(0.32, 0.42, 0.38)
const YELLOW = Color(0.95, 0.75, 0.08)
const PANEL_WHITE = Color(0.88, 0.89, 0.9)
const CORRIDOR_GLASS = Color(0.16, 0.2, 0.24)
## Walkways [x0, z0, x1, z1]: the aisle behind the middle row, the one in front of it, and the
## west aisle from the shelves to the airlock.
const WALKWAYS = [
	[-6.9, -3.95, 6.95, -1.75],
	[-5.2, 0.25, 6.95, 1.45],
	[-6.9, -5.3, -5.2, 5.9],
]
## Safety-yellow edge lines [x0, z0, x1, z1] (where a walkway meets open floor).
const LINES = [
	[-6.9, -3.95, 6.95, -3.95], [-5.2, -1.75, 6.95, -1.75], [6.95, -3.95, 6.95, -1.75],
	[-5.2, 0.25, 6.95, 0.25], [-5.2, 1.45, 6.95, 1.45], [6.95, 0.25, 6.95, 1.45],
	[-6.9, -5.3, -6.9, 5.9], [-6.9, -5.3, -5.2, -5.3], [-5.2, -5.3, -5.2, -3.95],
	[-5.2, -1.75, -5.2, 0.25], [-5.2, 1.45, -5.2, 5.9],
]
## Where the airlock door is (x on the south wall) [m].
const DOOR_X = -6.05


static func build(root: Spatial, s: Vector3) -> void:
	_lines(root)
	_airlock(root, s)
	_windows(root, s)
	_ducts(root, s)
	_dew_point_display(root, Vector3(-5.9, 2.55, -s.z / 2), 0.0)


## The epoxy floor (top at y = 0) in tiles that do not overlap, each the floor's colour or the
## walkways' (overlapping layers would be shaded twice where there is no depth prepass).
static func floor_tiles(root: Spatial, s: Vector3, color: Color) -> void:
	var xs := [-s.x / 2, s.x / 2]
	var zs := [-s.z / 2, s.z / 2]
	for w in WALKWAYS:
		for x in [w[0], w[2]]:
			if not x in xs:
				xs.append(x)
		for z in [w[1], w[3]]:
			if not z in zs:
				zs.append(z)
	xs.sort()
	zs.sort()
	for i in range(xs.size() - 1):
		for j in range(zs.size() - 1):
			var mid := Vector2((xs[i] + xs[i + 1]) / 2, (zs[j] + zs[j + 1]) / 2)
			var tile := color
			for w in WALKWAYS:
				if mid.x > w[0] and mid.x < w[2] and mid.y > w[1] and mid.y < w[3]:
					tile = WALKWAY
			MachineShapes.box(root, Vector3(xs[i + 1] - xs[i], 0.1, zs[j + 1] - zs[j]),
					Vector3(mid.x, -0.05, mid.y), tile, "epoxy")


static func _lines(root: Spatial) -> void:
	for l in LINES:
		var size := Vector3(abs(l[2] - l[0]) + 0.08, 0.003, abs(l[3] - l[1]) + 0.08)
		MachineShapes.box(root, size, Vector3((l[0] + l[2]) / 2, 0.0015, (l[1] + l[3]) / 2), YELLOW,
				"epoxy")


## The inner airlock door on the south wall: steel frame, two sliding leaves with vision
## panels, hazard stripes on the floor, an exit sign, the dew point beside it.
static func _airlock(root: Spatial, s: Vector3) -> void:
	var z := s.z / 2
	var x := DOOR_X
	for side in [-1, 1]:
		MachineShapes.box(root, Vector3(0.1, 2.35, 0.08), Vector3(x + side * 1.0, 1.175, z - 0.03),
				MachineShapes.STEEL)
		MachineShapes.box(root, Vector3(0.92, 2.22, 0.04), Vector3(x + side * 0.47, 1.11, z - 0.05),
				PANEL_WHITE)
		MachineShapes.box(root, Vector3(0.42, 0.62, 0.01), Vector3(x + side * 0.47, 1.5, z - 0.074),
				CORRIDOR_GLASS, "polished")
		MachineShapes.box(root, Vector3(0.03, 0.4, 0.03), Vector3(x + side * 0.1, 1.05, z - 0.08),
				MachineShapes.STEEL)
	MachineShapes.box(root, Vector3(2.1, 0.14, 0.08), Vector3(x, 2.42, z - 0.03), MachineShapes.STEEL)
	MachineShapes.box(root, Vector3(0.42, 0.16, 0.04), Vector3(x, 2.62, z - 0.02),
			Color(0.1, 0.75, 0.35), "glow")
	for i in range(10):
		var color: Color = YELLOW if i % 2 == 0 else MachineShapes.RUBBER
		MachineShapes.box(root, Vector3(0.2, 0.003, 0.5), Vector3(x - 0.9 + i * 0.2, 0.0015, z - 0.35),
				color, "epoxy")
	_dew_point_display(root, Vector3(x + 1.45, 1.6, z), PI)
	# Fire extinguisher on its bracket, west of the door.
	var ext := Vector3(x - 1.45, 0, z - 0.12)
	MachineShapes.box(root, Vector3(0.16, 0.08, 0.04), ext + Vector3(0, 0.75, 0.08),
			MachineShapes.DARK)
	MachineShapes.cylinder(root, 0.075, 0.5, ext + Vector3(0, 0.55, 0), Color(0.78, 0.08, 0.06),
			"y", -1.0, "plastic")
	MachineShapes.sphere(root, 0.075, ext + Vector3(0, 0.8, 0), Color(0.78, 0.08, 0.06), "plastic",
			true)
	MachineShapes.cylinder(root, 0.02, 0.08, ext + Vector3(0, 0.9, 0), MachineShapes.DARK)
	MachineShapes.box(root, Vector3(0.22, 0.22, 0.01), ext + Vector3(0, 1.25, 0.115),
			Color(0.8, 0.1, 0.08), "plastic")


## A wall-mounted dew-point monitor at `at` (on the wall plane), facing into the room (`yaw`).
static func _dew_point_display(root: Spatial, at: Vector3, yaw: float) -> void:
	var basis := Basis(Vector3.UP, yaw)
	var out := basis.xform(Vector3(0, 0, 1))
	MachineShapes.box(root, basis.xform(Vector3(0.62, 0.36, 0.05)).abs(), at + out * 0.025,
			MachineShapes.DARK)
	var text := Sign3D.new()
	text.text = "Dew point  −42 °C\nRH 0.4 %   ·   21 °C"
	text.font_px = 30
	text.pixels_per_m = 500.0
	text.plate_color = Color(0.03, 0.05, 0.06)
	text.text_color = Color(0.35, 1.0, 0.6)
	text.back_plate = false
	text.translation = at + out * 0.052
	text.rotation = Vector3(0, yaw, 0)
	root.add_child(text)


## Two corridor windows in the south wall (dark glass in steel frames).
static func _windows(root: Spatial, s: Vector3) -> void:
	var z := s.z / 2
	for x in [1.6, 4.6]:
		MachineShapes.box(root, Vector3(1.8, 1.1, 0.02), Vector3(x, 1.55, z - 0.01), CORRIDOR_GLASS,
				"polished")
		for dy in [-0.57, 0.57]:
			MachineShapes.box(root, Vector3(1.9, 0.05, 0.05), Vector3(x, 1.55 + dy, z - 0.025),
					MachineShapes.STEEL)
		for dx in [-0.93, 0.93]:
			MachineShapes.box(root, Vector3(0.05, 1.19, 0.05), Vector3(x + dx, 1.55, z - 0.025),
					MachineShapes.STEEL)


## Supply air: two round ducts along the room on hangers, with swirl diffusers below, each
## rising into the ceiling at its west end.
static func _ducts(root: Spatial, s: Vector3) -> void:
	var y := s.y - 0.38
	var x0 := -7.2
	var x1 := s.x / 2 - 0.05
	for z in [-2.85, 0.85]:
		MachineShapes.cylinder(root, 0.17, x1 - x0, Vector3((x0 + x1) / 2, y, z), MachineShapes.STEEL,
				"x", -1.0, "steel")
		MachineShapes.cylinder(root, 0.17, s.y - y, Vector3(x0, (y + s.y) / 2, z),
				MachineShapes.STEEL, "y", -1.0, "steel")
		MachineShapes.sphere(root, 0.17, Vector3(x0, y, z), MachineShapes.STEEL, "steel")
		var x := x0 + 1.2
		while x < x1:
			MachineShapes.cylinder(root, 0.008, s.y - y, Vector3(x, (y + s.y) / 2, z - 0.19),
					MachineShapes.DARK)
			MachineShapes.cylinder(root, 0.008, s.y - y, Vector3(x, (y + s.y) / 2, z + 0.19),
					MachineShapes.DARK)
			x += 2.4
		x = x0 + 2.4
		while x < x1 - 0.5:
			MachineShapes.cylinder(root, 0.07, 0.12, Vector3(x, y - 0.2, z), MachineShapes.STEEL)
			MachineShapes.cylinder(root, 0.2, 0.03, Vector3(x, y - 0.27, z), PANEL_WHITE, "y", 0.16)
			MachineShapes.cylinder(root, 0.1, 0.032, Vector3(x, y - 0.27, z), MachineShapes.DARK)
			x += 3.6
