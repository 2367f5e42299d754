extends "res://tests/godot/lib/test_case.gd"
## Voice chat on the seat, with the runtime's own frames (fixtures/voice_frames.json from
## make_fixtures.py): the parser, voices played at the speakers' heads with a capped distance
## gain, room-wide voices, per-user volume and mute kept in a file, the speaking sign, the
## microphone indicator from voice_status, push-to-talk keys and buttons, the home screen's
## mode, and a room with no voice at all.

const DryRoom = preload("res://scenes/dry_room/dry_room.tscn")
const HomeScreen = preload("res://scenes/home/home_screen.tscn")
const VrRig = preload("res://player/vr/vr_rig.tscn")
const VoiceFrame = preload("res://addons/bmm_bridge/voice_frame.gd")
const Protocol = preload("res://addons/bmm_bridge/protocol.gd")
const VoiceLayer = preload("res://scenes/voice/voice_layer.gd")
const VoicePrefs = preload("res://scenes/voice/voice_prefs.gd")
const MicControl = preload("res://scenes/voice/mic_control.gd")
const PREFS_FILE = "user://test_voice_prefs.cfg"
const SETTINGS_FILE = "user://test_settings.cfg"
const READY = {"t": "voice_status", "available": true, "device": "test", "mode": "ptt",
		"muted": false, "talking": false, "live": false, "capturing": false, "level": 0.0,
		"problem": ""}

var voice: Dictionary
var room: Spatial
var layer: Spatial
var frames_seen := []
var _session_before := {}


func before_each() -> void:
	reset_bridge()
	voice = load_fixture("voice_frames.json")
	for path in [PREFS_FILE, SETTINGS_FILE]:
		Directory.new().remove(path)
	var session := get_node("/root/Session")
	_session_before = {"path": session.settings_path, "mode": session.voice_mode}
	session.settings_path = SETTINGS_FILE
	session.voice_mode = "ptt"


func after_each() -> void:
	var session := get_node("/root/Session")
	session.settings_path = _session_before["path"]
	session.voice_mode = _session_before["mode"]
	for path in [PREFS_FILE, SETTINGS_FILE]:
		Directory.new().remove(path)
	reset_bridge()


func _open_room() -> void:
	room = DryRoom.instance()
	room.xr_request = "none"
	add_child(room)
	layer = room.voice
	layer.prefs.use_file(PREFS_FILE)
	room.load_state_file("res://tests/godot/fixtures/session_full.json")


func _bytes(entry: Dictionary) -> PoolByteArray:
	return Marshalls.base64_to_raw(entry["b64"]) if entry["b64"] != "" else PoolByteArray()


func _good(name: String) -> Dictionary:
	for entry in voice["good"]:
		if entry["name"] == name:
			return entry
	return {}


## The five tone frames of Ben, through the bridge's real parser.
func _feed_tone() -> void:
	for k in range(5):
		bridge().handle_binary(_bytes(_good("tone %d/5" % (k + 1))))


## Tone frame `k` as parsed, renumbered to `sequence` (more frames of the same voice).
func _tone_frame(k: int, sequence: int) -> Dictionary:
	var frame: Dictionary = VoiceFrame.parse(_bytes(_good("tone %d/5" % (k % 5 + 1))))["frame"]
	frame["sequence"] = sequence
	return frame


func _voice_messages() -> Array:
	var out := []
	for msg in bridge().outgoing_log:
		if msg.get("t") == "voice":
			out.append(msg)
	return out


func _key(scancode: int, pressed: bool, echo: bool = false) -> void:
	var key := InputEventKey.new()
	key.scancode = scancode
	key.pressed = pressed
	key.echo = echo
	Input.parse_input_event(key)
	yield(physics_frames(2), "completed")


## Waits `ms` of wall-clock time (a timer would count the long first frame after loading the
## room).
func _wait_ms(ms: int) -> void:
	var until := OS.get_ticks_msec() + ms
	yield(get_tree(), "idle_frame")
	while OS.get_ticks_msec() < until:
		yield(get_tree(), "idle_frame")


func _on_frame(frame: Dictionary) -> void:
	frames_seen.append(frame)


