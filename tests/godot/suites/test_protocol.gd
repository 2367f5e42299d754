extends "res://tests/godot/lib/test_case.gd"
## Pure protocol helpers: decode/check every runtime message type, patches, locations, args.

const Protocol = preload("res://addons/bmm_bridge/protocol.gd")
const Cmdline = preload("res://addons/bmm_bridge/cmdline.gd")
const XrSetup = preload("res://player/xr_setup.gd")


func test_decode_rejects_garbage() -> void:
	check(not Protocol.decode("{not json")["ok"], "bad JSON is refused")
	check(not Protocol.decode("[1, 2]")["ok"], "a list is refused")
	check(not Protocol.decode("{\"x\": 1}")["ok"], "a message without t is refused")
	var ok := Protocol.decode("{\"t\": \"ping\", \"id\": 3}")
	check(ok["ok"], "ping decodes")
	check_eq(ok["msg"]["id"], 3.0, "numbers decode as floats")


func test_every_runtime_type_is_known() -> void:
	var samples := {
		"welcome": {"user_id": "u1"}, "state": {"version": 1}, "event": {"events": []},
		"patch": {"version": 2, "base": 1, "ops": []}, "ack": {"id": 1},
		"rejected": {"id": 1, "reason": "busy"}, "ping": {"id": 1}, "pong": {"id": 1},
		"rooms": {"rooms": []}, "joined": {"room": "r1"}, "poses": {"users": {}},
		"error": {"code": "x", "message": "y"}, "status": {"text": ""},
		"voice_status": {"available": false}, "room_saved": {"name": "observed 14-05"},
	}
	for kind in Protocol.FROM_RUNTIME:
		check(samples.has(kind), "sample for " + kind)
		var msg: Dictionary = samples.get(kind, {}).duplicate()
		msg["t"] = kind
		check_eq(Protocol.check_from_runtime(msg), "", kind + " is well-formed")
	check(Protocol.check_from_runtime({"t": "bogus"}) != "", "unknown type refused")
	check(Protocol.check_from_runtime({"t": "state"}) != "", "state without version refused")
	check(Protocol.check_from_runtime({"t": "rejected", "id": 1}) != "", "reason required")


func test_intent_shape() -> void:
	var msg := Protocol.intent(7, "skip_time", {"seconds": 1200}, 41)
	check_eq(msg, {"t": "intent", "id": 7, "type": "skip_time", "args": {"seconds": 1200},
			"version": 41}, "intent message")
	var round_trip = Protocol.decode(Protocol.encode(msg))["msg"]
	check_eq(round_trip["type"], "skip_time", "type survives JSON")
	check_eq(Protocol.pong_for({"t": "ping", "id": 4, "sent_ms": 9}),
			{"t": "pong", "id": 4, "sent_ms": 9}, "pong echoes the ping")
	check_has(Protocol.INTENTS, "take_from_shelf", "intent list")
	check_eq(Protocol.SKIP_STEPS_S, [1200, 3600, 14400, 28800], "time panel steps")


func test_apply_patch() -> void:
	var state := {"machines": {"coater": {"status": "idle"}}, "list": [1, 2]}
	var problem := Protocol.apply_patch(state, [
		{"op": "set", "path": ["machines", "coater", "status"], "value": "running"},
		{"op": "set", "path": ["machines", "calender", "status"], "value": "idle"},
		{"op": "set", "path": ["list", 2], "value": 3},
		{"op": "del", "path": ["list", 0]},
	])
	check_eq(problem, "", "patch applies")
	check_eq(state["machines"]["coater"]["status"], "running", "set replaces")
	check_eq(state["machines"]["calender"]["status"], "idle", "set creates")
	check_eq(state["list"], [2, 3], "array ops")
	check(Protocol.apply_patch(state, [{"op": "del", "path": ["nope", "x"]}]) != "",
			"missing path is reported")
	check(Protocol.apply_patch(state, [{"op": "move", "path": ["list"]}]) != "", "unknown op")


func test_locations() -> void:
	check_eq(Protocol.normalize_location("slot:coater:roll"),
			{"machine": "coater", "slot": "roll"}, "slot")
	check_eq(Protocol.normalize_location("hand:u1:left"), {"held_by": "u1", "hand": "left"},
			"hand")
	check_eq(Protocol.normalize_location("bench"), {"bench": true}, "bench")
	check_eq(Protocol.normalize_location("in:jr-1"), {"inside": "jr-1"}, "inside")
	check_eq(Protocol.normalize_location({"machine": "coater", "slot": "roll"}), {},
			"one form only: an object is not a location")
	check_eq(Protocol.normalize_location(null), {}, "null")


func test_cmdline_and_xr_names() -> void:
	var args := ["--path", ".", "--", "--bridge-port=9001", "--seated", "--xr=native_mobile"]
	check_eq(Cmdline.value_in(args, "bridge-port", "8765"), "9001", "value")
	check_eq(Cmdline.value_in(args, "bridge-host", "127.0.0.1"), "127.0.0.1", "default")
	check_eq(Cmdline.value_in(args, "seated"), "true", "bare flag")
	check_eq(XrSetup.candidates("native_mobile"), ["Native mobile"], "native mobile")
	check_eq(XrSetup.candidates("auto"), ["OpenXR", "OpenVR"], "auto tries the PC plugins")
	check_eq(XrSetup.candidates("none"), [], "none")
