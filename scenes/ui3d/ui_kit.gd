extends Reference
## Shared look of every screen and sign: fonts, colours, styled controls, number formats,
## plain-language names, and the smallest text a screen may use.

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
## Text colours that read on SCREEN_BG (RED and GREEN are button fills, too dark for text).
const TEXT_RED = Color(1.0, 0.55, 0.5)
const TEXT_GREEN = Color(0.45, 0.9, 0.55)
const TEXT_AMBER = Color(1.0, 0.78, 0.35)

# --- Readability --------------------------------------------------------------------------
# The smallest text a screen may use, for a student reading it in VR from READ_DISTANCE_M.
# Assumptions: a headset of the class the course uses (Quest 2 / Vive Pro) resolves about
# HEADSET_PX_PER_DEG = 20 pixels per degree at the centre of the view; a character is legible
# when its x-height spans MIN_X_HEIGHT_DEG = 0.3° (6 headset pixels; 0.25–0.3° is the usual
# figure for legible VR text). At 2 m that is an x-height of 2·2 m·tan(0.15°) = 10.5 mm. The
# screens use DejaVu Sans, whose x-height is 1120 and cap height 1493 of its 2048 units per em
# (X_HEIGHT_EM, CAP_HEIGHT_EM, read from the font's glyphs), and a Godot DynamicFont of size
# N px has an em of N px. So the smallest em is 10.5 mm / 0.547 = 19.1 mm (cap height 13.9 mm):
# on a panel of P pixels per metre the smallest font is ceil(0.0191 m · P) px, 16 px at the
# machine screens' 800 px/m. The panels render at least as many pixels per metre as the
# headset shows at that distance (2 m · tan(1/20°) → 573 px/m), so the texture does not blur
# the glyphs further.

## Headset resolution the minimum is made for [pixels per degree].
const HEADSET_PX_PER_DEG = 20.0
## x-height a legible character needs [degrees of view].
const MIN_X_HEIGHT_DEG = 0.3
## Where a student stands to read a machine screen [m].
const READ_DISTANCE_M = 2.0
## Where the notebooks are read from (across the bench) [m].
const NOTEBOOK_DISTANCE_M = 3.0
## DejaVu Sans: x-height and cap height as a share of the em.
const X_HEIGHT_EM = 0.547
const CAP_HEIGHT_EM = 0.729

## Plain words for the intents a screen may name ("Refused (place_in_slot): …").
const INTENT_WORDS = {
	"place_in_slot": "Could not load that",
	"start_machine": "Could not start",
	"set_param": "Could not set that value",
	"grab": "Could not pick that up",
	"take_from_shelf": "Could not take that",
	"release": "Could not put that down",
	"skip_time": "Could not skip time",
	"hand_to": "Could not hand that over",
	"find_egg": "Nothing found",
}
## Units written at the end of parameter names, and how they are shown.
const NAME_UNITS = {
	"um": "µm", "mm": "mm", "m_min": "m/min", "min": "min", "s": "s", "h": "h", "c": "°C",
	"rpm": "rpm", "g": "g", "mg": "mg", "cm2": "cm²", "wt_pct": "wt%", "pct": "%",
	"wh_kg": "Wh/kg", "mah": "mAh", "v": "V",
}
## Words of internal names that read better spelled out.
const WORDS = {
	"temp": "temperature", "temps": "temperature", "c rate": "C-rate", "np": "N/P",
	"gcpl": "GCPL", "sei": "SEI", "active": "active material",
}
## Characters of a word or an internal name (plain_text looks at runs of these).
const ID_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_."
const LOWER = "abcdefghijklmnopqrstuvwxyz"
## The first part of a dotted path of the cell spec ("positive.mixing.time_min").
const ELECTRODE_WORDS = {"positive": "positive electrode", "negative": "negative electrode"}


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


## A label that wraps at its width (for a container that sets the width).
static func wrapped(text: String, size: int, color: Color = INK, bold: bool = false) -> Label:
	var l := label(text, size, color, bold)
	l.autowrap = true
	l.clip_text = false
	l.size_flags_horizontal = Control.SIZE_EXPAND_FILL
	return l


## The thin amber bar of a running machine or channel (hidden until a run shows it).
static func run_progress() -> ProgressBar:
	var bar := ProgressBar.new()
	bar.name = "Progress"
	bar.rect_min_size = Vector2(0, 10)
	bar.percent_visible = false
	bar.visible = false
	bar.add_stylebox_override("bg", box(FIELD_BG, 4, 0))
	bar.add_stylebox_override("fg", box(AMBER, 4, 0))
	return bar


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
	b.add_color_override("font_color_disabled", INK_DIM.darkened(0.1))
	b.add_stylebox_override("normal", box(color))
	b.add_stylebox_override("hover", box(color.lightened(0.2)))
	b.add_stylebox_override("pressed", box(color.darkened(0.25)))
	b.add_stylebox_override("disabled", box(GREY.darkened(0.45)))
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
			return TEXT_RED
		"warning":
			return TEXT_AMBER
	return INK_DIM


