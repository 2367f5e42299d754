extends Node
## What a pointer (desktop crosshair or a VR controller ray) does to what it points at.
##
## The owner feeds it a ray each physics frame (cast_ray) and presses (primary_*, grab_*,
## inspect, drop). Targets are physics bodies with meta "interactable" → a node that has
## pointer(kind, point) (screens) or on_primary(actor, point) / on_inspect(actor) (things).
## Everything the user does ends as Bridge.send_intent(); nothing is decided here.

## The user asked for an intent through this pointer (type, args), before it is sent.
signal intent_requested(kind, args)

const Protocol = preload("res://addons/bmm_bridge/protocol.gd")
## Physics layer 1: the room's static geometry (floor, walls, benches).
const WORLD_LAYER_MASK = 1

## Which hand this pointer belongs to: "right", "left" (desktop: "right").
var hand := "right"
## How far the pointer reaches [m].
var reach_m := 8.0
## The last ray hit (Dictionary from intersect_ray, {} for none).
var hit := {}
## The interactable under the pointer (or null).
var target: Object = null

var _world: World = null
var _pressed_panel: Object = null
var _hover_panel: Object = null
var _exclude := []


## Bodies the ray ignores (the player's own collision shape).
func set_exclude(bodies: Array) -> void:
	_exclude = bodies


## Casts the pointer ray; call from _physics_process. Returns the hit dictionary.
func cast_ray(world: World, from: Vector3, direction: Vector3) -> Dictionary:
	_world = world
	var to := from + direction.normalized() * reach_m
	hit = world.direct_space_state.intersect_ray(from, to, _exclude, 0x7fffffff, true, true)
	target = null
	if not hit.empty() and hit["collider"].has_meta("interactable"):
		target = hit["collider"].get_meta("interactable")
	_update_hover()
	return hit


func _update_hover() -> void:
	var panel: Object = target if target != null and target.has_method("pointer") else null
	if _hover_panel != null and _hover_panel != panel and is_instance_valid(_hover_panel):
		_hover_panel.pointer_exit()
	_hover_panel = panel
	if panel != null:
		panel.pointer("move", hit["position"])


func hit_point() -> Vector3:
	return hit.get("position", Vector3.ZERO)


## Id of the item this user holds in this hand ("" when empty-handed), from the room state.
func held_item_id() -> String:
	var bridge := get_node_or_null("/root/Bridge")
	if bridge == null or bridge.user_id == "":
		return ""
	var items = bridge.state.get("items", {})
	if typeof(items) != TYPE_DICTIONARY:
		return ""
	var fallback := ""
	for item_id in items:
		var entry = items[item_id]
		if typeof(entry) != TYPE_DICTIONARY:
			continue
		var location: Dictionary = Protocol.normalize_location(entry.get("location"))
		if str(location.get("held_by", "")) != bridge.user_id:
			continue
		if str(location.get("hand", hand)) == hand:
			return str(item_id)
		fallback = str(item_id)
	return fallback


## Sends an intent on behalf of this pointer's user.
func send(kind: String, args: Dictionary) -> int:
	emit_signal("intent_requested", kind, args)
	var bridge := get_node_or_null("/root/Bridge")
	return bridge.send_intent(kind, args) if bridge != null else -1


## Trigger / left mouse button down.
func primary_pressed() -> void:
	if target == null:
		return
	if target.has_method("pointer"):
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
	if target != null and not target.has_method("pointer") and target.has_method("on_primary"):
		if held_item_id() == "":
			target.on_primary(self, hit_point())


## Grip released (VR): put the held item into the slot pointed at, else let go here.
func grab_released(hand_position: Vector3) -> void:
	var held := held_item_id()
	if held == "":
		return
	if target != null and target.has_method("on_primary") and target.get("slot_name") != null:
		target.on_primary(self, hit_point())
		return
	drop(hand_position)


## Lets go of the held item at `position`: it comes to rest on the surface below it (a bench,
## a table or the floor), and everyone sees it there.
func drop(position: Vector3) -> void:
	var held := held_item_id()
	if held != "":
		var rest := surface_below(position)
		send("release", {"item": held, "hand": hand, "position": [rest.x, rest.y, rest.z]})


## The point of the room's static geometry right below `point` (the floor when none).
func surface_below(point: Vector3) -> Vector3:
	if _world == null:
		return point
	var from := point + Vector3.UP * 0.05
	var down := _world.direct_space_state.intersect_ray(from, from + Vector3.DOWN * 4.0,
			_exclude, WORLD_LAYER_MASK)
	return down["position"] if not down.empty() else Vector3(point.x, 0.0, point.z)


## Secondary button / right click: expand or fold the label of the item pointed at.
func inspect() -> void:
	if target != null and target.has_method("on_inspect"):
		target.on_inspect(self)
