extends "res://tests/godot/lib/test_case.gd"
## Every machine screen, in every state a real session produces (fixtures/screen_states.json,
## written by make_screen_states.py from the runtime's own views), fits its panel: no text is
## wider than its control (measured with the control's font), no control pokes outside the
## panel's pixels, no internal id ("powder_dispenser", "pot-01") is shown, and no font is
## smaller than the smallest legible size (UiKit.min_font_px). Also in the worst cases: the
## longest rejection reason, guided mode, the keypad open. The static checks are used by the
## other screen suites too.

const DryRoom = preload("res://scenes/dry_room/dry_room.tscn")
const UiKit = preload("res://scenes/ui3d/ui_kit.gd")
const STATES = ["idle", "ready", "running", "done"]

var room: Spatial
var fixture := {}


func before_each() -> void:
	reset_bridge()
	fixture = load_fixture("screen_states.json")
	room = DryRoom.instance()
	room.xr_request = "none"
	add_child(room)


func after_each() -> void:
	room.queue_free()


# --- Checks (static: used by test_machine_view, test_potentiostat, test_time_panel) ----------
## Every visible Control under `root`, depth first.
static func visible_controls(root: Control) -> Array:
	var out := []
	if not root.visible:
		return out
	out.append(root)
	for child in root.get_children():
		if child is Control:
			out += visible_controls(child)
	return out


## What is wrong with the layout under `root` on a panel of `panel_px` pixels (read from
## `distance_m` at `pixels_per_m`): clipped text, controls outside the panel, internal ids,
## fonts below the legible minimum. `ids` are item ids that must not be shown.
static func layout_problems(root: Control, panel_px: Vector2, pixels_per_m: float,
		distance_m: float, where: String, ids: Array = []) -> Array:
	var out := []
	var min_px := UiKit.min_font_px(pixels_per_m, distance_m)
	for c in visible_controls(root):
		var rect: Rect2 = c.get_global_rect()
		var what := "%s: %s \"%s\"" % [where, c.name, _text_of(c)]
		if (rect.position.x < -0.5 or rect.position.y < -0.5 or rect.end.x > panel_px.x + 0.5
				or rect.end.y > panel_px.y + 0.5):
			out.append("%s pokes outside the panel (%s in %s)" % [what, str(rect), str(panel_px)])
		if c is Label or c is Button or c is LineEdit:
			var font: Font = c.get_font("font")
			if font is DynamicFont and font.size < min_px:
				out.append("%s uses %d px < %d px" % [what, font.size, min_px])
		if c is Label:
			out += _label_problems(c, what)
		elif c is Button:
			out += _button_problems(c, what)
		if c is Label or c is Button:
			var why := internal_id_in(_text_of(c), ids)
			if why != "":
				out.append("%s shows an internal id: %s" % [what, why])
	return out


static func _text_of(c: Control) -> String:
	return str(c.text) if c is Label or c is Button else ""


static func _label_problems(l: Label, what: String) -> Array:
	var out := []
	if l.text == "":
		return out
	if l.clip_text:
		out.append(what + " clips its text (clip_text on)")
	var font: Font = l.get_font("font")
	var style: StyleBox = l.get_stylebox("normal")
	var room := l.rect_size.x - style.get_margin(MARGIN_LEFT) - style.get_margin(MARGIN_RIGHT)
	if l.autowrap:
		for word in l.text.replace("\n", " ").split(" ", false):
			var w: float = font.get_string_size(word).x
			if w > room + 0.5:
				out.append("%s: the word \"%s\" is %.0f px wide, the label %.0f px" % [what, word,
						w, room])
		if l.get_line_count() > l.get_visible_line_count():
			out.append("%s shows %d of its %d lines" % [what, l.get_visible_line_count(),
					l.get_line_count()])
	else:
		for line in l.text.split("\n"):
			var w: float = font.get_string_size(line).x
			if w > room + 0.5:
				out.append("%s is %.0f px wide in %.0f px" % [what, w, room])
	var height: float = l.get_line_count() * font.get_height()
	if height > l.rect_size.y + 0.5:
		out.append("%s needs %.0f px of height, has %.0f" % [what, height, l.rect_size.y])
	return out


