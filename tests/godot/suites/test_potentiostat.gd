extends "res://tests/godot/lib/test_case.gd"
## The potentiostat draws a GCPL chart from curve data (axis titles, round ticks) and shows
## Wh/kg, the cell's name and its feedback in plain words, on pages, legible from 2 m.

const CellScreen = preload("res://scenes/potentiostat/cell_screen.gd")
const GcplChart = preload("res://scenes/potentiostat/gcpl_chart.gd")
const PotentiostatView = preload("res://scenes/potentiostat/potentiostat_view.gd")
const Fit = preload("res://tests/godot/suites/test_screens_fit.gd")
const UiKit = preload("res://scenes/ui3d/ui_kit.gd")
const LONG = ("positive.mixing.time_min = 8 min is below 18 min: at 1500 rpm the slurry needs "
		+ "at least 18 min to homogenise (ω·t = const)")

var result := {
	"cell_id": "cell-3", "energy_density_wh_kg": 241.7,
	"gcpl": {
		"charge": {"capacity_mah": [0, 1000, 2000, 2900], "voltage_v": [3.0, 3.7, 3.95, 4.2]},
		"discharge": {"capacity_mah": [0, 1000, 2000, 2850], "voltage_v": [4.15, 3.85, 3.6, 3.0]},
	},
	"feedback": [{"code": "oven_hot", "severity": "warning", "message": "Oven too hot for water"}],
}


func before_each() -> void:
	reset_bridge()


func test_chart_polylines_follow_the_data() -> void:
	var chart: Control = GcplChart.new()
	chart.rect_size = Vector2(400, 200)
	add_child(chart)
	chart.set_curves(result["gcpl"])
	var lines: Dictionary = chart.get_polylines()
	check_eq(lines.keys().size(), 2, "charge and discharge")
	check_eq(lines.get("charge", PoolVector2Array()).size(), 4, "one pixel per point")
	var charge: PoolVector2Array = lines.get("charge", PoolVector2Array())
	var plot := Rect2(Vector2.ZERO, chart.rect_size)
	for p in charge:
		check(plot.has_point(p), "point %s inside the chart" % str(p))
	for i in range(1, charge.size()):
		check(charge[i].x > charge[i - 1].x, "capacity grows to the right")
		check(charge[i].y < charge[i - 1].y, "higher voltage is drawn higher")
	var ranges: Dictionary = chart.get_ranges()
	check(ranges["voltage_v"].x < 3.0 and ranges["voltage_v"].y > 4.2, "voltage axis padded")


func test_chart_ignores_bad_data() -> void:
	var chart: Control = GcplChart.new()
	chart.rect_size = Vector2(300, 150)
	add_child(chart)
	chart.set_curves({"charge": {"capacity_mah": [0, "x"], "voltage_v": [3.0]}})
	check(not chart.has_curves(), "no curve from broken data")
	chart.set_curves(null)
	check(not chart.has_curves(), "null clears")


func test_cell_screen_shows_result() -> void:
	var screen: Control = CellScreen.new()
	add_child(screen)
	screen.show_result(0, result)
	check_eq(screen.get_energy_text(), "242 Wh/kg", "energy density")
	check(screen.get_chart().has_curves(), "chart filled")
	check(screen.get_feedback_texts()[0].find("Oven too hot") >= 0, "feedback line")
	screen.show_result(3, null)
	check_eq(screen.get_energy_text(), "—", "empty channel")


func test_potentiostat_view_fills_nine_channels_from_state() -> void:
	var view: Spatial = PotentiostatView.new()
	view.machine_id = "potentiostat"
	view.kind = "potentiostat"
	add_child(view)
	var slots := [null, result, null, null, null, null, null, null, null]
	feed({"t": "state", "version": 1, "machines": {"potentiostat": {"status": "running",
			"slots": {"2": "cell-3"}, "remaining_s": 3600}}, "potentiostat": {"slots": slots}})
	check_eq(view.cell_screens.size(), 9, "nine channel screens")
	check_eq(view.get_cell_screen(1).get_energy_text(), "242 Wh/kg", "channel 2 shows the cell")
	check_eq(view.get_cell_screen(0).get_energy_text(), "—", "channel 1 empty")
	check(view.get_cell_screen(1).get_chart().has_curves(), "channel 2 chart")



func _careless_result() -> Dictionary:
	var out: Dictionary = result.duplicate(true)
	out["capacity_mah"] = 2876.4
	out["energy_wh"] = 10.61
	out["n_p_ratio"] = 1.09
	out["format"] = "18650"
	var feedback := []
	for i in range(10):
		feedback.append({"code": "x%d" % i, "severity": "warning" if i % 3 else "error",
				"message": LONG})
	out["feedback"] = feedback
	return out


