extends "res://tests/godot/lib/test_case.gd"
## The bridge parses each incoming message type and emits the matching signal.

var got := {}


func before_each() -> void:
	reset_bridge()
	got = {}


func _record(a = null, b = null, key: String = "") -> void:
	got[key] = [a, b]


func _listen(signal_name: String, args: int) -> void:
	if args == 1:
		bridge().connect(signal_name, self, "_one", [signal_name], CONNECT_ONESHOT)
	else:
		bridge().connect(signal_name, self, "_two", [signal_name], CONNECT_ONESHOT)


func _one(a, key: String) -> void:
	got[key] = [a]


func _two(a, b, key: String) -> void:
	got[key] = [a, b]


func test_welcome_and_state() -> void:
	_listen("welcome_received", 1)
	_listen("state_received", 1)
	feed({"t": "welcome", "protocol": 1, "user_id": "u7", "room": "room-3"})
	check_eq(bridge().user_id, "u7", "user id")
	check_eq(bridge().room, "room-3", "room")
	check(got.has("welcome_received"), "welcome signal")
	feed({"t": "state", "version": 5, "sim_time_s": 60.0, "machines": {}})
	check(got.has("state_received"), "state signal")
	check_eq(bridge().state_version, 5, "version")
	check_eq(bridge().state.get("sim_time_s"), 60.0, "state kept")
	check(not bridge().state.has("t"), "message type stripped from the state")


func test_patch_applies_or_resyncs() -> void:
	feed({"t": "state", "version": 5, "machines": {"coater": {"status": "idle"}}})
	_listen("patch_received", 1)
	feed({"t": "patch", "version": 6, "base": 5,
			"ops": [{"op": "set", "path": ["machines", "coater", "status"], "value": "running"}]})
	check(got.has("patch_received"), "patch signal")
	check_eq(bridge().state["machines"]["coater"]["status"], "running", "patched")
	check_eq(bridge().state_version, 6, "version bumped")
	feed({"t": "patch", "version": 9, "base": 8, "ops": []})
	check_eq(bridge().state_version, 6, "stale patch ignored")
	var last: Dictionary = bridge().outgoing_log.back()
	check_eq(last.get("t"), "resync", "asks for a snapshot")
	check_eq(last.get("have"), 6, "says which version it has")


func test_events_ack_rejected() -> void:
	_listen("events_received", 1)
	feed({"t": "event", "version": 3, "events": [{"type": "machine_done", "machine": "coater"}]})
	check_eq(got.get("events_received", [[]])[0][0]["type"], "machine_done", "events")
	var intent_id: int = bridge().send_intent("start_machine", {"machine": "coater"})
	_listen("intent_acked", 2)
	feed({"t": "ack", "id": intent_id, "version": 4})
	check_eq(got.get("intent_acked", [-1])[0], intent_id, "ack id")
	var second: int = bridge().send_intent("grab", {"item": "pot-01", "hand": "right"})
	_listen("intent_rejected", 2)
	feed({"t": "rejected", "id": second, "type": "grab", "reason": "hand_full"})
	var rejected = got.get("intent_rejected", [{}, ""])
	check_eq(rejected[1], "hand_full", "reason")
	check_eq(rejected[0].get("type"), "grab", "the refused intent is passed back")


func test_ping_pong() -> void:
	feed({"t": "ping", "id": 12, "sent_ms": 99})
	var last: Dictionary = bridge().outgoing_log.back()
	check_eq(last, {"t": "pong", "id": 12.0, "sent_ms": 99.0}, "pong echoes")
	var ping_id: int = bridge().send_ping()
	_listen("pong_received", 2)
	feed({"t": "pong", "id": ping_id})
	check(got.has("pong_received"), "pong signal")
	check(bridge().last_rtt_ms >= 0.0, "round trip measured")


func test_rooms_joined_poses_error() -> void:
	_listen("rooms_received", 1)
	_listen("joined_room", 1)
	_listen("poses_received", 1)
	_listen("error_received", 2)
	feed({"t": "rooms", "rooms": [{"id": "r1", "name": "Room 1", "users": 2, "max_users": 6}]})
	check_eq(got.get("rooms_received", [[]])[0].size(), 1, "rooms")
	feed({"t": "joined", "room": "r1", "user_id": "u2"})
	check(got.has("joined_room"), "joined")
	check_eq(bridge().user_id, "u2", "joined sets the user")
	feed({"t": "poses", "users": {"u3": {"head": [0, 1.6, 0, 0, 0, 0, 1]}}})
	check(got.get("poses_received", [{}])[0].has("u3"), "poses")
	feed({"t": "error", "code": "bad_scene", "message": "no such scene"})
	check_eq(got.get("error_received", ["", ""]), ["bad_scene", "no such scene"], "error")


func test_bad_messages_are_counted_not_fatal() -> void:
	var before: int = bridge().bad_messages
	_listen("error_received", 2)
	bridge().handle_text("{oops")
	bridge().handle_text("{\"t\": \"teleport_everyone\"}")
	check_eq(bridge().bad_messages - before, 2, "two bad messages")
	check_eq(got.get("error_received", [""])[0], "bad_message", "reported as bad_message")


func test_offline_intent_is_rejected_locally_and_recorded() -> void:
	_listen("intent_rejected", 2)
	bridge().send_intent("skip_time", {"seconds": 1200})
	check(str(got.get("intent_rejected", [{}, ""])[1]).find("not connected") >= 0,
			"offline rejection")
	var msg: Dictionary = bridge().outgoing_log.back()
	check_eq(msg["t"], "intent", "recorded")
	check_eq(msg["args"], {"seconds": 1200}, "args")


func test_url_and_status_text() -> void:
	var b := bridge()
	b.set_url("ws://10.0.0.5:9100")
	check_eq(b.get_url(), "ws://10.0.0.5:9100", "url parsed")
	b.set_url("ws://127.0.0.1:8765")
	check(b.offline_text().find("bmm play") >= 0, "offline text says how to start the runtime")


func test_token_in_the_url_is_sent_but_never_shown() -> void:
	var b := bridge()
	b.set_url("ws://10.0.0.5:9100/?token=class-token_42")
	check_eq(b.get_url(), "ws://10.0.0.5:9100", "shown url has no token")
	check_eq(b.token, "class-token_42", "token taken from the url")
	check_eq(b.connect_url(), "ws://10.0.0.5:9100/?token=class-token_42", "connect url has it")
	check(b.offline_text().find("class-token") < 0, "the banner never shows the token")
	b.token = ""
	b.set_url("ws://127.0.0.1:8765")
	check_eq(b.connect_url(), "ws://127.0.0.1:8765", "no token on loopback")


func test_status_from_the_runtime_is_kept_for_the_banner() -> void:
	feed({"t": "status", "text": "Lost the lecture host at 10.0.0.5:8800: reconnecting…"})
	check_eq(bridge()._remote_status, "Lost the lecture host at 10.0.0.5:8800: reconnecting…",
			"status kept")
	feed({"t": "status", "text": ""})
	check_eq(bridge()._remote_status, "", "cleared")
