extends Reference
## What an observer seat says, for the desktop seat and the VR rig alike. An observer is the
## instructor in the game (`bmm play --observe TOKEN`): not counted among the students, walks
## and looks everywhere, takes and uses nothing (the bridge keeps such intents back, see
## Bridge.OBSERVER_REFUSAL), is heard room-wide and saves the room (save_room, PROTOCOL.md).

const Protocol = preload("res://addons/bmm_bridge/protocol.gd")
## The desktop key that opens the save prompt (free in input_actions.gd and desktop_seat.gd).
const SAVE_KEY = KEY_F6
## The observer's line on the desktop HUD and the help line's extra words.
const NOTE = "Observing · not counted among the students"
const KEY_HINT = "F6: save the room"


## The name the save prompt offers: "observed HH-MM" of `now` (OS.get_datetime()).
static func default_save_name(now: Dictionary) -> String:
	return "observed %02d-%02d" % [int(now.get("hour", 0)), int(now.get("minute", 0))]


## Sends save_room for `name` (spaces collapsed) over `bridge`; false when it did not go out.
## The answer comes as Bridge.room_saved or Bridge.error_received.
static func send_save(bridge: Node, name: String) -> bool:
	return bridge != null and bridge.send_message(Protocol.save_room(Protocol.save_name(name)))


## What the seat shows when the runtime saved the room as `name`.
static func saved_text(name: String) -> String:
	return "Saved the room as “%s”" % name


## What the seat shows for error `code` (message `message`), or "" when it is no answer to a
## save_room.
static func refused_text(code: String, message: String) -> String:
	if not code in Protocol.SAVE_ERRORS:
		return ""
	return "Not saved: %s" % (message if message != "" else code)
