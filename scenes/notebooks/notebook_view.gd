extends Spatial
## One virtual notebook on its lectern: title and text from the room state, paged.
##
## The page is a board on the lectern, sized so its text reads from across the room: every
## font is at least UiKit.min_font_px(PAGE_PIXELS_PER_M, UiKit.NOTEBOOK_DISTANCE_M) (3 m).

const UiKit = preload("res://scenes/ui3d/ui_kit.gd")
const Panel3D = preload("res://scenes/ui3d/panel_3d.gd")
const MachineShapes = preload("res://scenes/machines/machine_shapes.gd")
## Characters per page (= NOTEBOOK_PAGE_CHARS of scripts_py/room/limits.py).
const CHARS_PER_PAGE = 520
## The page [m] and its resolution [px/m].
const PAGE_SIZE_M = Vector2(0.9, 0.8)
const PAGE_PIXELS_PER_M = 700.0
## Font sizes [px]: 21 px is the smallest legible at 3 m on a 700 px/m page. A short page is
## shown larger (up to PX_TEXT_MAX), a full page (CHARS_PER_PAGE) at PX_TEXT.
const PX_TITLE = 28
const PX_TEXT = 22
const PX_TEXT_MAX = 34
const PX_NAV = 22
const MARGIN_PX = 36
const LINE_SPACING_PX = 3
const PAPER = Color(0.98, 0.96, 0.88)
const INK = Color(0.1, 0.1, 0.12)
const TITLE_INK = Color(0.1, 0.18, 0.42)

var index := 0
var page := 0
var pages := [""]
var panel: Spatial

var _ui: Control
var _title: Label
var _text: Label
var _page_label: Label
var _prev: Button
var _next: Button


func _ready() -> void:
	MachineShapes.box(self, Vector3(0.08, 1.0, 0.08), Vector3(0, 0.5, 0), MachineShapes.DARK)
	MachineShapes.box(self, Vector3(0.5, 0.04, 0.36), Vector3(0, 1.0, 0), Color(0.35, 0.22, 0.15))
	panel = Panel3D.new()
	panel.name = "Page"
	panel.size_m = PAGE_SIZE_M
	panel.pixels_per_m = PAGE_PIXELS_PER_M
	panel.translation = Vector3(0, 1.05 + PAGE_SIZE_M.y / 2.0, -0.05)
	panel.rotation_degrees = Vector3(-10, 0, 0)
	panel.pointer_title = "Notebook %d" % (index + 1)
	var ui := PanelContainer.new()
	ui.name = "UI"
	_ui = ui
	ui.add_stylebox_override("panel", UiKit.box(PAPER, 6, MARGIN_PX))
	var box := VBoxContainer.new()
	box.add_constant_override("separation", 6)
	ui.add_child(box)
	_title = UiKit.wrapped("Notebook %d" % (index + 1), PX_TITLE, TITLE_INK, true)
	_title.name = "Title"
	box.add_child(_title)
	_text = UiKit.wrapped("", PX_TEXT, INK)
	_text.name = "Text"
	_text.size_flags_vertical = Control.SIZE_EXPAND_FILL
	box.add_child(_text)
	var nav := HBoxContainer.new()
	nav.name = "Nav"
	_prev = UiKit.button("◀ Back", PX_NAV, Color(0.45, 0.4, 0.32))
	_prev.name = "Prev"
	_prev.connect("pressed", self, "turn", [-1])
	nav.add_child(_prev)
	_page_label = UiKit.label("", PX_NAV, Color(0.25, 0.25, 0.25))
	_page_label.name = "PageNumber"
	_page_label.align = Label.ALIGN_CENTER
	_page_label.valign = Label.VALIGN_CENTER
	_page_label.size_flags_horizontal = Control.SIZE_EXPAND_FILL
	_page_label.size_flags_vertical = Control.SIZE_FILL
	nav.add_child(_page_label)
	_next = UiKit.button("Next ▶", PX_NAV, Color(0.45, 0.4, 0.32))
	_next.name = "Next"
	_next.connect("pressed", self, "turn", [1])
	nav.add_child(_next)
	box.add_child(nav)
	panel.content.add_child(ui)
	add_child(panel)
	UiKit.hold_size(ui, panel.get_pixel_size())
	show_page()


## Shows a notebook entry {title, text}.
func show_notebook(entry: Dictionary) -> void:
	_title.text = str(entry.get("title", "Notebook %d" % (index + 1)))
	panel.pointer_title = "Notebook: " + _title.text
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
	_fit_fonts()
	_page_label.text = "Page %d of %d" % [page + 1, pages.size()]
	_prev.disabled = page == 0
	_next.disabled = page >= pages.size() - 1
	UiKit.hold_size(_ui, panel.get_pixel_size())
	panel.refresh()


## The largest text (and title) that fits the page, from PX_TEXT_MAX down to PX_TEXT.
func _fit_fonts() -> void:
	var inner: Vector2 = panel.get_pixel_size() - Vector2(2 * MARGIN_PX + 4, MARGIN_PX + 4)
	var nav_h := UiKit.font(PX_NAV, true).get_height() + 8 + 2 * 6
	var px := PX_TEXT_MAX
	while px > PX_TEXT:
		var title_px := int(clamp(px + 4, PX_TITLE, PX_TEXT_MAX + 4))
		if _height_of(_title.text, UiKit.font(title_px, true), inner.x) + _height_of(_text.text,
				UiKit.font(px), inner.x) + nav_h <= inner.y:
			break
		px -= 1
	_text.add_font_override("font", UiKit.font(px))
	_title.add_font_override("font", UiKit.font(int(clamp(px + 4, PX_TITLE, PX_TEXT_MAX + 4)),
			true))


static func _height_of(text: String, font: Font, width: float) -> float:
	var lines := UiKit.wrap_lines(text, font, width).size()
	return lines * (font.get_height() + LINE_SPACING_PX)


func get_text() -> String:
	return _text.text


func get_title() -> String:
	return _title.text
