extends Reference
## Pure helpers for the bridge's JSON text messages (see PROTOCOL.md): encode, decode, check,
## build intents and apply state patches. No I/O, so every function is testable headless.

const VERSION = 1
## Message types the runtime sends to Godot.
const FROM_RUNTIME = [
	"welcome", "state", "patch", "event", "ack", "rejected", "ping", "pong",
	"rooms", "joined", "poses", "error", "status", "voice_status", "room_saved",
]
## Message types Godot sends to the runtime.
const FROM_GODOT = [
	"hello", "bind", "intent", "resync", "ping", "pong", "pose", "list_rooms", "join", "leave",
	"voice", "save_room",
]
## Intents Godot may send; the runtime decides whether each one is allowed.
const INTENTS = [
	"grab", "release", "put_on_shelf", "place_in_slot", "take_from_shelf", "set_param",
	"start_machine", "skip_time", "hand_to", "find_egg",
]
## Microphone modes: push-to-talk, voice activity.
const VOICE_MODES = ["ptt", "vad"]
## Fields of voice_status and their types (every one optional but "available").
const VOICE_STATUS_FIELDS = {
	"available": TYPE_BOOL, "device": TYPE_STRING, "mode": TYPE_STRING, "muted": TYPE_BOOL,
	"talking": TYPE_BOOL, "live": TYPE_BOOL, "capturing": TYPE_BOOL, "level": TYPE_REAL,
	"problem": TYPE_STRING,
}
## Roles of the room view's users; an observer (the instructor in the game) is not counted
## among the students, may walk and look everywhere and save the room, and takes nothing.
const ROLES = ["student", "instructor", "observer"]
## A save name is 1..SAVE_NAME_MAX of these characters (the host's rule), starting with a
## letter or digit.
const SAVE_NAME_MAX = 40
const SAVE_NAME_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 ._-()"
## Error codes the runtime answers save_room with (else it answers room_saved).
const SAVE_ERRORS = ["save_refused", "not_observer"]
## The four time-skip steps of the time panel [s]: +20 min, +1 h, +4 h, +8 h.
const SKIP_STEPS_S = [1200, 3600, 14400, 28800]


static func encode(msg: Dictionary) -> String:
	return JSON.print(msg)


## Parses one text frame. Returns {"ok": true, "msg": {...}} or {"ok": false, "error": "..."}.
static func decode(text: String) -> Dictionary:
	var parsed := JSON.parse(text)
	if parsed.error != OK:
		return {"ok": false, "error": "bad JSON at line %d: %s" % [
			parsed.error_line, parsed.error_string]}
	var msg = parsed.result
	if typeof(msg) != TYPE_DICTIONARY:
		return {"ok": false, "error": "message is not a JSON object"}
	if typeof(msg.get("t")) != TYPE_STRING:
		return {"ok": false, "error": "message has no string field \"t\""}
	return {"ok": true, "msg": msg}


## An empty string when `msg` is a well-formed runtime→Godot message, else the reason.
static func check_from_runtime(msg: Dictionary) -> String:
	var kind: String = msg.get("t", "")
	if not kind in FROM_RUNTIME:
		return "unknown message type \"%s\"" % kind
	match kind:
		"state":
			if not _is_number(msg.get("version")):
				return "state without a numeric version"
		"patch":
			if not _is_number(msg.get("version")) or not _is_number(msg.get("base")):
				return "patch without numeric version/base"
			if typeof(msg.get("ops")) != TYPE_ARRAY:
				return "patch without an ops list"
		"event":
			if typeof(msg.get("events")) != TYPE_ARRAY:
				return "event without an events list"
		"rejected":
			if typeof(msg.get("reason")) != TYPE_STRING:
				return "rejected without a reason"
		"rooms":
			if typeof(msg.get("rooms")) != TYPE_ARRAY:
				return "rooms without a rooms list"
		"voice_status":
			return _voice_status_problem(msg)
		"room_saved":
			if typeof(msg.get("name")) != TYPE_STRING:
				return "room_saved without a name"
	return ""


static func _voice_status_problem(msg: Dictionary) -> String:
	if typeof(msg.get("available")) != TYPE_BOOL:
		return "voice_status without available true/false"
	for key in VOICE_STATUS_FIELDS:
		if not msg.has(key):
			continue
		var want: int = VOICE_STATUS_FIELDS[key]
		var fits: bool = _is_number(msg[key]) if want == TYPE_REAL else typeof(msg[key]) == want
		if not fits:
			return "voice_status.%s has the wrong type" % key
	if msg.has("mode") and not msg["mode"] in VOICE_MODES:
		return "voice_status.mode is not ptt or vad"
	return ""


static func hello(client_info: Dictionary, machines: Array) -> Dictionary:
	var msg := {"t": "hello", "protocol": VERSION, "machines": machines}
	for key in client_info:
		msg[key] = client_info[key]
	return msg


