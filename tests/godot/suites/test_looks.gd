extends "res://tests/godot/lib/test_case.gd"
## The dry room's looks keep the room usable: a student starts facing the shelves and the first
## machine with nothing in the way, rays stop at the tall parts they see, no part stands where
## students click the slot pads, materials are shared, and the quality levels switch what they
## say. No room state is loaded (no other users in the way).

const DryRoom = preload("res://scenes/dry_room/dry_room.tscn")
const MachineShapes = preload("res://scenes/machines/machine_shapes.gd")
const PhysicsLayers = preload("res://scenes/common/physics_layers.gd")
const RoomLooks = preload("res://scenes/dry_room/room_looks.gd")

var room: Spatial
var seat: Spatial


func before_each() -> void:
	reset_bridge()
	room = DryRoom.instance()
	room.xr_request = "none"
	add_child(room)
	seat = room.player


func after_each() -> void:
	RoomLooks.apply(room, "high")
	room.queue_free()


func _ray(from: Vector3, to: Vector3) -> Dictionary:
	return room.get_world().direct_space_state.intersect_ray(from, to, [seat],
			PhysicsLayers.pointer_mask(), true, true)


func _is_under(node: Object, ancestor: Node) -> bool:
	return node is Node and (node == ancestor or ancestor.is_a_parent_of(node))


## True when `point` is in the camera's picture, at least `margin` (a fraction) from its edges.
func _in_view(camera: Camera, point: Vector3, margin: float = 0.03) -> bool:
	if camera.is_position_behind(point):
		return false
	var size := camera.get_viewport().size
	var p := camera.unproject_position(point) / size
	return p.x > margin and p.x < 1.0 - margin and p.y > margin and p.y < 1.0 - margin


func test_spawn_faces_the_shelves_and_the_first_machine() -> void:
	yield(physics_frames(2), "completed")
	var camera: Camera = seat.camera
	var eye: Vector3 = camera.global_transform.origin
	var shelves: Spatial = room.get_node("Shelves")
	var dispenser: Spatial = room.get_node("Machines/PowderDispenser")
	var screen_mid: Vector3 = shelves.containers[shelves.containers.size() / 2]["node"] \
			.global_transform.origin
	check(_in_view(camera, screen_mid), "the middle of the shelves is in view")
	var blocked := []
	for entry in shelves.containers:
		var at: Vector3 = entry["node"].global_transform.origin + Vector3(0, 0.1, 0)
		var hulls = entry["target"].get("_hulls")
		if hulls is Array and not hulls.empty():
			at = hulls[0].global_transform.origin  # the centre of what the pointer takes
		if not _in_view(camera, at, 0.0):
			blocked.append("%s out of view" % entry["material"])
			continue
		var hit := _ray(eye, at + (at - eye).normalized() * 0.3)
		if hit.empty() or not _is_under(hit["collider"], shelves):
			blocked.append("%s hidden by %s" % [entry["material"],
					hit["collider"].get_path() if not hit.empty() else "nothing"])
	check(blocked.empty(), "every shelf container is seen from the spawn: " + str(blocked))
	var dispenser_points := {
		"body": Vector3(0, 0.5, 0.4), "hopper": Vector3(0, 1.72, -0.2),
		"screen": dispenser.screen_offset}
	for part in dispenser_points:
		var at: Vector3 = dispenser.global_transform.xform(dispenser_points[part])
		check(_in_view(camera, at), "the dispenser's %s is in view" % part)
		var hit := _ray(eye, at + (at - eye).normalized() * 0.3)
		check(not hit.empty() and _is_under(hit["collider"], dispenser),
				"the dispenser's %s is not hidden: %s" % [part,
				hit["collider"].get_path() if not hit.empty() else "nothing"])
	for target in [screen_mid, dispenser.global_transform.origin]:
		var d := Vector2(target.x - eye.x, target.z - eye.z).length()
		check(d > 2.0 and d < 6.0, "a few metres away: %.1f m" % d)


