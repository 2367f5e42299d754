extends Spatial
## The other users in the room: a body in their avatar colour, a head with a name tag and two
## hands, moved by pose messages (head, left, right; 30 Hz from the runtime) and smoothed
## between them, or placed by the state's "users" positions. An item someone holds follows
## their hand (hand_transform). Pointing at a user with an item in hand hands it over. An
## observer (the instructor watching from the game, role "observer") is drawn in its own
## colour with "· observing" after the name: not one of the students, and takes nothing.

const UiKit = preload("res://scenes/ui3d/ui_kit.gd")
const Sign3D = preload("res://scenes/ui3d/sign_3d.gd")
const MachineShapes = preload("res://scenes/machines/machine_shapes.gd")
const PhysicsLayers = preload("res://scenes/common/physics_layers.gd")
const Target = preload("res://scenes/common/target.gd")
## How fast a remote avatar closes the gap to its newest pose [1/s] (poses come at 30 Hz).
const FOLLOW_RATE = 18.0
const PARTS = ["head", "left", "right"]
## An observer's avatar colour (no lab coat has it) and the words after their name.
const OBSERVER_COLOR = Color(0.85, 0.3, 0.6)
const OBSERVER_TAG = " · observing"

var avatars := {}

var _bridge: Node = null


func _ready() -> void:
	add_to_group("avatar_layer")
	_bridge = get_node_or_null("/root/Bridge")
	if _bridge != null:
		_bridge.connect("poses_received", self, "show_poses")
		_bridge.follow_state(self, "show_state")


func show_state(room_state: Dictionary) -> void:
	var users = room_state.get("users", {})
	if typeof(users) != TYPE_DICTIONARY:
		return
	for user in avatars.keys():
		if not users.has(user):
			avatars[user].queue_free()
			avatars.erase(user)
	for user in users:
		var entry = users[user]
		if str(user) == (_bridge.user_id if _bridge else "") or typeof(entry) != TYPE_DICTIONARY:
			continue
		if not avatars.has(user):
			avatars[user] = _make_avatar(str(user), entry)
		var p = entry.get("position")
		if typeof(p) == TYPE_ARRAY and p.size() >= 3:
			avatars[user].translation = Vector3(float(p[0]), 0, float(p[2]))


## Poses {user: {head: [x,y,z,qx,qy,qz,qw], left, right}} from the mesh: targets the
## avatar moves towards.
func show_poses(users: Dictionary) -> void:
	for user in users:
		if not avatars.has(user) or typeof(users[user]) != TYPE_DICTIONARY:
			continue
		var targets := {}
		for part in PARTS:
			var xf = _pose_transform(users[user].get(part))
			if xf != null:
				targets[part] = xf
		if targets.has("head"):
			avatars[user].set_meta("targets", targets)


static func _pose_transform(p):
	if typeof(p) != TYPE_ARRAY or p.size() < 7:
		return null
	var q := Quat(float(p[3]), float(p[4]), float(p[5]), float(p[6]))
	if q.length_squared() < 0.5:
		q = Quat()
	return Transform(Basis(q.normalized()), Vector3(float(p[0]), float(p[1]), float(p[2])))


func _process(delta: float) -> void:
	var t := 1.0 - exp(-FOLLOW_RATE * delta)
	for user in avatars:
		var avatar: Spatial = avatars[user]
		if not avatar.has_meta("targets"):
			continue
		var targets: Dictionary = avatar.get_meta("targets")
		for part in targets:
			var node: Spatial = avatar.get_node(part.capitalize())
			node.global_transform = node.global_transform.interpolate_with(targets[part], t)
		var head: Spatial = avatar.get_node("Head")
		var body: Spatial = avatar.get_node("Body")
		var yaw: float = head.global_transform.basis.get_euler().y
		body.global_transform = Transform(
			Basis(Vector3.UP, yaw),
			Vector3(head.global_transform.origin.x, 0, head.global_transform.origin.z)
		)


## Where user's `hand` is (for items they hold), or null when the user is unknown.
func hand_transform(user: String, hand: String):
	if not avatars.has(user):
		return null
	var avatar: Spatial = avatars[user]
	var node: Spatial = avatar.get_node("Left" if hand == "left" else "Right")
	return node.global_transform


