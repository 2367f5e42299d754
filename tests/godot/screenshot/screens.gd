extends Reference
## Screenshots of every screen for a person to look at (screenshot.gd --screens=DIR):
##
## - screen_<machine>.png: the machine's screen as rendered, six panels: idle, ready, running,
##   done (from fixtures/screen_states.json, the runtime's own views), then ready in guided
##   mode with the longest refusal the reducer gives at that machine, then the keypad open;
## - vr2m_<machine>.png: the screen from 2 m through a camera of a headset's resolution
##   (VR_FOV_DEG: 720 px over 36° = 20 px per degree, as a Quest 2), i.e. what a student in
##   VR sees pixel for pixel; screen_angle.png: a screen from 45° to the side, 1.5 m;
## - screen_back.png: a machine screen from behind (the monitor's back);
## - potentiostat_wall.png (the desktop seat's view from 1.6 m), vr2m_potentiostat_ch*.png
##   (channels at headset resolution from 2 m), potentiostat_channels.png (the nine channel
##   screens), potentiostat_feedback.png (a channel's feedback pages, then a testing channel);
## - notebooks_3m.png (headset resolution, 3 m) and notebook_pages.png; time_panel.png.

const UiKit = preload("res://scenes/ui3d/ui_kit.gd")
const STATES = ["idle", "ready", "running", "done"]
const FIXTURE = "res://tests/godot/fixtures/screen_states.json"
const GAP = 12
## Vertical field of view that gives 20 px per degree in a 720 px high window [degrees].
const VR_FOV_DEG = 36.0
const SHEET_BG = Color(0.25, 0.27, 0.3)

var tree: SceneTree
var room: Spatial
var bridge: Node
var out_dir := ""
var fixture := {}
var written := []


func _init(scene_tree: SceneTree, dry_room: Spatial, folder: String) -> void:
	tree = scene_tree
	room = dry_room
	out_dir = folder
	bridge = tree.root.get_node("/root/Bridge")
	var file := File.new()
	file.open(FIXTURE, File.READ)
	fixture = JSON.parse(file.get_as_text()).result
	file.close()


## Takes every shot; returns the files written.
func run() -> Array:
	var sheets := {}
	var version := 1
	for state in STATES:
		show_everywhere(state, version)
		version += 1
		yield(_frames(6), "completed")
		for mid in fixture["machines"]:
			sheets[mid] = sheets.get(mid, []) + [_panel_image(bridge.get_machine(mid).screen)]
	show_everywhere("ready", version)
	version += 1
	_refuse_everywhere()
	yield(_frames(6), "completed")
	for mid in fixture["machines"]:
		sheets[mid].append(_panel_image(bridge.get_machine(mid).screen))
	_open_keypads()
	yield(_frames(6), "completed")
	for mid in fixture["machines"]:
		sheets[mid].append(_panel_image(bridge.get_machine(mid).screen))
		_save(_sheet(sheets[mid], 3), "screen_%s.png" % mid)
		bridge.get_machine(mid).screen_ui.cancel_edit()
	show_everywhere("ready", version)
	version += 1
	yield(_machine_views(), "completed")
	yield(_potentiostat(version), "completed")
	yield(_notebooks(), "completed")
	bridge.handle_text(JSON.print(state_message("running", version + 1)))
	yield(_frames(6), "completed")
	_save(_panel_image(room.get_node("TimePanel").panel), "time_panel.png")
	return written


## A state message with every machine in `state` (machines without it stay idle).
func state_message(state: String, version: int) -> Dictionary:
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
			"notebooks": fixture["notebooks"], "shelves": fixture["shelves"]}