static func _button_problems(b: Button, what: String) -> Array:
	var out := []
	if b.text == "":
		return out
	var font: Font = b.get_font("font")
	var style: StyleBox = b.get_stylebox("normal")
	var need: float = (font.get_string_size(b.text).x + style.get_margin(MARGIN_LEFT)
			+ style.get_margin(MARGIN_RIGHT))
	if need > b.rect_size.x + 0.5:
		out.append("%s needs %.0f px, is %.0f px wide" % [what, need, b.rect_size.x])
	if font.get_height() > b.rect_size.y + 0.5:
		out.append("%s: text %.0f px high in a %.0f px button" % [what, font.get_height(),
				b.rect_size.y])
	return out


## Why `text` shows an internal id ("" when it does not): a snake_case word, a dotted path, or
## one of `ids`.
static func internal_id_in(text: String, ids: Array = []) -> String:
	for word in text.replace("\n", " ").replace("(", " ").replace(")", " ").split(" ", false):
		var w: String = word.rstrip(".,:;!?")
		if w.find("_") >= 0:
			return w
		var parts := w.split(".")
		var unsigned: String = w.lstrip("+-−")  # a signed number ("−1.5") is no path
		if parts.size() > 1 and parts[0].length() > 1 and w.to_lower() == w and (
				unsigned.empty() or not unsigned[0] in "0123456789"):
			return w
	for id in ids:
		if text.find(str(id)) >= 0:
			return str(id)
	return ""


## Problems of a GcplChart's texts: outside the chart, overlapping, too small.
static func chart_problems(chart: Control, pixels_per_m: float, distance_m: float,
		where: String) -> Array:
	var out := []
	var min_px := UiKit.min_font_px(pixels_per_m, distance_m)
	var texts: Array = chart.get_texts()
	var box := Rect2(Vector2.ZERO, chart.rect_size)
	for i in range(texts.size()):
		var t: Dictionary = texts[i]
		var r: Rect2 = t["rect"]
		if not box.encloses(r.grow(-0.5)):
			out.append("%s: chart text \"%s\" %s is outside the chart %s" % [where, t["text"],
					str(r), str(box)])
		if t["px"] < min_px:
			out.append("%s: chart text \"%s\" is %d px < %d px" % [where, t["text"], t["px"],
					min_px])
		for j in range(i + 1, texts.size()):
			if r.grow(-1.0).intersects(texts[j]["rect"].grow(-1.0)):
				out.append("%s: chart texts \"%s\" and \"%s\" overlap" % [where, t["text"],
						texts[j]["text"]])
	return out


## The smallest font [px] under `root` (Labels, Buttons, LineEdits).
static func smallest_font_px(root: Control) -> int:
	var smallest := 10000
	for c in visible_controls(root):
		if c is Label or c is Button or c is LineEdit:
			var font: Font = c.get_font("font")
			if font is DynamicFont and (not c is Label or c.text != ""):
				smallest = int(min(smallest, font.size))
	return smallest


# --- Helpers ---------------------------------------------------------------------------------
func _ids() -> Array:
	var out := []
	for mid in fixture["machines"]:
		for state in fixture["machines"][mid]:
			for item_id in fixture["machines"][mid][state]["items"]:
				if not item_id in out:
					out.append(item_id)
	for item_id in fixture["item_names"]:
		if not item_id in out:
			out.append(item_id)
	return out


## A state message with every machine in `state` (machines without it stay idle).
func _state_message(state: String, version: int) -> Dictionary:
	var machines := {}
	var items := {}
	for mid in fixture["machines"]:
		var shots: Dictionary = fixture["machines"][mid]
		var shot: Dictionary = shots[state] if shots.has(state) else shots["idle"]
		machines[mid] = shot["entry"]
		for item_id in shot["items"]:
			items[item_id] = shot["items"][item_id]
	for item_id in fixture["potentiostat_items"]:
		items[item_id] = fixture["potentiostat_items"][item_id]
	return {"t": "state", "version": version, "sim_time_s": fixture["sim_time_s"],
			"machines": machines, "items": items, "potentiostat": fixture["potentiostat"],
			"notebooks": fixture["notebooks"]}


## Shows `state` everywhere: a whole state message (potentiostat wall, notebooks), then each
## machine's entry again with the items of its own moment (the same pot has another name at
## every machine it passed), as the room state of that moment would name them.
func show_everywhere(state: String, version: int) -> void:
	feed(_state_message(state, version))
	for mid in fixture["machines"]:
		var shots: Dictionary = fixture["machines"][mid]
		var shot: Dictionary = shots[state] if shots.has(state) else shots["idle"]
		var items := {}
		for item_id in fixture["item_names"]:
			items[item_id] = {"name": fixture["item_names"][item_id]}
		for item_id in shot["items"]:
			items[item_id] = shot["items"][item_id]
		bridge().state["items"] = items
		bridge().get_machine(mid).apply_machine_state(shot["entry"])


