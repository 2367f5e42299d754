extends "res://tests/godot/lib/test_case.gd"
## The longest texts the room accepts (fixtures/text_limits.json, written from
## scripts_py/room/limits.py) fit where the game shows them: every notebook page with the
## longest title, and a found Easter egg with the longest title and message.

const NotebookView = preload("res://scenes/notebooks/notebook_view.gd")
const EggLayer = preload("res://scenes/easter_eggs/egg_layer.gd")


func before_each() -> void:
	reset_bridge()


func test_longest_notebook_fits_on_its_pages() -> void:
	var limits: Dictionary = load_fixture("text_limits.json")["notebook"]
	check_eq(NotebookView.CHARS_PER_PAGE, limits["page_chars"], "page size as in limits.py")
	var book: Spatial = NotebookView.new()
	add_child(book)
	book.show_notebook({"title": limits["title"], "text": limits["text"]})
	check_eq(book.pages.size(), limits["pages"], "one page per page-long paragraph")
	for page in range(book.pages.size()):
		book.page = page
		book.show_page()
		yield(frames(2), "completed")
		var panel_px: Vector2 = book.panel.get_pixel_size()
		var used: Vector2 = book._ui.rect_size
		check(used.y <= panel_px.y + 0.5 and used.x <= panel_px.x + 0.5,
				"page %d fits: %s in %s" % [page + 1, str(used), str(panel_px)])
	book.queue_free()


func test_longest_egg_message_fits_its_panel() -> void:
	var egg: Dictionary = load_fixture("text_limits.json")["egg"]
	var layer: Spatial = EggLayer.new()
	add_child(layer)
	layer.show_state({"easter_eggs": [egg]})
	yield(frames(2), "completed")
	var panel: Spatial = layer.eggs[egg["id"]].get_node("Message")
	var ui: Control = panel.content.get_node("UI")
	check(panel.visible, "a found egg shows its message")
	check_eq(ui.get_child(0).get_node("Text").text, egg["message"], "the whole message")
	var panel_px: Vector2 = panel.get_pixel_size()
	check(ui.rect_size.y <= panel_px.y + 0.5 and ui.rect_size.x <= panel_px.x + 0.5,
			"egg panel fits: %s in %s" % [str(ui.rect_size), str(panel_px)])
	layer.queue_free()
