extends Reference
## Shared look of every screen and sign: fonts, colours, styled controls, number formats.

const FONT_REGULAR = preload("res://assets/fonts/DejaVuSans.ttf")
const FONT_BOLD = preload("res://assets/fonts/DejaVuSans-Bold.ttf")

const INK = Color(0.93, 0.95, 0.97)
const INK_DIM = Color(0.68, 0.73, 0.79)
const SCREEN_BG = Color(0.09, 0.12, 0.16)
const SCREEN_EDGE = Color(0.25, 0.32, 0.4)
const FIELD_BG = Color(0.16, 0.2, 0.26)
const GREEN = Color(0.18, 0.65, 0.32)
const AMBER = Color(0.95, 0.65, 0.15)
const RED = Color(0.85, 0.25, 0.22)
const BLUE = Color(0.22, 0.5, 0.85)
const GREY = Color(0.42, 0.46, 0.52)
const SIGN_BG = Color(0.08, 0.3, 0.55)


static func font(size: int, bold: bool = false) -> DynamicFont:
	var f := DynamicFont.new()
	f.font_data = FONT_BOLD if bold else FONT_REGULAR
	f.size = size
	return f


static func label(text: String, size: int, color: Color = INK, bold: bool = false) -> Label:
	var l := Label.new()
	l.text = text
	l.add_font_override("font", font(size, bold))
	l.add_color_override("font_color", color)
	return l


static func box(color: Color, radius: int = 6, margin: int = 8) -> StyleBoxFlat:
	var s := StyleBoxFlat.new()
	s.bg_color = color
	s.corner_radius_top_left = radius
	s.corner_radius_top_right = radius
	s.corner_radius_bottom_left = radius
	s.corner_radius_bottom_right = radius
	s.content_margin_left = margin
	s.content_margin_right = margin
	s.content_margin_top = margin / 2.0
	s.content_margin_bottom = margin / 2.0
	return s


static func button(text: String, size: int, color: Color = BLUE) -> Button:
	var b := Button.new()
	b.text = text
	b.focus_mode = Control.FOCUS_NONE
	b.add_font_override("font", font(size, true))
	b.add_color_override("font_color", INK)
	b.add_color_override("font_color_hover", Color.white)
	b.add_color_override("font_color_pressed", Color.white)
	b.add_color_override("font_color_disabled", INK_DIM)
	b.add_stylebox_override("normal", box(color))
	b.add_stylebox_override("hover", box(color.lightened(0.2)))
	b.add_stylebox_override("pressed", box(color.darkened(0.25)))
	b.add_stylebox_override("disabled", box(GREY.darkened(0.3)))
	b.add_stylebox_override("focus", StyleBoxEmpty.new())
	return b


static func status_color(status: String) -> Color:
	match status:
		"running":
			return AMBER
		"done":
			return GREEN
	return GREY


static func severity_color(severity: String) -> Color:
	match severity:
		"error", "critical":
			return RED
		"warning":
			return AMBER
	return INK_DIM


## 4830 → "1 h 20 min", 75 → "1 min 15 s".
static func format_duration(seconds: float) -> String:
	var s := int(round(max(seconds, 0.0)))
	if s >= 3600:
		return "%d h %02d min" % [s / 3600, (s % 3600) / 60]
	if s >= 60:
		return "%d min %02d s" % [s / 60, s % 60]
	return "%d s" % s


## Simulated clock as "Day 1 · 08:20" (day 1 starts at 08:00).
static func format_clock(sim_time_s: float) -> String:
	var total := int(sim_time_s) + 8 * 3600
	var day := total / 86400 + 1
	var rest := total % 86400
	return "Day %d · %02d:%02d" % [day, rest / 3600, (rest % 3600) / 60]


## Short number text: 0.5 → "0.5", 120.0 → "120", 1.23456 → "1.235".
static func format_number(value) -> String:
	if typeof(value) != TYPE_INT and typeof(value) != TYPE_REAL:
		return str(value)
	var v := float(value)
	if abs(v - round(v)) < 1e-9:
		return str(int(round(v)))
	var text := "%.3f" % v
	text = text.rstrip("0").rstrip(".")
	return text


## "comma_gap_um" → "Comma gap".
static func pretty_name(name: String) -> String:
	var words := name.split("_")
	var units := ["um", "mm", "m", "min", "s", "c", "rpm", "g", "pct", "wt", "h", "mg", "cm2"]
	while words.size() > 1 and words[words.size() - 1] in units:
		words.remove(words.size() - 1)
	var text := PoolStringArray(words).join(" ")
	return text.substr(0, 1).to_upper() + text.substr(1, text.length() - 1)
