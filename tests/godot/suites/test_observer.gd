extends "res://tests/godot/lib/test_case.gd"
## The instructor's observer seat: the HUD says so, clicks take nothing and say why, F6 saves
## the room under a typed name (save_room), the answer shows; a student's seat has none of it
## and sees the observer's avatar marked; the VR wrist's Save room button saves too.
## Fixtures: observer_session.json (u4 observes the session's room), session_full.json (u1).

const DryRoom = preload("res://scenes/dry_room/dry_room.tscn")
const VrRig = preload("res://player/vr/vr_rig.tscn")
const Protocol = preload("res://addons/bmm_bridge/protocol.gd")
const AvatarLayer = preload("res://scenes/avatars/avatar_layer.gd")

var room: Spatial
var seat: Spatial
var ids: Dictionary


func before_each() -> void:
	reset_bridge()
	ids = load_fixture("session_index.json")


func after_each() -> void:
	if room != null:
		room.queue_free()
		room = null


## Opens the dry room on the desktop seat, greeted as `session` ([welcome, state]) says.
func _open_room(welcome: Dictionary, state: Dictionary) -> void:
	room = DryRoom.instance()
	room.xr_request = "none"
	add_child(room)
	seat = room.player
	feed(welcome)
	feed(state)
	yield(physics_frames(3), "completed")


func _as_observer() -> void:
	var session: Array = load_fixture("observer_session.json")
	yield(_open_room(session[0], session[1]), "completed")


func _as_student() -> void:
	var session: Array = load_fixture("session_full.json")
	yield(_open_room(session[0], session[1]), "completed")


func _saves() -> Array:
	var out := []
	for msg in bridge().outgoing_log:
		if msg.get("t") == "save_room":
			out.append(msg)
	return out


func _key(scancode: int) -> void:
	var key := InputEventKey.new()
	key.pressed = true
	key.scancode = scancode
	Input.parse_input_event(key)
	var up := key.duplicate()
	up.pressed = false
	Input.parse_input_event(up)
	yield(physics_frames(2), "completed")


func _click_jar(material: String) -> void:
	var target: Node = room.get_node("Shelves").container_target(material)
	check(target != null, material + " on the shelf")
	if target == null:
		return
	var jar: Spatial = target.get_parent()
	seat.teleport_to(Vector3(-6.8, 0.0, -3.6))
	seat.look_at_point(jar.global_transform.origin + Vector3(0, 0.1, 0))
	yield(physics_frames(2), "completed")
	check_eq(seat.interactor.target, target, "the crosshair is on the " + material + " jar")
	for pressed in [true, false]:
		var click := InputEventMouseButton.new()
		click.button_index = BUTTON_LEFT
		click.pressed = pressed
		click.position = Vector2(640, 360)
		Input.parse_input_event(click)
		yield(physics_frames(2), "completed")


func _is_hh_mm_name(text: String) -> bool:
	var re := RegEx.new()
	re.compile("^observed [0-2][0-9]-[0-5][0-9]$")
	return re.search(text) != null


func test_an_observer_seat_shows_the_observer_hud() -> void:
	yield(_as_observer(), "completed")
	check_eq(bridge().user_id, ids["observer"], "greeted as the observer")
	check(bridge().is_observer(), "the view lists this seat as an observer")
	var note: String = seat.hud.get_observer_text()
	for words in ["Observing", "not counted among the students", "F6: save the room"]:
		check(note.find(words) >= 0, "the HUD says %s: %s" % [words, note])
	check(seat.hud.get_help_text().find("F6: save the room") >= 0, "the help line names F6")
	check(seat.hud.get_hands_text() == "", "no hands shown")


func test_a_click_on_a_jar_sends_no_intent_and_says_why() -> void:
	yield(_as_observer(), "completed")
	yield(_click_jar("NMC622"), "completed")
	check_eq(sent_intents(), [], "no intent left the seat")
	var kinds := []
	for msg in bridge().outgoing_log:
		kinds.append(msg.get("t"))
	check_eq(kinds, ["voice"], "nothing but the voice mode (sent on joining) went out")
	check_eq(seat.hud.get_message(), "Observers look, they do not take", "the HUD says why")
	room.get_node("TimePanel").request_skip(3600)
	check_eq(sent_intents(), [], "the time panel's skip stays here too")
	check_eq(seat.hud.get_message(), "Observers look, they do not take", "and says why")


