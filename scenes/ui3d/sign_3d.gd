extends "panel_3d.gd"
## A readable sign: bold text on a coloured plate, sized to its text.

## Text of the sign (use \n for a second line).
export var text := "Sign" setget set_text
## Letter height [px] at pixels_per_m.
export var font_px := 48
## Plate colour.
export var plate_color := Color(0.08, 0.3, 0.55)
## Text colour.
export var text_color := Color(0.95, 0.97, 1.0)

var _label: Label
var _plate: PanelContainer


func _init() -> void:
	interactive = false
	pixels_per_m = 400.0
	_plate = PanelContainer.new()
	_label = Label.new()
	_label.align = Label.ALIGN_CENTER
	_label.valign = Label.VALIGN_CENTER
	_plate.add_child(_label)
	content.add_child(_plate)


func _ready() -> void:
	_restyle()


func set_text(value: String) -> void:
	text = value
	if _label != null and is_inside_tree():
		_restyle()


func _restyle() -> void:
	var font := UiKit.font(font_px, true)
	_label.add_font_override("font", font)
	_label.add_color_override("font_color", text_color)
	_label.text = text
	var style := UiKit.box(plate_color, int(font_px * 0.3), int(font_px * 0.6))
	_plate.add_stylebox_override("panel", style)
	var lines := text.split("\n")
	var width := 0.0
	for line in lines:
		width = max(width, font.get_string_size(line).x)
	var px := Vector2(width + font_px * 1.2, font.get_height() * lines.size() + font_px * 0.6)
	_plate.rect_size = px
	_plate.rect_min_size = px
	set_size_m(px / pixels_per_m)