## Keeps `control` at `size` (a panel's pixel size): wrapped labels briefly ask for more
## height while they learn their width, and a Control never shrinks back by itself.
static func hold_size(control: Control, size: Vector2) -> void:
	if control.is_connected("minimum_size_changed", control, "set_size"):
		control.disconnect("minimum_size_changed", control, "set_size")
	control.connect("minimum_size_changed", control, "set_size", [size], Object.CONNECT_DEFERRED)
	control.rect_size = size
	control.call_deferred("set_size", size)


# --- Readability helpers ------------------------------------------------------------------
## Smallest legible x-height at `distance_m` [m].
static func min_x_height_m(distance_m: float = READ_DISTANCE_M) -> float:
	return 2.0 * distance_m * tan(deg2rad(MIN_X_HEIGHT_DEG) / 2.0)


## Smallest legible em (font size) at `distance_m` [m].
static func min_em_m(distance_m: float = READ_DISTANCE_M) -> float:
	return min_x_height_m(distance_m) / X_HEIGHT_EM


## Smallest font [px] on a panel of `pixels_per_m` read from `distance_m`.
static func min_font_px(pixels_per_m: float, distance_m: float = READ_DISTANCE_M) -> int:
	return int(ceil(min_em_m(distance_m) * pixels_per_m - 1e-6))


## Cap height [mm] of a `font_px` font on a panel of `pixels_per_m`.
static func cap_height_mm(font_px: float, pixels_per_m: float) -> float:
	return 1000.0 * CAP_HEIGHT_EM * font_px / pixels_per_m


## The largest font size from `max_px` down to `min_px` whose `text` is at most `width` wide.
static func fit_font_px(text: String, width: float, max_px: int, min_px: int,
		bold: bool = false) -> int:
	var px := max_px
	while px > min_px and font(px, bold).get_string_size(text).x > width:
		px -= 1
	return int(max(px, min_px))


## The lines a Label with autowrap makes of `text` at `width` (words stay whole; a word
## wider than the width gets a line of its own).
static func wrap_lines(text: String, f: Font, width: float) -> Array:
	var out := []
	for paragraph in text.split("\n"):
		var line := ""
		for word in paragraph.split(" ", false):
			var candidate: String = word if line == "" else line + " " + word
			if line != "" and f.get_string_size(candidate).x > width:
				out.append(line)
				line = word
			else:
				line = candidate
		out.append(line)
	return out


# --- Numbers and times --------------------------------------------------------------------
## 4830 → "1 h 20 min", 75 → "1 min 15 s".
static func format_duration(seconds: float) -> String:
	var s := int(round(max(seconds, 0.0)))
	if s >= 3600:
		return "%d h %02d min" % [s / 3600, (s % 3600) / 60]
	if s >= 60:
		return "%d min %02d s" % [s / 60, s % 60]
	return "%d s" % s


## Whole minutes: 4200 → "1 h 10 min", 3600 → "1 h", 600 → "10 min".
static func format_minutes(seconds: float) -> String:
	var m := int(ceil(max(seconds, 0.0) / 60.0 - 1e-9))
	if m >= 60:
		return "%d h" % (m / 60) if m % 60 == 0 else "%d h %d min" % [m / 60, m % 60]
	return "%d min" % m


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


## A value with its unit: (200, "µm") → "200 µm", ("A", "") → "A".
static func format_value(value, unit: String = "") -> String:
	if value == null:
		return "auto"
	var text := format_number(value)
	if unit == "" or typeof(value) == TYPE_STRING:
		return text
	return text + ("" if unit.begins_with("%") else " ") + unit


# --- Plain language -----------------------------------------------------------------------
## The unit a snake_case name ends with: "comma_gap_um" → "µm", "roll_temp_c" → "°C".
static func unit_of(name: String) -> String:
	var parts := name.split("_")
	if parts.size() >= 3 and NAME_UNITS.has(parts[-2] + "_" + parts[-1]):
		return NAME_UNITS[parts[-2] + "_" + parts[-1]]
	if parts.size() >= 2 and NAME_UNITS.has(parts[-1]):
		return NAME_UNITS[parts[-1]]
	return ""


