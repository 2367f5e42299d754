extends Node
## Autoload "Bridge": the one WebSocket link from this Godot client to the Python runtime.
##
## Connects to ws://HOST:PORT (`-- --bridge-host=H --bridge-port=P`, or `--bridge-url=ws://...`;
## default ws://127.0.0.1:8765), reconnects with backoff, shows a banner while the runtime is
## gone, and turns every incoming JSON message into a signal. Views never decide outcomes: they
## call send_intent() and show the state the runtime sends back. See PROTOCOL.md.

## Connected to the runtime at `url`.
signal connected(url)
## The link dropped (or a connection attempt failed after having been up).
signal disconnected(url)
## Text of the on-screen status message; "" when the runtime is reachable.
signal status_changed(text)
## Any well-formed message from the runtime, before it is dispatched.
signal message_received(msg)
## A message just sent (or recorded, see record_outgoing).
signal message_sent(msg)
## The runtime greeted us: msg has user_id, room, protocol.
signal welcome_received(msg)
## The full room state changed (snapshot received or patch applied).
signal state_received(state)
## A patch was applied; `msg` is the patch message.
signal patch_received(msg)
## Events for effects and toasts (machine finished, item made, ...).
signal events_received(events)
## The runtime accepted intent `intent_id`; state `version` follows.
signal intent_acked(intent_id, version)
## The runtime (or the bridge: offline, or this seat is an observer) refused `intent` (the
## sent message) for `reason`.
signal intent_rejected(intent, reason)
## The room directory: [{id, name, users, max_users}, ...].
signal rooms_received(rooms)
## The runtime put us into a room.
signal joined_room(msg)
## Poses of the other users: {user_id: {head, left, right}}.
signal poses_received(users)
## Our ping `ping_id` came back after `rtt_ms`.
signal pong_received(ping_id, rtt_ms)
## The runtime reported an error, or a message could not be understood.
signal error_received(code, message)
## A binary frame arrived (before it is parsed).
signal binary_received(bytes)
## A well-formed voice frame from the runtime (voice_frame.gd parse(): speaker, sequence,
## sample_rate, samples, level, room_wide, concealed, pcm). Malformed ones are counted in
## bad_voice_frames and dropped.
signal voice_frame_received(frame)
## The runtime saved the room under `name` (the answer to save_room; a refusal comes as
## error_received with a code of Protocol.SAVE_ERRORS).
signal room_saved(name)
## The runtime's microphone status changed (voice_status without "t"); {} when the runtime is
## gone (no voice).
signal voice_status_received(status)

## Poses go out at most this often [ms] (30 Hz).
const POSE_INTERVAL_MS = 33
## A ping goes out this often while connected [s]: the runtime closes seats it does not hear
## from for 30 s, so a seat that only idles must still say it is there.
const HEARTBEAT_S = 5.0
const Cmdline = preload("cmdline.gd")
const Protocol = preload("protocol.gd")
const VoiceFrame = preload("voice_frame.gd")
const StatusBanner = preload("status_banner.gd")

const DEFAULT_HOST = "127.0.0.1"
const DEFAULT_PORT = 8765
const MIN_BACKOFF_S = 0.25
const MAX_BACKOFF_S = 5.0
const BANNER_DELAY_S = 1.5
const BUFFER_KB = 4096
const MAX_PACKETS = 4096
## Refused voice frames are logged one by one up to this many (50 arrive per second).
const VOICE_WARNINGS = 5
## Why an observer seat's intents stay here (the runtime would refuse them: observers take and
## use nothing).
const OBSERVER_REFUSAL = "Observers look, they do not take"

