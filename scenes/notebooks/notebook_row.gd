extends Spatial
## The five notebooks of the room, side by side; texts come from the state's "notebooks".

const NotebookView = preload("notebook_view.gd")
const COUNT = 5
## Distance between two lecterns [m] (a page is 0.9 m wide).
const SPACING_M = 1.0

var notebooks := []


func _ready() -> void:
	for i in range(COUNT):
		var book := NotebookView.new()
		book.name = "Notebook%d" % (i + 1)
		book.index = i
		book.translation = Vector3(i * SPACING_M, 0, 0)
		add_child(book)
		notebooks.append(book)
	var bridge := get_node_or_null("/root/Bridge")
	if bridge != null:
		bridge.follow_state(self, "show_state")


func show_state(room_state: Dictionary) -> void:
	var entries = room_state.get("notebooks", [])
	if typeof(entries) != TYPE_ARRAY:
		return
	for i in range(min(entries.size(), COUNT)):
		if typeof(entries[i]) == TYPE_DICTIONARY:
			notebooks[i].show_notebook(entries[i])