func _cell_on_panel() -> Array:
	var view: Spatial = PotentiostatView.new()
	view.machine_id = "potentiostat"
	view.kind = "potentiostat"
	add_child(view)
	return [view, view.get_cell_screen(2), view.get_cell_panel(2)]


func test_chart_has_axis_titles_round_ticks_and_legible_text() -> void:
	var chart: Control = GcplChart.new()
	chart.font_px = 18
	chart.rect_size = Vector2(562, 240)
	add_child(chart)
	chart.set_curves(result["gcpl"])
	var texts := []
	for t in chart.get_texts():
		texts.append(t["text"])
	check_has(texts, "Voltage (V)", "y axis title")
	check_has(texts, "Capacity (mAh)", "x axis title")
	check_has(texts, "charge", "legend")
	check_has(texts, "3.5", "round voltage ticks")
	check_has(texts, "1000", "round capacity ticks")
	for problem in Fit.chart_problems(chart, 700.0, UiKit.READ_DISTANCE_M, "chart"):
		check(false, problem)
	check_eq(GcplChart.nice_ticks(2.8, 4.3, 4), [3.0, 3.5, 4.0], "ticks")


func test_feedback_is_plain_and_paged_until_every_line_is_read() -> void:
	var parts := _cell_on_panel()
	var screen: Control = parts[1]
	var panel: Spatial = parts[2]
	screen.show_result(2, _careless_result(), "Cell #3 (Ada)")
	yield(frames(4), "completed")
	check(screen.get_feedback_texts()[0].begins_with("Positive electrode: mixing time = 8 min"),
			"paths in words: " + screen.get_feedback_texts()[0])
	for text in screen.get_feedback_texts():
		check_eq(Fit.internal_id_in(text), "", "plain: " + text)
	check(screen.get_page_count() >= 2, "ten long lines need more than one page")
	var seen := 0
	for page in range(screen.get_page_count()):
		var point: Vector3 = panel.global_point_of(screen.get_page_button())
		panel.pointer("press", point)
		panel.pointer("release", point)
		yield(frames(4), "completed")
		check_eq(screen.get_page(), page, "the button turns the page")
		seen += screen._pages[page].size()
		for problem in Fit.layout_problems(screen, panel.get_pixel_size(), panel.pixels_per_m,
				UiKit.READ_DISTANCE_M, "page %d" % (page + 1)):
			check(false, problem)
	check_eq(seen, 10, "every line is on a page")
	screen.next_page()
	check_eq(screen.get_page(), -1, "back to the curves")


func test_channel_names_the_cell_not_its_id() -> void:
	var parts := _cell_on_panel()
	var view: Spatial = parts[0]
	var slots := [null, null, result, null, null, null, null, null, null]
	view.show_room_state({"potentiostat": {"slots": slots}, "items": {"cell-3": {
			"name": "Cell #3 (Ada), tested", "kind": "tested_cell"}}})
	yield(frames(3), "completed")
	var title: String = view.get_cell_screen(2)._title.text
	check(title.find("Cell #3 (Ada), tested") >= 0, "the cell's name: " + title)
	check(title.find("cell-3") < 0, "not its id")


func test_wall_is_legible_from_two_metres() -> void:
	var parts := _cell_on_panel()
	var view: Spatial = parts[0]
	var slots := [result, _careless_result(), null, null, null, null, null, null, null]
	view.show_room_state({"potentiostat": {"slots": slots}})
	yield(frames(4), "completed")
	for i in range(9):
		var panel: Spatial = view.get_cell_panel(i)
		var screen: Control = view.get_cell_screen(i)
		var need := UiKit.min_font_px(panel.pixels_per_m, UiKit.READ_DISTANCE_M)
		check(Fit.smallest_font_px(screen) >= need, "channel %d: %d px >= %d px" % [i + 1,
				Fit.smallest_font_px(screen), need])
		check(screen.get_chart().font_px >= need, "chart text")
		check(panel.interactive and panel.pointer_title != "", "clickable, named")
		for problem in Fit.layout_problems(screen, panel.get_pixel_size(), panel.pixels_per_m,
				UiKit.READ_DISTANCE_M, "channel %d" % (i + 1)):
			check(false, problem)
	var px: int = view.get_cell_screen(0).PX_ENERGY
	print("READABILITY potentiostat: Wh/kg %d px, smallest %d px at %.0f px/m = cap %.1f mm"
			% [px, Fit.smallest_font_px(view.get_cell_screen(1)), view.CELL_PIXELS_PER_M,
			UiKit.cap_height_mm(Fit.smallest_font_px(view.get_cell_screen(1)),
			view.CELL_PIXELS_PER_M)])
