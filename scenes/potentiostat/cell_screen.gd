extends PanelContainer
## One potentiostat channel: which cell, its gravimetric energy density and other figures, the
## GCPL chart and the feedback on how the cell was made.
##
## The curves page shows the figures, the chart and the most important feedback line; the
## button below opens the feedback pages (every line, wrapped, as many pages as needed).

const UiKit = preload("res://scenes/ui3d/ui_kit.gd")
const GcplChart = preload("gcpl_chart.gd")
## Font sizes [px] (the wall's panels have 700 px/m: 14 px is the smallest legible at 2 m).
const PX_TITLE = 22
const PX_ENERGY = 44
const PX_DETAILS = 20
const PX_CHART = 18
const PX_FEEDBACK = 19
const PX_BUTTON = 20
const MARGIN_PX = 10
const SEPARATION_PX = 6
const BUTTON_H_PX = 40

var slot_index := 0
## Pixel size of the panel this screen fills.
var screen_size := Vector2(602, 448)

var _title: Label
var _energy: Label
var _details: Label
var _status: Label
var _progress: ProgressBar
var _chart: Control
var _summary: VBoxContainer
var _top_feedback: VBoxContainer
var _feedback_page: VBoxContainer
var _page_lines: VBoxContainer
var _page_button: Button
var _messages := []
var _pages := []
var _page := -1


func _init() -> void:
	add_stylebox_override("panel", UiKit.box(UiKit.SCREEN_BG, 8, MARGIN_PX * 2))
	var root := VBoxContainer.new()
	root.name = "Root"
	root.add_constant_override("separation", SEPARATION_PX)
	add_child(root)
	_title = UiKit.wrapped("Channel", PX_TITLE, UiKit.INK_DIM, true)
	_title.name = "Title"
	root.add_child(_title)
	_summary = VBoxContainer.new()
	_summary.name = "Curves"
	_summary.size_flags_vertical = SIZE_EXPAND_FILL
	_summary.add_constant_override("separation", SEPARATION_PX)
	root.add_child(_summary)
	var figures := HBoxContainer.new()
	figures.name = "Figures"
	figures.add_constant_override("separation", 14)
	_energy = UiKit.label("—", PX_ENERGY, UiKit.INK, true)
	_energy.name = "Energy"
	_energy.valign = Label.VALIGN_CENTER
	figures.add_child(_energy)
	_details = UiKit.wrapped("", PX_DETAILS, UiKit.INK_DIM)
	_details.name = "Details"
	_details.valign = Label.VALIGN_CENTER
	_details.size_flags_vertical = SIZE_FILL
	figures.add_child(_details)
	_summary.add_child(figures)
	_status = UiKit.wrapped("", PX_DETAILS, UiKit.INK_DIM)
	_status.name = "Status"
	_summary.add_child(_status)
	_progress = UiKit.run_progress()
	_summary.add_child(_progress)
	_chart = GcplChart.new()
	_chart.name = "Chart"
	_chart.font_px = PX_CHART
	_chart.rect_min_size = Vector2(200, 120)
	_chart.mouse_filter = MOUSE_FILTER_IGNORE
	_chart.size_flags_vertical = SIZE_EXPAND_FILL
	_summary.add_child(_chart)
	_top_feedback = VBoxContainer.new()
	_top_feedback.name = "TopFeedback"
	_top_feedback.add_constant_override("separation", 2)
	_summary.add_child(_top_feedback)
	_feedback_page = VBoxContainer.new()
	_feedback_page.name = "FeedbackPage"
	_feedback_page.visible = false
	_feedback_page.size_flags_vertical = SIZE_EXPAND_FILL
	_page_lines = VBoxContainer.new()
	_page_lines.name = "Lines"
	_page_lines.add_constant_override("separation", SEPARATION_PX)
	_feedback_page.add_child(_page_lines)
	root.add_child(_feedback_page)
	_page_button = UiKit.button("", PX_BUTTON, UiKit.BLUE)
	_page_button.name = "PageButton"
	_page_button.rect_min_size = Vector2(0, BUTTON_H_PX)
	_page_button.visible = false
	_page_button.connect("pressed", self, "next_page")
	root.add_child(_page_button)


