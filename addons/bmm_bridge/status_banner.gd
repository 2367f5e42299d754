extends CanvasLayer
## The bridge's on-screen message (desktop view). VR rigs mirror Bridge.status_changed in 3D.

var _panel: PanelContainer
var _label: Label


func _init() -> void:
	layer = 100
	_panel = PanelContainer.new()
	_panel.anchor_left = 0.5
	_panel.anchor_right = 0.5
	_panel.margin_left = -360
	_panel.margin_right = 360
	_panel.margin_top = 12
	var style := StyleBoxFlat.new()
	style.bg_color = Color(0.55, 0.08, 0.08, 0.92)
	style.content_margin_left = 16
	style.content_margin_right = 16
	style.content_margin_top = 10
	style.content_margin_bottom = 10
	style.corner_radius_top_left = 6
	style.corner_radius_top_right = 6
	style.corner_radius_bottom_left = 6
	style.corner_radius_bottom_right = 6
	_panel.add_stylebox_override("panel", style)
	_label = Label.new()
	_label.autowrap = true
	_label.align = Label.ALIGN_CENTER
	_label.rect_min_size = Vector2(680, 0)
	_panel.add_child(_label)
	add_child(_panel)
	_panel.visible = false


## Shows `text` at the top of the screen; "" hides the banner.
func show_text(text: String) -> void:
	_label.text = text
	_panel.visible = text != ""


func get_text() -> String:
	return _label.text if _panel.visible else ""
