extends Spatial
## One item of the room state (a container, pot, roll, electrode, cell, …) with its label.
##
## The label shows the item's title; on inspect it expands to the history lines the runtime
## sends ("label": {"title", "lines"}).

const UiKit = preload("res://scenes/ui3d/ui_kit.gd")
const Panel3D = preload("res://scenes/ui3d/panel_3d.gd")
const MachineShapes = preload("res://scenes/machines/machine_shapes.gd")
const Highlight = preload("res://scenes/common/highlight.gd")
const Interactable = preload("res://scenes/common/interactable.gd")
const PhysicsLayers = preload("res://scenes/common/physics_layers.gd")

var item_id := ""
var kind := ""
## The item's entry of the room state.
var data := {}
var expanded := false

var _body: StaticBody
var _hull: MeshInstance
var _label_panel: Spatial
var _label_box: VBoxContainer
var _label_root: PanelContainer
var _title: Label
var _lines: Label


func setup(id_of_item: String, entry: Dictionary) -> void:
	item_id = id_of_item
	name = "Item_" + id_of_item.replace("/", "_").replace(":", "_")
	kind = str(entry.get("kind", "item"))
	data = entry


func _ready() -> void:
	_build_body()
	_build_label()
	show_entry(data)


static func shape_of(item_kind: String) -> String:
	var k := item_kind.to_lower()
	if "jelly" in k or "cell" in k or "welded" in k:
		return "cell"
	if "roll" in k:
		return "roll"
	if "electrode" in k or "li_metal" in k or "foil" in k:
		return "strip"
	if "pot" in k or "slurry" in k or "powder" in k or "premix" in k:
		return "pot"
	if "container" in k or "material" in k or "solvent" in k or "bottle" in k:
		return "jar"
	return "box"


func _build_body() -> void:
	var color := _color_for(kind)
	var shape: Shape
	var offset := Transform()
	match shape_of(kind):
		"cell":
			MachineShapes.cylinder(self, 0.018, 0.065, Vector3(0, 0.033, 0), color)
			MachineShapes.cylinder(self, 0.008, 0.004, Vector3(0, 0.067, 0), MachineShapes.STEEL)
			shape = _cylinder(0.024, 0.075)  # a little wider than the 18 mm can: still a cell
			offset.origin = Vector3(0, 0.037, 0)
		"roll":
			MachineShapes.cylinder(self, 0.07, 0.3, Vector3(0, 0.07, 0), color, "x")
			MachineShapes.cylinder(self, 0.025, 0.34, Vector3(0, 0.07, 0), MachineShapes.DARK, "x")
			shape = _cylinder(0.07, 0.34)
			offset = Transform(Basis(Vector3(0, 0, 1), PI / 2), Vector3(0, 0.07, 0))
		"strip":
			MachineShapes.box(self, Vector3(0.3, 0.01, 0.07), Vector3(0, 0.005, 0), color)
			shape = BoxShape.new()
			shape.extents = Vector3(0.15, 0.015, 0.035)
			offset.origin = Vector3(0, 0.012, 0)
		"pot":
			MachineShapes.cylinder(self, 0.1, 0.13, Vector3(0, 0.065, 0), MachineShapes.STEEL)
			MachineShapes.cylinder(self, 0.09, 0.01, Vector3(0, 0.128, 0), color)
			shape = _cylinder(0.1, 0.135)
			offset.origin = Vector3(0, 0.0675, 0)
		"jar":
			MachineShapes.cylinder(self, 0.055, 0.15, Vector3(0, 0.075, 0), Color(0.92, 0.93, 0.95))
			MachineShapes.cylinder(self, 0.058, 0.035, Vector3(0, 0.165, 0), color)
			shape = _cylinder(0.058, 0.185)
			offset.origin = Vector3(0, 0.0925, 0)
		_:
			MachineShapes.box(self, Vector3(0.12, 0.08, 0.12), Vector3(0, 0.04, 0), color)
			shape = BoxShape.new()
			shape.extents = Vector3(0.06, 0.04, 0.06)
			offset.origin = Vector3(0, 0.04, 0)
	var body := StaticBody.new()
	body.collision_layer = PhysicsLayers.bit(PhysicsLayers.ITEMS)
	body.collision_mask = 0
	_body = body
	shape.margin = 0.001  # Bullet shrinks a shape by its margin (0.04 m by default)
	var placed := CollisionShape.new()
	placed.shape = shape
	placed.transform = offset
	body.add_child(placed)
	add_child(body)
	_hull = Highlight.hull(self, placed)
	Interactable.register(body, self)


static func _cylinder(radius: float, height: float) -> CylinderShape:
	var shape := CylinderShape.new()
	shape.radius = radius
	shape.height = height
	return shape