func _check_every_screen(label: String) -> void:
	var ids := _ids()
	for mid in fixture["machines"]:
		var machine: Node = bridge().get_machine(mid)
		if not check(machine != null and machine.screen_ui != null, mid + " has a screen"):
			continue
		var panel: Spatial = machine.screen
		var ui: Control = machine.screen_ui
		var where := "%s (%s)" % [mid, label]
		for problem in layout_problems(ui, panel.get_pixel_size(), panel.pixels_per_m,
				UiKit.READ_DISTANCE_M, where, ids):
			check(false, problem)
		check(ui.fits(), "%s: content fits the screen (needs %s of %s)" % [where,
				str(ui.get_combined_minimum_size()), str(panel.get_pixel_size())])


func _guide_for(mid: String) -> Dictionary:
	var kind: String = fixture["machines"][mid]["idle"]["entry"]["kind"]
	return fixture["guide"].get(kind, {})


# --- Tests -----------------------------------------------------------------------------------
func test_every_screen_fits_in_every_state() -> void:
	var version := 1
	for state in STATES:
		show_everywhere(state, version)
		version += 1
		yield(frames(3), "completed")
		_check_every_screen(state)


func test_longest_rejection_fits_with_guide_and_loaded_items() -> void:
	show_everywhere("ready", 1)
	var longest := {}
	for r in fixture["rejections"]:
		var mid: String = r["machine"]
		if not longest.has(mid) or r["reason"].length() > longest[mid]["reason"].length():
			longest[mid] = r
	for mid in longest:
		bridge().get_machine(mid).screen_ui.show_guide(_guide_for(mid))
		var id: int = bridge().send_intent(longest[mid]["type"], {"machine": mid})
		feed({"t": "rejected", "id": id, "type": longest[mid]["type"], "args": {"machine": mid},
				"reason": longest[mid]["reason"], "code": longest[mid]["code"]})
	yield(frames(3), "completed")
	for mid in longest:
		var message: String = bridge().get_machine(mid).screen_ui.get_message()
		check(message.length() > 20, "%s shows the refusal: %s" % [mid, message])
	_check_every_screen("ready, guided, longest refusal")


func test_running_screens_fit_with_guide() -> void:
	show_everywhere("running", 1)
	for mid in fixture["machines"]:
		bridge().get_machine(mid).screen_ui.show_guide(_guide_for(mid))
	yield(frames(3), "completed")
	_check_every_screen("running, guided")


func test_keypad_fits_on_every_screen() -> void:
	show_everywhere("ready", 1)
	var opened := 0
	for mid in fixture["machines"]:
		var ui: Control = bridge().get_machine(mid).screen_ui
		for spec in fixture["machines"][mid]["idle"]["entry"]["param_specs"]:
			if spec.get("choices", []).empty():
				ui.show_guide(_guide_for(mid))
				ui.begin_edit(spec["name"])
				opened += 1
				break
	check(opened >= 8, "keypads opened: %d" % opened)
	yield(frames(3), "completed")
	_check_every_screen("keypad open")


func test_smallest_text_meets_the_vr_minimum() -> void:
	show_everywhere("ready", 1)
	yield(frames(3), "completed")
	for mid in fixture["machines"]:
		var machine: Node = bridge().get_machine(mid)
		var px: int = smallest_font_px(machine.screen_ui)
		var ppm: float = machine.screen.pixels_per_m
		var need := UiKit.min_font_px(ppm, UiKit.READ_DISTANCE_M)
		print("READABILITY machine %s: smallest text %d px at %.0f px/m = cap height %.1f mm"
				% [mid, px, ppm, UiKit.cap_height_mm(px, ppm)] + " (minimum %d px, %.1f mm)" % [
				need, UiKit.cap_height_mm(need, ppm)])
		check(px >= need, "%s: smallest font %d px < %d px" % [mid, px, need])


