extends Control
## Galvanostatic cycling (GCPL) chart drawn from curve data: voltage [V] over capacity [mAh].
##
## set_curves({"charge": {"capacity_mah": [...], "voltage_v": [...]}, "discharge": {...}}).
## Axes have round ticks and titles; margins follow the font, so labels never overlap the plot.
## get_texts() lists every string it draws with its box, for the legibility tests.

const UiKit = preload("res://scenes/ui3d/ui_kit.gd")
const CHARGE_COLOR = Color(0.95, 0.55, 0.2)
const DISCHARGE_COLOR = Color(0.35, 0.7, 1.0)
const GRID_COLOR = Color(1, 1, 1, 0.12)
const PAD = 6.0

## Font size of ticks, axis titles and legend [px].
var font_px := 16 setget set_font_px

var _curves := {}
var _x_range := Vector2(0, 1)
var _y_range := Vector2(0, 1)
var _x_ticks := []
var _y_ticks := []
var _font: Font
var _polylines := {}
var _texts := []
var _margin := Rect2(60, 24, 12, 48)


func _init() -> void:
	_font = UiKit.font(font_px)
	rect_min_size = Vector2(300, 160)
	connect("resized", self, "_recompute")


func set_font_px(px: int) -> void:
	font_px = px
	_font = UiKit.font(px)
	_recompute()


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


## Every text the chart draws: [{"text", "rect" (Rect2 in this control), "px"}].
func get_texts() -> Array:
	return _texts


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


## Round tick values covering [lo, hi] with about `count` steps (1, 2, 2.5 or 5 × 10^n).
static func nice_ticks(lo: float, hi: float, count: int) -> Array:
	var span := hi - lo
	if span <= 0.0:
		return [lo]
	var raw := span / max(count, 1)
	var magnitude := pow(10.0, floor(log(raw) / log(10.0)))
	var step := 10.0 * magnitude
	for nice in [1.0, 2.0, 2.5, 5.0]:
		if raw <= nice * magnitude * 1.0001:
			step = nice * magnitude
			break
	var out := []
	var v := ceil(lo / step - 1e-9) * step
	while v <= hi + step * 1e-6:
		out.append(stepify(v, step / 100.0))
		v += step
	return out


func _recompute() -> void:
	_polylines = {}
	_x_ticks = []
	_y_ticks = []
	_margin = _margins()
	if not _curves.empty():
		var lo := Vector2(INF, INF)
		var hi := Vector2(-INF, -INF)
		for branch in _curves:
			for p in _curves[branch]:
				lo = Vector2(min(lo.x, p.x), min(lo.y, p.y))
				hi = Vector2(max(hi.x, p.x), max(hi.y, p.y))
		var pad_y := max((hi.y - lo.y) * 0.08, 0.05)
		_x_range = Vector2(min(lo.x, 0.0), hi.x if hi.x > lo.x else lo.x + 1.0)
		_y_range = Vector2(lo.y - pad_y, hi.y + pad_y)
		_margin = _margins()
		_x_ticks = nice_ticks(_x_range.x, _x_range.y, _tick_count(true))
		_y_ticks = nice_ticks(_y_range.x, _y_range.y, _tick_count(false))
		for branch in _curves:
			var line := PoolVector2Array()
			for p in _curves[branch]:
				line.append(to_pixel(p))
			_polylines[branch] = line
	_layout_texts()
	update()


func _tick_count(x_axis: bool) -> int:
	var plot := _plot_rect()
	var room := plot.size.x / (_font.get_string_size("0000").x * 1.8) if x_axis else (
		plot.size.y / (_font.get_height() * 1.6))
	return int(clamp(floor(room), 2, 6))


func _tick_text(value: float, y_axis: bool) -> String:
	if y_axis:
		return "%.1f" % value if abs(value * 10.0 - round(value * 10.0)) < 1e-6 else (
			"%.2f" % value)
	return UiKit.format_number(round(value))


## Data point (capacity, voltage) → pixel inside this control.
func to_pixel(p: Vector2) -> Vector2:
	var plot := _plot_rect()
	var fx := (p.x - _x_range.x) / (_x_range.y - _x_range.x)
	var fy := (p.y - _y_range.x) / (_y_range.y - _y_range.x)
	return Vector2(plot.position.x + fx * plot.size.x, plot.end.y - fy * plot.size.y)