## Shows one entry of potentiostat.slots: null (empty channel) or the channel's dictionary;
## `cell_name` is the cell's name in the room state ("" = use its serial number).
func show_result(index: int, result, cell_name: String = "") -> void:
	slot_index = index
	_messages = []
	_status.text = ""
	_details.text = ""
	_progress.visible = false
	_energy.visible = true
	if typeof(result) != TYPE_DICTIONARY:
		_title.text = "Channel %d · empty" % (index + 1)
		_energy.text = "—"
		_energy.visible = false
		_status.text = "Put a sealed cell on pad %d of the potentiostat to test it here." % (
			index + 1)
		_chart.set_curves(null)
		_layout_feedback()
		return
	var name := cell_name
	if name == "":
		name = str(result.get("serial", "")) if result.get("serial") != null else "a cell"
	_title.text = "Channel %d · %s" % [index + 1, name]
	var energy = result.get("energy_density_wh_kg")
	if typeof(energy) == TYPE_INT or typeof(energy) == TYPE_REAL:
		_energy.text = "%.0f Wh/kg" % float(energy)
		_details.text = _details_text(result)
	else:
		_energy.text = str(result.get("status", "testing…"))
		_status.text = _status_text(result)
		var left := float(result.get("remaining_s", 0.0))
		var duration := float(result.get("duration_s", 0.0))
		if left > 0.0 and duration > 0.0:
			_progress.visible = true
			_progress.value = 100.0 * (1.0 - left / duration)
	_chart.set_curves(result.get("gcpl"))
	var items = result.get("feedback", [])
	if typeof(items) != TYPE_ARRAY:
		items = []
	for item in items:
		if typeof(item) == TYPE_DICTIONARY and str(item.get("message", "")) != "":
			_messages.append({"text": UiKit.plain_text(str(item["message"])),
					"severity": str(item.get("severity", "info")), "i": _messages.size()})
	_messages.sort_custom(BySeverity, "before")
	if _messages.empty() and typeof(energy) in [TYPE_INT, TYPE_REAL]:
		_messages.append({"text": "No process problems found", "severity": "ok", "i": 0})
	_layout_feedback()


static func _details_text(result: Dictionary) -> String:
	var parts := []
	if typeof(result.get("capacity_mah")) in [TYPE_INT, TYPE_REAL]:
		parts.append("%s mAh" % UiKit.format_number(round(float(result["capacity_mah"]))))
	if typeof(result.get("energy_wh")) in [TYPE_INT, TYPE_REAL]:
		parts.append("%.2f Wh" % float(result["energy_wh"]))
	var second := []
	if typeof(result.get("n_p_ratio")) in [TYPE_INT, TYPE_REAL]:
		second.append("N/P %.2f" % float(result["n_p_ratio"]))
	if result.get("format") != null:
		second.append(str(result["format"]))
	var lines := [PoolStringArray(parts).join(" · "), PoolStringArray(second).join(" · ")]
	return PoolStringArray(lines).join("\n").strip_edges()


static func _status_text(result: Dictionary) -> String:
	var status := str(result.get("status", ""))
	if result.has("remaining_s") and float(result.get("remaining_s", 0.0)) > 0.0:
		return "Testing: %s left. Skip time on the time panel or the potentiostat's screen." % (
			UiKit.format_minutes(float(result["remaining_s"])))
	if status.begins_with("ready"):
		return "Loaded. Press “Start test” on the potentiostat's screen."
	if status == "no result":
		return "No result: this cell could not be tested (see below)."
	return UiKit.plain_text(status) if status != "" else ""


# --- Feedback lines and pages -----------------------------------------------------------------
func _line(message: Dictionary) -> Label:
	var ok: bool = message["severity"] == "ok"
	var text: String = ("✓ " if ok else "• ") + message["text"]
	var color := UiKit.TEXT_GREEN if ok else UiKit.severity_color(message["severity"])
	if color == UiKit.INK_DIM:
		color = UiKit.INK
	return UiKit.wrapped(text, PX_FEEDBACK, color)


func _layout_feedback() -> void:
	_status.visible = _status.text != ""
	_details.visible = _details.text != ""
	for box in [_top_feedback, _page_lines]:
		for child in box.get_children():
			box.remove_child(child)
			child.queue_free()
	_pages = _paginate()
	if not _messages.empty():
		if _fits_two_lines(_messages[0]):
			_top_feedback.add_child(_line(_messages[0]))
		else:
			_top_feedback.add_child(_line({"text": _counts_text(), "severity":
					_messages[0]["severity"]}))
	var more := false
	if not _messages.empty():
		more = _messages.size() > 1 or not _fits_two_lines(_messages[0])
	_page_button.visible = more
	_show_page(-1 if _page < 0 or _page >= _pages.size() else _page)


