extends PanelContainer
## One potentiostat channel: cell id, gravimetric energy density, GCPL chart and feedback.

const UiKit = preload("res://scenes/ui3d/ui_kit.gd")
const GcplChart = preload("gcpl_chart.gd")
const MAX_FEEDBACK_LINES = 4

var slot_index := 0

var _title: Label
var _energy: Label
var _chart: Control
var _feedback: VBoxContainer


func _init() -> void:
	add_stylebox_override("panel", UiKit.box(UiKit.SCREEN_BG, 8, 12))
	var root := VBoxContainer.new()
	root.add_constant_override("separation", 4)
	add_child(root)
	var header := HBoxContainer.new()
	_title = UiKit.label("Channel", 20, UiKit.INK_DIM, true)
	_title.size_flags_horizontal = SIZE_EXPAND_FILL
	header.add_child(_title)
	_energy = UiKit.label("—", 30, UiKit.INK, true)
	_energy.name = "Energy"
	header.add_child(_energy)
	root.add_child(header)
	_chart = GcplChart.new()
	_chart.name = "Chart"
	_chart.size_flags_vertical = SIZE_EXPAND_FILL
	root.add_child(_chart)
	_feedback = VBoxContainer.new()
	_feedback.add_constant_override("separation", 0)
	root.add_child(_feedback)


## Shows one entry of potentiostat.slots: null (empty channel) or a result dictionary.
func show_result(index: int, result) -> void:
	slot_index = index
	for child in _feedback.get_children():
		_feedback.remove_child(child)
		child.queue_free()
	if typeof(result) != TYPE_DICTIONARY:
		_title.text = "Channel %d · empty" % (index + 1)
		_energy.text = "—"
		_chart.set_curves(null)
		return
	_title.text = "Channel %d · %s" % [index + 1, str(result.get("cell_id", "?"))]
	var energy = result.get("energy_density_wh_kg")
	if typeof(energy) == TYPE_INT or typeof(energy) == TYPE_REAL:
		_energy.text = "%.0f Wh/kg" % float(energy)
	else:
		_energy.text = str(result.get("status", "testing…"))
	_chart.set_curves(result.get("gcpl"))
	var items = result.get("feedback", [])
	if typeof(items) != TYPE_ARRAY:
		items = []
	if items.empty() and typeof(energy) == TYPE_REAL:
		_feedback.add_child(UiKit.label("✓ No process problems found", 16, UiKit.GREEN))
	for i in range(min(items.size(), MAX_FEEDBACK_LINES)):
		var item = items[i]
		if typeof(item) != TYPE_DICTIONARY:
			continue
		var line := UiKit.label("• " + str(item.get("message", "")), 15,
				UiKit.severity_color(str(item.get("severity", "info"))))
		line.clip_text = true
		_feedback.add_child(line)
	if items.size() > MAX_FEEDBACK_LINES:
		_feedback.add_child(UiKit.label("+ %d more" % (items.size() - MAX_FEEDBACK_LINES), 15,
				UiKit.INK_DIM))


func get_energy_text() -> String:
	return _energy.text


func get_chart() -> Control:
	return _chart


func get_feedback_texts() -> Array:
	var out := []
	for child in _feedback.get_children():
		out.append(child.text)
	return out
