extends Spatial
## Keeps one item_view per item of the room state and puts each where its location says:
## a machine slot, a hand (ours or another user's), the bench or a resting place in the room.
##
## Locations are strings ("slot:coater:roll", "hand:u1:right", "bench", "floor", "shelf",
## "in:pot-03"); an item on the bench or floor rests at its "at" point when it has one.
## Items on the shelf and parts inside other items are not drawn (the shelves show the stock).

const ItemView = preload("item_view.gd")
const Protocol = preload("res://addons/bmm_bridge/protocol.gd")
const LOST_AND_FOUND = Vector3(-2.5, 0.8, 3.5)

var views := {}

var _present := []

var _bridge: Node = null


func _ready() -> void:
	_bridge = get_node_or_null("/root/Bridge")
	if _bridge != null:
		_bridge.follow_state(self, "show_state")


## Creates, moves and removes item views to match `room_state`.
func show_state(room_state: Dictionary) -> void:
	var items = room_state.get("items", {})
	if typeof(items) != TYPE_DICTIONARY:
		items = {}
	for item_id in views.keys():
		if not items.has(item_id):
			views[item_id].queue_free()
			views.erase(item_id)
	_present = items.keys()
	for item_id in items:
		var entry = items[item_id]
		if typeof(entry) != TYPE_DICTIONARY:
			continue
		var view: Spatial = views.get(item_id)
		if view == null:
			view = ItemView.new()
			view.setup(str(item_id), entry)
			add_child(view)
			views[item_id] = view
		else:
			view.show_entry(entry)
		_place(view, entry.get("location", {}))


func get_view(item_id: String) -> Spatial:
	return views.get(item_id)


func _process(_delta: float) -> void:
	for item_id in views:
		var raw = views[item_id].data.get("location", "")
		if typeof(raw) == TYPE_STRING and raw.begins_with("hand:"):
			_place(views[item_id], raw)


func _place(view: Spatial, raw_location) -> void:
	var location := Protocol.normalize_location(raw_location)
	if location.has("inside") or location.get("shelf") == true:
		view.set_present(false)
		return
	var xf = _transform_for(view, location)
	if xf == null:
		view.set_present(false)
		return
	view.set_present(true)
	view.global_transform = xf
	var mine: bool = _bridge != null and str(location.get("held_by", "")) == _bridge.user_id
	view.set_held_locally(mine)


func _transform_for(view: Spatial, location: Dictionary):
	var at = view.data.get("at")
	if (location.has("bench") or location.has("floor")) and typeof(at) == TYPE_ARRAY \
			and at.size() >= 3:
		return Transform(Basis(), Vector3(float(at[0]), float(at[1]), float(at[2])))
	if location.has("floor"):  # dropped without a position: below the bench
		for bench in get_tree().get_nodes_in_group("bench"):
			var xf: Transform = bench.place_for_item(view.item_id, _present)
			return Transform(xf.basis, Vector3(xf.origin.x, 0.0, xf.origin.z))
	if location.has("held_by"):
		return _held_transform(str(location["held_by"]), str(location.get("hand", "right")))
	if location.has("machine"):
		var machine: Node = _bridge.get_machine(str(location["machine"])) if _bridge else null
		if machine != null:
			var slot: Spatial = machine.get_slot(str(location.get("slot", "")))
			if slot != null:
				return slot.anchor()
			return machine.global_transform.translated(Vector3(0, machine.top_y, 0))
	if location.has("shelf"):
		for shelves in get_tree().get_nodes_in_group("shelves"):
			var xf = shelves.place_for(str(location["shelf"]), int(location.get("index", 0)))
			if xf != null:
				return xf
	if location.has("bench"):
		for bench in get_tree().get_nodes_in_group("bench"):
			return bench.place_for_item(view.item_id, _present)
	for bench in get_tree().get_nodes_in_group("bench"):
		return bench.place_for_item(view.item_id, _present)
	return Transform(Basis(), LOST_AND_FOUND)


func _held_transform(user: String, hand: String):
	if _bridge != null and user == _bridge.user_id:
		for player in get_tree().get_nodes_in_group("local_player"):
			return player.hold_transform(hand)
	for avatars in get_tree().get_nodes_in_group("avatar_layer"):
		var xf = avatars.hand_transform(user, hand)
		if xf != null:
			return xf
	return null
