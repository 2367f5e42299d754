extends "res://tests/godot/lib/test_case.gd"
## Against ws_test_server.py (run.sh starts it and passes --bridge-port): the real WebSocket
## connection, hello with machine bindings, state, intents, patch, ping, a dropped link with the
## on-screen message, and the reconnect. Not named test_*.gd: it needs the server.

const MachineView = preload("res://scenes/machines/machine_view.gd")

var events := []
var rejections := []
var _first_version := -1


func test_live_connection() -> void:
	var b := bridge()
	b.record_outgoing = true
	var machine: Spatial = MachineView.new()
	machine.machine_id = "mixer_1"  # running in the runtime's fixture (make_fixtures.py)
	machine.py_script = "res://scripts_py/machines/mixer.py"
	add_child(machine)
	b.connect("events_received", self, "_on_events")
	b.connect("intent_rejected", self, "_on_rejected")
	b.auto_connect = true
	yield(_until("user_id == u1", funcref(self, "_greeted"), 10000), "completed")
	check_eq(b.user_id, "u1", "welcomed on the first connection")
	check(b.is_link_up(), "link up")
	check_eq(machine.get_status(), "running", "machine got its state over the socket")
	_first_version = b.state_version
	var sim_before := float(b.state.get("sim_time_s", 0.0))
	b.send_intent("skip_time", {"seconds": 3600})
	yield(_until("echo event", funcref(self, "_echoed"), 5000), "completed")
	check_eq(events.back().get("intent", {}).get("type"), "skip_time", "runtime saw the intent")
	yield(_until("patch", funcref(self, "_patched"), 5000), "completed")
	check_eq(float(b.state.get("sim_time_s", 0.0)), sim_before + 3600.0, "patch applied")
	b.send_intent("grab", {"item": "nope", "hand": "right"})
	yield(_until("rejection", funcref(self, "_rejected"), 5000), "completed")
	check_eq(rejections.back()[1], "no such item", "rejection reason")
	check_eq(rejections.back()[0].get("args", {}).get("item"), "nope", "rejected intent args")
	b.send_ping()
	yield(_until("pong", funcref(self, "_ponged"), 5000), "completed")
	check(b.last_rtt_ms >= 0.0 and b.last_rtt_ms < 1000.0, "rtt %.2f ms" % b.last_rtt_ms)
	print("live bridge rtt_ms=%.3f" % b.last_rtt_ms)
	yield(_until("link down", funcref(self, "_down"), 5000), "completed")
	check(not b.is_link_up(), "server closed the link")
	yield(_until("banner", funcref(self, "_banner"), 5000), "completed")
	var banner: String = b.get_status_text()
	check(banner.find("Lost the Python runtime") >= 0, "runtime-gone message: " + banner)
	yield(_until("reconnected", funcref(self, "_reconnected"), 15000), "completed")
	check_eq(b.user_id, "u2", "welcomed again after reconnecting")
	yield(frames(2), "completed")
	check_eq(b.get_status_text(), "", "message gone once back")
	machine.queue_free()
	b.auto_connect = false
	b.disconnect_from_runtime()


func _on_events(list: Array) -> void:
	events += list


func _on_rejected(intent: Dictionary, reason: String) -> void:
	rejections.append([intent, reason])


func _greeted() -> bool:
	return bridge().user_id == "u1" and bridge().state_version >= 0


func _echoed() -> bool:
	return not events.empty()


func _patched() -> bool:
	return bridge().state_version > _first_version


func _rejected() -> bool:
	return not rejections.empty()


func _ponged() -> bool:
	return bridge().last_rtt_ms >= 0.0


func _down() -> bool:
	return not bridge().is_link_up()


func _banner() -> bool:
	return bridge().get_status_text() != ""


func _reconnected() -> bool:
	return bridge().user_id == "u2" and bridge().is_link_up()


## Waits until `condition` is true (checked every frame) or `timeout_ms` passes.
func _until(what: String, condition: FuncRef, timeout_ms: int) -> void:
	yield(get_tree(), "idle_frame")
	var started := OS.get_ticks_msec()
	while not condition.call_func():
		if OS.get_ticks_msec() - started > timeout_ms:
			failures.append("timed out waiting for " + what)
			return
		yield(get_tree(), "idle_frame")