func _fits_two_lines(message: Dictionary) -> bool:
	var f := UiKit.font(PX_FEEDBACK)
	return UiKit.wrap_lines("• " + message["text"], f, _text_width()).size() <= 2


## "2 problems, 1 warning, 3 notes" of the feedback.
func _counts_text() -> String:
	var counts := {"problem": 0, "warning": 0, "note": 0}
	for message in _messages:
		match message["severity"]:
			"error", "critical":
				counts["problem"] += 1
			"warning":
				counts["warning"] += 1
			_:
				counts["note"] += 1
	var parts := []
	for key in ["problem", "warning", "note"]:
		if counts[key] > 0:
			parts.append("%d %s%s" % [counts[key], key, "" if counts[key] == 1 else "s"])
	return "Feedback: " + PoolStringArray(parts).join(", ")


func _text_width() -> float:
	return screen_size.x - 4 * MARGIN_PX


## Splits the feedback into pages that fit below the title (measured with the font).
func _paginate() -> Array:
	var f := UiKit.font(PX_FEEDBACK)
	var title_font := UiKit.font(PX_TITLE, true)
	var title_lines := UiKit.wrap_lines(_title.text, title_font, _text_width()).size()
	var title_h := title_lines * title_font.get_height()
	var room := (screen_size.y - 2 * MARGIN_PX - title_h - BUTTON_H_PX - 3 * SEPARATION_PX - 4)
	var pages := []
	var page := []
	var used := 0.0
	for i in range(_messages.size()):
		var lines := UiKit.wrap_lines("• " + _messages[i]["text"], f, _text_width()).size()
		var h := lines * (f.get_height() + 1) + SEPARATION_PX
		if not page.empty() and used + h > room:
			pages.append(page)
			page = []
			used = 0.0
		page.append(i)
		used += h
	if not page.empty():
		pages.append(page)
	return pages


## Curves page → feedback page 1 → … → curves page again.
func next_page() -> void:
	var next := _page + 1
	_show_page(next if next < _pages.size() else -1)


func _show_page(page: int) -> void:
	_page = page
	_summary.visible = page < 0
	_feedback_page.visible = page >= 0
	for child in _page_lines.get_children():
		_page_lines.remove_child(child)
		child.queue_free()
	if page >= 0:
		for i in _pages[page]:
			_page_lines.add_child(_line(_messages[i]))
	var count := _messages.size()
	if page < 0:
		_top_feedback.visible = true
		_page_button.text = "Read all feedback (%d)" % count if count > 1 else "Read the feedback"
	elif page < _pages.size() - 1:
		_page_button.text = "More feedback (page %d of %d)" % [page + 2, _pages.size()]
	else:
		_page_button.text = "Back to the curves"
	fit()


## Puts the layout back to the panel's size.
func fit() -> void:
	UiKit.hold_size(self, screen_size)
	_refresh_panel()


## True when everything fits the panel (after the layout has settled).
func fits() -> bool:
	var need := get_combined_minimum_size()
	return need.y <= screen_size.y + 0.5 and need.x <= screen_size.x + 0.5


## The page shown: -1 = curves, 0… = feedback pages.
func get_page() -> int:
	return _page


func get_page_count() -> int:
	return _pages.size()


func get_page_button() -> Button:
	return _page_button


func _refresh_panel() -> void:
	var vp := get_viewport()
	if vp != null and vp.get_parent() != null and vp.get_parent().has_method("refresh"):
		vp.get_parent().refresh()


func get_energy_text() -> String:
	return _energy.text


func get_chart() -> Control:
	return _chart


## Every feedback line of this channel (most severe first), as shown.
func get_feedback_texts() -> Array:
	var out := []
	for message in _messages:
		out.append(message["text"])
	return out


class BySeverity:
	static func before(a: Dictionary, b: Dictionary) -> bool:
		var order := ["error", "critical", "warning", "info", "ok"]
		var ia := order.find(a["severity"])
		var ib := order.find(b["severity"])
		ia = ia if ia >= 0 else 9
		ib = ib if ib >= 0 else 9
		return ia < ib or (ia == ib and a["i"] < b["i"])
