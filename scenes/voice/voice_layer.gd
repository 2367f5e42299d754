extends Spatial
## Spatial voice chat in the room: each remote speaker's voice frames (Bridge
## voice_frame_received, PROTOCOL.md) play from their avatar's head through an
## AudioStreamPlayer3D fed by an AudioStreamGenerator; room-wide frames (the instructor) play
## at full volume on a plain AudioStreamPlayer. Voices fade with distance but never below
## FLOOR_DB, so the whole room stays audible. A glowing sign floats over whoever speaks.
## Per-user volume and mute are local (voice_prefs.gd); the microphone controls live in the
## child "Mic" (mic_control.gd). Added by the dry room; with no voice at all nothing happens.

## The list of people or a volume or mute changed (voice lists redraw).
signal voices_changed

const VoiceFrame = preload("res://addons/bmm_bridge/voice_frame.gd")
const VoicePrefs = preload("voice_prefs.gd")
const MicControl = preload("mic_control.gd")
const SpeakingSign = preload("speaking_sign.gd")

## Generator buffer [s]: a frame that does not fit (more than this much queued) is dropped.
const BUFFER_S = 0.5
## Silence queued ahead of a speaker's first frame [s]. The mixer takes 10–25 ms at a time: a
## lone 20 ms frame would run dry at once, and the next frame may come a little late.
const LEAD_IN_S = 0.06
## A speaker whose frames stopped this long ago [ms] (and whose buffer ran empty) is done: the
## player stops until the next frame, so the silence after speech is not counted as underruns.
const IDLE_STOP_MS = 300
## Full loudness within this distance [m]; beyond it −20·log10(d) dB.
const NEAR_M = 1.0
## The quietest a voice in the room gets [dB] (~8 m; the room is 18 m × 13 m).
const FLOOR_DB = -18.0
## Gain a voice may get at 200 % volume [dB].
const MAX_DB = 6.0
## Frames that come this many sequence numbers late (or twice) are dropped as late.
const LATE_WINDOW = 50
## Where the speaking sign floats above the head's centre [m] (above the name tag).
const SIGN_ABOVE_HEAD_M = 0.62

## The speaking sign stays on this long after a frame at or above speaking_level [ms].
export var speaking_hold_ms := 300
## Level (RMS of the 16-bit frame) that counts as speech.
export var speaking_level := 400

## user id → Speaker (players, counters).
var speakers := {}
## Per-user volume and mute (user://voice.cfg).
var prefs: Reference = VoicePrefs.new()
## The microphone controls (mic_control.gd).
var mic: Node

var _bridge: Node = null
var _sign_texture: Texture = null
var _avatars: Node = null
var _people_key := ""


func _init() -> void:
	name = "Voice"
	mic = MicControl.new()
	mic.name = "Mic"
	add_child(mic)


func _ready() -> void:
	add_to_group("voice_layer")
	prefs.use_file(VoicePrefs.DEFAULT_PATH)
	_bridge = get_node_or_null("/root/Bridge")
	if _bridge != null:
		_bridge.connect("voice_frame_received", self, "play_frame")
		_bridge.follow_state(self, "_on_state")


## Plays one parsed voice frame (VoiceFrame.parse()["frame"]).
func play_frame(frame: Dictionary) -> void:
	var user := str(frame["speaker"])
	if _bridge != null and user == _bridge.user_id:
		return
	var sp: Speaker = _speaker(user)
	var now := OS.get_ticks_msec()
	sp.frames_in += 1
	if _is_late(sp, int(frame["sequence"])):
		sp.frames_late += 1
		return
	sp.last_frame_ms = now
	sp.level = VoiceFrame.level_share(frame)
	if int(frame["level"]) >= speaking_level:
		sp.last_loud_ms = now
	if prefs.is_muted(user):
		sp.frames_muted += 1
		_stop(sp)
		return
	var rate := int(frame["sample_rate"])
	var starting: bool = (not sp.active or sp.room_wide != frame["room_wide"]
			or sp.mix_rate != rate)
	var samples := int(frame["samples"])
	if starting:
		_start(sp, bool(frame["room_wide"]), rate, samples)
	else:
		_count_underruns(sp)
	var free: int = sp.playback.get_frames_available()
	var queued: int = sp.capacity - free
	if samples > free or queued + samples > sp.limit:
		sp.frames_dropped += 1
		return
	sp.playback.push_buffer(VoiceFrame.to_stereo(frame["pcm"]))
	sp.frames_pushed += 1
	if starting:
		_place(sp)
		sp.player.play()


