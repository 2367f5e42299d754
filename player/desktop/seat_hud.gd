extends CanvasLayer
## Crosshair, controls help, what is held and what the crosshair points at, and refusals.

const UiKit = preload("res://scenes/ui3d/ui_kit.gd")
const HELP = (
	"WASD walk · mouse look · click use / grab / put in slot · right click: label · "
	+ "Q put down · T teleport · type numbers into a screen field · Tab cursor · Esc mouse"
)

var _crosshair: Label
var _held: Label
var _message: Label
var _help: Label


func _ready() -> void:
	_crosshair = UiKit.label("+", 30, Color(1, 1, 1, 0.9), true)
	_crosshair.anchor_left = 0.5
	_crosshair.anchor_top = 0.5
	_crosshair.margin_left = -9
	_crosshair.margin_top = -20
	add_child(_crosshair)
	_held = UiKit.label("", 20, UiKit.INK, true)
	_held.margin_left = 16
	_held.margin_top = 12
	_held.add_color_override("font_color_shadow", Color(0, 0, 0, 0.8))
	add_child(_held)
	_message = UiKit.label("", 22, Color(1.0, 0.75, 0.7), true)
	_message.anchor_left = 0.5
	_message.anchor_top = 0.5
	_message.margin_left = -300
	_message.margin_top = 40
	_message.rect_min_size = Vector2(600, 0)
	_message.align = Label.ALIGN_CENTER
	_message.add_color_override("font_color_shadow", Color(0, 0, 0, 0.8))
	add_child(_message)
	_help = UiKit.label(HELP, 15, Color(1, 1, 1, 0.85))
	_help.anchor_top = 1.0
	_help.anchor_bottom = 1.0
	_help.margin_left = 16
	_help.margin_top = -30
	_help.add_color_override("font_color_shadow", Color(0, 0, 0, 0.9))
	add_child(_help)
	for label in [_crosshair, _held, _message, _help]:
		label.mouse_filter = Control.MOUSE_FILTER_IGNORE


func show_pointer(target: Object, held_item: String) -> void:
	var text := "Holding: " + held_item if held_item != "" else ""
	_held.text = text
	_crosshair.add_color_override("font_color",
			Color(0.4, 1.0, 0.5) if target != null else Color(1, 1, 1, 0.9))


func show_message(text: String) -> void:
	_message.text = text


func get_message() -> String:
	return _message.text
