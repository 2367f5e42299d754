extends Spatial
## A 2D screen in the room: a Control tree rendered into a Viewport and shown on a quad.
##
## Pointers (desktop mouse ray, VR controller ray) call pointer() with the 3D hit point; the
## panel turns it into mouse events for its Viewport, so ordinary Buttons/LineEdits work in VR
## and on a desktop alike. Typing goes through forward_key(). A pointer target of role "panel"
## (scenes/common/interactable.gd). Seen from behind, a panel shows the dark back of a monitor.

## A pointer pressed on this panel at `pixel` (viewport coordinates).
signal pointer_pressed(pixel)

const UiKit = preload("ui_kit.gd")
const PhysicsLayers = preload("res://scenes/common/physics_layers.gd")
const Interactable = preload("res://scenes/common/interactable.gd")
## How far the back plate reaches past the picture on each side [m], and its depth [m].
const BEZEL_M = 0.008
const BACK_DEPTH_M = 0.025
const BACK_COLOR = Color(0.1, 0.11, 0.13)
const HIGHLIGHT_COLOR = Color(0.3, 0.6, 1.0)
## Depth of the pointer body behind the picture [m] (a ray from behind hits its back).
const BODY_DEPTH_M = 0.002

## Size of the screen in the room [m].
export var size_m := Vector2(0.8, 0.6)
## Resolution of the screen [pixels per metre].
export var pixels_per_m := 800.0
## Accepts pointer clicks (false for signs and labels).
export var interactive := true
## Turns to face the camera (signs, item labels).
export var billboard := false
## Lets the room show through pixels the content leaves transparent.
export var transparent := false
## Render even when no one looks (off: render once per change, see refresh()).
export var always_render := false
## Shows a dark back plate (a monitor's back) behind the picture, so the panel does not vanish
## when seen from behind. Ignored for billboards and transparent panels.
export var back_plate := true
## What the pointer HUD says while aimed at this panel ("" = the content's screen_title()).
export var pointer_title := ""

## The Viewport the content renders into.
var viewport: Viewport
## Full-size root Control: add the screen's controls here.
var content: Control

var _mesh: MeshInstance
var _material: SpatialMaterial
var _back: MeshInstance = null
var _back_material: SpatialMaterial
var _frame: Spatial
var _frame_material: SpatialMaterial
var _body: StaticBody
var _shape: ConcavePolygonShape
var _collision: CollisionShape
var _last_pixel := Vector2(-1, -1)
var _button_down := false
var _highlighted := false


func _init() -> void:
	viewport = Viewport.new()
	viewport.name = "Viewport"
	viewport.usage = Viewport.USAGE_2D
	viewport.render_target_v_flip = true
	viewport.hdr = false
	content = Control.new()
	content.name = "Content"
	content.mouse_filter = Control.MOUSE_FILTER_IGNORE
	viewport.add_child(content)
	_mesh = MeshInstance.new()
	_mesh.name = "Quad"
	_mesh.cast_shadow = GeometryInstance.SHADOW_CASTING_SETTING_OFF
	_material = SpatialMaterial.new()
	_material.flags_unshaded = true
	_material.flags_albedo_tex_force_srgb = true
	_mesh.mesh = QuadMesh.new()
	_back_material = SpatialMaterial.new()
	_back_material.albedo_color = BACK_COLOR
	_back_material.roughness = 0.6
	# the hover highlight: four strips around the picture, seen from the front only
	_frame = Spatial.new()
	_frame.name = "Highlight"
	_frame.visible = false
	_frame_material = SpatialMaterial.new()
	_frame_material.flags_unshaded = true
	_frame_material.albedo_color = HIGHLIGHT_COLOR
	for i in range(4):
		var strip := MeshInstance.new()
		strip.mesh = QuadMesh.new()
		strip.material_override = _frame_material
		strip.cast_shadow = GeometryInstance.SHADOW_CASTING_SETTING_OFF
		_frame.add_child(strip)
	_body = StaticBody.new()
	_body.name = "PointerBody"
	_body.collision_layer = PhysicsLayers.bit(PhysicsLayers.UI)
	_body.collision_mask = 0
	Interactable.register(_body, self)
	# A thin box of triangles whose front face is the picture itself: a ray that hits it at an
	# angle hits the pixel it points at (a thick box, or Bullet's approximate ray test on a
	# BoxShape with its margin, moved the hit up to 8 mm off the picture at some angles).
	_shape = ConcavePolygonShape.new()
	_collision = CollisionShape.new()
	_collision.shape = _shape
	_body.add_child(_collision)