func _process(_delta: float) -> void:
	var now := OS.get_ticks_msec()
	var listener = _listener()
	for user in speakers:
		var sp: Speaker = speakers[user]
		var speaking: bool = now - sp.last_loud_ms < speaking_hold_ms and sp.frames_in > 0
		var head := _head(user)
		if sp.badge != null:
			sp.badge.show_level(speaking and head != null, sp.level)
			if head != null:
				sp.badge.global_transform = Transform(Basis(),
						head.global_transform.origin + Vector3.UP * SIGN_ABOVE_HEAD_M)
		if not sp.active:
			continue
		_place(sp, listener)
		var drained: bool = sp.playback.get_frames_available() >= sp.capacity
		if drained and now - sp.last_frame_ms > IDLE_STOP_MS:
			_stop(sp)


## Gain of a voice `distance_m` away [dB]: 0 within NEAR_M, −20·log10(d) beyond, never below
## FLOOR_DB.
static func distance_db(distance_m: float) -> float:
	if distance_m <= NEAR_M:
		return 0.0
	return max(-20.0 * log(distance_m / NEAR_M) / log(10.0), FLOOR_DB)


## Counters of `user`'s voice: frames_in, frames_pushed, frames_dropped (no room in the
## buffer), frames_muted, frames_late, underruns (get_skips() of the generator between frames
## of one talk spurt: it ran dry while frames kept coming), starts (talk spurts), playing,
## room_wide; {} for no such speaker.
func stats(user: String) -> Dictionary:
	if not speakers.has(user):
		return {}
	var sp: Speaker = speakers[user]
	return {
		"frames_in": sp.frames_in, "frames_pushed": sp.frames_pushed,
		"frames_dropped": sp.frames_dropped, "frames_muted": sp.frames_muted,
		"frames_late": sp.frames_late, "underruns": sp.underruns, "starts": sp.starts,
		"playing": sp.active, "room_wide": sp.room_wide,
	}


## Voice frames the bridge refused (malformed), for every speaker together.
func bad_frames() -> int:
	return _bridge.bad_voice_frames if _bridge != null else 0


## The player of `user`'s voice (AudioStreamPlayer3D, or AudioStreamPlayer when room-wide).
func player_of(user: String) -> Node:
	return speakers[user].player if speakers.has(user) else null


## Frames of `user`'s voice waiting in the generator (lead-in silence included).
func queued_frames(user: String) -> int:
	var sp: Speaker = speakers.get(user)
	if sp == null or sp.playback == null:
		return 0
	return sp.capacity - sp.playback.get_frames_available()


## The speaking sign over `user`'s avatar (null before they spoke).
func sign_of(user: String) -> Spatial:
	return speakers[user].badge if speakers.has(user) else null


func is_speaking(user: String) -> bool:
	if not speakers.has(user):
		return false
	return OS.get_ticks_msec() - speakers[user].last_loud_ms < speaking_hold_ms


## The other people in the room, for the voice lists: [{id, name, volume, muted, speaking}],
## by name. Speakers not (yet) in the state are listed by their id.
func people() -> Array:
	var out := []
	var names := {}
	var users = _bridge.state.get("users", {}) if _bridge != null else {}
	if typeof(users) == TYPE_DICTIONARY:
		for user in users:
			var entry = users[user]
			var user_name = entry.get("name", user) if typeof(entry) == TYPE_DICTIONARY else user
			names[str(user)] = str(user_name)
	for user in speakers:
		if not names.has(user):
			names[user] = user
	if _bridge != null:
		names.erase(_bridge.user_id)
	for user in names:
		out.append({"id": user, "name": names[user], "volume": prefs.volume(user),
				"muted": prefs.is_muted(user), "speaking": is_speaking(user)})
	out.sort_custom(self, "_by_name")
	return out


func _by_name(a: Dictionary, b: Dictionary) -> bool:
	return a["name"].nocasecmp_to(b["name"]) < 0


## −/+ of a voice list: `steps` volume steps for `user` (kept in user://voice.cfg).
func step_volume(user: String, steps: int) -> void:
	prefs.step_volume(user, steps)
	emit_signal("voices_changed")


func set_volume(user: String, value: float) -> void:
	prefs.set_volume(user, value)
	emit_signal("voices_changed")


func set_muted(user: String, on: bool) -> void:
	prefs.set_muted(user, on)
	if on and speakers.has(user):
		_stop(speakers[user])
	emit_signal("voices_changed")


func toggle_muted(user: String) -> void:
	set_muted(user, not prefs.is_muted(user))


func _on_state(room_state: Dictionary) -> void:
	var users = room_state.get("users", {})
	var key := JSON.print(users.keys() if typeof(users) == TYPE_DICTIONARY else [])
	if key != _people_key:
		_people_key = key
		emit_signal("voices_changed")