func test_the_parser_reads_the_runtimes_frames() -> void:
	check(voice["good"].size() >= 7, "good frames in the fixture")
	for entry in voice["good"]:
		var parsed := VoiceFrame.parse(_bytes(entry))
		if not check(parsed["ok"], "%s: %s" % [entry["name"], parsed.get("error")]):
			continue
		var frame: Dictionary = parsed["frame"]
		for key in ["speaker", "sequence", "sample_rate", "samples", "level", "room_wide",
				"concealed"]:
			check_eq(frame[key], entry[key], "%s: %s" % [entry["name"], key])
		check_eq(frame["pcm"].size(), 2 * int(entry["samples"]), entry["name"] + ": pcm bytes")
	var tone := PoolVector2Array()
	for k in range(5):
		tone.append_array(VoiceFrame.to_stereo(_tone_frame(k, k)["pcm"]))
	check_eq(tone.size(), 2400, "100 ms of samples")
	var peak := 0.0
	var crossings := 0
	for i in range(tone.size()):
		peak = max(peak, abs(tone[i].x))
		if tone[i].x != tone[i].y:
			failures.append("sample %d differs left and right" % i)
			break
		if i > 0 and (tone[i - 1].x < 0.0) != (tone[i].x < 0.0):
			crossings += 1
	check(abs(peak - float(voice["tone_amplitude"]) / 32768.0) < 0.002, "peak %.4f" % peak)
	check(abs(crossings - 88) <= 2, "440 Hz: %d zero crossings in 100 ms" % crossings)


func test_the_parser_refuses_every_malformed_frame() -> void:
	check(voice["bad"].size() >= 15, "malformed frames in the fixture")
	bridge().connect("voice_frame_received", self, "_on_frame")
	var before: int = bridge().bad_voice_frames
	for entry in voice["bad"]:
		var parsed := VoiceFrame.parse(_bytes(entry))
		check(not parsed["ok"], "refused: " + entry["why"])
		check(str(parsed.get("error", "")) != "", entry["why"] + " says why")
		bridge().handle_binary(_bytes(entry))
	check_eq(bridge().bad_voice_frames - before, voice["bad"].size(), "each one counted")
	check(frames_seen.empty(), "none passed on")
	var why := VoiceFrame.parse(_bytes(voice["bad"][2]))
	check(str(why.get("error")).begins_with("kind"), "the reason names the field: %s" % why)
	bridge().handle_binary(_bytes(_good("tone 1/5")))
	check_eq(frames_seen.size(), 1, "a good frame after bad ones still passes")
	bridge().disconnect("voice_frame_received", self, "_on_frame")


func test_a_speakers_voice_plays_at_their_head() -> void:
	_open_room()
	_feed_tone()
	var stats: Dictionary = layer.stats("u2")
	check_eq(stats.get("frames_pushed"), 5, "five frames pushed")
	check_eq(stats.get("frames_dropped"), 0, "none dropped")
	check_eq(layer.bad_frames(), 0, "no bad frames")
	var player = layer.player_of("u2")
	check(player is AudioStreamPlayer3D, "a positional player")
	if not player is AudioStreamPlayer3D:
		return
	check(stats.get("playing"), "playing from the first frame")
	check_eq(stats.get("starts"), 1, "five frames arriving together are one talk spurt")
	check(player.stream is AudioStreamGenerator, "fed by a generator")
	check_eq(player.stream.mix_rate, 24000.0, "at the frame's rate")
	check(abs(player.stream.buffer_length - 0.5) < 0.001, "a 0.5 s buffer")
	check_eq(player.attenuation_model, AudioStreamPlayer3D.ATTENUATION_DISABLED,
			"the engine only pans; distance is ours")
	check(layer.queued_frames("u2") >= 5 * 480, "the tone waits in the generator")
	var avatars: Spatial = room.get_node("Avatars")
	avatars.show_poses({"u2": {"head": [3.0, 1.6, 2.0, 0, 0, 0, 1]}})
	for k in range(8):
		layer.play_frame(_tone_frame(k, 200 + k))
		yield(frames(1), "completed")
	var head: Vector3 = avatars.head_node("u2").global_transform.origin
	check(player.global_transform.origin.distance_to(head) < 0.01,
			"at Ben's head: %s vs %s" % [player.global_transform.origin, head])
	check(head.distance_to(Vector3(3.0, 1.6, 2.0)) < 0.5, "the head moved to its pose")
	check(player.playing, "the engine plays it")
	layer.play_frame(_tone_frame(0, 300))
	layer.play_frame(_tone_frame(1, 299))
	layer.play_frame(_tone_frame(1, 300))
	check_eq(layer.stats("u2").get("frames_late"), 2, "late and repeated frames are dropped")
	layer.play_frame(_tone_frame(0, 0))
	check_eq(layer.stats("u2").get("frames_late"), 2, "a far jump back (a restart) plays")
	var own := _tone_frame(0, 1)
	own["speaker"] = "u1"
	layer.play_frame(own)
	check(layer.stats("u1").empty(), "our own voice never plays")


