extends Reference
## The room's physics layers, one place for all of them (their names are in project.godot,
## [layer_names]). Every collider and every ray uses these; nothing else numbers layers.

## Floor, walls, benches and machine bodies: what rays stop at and what items rest on.
const WORLD = 1
## 3D screens (Panel3D).
const UI = 2
## Items of the room state (pots, rolls, electrodes, cells).
const ITEMS = 3
## Machine slot pads.
const SLOTS = 4
## Shelf containers, Easter eggs, other users' avatars.
const THINGS = 5


## The collision_layer / mask bit of `layer` (1-based, as in the editor).
static func bit(layer: int) -> int:
	return 1 << (layer - 1)


## The mask of every layer a pointer ray may hit.
static func pointer_mask() -> int:
	return bit(WORLD) | bit(UI) | bit(ITEMS) | bit(SLOTS) | bit(THINGS)
