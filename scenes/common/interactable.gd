extends Reference
## The contract of everything a pointer (desktop crosshair, VR controller ray) can use.
##
## A target is registered on its collision body with register(body, target); the pointer finds
## it with of(collider). Every target implements:
##   interact_role() -> String   one of ROLES
##   pointer_info() -> Dictionary   {"title": String, "detail": String}: what the HUD and the
##       VR pointer show while it is aimed at ("NMC622 · active material", "Accepts: a pot")
##   set_highlighted(on: bool)   shows or hides the hover highlight
## Panels (role "panel") also implement pointer(kind, point) and pointer_exit(); every other
## role implements on_primary(actor, point) and may implement on_inspect(actor).
## register() checks this at once and reports what is missing (push_error), so a target that
## breaks the contract fails where it is made, not when a student clicks it.

## What a target is to the pointer.
const ROLES = ["panel", "item", "slot", "shelf", "floor", "thing"]
const COMMON = ["interact_role", "pointer_info", "set_highlighted"]
const META = "interactable"


## What `target` lacks to follow the contract ("" when nothing).
static func problem(target: Object) -> String:
	if target == null:
		return "no target"
	for method in COMMON:
		if not target.has_method(method):
			return "%s has no %s()" % [str(target), method]
	var role = target.interact_role()
	if not role in ROLES:
		return "%s has an unknown role %s" % [str(target), str(role)]
	var needed := ["pointer", "pointer_exit"] if role == "panel" else ["on_primary"]
	for method in needed:
		if not target.has_method(method):
			return "%s (%s) has no %s()" % [str(target), role, method]
	return ""


## Makes `target` the interactable of `body` (checked against the contract).
static func register(body: Object, target: Object) -> bool:
	var why := problem(target)
	if why != "":
		push_error("interactable: " + why)
		return false
	body.set_meta(META, target)
	return true


## The interactable of a collider hit by a ray (null for none).
static func of(collider: Object) -> Object:
	if collider == null or not is_instance_valid(collider) or not collider.has_meta(META):
		return null
	var target = collider.get_meta(META)
	return target if target != null and is_instance_valid(target) else null


## The role of `target` ("" for null or for a target that breaks the contract).
static func role_of(target: Object) -> String:
	if target == null or not target.has_method("interact_role"):
		return ""
	return str(target.interact_role())
