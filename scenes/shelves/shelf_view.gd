extends Spatial
## Shelves with one container per material (from the state's "shelves" list, else DEFAULTS),
## plus empty mixing pots and lithium-metal electrodes. Clicking a container asks the runtime
## for one (take_from_shelf); what comes out is an item of the next state.

const UiKit = preload("res://scenes/ui3d/ui_kit.gd")
const Sign3D = preload("res://scenes/ui3d/sign_3d.gd")
const MachineShapes = preload("res://scenes/machines/machine_shapes.gd")
const PhysicsLayers = preload("res://scenes/common/physics_layers.gd")
const Target = preload("res://scenes/common/target.gd")
## Distance between two containers on a shelf board [m].
const SPACING_M = 0.31
## Shelf labels: letter size [px at the sign's 400 px/m] and widest plate [m] (the spacing
## less a gap, so neighbouring labels never overlap).
const LABEL_FONT_PX = 18
const LABEL_MAX_WIDTH_M = 0.28
const PER_LEVEL = 5
const LEVELS = [0.42, 0.9, 1.38, 1.86]
const UNIT_WIDTH = 1.7
const DEFAULTS = [
	{"material": "NMC111", "kind": "active_material"},
	{"material": "NMC532", "kind": "active_material"},
	{"material": "NMC622", "kind": "active_material"},
	{"material": "NMC811", "kind": "active_material"},
	{"material": "NCA", "kind": "active_material"},
	{"material": "LCO", "kind": "active_material"},
	{"material": "LMO", "kind": "active_material"},
	{"material": "LFP", "kind": "active_material"},
	{"material": "LNMO", "kind": "active_material"},
	{"material": "LTO", "kind": "active_material"},
	{"material": "graphite", "kind": "active_material"},
	{"material": "Si", "kind": "active_material"},
	{"material": "carbon_black", "kind": "conductive_additive"},
	{"material": "VGCF", "kind": "conductive_additive"},
	{"material": "PVDF", "kind": "binder"},
	{"material": "CMC", "kind": "binder"},
	{"material": "SBR", "kind": "binder"},
	{"material": "NMP", "kind": "solvent"},
	{"material": "water", "kind": "solvent"},
	{"material": "mixing_pot", "kind": "mixing_pot"},
	{"material": "li_metal", "kind": "li_metal"},
]
const KIND_COLORS = {
	"active_material": Color(0.75, 0.3, 0.25),
	"conductive_additive": Color(0.15, 0.15, 0.15),
	"binder": Color(0.3, 0.55, 0.85),
	"solvent": Color(0.35, 0.75, 0.9),
	"mixing_pot": Color(0.7, 0.72, 0.75),
	"li_metal": Color(0.8, 0.8, 0.85),
}

## Containers currently shown: [{material, kind, node, target}].
var containers := []

var _shown_names := []


func _ready() -> void:
	add_to_group("shelves")
	show_entries(DEFAULTS)
	var bridge := get_node_or_null("/root/Bridge")
	if bridge != null:
		bridge.follow_state(self, "show_state")


func show_state(room_state: Dictionary) -> void:
	var entries = room_state.get("shelves")
	if typeof(entries) == TYPE_ARRAY and not entries.empty():
		show_entries(entries)


## Rebuilds the shelves for entries [{material, kind?, label?, item?}] (no-op if unchanged).
func show_entries(entries: Array) -> void:
	var names := []
	for entry in entries:
		if typeof(entry) == TYPE_DICTIONARY and entry.has("material"):
			names.append(str(entry["material"]))
		elif typeof(entry) == TYPE_STRING:
			names.append(entry)
	if names == _shown_names:
		return
	_shown_names = names
	for child in get_children():
		remove_child(child)
		child.queue_free()
	containers.clear()
	var units := int(ceil(names.size() / float(PER_LEVEL * LEVELS.size())))
	for u in range(max(units, 1)):
		_build_unit(u)
	var i := 0
	for entry in entries:
		var data: Dictionary = entry if typeof(entry) == TYPE_DICTIONARY else {"material": entry}
		if not data.has("material"):
			continue
		_add_container(i, data)
		i += 1
	var plate := Sign3D.new()
	plate.text = "Materials"
	plate.font_px = 48
	plate.translation = Vector3((units * UNIT_WIDTH) / 2.0 - UNIT_WIDTH / 2.0, 2.45, 0)
	add_child(plate)


func _build_unit(u: int) -> void:
	var x := u * UNIT_WIDTH
	var wood := Color(0.62, 0.5, 0.36)
	var board := ShelfBoard.new()
	board.title = "Materials shelf"
	board.detail = "Click with a container, empty pot or Li foil in hand: put it back"
	add_child(board)
	for level in LEVELS:
		MachineShapes.box(self, Vector3(UNIT_WIDTH - 0.05, 0.03, 0.45), Vector3(x, level - 0.015, 0),
				wood)
		var extents := Vector3((UNIT_WIDTH - 0.05) / 2.0, 0.015, 0.225)
		var shape := BoxShape.new()
		shape.extents = extents
		board.attach(self, PhysicsLayers.WORLD, shape,
				Transform(Basis(), Vector3(x, level - 0.015, 0)))
	for side in [-1, 1]:
		MachineShapes.box(self, Vector3(0.04, 2.1, 0.45),
				Vector3(x + side * (UNIT_WIDTH / 2.0 - 0.02), 1.05, 0), wood.darkened(0.2))