func test_a_full_buffer_drops_frames_and_counts_them() -> void:
	_open_room()
	for k in range(40):
		layer.play_frame(_tone_frame(k, 500 + k))
	var stats: Dictionary = layer.stats("u2")
	check_eq(stats.get("frames_pushed") + stats.get("frames_dropped"), 40, "every frame counted")
	check_eq(stats.get("starts"), 1, "one talk spurt")
	# 0.5 s holds the lead-in and 22 frames (a few more if the mixer plays some meanwhile)
	check(stats.get("frames_dropped") >= 40 - 22 - 4,
			"0.8 s at once: what exceeds 0.5 s is dropped (%s)" % str(stats))
	check(layer.queued_frames("u2") <= 12000, "never more than 0.5 s queued")
	var pcm := PoolByteArray()
	pcm.resize(2 * 4800)
	var long := {"speaker": "u3", "sequence": 1, "sample_rate": 8000, "samples": 4800,
			"level": 0, "room_wide": false, "concealed": false, "pcm": pcm}
	layer.play_frame(long)
	check_eq(layer.stats("u3").get("frames_pushed"), 1, "a 0.6 s frame at 8 kHz still plays")


func test_a_gap_inside_speech_is_an_underrun_the_silence_after_it_is_not() -> void:
	_open_room()
	yield(frames(2), "completed")
	layer.play_frame(_tone_frame(0, 1))
	yield(_wait_ms(200), "completed")
	layer.play_frame(_tone_frame(1, 2))
	var underruns: int = layer.stats("u2").get("underruns")
	check(underruns > 0, "80 ms queued, the next frame 200 ms later: the generator ran dry")
	yield(_wait_ms(700), "completed")
	check(not layer.player_of("u2").playing, "stopped once the frames stopped and it drained")
	check_eq(layer.stats("u2").get("underruns"), underruns, "the silence after is not counted")
	layer.play_frame(_tone_frame(2, 3))
	check_eq(layer.stats("u2").get("starts"), 2, "the next frame starts a new spurt")
	check(layer.stats("u2").get("playing"), "playing again")


func test_the_distance_gain_is_capped() -> void:
	check_eq(VoiceLayer.distance_db(0.4), 0.0, "close: full")
	check_eq(VoiceLayer.distance_db(1.0), 0.0, "1 m: full")
	check(abs(VoiceLayer.distance_db(2.0) + 6.0206) < 0.001, "2 m: −6 dB")
	check(abs(VoiceLayer.distance_db(4.0) + 12.041) < 0.001, "4 m: −12 dB")
	check_eq(VoiceLayer.distance_db(8.0), -18.0, "8 m: the floor")
	check_eq(VoiceLayer.distance_db(22.2), -18.0, "across the room: still −18 dB")
	_open_room()
	yield(frames(1), "completed")
	var ear: Vector3 = room.player.camera.global_transform.origin
	var head: Spatial = room.get_node("Avatars").head_node("u2")
	head.global_transform.origin = ear + Vector3(2.0, 0.0, 0.0)
	layer.play_frame(_tone_frame(0, 1))
	yield(frames(1), "completed")
	var player: AudioStreamPlayer3D = layer.player_of("u2")
	check(abs(player.unit_db + 6.0206) < 0.01, "2 m away: %.2f dB" % player.unit_db)
	head.global_transform.origin = ear + Vector3(-14.0, 0.0, 9.0)
	layer.play_frame(_tone_frame(1, 2))
	yield(frames(1), "completed")
	check(abs(player.unit_db + 18.0) < 0.01, "far across the room: %.2f dB" % player.unit_db)
	layer.set_volume("u2", 2.0)
	layer.play_frame(_tone_frame(2, 3))
	yield(frames(1), "completed")
	check(abs(player.unit_db - (-18.0 + linear2db(2.0))) < 0.01,
			"the user's volume on top: %.2f dB" % player.unit_db)


func test_a_room_wide_voice_plays_at_full_volume_everywhere() -> void:
	_open_room()
	bridge().handle_binary(_bytes(_good("room-wide")))
	var player = layer.player_of("u3")
	check(player is AudioStreamPlayer and not player is AudioStreamPlayer3D,
			"not positional: %s" % player)
	if not player is AudioStreamPlayer:
		return
	check(layer.stats("u3").get("playing"), "playing")
	check_eq(player.volume_db, 0.0, "full volume")
	check(layer.stats("u3").get("room_wide"), "counted as room-wide")
	layer.set_volume("u3", 0.5)
	yield(frames(1), "completed")
	check(abs(player.volume_db - linear2db(0.5)) < 0.01, "the listener's volume still applies")


