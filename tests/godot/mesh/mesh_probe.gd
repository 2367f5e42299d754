extends Node
## One of two headless Godot seats in a class (tests/netcode/test_godot_seats.py).
##
## --probe-role=walker walks its desktop seat in a circle (so its poses move), takes a jar
## from the shelf and hands it to the other user; --probe-role=watcher prints where the other
## user's avatar is and exits 0 once it has seen it move and holds the jar in its own hand.
## Prints "PROBE ..." lines; every run is wrapped in `timeout` by the test.

const Cmdline = preload("res://addons/bmm_bridge/cmdline.gd")
const Protocol = preload("res://addons/bmm_bridge/protocol.gd")
const DryRoom = preload("res://scenes/dry_room/dry_room.tscn")
const JAR = "jar-LTO"
const WATCH_MS = 40000

var role := ""
var room: Spatial = null
var seat: Spatial = null
var acked := {}

var _bridge: Node = null


func _ready() -> void:
	role = Cmdline.value("probe-role", "watcher")
	_bridge = get_node("/root/Bridge")
	_bridge.connect("intent_acked", self, "_on_acked")
	room = DryRoom.instance()
	room.xr_request = "none"
	add_child(room)
	seat = room.player
	call_deferred("_run")


func _on_acked(intent_id: int, _version: int) -> void:
	acked[intent_id] = true


func _run() -> void:
	var start := OS.get_ticks_msec()
	while _other_user() == "" and OS.get_ticks_msec() - start < WATCH_MS:
		yield(get_tree().create_timer(0.1), "timeout")
	var other := _other_user()
	print("PROBE %s is %s; the other is %s" % [role, _bridge.user_id, other])
	if other == "":
		print("PROBE FAILED nobody else came")
		get_tree().quit(1)
		return
	if role == "walker":
		yield(_walk(other), "completed")
	else:
		yield(_watch(other), "completed")


func _other_user() -> String:
	for user in _bridge.state.get("users", {}):
		if str(user) != _bridge.user_id and _bridge.user_id != "":
			return str(user)
	return ""


func _walk(other: String) -> void:
	for i in range(60):
		var a := i * 0.15
		seat.global_transform.origin = Vector3(1.0 + cos(a), seat.global_transform.origin.y,
				1.0 + sin(a))
		yield(get_tree().create_timer(0.05), "timeout")
	yield(_intent("take_from_shelf", {"material": "LTO", "hand": "right"}), "completed")
	yield(_intent("hand_to", {"item": JAR, "to": other}), "completed")
	print("PROBE WALKER DONE")
	while true:  # stays in the room until the test stops it
		yield(get_tree().create_timer(0.5), "timeout")


func _intent(kind: String, args: Dictionary) -> void:
	var intent_id: int = _bridge.send_intent(kind, args)
	var start := OS.get_ticks_msec()
	while not acked.has(intent_id) and OS.get_ticks_msec() - start < 10000:
		yield(get_tree().create_timer(0.05), "timeout")
	print("PROBE %s %s: %s" % [kind, str(args), "acked" if acked.has(intent_id) else "NO ACK"])


func _watch(other: String) -> void:
	var seen := {}
	var start := OS.get_ticks_msec()
	var layer: Spatial = room.get_node("Avatars")
	while OS.get_ticks_msec() - start < WATCH_MS:
		yield(get_tree().create_timer(0.2), "timeout")
		if layer.avatars.has(other):
			var head: Vector3 = layer.avatars[other].get_node("Head").global_transform.origin
			var key := "%.1f,%.1f" % [head.x, head.z]
			if not seen.has(key):
				seen[key] = true
				print("PROBE AVATAR %s head at %s" % [other, key])
		if seen.size() >= 5 and _holding_the_jar():
			print("PROBE WATCHER DONE: saw %s move (%d places), holds %s" % [
				other, seen.size(), JAR])
			get_tree().quit(0)
			return
	print("PROBE FAILED: %d places seen, jar held: %s" % [seen.size(), str(_holding_the_jar())])
	get_tree().quit(1)


func _holding_the_jar() -> bool:
	var entry = _bridge.state.get("items", {}).get(JAR, {})
	var where := Protocol.normalize_location(entry.get("location", ""))
	if str(where.get("held_by", "")) != _bridge.user_id:
		return false
	var view: Spatial = room.get_node("Items").get_view(JAR)
	var hold: Transform = seat.hold_transform(str(where.get("hand", "right")))
	return view != null and view.visible and \
			view.global_transform.origin.distance_to(hold.origin) < 0.05