## Host of the runtime; a thin client may point at another PC.
var host: String = DEFAULT_HOST
## Port of the runtime.
var port: int = DEFAULT_PORT
## Access token of a runtime on another PC (`--bridge-token=T` or `?token=T` in the URL);
## sent in the URL, never shown.
var token: String = ""
## Connect (and reconnect) on its own. False with `--no-bridge` (offline previews, tests).
var auto_connect := true
## Keep a copy of every outgoing message in outgoing_log (tests).
var record_outgoing := false
var outgoing_log := []
## Latest full room state (plain JSON data as the runtime sent it) and its version.
var state := {}
var state_version := -1
## Our user id in the room (from "welcome"); "" until greeted.
var user_id := ""
var room := ""
## Extra fields for the hello message (name, avatar, xr, scene), set by the session.
var client_info := {}
## Last round-trip time of a ping [ms], -1 before the first pong.
var last_rtt_ms := -1.0
var messages_in := 0
var bad_messages := 0
## The runtime's latest voice_status (without "t"); {} until one arrives: voice is off.
var voice_status := {}
## Voice frames received and passed on, and malformed ones dropped.
var voice_frames_in := 0
var bad_voice_frames := 0

var _client: WebSocketClient = null
var _link_up := false
var _connecting := false
var _ever_connected := false
var _backoff_s := MIN_BACKOFF_S
var _retry_in_s := 0.0
var _down_for_s := 0.0
var _status_text := ""
var _remote_status := ""
var _machines := {}
var _bind_dirty := false
var _last_pose_ms := -1000000
var _heartbeat_in_s := HEARTBEAT_S
var _next_intent_id := 1
var _next_ping_id := 1
var _pings := {}
var _pending := {}
var _banner: CanvasLayer = null


func _ready() -> void:
	pause_mode = Node.PAUSE_MODE_PROCESS
	var url := Cmdline.value("bridge-url", "")
	if url != "":
		set_url(url)
	host = Cmdline.value("bridge-host", host)
	port = int(Cmdline.value("bridge-port", str(port)))
	token = Cmdline.value("bridge-token", token)
	if Cmdline.flag("no-bridge"):
		auto_connect = false
	_banner = StatusBanner.new()
	add_child(_banner)


## "ws://host:port" of the runtime (what the user is shown; the token stays hidden).
func get_url() -> String:
	return "ws://%s:%d" % [host, port]


## The URL the bridge connects to: get_url() plus the access token when there is one.
func connect_url() -> String:
	if token == "":
		return get_url()
	return "%s/?token=%s" % [get_url(), token.http_escape()]


## Points the bridge at `ws_url` (ws://host:port[/?token=T]); reconnects if it was connected.
func set_url(ws_url: String) -> void:
	var query := ws_url.find("?token=")
	if query >= 0:
		token = ws_url.substr(query + 7, ws_url.length() - query - 7).split("&")[0].http_unescape()
	var rest := ws_url.trim_prefix("ws://").split("/")[0].split("?")[0]
	var colon := rest.find_last(":")
	if colon > 0:
		host = rest.substr(0, colon)
		port = int(rest.substr(colon + 1, rest.length() - colon - 1))
	elif rest != "":
		host = rest
	if _client != null:
		disconnect_from_runtime()
		_retry_in_s = 0.0


## Calls `method` of `target` with the room state now (when there is one) and on every new
## state: the one way views follow the room.
func follow_state(target: Object, method: String) -> void:
	connect("state_received", target, method)
	if not state.empty():
		target.call(method, state)


func is_link_up() -> bool:
	return _link_up


func connect_to_runtime() -> void:
	disconnect_from_runtime()
	_client = WebSocketClient.new()
	if _client.has_method("set_buffers"):
		_client.set_buffers(BUFFER_KB, MAX_PACKETS, BUFFER_KB, MAX_PACKETS)
	_client.connect("connection_established", self, "_on_connection_established")
	_client.connect("connection_error", self, "_on_connection_failed")
	_client.connect("connection_closed", self, "_on_connection_closed")
	_client.connect("server_close_request", self, "_on_server_close_request")
	_client.connect("data_received", self, "_on_data_received")
	var err := _client.connect_to_url(connect_url())
	_connecting = err == OK
	if err != OK:
		_on_connection_failed()


