extends "res://tests/godot/lib/test_case.gd"
## The time panel shows the sim clock and its four buttons send skip_time intents.

const TimePanel = preload("res://scenes/time_panel/time_panel.gd")

var panel: Spatial


func before_each() -> void:
	reset_bridge()
	panel = TimePanel.new()
	add_child(panel)


func test_buttons_send_skip_time() -> void:
	yield(frames(2), "completed")
	var screen: Spatial = panel.panel
	for seconds in [1200, 3600, 14400, 28800]:
		var point: Vector3 = screen.global_point_of(panel.buttons[seconds])
		screen.pointer("press", point)
		screen.pointer("release", point)
		check_eq(last_intent(), {"type": "skip_time", "args": {"seconds": seconds}},
				"button %d" % seconds)
	check_eq(sent_intents().size(), 4, "one intent per press")


func test_clock_follows_state() -> void:
	feed({"t": "state", "version": 1, "sim_time_s": 3720.0, "machines": {
		"coater": {"status": "running", "remaining_s": 600}}})
	check_eq(panel.get_clock_text(), "Day 1 · 09:02", "clock")
	feed({"t": "state", "version": 2, "sim_time_s": 86400.0 + 1200.0, "machines": {}})
	check_eq(panel.get_clock_text(), "Day 2 · 08:20", "next day")


func test_running_machines_by_name_soonest_first() -> void:
	feed({"t": "state", "version": 1, "sim_time_s": 0.0, "machines": {
		"slurry_mixer_2": {"status": "running", "remaining_s": 3600, "title": "slurry mixer"},
		"powder_dispenser": {"status": "running", "remaining_s": 160,
				"title": "powder dispenser"},
		"coater": {"status": "idle"}}})
	yield(frames(2), "completed")
	check_eq(panel.get_running_text(),
			"Running: Powder dispenser (3 min), Slurry mixer (1 h)", "names and times")
	var ui: Control = panel.panel.content.get_node("UI")
	var px: Vector2 = panel.panel.get_pixel_size()
	check(ui.rect_size.y <= px.y + 0.5, "fits: %s in %s" % [str(ui.rect_size), str(px)])