func test_f6_a_typed_name_and_enter_send_save_room() -> void:
	yield(_as_observer(), "completed")
	var feet: Vector3 = seat.global_transform.origin
	yield(_key(KEY_F6), "completed")
	check(seat.hud.save_prompt().is_open(), "F6 opens the save prompt")
	var line: LineEdit = seat.hud.save_prompt().line()
	check(_is_hh_mm_name(line.text), "prefilled with observed HH-MM: " + line.text)
	check(line.has_focus(), "the name field has the keyboard")
	yield(type_keys("Week 3 (coating)\n"), "completed")
	check_eq(_saves(), [{"t": "save_room", "name": "Week 3 (coating)"}], "exactly one save_room")
	check_eq(sent_intents(), [], "typing sent no intent")
	check(not seat.hud.save_prompt().is_open(), "Enter closes the prompt")
	check(seat.global_transform.origin.distance_to(feet) < 0.001, "typing W did not walk")
	check_eq(seat.hud.get_message(), "Not saved: not connected to the Python runtime",
			"offline here: the HUD says it did not go out")
	bridge().outgoing_log.clear()
	yield(_key(KEY_F6), "completed")
	line.text = ""
	yield(type_keys("../secret\n"), "completed")
	check(seat.hud.save_prompt().is_open(), "a bad name keeps the prompt open")
	check(seat.hud.save_prompt().problem_label().text != "", "and says why")
	yield(_key(KEY_ESCAPE), "completed")
	check(not seat.hud.save_prompt().is_open(), "Esc cancels")
	check_eq(_saves(), [], "nothing saved")


func test_room_saved_and_an_error_are_shown() -> void:
	yield(_as_observer(), "completed")
	var names := []
	bridge().connect("room_saved", self, "_on_saved", [names])
	feed({"t": "room_saved", "name": "Week 3 (coating)"})
	check_eq(names, ["Week 3 (coating)"], "the bridge emits room_saved(name)")
	check_eq(seat.hud.get_message(), "Saved the room as “Week 3 (coating)”", "saved, on the HUD")
	feed({"t": "error", "code": "save_refused", "message": "the disk is full"})
	check_eq(seat.hud.get_message(), "Not saved: the disk is full", "the refusal, on the HUD")
	feed({"t": "error", "code": "not_observer", "message": "only an observer saves rooms"})
	check_eq(seat.hud.get_message(), "Not saved: only an observer saves rooms", "not_observer")
	feed({"t": "error", "code": "host_unreachable", "message": "x"})
	check_eq(seat.hud.get_message(), "Not saved: only an observer saves rooms",
			"other errors are no answer to a save")
	var bad_before: int = bridge().bad_messages
	feed({"t": "room_saved"})
	feed({"t": "room_saved_twice", "name": "x"})
	check_eq(bridge().bad_messages - bad_before, 2, "room_saved without a name and unknown "
			+ "types are counted and dropped")
	check_eq(names.size(), 1, "and not emitted")


func _on_saved(name: String, names: Array) -> void:
	names.append(name)


func test_save_names_follow_the_hosts_rule() -> void:
	check_eq(Protocol.save_room("observed 14-05"), {"t": "save_room", "name": "observed 14-05"},
			"the message")
	for good in ["observed 14-05", "Week 3 (coating)", "a", "x".repeat(40), "  two   words "]:
		check_eq(Protocol.save_name_problem(good), "", good)
	for bad in ["", "   ", "x".repeat(41), "../up", "(paren first", "tab\there", "ümlaut",
			"semi;colon"]:
		check(Protocol.save_name_problem(bad) != "", "refused: " + bad)
	check_eq(Protocol.save_name("  two   words "), "two words", "spaces collapsed")


