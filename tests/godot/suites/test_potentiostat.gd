extends "res://tests/godot/lib/test_case.gd"
## The potentiostat draws a GCPL chart from curve data and shows Wh/kg and feedback.

const CellScreen = preload("res://scenes/potentiostat/cell_screen.gd")
const GcplChart = preload("res://scenes/potentiostat/gcpl_chart.gd")
const PotentiostatView = preload("res://scenes/potentiostat/potentiostat_view.gd")

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
