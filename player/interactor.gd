extends Node
## What a pointer (desktop crosshair or a VR controller ray) does to what it points at.
##
## The owner feeds it a ray each physics frame (cast_ray) and presses (primary_*, grab_*,
## inspect, drop). Targets follow the Interactable contract (scenes/common/interactable.gd):
## panels get pointer(kind, point), everything else on_primary(actor, point) / on_inspect(actor);
## the target under the pointer is highlighted and its pointer_info() is what the HUD names.
## Everything the user does ends as Bridge.send_intent(); nothing is decided here.

## The user asked for an intent through this pointer (type, args), before it is sent.
signal intent_requested(kind, args)
## Something the user should read (a full hand, an empty slot), in plain words.
signal notice(text)
## The target under the pointer changed (null: none).
signal target_changed(target)

const Protocol = preload("res://addons/bmm_bridge/protocol.gd")
const Interactable = preload("res://scenes/common/interactable.gd")
const PhysicsLayers = preload("res://scenes/common/physics_layers.gd")
## Items that came from the shelves and may go back (shelf entry name by kind).
const STOCK_KINDS = {"container": "", "empty_pot": "mixing_pot", "li_metal": "li_metal"}

## Which hand this pointer belongs to: "right", "left" (desktop: "right").
var hand := "right"
## The pointer may use the other hand too (desktop seat: one pointer, two hands).
var both_hands := false
## How far the pointer reaches [m].
var reach_m := 8.0
## The last ray hit (Dictionary from intersect_ray, {} for none).
var hit := {}
## The interactable under the pointer (or null).
var target: Object = null

var _world: World = null
var _pressed_panel: Object = null
var _hover_panel: Object = null
var _highlighted: Object = null
var _exclude := []


## Bodies the ray ignores (the player's own collision shape).
func set_exclude(bodies: Array) -> void:
	_exclude = bodies


## Casts the pointer ray; call from _physics_process. Returns the hit dictionary.
func cast_ray(world: World, from: Vector3, direction: Vector3) -> Dictionary:
	_world = world
	var to := from + direction.normalized() * reach_m
	hit = world.direct_space_state.intersect_ray(from, to, _exclude,
			PhysicsLayers.pointer_mask(), true, true)
	target = Interactable.of(hit.get("collider")) if not hit.empty() else null
	_update_hover()
	return hit


func _update_hover() -> void:
	if _highlighted != target:
		if _highlighted != null and is_instance_valid(_highlighted) \
				and _highlighted.has_method("set_highlighted"):
			_highlighted.set_highlighted(false)
		_highlighted = target
		if target != null and target.has_method("set_highlighted"):
			target.set_highlighted(true)
		emit_signal("target_changed", target)
	var panel: Object = target if Interactable.role_of(target) == "panel" else null
	if _hover_panel != null and _hover_panel != panel and is_instance_valid(_hover_panel):
		_hover_panel.pointer_exit()
	_hover_panel = panel
	if panel != null:
		panel.pointer("move", hit["position"])


func hit_point() -> Vector3:
	return hit.get("position", Vector3.ZERO)


## What the target under the pointer is: {"title", "detail"} ({} for none).
func pointer_info() -> Dictionary:
	if target == null or not target.has_method("pointer_info"):
		return {}
	var info = target.pointer_info()
	return info if typeof(info) == TYPE_DICTIONARY else {}


## This user's held items: {"left": id, "right": id} ("" for an empty hand).
func held_items() -> Dictionary:
	var out := {"left": "", "right": ""}
	var bridge := get_node_or_null("/root/Bridge")
	if bridge == null or bridge.user_id == "":
		return out
	var items = bridge.state.get("items", {})
	if typeof(items) != TYPE_DICTIONARY:
		return out
	for item_id in items:
		var entry = items[item_id]
		if typeof(entry) != TYPE_DICTIONARY:
			continue
		var location: Dictionary = Protocol.normalize_location(entry.get("location"))
		if str(location.get("held_by", "")) == bridge.user_id:
			out[str(location.get("hand", "right"))] = str(item_id)
	return out


