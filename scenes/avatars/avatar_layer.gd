extends Spatial
## The other users in the room: a simple body in their avatar colour with a name tag, moved by
## pose messages (or the state's "users" positions). Pointing at one with an item in hand
## hands it over (hand_to).

const UiKit = preload("res://scenes/ui3d/ui_kit.gd")
const Sign3D = preload("res://scenes/ui3d/sign_3d.gd")
const MachineShapes = preload("res://scenes/machines/machine_shapes.gd")
const PHYSICS_LAYER_THINGS = 5

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


## Poses {user: {head: [x,y,z,qx,qy,qz,qw], left, right}} from the mesh.
func show_poses(users: Dictionary) -> void:
	for user in users:
		if not avatars.has(user) or typeof(users[user]) != TYPE_DICTIONARY:
			continue
		var head = users[user].get("head")
		if typeof(head) == TYPE_ARRAY and head.size() >= 7:
			var avatar: Spatial = avatars[user]
			avatar.translation = Vector3(float(head[0]), 0, float(head[2]))
			var q := Quat(float(head[3]), float(head[4]), float(head[5]), float(head[6]))
			avatar.rotation.y = q.get_euler().y
			avatar.set_meta("hands", users[user])


## Where user's `hand` is (for items they hold), or null when the user is unknown.
func hand_transform(user: String, hand: String):
	if not avatars.has(user):
		return null
	var avatar: Spatial = avatars[user]
	var side := -0.3 if hand == "left" else 0.3
	return avatar.global_transform.translated(Vector3(side, 1.0, -0.25))


## The click target of `user`'s avatar (tests, scripted students).
func avatar_target(user: String) -> Node:
	return avatars[user].get_node("Target") if avatars.has(user) else null


func _make_avatar(user: String, entry: Dictionary) -> Spatial:
	var avatar := Spatial.new()
	avatar.name = "Avatar_" + user
	var session := get_node_or_null("/root/Session")
	var color: Color = session.avatar_color(str(entry.get("avatar", ""))) if session else UiKit.BLUE
	MachineShapes.cylinder(avatar, 0.22, 1.1, Vector3(0, 0.75, 0), color, "y", 0.18)
	var head := MeshInstance.new()
	var sphere := SphereMesh.new()
	sphere.radius = 0.13
	sphere.height = 0.26
	head.mesh = sphere
	head.material_override = MachineShapes.material(Color(0.93, 0.8, 0.68))
	head.translation = Vector3(0, 1.5, 0)
	avatar.add_child(head)
	MachineShapes.box(avatar, Vector3(0.2, 0.06, 0.05), Vector3(0, 1.53, -0.12), Color(0.1, 0.1, 0.1))
	var tag := Sign3D.new()
	tag.text = str(entry.get("name", user))
	tag.font_px = 36
	tag.billboard = true
	tag.plate_color = color.darkened(0.3)
	tag.translation = Vector3(0, 1.85, 0)
	avatar.add_child(tag)
	var body := StaticBody.new()
	body.collision_layer = 1 << (PHYSICS_LAYER_THINGS - 1)
	body.collision_mask = 0
	var target := AvatarTarget.new()
	target.name = "Target"
	target.user = user
	avatar.add_child(target)
	body.set_meta("interactable", target)
	var shape := CollisionShape.new()
	shape.shape = CapsuleShape.new()
	shape.shape.radius = 0.25
	shape.shape.height = 1.2
	shape.rotation_degrees = Vector3(90, 0, 0)
	shape.translation = Vector3(0, 0.9, 0)
	body.add_child(shape)
	avatar.add_child(body)
	add_child(avatar)
	return avatar


class AvatarTarget:
	extends Node
	var user := ""

	func on_primary(actor: Node, _point: Vector3) -> void:
		var held: String = actor.held_item_id()
		if held != "":
			actor.send("hand_to", {"item": held, "to": user})
