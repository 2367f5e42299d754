extends Spatial
## One virtual notebook on its lectern: title and text from the room state, paged.

const UiKit = preload("res://scenes/ui3d/ui_kit.gd")
const Panel3D = preload("res://scenes/ui3d/panel_3d.gd")
const MachineShapes = preload("res://scenes/machines/machine_shapes.gd")
const CHARS_PER_PAGE = 520

var index := 0
var page := 0
var pages := [""]
var panel: Spatial

var _ui: Control
var _title: Label
var _text: Label
var _page_label: Label


func _ready() -> void:
	MachineShapes.box(self, Vector3(0.08, 1.0, 0.08), Vector3(0, 0.5, 0), MachineShapes.DARK)
	MachineShapes.box(self, Vector3(0.5, 0.04, 0.36), Vector3(0, 1.0, 0), Color(0.35, 0.22, 0.15))
	panel = Panel3D.new()
	panel.name = "Page"
	panel.size_m = Vector2(0.48, 0.62)
	panel.pixels_per_m = 900.0
	panel.translation = Vector3(0, 1.36, -0.05)
	panel.rotation_degrees = Vector3(-25, 0, 0)
	var ui := PanelContainer.new()
	_ui = ui
	ui.add_stylebox_override("panel", UiKit.box(Color(0.98, 0.96, 0.88), 6, 22))
	var box := VBoxContainer.new()
	ui.add_child(box)
	_title = UiKit.label("Notebook %d" % (index + 1), 28, Color(0.12, 0.2, 0.45), true)
	_title.autowrap = true
	box.add_child(_title)
	_text = UiKit.label("", 20, Color(0.12, 0.12, 0.14))
	_text.autowrap = true
	_text.size_flags_vertical = Control.SIZE_EXPAND_FILL
	box.add_child(_text)
	var nav := HBoxContainer.new()
	var prev := UiKit.button("◀", 26, Color(0.45, 0.4, 0.32))
	prev.name = "Prev"
	prev.connect("pressed", self, "turn", [-1])
	nav.add_child(prev)
	_page_label = UiKit.label("", 20, Color(0.3, 0.3, 0.3))
	_page_label.align = Label.ALIGN_CENTER
	_page_label.size_flags_horizontal = Control.SIZE_EXPAND_FILL
	nav.add_child(_page_label)
	var next := UiKit.button("▶", 26, Color(0.45, 0.4, 0.32))
	next.name = "Next"
	next.connect("pressed", self, "turn", [1])
	nav.add_child(next)
	box.add_child(nav)
	panel.content.add_child(ui)
	add_child(panel)
	ui.rect_size = panel.get_pixel_size()
	show_page()


## Shows a notebook entry {title, text}.
func show_notebook(entry: Dictionary) -> void:
	_title.text = str(entry.get("title", "Notebook %d" % (index + 1)))
	pages = _paginate(str(entry.get("text", "")))
	page = min(page, pages.size() - 1)
	show_page()


static func _paginate(text: String) -> Array:
	var out := []
	var current := ""
	for paragraph in text.split("\n"):
		var candidate = paragraph if current == "" else current + "\n" + paragraph
		if candidate.length() > CHARS_PER_PAGE and current != "":
			out.append(current)
			current = paragraph
		else:
			current = candidate
	out.append(current)
	return out


func turn(direction: int) -> void:
	page = int(clamp(page + direction, 0, pages.size() - 1))
	show_page()


func show_page() -> void:
	_text.text = pages[page]
	_page_label.text = "page %d / %d" % [page + 1, pages.size()]
	_ui.rect_size = panel.get_pixel_size()
	panel.refresh()


func get_text() -> String:
	return _text.text


func get_title() -> String:
	return _title.text
