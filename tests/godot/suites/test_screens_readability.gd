extends "res://tests/godot/lib/test_case.gd"
## The smallest text a screen may use (UiKit: 0.3° of x-height for a 20 px/degree headset) and
## every panel of the room against it, at the distance it is read from: machine screens, the
## time panel and the potentiostat from 2 m, notebooks from 3 m, signs from across the room.
## Item labels (scenes/items/item_view.gd) are read at arm's length: their figures are printed
## for 2 m and checked at 1 m. Prints one READABILITY line per panel kind.

const DryRoom = preload("res://scenes/dry_room/dry_room.tscn")
const UiKit = preload("res://scenes/ui3d/ui_kit.gd")
const Panel3D = preload("res://scenes/ui3d/panel_3d.gd")
const Sign3D = preload("res://scenes/ui3d/sign_3d.gd")
const Fit = preload("res://tests/godot/suites/test_screens_fit.gd")
## Signs name machines across the room [m]; pad and shelf labels are read from 2 m.
const SIGN_DISTANCE_M = 5.0
## Item labels are read at arm's length, at the bench [m].
const ITEM_LABEL_DISTANCE_M = 1.0

var room: Spatial


func before_each() -> void:
	reset_bridge()


func after_each() -> void:
	if room != null:
		room.queue_free()
		room = null


func test_minimum_follows_from_the_headset() -> void:
	check(abs(UiKit.min_x_height_m(2.0) - 0.01047) < 0.0001, "0.3° at 2 m = 10.5 mm")
	check(abs(UiKit.min_em_m(2.0) - 0.01914) < 0.0001, "em = x-height / 0.547")
	check_eq(UiKit.min_font_px(800.0), 16, "machine screens: 16 px at 800 px/m")
	check_eq(UiKit.min_font_px(700.0), 14, "potentiostat: 14 px at 700 px/m")
	check_eq(UiKit.min_font_px(700.0, 3.0), 21, "notebooks: 21 px at 700 px/m from 3 m")
	check(abs(UiKit.cap_height_mm(16, 800.0) - 14.6) < 0.05, "cap height of 16 px at 800 px/m")
	var pixel_deg := rad2deg(atan(UiKit.min_x_height_m(2.0) / 2.0))
	check(abs(pixel_deg * UiKit.HEADSET_PX_PER_DEG - 6.0) < 0.01, "6 headset pixels")
	for bold in [false, true]:
		var font := UiKit.font(100, bold)
		check(abs(font.get_ascent() - 93.0) <= 1.0, "a 100 px DejaVu font has an em of 100 px "
				+ "(ascent 0.928 em): %.1f" % font.get_ascent())


func test_every_panel_of_the_room_meets_it() -> void:
	room = DryRoom.instance()
	room.xr_request = "none"
	add_child(room)
	var fixture: Dictionary = load_fixture("screen_states.json")
	var machines := {}
	for mid in fixture["machines"]:
		var shots: Dictionary = fixture["machines"][mid]
		machines[mid] = shots["ready"]["entry"] if shots.has("ready") else shots["idle"]["entry"]
	feed({"t": "state", "version": 1, "sim_time_s": 0.0, "machines": machines,
			"potentiostat": fixture["potentiostat"], "notebooks": fixture["notebooks"]})
	yield(frames(4), "completed")
	var worst := {}
	for panel in _panels(room):
		var kind := _kind_of(panel)
		if kind == "":
			continue
		var distance: float = {"notebook": UiKit.NOTEBOOK_DISTANCE_M, "sign": SIGN_DISTANCE_M,
				"item label": ITEM_LABEL_DISTANCE_M}.get(kind, UiKit.READ_DISTANCE_M)
		var px := _smallest_px(panel)
		if px >= 10000:
			continue
		var need := UiKit.min_font_px(panel.pixels_per_m, distance)
		check(px >= need, "%s %s: %d px < %d px (%.0f px/m, read from %.0f m)" % [kind,
				str(room.get_path_to(panel)), px, need, panel.pixels_per_m, distance])
		var em_m: float = px / panel.pixels_per_m
		if not worst.has(kind) or em_m < worst[kind][0]:
			worst[kind] = [em_m, px, panel.pixels_per_m, distance, need]
	for kind in worst:
		var w: Array = worst[kind]
		print("READABILITY %s: smallest %d px at %.0f px/m = cap height %.1f mm; minimum from "
				% [kind, w[1], w[2], UiKit.cap_height_mm(w[1], w[2])]
				+ "%.0f m: %d px (%.1f mm)" % [w[3], w[4], UiKit.cap_height_mm(w[4], w[2])])
	for kind in ["machine screen", "potentiostat channel", "notebook", "time panel", "sign"]:
		check(worst.has(kind), "measured: " + kind)


func test_item_label_figures() -> void:
	room = DryRoom.instance()
	room.xr_request = "none"
	add_child(room)
	room.load_state_file("res://tests/godot/fixtures/session_full.json")
	for view in room.get_node("Items").get_children():
		if view.has_method("set_expanded"):
			view.set_expanded(true)
	yield(frames(4), "completed")
	var measured := 0
	var smallest := 10000
	var ppm := 0.0
	for panel in _panels(room.get_node("Items")):
		var px := _smallest_px(panel)
		if px >= 10000:
			continue
		measured += 1
		check(px >= UiKit.min_font_px(panel.pixels_per_m, ITEM_LABEL_DISTANCE_M),
				"item label legible at arm's length")
		if measured == 1 or px < smallest:
			smallest = px
			ppm = panel.pixels_per_m
	check(measured > 0, "item labels measured")
	if measured > 0:
		var at_2m := UiKit.min_font_px(ppm, 2.0)
		print("READABILITY item label (expanded): smallest %d px at %.0f px/m = cap height "
				% [smallest, ppm] + "%.1f mm; minimum from 1 m: %d px, from 2 m: %d px (%.1f mm)"
				% [UiKit.cap_height_mm(smallest, ppm), UiKit.min_font_px(ppm, 1.0), at_2m,
				UiKit.cap_height_mm(at_2m, ppm)])


static func _panels(root: Node) -> Array:
	var out := []
	for child in root.get_children():
		if child is Panel3D:
			out.append(child)
		out += _panels(child)
	return out


func _kind_of(panel: Spatial) -> String:
	var path := str(room.get_path_to(panel))
	if panel is Sign3D:
		if path.find("/Slot_") >= 0:
			return "pad label"
		if path.find("Shelves/") >= 0 and path.count("/") >= 2:
			return "shelf label"
		return "sign"
	if path.find("Notebooks") >= 0:
		return "notebook"
	if path.find("TimePanel") >= 0:
		return "time panel"
	if path.find("Potentiostat/Channel") >= 0:
		return "potentiostat channel"
	if path.find("Machines") >= 0 and panel.name == "Screen":
		return "machine screen"
	if path.find("Items") >= 0:
		return "item label"
	return ""


static func _smallest_px(panel: Spatial) -> int:
	if panel is Sign3D:
		return panel.font_px
	var smallest := 10000
	for child in panel.content.get_children():
		if child is Control:
			smallest = int(min(smallest, Fit.smallest_font_px(child)))
			for chart in _charts(child):
				smallest = int(min(smallest, chart.font_px))
	return smallest


static func _charts(root: Node) -> Array:
	var out := []
	for child in root.get_children():
		if child.has_method("get_texts"):
			out.append(child)
		out += _charts(child)
	return out
