extends "res://tests/godot/lib/test_case.gd"
## Against ws_test_server.py (run.sh starts it and passes --bridge-port): the real WebSocket
## connection, hello with machine bindings, state, voice (1.5 s of a remote speaker's frames
## paced in real time, played through the real engine's mixer with --audio-driver Dummy; the
## mode and push-to-talk going out), intents, patch, ping, a dropped link with the on-screen
## message, and the reconnect. Not named test_*.gd: it needs the server.

const MachineView = preload("res://scenes/machines/machine_view.gd")
const VoiceLayer = preload("res://scenes/voice/voice_layer.gd")
## What ws_test_server.py sends on the first connection: VOICE_FRAMES frames of VOICE_SPEAKER.
const VOICE_SPEAKER = "u2"
const VOICE_FRAMES = 75
const PREFS_FILE = "user://test_live_voice.cfg"

var events := []
var rejections := []
var _first_version := -1
var _voice: Spatial = null


func test_live_connection() -> void:
	var b := bridge()
	b.record_outgoing = true
	var machine: Spatial = MachineView.new()
	machine.machine_id = "mixer_1"  # running in the runtime's fixture (make_fixtures.py)
	machine.py_script = "res://scripts_py/machines/mixer.py"
	add_child(machine)
	get_node("/root/Session").voice_mode = "ptt"
	_voice = VoiceLayer.new()
	add_child(_voice)
	_voice.prefs.use_file(PREFS_FILE)
	b.connect("events_received", self, "_on_events")
	b.connect("intent_rejected", self, "_on_rejected")
	b.auto_connect = true
	yield(_until("user_id == u1", funcref(self, "_greeted"), 10000), "completed")
	check_eq(b.user_id, "u1", "welcomed on the first connection")
	check(b.is_link_up(), "link up")
	check_eq(machine.get_status(), "running", "machine got its state over the socket")
	yield(_check_voice(), "completed")
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


## The speaker's frames came over the socket and played without a gap: every frame pushed into
## the generator, none dropped, no underrun once started, one talk spurt.
func _check_voice() -> void:
	yield(_until("voice frames", funcref(self, "_voice_done"), 8000), "completed")
	var stats: Dictionary = _voice.stats(VOICE_SPEAKER)
	print("live bridge voice: %s" % str(stats))
	check_eq(stats.get("frames_in"), VOICE_FRAMES, "every frame the runtime sent arrived")
	check_eq(stats.get("frames_pushed"), VOICE_FRAMES, "and was pushed into the generator")
	check_eq(stats.get("frames_dropped"), 0, "none dropped")
	check_eq(stats.get("frames_late"), 0, "none late")
	check_eq(stats.get("underruns"), 0, "no underrun once started")
	check_eq(stats.get("starts"), 1, "one talk spurt, no gap")
	check_eq(bridge().bad_voice_frames, 0, "no bad frames")
	check_eq(bridge().voice_status.get("device"), "test tone", "voice_status over the socket")
	check_eq(_voice.mic.indicator({"talk": "Hold V to talk"})["state"], "ready",
			"the indicator from it")
	# the generator holds 0.5 s at most: 1.5 s with nothing dropped means the mixer played it
	print("live bridge voice: %d frames still queued" % _voice.queued_frames(VOICE_SPEAKER))
	_voice.mic.set_talk(true)
	_voice.mic.set_talk(false)
	_voice.queue_free()
	Directory.new().remove(PREFS_FILE)


func _voice_done() -> bool:
	return int(_voice.stats(VOICE_SPEAKER).get("frames_in", 0)) >= VOICE_FRAMES


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