func _ready() -> void:
	add_child(viewport)
	add_child(_mesh)
	if interactive and not billboard:
		add_child(_body)
		add_child(_frame)
	if back_plate and not billboard and not transparent:
		_back = MeshInstance.new()
		_back.name = "BackPlate"
		_back.mesh = CubeMesh.new()
		_back.material_override = _back_material
		add_child(_back)
	viewport.transparent_bg = transparent
	viewport.render_target_update_mode = (
		Viewport.UPDATE_ALWAYS if always_render else Viewport.UPDATE_ONCE)
	_material.albedo_texture = viewport.get_texture()
	_material.flags_transparent = transparent
	if billboard:
		_material.params_billboard_mode = SpatialMaterial.BILLBOARD_FIXED_Y
		_material.params_billboard_keep_scale = true
	_mesh.material_override = _material
	_apply_size()


## Changes the screen size [m]; the viewport follows at pixels_per_m.
func set_size_m(new_size: Vector2) -> void:
	size_m = new_size
	if is_inside_tree():
		_apply_size()


## Resolution of the viewport [px].
func get_pixel_size() -> Vector2:
	return Vector2(round(size_m.x * pixels_per_m), round(size_m.y * pixels_per_m))


func _apply_size() -> void:
	var px := get_pixel_size()
	viewport.size = px
	content.rect_size = px
	(_mesh.mesh as QuadMesh).size = size_m
	_shape.set_faces(_slab_faces(size_m / 2.0, BODY_DEPTH_M))
	var w := BEZEL_M
	var strips := [
		[Vector2(size_m.x + 2 * w, w), Vector2(0, (size_m.y + w) / 2)],
		[Vector2(size_m.x + 2 * w, w), Vector2(0, -(size_m.y + w) / 2)],
		[Vector2(w, size_m.y), Vector2(-(size_m.x + w) / 2, 0)],
		[Vector2(w, size_m.y), Vector2((size_m.x + w) / 2, 0)]]
	for i in range(4):
		var strip: MeshInstance = _frame.get_child(i)
		(strip.mesh as QuadMesh).size = strips[i][0]
		strip.translation = Vector3(strips[i][1].x, strips[i][1].y, 0.0005)
	if _back != null:
		(_back.mesh as CubeMesh).size = Vector3(size_m.x + 2 * BEZEL_M, size_m.y + 2 * BEZEL_M,
				BACK_DEPTH_M)
		_back.translation = Vector3(0, 0, -BACK_DEPTH_M / 2.0 - 0.002)
	refresh()


## Triangles of a box from z = 0 (the picture) back to z = -depth.
static func _slab_faces(half: Vector2, depth: float) -> PoolVector3Array:
	var c := []
	for z in [0.0, -depth]:
		c += [Vector3(-half.x, -half.y, z), Vector3(half.x, -half.y, z),
				Vector3(half.x, half.y, z), Vector3(-half.x, half.y, z)]
	var quads := [[0, 1, 2, 3], [5, 4, 7, 6], [4, 0, 3, 7], [1, 5, 6, 2], [3, 2, 6, 7],
			[4, 5, 1, 0]]
	var faces := PoolVector3Array()
	for q in quads:
		for i in [0, 1, 2, 0, 2, 3]:
			faces.append(c[q[i]])
	return faces


## True when the panel has a back plate (seen from behind it is a dark monitor back).
func has_back_plate() -> bool:
	return _back != null


## Renders the content once more (needed when always_render is off).
func refresh() -> void:
	if viewport != null and not always_render:
		viewport.render_target_update_mode = Viewport.UPDATE_ONCE