func test_a_student_seat_shows_none_of_it() -> void:
	yield(_as_student(), "completed")
	check(not bridge().is_observer(), "Ada is a student")
	check_eq(seat.hud.get_observer_text(), "", "no observer note")
	check(seat.hud.get_help_text().find("F6") < 0, "the help line does not name F6")
	yield(_key(KEY_F6), "completed")
	check(not seat.hud.save_prompt().is_open(), "F6 opens nothing")
	check_eq(_saves(), [], "no save_room")
	feed({"t": "room_saved", "name": "x"})
	yield(_click_jar("NMC622"), "completed")
	check_eq(last_intent().get("type"), "take_from_shelf", "a student's click takes")


func test_the_observers_avatar_is_marked() -> void:
	var student: Array = load_fixture("session_full.json")
	var observed: Array = load_fixture("observer_session.json")
	yield(_open_room(student[0], observed[1]), "completed")
	var layer: Spatial = room.get_node("Avatars")
	var observer: String = ids["observer"]
	check(layer.avatars.has(observer), "the observer has an avatar")
	check(layer.is_observer(observer), "drawn as an observer")
	check_eq(layer.tag_text(observer), "Prof. Ito · observing", "the name tag says so")
	check_eq(layer.tag_text(ids["instructor"]), "Dr. Kim", "the instructor is not marked")
	check(not layer.is_observer(ids["other_user"]), "Ben is not marked")
	var colour: Color = _body_colour(layer, observer)
	check(colour.is_equal_approx(AvatarLayer.OBSERVER_COLOR), "the observer colour: %s" % colour)
	for user in [ids["other_user"], ids["instructor"]]:
		check(not _body_colour(layer, user).is_equal_approx(colour), user + " looks different")
	var info: Dictionary = layer.avatar_target(observer).pointer_info()
	check_eq(info.get("title"), "Prof. Ito · observing", "the pointer names the observer")


func _body_colour(layer: Spatial, user: String) -> Color:
	var mesh: MeshInstance = layer.avatars[user].get_node("Body").get_child(0)
	return mesh.material_override.albedo_color


func test_the_vr_wrist_button_sends_save_room() -> void:
	var rig: ARVROrigin = VrRig.instance()
	add_child(rig)
	var student: Array = load_fixture("session_full.json")
	feed(student[0])
	feed(student[1])
	yield(frames(2), "completed")
	check(not rig.observer_panel.visible, "a student's wrist has no Save room")
	var observed: Array = load_fixture("observer_session.json")
	feed(observed[0])
	feed(observed[1])
	yield(frames(3), "completed")
	var panel: Spatial = rig.observer_panel
	check(panel.visible, "the observer panel is on the wrist")
	check(panel.get_note_text().find("Observing") >= 0, "it says Observing")
	check(not rig.wrist_panel.visible, "the guide panel does not cover it")
	var point: Vector3 = panel.global_point_of(panel.save_button())
	panel.pointer("press", point)
	panel.pointer("release", point)
	var saves := _saves()
	check_eq(saves.size(), 1, "one save_room from the button")
	if saves.size() == 1:
		check_eq(saves[0].keys().size(), 2, "only t and name")
		check(_is_hh_mm_name(str(saves[0].get("name"))), "named observed HH-MM: " + str(saves))
	check_eq(panel.get_answer_text(), "Not saved: not connected to the Python runtime",
			"offline here: the wrist says it did not go out")
	feed({"t": "room_saved", "name": "observed 14-05"})
	check_eq(panel.get_answer_text(), "Saved the room as “observed 14-05”", "saved, on the wrist")
	feed({"t": "error", "code": "save_refused", "message": "no room to save"})
	check_eq(panel.get_answer_text(), "Not saved: no room to save", "refused, on the wrist")
	rig.right_hand.interactor.send("grab", {"item": ids["bench_roll"], "hand": "right"})
	check_eq(sent_intents(), [], "the VR observer takes nothing")
	check_eq(panel.get_answer_text(), "Observers look, they do not take", "and the wrist says why")
	rig.queue_free()
