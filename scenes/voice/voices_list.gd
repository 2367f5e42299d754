extends VBoxContainer
## The "Voices" list: every other person in the room with −/+ volume and a mute button (local
## preferences of voice_layer.gd, kept in user://voice.cfg); a name lights up while its owner
## speaks. The desktop HUD shows it on a key, the VR wrist carries it.

## Someone pressed a button of the list (the wrist panel renders again).
signal edited

const UiKit = preload("res://scenes/ui3d/ui_kit.gd")
const SPEAKING_COLOR = Color(0.45, 1.0, 0.6)

## Letter size [px].
export var font_px := 18
## Width of the name column [px].
export var name_width_px := 150
## Title line ("" for none).
export var title := "Voices"

## The voice layer the list shows and edits (null: an empty list).
var layer: Node = null

var _names := {}
var _speaking := {}


## Shows and edits `voice_layer`'s people from now on.
func bind(voice_layer: Node) -> void:
	if layer == voice_layer:
		return
	layer = voice_layer
	if layer != null:
		# deferred: a button of the list may be the one that changed it
		layer.connect("voices_changed", self, "refresh", [], CONNECT_DEFERRED)
	refresh()


## Builds the rows again from the layer's people.
func refresh() -> void:
	for child in get_children():
		remove_child(child)
		child.queue_free()
	_names = {}
	_speaking = {}
	if title != "":
		add_child(UiKit.label(title, font_px, UiKit.TEXT_AMBER, true))
	var people: Array = layer.people() if layer != null else []
	if people.empty():
		add_child(UiKit.label("Nobody else is here yet", font_px, UiKit.INK_DIM))
	for person in people:
		add_child(_row(person))


## Lights up the names of those speaking now; true when something changed.
func update_speaking() -> bool:
	var changed := false
	for user in _names:
		var now: bool = layer != null and layer.is_speaking(user)
		if now != _speaking.get(user, false):
			_speaking[user] = now
			_names[user].add_color_override("font_color", SPEAKING_COLOR if now else UiKit.INK)
			changed = true
	return changed


## The row of `user` (tests press its buttons: "Down", "Up", "Mute"), or null.
func row_of(user: String) -> Node:
	return get_node_or_null("Row_" + user)


func _row(person: Dictionary) -> HBoxContainer:
	var user: String = person["id"]
	var row := HBoxContainer.new()
	row.name = "Row_" + user
	row.add_constant_override("separation", int(font_px * 0.4))
	var who := UiKit.label(str(person["name"]), font_px, UiKit.INK)
	who.name = "Name"
	who.clip_text = true
	who.rect_min_size = Vector2(name_width_px, 0)
	who.size_flags_horizontal = Control.SIZE_EXPAND_FILL
	row.add_child(who)
	_names[user] = who
	var down := UiKit.button("−", font_px, UiKit.GREY)
	down.name = "Down"
	down.connect("pressed", self, "_step", [user, -1])
	row.add_child(down)
	var volume := UiKit.label("%d %%" % int(round(person["volume"] * 100.0)), font_px,
			UiKit.INK_DIM if person["muted"] else UiKit.INK)
	volume.name = "Volume"
	volume.align = Label.ALIGN_CENTER
	volume.rect_min_size = Vector2(font_px * 3.6, 0)
	row.add_child(volume)
	var up := UiKit.button("+", font_px, UiKit.GREY)
	up.name = "Up"
	up.connect("pressed", self, "_step", [user, 1])
	row.add_child(up)
	var mute := UiKit.button("Unmute" if person["muted"] else "Mute", font_px,
			UiKit.RED if person["muted"] else UiKit.BLUE)
	mute.name = "Mute"
	mute.rect_min_size = Vector2(font_px * 5.6, 0)
	mute.connect("pressed", self, "_mute", [user])
	row.add_child(mute)
	return row


func _step(user: String, steps: int) -> void:
	if layer != null:
		layer.step_volume(user, steps)
	emit_signal("edited")


func _mute(user: String) -> void:
	if layer != null:
		layer.toggle_muted(user)
	emit_signal("edited")
