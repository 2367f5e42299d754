extends Control
## Galvanostatic cycling (GCPL) chart drawn from curve data: voltage [V] over capacity [mAh].
##
## set_curves({"charge": {"capacity_mah": [...], "voltage_v": [...]}, "discharge": {...}}).

const UiKit = preload("res://scenes/ui3d/ui_kit.gd")
const CHARGE_COLOR = Color(0.95, 0.55, 0.2)
const DISCHARGE_COLOR = Color(0.35, 0.7, 1.0)
const MARGIN_LEFT = 58.0
const MARGIN_BOTTOM = 34.0
const MARGIN_TOP = 10.0
const MARGIN_RIGHT = 12.0

var _curves := {}
var _x_range := Vector2(0, 1)
var _y_range := Vector2(0, 1)
var _font: Font
var _polylines := {}


func _init() -> void:
	_font = UiKit.font(15)
	rect_min_size = Vector2(300, 160)
	connect("resized", self, "_recompute")


## Takes the gcpl object of a potentiostat result; anything malformed is ignored.
func set_curves(gcpl) -> void:
	_curves = {}
	if typeof(gcpl) == TYPE_DICTIONARY:
		for branch in ["charge", "discharge"]:
			var points := _points_of(gcpl.get(branch))
			if points.size() >= 2:
				_curves[branch] = points
	_recompute()


func has_curves() -> bool:
	return not _curves.empty()


## Pixel polylines as drawn: {"charge": PoolVector2Array, "discharge": PoolVector2Array}.
func get_polylines() -> Dictionary:
	return _polylines


## Data range shown: {"capacity_mah": Vector2(min, max), "voltage_v": Vector2(min, max)}.
func get_ranges() -> Dictionary:
	return {"capacity_mah": _x_range, "voltage_v": _y_range}


static func _points_of(branch) -> PoolVector2Array:
	var points := PoolVector2Array()
	if typeof(branch) != TYPE_DICTIONARY:
		return points
	var xs = branch.get("capacity_mah")
	var ys = branch.get("voltage_v")
	if typeof(xs) != TYPE_ARRAY or typeof(ys) != TYPE_ARRAY:
		return points
	for i in range(min(xs.size(), ys.size())):
		if _is_number(xs[i]) and _is_number(ys[i]):
			points.append(Vector2(float(xs[i]), float(ys[i])))
	return points


static func _is_number(value) -> bool:
	return typeof(value) == TYPE_INT or typeof(value) == TYPE_REAL


func _recompute() -> void:
	_polylines = {}
	if _curves.empty():
		update()
		return
	var lo := Vector2(INF, INF)
	var hi := Vector2(-INF, -INF)
	for branch in _curves:
		for p in _curves[branch]:
			lo = Vector2(min(lo.x, p.x), min(lo.y, p.y))
			hi = Vector2(max(hi.x, p.x), max(hi.y, p.y))
	var pad_y := max((hi.y - lo.y) * 0.08, 0.05)
	_x_range = Vector2(min(lo.x, 0.0), hi.x if hi.x > lo.x else lo.x + 1.0)
	_y_range = Vector2(lo.y - pad_y, hi.y + pad_y)
	for branch in _curves:
		var line := PoolVector2Array()
		for p in _curves[branch]:
			line.append(to_pixel(p))
		_polylines[branch] = line
	update()


## Data point (capacity, voltage) → pixel inside this control.
func to_pixel(p: Vector2) -> Vector2:
	var plot := _plot_rect()
	var fx := (p.x - _x_range.x) / (_x_range.y - _x_range.x)
	var fy := (p.y - _y_range.x) / (_y_range.y - _y_range.x)
	return Vector2(plot.position.x + fx * plot.size.x, plot.end.y - fy * plot.size.y)


func _plot_rect() -> Rect2:
	return Rect2(MARGIN_LEFT, MARGIN_TOP, max(rect_size.x - MARGIN_LEFT - MARGIN_RIGHT, 1.0),
			max(rect_size.y - MARGIN_TOP - MARGIN_BOTTOM, 1.0))


func _draw() -> void:
	var plot := _plot_rect()
	draw_rect(plot, Color(0.05, 0.07, 0.1))
	if _curves.empty():
		draw_string(_font, plot.position + Vector2(12, plot.size.y / 2), "no GCPL data yet",
				UiKit.INK_DIM)
		return
	for i in range(5):
		var v = lerp(_y_range.x, _y_range.y, i / 4.0)
		var y := to_pixel(Vector2(_x_range.x, v)).y
		draw_line(Vector2(plot.position.x, y), Vector2(plot.end.x, y), Color(1, 1, 1, 0.1))
		draw_string(_font, Vector2(4, y + 5), "%.2f" % v, UiKit.INK_DIM)
	for i in range(5):
		var c = lerp(_x_range.x, _x_range.y, i / 4.0)
		var x := to_pixel(Vector2(c, _y_range.x)).x
		draw_line(Vector2(x, plot.position.y), Vector2(x, plot.end.y), Color(1, 1, 1, 0.1))
		draw_string(_font, Vector2(x - 14, plot.end.y + 16), "%.0f" % c, UiKit.INK_DIM)
	draw_string(_font, Vector2(plot.end.x - 110, rect_size.y - 2), "capacity [mAh]", UiKit.INK_DIM)
	draw_string(_font, Vector2(plot.position.x + 6, plot.position.y + 16), "V", UiKit.INK_DIM)
	for branch in ["charge", "discharge"]:
		if _polylines.has(branch):
			var color := CHARGE_COLOR if branch == "charge" else DISCHARGE_COLOR
			draw_polyline(_polylines[branch], color, 2.5, true)
	draw_string(_font, Vector2(plot.end.x - 170, plot.position.y + 16), "charge", CHARGE_COLOR)
	draw_string(_font, Vector2(plot.end.x - 100, plot.position.y + 16), "discharge",
			DISCHARGE_COLOR)