func disconnect_from_runtime() -> void:
	if _client != null:
		var old := _client
		_client = null
		old.disconnect_from_host(1000, "client closing")
	if _link_up:
		_link_up = false
		_clear_voice_status()
		emit_signal("disconnected", get_url())
	_connecting = false


func _process(delta: float) -> void:
	if _client != null:
		var client := _client  # keeps the client alive if a signal handler drops it
		client.poll()
	if _bind_dirty and _link_up:
		_bind_dirty = false
		send_message(Protocol.bind(machine_bindings()))
	if _link_up:
		_down_for_s = 0.0
		_set_status(_remote_status)
		_heartbeat_in_s -= delta
		if _heartbeat_in_s <= 0.0:
			_heartbeat_in_s = HEARTBEAT_S
			send_ping()
		return
	_down_for_s += delta
	if not auto_connect:
		return
	if not _connecting:
		_retry_in_s -= delta
		if _retry_in_s <= 0.0:
			connect_to_runtime()
	if _down_for_s >= BANNER_DELAY_S:
		_set_status(offline_text())


func offline_text() -> String:
	var retry := "retrying in %.0f s" % max(_retry_in_s, 0.0)
	if _connecting:
		retry = "connecting…"
	if _ever_connected:
		return (
			"Lost the Python runtime at %s — %s.\n" % [get_url(), retry]
			+ "What you see is the last state; nothing you do is saved until it is back."
		)
	return (
		"No Python runtime at %s — %s.\n" % [get_url(), retry]
		+ "Start the game with `bmm play` (it starts the runtime, then Godot)."
	)


func _set_status(text: String) -> void:
	if text == _status_text:
		return
	_status_text = text
	if _banner != null:
		_banner.show_text(text)
	emit_signal("status_changed", text)


## The on-screen status text ("" when connected or offline by choice).
func get_status_text() -> String:
	return _status_text


func _on_connection_established(_protocol: String) -> void:
	_link_up = true
	_connecting = false
	_ever_connected = true
	_backoff_s = MIN_BACKOFF_S
	_client.get_peer(1).set_write_mode(WebSocketPeer.WRITE_MODE_TEXT)
	send_message(Protocol.hello(_hello_info(), machine_bindings()))
	_bind_dirty = false
	emit_signal("connected", get_url())


func _on_connection_failed() -> void:
	_connecting = false
	_client = null
	_schedule_retry()


func _on_connection_closed(_was_clean: bool) -> void:
	var was_up := _link_up
	_link_up = false
	_connecting = false
	_client = null
	_schedule_retry()
	if was_up:
		_clear_voice_status()
		emit_signal("disconnected", get_url())


func _on_server_close_request(_code: int, _reason: String) -> void:
	pass


func _schedule_retry() -> void:
	_retry_in_s = _backoff_s
	_backoff_s = min(_backoff_s * 2.0, MAX_BACKOFF_S)


func _on_data_received() -> void:
	if _client == null:
		return
	var peer := _client.get_peer(1)
	while peer.get_available_packet_count() > 0:
		var bytes := peer.get_packet()
		if peer.was_string_packet():
			handle_text(bytes.get_string_from_utf8())
		else:
			handle_binary(bytes)


## Parses and dispatches one text message from the runtime. Public so tests can inject frames.
func handle_text(text: String) -> void:
	var decoded := Protocol.decode(text)
	if not decoded["ok"]:
		_bad_message(decoded["error"])
		return
	var msg: Dictionary = decoded["msg"]
	var problem := Protocol.check_from_runtime(msg)
	if problem != "":
		_bad_message(problem)
		return
	messages_in += 1
	emit_signal("message_received", msg)
	call("_on_msg_" + msg["t"], msg)


