extends Reference
## Rendering quality of the dry room: what the WorldEnvironment and the lights of dry_room.tscn
## switch on. "high" (the default) keeps the scene as authored: directional shadows and SSAO
## (SSAO exists on GLES3 only; GLES2 ignores it). "medium" drops SSAO (the costliest part in
## software rendering), "low" also the shadows. Chosen with `--looks=high|medium|low` or
## RoomShell's `quality`.

const QUALITIES = ["high", "medium", "low"]


## Applies `quality` to the room's environment and lights (children of `room` named
## WorldEnvironment, Sun). Returns the quality applied.
static func apply(room: Node, quality: String) -> String:
	if not quality in QUALITIES:
		push_warning("room looks: unknown quality %s, using high" % quality)
		quality = "high"
	var world := room.get_node_or_null("WorldEnvironment")
	if world != null and world.environment != null:
		world.environment.ssao_enabled = quality == "high"
	for light in room.get_children():
		if light is DirectionalLight:
			light.shadow_enabled = quality != "low"
	return quality
