tool
extends Spatial
## Component for a machine node: binds this node to its Python module and shows its state.
##
## The runtime loads `py_script` for `machine_id` (hello/bind messages). This node never decides
## an outcome: user actions become intents (request_*), and the machine's entry of every state
## message arrives as machine_state_changed for the views below it.

## The machine's entry of the room state changed: {kind, status, slots, params, ...}.
signal machine_state_changed(machine_state)
## This node sent an intent (the message as sent).
signal intent_sent(msg)
## The runtime refused an intent of this machine.
signal intent_rejected(intent, reason)

const STATUSES = ["idle", "running", "done"]

## Python module that simulates this machine (e.g. res://scripts_py/machines/coater.py).
export(String, FILE, "*.py") var py_script := ""
## Id of this machine in the room state (unique in the room, e.g. "coater", "slurry_mixer_2").
export var machine_id := ""
## Kind of machine; defaults to the file name of py_script ("coater").
export var kind := ""
## Name shown on the machine's sign and screen.
export var display_name := ""

## The last state entry of this machine ({} until the runtime sends one).
var machine_state := {}

var _bridge: Node = null


func _enter_tree() -> void:
	if kind == "" and py_script != "":
		kind = py_script.get_file().get_basename()
	if Engine.editor_hint:
		return
	_bridge = get_node_or_null("/root/Bridge")
	if _bridge != null and machine_id != "":
		_bridge.register_machine(self)


func _exit_tree() -> void:
	if _bridge != null:
		_bridge.unregister_machine(self)


func _ready() -> void:
	if Engine.editor_hint or _bridge == null:
		return
	_bridge.connect("state_received", self, "_on_bridge_state")
	_bridge.connect("intent_rejected", self, "_on_bridge_rejected")
	if not _bridge.state.empty():
		_on_bridge_state(_bridge.state)


## What hello/bind tell the runtime about this node.
func binding() -> Dictionary:
	return {
		"id": machine_id,
		"py_script": py_script,
		"kind": kind,
		"node_path": str(get_path()) if is_inside_tree() else "",
	}


func _on_bridge_state(room_state: Dictionary) -> void:
	var machines = room_state.get("machines", {})
	if typeof(machines) != TYPE_DICTIONARY or not machines.has(machine_id):
		return
	apply_machine_state(machines[machine_id])


## Shows one machine entry (also used by tests and offline previews).
func apply_machine_state(entry: Dictionary) -> void:
	machine_state = entry
	emit_signal("machine_state_changed", entry)



func _on_bridge_rejected(intent: Dictionary, reason: String) -> void:
	var args = intent.get("args", {})
	if typeof(args) == TYPE_DICTIONARY and args.get("machine", "") == machine_id:
		emit_signal("intent_rejected", intent, reason)


## "idle", "running" or "done" ("idle" before any state).
func get_status() -> String:
	var status := str(machine_state.get("status", "idle"))
	return status if status in STATUSES else "idle"


## Seconds of simulated time left in the current run (0 when not running).
func get_remaining_s() -> float:
	var remaining = machine_state.get("remaining_s", 0.0)
	if typeof(remaining) != TYPE_INT and typeof(remaining) != TYPE_REAL:
		return 0.0
	return max(float(remaining), 0.0)


func request_start() -> int:
	return _send("start_machine", {"machine": machine_id})


func request_set_param(name: String, value) -> int:
	return _send("set_param", {"machine": machine_id, "name": name, "value": value})


## Asks to put `item_id` into `slot` ("" = whichever held item the slot takes).
func request_place(item_id: String, slot: String) -> int:
	var args := {"machine": machine_id, "slot": slot}
	if item_id != "":
		args["item"] = item_id
	return _send("place_in_slot", args)


func _send(kind_of_intent: String, args: Dictionary) -> int:
	if _bridge == null:
		return -1
	var intent_id: int = _bridge.send_intent(kind_of_intent, args)
	emit_signal("intent_sent", {"type": kind_of_intent, "args": args, "id": intent_id})
	return intent_id


func _get_configuration_warning() -> String:
	if machine_id == "":
		return "Set machine_id: the runtime finds this machine's state by it."
	if not py_script.begins_with("res://") or not py_script.ends_with(".py"):
		return "Set py_script to the machine's Python module (res://scripts_py/machines/x.py)."
	return ""