## Parses one binary frame from the runtime (a voice frame) and emits voice_frame_received; a
## malformed frame is counted in bad_voice_frames and dropped. Public so tests can inject frames.
func handle_binary(bytes: PoolByteArray) -> void:
	emit_signal("binary_received", bytes)
	var parsed := VoiceFrame.parse(bytes)
	if not parsed["ok"]:
		bad_voice_frames += 1
		if bad_voice_frames <= VOICE_WARNINGS:
			push_warning("bridge: dropped a voice frame: " + parsed["error"])
		return
	voice_frames_in += 1
	emit_signal("voice_frame_received", parsed["frame"])


func _bad_message(reason: String) -> void:
	bad_messages += 1
	push_warning("bridge: ignored a message: " + reason)
	emit_signal("error_received", "bad_message", reason)


func _on_msg_welcome(msg: Dictionary) -> void:
	user_id = str(msg.get("user_id", ""))
	room = str(msg.get("room", ""))
	emit_signal("welcome_received", msg)


func _on_msg_state(msg: Dictionary) -> void:
	var snapshot := msg.duplicate(true)
	snapshot.erase("t")
	state = snapshot
	state_version = int(msg["version"])
	emit_signal("state_received", state)


func _on_msg_patch(msg: Dictionary) -> void:
	if int(msg["base"]) != state_version:
		send_message({"t": "resync", "have": state_version})
		return
	var problem := Protocol.apply_patch(state, msg["ops"])
	if problem != "":
		push_warning("bridge: patch failed (%s); asking for a snapshot" % problem)
		send_message({"t": "resync", "have": state_version})
		return
	state_version = int(msg["version"])
	state["version"] = state_version
	emit_signal("patch_received", msg)
	emit_signal("state_received", state)


func _on_msg_event(msg: Dictionary) -> void:
	emit_signal("events_received", msg["events"])


func _on_msg_ack(msg: Dictionary) -> void:
	var intent_id := int(msg.get("id", -1))
	_pending.erase(intent_id)
	emit_signal("intent_acked", intent_id, int(msg.get("version", state_version)))


func _on_msg_rejected(msg: Dictionary) -> void:
	var intent_id := int(msg.get("id", -1))
	var echoed := {"id": intent_id, "type": msg.get("type", ""), "args": msg.get("args", {})}
	var intent: Dictionary = _pending.get(intent_id, echoed)
	_pending.erase(intent_id)
	emit_signal("intent_rejected", intent, msg["reason"])


func _on_msg_ping(msg: Dictionary) -> void:
	send_message(Protocol.pong_for(msg))


func _on_msg_pong(msg: Dictionary) -> void:
	var ping_id := int(msg.get("id", -1))
	if not _pings.has(ping_id):
		return
	var sent_us: int = _pings[ping_id]
	_pings.erase(ping_id)
	last_rtt_ms = (OS.get_ticks_usec() - sent_us) / 1000.0
	emit_signal("pong_received", ping_id, last_rtt_ms)


func _on_msg_rooms(msg: Dictionary) -> void:
	emit_signal("rooms_received", msg["rooms"])


func _on_msg_joined(msg: Dictionary) -> void:
	room = str(msg.get("room", room))
	if msg.has("user_id"):
		user_id = str(msg["user_id"])
	emit_signal("joined_room", msg)


func _on_msg_poses(msg: Dictionary) -> void:
	emit_signal("poses_received", msg.get("users", {}))


## A problem beyond the runtime (a lost lecture host): shown in the banner until it clears.
func _on_msg_status(msg: Dictionary) -> void:
	_remote_status = str(msg.get("text", ""))


func _on_msg_voice_status(msg: Dictionary) -> void:
	var status := msg.duplicate()
	status.erase("t")
	voice_status = status
	emit_signal("voice_status_received", status)


func _clear_voice_status() -> void:
	if not voice_status.empty():
		voice_status = {}
		emit_signal("voice_status_received", voice_status)


func _on_msg_room_saved(msg: Dictionary) -> void:
	emit_signal("room_saved", msg["name"])