func _add_container(index: int, data: Dictionary) -> void:
	var per_unit := PER_LEVEL * LEVELS.size()
	var unit := index / per_unit
	var slot := index % per_unit
	var level: float = LEVELS[LEVELS.size() - 1 - slot / PER_LEVEL]
	var x := unit * UNIT_WIDTH + (slot % PER_LEVEL - (PER_LEVEL - 1) / 2.0) * SPACING_M
	var holder := Spatial.new()
	holder.name = "Container_" + str(data["material"])
	holder.translation = Vector3(x, level, 0.02)
	add_child(holder)
	var kind := str(data.get("kind", "material"))
	var color: Color = KIND_COLORS.get(kind, Color(0.6, 0.6, 0.6))
	var shape: Shape
	var offset := Transform()
	if kind == "mixing_pot":
		MachineShapes.cylinder(holder, 0.1, 0.13, Vector3(0, 0.065, 0), color)
		shape = _cylinder_shape(0.1, 0.13)
		offset.origin = Vector3(0, 0.065, 0)
	elif kind == "li_metal":
		for k in range(4):
			MachineShapes.box(holder, Vector3(0.2, 0.008, 0.07), Vector3(0, 0.005 + k * 0.01, 0), color)
		shape = BoxShape.new()
		shape.extents = Vector3(0.1, 0.025, 0.04)
		offset.origin = Vector3(0, 0.025, 0)
	else:
		MachineShapes.cylinder(holder, 0.06, 0.17, Vector3(0, 0.085, 0), Color(0.93, 0.94, 0.95))
		MachineShapes.cylinder(holder, 0.063, 0.04, Vector3(0, 0.19, 0), color)
		shape = _cylinder_shape(0.063, 0.21)
		offset.origin = Vector3(0, 0.105, 0)
	var target := ShelfContainer.new()
	target.material = str(data["material"])
	target.kind = kind
	target.item = str(data.get("item", ""))
	var label := str(data.get("label", data["material"])).replace("_", " ")
	target.title = label
	target.detail = "Click: take one · click again with it in hand: put it back"
	holder.add_child(target)
	target.attach(holder, PhysicsLayers.THINGS, shape, offset)
	var plate := Sign3D.new()
	plate.text = wrap_to_width(label, LABEL_FONT_PX, LABEL_MAX_WIDTH_M * plate.pixels_per_m)
	plate.font_px = LABEL_FONT_PX
	plate.plate_color = color.darkened(0.45)
	plate.translation = Vector3(0, 0.06, 0.2)
	plate.rotation_degrees = Vector3(-15, 0, 0)
	holder.add_child(plate)
	containers.append({"material": target.material, "kind": kind, "node": holder, "target": target,
			"label": plate})


static func _cylinder_shape(radius: float, height: float) -> CylinderShape:
	var shape := CylinderShape.new()
	shape.radius = radius
	shape.height = height
	return shape


## `text` broken into lines no wider than `max_px` (bold, `font_px`); a word longer than
## that stays whole (the sign then shrinks its font, see shelf label test).
static func wrap_to_width(text: String, font_px: int, max_px: float) -> String:
	var font := UiKit.font(font_px, true)
	var lines := []
	var line := ""
	for word in text.split(" ", false):
		var attempt: String = word if line == "" else line + " " + word
		if line != "" and font.get_string_size(attempt).x + font_px * 1.2 > max_px:
			lines.append(line)
			line = word
		else:
			line = attempt
	if line != "":
		lines.append(line)
	return PoolStringArray(lines).join("\n")


## Where item `index` of shelf `shelf_name` rests (for items the state puts on a shelf).
func place_for(shelf_name: String, _index: int):
	for entry in containers:
		if entry["material"] == shelf_name:
			return entry["node"].global_transform.translated(Vector3(0, 0.25, 0))
	return null


## The click target of one shelf container (material name).
func container_target(material: String) -> Node:
	for entry in containers:
		if entry["material"] == material:
			return entry["target"]
	return null


class ShelfContainer:
	extends Target
	## The material this container hands out.
	var material := ""
	var kind := ""
	## Id of the stock item to hand out, when the state names one.
	var item := ""

	func _init() -> void:
		role = "shelf"

	## Click: with this material (or any shelf stock) in hand, put it back; else take one
	## into a free hand.
	func on_primary(actor: Node, _point: Vector3) -> void:
		var back: String = actor.held_stock_item(material)
		if back != "":
			actor.send("put_on_shelf", {"item": back})
			return
		var hand: String = actor.free_hand()
		if hand == "":
			actor.notify("Both hands are full: put something into a slot, on the shelf or down (Q)")
			return
		var args := {"material": material, "hand": hand}
		if item != "":
			args["item"] = item
		actor.send("take_from_shelf", args)


class ShelfBoard:
	extends Target
	## A shelf board: puts back what came from the shelves (the right hand's first).

	func _init() -> void:
		role = "shelf"

	func on_primary(actor: Node, _point: Vector3) -> void:
		var back: String = actor.held_stock_item("")
		if back != "":
			actor.send("put_on_shelf", {"item": back})
		elif actor.held_item_id() != "":
			actor.notify("Only unused containers, empty pots and Li foils go back on the shelf")