## Converts a 3D point on the quad to viewport pixels.
func pixel_at(global_point: Vector3) -> Vector2:
	var local = global_transform.affine_inverse().xform(global_point)
	var px := get_pixel_size()
	return Vector2((local.x / size_m.x + 0.5) * px.x, (0.5 - local.y / size_m.y) * px.y)


## The 3D point of viewport pixel `pixel` (tests aim at controls with it).
func global_point_at(pixel: Vector2) -> Vector3:
	var px := get_pixel_size()
	var local := Vector3((pixel.x / px.x - 0.5) * size_m.x, (0.5 - pixel.y / px.y) * size_m.y, 0)
	return global_transform.xform(local)


## The 3D point at the centre of `control` (a descendant of content).
func global_point_of(control: Control) -> Vector3:
	var rect := control.get_global_rect()
	return global_point_at(rect.position + rect.size / 2.0)


## True when `global_point` lies on the back of the panel (a pointer behind the screen).
func is_behind(global_point: Vector3) -> bool:
	return global_transform.affine_inverse().xform(global_point).z < -0.001


## Pointer input: kind is "press", "release" or "move"; the point lies on the quad. Points on
## the back (a pointer behind the screen) do nothing.
func pointer(kind: String, global_point: Vector3) -> void:
	if not interactive or is_behind(global_point):
		return
	var pixel := pixel_at(global_point)
	if kind == "move":
		if pixel.distance_to(_last_pixel) < 0.5:
			return
		var motion := InputEventMouseMotion.new()
		motion.position = pixel
		motion.global_position = pixel
		motion.relative = pixel - _last_pixel if _last_pixel.x >= 0 else Vector2()
		motion.button_mask = BUTTON_MASK_LEFT if _button_down else 0
		_last_pixel = pixel
		viewport.input(motion)
	else:
		pointer_move_then_button(pixel, kind == "press")
	refresh()


func pointer_move_then_button(pixel: Vector2, pressed: bool) -> void:
	if pixel.distance_to(_last_pixel) >= 0.5:
		var motion := InputEventMouseMotion.new()
		motion.position = pixel
		motion.global_position = pixel
		_last_pixel = pixel
		viewport.input(motion)
	var click := InputEventMouseButton.new()
	click.button_index = BUTTON_LEFT
	click.pressed = pressed
	click.position = pixel
	click.global_position = pixel
	click.button_mask = BUTTON_MASK_LEFT if pressed else 0
	_button_down = pressed
	viewport.input(click)
	if pressed:
		emit_signal("pointer_pressed", pixel)


## The pointer left the panel: no hover, no held button.
func pointer_exit() -> void:
	if _button_down:
		pointer_move_then_button(_last_pixel, false)
	_last_pixel = Vector2(-1, -1)


## Sends a key to the focused control of this screen (desktop typing). True if it was taken.
func forward_key(event: InputEventKey) -> bool:
	var focus := content.get_focus_owner()
	if focus == null:
		return false
	viewport.input(event)
	refresh()
	return true


## True when a text field of this screen has keyboard focus.
func has_text_focus() -> bool:
	return content.get_focus_owner() is LineEdit


# --- Interactable contract (scenes/common/interactable.gd) -----------------------------------
func interact_role() -> String:
	return "panel"


## What the pointer HUD shows: the screen's title.
func pointer_info() -> Dictionary:
	var title := pointer_title
	if title == "":
		for child in content.get_children():
			if child.has_method("screen_title"):
				title = str(child.screen_title())
				break
	return {"title": title, "detail": ""}


## Hover highlight: a blue frame around the picture (seen from the front only).
func set_highlighted(on: bool) -> void:
	_highlighted = on
	_frame.visible = on


func is_highlighted() -> bool:
	return _highlighted


## Fits the panel's height to `box` (at least `min_height_px`) at `width_px`, and renders it
## once more (panels whose rows change: the VR wrist's).
func fit_to(box: Control, width_px: float, min_height_px: float = 80.0) -> void:
	if not is_inside_tree():
		return
	var height: float = max(box.get_combined_minimum_size().y, min_height_px)
	box.rect_size = Vector2(width_px, height)
	var new_size := Vector2(width_px, height) / pixels_per_m
	if new_size.distance_to(size_m) > 0.0005:
		set_size_m(new_size)
	refresh()
