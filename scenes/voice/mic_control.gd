extends Node
## The local microphone as the user controls it: push-to-talk held, mute, and the mode
## (push-to-talk or voice activity, from the home screen). The runtime owns the microphone:
## this sends {"t": "voice", talk|mute|mode} when something changes (and the mode once the room
## is joined, again after a reconnect) and reads back its voice_status for the indicator.
## Seats find it in the group "voice_mic"; with no voice_status ever, the indicator is off.

## Something the indicator shows changed (talk, mute, mode or the runtime's status).
signal changed

const Protocol = preload("res://addons/bmm_bridge/protocol.gd")
const UiKit = preload("res://scenes/ui3d/ui_kit.gd")

## True while the push-to-talk key or button is held.
var talking := false
## The user muted the microphone.
var muted := false
## "ptt" or "vad".
var mode := "ptt"
## The runtime's latest voice_status ({} = none yet: voice is off).
var status := {}

var _bridge: Node = null
## What the runtime was told on this connection (it starts not talking, not muted).
var _sent := {}


func _ready() -> void:
	add_to_group("voice_mic")
	var session := get_node_or_null("/root/Session")
	if session != null:
		mode = session.voice_mode
	_reset_sent()
	_bridge = get_node_or_null("/root/Bridge")
	if _bridge == null:
		return
	status = _bridge.voice_status
	_bridge.connect("voice_status_received", self, "_on_status")
	_bridge.connect("connected", self, "_on_connected")
	_bridge.connect("welcome_received", self, "_on_in_room")
	_bridge.connect("joined_room", self, "_on_in_room")
	if _bridge.is_link_up() and _bridge.room != "":
		send_changes()


## Push-to-talk pressed (true) or released (false).
func set_talk(on: bool) -> void:
	if on == talking:
		return
	talking = on
	send_changes()
	emit_signal("changed")


func set_muted(on: bool) -> void:
	if on == muted:
		return
	muted = on
	send_changes()
	emit_signal("changed")


func toggle_mute() -> void:
	set_muted(not muted)


func set_mode(new_mode: String) -> void:
	if not new_mode in Protocol.VOICE_MODES or new_mode == mode:
		return
	mode = new_mode
	send_changes()
	emit_signal("changed")


## Sends what the runtime has not been told yet on this connection (nothing when it knows).
func send_changes() -> void:
	var wanted := {"talk": talking, "mute": muted, "mode": mode}
	var news := {}
	for key in wanted:
		if _sent.get(key) != wanted[key]:
			news[key] = wanted[key]
	if news.empty() or _bridge == null:
		return
	for key in news:
		_sent[key] = news[key]
	_bridge.send_message(Protocol.voice(news))


## What the indicator shows now; `hints` words the controls of this seat: {"talk": "Hold V to
## talk", "unmute": "M: unmute"}.
func indicator(hints: Dictionary) -> Dictionary:
	return indicator_for(status, muted, mode, hints)


## The indicator for a runtime `status` (voice_status; {} = voice off): {"state", "text",
## "color", "level" (0..1), "show_level"}. state is one of off, no_mic, muted, silent (talking
## but the microphone delivers nothing), live (sending), ready (push-to-talk, not held),
## listening (voice activity, nobody speaks).
static func indicator_for(voice: Dictionary, muted_here: bool, mic_mode: String,
		hints: Dictionary) -> Dictionary:
	if voice.empty():
		return {"state": "off", "text": "", "color": UiKit.INK_DIM, "level": 0.0,
				"show_level": false}
	var problem := str(voice.get("problem", ""))
	var level: float = clamp(float(voice.get("level", 0.0)), 0.0, 1.0)
	var out := {"state": "", "text": "", "color": UiKit.INK, "level": level, "show_level": true}
	var mode_now := str(voice.get("mode", mic_mode))
	if not voice.get("available", false):
		out["state"] = "no_mic"
		out["text"] = "No microphone" if problem == "" else UiKit.capitalized(problem)
		out["color"] = UiKit.TEXT_RED
		out["show_level"] = false
		return out
	if muted_here or voice.get("muted", false):
		out["state"] = "muted"
		out["text"] = "Mic muted · %s" % str(hints.get("unmute", "unmute to talk"))
		out["color"] = UiKit.TEXT_AMBER
		out["show_level"] = false
	elif voice.get("talking", false) and not voice.get("capturing", true):
		out["state"] = "silent"
		out["text"] = "Nothing captured: the microphone sends silence"
		out["color"] = UiKit.TEXT_RED
	elif voice.get("live", false):
		out["state"] = "live"
		out["text"] = "● Mic live"
		out["color"] = UiKit.TEXT_GREEN
	elif mode_now == "vad":
		out["state"] = "listening"
		out["text"] = "Voice activity: speak to talk"
		out["color"] = UiKit.INK
	else:
		out["state"] = "ready"
		out["text"] = str(hints.get("talk", "Hold the talk key to talk"))
		out["color"] = UiKit.INK
	if problem != "":
		out["text"] += "\n" + UiKit.capitalized(problem)
	return out


func _reset_sent() -> void:
	_sent = {"talk": false, "mute": false}


func _on_connected(_url: String) -> void:
	_reset_sent()


## Welcome into a room, or joined one: tell this runtime the mode (and a mute, a held key).
func _on_in_room(msg: Dictionary) -> void:
	if str(msg.get("room", "")) == "":
		return
	_reset_sent()
	send_changes()


func _on_status(new_status: Dictionary) -> void:
	status = new_status
	emit_signal("changed")