func test_mute_and_volume_per_user_apply_and_persist() -> void:
	_open_room()
	layer.step_volume("u2", 2)
	check_eq(layer.prefs.volume("u2"), 1.5, "+ + = 150 %")
	_feed_tone()
	check_eq(layer.stats("u2").get("frames_pushed"), 5, "heard")
	layer.set_muted("u2", true)
	check(not layer.stats("u2").get("playing"), "muting stops the voice at once")
	for k in range(3):
		layer.play_frame(_tone_frame(k, 200 + k))
	var stats: Dictionary = layer.stats("u2")
	check_eq(stats.get("frames_muted"), 3, "muted frames are not played")
	check_eq(stats.get("frames_pushed"), 5, "nothing more pushed")
	var again: Reference = VoicePrefs.new()
	again.use_file(PREFS_FILE)
	check_eq(again.volume("u2"), 1.5, "the volume is kept in the file")
	check(again.is_muted("u2"), "the mute is kept in the file")
	check(not again.is_muted("u3"), "others are not muted")
	for _i in range(20):
		again.step_volume("u3", 1)
	check_eq(again.volume("u3"), 2.0, "at most 200 %")
	for _i in range(20):
		again.step_volume("u3", -1)
	check_eq(again.volume("u3"), 0.25, "at least 25 %")
	room.player.toggle_voices()
	check(room.player.hud.is_voices_open(), "P opens the voices list")
	var list = room.player.hud.voices_list()
	var row = list.row_of("u2")
	check(row != null, "Ben has a row")
	if row == null:
		return
	check_eq(row.get_node("Volume").text, "150 %", "his volume")
	check_eq(row.get_node("Mute").text, "Unmute", "he is muted")
	check(list.row_of("u1") == null, "no row for ourselves")
	row.get_node("Up").emit_signal("pressed")
	row.get_node("Mute").emit_signal("pressed")
	yield(frames(2), "completed")
	check_eq(layer.prefs.volume("u2"), 1.75, "+ in the list")
	check(not layer.prefs.is_muted("u2"), "unmuted in the list")
	check_eq(list.row_of("u2").get_node("Volume").text, "175 %", "the list shows it")
	room.player.toggle_voices()
	check(not room.player.hud.is_voices_open(), "P closes it")


func test_the_speaking_sign_shows_while_someone_speaks() -> void:
	_open_room()
	_feed_tone()
	yield(frames(1), "completed")
	var badge: Spatial = layer.sign_of("u2")
	check(badge != null and badge.visible, "a sign over Ben while he speaks")
	var head: Vector3 = room.get_node("Avatars").head_node("u2").global_transform.origin
	check(badge.global_transform.origin.y > head.y + 0.4, "above the head and the name tag")
	yield(_wait_ms(500), "completed")
	check(not badge.visible, "gone 0.3 s after he stopped")
	var quiet := _tone_frame(0, 400)
	quiet["level"] = 100
	layer.play_frame(quiet)
	yield(frames(1), "completed")
	check(not badge.visible, "a quiet frame does not light it")


func test_the_mic_indicator_follows_voice_status() -> void:
	_open_room()
	var hud: CanvasLayer = room.player.hud
	yield(physics_frames(2), "completed")
	check_eq(hud.get_mic_state(), "off", "no voice_status: no indicator")
	check_eq(hud.get_mic_text(), "", "nothing shown")
	var cases := [
		[{"available": false, "problem": "no microphone: ALSA default not found"}, "no_mic",
				"No microphone: ALSA"],
		[{}, "ready", "Hold V to talk"],
		[{"talking": true, "live": true, "capturing": true, "level": 0.4}, "live", "Mic live"],
		[{"talking": true, "live": true, "capturing": false}, "silent", "Nothing captured"],
		[{"muted": true}, "muted", "Mic muted · M: unmute"],
		[{"mode": "vad"}, "listening", "speak to talk"],
		[{"problem": "device busy"}, "ready", "Device busy"],
	]
	for case in cases:
		var msg: Dictionary = READY.duplicate()
		for key in case[0]:
			msg[key] = case[0][key]
		feed(msg)
		yield(physics_frames(1), "completed")
		check_eq(hud.get_mic_state(), case[1], "state for %s" % str(case[0]))
		check(hud.get_mic_text().find(case[2]) >= 0, "%s shows: %s" % [case[1],
				hud.get_mic_text()])
	var bad_before: int = bridge().bad_messages
	feed({"t": "voice_status", "available": "yes"})
	feed({"t": "voice_status", "available": true, "level": "loud"})
	feed({"t": "voice_status", "available": true, "mode": "always"})
	check_eq(bridge().bad_messages - bad_before, 3, "malformed voice_status refused")
	check_eq(hud.get_mic_state(), "ready", "and it changes nothing")
	var hints := {"talk": "Hold V to talk"}
	check_eq(MicControl.indicator_for({}, false, "ptt", hints)["state"], "off", "voice off")
	check_eq(MicControl.indicator_for(READY, true, "ptt", hints)["state"], "muted",
			"muted here shows at once")


