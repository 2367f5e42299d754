extends Node
## Screenshot of the dry room for CI artefacts: desktop seat or VR rig ("Native mobile").
##
## Args: --xr=none|native_mobile --out=PATH.png --state-file=JSON --frames=N --at=x,y,z
## --look=x,y,z --handshake=DIR (write DIR/ready, wait for DIR/done: lets screenshot.sh grab
## the whole window with xwd, which is the only place the two stereo eyes appear together).
## --screens=DIR takes every screen (machines in every state, potentiostat, notebooks, time
## panel) from fixtures/screen_states.json instead (screens.gd).
## --voice-demo: Ben talks (his voice frames from fixtures/voice_frames.json, the speaking sign
## over his head), the microphone indicator is live and the voices list is open.
## --observer-demo: the observer's seat (fixtures/observer_session.json): the HUD's observer
## note, F6 in the help line and the save prompt open.

const Cmdline = preload("res://addons/bmm_bridge/cmdline.gd")
const DryRoom = preload("res://scenes/dry_room/dry_room.tscn")
const HomeScreen = preload("res://scenes/home/home_screen.tscn")
const Screens = preload("screens.gd")
const VoiceFrame = preload("res://addons/bmm_bridge/voice_frame.gd")

var _room: Spatial
var _demo_frames := []


func _ready() -> void:
	var bridge := get_node("/root/Bridge")
	bridge.auto_connect = false
	if Cmdline.flag("home"):
		yield(_home_shot(), "completed")
		return
	_room = DryRoom.instance()
	_room.xr_request = Cmdline.value("xr", "none")
	add_child(_room)
	var at = _vector(Cmdline.value("at", ""))
	if at != null:
		_room.player.global_transform.origin = at
	var look = _vector(Cmdline.value("look", ""))
	if look != null and _room.player.has_method("look_at_point"):
		_room.player.look_at_point(look)
	var screens_dir := Cmdline.value("screens", "")
	if screens_dir != "":
		yield(get_tree(), "idle_frame")
		var screens = Screens.new(get_tree(), _room, screens_dir)
		var written: Array = yield(screens.run(), "completed")
		get_tree().quit(0 if written.size() >= 20 else 1)
		return
	var state_file := Cmdline.value("state-file", "res://tests/godot/fixtures/session_full.json")
	_room.load_state_file(state_file)
	var frames := int(Cmdline.value("frames", "30"))
	var demo := Cmdline.flag("voice-demo")
	if demo:
		_voice_demo_start()
	if Cmdline.flag("observer-demo"):
		yield(get_tree(), "physics_frame")
		yield(get_tree(), "physics_frame")
		_room.player.open_save_prompt()
	for i in range(frames):
		if demo:
			_voice_demo_frame(i)
		yield(get_tree(), "idle_frame")
	var out := Cmdline.value("out", "user://dry_room.png")
	var image := get_viewport().get_texture().get_data()
	image.flip_y()
	var err := image.save_png(out)
	print("screenshot: %s (%dx%d, %s, error %d, %d fps)" % [out, image.get_width(),
			image.get_height(), _room.player.name, err, Engine.get_frames_per_second()])
	var handshake := Cmdline.value("handshake", "")
	if handshake != "":
		yield(_handshake(handshake), "completed")
	get_tree().quit(0 if err == OK else 1)


func _home_shot() -> void:
	var home := HomeScreen.instance()
	add_child(home)
	get_node("/root/Bridge").handle_text(JSON.print({"t": "rooms", "rooms": [
		{"id": "r1", "name": "Room 1 · Monday group", "users": 3, "max_users": 6},
		{"id": "r2", "name": "Room 2", "users": 6, "max_users": 6},
		{"id": "r3", "name": "Room 3", "users": 0, "max_users": 6}]}))
	for _i in range(10):
		yield(get_tree(), "idle_frame")
	var image := get_viewport().get_texture().get_data()
	image.flip_y()
	var out := Cmdline.value("out", "user://home.png")
	var err := image.save_png(out)
	print("screenshot: %s (%dx%d, home screen, error %d)" % [out, image.get_width(),
			image.get_height(), err])
	get_tree().quit(0 if err == OK else 1)


func _handshake(folder: String) -> void:
	var flag := File.new()
	flag.open(folder.plus_file("ready"), File.WRITE)
	flag.store_string("ready\n")
	flag.close()
	var waited_ms := 0
	while not flag.file_exists(folder.plus_file("done")) and waited_ms < 30000:
		yield(get_tree().create_timer(0.1), "timeout")
		waited_ms += 100


func _voice_demo_start() -> void:
	var bridge := get_node("/root/Bridge")
	bridge.handle_text(JSON.print({"t": "voice_status", "available": true, "device": "demo",
			"mode": "ptt", "muted": false, "talking": true, "live": true, "capturing": true,
			"level": 0.45, "problem": ""}))
	_room.get_node("Avatars").show_poses({
		"u2": {"head": [-3.2, 1.62, 0.1, 0, -0.6, 0, 0.8], "left": [-3.4, 1.0, 0.4, 0, 0, 0, 1],
				"right": [-3.3, 1.0, -0.2, 0, 0, 0, 1]},
		"u3": {"head": [-1.6, 1.7, 1.5, 0, -0.5, 0, 0.87], "left": [-1.8, 1.0, 1.8, 0, 0, 0, 1],
				"right": [-1.7, 1.0, 1.2, 0, 0, 0, 1]},
	})
	_room.player.toggle_voices()
	_room.voice.speaking_hold_ms = 3000  # a software renderer draws a frame in ~0.25 s
	var file := File.new()
	file.open("res://tests/godot/fixtures/voice_frames.json", File.READ)
	var fixture: Dictionary = JSON.parse(file.get_as_text()).result
	file.close()
	for entry in fixture["good"].slice(0, 4):
		_demo_frames.append(VoiceFrame.parse(Marshalls.base64_to_raw(entry["b64"]))["frame"])


## One of Ben's tone frames per rendered frame, numbered on.
func _voice_demo_frame(i: int) -> void:
	var frame: Dictionary = _demo_frames[i % _demo_frames.size()].duplicate()
	frame["sequence"] = 1000 + i
	_room.voice.play_frame(frame)


static func _vector(text: String):
	var parts := text.split(",")
	if parts.size() != 3:
		return null
	return Vector3(float(parts[0]), float(parts[1]), float(parts[2]))