## Shows `state` everywhere: a whole state message (potentiostat wall, notebooks), then each
## machine's entry again with the items of its own moment (the same pot has another name at
## every machine it passed).
func show_everywhere(state: String, version: int) -> void:
	bridge.handle_text(JSON.print(state_message(state, version)))
	for mid in fixture["machines"]:
		var shots: Dictionary = fixture["machines"][mid]
		var shot: Dictionary = shots[state] if shots.has(state) else shots["idle"]
		var items := {}
		for item_id in fixture["item_names"]:
			items[item_id] = {"name": fixture["item_names"][item_id]}
		for item_id in shot["items"]:
			items[item_id] = shot["items"][item_id]
		bridge.state["items"] = items
		bridge.get_machine(mid).apply_machine_state(shot["entry"])


func _refuse_everywhere() -> void:
	var longest := {}
	for r in fixture["rejections"]:
		var mid: String = r["machine"]
		if not longest.has(mid) or r["reason"].length() > longest[mid]["reason"].length():
			longest[mid] = r
	for mid in fixture["machines"]:
		var ui: Control = bridge.get_machine(mid).screen_ui
		var kind: String = fixture["machines"][mid]["idle"]["entry"]["kind"]
		ui.show_guide(fixture["guide"].get(kind, {}))
		if longest.has(mid):
			var r: Dictionary = longest[mid]
			var id: int = bridge.send_intent(r["type"], {"machine": mid})
			bridge.handle_text(JSON.print({"t": "rejected", "id": id, "type": r["type"],
					"args": {"machine": mid}, "reason": r["reason"], "code": r["code"]}))


func _open_keypads() -> void:
	for mid in fixture["machines"]:
		var ui: Control = bridge.get_machine(mid).screen_ui
		for spec in fixture["machines"][mid]["idle"]["entry"]["param_specs"]:
			if spec.get("choices", []).empty():
				ui.begin_edit(spec["name"])
				ui.get_edit_field().text = "150"
				break


func _machine_views() -> void:
	var camera: Camera = room.player.camera
	var fov := camera.fov
	camera.fov = VR_FOV_DEG
	for mid in fixture["machines"]:
		var panel: Spatial = bridge.get_machine(mid).screen
		yield(_look_at_panel(panel, 2.0), "completed")
		_save(_window_image(), "vr2m_%s.png" % mid)
	camera.fov = fov
	var screen: Spatial = bridge.get_machine("coater").screen
	var side: Vector3 = (screen.global_transform.basis.z + screen.global_transform.basis.x)
	var eye: Vector3 = screen.global_transform.origin + side.normalized() * 1.5
	yield(_look_from(Vector3(eye.x, 1.65, eye.z), screen.global_transform.origin), "completed")
	_save(_window_image(), "screen_angle.png")
	var back: Spatial = bridge.get_machine("mixer_1").screen
	yield(_look_at_panel(back, -1.6), "completed")
	_save(_window_image(), "screen_back.png")


func _potentiostat(version: int) -> void:
	var view: Spatial = bridge.get_machine("potentiostat")
	var board: Spatial = view.get_node("Board")
	var eye: Vector3 = board.global_transform.xform(Vector3(0, 0, 1.6))
	yield(_look_from(Vector3(eye.x, 1.65, eye.z), board.global_transform.origin), "completed")
	_save(_window_image(), "potentiostat_wall.png")
	var camera: Camera = room.player.camera
	var fov := camera.fov
	camera.fov = VR_FOV_DEG
	for i in [0, 2, 4]:
		yield(_look_at_panel(view.get_cell_panel(i), 2.0), "completed")
		_save(_window_image(), "vr2m_potentiostat_ch%d.png" % (i + 1))
	camera.fov = fov
	var channels := []
	for i in range(9):
		channels.append(_panel_image(view.get_cell_panel(i)))
	_save(_sheet(channels, 3), "potentiostat_channels.png")
	var most := 0
	var lines := 0
	for i in range(9):
		var count: int = view.get_cell_screen(i).get_feedback_texts().size()
		if count > lines:
			most = i
			lines = count
	var screen: Control = view.get_cell_screen(most)
	var pages := [_panel_image(view.get_cell_panel(most))]
	for _p in range(screen.get_page_count()):
		screen.next_page()
		yield(_frames(4), "completed")
		pages.append(_panel_image(view.get_cell_panel(most)))
	var testing := state_message("running", version)
	testing["potentiostat"] = fixture["potentiostat_testing"]
	bridge.handle_text(JSON.print(testing))
	yield(_frames(6), "completed")
	pages.append(_panel_image(view.get_cell_panel(0)))
	_save(_sheet(pages, 3), "potentiostat_feedback.png")
	bridge.handle_text(JSON.print(state_message("ready", version + 1)))
	yield(_frames(4), "completed")