func test_push_to_talk_and_mute_keys_send_voice_messages() -> void:
	_open_room()
	check_eq(_voice_messages(), [{"t": "voice", "mode": "ptt"}], "the mode once in the room")
	bridge().outgoing_log.clear()
	yield(_key(KEY_V, true), "completed")
	yield(_key(KEY_V, true, true), "completed")
	check_eq(_voice_messages(), [{"t": "voice", "talk": true}], "V down: talk (once)")
	yield(_key(KEY_V, false), "completed")
	yield(_key(KEY_M, true), "completed")
	yield(_key(KEY_M, false), "completed")
	yield(_key(KEY_M, true), "completed")
	check_eq(_voice_messages(), [{"t": "voice", "talk": true}, {"t": "voice", "talk": false},
			{"t": "voice", "mute": true}, {"t": "voice", "mute": false}],
			"V up: talk false; M: mute, again: unmute")
	room.voice.mic.set_talk(false)
	check_eq(_voice_messages().size(), 4, "nothing sent without a change")
	var help: String = room.player.hud.labels()[4].text
	for words in ["hold V: talk", "M: mute mic", "P: voices"]:
		check(help.find(words) >= 0, "the help line says " + words)


func test_the_home_screens_mode_is_remembered_and_sent_after_joining() -> void:
	var session := get_node("/root/Session")
	var home: Control = HomeScreen.instance()
	add_child(home)
	check_eq(home.voice_mode_list.selected, 0, "push-to-talk by default")
	home.select_voice_mode(1)
	check_eq(session.voice_mode, "vad", "voice activity chosen")
	session.voice_mode = "ptt"
	session.load_settings()
	check_eq(session.voice_mode, "vad", "remembered in the settings file")
	home.queue_free()
	_open_room()
	check_eq(_voice_messages(), [{"t": "voice", "mode": "vad"}], "sent once the room is joined")
	check_eq(Protocol.voice({"talk": 1, "mode": "loud", "mute": true, "x": 2}),
			{"t": "voice", "mute": true}, "only well-formed fields go out")


func test_the_vr_wrist_shows_the_mic_and_the_voices() -> void:
	var rig: ARVROrigin = VrRig.instance()
	add_child(rig)
	layer = VoiceLayer.new()
	add_child(layer)
	layer.prefs.use_file(PREFS_FILE)
	var fixture: Array = load_fixture("session_full.json")
	feed(fixture[0])
	feed(fixture[1])
	yield(frames(2), "completed")
	var panel: Spatial = rig.voice_panel
	check(panel.visible, "the voice panel is on the wrist")
	check_eq(panel.get_mic_text(), "Voice off", "no voice_status yet")
	feed(READY)
	yield(frames(1), "completed")
	check_eq(panel.get_mic_text(), "Hold Y (left) to talk", "the VR hint")
	bridge().outgoing_log.clear()
	rig.left_hand.press_button(JOY_OCULUS_BY)
	rig.left_hand.release_button(JOY_OCULUS_BY)
	rig.right_hand.press_button(JOY_OCULUS_BY)
	rig.right_hand.release_button(JOY_OCULUS_BY)
	check_eq(_voice_messages(), [{"t": "voice", "talk": true}, {"t": "voice", "talk": false}],
			"the left Y talks while held; the right B does not")
	var row = panel.voices_list().row_of("u2")
	check(row != null, "Ben in the wrist list")
	if row != null:
		row.get_node("Mute").emit_signal("pressed")
		check(layer.prefs.is_muted("u2"), "muted from the wrist")
	panel.content.find_node("MuteMic", true, false).emit_signal("pressed")
	check(layer.mic.muted, "the wrist mutes the microphone")
	check_eq(_voice_messages().back(), {"t": "voice", "mute": true}, "and tells the runtime")
