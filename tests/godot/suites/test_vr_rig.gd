extends "res://tests/godot/lib/test_case.gd"
## VR rig comfort: teleport under the head, snap turn around the head, seated lift, buttons.

const VrRig = preload("res://player/vr/vr_rig.tscn")
const UiKit = preload("res://scenes/ui3d/ui_kit.gd")

var rig: ARVROrigin


func before_each() -> void:
	reset_bridge()
	rig = VrRig.instance()
	add_child(rig)


func test_teleport_puts_head_over_target() -> void:
	rig.teleport_to(Vector3(2.0, 0.0, -3.0))
	var head: Vector3 = rig.camera.global_transform.origin
	check(Vector2(head.x, head.z).distance_to(Vector2(2.0, -3.0)) < 0.001, "head over the spot")


func test_snap_turn_keeps_head_in_place() -> void:
	var before: Vector3 = rig.camera.global_transform.origin
	rig.turn(30.0)
	var after: Vector3 = rig.camera.global_transform.origin
	check(before.distance_to(after) < 0.001, "turn pivots on the head")
	check(abs(rig.rotation_degrees.y - 30.0) < 0.01, "turned 30°")


func test_seated_mode_lifts_view() -> void:
	var y: float = rig.translation.y
	rig.set_seated(true)
	check(abs(rig.translation.y - y - rig.seated_lift_m) < 0.001, "lifted")
	rig.set_seated(false)
	check(abs(rig.translation.y - y) < 0.001, "back down")


func test_trigger_and_grip_reach_the_interactor() -> void:
	var hand: ARVRController = rig.right_hand
	check_eq(hand.interactor.hand, "right", "right hand")
	check_eq(rig.left_hand.interactor.hand, "left", "left hand")
	hand.press_button(JOY_VR_TRIGGER)
	hand.release_button(JOY_VR_TRIGGER)
	hand.press_button(JOY_VR_GRIP)
	hand.release_button(JOY_VR_GRIP)
	check(true, "buttons without a target do nothing")
	rig.show_status("runtime gone")
	check(rig.status_panel.visible, "status in front of the eyes")
	rig.show_status("")
	check(not rig.status_panel.visible, "hidden when fine")


func test_the_wrist_shows_the_guide_and_the_rays_name_their_targets() -> void:
	var fixture: Array = load_fixture("session_full.json")
	feed(fixture[0])
	feed(fixture[1])
	yield(frames(2), "completed")
	var text: String = rig.wrist_text()
	check(text.find("Step 21 of 21") >= 0, "guide on the wrist: " + text)
	check(text.find("Right hand: NMP") >= 0, "what the right hand holds: " + text)
	check(rig.wrist_panel.visible, "the wrist panel shows")
	var px: float = rig.wrist_panel.pixels_per_m
	check(UiKit.cap_height_mm(20, px) >= UiKit.cap_height_mm(UiKit.min_font_px(px, 0.35), px),
			"the wrist text is readable at arm's length")