func test_no_internal_ids_on_screens() -> void:
	check_eq(internal_id_in("Powder dispenser: load a pot"), "", "words are fine")
	check_eq(internal_id_in("range 0.1-500 g, 3.5 V"), "", "numbers are fine")
	check_eq(internal_id_in("put it in powder_dispenser"), "powder_dispenser", "snake_case")
	check_eq(internal_id_in("positive.mixing.time is low"), "positive.mixing.time", "path")
	check_eq(internal_id_in("jar-NMC622 is here", ["jar-NMC622"]), "jar-NMC622", "item id")
	show_everywhere("done", 1)
	yield(frames(3), "completed")
	var ids := _ids()
	for mid in fixture["machines"]:
		for c in visible_controls(bridge().get_machine(mid).screen_ui):
			if c is Label or c is Button:
				check_eq(internal_id_in(c.text, ids), "", "%s %s" % [mid, c.name])


func _check_cells(label: String) -> void:
	var view: Node = bridge().get_machine("potentiostat")
	var ids := _ids()
	for i in range(9):
		var panel: Spatial = view.get_cell_panel(i)
		var ui: Control = view.get_cell_screen(i)
		var where := "channel %d (%s)" % [i + 1, label]
		for problem in layout_problems(ui, panel.get_pixel_size(), panel.pixels_per_m,
				UiKit.READ_DISTANCE_M, where, ids):
			check(false, problem)
		for problem in chart_problems(ui.get_chart(), panel.pixels_per_m, UiKit.READ_DISTANCE_M,
				where):
			check(false, problem)
		check(ui.fits(), "%s fits (needs %s of %s)" % [where, str(ui.get_combined_minimum_size()),
				str(panel.get_pixel_size())])


func test_potentiostat_channels_fit_on_every_page() -> void:
	show_everywhere("done", 1)
	yield(frames(6), "completed")
	var view: Node = bridge().get_machine("potentiostat")
	var results := 0
	for i in range(9):
		if view.get_cell_screen(i).get_energy_text().ends_with("Wh/kg"):
			results += 1
	check_eq(results, 4, "four channels with results")
	_check_cells("curves")
	var pages := 0
	for _round in range(4):
		for i in range(9):
			var screen: Control = view.get_cell_screen(i)
			if screen.get_page_button().visible:
				screen.next_page()
				pages += 1
		yield(frames(6), "completed")
		_check_cells("feedback pages, round %d" % (_round + 1))
	check(pages >= 6, "feedback pages were opened: %d" % pages)
	var testing := _state_message("running", 2)
	testing["potentiostat"] = fixture["potentiostat_testing"]
	feed(testing)
	yield(frames(6), "completed")
	check(view.get_cell_screen(0).get_energy_text().begins_with("testing"), "channel 1 tests")
	_check_cells("testing")


func test_notebooks_read_from_three_metres() -> void:
	feed(_state_message("idle", 1))
	yield(frames(6), "completed")
	for book in room.get_node("Notebooks").notebooks:
		var panel: Spatial = book.panel
		var ui: Control = panel.content.get_node("UI")
		for page in range(book.pages.size()):
			book.page = page
			book.show_page()
			yield(frames(3), "completed")
			for problem in layout_problems(ui, panel.get_pixel_size(), panel.pixels_per_m,
					UiKit.NOTEBOOK_DISTANCE_M, "%s page %d" % [book.name, page + 1]):
				check(false, problem)
		var px := smallest_font_px(ui)
		print("READABILITY notebook %s: smallest text %d px at %.0f px/m = cap height %.1f mm"
				% [book.name, px, panel.pixels_per_m, UiKit.cap_height_mm(px, panel.pixels_per_m)]
				+ " (minimum at 3 m: %d px)" % UiKit.min_font_px(panel.pixels_per_m,
				UiKit.NOTEBOOK_DISTANCE_M))


func test_time_panel_fits_and_names_machines() -> void:
	show_everywhere("running", 1)
	feed(_state_message("running", 2))
	yield(frames(6), "completed")
	var time_panel: Spatial = room.get_node("TimePanel")
	var panel: Spatial = time_panel.panel
	var text: String = time_panel.get_running_text()
	check(text.begins_with("Running: "), "running machines listed: " + text)
	check(text.find("_") < 0, "machine names, not ids: " + text)
	for problem in layout_problems(panel.content.get_node("UI"), panel.get_pixel_size(),
			panel.pixels_per_m, UiKit.READ_DISTANCE_M, "time panel", _ids()):
		check(false, problem)
