extends Spatial
## The dry room: picks the player rig (VR when an ARVR interface starts, else the desktop
## seat), adds the voice chat, tells the runtime which scene is open, and can preview a state
## file offline.
##
## Options: --xr=auto|none|native_mobile|openvr|openxr, --state-file=PATH (JSON state message,
## shown as if the runtime had sent it; also used by screenshots and tests).

const Cmdline = preload("res://addons/bmm_bridge/cmdline.gd")
const XrSetup = preload("res://player/xr_setup.gd")
const DesktopSeat = preload("res://player/desktop/desktop_seat.tscn")
const VrRig = preload("res://player/vr/vr_rig.tscn")
const GuideMarker = preload("res://scenes/guide/guide_marker.gd")
const VoiceLayer = preload("res://scenes/voice/voice_layer.gd")

## Which interface was asked for ("" = take Session.xr_request).
export var xr_request := ""

## The local player's rig (desktop_seat.gd or vr_rig.gd).
var player: Spatial = null
## The ARVR interface in use, or null on the flat desktop seat.
var xr_interface = null
## Voice chat: the other users' voices, who speaks, the microphone controls (voice_layer.gd).
var voice: Spatial = null


func _ready() -> void:
	var request := xr_request
	var session := get_node_or_null("/root/Session")
	if request == "" and session != null:
		request = session.xr_request
	xr_interface = XrSetup.start(request, get_viewport())
	player = (VrRig if xr_interface != null else DesktopSeat).instance()
	player.transform = $PlayerSpawn.transform
	add_child(player)
	add_child(GuideMarker.new())
	voice = VoiceLayer.new()
	add_child(voice)
	var bridge := get_node_or_null("/root/Bridge")
	if bridge != null:
		bridge.client_info["scene"] = "dry_room"
		bridge.client_info["xr"] = xr_interface.get_name() if xr_interface != null else "none"
		var state_file := Cmdline.value("state-file", "")
		if state_file != "":
			load_state_file(state_file)


## Feeds the message (JSON object) or messages (JSON array) stored in `path` to the bridge as if
## the runtime had sent them, e.g. [welcome, state].
func load_state_file(path: String) -> bool:
	var file := File.new()
	if file.open(path, File.READ) != OK:
		push_error("dry room: cannot read state file " + path)
		return false
	var text := file.get_as_text()
	file.close()
	var parsed := JSON.parse(text)
	if parsed.error != OK:
		push_error("dry room: %s is not JSON" % path)
		return false
	var messages: Array = parsed.result if typeof(parsed.result) == TYPE_ARRAY else [parsed.result]
	for msg in messages:
		get_node("/root/Bridge").handle_text(JSON.print(msg))
	return true


func _exit_tree() -> void:
	if xr_interface != null:
		get_viewport().arvr = false
		xr_interface.uninitialize()
