extends Node
## A pointer target that is a plain Node (a shelf container, an egg, an avatar, the floor):
## follows the Interactable contract (scenes/common/interactable.gd) with a title, a detail
## line and a highlight hull. Subclasses override on_primary().

const Highlight = preload("res://scenes/common/highlight.gd")
const Interactable = preload("res://scenes/common/interactable.gd")
const PhysicsLayers = preload("res://scenes/common/physics_layers.gd")

## What this target is to the pointer (one of Interactable.ROLES).
var role := "thing"
## What the HUD shows while the pointer is on this target.
var title := ""
## A second HUD line (what a slot accepts, what a click does).
var detail := ""

var _hulls := []


func interact_role() -> String:
	return role


func pointer_info() -> Dictionary:
	return {"title": title, "detail": detail}


func set_highlighted(on: bool) -> void:
	for hull in _hulls:
		if is_instance_valid(hull):
			hull.visible = on


func on_primary(_actor: Node, _point: Vector3) -> void:
	pass


## Makes a static body on `layer` with `shape` at `offset` under `parent`, registered for
## this target, with a highlight hull of the same size (a target may have several bodies;
## all light up together). Returns the body.
func attach(parent: Spatial, layer: int, shape: Shape, offset: Transform) -> StaticBody:
	var body := StaticBody.new()
	body.collision_layer = PhysicsLayers.bit(layer)
	body.collision_mask = 0
	shape.margin = 0.001  # Bullet shrinks shapes by their margin: thin pads would vanish
	var placed := CollisionShape.new()
	placed.shape = shape
	placed.transform = offset
	body.add_child(placed)
	parent.add_child(body)
	_hulls.append(Highlight.hull(parent, placed))
	Interactable.register(body, self)
	return body