static func _color_for(item_kind: String) -> Color:
	var k := item_kind.to_lower()
	if "slurry" in k:
		return Color(0.15, 0.15, 0.17)
	if "cell" in k or "jelly" in k or "welded" in k:
		return Color(0.2, 0.45, 0.8)
	if "roll" in k or "electrode" in k:
		return Color(0.25, 0.25, 0.28)
	if "li_metal" in k:
		return Color(0.75, 0.77, 0.8)
	return Color(0.85, 0.55, 0.2)


func _build_label() -> void:
	_label_panel = Panel3D.new()
	_label_panel.name = "Label"
	_label_panel.interactive = false
	_label_panel.billboard = true
	_label_panel.transparent = true
	_label_panel.always_render = false
	_label_panel.pixels_per_m = 1000.0
	_label_panel.translation = Vector3(0, 0.28, 0)
	_label_root = PanelContainer.new()
	_label_root.add_stylebox_override("panel", UiKit.box(Color(1, 1, 0.94, 0.95), 6, 10))
	_label_box = VBoxContainer.new()
	_title = UiKit.label("", 22, Color(0.1, 0.12, 0.15), true)
	_lines = UiKit.label("", 20, Color(0.18, 0.2, 0.24))
	_lines.visible = false
	_label_box.add_child(_title)
	_label_box.add_child(_lines)
	_label_root.add_child(_label_box)
	_label_panel.content.add_child(_label_root)
	add_child(_label_panel)


## Shows a new state entry for this item (title, history lines).
func show_entry(entry: Dictionary) -> void:
	data = entry
	var label = entry.get("label", {})
	if typeof(label) != TYPE_DICTIONARY:
		label = {}
	_title.text = str(label.get("title", kind.replace("_", " ")))
	var lines = label.get("lines", [])
	if typeof(lines) != TYPE_ARRAY:
		lines = []
	var shown := []
	for line in lines:
		shown.append(str(line))
	_lines.text = PoolStringArray(shown).join("\n")
	_resize_label()


func _resize_label() -> void:
	_lines.visible = expanded and _lines.text != ""
	var size := _label_root.get_combined_minimum_size()
	var title_w := UiKit.font(22, true).get_string_size(_title.text).x
	var width := title_w + 24
	var height := 40.0
	if _lines.visible:
		var font := UiKit.font(20)
		for line in _lines.text.split("\n"):
			width = max(width, font.get_string_size(line).x + 24)
		height += _lines.text.split("\n").size() * font.get_height() + 6
	size = Vector2(max(width, size.x), max(height, size.y))
	_label_root.rect_size = size
	_label_panel.set_size_m(size / _label_panel.pixels_per_m)
	_label_panel.translation.y = 0.22 + size.y / _label_panel.pixels_per_m / 2.0


## Shown in the room (false: on the shelf or inside another item): hidden items are neither
## drawn nor hit by pointer rays (a hidden body would still catch clicks and teleports).
func set_present(value: bool) -> void:
	visible = value
	_body.collision_layer = PhysicsLayers.bit(PhysicsLayers.ITEMS) if value else 0


## Held by the local player: no floating label, and pointer rays pass through it.
func set_held_locally(value: bool) -> void:
	_label_panel.visible = not value
	_body.collision_layer = 0 if value else PhysicsLayers.bit(PhysicsLayers.ITEMS)


## Expands or folds the history on the label.
func set_expanded(value: bool) -> void:
	expanded = value
	_resize_label()


func get_title_text() -> String:
	return _title.text


func get_lines_text() -> String:
	return _lines.text if _lines.visible else ""


func interact_role() -> String:
	return "item"


## The item's name, and what it is (the label's first line) or where it lies.
func pointer_info() -> Dictionary:
	var label = data.get("label", {})
	var lines = label.get("lines", []) if typeof(label) == TYPE_DICTIONARY else []
	var what := str(lines[0]) if typeof(lines) == TYPE_ARRAY and not lines.empty() else ""
	return {"title": get_name_text(), "detail": what + " · right click: label"}


func set_highlighted(on: bool) -> void:
	_hull.visible = on


## The name a student reads ("NMC622 slurry", "Cell #3 (Ana)").
func get_name_text() -> String:
	var shown = data.get("name", "")
	return str(shown) if typeof(shown) == TYPE_STRING and shown != "" else kind.replace("_", " ")


## Click / trigger: pick this item up into a free hand (the runtime decides).
func on_primary(actor: Node, _point: Vector3) -> void:
	var hand: String = actor.free_hand()
	if hand != "":
		actor.send("grab", {"item": item_id, "hand": hand})
	else:
		actor.notify("Both hands are full: put something down first (Q)")


## Secondary: show or hide the item's history.
func on_inspect(_actor: Node) -> void:
	set_expanded(not expanded)