func test_every_machine_screen_is_seen_from_2_m_in_front() -> void:
	yield(physics_frames(2), "completed")
	var hidden := []
	var count := 0
	for machine in room.get_node("Machines").get_children():
		var screen = machine.get("screen")
		if not screen is Spatial:
			continue
		count += 1
		var xf: Transform = screen.global_transform
		# Standing 2 m away, straight in front of the screen or of the machine, eyes at
		# 1.5–1.7 m, looking at the screen's middle and both side edges.
		for facing in [xf.basis.z, machine.global_transform.basis.z]:
			var flat: Vector3 = Vector3(facing.x, 0, facing.z).normalized()
			for along in [-0.4, 0.0, 0.4]:
				var at: Vector3 = xf.origin + xf.basis.x.normalized() * along * screen.size_m.x
				for eye_y in [1.5, 1.7]:
					var eye: Vector3 = at + flat * 2.0
					eye.y = eye_y
					var hit := _ray(eye, at + (at - eye).normalized() * 0.3)
					if hit.empty() or not _is_under(hit["collider"], screen):
						hidden.append("%s (%+.1f, %.1f m) hidden by %s" % [machine.name,
								along, eye_y, hit["collider"].get_path() if not hit.empty()
								else "nothing"])
	check(count >= 10, "machines with screens: %d" % count)
	check(hidden.empty(), "every screen is seen from 2 m in front: " + str(hidden))


func test_spawn_is_free() -> void:
	yield(physics_frames(2), "completed")
	var feet: Vector3 = seat.global_transform.origin
	var query := PhysicsShapeQueryParameters.new()
	var shape := CylinderShape.new()
	shape.radius = 0.45
	shape.height = 1.7
	query.set_shape(shape)
	query.transform = Transform(Basis(), feet + Vector3(0, 0.95, 0))
	query.collision_mask = PhysicsLayers.pointer_mask()
	query.exclude = [seat]
	var touching := room.get_world().direct_space_state.intersect_shape(query, 8)
	var names := []
	for entry in touching:
		names.append(str(entry["collider"].get_path()))
	check(touching.empty(), "nothing within 45 cm of the spawn: " + str(names))
	var down := _ray(feet + Vector3(0, 1.0, 0), feet - Vector3(0, 0.5, 0))
	check(not down.empty() and down["collider"].is_in_group("teleport_floor"), "on the floor")


func test_rays_stop_at_tall_parts() -> void:
	yield(physics_frames(2), "completed")
	var cases := {
		"Coater": [Vector3(-0.3, 1.16, -0.17), "oven hood"],
		"Calender": [Vector3(0.5, 1.5, -0.11), "roll frame"],
		"FillerSealer": [Vector3(-0.11, 1.0, -0.1), "glove box"],
		"Mixer1": [Vector3(0.08, 1.85, -0.15), "motor head"],
		"PowderDispenser": [Vector3(0.42, 1.74, -0.2), "hopper"],
	}
	for node_name in cases:
		var machine: Spatial = room.get_node("Machines/" + node_name)
		var xf: Transform = machine.global_transform
		var target: Vector3 = xf.xform(cases[node_name][0])
		var from: Vector3 = xf.xform(Vector3(cases[node_name][0].x, 1.7, 2.2))
		var hit := _ray(from, target + (target - from).normalized() * 3.0)
		var what: String = cases[node_name][1]
		check(not hit.empty() and _is_under(hit["collider"], machine)
				and hit["collider"].name == "Parts"
				and hit["collider"].collision_layer == PhysicsLayers.bit(PhysicsLayers.WORLD),
				"%s: a ray at the %s stops at it (hit %s)" % [node_name, what,
				hit["collider"].get_path() if not hit.empty() else "nothing"])
		if not hit.empty():
			check(hit["position"].distance_to(target) < 0.6, "%s: stops at the %s's front" % [
					node_name, what])


func test_parts_stay_in_the_footprint_and_off_the_pad_strip() -> void:
	var problems := []
	for machine in room.get_node("Machines").get_children():
		if machine.get("top_y") == null:
			continue
		var s: Vector3 = machine.body_size
		var top: float = machine.top_y
		var strip := AABB(Vector3(-s.x / 2, top + 0.005, s.z / 2 - MachineShapes.FREE_STRIP_M),
				Vector3(s.x, MachineShapes.FREE_HEIGHT_M, MachineShapes.FREE_STRIP_M))
		var lamp: Vector3 = machine.get_node("StatusLamp").translation
		var inside := AABB(Vector3(-s.x / 2 - 0.005, -0.005, -s.z / 2 - 0.005),
				Vector3(s.x + 0.01, 3.0, s.z + 0.01))
		for child in machine.get_children():
			if child is MeshInstance and child.name.begins_with("Shape"):
				var box: AABB = child.transform.xform(child.get_aabb())
				if not inside.encloses(box):
					problems.append("%s: mesh %s leaves the footprint" % [machine.name, box])
		var parts: Node = machine.get_node_or_null("Parts")
		if parts == null:
			continue
		for node in parts.get_children():
			var shape: CollisionShape = node
			var box := _shape_aabb(shape)
			if box.intersects(strip):
				problems.append("%s: a part in the pad strip: %s" % [machine.name, box])
			if box.grow(-0.002).has_point(lamp):
				problems.append("%s: a part covers the status lamp" % machine.name)
	check(problems.empty(), str(problems))


