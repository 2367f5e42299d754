extends Node
## Autoload "Session": who this player is and how they like to move, plus start-up options.
##
## Command line (after `--`): --name=NAME --avatar=ID --room=ID --xr=auto|none|native_mobile|
## openvr|openxr --seated --smooth-turn --smooth-move --scene=res://... --autojoin --smoke
## --frame-sleep-usec=N --voice=ptt|vad
##
## The voice mode is remembered in user://settings.cfg (section "voice", key "mode").

## Emitted when a comfort or identity setting changes.
signal settings_changed

const Cmdline = preload("res://addons/bmm_bridge/cmdline.gd")

const AVATARS = [
	{"id": "lab_blue", "name": "Blue lab coat", "color": Color(0.2, 0.45, 0.85)},
	{"id": "lab_green", "name": "Green lab coat", "color": Color(0.2, 0.65, 0.4)},
	{"id": "lab_orange", "name": "Orange lab coat", "color": Color(0.9, 0.5, 0.15)},
	{"id": "lab_purple", "name": "Purple lab coat", "color": Color(0.55, 0.3, 0.75)},
	{"id": "instructor", "name": "Instructor (grey)", "color": Color(0.45, 0.47, 0.5)},
]
const DRY_ROOM_SCENE = "res://scenes/dry_room/dry_room.tscn"
const Protocol = preload("res://addons/bmm_bridge/protocol.gd")

## Display name of this player.
var player_name := "Student"
## Id of one of AVATARS.
var avatar := "lab_blue"
## Lecture host the runtime should join ("" = a solo room on this PC).
var server_address := ""
## The class code of that lecture host (the instructor gives it out).
var class_code := ""
## Id of the room we are in (from the runtime).
var room_id := ""
## Seated mode: the floor is raised to a standing eye height and no room-scale walking is needed.
var seated := false
## Snap turn step [degrees]; 0 turns smoothly (less comfortable).
var snap_turn_deg := 30.0
## "teleport" (default, comfortable) or "smooth" locomotion.
var locomotion := "teleport"
## Which ARVR interface to try: auto, none, native_mobile, openvr, openxr.
var xr_request := "auto"
## Microphone mode: "ptt" (push-to-talk, the default) or "vad" (voice activity).
var voice_mode := "ptt"
## Where settings the player chose are kept (tests point it elsewhere).
var settings_path := "user://settings.cfg"


func _ready() -> void:
	pause_mode = Node.PAUSE_MODE_PROCESS
	player_name = Cmdline.value("name", player_name)
	avatar = Cmdline.value("avatar", avatar)
	server_address = Cmdline.value("server", server_address)
	class_code = Cmdline.value("code", class_code)
	xr_request = Cmdline.value("xr", xr_request).to_lower()
	seated = Cmdline.flag("seated")
	load_settings()
	var voice := Cmdline.value("voice", "")
	if voice in Protocol.VOICE_MODES:
		voice_mode = voice
	if Cmdline.flag("smooth-turn"):
		snap_turn_deg = 0.0
	if Cmdline.flag("smooth-move"):
		locomotion = "smooth"
	var sleep_usec := Cmdline.value("frame-sleep-usec", "")
	if sleep_usec != "":
		# Headless runs sleep this long every frame (6900 µs by default), which bounds how fast
		# the bridge answers; 0 polls as fast as possible (bridge benchmark).
		OS.low_processor_usage_mode_sleep_usec = int(sleep_usec)
	_publish()
	if Cmdline.flag("smoke"):
		call_deferred("_smoke")
		return
	var scene := Cmdline.value("scene", "")
	if Cmdline.flag("autojoin"):
		scene = DRY_ROOM_SCENE
	if scene != "":
		call_deferred("_open", scene)


func avatar_color(avatar_id: String) -> Color:
	for entry in AVATARS:
		if entry["id"] == avatar_id:
			return entry["color"]
	return AVATARS[0]["color"]


func set_identity(new_name: String, new_avatar: String, new_server: String,
		new_code: String = "") -> void:
	player_name = new_name.strip_edges() if new_name.strip_edges() != "" else "Student"
	avatar = new_avatar
	server_address = new_server.strip_edges()
	class_code = new_code.strip_edges()
	_publish()
	emit_signal("settings_changed")


func set_comfort(new_seated: bool, new_snap_deg: float, new_locomotion: String) -> void:
	seated = new_seated
	snap_turn_deg = new_snap_deg
	locomotion = new_locomotion
	emit_signal("settings_changed")


## Push-to-talk ("ptt") or voice activity ("vad"); remembered for the next start.
func set_voice_mode(mode: String) -> void:
	if not mode in Protocol.VOICE_MODES or mode == voice_mode:
		return
	voice_mode = mode
	save_settings()
	emit_signal("settings_changed")


## Reads the remembered settings (the voice mode) from settings_path; missing is fine.
func load_settings() -> void:
	var cfg := ConfigFile.new()
	if not File.new().file_exists(settings_path) or cfg.load(settings_path) != OK:
		return
	var mode := str(cfg.get_value("voice", "mode", voice_mode))
	if mode in Protocol.VOICE_MODES:
		voice_mode = mode


func save_settings() -> void:
	var cfg := ConfigFile.new()
	if File.new().file_exists(settings_path):
		cfg.load(settings_path)
	cfg.set_value("voice", "mode", voice_mode)
	if cfg.save(settings_path) != OK:
		push_warning("session: cannot save %s" % settings_path)


## Goes to the dry room (after the runtime confirmed the join).
func enter_dry_room() -> void:
	_open(DRY_ROOM_SCENE)


func _publish() -> void:
	var bridge := get_node_or_null("/root/Bridge")
	if bridge != null:
		bridge.client_info["name"] = player_name
		bridge.client_info["avatar"] = avatar


func _open(scene_path: String) -> void:
	var err := get_tree().change_scene(scene_path)
	if err != OK:
		push_error("session: cannot open %s (error %d)" % [scene_path, err])


func _smoke() -> void:
	var scene := load(DRY_ROOM_SCENE)
	var ok = scene != null and scene.can_instance()
	print("BMM smoke %s: dry room %s" % ["ok" if ok else "FAILED", "loads" if ok else "missing"])
	get_tree().quit(0 if ok else 1)