## A snake_case name as words without its unit: "oven_zone1_temp_c" → "oven zone 1
## temperature", "active_wt_pct" → "active share", "powder_dispenser" → "powder dispenser".
static func words(name: String) -> String:
	var parts := Array(name.strip_edges().split("_", false))
	var share := false
	if parts.size() >= 3 and parts[-2] == "wt" and parts[-1] == "pct":
		parts.resize(parts.size() - 2)
		share = true
	var units := ["um", "mm", "m", "min", "s", "c", "rpm", "g", "pct", "wt", "h", "mg", "cm2",
			"kg", "wh", "mah", "v"]
	while parts.size() > 1 and parts[-1] in units:
		parts.remove(parts.size() - 1)
	var out := []
	for part in parts:
		var split := _split_digits(str(part))
		out.append(WORDS.get(split, split))
	var text := PoolStringArray(out).join(" ")
	text = text.replace("c rate", WORDS["c rate"])
	return text + (" share" if share else "")


static func _split_digits(word: String) -> String:
	# "zone1" → "zone 1"
	var i := word.length()
	while i > 0 and word[i - 1] in "0123456789":
		i -= 1
	if i == 0 or i == word.length():
		return word
	return word.substr(0, i) + " " + word.substr(i, word.length() - i)


## "comma_gap_um" → "Comma gap".
static func pretty_name(name: String) -> String:
	return capitalized(words(name))


## A parameter's title with its unit: ("oven_zone1_temp_c", "°C") → "Oven zone 1
## temperature (°C)"; the unit is read off the name when the spec has none.
static func param_title(name: String, unit: String = "") -> String:
	var u := unit if unit != "" else unit_of(name)
	return pretty_name(name) + (" (%s)" % u if u != "" else "")


static func capitalized(text: String) -> String:
	return text.substr(0, 1).to_upper() + text.substr(1, text.length() - 1)


## A message as a student reads it: "Refused (place_in_slot): …" → "Could not load that: …",
## dotted paths and snake_case names as words ("positive.mixing.time_min" → "positive
## electrode: mixing time"), and item ids replaced by their names (`names`: id → name).
static func plain_text(text: String, names: Dictionary = {}) -> String:
	var out := text
	if out.begins_with("Refused (") and out.find("): ") > 0:
		var close := out.find("): ")
		var intent := out.substr(9, close - 9)
		out = str(INTENT_WORDS.get(intent, "Refused")) + ": " + out.substr(close + 3,
				out.length() - close - 3)
	var ids := []
	for id in names:
		if str(id) != "" and out.find(str(id)) >= 0:
			ids.append(str(id))
	ids.sort_custom(LongestFirst, "before")
	for id in ids:
		out = out.replace(id, str(names[id]))
	var pieces := []
	var token := ""
	for i in range(out.length() + 1):
		var c := out[i] if i < out.length() else " "
		if c in ID_CHARS:
			token += c
			continue
		pieces.append(_token_words(token))
		token = ""
		if i < out.length():
			pieces.append(c)
	return capitalized(PoolStringArray(pieces).join(""))


## An internal name (snake_case or a dotted path) as words; any other token as it is.
static func _token_words(token: String) -> String:
	var end := ""
	while token.ends_with("."):
		token = token.substr(0, token.length() - 1)
		end += "."
	if token.length() < 3 or token.to_lower() != token or not token[0] in LOWER:
		return token + end
	if token.find("_") < 0 and token.find(".") < 0:
		return token + end
	var first := token.split(".")[0].split("_")[0]
	if first.length() < 2 or token.find("..") >= 0 or token.find("__") >= 0:
		return token + end
	return _path_words(token) + end


static func _path_words(path: String) -> String:
	var parts := path.split(".")
	if parts.size() == 1:
		return words(path)
	var head := ""
	var rest := []
	for i in range(parts.size()):
		var part: String = parts[i]
		if part.is_valid_integer():
			rest.append(str(int(part) + 1))
		elif i == 0 and ELECTRODE_WORDS.has(part):
			head = ELECTRODE_WORDS[part]
		else:
			rest.append(words(part))
	var tail := PoolStringArray(rest).join(" ")
	return (head + ": " + tail) if head != "" else tail


class LongestFirst:
	static func before(a: String, b: String) -> bool:
		return a.length() > b.length()


## A thin 0..1 level meter (the microphone's), green on the field colour.
static func level_bar() -> ProgressBar:
	var bar := ProgressBar.new()
	bar.rect_min_size = Vector2(0, 8)
	bar.percent_visible = false
	bar.max_value = 1.0
	bar.step = 0.0
	bar.add_stylebox_override("bg", box(FIELD_BG, 3, 0))
	bar.add_stylebox_override("fg", box(GREEN, 3, 0))
	return bar
