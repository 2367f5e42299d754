extends Reference
## Movement actions of the desktop seat, added to the InputMap when the project defines none
## (so they can be rebound in Project Settings without code changes).

const ACTIONS = {
	"bmm_move_forward": [KEY_W, KEY_UP],
	"bmm_move_back": [KEY_S, KEY_DOWN],
	"bmm_move_left": [KEY_A, KEY_LEFT],
	"bmm_move_right": [KEY_D, KEY_RIGHT],
	"bmm_run": [KEY_SHIFT],
}


static func ensure() -> void:
	for action in ACTIONS:
		if InputMap.has_action(action):
			continue
		InputMap.add_action(action)
		for scancode in ACTIONS[action]:
			var key := InputEventKey.new()
			key.scancode = scancode
			InputMap.action_add_event(action, key)