func _margins() -> Rect2:
	# left: y title (rotated) + tick labels; bottom: tick labels + x title; top: legend
	var line := _font.get_height()
	var tick_w := _font.get_string_size("4.25").x
	if not _curves.empty():
		for v in nice_ticks(_y_range.x, _y_range.y, 6):
			tick_w = max(tick_w, _font.get_string_size(_tick_text(v, true)).x)
	var left := PAD + line + PAD + tick_w + PAD
	return Rect2(left, line + PAD, PAD * 2, 2 * line + PAD * 2)


func _plot_rect() -> Rect2:
	var m := _margin
	return Rect2(m.position.x, m.position.y,
			max(rect_size.x - m.position.x - m.size.x, 1.0),
			max(rect_size.y - m.position.y - m.size.y, 1.0))


func _add_text(text: String, position: Vector2, color: Color, rotated: bool = false) -> void:
	# position: top-left of the text box (before rotation: the box turns about it)
	var size := _font.get_string_size(text)
	var rect := Rect2(position, size)
	if rotated:
		rect = Rect2(position - Vector2(0, size.x), Vector2(size.y, size.x))
	_texts.append({"text": text, "rect": rect, "px": font_px, "color": color,
			"rotated": rotated, "at": position})


func _layout_texts() -> void:
	_texts = []
	var plot := _plot_rect()
	var line := _font.get_height()
	if _curves.empty():
		_add_text("No curves yet", plot.position + Vector2(12, plot.size.y / 2 - line / 2),
				UiKit.INK_DIM)
		return
	for v in _y_ticks:
		var text := _tick_text(v, true)
		var y := to_pixel(Vector2(_x_range.x, v)).y
		var w := _font.get_string_size(text).x
		_add_text(text, Vector2(plot.position.x - PAD - w, y - line / 2), UiKit.INK_DIM)
	var last_end := -INF
	for c in _x_ticks:
		var text := _tick_text(c, false)
		var x := to_pixel(Vector2(c, _y_range.x)).x
		var w := _font.get_string_size(text).x
		var left := clamp(x - w / 2, 0.0, rect_size.x - w)
		if left < last_end + PAD:
			continue
		_add_text(text, Vector2(left, plot.end.y + PAD / 2), UiKit.INK_DIM)
		last_end = left + w
	var x_title := "Capacity (mAh)"
	var xw := _font.get_string_size(x_title).x
	_add_text(x_title, Vector2(plot.position.x + (plot.size.x - xw) / 2, plot.end.y + line + PAD),
			UiKit.INK)
	var y_title := "Voltage (V)"
	var yw := _font.get_string_size(y_title).x
	_add_text(y_title, Vector2(PAD, plot.position.y + (plot.size.y + yw) / 2), UiKit.INK, true)
	var legend_x := plot.end.x
	for branch in ["discharge", "charge"]:
		var w := _font.get_string_size(branch).x
		legend_x -= w
		_add_text(branch, Vector2(legend_x, 0), CHARGE_COLOR if branch == "charge" else
				DISCHARGE_COLOR)
		legend_x -= PAD * 3


func _draw() -> void:
	var plot := _plot_rect()
	draw_rect(plot, Color(0.05, 0.07, 0.1))
	for v in _y_ticks:
		var y := to_pixel(Vector2(_x_range.x, v)).y
		draw_line(Vector2(plot.position.x, y), Vector2(plot.end.x, y), GRID_COLOR)
	for c in _x_ticks:
		var x := to_pixel(Vector2(c, _y_range.x)).x
		draw_line(Vector2(x, plot.position.y), Vector2(x, plot.end.y), GRID_COLOR)
	draw_rect(plot, Color(1, 1, 1, 0.35), false)
	for branch in ["charge", "discharge"]:
		if _polylines.has(branch):
			var color := CHARGE_COLOR if branch == "charge" else DISCHARGE_COLOR
			draw_polyline(_polylines[branch], color, 3.0, true)
	var ascent := _font.get_ascent()
	for t in _texts:
		if t["rotated"]:
			draw_set_transform(t["at"], -PI / 2, Vector2.ONE)
			draw_string(_font, Vector2(0, ascent), t["text"], t["color"])
			draw_set_transform(Vector2.ZERO, 0.0, Vector2.ONE)
		else:
			draw_string(_font, t["at"] + Vector2(0, ascent), t["text"], t["color"])
