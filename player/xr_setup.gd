extends Reference
## Starts an ARVR interface for the dry room, or none (then the desktop seat is used).
##
## "auto" tries OpenXR, then OpenVR (present only when their plugins are in addons/).
## "native_mobile" is Godot's built-in stereo interface, used by tests and screenshots.

const NAMES = {
	"auto": ["OpenXR", "OpenVR"],
	"openxr": ["OpenXR"],
	"openvr": ["OpenVR"],
	"native_mobile": ["Native mobile"],
	"none": [],
}


## The interface names tried for `request` (unknown requests try nothing).
static func candidates(request: String) -> Array:
	return NAMES.get(request.to_lower().replace(" ", "_"), [])


## Initialises the first interface that starts and turns ARVR on for `viewport`, or null.
static func start(request: String, viewport: Viewport) -> ARVRInterface:
	for name in candidates(request):
		var iface := ARVRServer.find_interface(name)
		if iface == null:
			continue
		if iface.is_initialized() or iface.initialize():
			viewport.arvr = true
			if name != "Native mobile":
				OS.vsync_enabled = false
				Engine.iterations_per_second = 90
			return iface
	return null
