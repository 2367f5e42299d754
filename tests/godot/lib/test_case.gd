extends Node
## Base of a headless test suite: methods named test_* run in order; a test may yield.
## Assertions record failures instead of stopping, so one test reports every problem.

var failures := []


func before_each() -> void:
	pass


func after_each() -> void:
	pass


func check(condition: bool, message: String) -> bool:
	if not condition:
		failures.append(message)
	return condition


## Deep equality (Godot 3 compares dictionaries and arrays by reference); ints equal floats.
func check_eq(actual, expected, message: String = "") -> bool:
	var same: bool = JSON.print(actual, "", true) == JSON.print(expected, "", true)
	if _is_number(actual) and _is_number(expected):
		same = abs(float(actual) - float(expected)) < 1e-6
	return check(same, "%s: expected %s, got %s" % [message, str(expected), str(actual)])


func check_has(container, value, message: String = "") -> bool:
	return check(value in container, "%s: %s not in %s" % [message, str(value), str(container)])


static func _is_number(value) -> bool:
	return typeof(value) == TYPE_INT or typeof(value) == TYPE_REAL


## Waits `count` idle frames (for layout, deferred calls and rendering).
func frames(count: int = 1) -> void:
	for _i in range(count):
		yield(get_tree(), "idle_frame")


## Waits `count` physics frames (for ray casts).
func physics_frames(count: int = 2) -> void:
	for _i in range(count):
		yield(get_tree(), "physics_frame")


func bridge() -> Node:
	return get_node("/root/Bridge")


## Resets the bridge to a clean offline state that records what it sends.
func reset_bridge() -> void:
	var b := bridge()
	b.auto_connect = false
	b.disconnect_from_runtime()
	b.record_outgoing = true
	b.outgoing_log.clear()
	b.state = {}
	b.state_version = -1
	b.user_id = ""
	b.room = ""
	b.voice_status = {}
	b.voice_frames_in = 0
	b.bad_voice_frames = 0


## The intents recorded by the bridge since the last reset, as {type, args}.
func sent_intents() -> Array:
	var out := []
	for msg in bridge().outgoing_log:
		if msg.get("t") == "intent":
			out.append({"type": msg["type"], "args": msg["args"]})
	return out


func last_intent() -> Dictionary:
	var intents := sent_intents()
	return intents[intents.size() - 1] if not intents.empty() else {}


## Feeds a runtime message (Dictionary) through the bridge's real parser.
func feed(msg: Dictionary) -> void:
	bridge().handle_text(JSON.print(msg))


func load_fixture(name: String):
	var file := File.new()
	file.open("res://tests/godot/fixtures/" + name, File.READ)
	var parsed := JSON.parse(file.get_as_text())
	file.close()
	return parsed.result


## Types `text` as key presses ("\n" is Enter), one physics frame apart.
func type_keys(text: String) -> void:
	for c in text:
		var key := InputEventKey.new()
		key.pressed = true
		key.scancode = KEY_ENTER if c == "\n" else OS.find_scancode_from_string(c)
		key.unicode = 0 if c == "\n" else ord(c)
		Input.parse_input_event(key)
		var up := key.duplicate()
		up.pressed = false
		Input.parse_input_event(up)
		yield(physics_frames(1), "completed")