func _on_msg_error(msg: Dictionary) -> void:
	var message := str(msg.get("message", ""))
	push_warning("bridge: runtime error: " + message)
	emit_signal("error_received", str(msg.get("code", "error")), message)


## Sends one message (a Dictionary with "t"). Returns false when the runtime is not connected.
func send_message(msg: Dictionary) -> bool:
	if record_outgoing:
		outgoing_log.append(msg.duplicate(true))
	emit_signal("message_sent", msg)
	if not _link_up or _client == null:
		return false
	var err := _client.get_peer(1).put_packet(Protocol.encode(msg).to_utf8())
	return err == OK


## Sends what the user did. Returns the intent id (acks and rejections carry it). An
## observer seat sends none: intent_rejected says why at once.
func send_intent(kind: String, args: Dictionary = {}) -> int:
	var intent_id := _next_intent_id
	_next_intent_id += 1
	var msg := Protocol.intent(intent_id, kind, args, state_version)
	if is_observer():
		emit_signal("intent_rejected", msg, OBSERVER_REFUSAL)
		return intent_id
	_pending[intent_id] = msg
	if not send_message(msg):
		_pending.erase(intent_id)
		emit_signal("intent_rejected", msg, "not connected to the Python runtime")
	return intent_id


## True when the room view lists this seat (user_id) with role "observer" (the instructor in
## the game): not counted among the students, takes nothing, saves the room (send_message of
## Protocol.save_room; the answer comes as room_saved or error_received).
func is_observer() -> bool:
	var users = state.get("users", {})
	var me = users.get(user_id) if typeof(users) == TYPE_DICTIONARY and user_id != "" else null
	return typeof(me) == TYPE_DICTIONARY and me.get("role") == "observer"


## Sends a ping; the pong's round trip arrives as pong_received. Returns the ping id.
func send_ping() -> int:
	var ping_id := _next_ping_id
	_next_ping_id += 1
	_pings[ping_id] = OS.get_ticks_usec()
	send_message(Protocol.ping(ping_id, OS.get_ticks_msec()))
	return ping_id


## Head and hand poses of this user, each [x, y, z, qx, qy, qz, qw] (never logged).
## Sends the local avatar's pose, at most once per POSE_INTERVAL_MS: seats call it every frame.
func send_pose(head: Transform, left: Transform, right: Transform) -> void:
	var now := OS.get_ticks_msec()
	if not _link_up or now - _last_pose_ms < POSE_INTERVAL_MS:
		return
	_last_pose_ms = now
	var msg := {"t": "pose", "head": _pose(head), "left": _pose(left), "right": _pose(right)}
	_client.get_peer(1).put_packet(Protocol.encode(msg).to_utf8())


func _pose(xf: Transform) -> Array:
	var q := xf.basis.get_rotation_quat()
	return [xf.origin.x, xf.origin.y, xf.origin.z, q.x, q.y, q.z, q.w]


## Called by machine nodes entering the tree; the runtime learns the binding by hello/bind.
func register_machine(node: Node) -> void:
	_machines[node.machine_id] = node
	_bind_dirty = true


func unregister_machine(node: Node) -> void:
	if _machines.get(node.machine_id) == node:
		_machines.erase(node.machine_id)
		_bind_dirty = true


## The registered machine node for `machine_id`, or null.
func get_machine(machine_id: String) -> Node:
	return _machines.get(machine_id)


## What hello/bind send: [{id, py_script, kind, node_path}] sorted by id.
func machine_bindings() -> Array:
	var out := []
	var ids := _machines.keys()
	ids.sort()
	for machine_id in ids:
		out.append(_machines[machine_id].binding())
	return out


func _hello_info() -> Dictionary:
	var info := {
		"client": "godot",
		"engine": Engine.get_version_info().get("string", "3.x"),
	}
	for key in client_info:
		info[key] = client_info[key]
	return info
