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
