extends Control
## Home screen: name, server address, avatar, comfort options, the voice chat mode
## (push-to-talk or voice activity, remembered), the rooms with their occupancy, and Join. The
## runtime answers list_rooms with "rooms" and join with "joined"; the dry room then tells it
## the voice mode.

const UiKit = preload("res://scenes/ui3d/ui_kit.gd")
const MAX_USERS_DEFAULT = 6
## Longest name the runtime accepts (scripts_py/room/limits.py USER_NAME_MAX_CHARS).
const MAX_NAME_CHARS = 60
## The voice chat modes in the order of the list: [mode, what the list says].
const VOICE_MODES = [
	["ptt", "Push-to-talk (hold V, in VR the left Y button)"],
	["vad", "Voice activity (the mic sends when you speak)"],
]

var rooms := []
var selected_room := ""

var _bridge: Node
var _session: Node

onready var name_field: LineEdit = $Margin/Columns/Left/NameField
onready var server_field: LineEdit = $Margin/Columns/Left/ServerField
onready var code_field: LineEdit = $Margin/Columns/Left/CodeField
onready var avatar_list: OptionButton = $Margin/Columns/Left/AvatarList
onready var avatar_swatch: ColorRect = $Margin/Columns/Left/AvatarSwatch
onready var seated_check: CheckBox = $Margin/Columns/Left/SeatedCheck
onready var snap_check: CheckBox = $Margin/Columns/Left/SnapCheck
onready var voice_mode_list: OptionButton = $Margin/Columns/Right/VoiceRow/VoiceMode
onready var room_list: ItemList = $Margin/Columns/Right/RoomList
onready var refresh_button: Button = $Margin/Columns/Right/Buttons/RefreshButton
onready var join_button: Button = $Margin/Columns/Right/Buttons/JoinButton
onready var status_label: Label = $Margin/Columns/Right/StatusLabel


func _ready() -> void:
	_bridge = get_node_or_null("/root/Bridge")
	_session = get_node_or_null("/root/Session")
	theme = Theme.new()
	theme.default_font = UiKit.font(22)
	$Margin/Columns/Left/Title.add_font_override("font", UiKit.font(32, true))
	for entry in _avatars():
		avatar_list.add_item(entry["name"])
	for entry in VOICE_MODES:
		voice_mode_list.add_item(entry[1])
	name_field.max_length = MAX_NAME_CHARS
	if _session != null:
		name_field.text = _session.player_name
		server_field.text = _session.server_address
		code_field.text = _session.class_code
		seated_check.pressed = _session.seated
		snap_check.pressed = _session.snap_turn_deg > 0.0
		for i in range(VOICE_MODES.size()):
			if VOICE_MODES[i][0] == _session.voice_mode:
				voice_mode_list.select(i)
		for i in range(_avatars().size()):
			if _avatars()[i]["id"] == _session.avatar:
				avatar_list.select(i)
	_on_avatar_selected(avatar_list.selected)
	avatar_list.connect("item_selected", self, "_on_avatar_selected")
	voice_mode_list.connect("item_selected", self, "select_voice_mode")
	room_list.connect("item_selected", self, "select_room")
	refresh_button.connect("pressed", self, "request_rooms")
	join_button.connect("pressed", self, "join")
	join_button.disabled = true
	if _bridge != null:
		_bridge.connect("rooms_received", self, "show_rooms")
		_bridge.connect("joined_room", self, "_on_joined")
		_bridge.connect("connected", self, "_on_connected")
		_bridge.connect("intent_rejected", self, "_on_rejected")
		_bridge.connect("error_received", self, "_on_error")
		if _bridge.is_link_up():
			request_rooms()
		else:
			status_label.text = "Waiting for the Python runtime at %s …" % _bridge.get_url()


func _avatars() -> Array:
	return _session.AVATARS if _session != null else [{"id": "lab_blue", "name": "Blue lab coat",
			"color": UiKit.BLUE}]


func _on_connected(_url: String) -> void:
	request_rooms()


## Asks the runtime for the room list of the server in the address field.
func request_rooms() -> void:
	_store_identity()
	status_label.text = "Asking for the rooms…"
	if _bridge != null:
		_bridge.send_message({"t": "list_rooms", "server": server_field.text.strip_edges()})


## Shows rooms [{id, name, users, max_users}] with their occupancy.
func show_rooms(new_rooms: Array) -> void:
	rooms = []
	room_list.clear()
	for room in new_rooms:
		if typeof(room) != TYPE_DICTIONARY or not room.has("id"):
			continue
		rooms.append(room)
		var users := int(room.get("users", 0))
		var max_users := int(room.get("max_users", MAX_USERS_DEFAULT))
		var text := "%s    %d / %d" % [str(room.get("name", room["id"])), users, max_users]
		if users >= max_users:
			text += "  (full)"
		room_list.add_item(text)
		room_list.set_item_disabled(room_list.get_item_count() - 1, users >= max_users)
	status_label.text = "%d rooms — pick one and join" % rooms.size() if rooms else "No rooms"
	join_button.disabled = selected_room == ""


## Picks room `index` of the list for joining.
func select_room(index: int) -> void:
	selected_room = str(rooms[index]["id"])
	join_button.disabled = false


func _on_avatar_selected(index: int) -> void:
	var avatars := _avatars()
	if index >= 0 and index < avatars.size():
		avatar_swatch.color = avatars[index]["color"]


## Picks voice chat mode `index` of VOICE_MODES (remembered by the session).
func select_voice_mode(index: int) -> void:
	if index < 0 or index >= VOICE_MODES.size():
		return
	voice_mode_list.select(index)
	if _session != null:
		_session.set_voice_mode(VOICE_MODES[index][0])


func _store_identity() -> void:
	if _session == null:
		return
	var avatars := _avatars()
	var avatar_id: String = avatars[max(avatar_list.selected, 0)]["id"]
	_session.set_identity(name_field.text, avatar_id, server_field.text, code_field.text)
	_session.set_comfort(seated_check.pressed, 30.0 if snap_check.pressed else 0.0,
			_session.locomotion)


## Sends join for the selected room; the scene changes when the runtime says "joined".
func join() -> void:
	if selected_room == "":
		return
	_store_identity()
	status_label.text = "Joining %s…" % selected_room
	if _bridge != null:
		_bridge.send_message({
			"t": "join",
			"room": selected_room,
			"name": _session.player_name if _session else name_field.text,
			"avatar": _session.avatar if _session else "lab_blue",
			"server": server_field.text.strip_edges(),
			"code": code_field.text.strip_edges(),
		})


func _on_joined(msg: Dictionary) -> void:
	if _session != null:
		_session.room_id = str(msg.get("room", selected_room))
		_session.enter_dry_room()


func _on_rejected(_intent: Dictionary, reason: String) -> void:
	status_label.text = reason


func _on_error(_code: String, message: String) -> void:
	status_label.text = message
