extends Reference
## Rendering quality of the dry room: what the WorldEnvironment and the lights of dry_room.tscn
## switch on. "high" keeps the scene as authored: directional shadows and SSAO (SSAO exists on
## GLES3 only). "medium" drops SSAO (the costliest part in software rendering and on the
## paper's VR-ready laptops), "low" also the shadows. "auto" (the default) is "medium" on GLES3
## and "low" on the GLES2 fallback, which is what weaker machines get; both stay within the
## frame-time budget measured by benchmarks/bench_frame_time.py. Chosen with
## `--looks=auto|high|medium|low` or RoomShell's `quality`.

const QUALITIES = ["auto", "high", "medium", "low"]


## The level "auto" stands for with the running video driver.
static func resolve(quality: String) -> String:
	if quality != "auto":
		return quality
	return "medium" if OS.get_current_video_driver() == OS.VIDEO_DRIVER_GLES3 else "low"


## Applies `quality` to the room's environment and lights (children of `room` named
## WorldEnvironment, Sun). Returns the level applied ("auto" resolved).
static func apply(room: Node, quality: String) -> String:
	if not quality in QUALITIES:
		push_warning("room looks: unknown quality %s, using auto" % quality)
		quality = "auto"
	quality = resolve(quality)
	var world := room.get_node_or_null("WorldEnvironment")
	if world != null and world.environment != null:
		world.environment.ssao_enabled = quality == "high"
	for light in room.get_children():
		if light is DirectionalLight:
			light.shadow_enabled = quality != "low"
	return quality