func _notebooks() -> void:
	var row: Spatial = room.get_node("Notebooks")
	var books: Array = row.notebooks
	var middle: Spatial = books[2].panel
	var eye: Vector3 = middle.global_transform.xform(Vector3(0, 0, 3.0))
	var camera: Camera = room.player.camera
	var fov := camera.fov
	camera.fov = VR_FOV_DEG
	yield(_look_from(Vector3(eye.x, 1.65, eye.z), middle.global_transform.origin), "completed")
	_save(_window_image(), "notebooks_3m.png")
	camera.fov = fov
	var pages := []
	for book in books:
		pages.append(_panel_image(book.panel))
	_save(_sheet(pages, 3), "notebook_pages.png")


# --- Camera and images ------------------------------------------------------------------------
func _look_at_panel(panel: Spatial, distance: float) -> void:
	var centre: Vector3 = panel.global_transform.origin
	var normal: Vector3 = panel.global_transform.basis.z.normalized()
	var eye := centre + normal * distance
	yield(_look_from(Vector3(eye.x, max(eye.y, 1.5), eye.z), centre), "completed")


func _look_from(eye: Vector3, target: Vector3) -> void:
	var player: Spatial = room.player
	var camera: Camera = player.camera
	var offset: Vector3 = camera.global_transform.origin - player.global_transform.origin
	player.global_transform.origin = Vector3(eye.x, eye.y - offset.y, eye.z)
	player.look_at_point(target)
	yield(_frames(8), "completed")


func _frames(count: int) -> void:
	for _i in range(count):
		yield(tree, "idle_frame")


func _window_image() -> Image:
	var image := tree.root.get_texture().get_data()
	image.flip_y()
	return image


func _panel_image(panel: Spatial) -> Image:
	var image: Image = panel.viewport.get_texture().get_data()
	image.convert(Image.FORMAT_RGBA8)
	return image


static func _resized(image: Image, width: int) -> Image:
	var copy := Image.new()
	copy.copy_from(image)
	copy.resize(width, int(round(image.get_height() * float(width) / image.get_width())),
			Image.INTERPOLATE_BILINEAR)
	return copy


## Images side by side, `columns` per row, on a grey sheet.
static func _sheet(images: Array, columns: int) -> Image:
	var cell := Vector2()
	for image in images:
		cell.x = max(cell.x, image.get_width())
		cell.y = max(cell.y, image.get_height())
	var rows := int(ceil(images.size() / float(columns)))
	var sheet := Image.new()
	sheet.create(int(columns * (cell.x + GAP) + GAP), int(rows * (cell.y + GAP) + GAP), false,
			Image.FORMAT_RGBA8)
	sheet.fill(SHEET_BG)
	for i in range(images.size()):
		var image: Image = images[i]
		image.convert(Image.FORMAT_RGBA8)
		var at := Vector2(GAP + (i % columns) * (cell.x + GAP), GAP + (i / columns) * (cell.y + GAP))
		sheet.blit_rect(image, Rect2(Vector2.ZERO, image.get_size()), at)
	return sheet


func _save(image: Image, name: String) -> void:
	var path := out_dir.plus_file(name)
	var err := image.save_png(path)
	print("screenshot: %s (%dx%d, error %d)" % [path, image.get_width(), image.get_height(), err])
	written.append(path)