func _shape_aabb(node: CollisionShape) -> AABB:
	var shape: Shape = node.shape
	var half := Vector3()
	if shape is BoxShape:
		half = shape.extents
	elif shape is CylinderShape:
		half = Vector3(shape.radius, shape.height / 2, shape.radius)
	elif shape is SphereShape:
		half = Vector3.ONE * shape.radius
	return node.transform.xform(AABB(-half, half * 2.0))


func test_materials_are_shared_and_meshes_merged() -> void:
	var materials := {}
	var instances := 0
	for machine in room.get_node("Machines").get_children():
		for child in machine.get_children():
			if child is MeshInstance and child.name.begins_with("Shape"):
				instances += 1
				for i in range(child.mesh.get_surface_count()):
					materials[child.mesh.surface_get_material(i)] = true
	check(instances >= 14 and instances <= 30, "one or two merged meshes per machine: %d" % instances)
	check(materials.size() < 60, "shared materials: %d" % materials.size())
	check(MachineShapes.shared_material(MachineShapes.STEEL) ==
			MachineShapes.shared_material(MachineShapes.STEEL, "steel"), "one steel")
	var steel := MachineShapes.shared_material(MachineShapes.STEEL, "polished")
	check(steel.metallic > 0.9 and steel.roughness < 0.2, "polished rolls are shiny")
	var glass := MachineShapes.shared_material(MachineShapes.GLASS)
	check(glass.flags_transparent, "glass is see-through")
	var old_api := MachineShapes.material(Color(1, 0, 0))
	check(old_api != MachineShapes.material(Color(1, 0, 0)), "material() gives a new one")


func test_floor_stays_the_teleport_target() -> void:
	var floor_body: Node = room.get_node("RoomShell/Floor")
	check(floor_body.is_in_group("teleport_floor"), "teleport group")
	var target = floor_body.get_meta("interactable")
	check(target != null and target.interact_role() == "floor", "floor target")
	check_eq(floor_body.collision_layer, PhysicsLayers.bit(PhysicsLayers.WORLD), "world layer")


func test_quality_levels() -> void:
	var env: Environment = room.get_node("WorldEnvironment").environment
	var sun: DirectionalLight = room.get_node("Sun")
	check(not env.ssao_enabled, "the room starts at auto: no SSAO")
	check_eq(RoomLooks.apply(room, "high"), "high", "high")
	check(env.ssao_enabled and sun.shadow_enabled, "high: SSAO and shadows")
	var driver_is_gles3 := OS.get_current_video_driver() == OS.VIDEO_DRIVER_GLES3
	check_eq(RoomLooks.apply(room, "auto"), "medium" if driver_is_gles3 else "low",
			"auto follows the driver")
	check_eq(env.ssao_enabled, false, "auto: no SSAO")
	check_eq(sun.shadow_enabled, driver_is_gles3, "auto: shadows on GLES3 only")
	check_eq(RoomLooks.apply(room, "ultra"), RoomLooks.apply(room, "auto"), "unknown is auto")
	RoomLooks.apply(room, "high")
	check(env.tonemap_mode != Environment.TONE_MAPPER_LINEAR, "a tonemapper")
	RoomLooks.apply(room, "medium")
	check(not env.ssao_enabled and sun.shadow_enabled, "medium: shadows only")
	RoomLooks.apply(room, "low")
	check(not env.ssao_enabled and not sun.shadow_enabled, "low: neither")
	RoomLooks.apply(room, "high")
	check(env.ssao_enabled and sun.shadow_enabled, "back to high")