## The head of `user`'s avatar (voices play there, the speaking sign floats above it), or
## null when the user has no avatar here.
func head_node(user: String) -> Spatial:
	return avatars[user].get_node("Head") if avatars.has(user) else null


## True when `user`'s avatar is drawn as an observer's.
func is_observer(user: String) -> bool:
	return avatars.has(user) and avatars[user].get_meta("role") == "observer"


## The name tag above `user`'s head ("" when the user has no avatar here).
func tag_text(user: String) -> String:
	return avatars[user].get_node("Head/NameTag").text if avatars.has(user) else ""


## The click target of `user`'s avatar (tests, scripted students).
func avatar_target(user: String) -> Node:
	return avatars[user].get_node("Target") if avatars.has(user) else null


func _make_avatar(user: String, entry: Dictionary) -> Spatial:
	var avatar := Spatial.new()
	avatar.name = "Avatar_" + user
	var session := get_node_or_null("/root/Session")
	var color: Color = session.avatar_color(str(entry.get("avatar", ""))) if session else UiKit.BLUE
	var role := str(entry.get("role", "student"))
	var shown_name := str(entry.get("name", user))
	if role == "observer":
		color = OBSERVER_COLOR
		shown_name += OBSERVER_TAG
	avatar.set_meta("role", role)
	var body := Spatial.new()
	body.name = "Body"
	MachineShapes.cylinder(body, 0.22, 1.1, Vector3(0, 0.75, 0), color, "y", 0.18)
	avatar.add_child(body)
	avatar.add_child(_make_head(shown_name, color))
	for side in ["Left", "Right"]:
		var hand := Spatial.new()
		hand.name = side
		MachineShapes.box(hand, Vector3(0.08, 0.05, 0.12), Vector3(), color.lightened(0.25))
		hand.translation = Vector3(-0.3 if side == "Left" else 0.3, 1.0, -0.25)
		avatar.add_child(hand)
	_add_target(avatar, body, user, shown_name, role == "observer")
	add_child(avatar)
	return avatar


static func _make_head(name_text: String, color: Color) -> Spatial:
	var head := Spatial.new()
	head.name = "Head"
	head.translation = Vector3(0, 1.5, 0)
	var ball := MeshInstance.new()
	var sphere := SphereMesh.new()
	sphere.radius = 0.13
	sphere.height = 0.26
	ball.mesh = sphere
	ball.material_override = MachineShapes.material(Color(0.93, 0.8, 0.68))
	head.add_child(ball)
	MachineShapes.box(head, Vector3(0.2, 0.06, 0.05), Vector3(0, 0.03, -0.12), Color(0.1, 0.1, 0.1))
	var tag := Sign3D.new()
	tag.name = "NameTag"
	tag.text = name_text
	tag.font_px = 36
	tag.billboard = true
	tag.plate_color = color.darkened(0.3)
	tag.translation = Vector3(0, 0.35, 0)
	head.add_child(tag)
	return head


static func _add_target(avatar: Spatial, body: Spatial, user: String, user_name: String,
		observer: bool) -> void:
	var target := AvatarTarget.new()
	target.name = "Target"
	target.user = user
	target.observer = observer
	target.title = user_name
	target.detail = "Click with an item in hand: hand it to them"
	if observer:
		target.detail = "The instructor, watching: not one of the students, takes nothing"
	avatar.add_child(target)
	var shape := CapsuleShape.new()
	shape.radius = 0.25
	shape.height = 1.2
	target.attach(body, PhysicsLayers.THINGS, shape,
			Transform(Basis(Vector3.RIGHT, PI / 2), Vector3(0, 0.9, 0)))


class AvatarTarget:
	extends Target
	var user := ""
	var observer := false

	func on_primary(actor: Node, _point: Vector3) -> void:
		var held: String = actor.held_item_id()
		if held != "" and observer:
			actor.notify("Observers take nothing: hand it to a student")
		elif held != "":
			actor.send("hand_to", {"item": held, "to": user})
