extends Sprite3D
## The "speaking" sign above an avatar: a glowing microphone with sound waves, always facing
## the viewer, pulsing with the speaker's level. The picture is drawn once in code (no image
## asset to import) and shared by every sign.

const COLOR = Color(0.35, 1.0, 0.55)
## Size of the picture [px] and of the sign in the room [m].
const PX = 64
const SIZE_M = 0.26


func _init() -> void:
	name = "SpeakingSign"
	billboard = SpatialMaterial.BILLBOARD_ENABLED
	shaded = false
	double_sided = true
	transparent = true
	modulate = COLOR
	pixel_size = SIZE_M / PX
	cast_shadow = GeometryInstance.SHADOW_CASTING_SETTING_OFF
	visible = false


## Shows the sign pulsing with `level` (0..1), or hides it.
func show_level(on: bool, level: float) -> void:
	visible = on
	if on:
		var glow: float = clamp(0.6 + level * 4.0, 0.6, 1.0)
		modulate = Color(COLOR.r, COLOR.g, COLOR.b, glow)
		scale = Vector3.ONE * (0.9 + 0.3 * glow)


## The microphone-with-waves picture (white on transparent; the sign tints it).
static func make_texture() -> ImageTexture:
	var image := Image.new()
	image.create(PX, PX, false, Image.FORMAT_RGBA8)
	image.lock()
	for y in range(PX):
		for x in range(PX):
			var a := _coverage(Vector2(x + 0.5, y + 0.5))
			image.set_pixel(x, y, Color(1, 1, 1, a))
	image.unlock()
	var texture := ImageTexture.new()
	texture.create_from_image(image, Texture.FLAG_FILTER)
	return texture


## How much of the pixel at `p` the picture covers (0..1, soft edges).
static func _coverage(p: Vector2) -> float:
	var c := Vector2(32, 26)
	var d := p - c
	# the microphone's head: a capsule from y 14 to 30, radius 7
	var nearest := Vector2(32, clamp(p.y, 14.0, 30.0))
	var cover := _edge(p.distance_to(nearest) - 7.0)
	# the holder: the lower half of a ring of radius 12
	if d.y > 0.0:
		cover = max(cover, _edge(abs(d.length() - 12.0) - 1.6))
	# stem and foot
	if abs(p.x - 32.0) < 1.8 and p.y > 37.0 and p.y < 47.0:
		cover = 1.0
	if abs(p.x - 32.0) < 9.0 and p.y > 46.0 and p.y < 50.0:
		cover = 1.0
	# sound waves left and right: two arcs
	if abs(d.x) > abs(d.y) * 1.4:
		for radius in [19.0, 26.0]:
			cover = max(cover, _edge(abs(d.length() - radius) - 1.6))
	return cover


static func _edge(distance_px: float) -> float:
	return clamp(0.5 - distance_px, 0.0, 1.0)