static func bind(machines: Array) -> Dictionary:
	return {"t": "bind", "machines": machines}


## {"t": "voice"} with any of talk (bool: push-to-talk held), mute (bool), mode ("ptt"|"vad");
## other keys and wrong types are left out.
static func voice(fields: Dictionary) -> Dictionary:
	var msg := {"t": "voice"}
	for key in ["talk", "mute"]:
		if typeof(fields.get(key)) == TYPE_BOOL:
			msg[key] = fields[key]
	if fields.get("mode") in VOICE_MODES:
		msg["mode"] = fields["mode"]
	return msg


## {"t": "save_room", "name": name}: the observer saves the room (check save_name_problem first).
static func save_room(name: String) -> Dictionary:
	return {"t": "save_room", "name": name}


## `text` as a save name: spaces collapsed, ends trimmed (as the host stores it).
static func save_name(text: String) -> String:
	var words := []
	for word in text.strip_edges().split(" ", false):
		words.append(word)
	return PoolStringArray(words).join(" ")


## "" when `name` (after save_name()) may be sent in save_room, else why not, in plain words.
static func save_name_problem(name: String) -> String:
	var clean := save_name(name)
	if clean == "":
		return "Type a name for the save"
	if clean.length() > SAVE_NAME_MAX:
		return "A save name has at most %d characters" % SAVE_NAME_MAX
	for i in range(clean.length()):
		if SAVE_NAME_CHARS.find(clean[i]) < 0:
			return "Use letters, digits, spaces and . _ - ( ) only (not “%s”)" % clean[i]
	if SAVE_NAME_CHARS.find(clean[0]) >= SAVE_NAME_CHARS.find(" "):
		return "A save name starts with a letter or a digit"
	return ""


static func intent(intent_id: int, kind: String, args: Dictionary, version: int) -> Dictionary:
	return {"t": "intent", "id": intent_id, "type": kind, "args": args, "version": version}


static func ping(ping_id: int, sent_ms: int) -> Dictionary:
	return {"t": "ping", "id": ping_id, "sent_ms": sent_ms}


## The pong that answers `ping_msg`: every field echoed, "t" changed.
static func pong_for(ping_msg: Dictionary) -> Dictionary:
	var msg := ping_msg.duplicate()
	msg["t"] = "pong"
	return msg


## Applies patch ops in place: {"op": "set"|"del", "path": [key, ...], "value": any}.
## Returns "" or the reason the patch could not be applied (state is then stale: resync).
static func apply_patch(state: Dictionary, ops: Array) -> String:
	for op in ops:
		if typeof(op) != TYPE_DICTIONARY or typeof(op.get("path")) != TYPE_ARRAY:
			return "patch op without a path"
		var path: Array = op["path"]
		if path.empty():
			return "patch op with an empty path"
		var parent = state
		for i in range(path.size() - 1):
			parent = _child(parent, path[i], op.get("op") == "set")
			if parent == null:
				return "patch path %s does not exist" % str(path)
		var last = path[path.size() - 1]
		match op.get("op"):
			"set":
				if not _put(parent, last, op.get("value")):
					return "cannot set %s" % str(path)
			"del":
				if typeof(parent) == TYPE_DICTIONARY:
					parent.erase(last)
				elif typeof(parent) == TYPE_ARRAY and _is_number(last):
					parent.remove(int(last))
			_:
				return "unknown patch op %s" % str(op.get("op"))
	return ""


## A location string ("slot:m:s", "hand:u:side", "bench", "floor", "shelf", "in:item") as an
## object. The runtime sends locations only as strings; anything else is no location ({}).
static func normalize_location(location) -> Dictionary:
	if typeof(location) != TYPE_STRING:
		return {}
	var parts = location.split(":")
	match parts[0]:
		"slot":
			if parts.size() >= 3:
				return {"machine": parts[1], "slot": parts[2]}
		"hand":
			if parts.size() >= 3:
				return {"held_by": parts[1], "hand": parts[2]}
		"in":
			return {"inside": parts[1] if parts.size() > 1 else ""}
		"shelf", "bench", "floor":
			return {parts[0]: true}
	return {}


static func _child(node, key, create: bool):
	if typeof(node) == TYPE_DICTIONARY:
		if not node.has(key) and create:
			node[key] = {}
		return node.get(key)
	if typeof(node) == TYPE_ARRAY and _is_number(key) and int(key) < node.size():
		return node[int(key)]
	return null


static func _put(node, key, value) -> bool:
	if typeof(node) == TYPE_DICTIONARY:
		node[key] = value
		return true
	if typeof(node) == TYPE_ARRAY and _is_number(key) and int(key) <= node.size():
		if int(key) == node.size():
			node.append(value)
		else:
			node[int(key)] = value
		return true
	return false


static func _is_number(value) -> bool:
	return typeof(value) == TYPE_INT or typeof(value) == TYPE_REAL