## Id of the item in this pointer's hand (with both_hands: the right, else the left; "" when
## empty-handed).
func held_item_id() -> String:
	var held := held_items()
	if held.get(hand, "") != "":
		return held[hand]
	if both_hands:
		for side in ["right", "left"]:
			if held[side] != "":
				return held[side]
	return ""


## A hand this pointer may fill ("" when none is free).
func free_hand() -> String:
	var held := held_items()
	if held.get(hand, "") == "":
		return hand
	if both_hands:
		for side in ["right", "left"]:
			if held[side] == "":
				return side
	return ""


## A held item that came from the shelves, of shelf entry `material` ("" = any), or "".
func held_stock_item(material: String) -> String:
	var bridge := get_node_or_null("/root/Bridge")
	if bridge == null:
		return ""
	var held := held_items()
	for side in ["right", "left"] if both_hands else [hand]:
		var item_id: String = held[side]
		var entry = bridge.state.get("items", {}).get(item_id) if item_id != "" else null
		if typeof(entry) != TYPE_DICTIONARY or not STOCK_KINDS.has(entry.get("kind")):
			continue
		var entry_name: String = STOCK_KINDS[entry["kind"]]
		if entry_name == "":
			entry_name = str(entry.get("material", ""))
		if material == "" or material == entry_name:
			return item_id
	return ""


## Tells the user something (the seat shows it).
func notify(text: String) -> void:
	emit_signal("notice", text)


## Sends an intent on behalf of this pointer's user.
func send(kind: String, args: Dictionary) -> int:
	emit_signal("intent_requested", kind, args)
	var bridge := get_node_or_null("/root/Bridge")
	return bridge.send_intent(kind, args) if bridge != null else -1


## Trigger / left mouse button down.
func primary_pressed() -> void:
	if target == null:
		return
	if Interactable.role_of(target) == "panel":
		_pressed_panel = target
		target.pointer("press", hit_point())
	elif target.has_method("on_primary"):
		target.on_primary(self, hit_point())


## Trigger / left mouse button up.
func primary_released() -> void:
	if _pressed_panel != null and is_instance_valid(_pressed_panel):
		var point := hit_point() if target == _pressed_panel else _pressed_panel.global_transform.origin
		_pressed_panel.pointer("release", point)
	_pressed_panel = null


## Grip pressed (VR): pick up what the ray points at.
func grab_pressed() -> void:
	var role := Interactable.role_of(target)
	if role in ["item", "slot", "shelf"] and held_item_id() == "":
		target.on_primary(self, hit_point())


## Grip released (VR): put the held item into the slot (or back on the shelf) pointed at,
## else let go here.
func grab_released(hand_position: Vector3) -> void:
	if held_item_id() == "":
		return
	if Interactable.role_of(target) in ["slot", "shelf"]:
		target.on_primary(self, hit_point())
		return
	drop(hand_position)


## Lets go of the held item at `position`: it comes to rest on the surface below it (a bench,
## a table or the floor), and everyone sees it there.
func drop(position: Vector3) -> void:
	var held := held_item_id()
	if held != "":
		var side := hand
		var items := held_items()
		for candidate in items:
			if items[candidate] == held:
				side = candidate
		var rest := surface_below(position)
		send("release", {"item": held, "hand": side, "position": [rest.x, rest.y, rest.z]})


## The point of the room's static geometry right below `point` (the floor when none).
func surface_below(point: Vector3) -> Vector3:
	if _world == null:
		return point
	var from := point + Vector3.UP * 0.05
	var down := _world.direct_space_state.intersect_ray(from, from + Vector3.DOWN * 4.0,
			_exclude, PhysicsLayers.bit(PhysicsLayers.WORLD))
	return down["position"] if not down.empty() else Vector3(point.x, 0.0, point.z)


## Secondary button / right click: expand or fold the label of the item pointed at.
func inspect() -> void:
	if target != null and target.has_method("on_inspect"):
		target.on_inspect(self)