func _speaker(user: String) -> Speaker:
	if speakers.has(user):
		return speakers[user]
	var sp := Speaker.new()
	sp.user = user
	if _sign_texture == null:
		_sign_texture = SpeakingSign.make_texture()
	sp.badge = SpeakingSign.new()
	sp.badge.texture = _sign_texture
	sp.badge.set_as_toplevel(true)
	add_child(sp.badge)
	speakers[user] = sp
	emit_signal("voices_changed")
	return sp


## A new talk spurt: a fresh generator at `rate` (clean buffer, skips from 0) on the right
## kind of player, with LEAD_IN_S of silence queued. It holds BUFFER_S (or two frames of
## `samples` when frames are longer than a quarter of that).
func _start(sp: Speaker, room_wide: bool, rate: int, samples: int) -> void:
	if sp.player != null and sp.room_wide != room_wide:
		sp.player.queue_free()
		sp.player = null
	if sp.player == null:
		sp.player = AudioStreamPlayer.new() if room_wide else _make_3d_player()
		sp.player.name = "Voice_" + sp.user + ("_room" if room_wide else "")
		add_child(sp.player)
	sp.room_wide = room_wide
	sp.mix_rate = rate
	var generator := AudioStreamGenerator.new()
	generator.mix_rate = rate
	generator.buffer_length = max(BUFFER_S, LEAD_IN_S + 2.0 * samples / rate)
	sp.limit = int(generator.buffer_length * rate)
	sp.player.stream = generator
	sp.playback = sp.player.get_stream_playback()
	sp.capacity = sp.playback.get_frames_available()
	sp.skips_seen = 0
	sp.starts += 1
	sp.active = true
	var silence := PoolVector2Array()
	silence.resize(int(LEAD_IN_S * rate))
	for i in range(silence.size()):
		silence[i] = Vector2()
	sp.playback.push_buffer(silence)


func _make_3d_player() -> AudioStreamPlayer3D:
	var player := AudioStreamPlayer3D.new()
	# distance is applied in _place() (capped), the engine only pans
	player.attenuation_model = AudioStreamPlayer3D.ATTENUATION_DISABLED
	player.attenuation_filter_db = 0.0
	player.max_db = MAX_DB
	player.set_as_toplevel(true)
	return player


func _stop(sp: Speaker) -> void:
	if sp.active:
		sp.active = false
		sp.player.stop()


## Skips of the generator since the spurt began, read when the next frame comes: the silence
## after the last frame of a spurt is not an underrun.
func _count_underruns(sp: Speaker) -> void:
	var skips: int = sp.playback.get_skips()
	if skips > sp.skips_seen:
		sp.underruns += skips - sp.skips_seen
		sp.skips_seen = skips


## Puts `sp`'s player at its avatar's head (or at the listener when there is no avatar: heard
## like a room-wide voice) and sets its gain from the listener distance and the user's volume.
func _place(sp: Speaker, listener = null) -> void:
	if listener == null:
		listener = _listener()
	var volume_db: float = prefs.volume_db(sp.user)
	if sp.room_wide:
		sp.player.volume_db = volume_db
		return
	var head := _head(sp.user)
	var at := Vector3()
	if head != null:
		at = head.global_transform.origin
	elif listener != null:
		at = listener
	sp.player.global_transform = Transform(Basis(), at)
	var distance: float = at.distance_to(listener) if listener != null else 0.0
	sp.player.unit_db = min(distance_db(distance) + volume_db, MAX_DB)


func _head(user: String) -> Spatial:
	if _avatars == null or not is_instance_valid(_avatars) or not _avatars.is_inside_tree():
		_avatars = null
		for layer in get_tree().get_nodes_in_group("avatar_layer"):
			if layer.has_method("head_node"):
				_avatars = layer
	return _avatars.head_node(user) if _avatars != null else null


## Where the listener (the current camera) is, or null without one.
func _listener():
	var camera := get_viewport().get_camera() if get_viewport() != null else null
	return camera.global_transform.origin if camera != null else null


func _is_late(sp: Speaker, sequence: int) -> bool:
	if sp.frames_in > 1:
		var behind := (sp.last_sequence - sequence) & 0xFFFFFFFF
		if behind < LATE_WINDOW:
			return true
	sp.last_sequence = sequence
	return false


## One remote speaker: player, generator playback and counters.
class Speaker:
	extends Reference
	var user := ""
	var player: Node = null
	var playback: Reference = null
	var badge: Spatial = null
	## A talk spurt is playing (the player's own `playing` turns true a physics frame after
	## play(), too late for frames that arrive together).
	var active := false
	var room_wide := false
	var mix_rate := 0
	var capacity := 0
	var limit := 0
	var skips_seen := 0
	var last_sequence := 0
	var last_frame_ms := -100000
	var last_loud_ms := -100000
	var level := 0.0
	var frames_in := 0
	var frames_pushed := 0
	var frames_dropped := 0
	var frames_muted := 0
	var frames_late := 0
	var underruns := 0
	var starts := 0
