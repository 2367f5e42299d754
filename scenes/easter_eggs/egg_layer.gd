extends Spatial
## Easter eggs placed from the state ("easter_eggs": [{id, title, text, position, found}]).
## A hidden egg is a small glowing star; finding it (click) sends find_easter_egg, and a found
## egg shows its title and message ("text" or "message").

const UiKit = preload("res://scenes/ui3d/ui_kit.gd")
const Panel3D = preload("res://scenes/ui3d/panel_3d.gd")
const PhysicsLayers = preload("res://scenes/common/physics_layers.gd")
const Target = preload("res://scenes/common/target.gd")

var eggs := {}

var _time := 0.0


func _ready() -> void:
	var bridge := get_node_or_null("/root/Bridge")
	if bridge != null:
		bridge.follow_state(self, "show_state")


func show_state(room_state: Dictionary) -> void:
	var entries = room_state.get("easter_eggs", [])
	if typeof(entries) != TYPE_ARRAY:
		return
	var seen := {}
	for entry in entries:
		if typeof(entry) != TYPE_DICTIONARY or not entry.has("id"):
			continue
		var egg_id := str(entry["id"])
		seen[egg_id] = true
		if not eggs.has(egg_id):
			eggs[egg_id] = _make_egg(egg_id)
		_show_egg(eggs[egg_id], entry)
	for egg_id in eggs.keys():
		if not seen.has(egg_id):
			eggs[egg_id].queue_free()
			eggs.erase(egg_id)


func _make_egg(egg_id: String) -> Spatial:
	var egg := Spatial.new()
	egg.name = "Egg_" + egg_id
	var gem := MeshInstance.new()
	gem.name = "Gem"
	var mesh := SphereMesh.new()
	mesh.radius = 0.07
	mesh.height = 0.12
	gem.mesh = mesh
	var m := SpatialMaterial.new()
	m.albedo_color = Color(1.0, 0.8, 0.2)
	m.metallic = 0.8
	m.emission_enabled = true
	m.emission = Color(1.0, 0.7, 0.1)
	m.emission_energy = 0.8
	gem.material_override = m
	egg.add_child(gem)
	var target := EggTarget.new()
	target.egg_id = egg_id
	target.title = "Something shiny"
	target.detail = "Click: look closer"
	egg.add_child(target)
	var shape := SphereShape.new()
	shape.radius = 0.09
	target.attach(egg, PhysicsLayers.THINGS, shape, Transform())
	var panel := Panel3D.new()
	panel.name = "Message"
	panel.interactive = false
	panel.billboard = true
	panel.always_render = false
	panel.size_m = Vector2(0.9, 0.5)
	panel.pixels_per_m = 700.0
	panel.translation = Vector3(0, 0.45, 0)
	var ui := PanelContainer.new()
	ui.name = "UI"
	ui.add_stylebox_override("panel", UiKit.box(Color(0.2, 0.14, 0.02, 0.92), 10, 16))
	var box := VBoxContainer.new()
	var title := UiKit.label("", 26, Color(1.0, 0.85, 0.35), true)
	title.name = "Title"
	title.autowrap = true
	box.add_child(title)
	var text := UiKit.label("", 19, UiKit.INK)
	text.name = "Text"
	text.autowrap = true
	box.add_child(text)
	ui.add_child(box)
	panel.content.add_child(ui)
	egg.add_child(panel)
	ui.rect_size = panel.get_pixel_size()
	add_child(egg)
	return egg


func _show_egg(egg: Spatial, entry: Dictionary) -> void:
	var p = entry.get("position", [0, 1, 0])
	if typeof(p) == TYPE_ARRAY and p.size() >= 3:
		egg.translation = Vector3(float(p[0]), float(p[1]), float(p[2]))
	var found := bool(entry.get("found", entry.get("found_by") != null))
	var panel: Spatial = egg.get_node("Message")
	panel.visible = found
	var box = panel.content.get_node("UI").get_child(0)
	box.get_node("Title").text = str(entry.get("title", "Easter egg"))
	box.get_node("Text").text = str(entry.get("text", entry.get("message", "")))
	panel.content.get_node("UI").rect_size = panel.get_pixel_size()
	panel.refresh()


func _process(delta: float) -> void:
	_time += delta
	for egg_id in eggs:
		var gem: Spatial = eggs[egg_id].get_node("Gem")
		gem.rotation.y = _time * 1.5
		gem.translation.y = sin(_time * 2.0) * 0.03


class EggTarget:
	extends Target
	var egg_id := ""

	func on_primary(actor: Node, _point: Vector3) -> void:
		actor.send("find_egg", {"egg": egg_id})
