tool
extends EditorPlugin
## Editor side of the bridge plugin: registers the "Bridge" autoload when enabled.

const AUTOLOAD_NAME = "Bridge"
const AUTOLOAD_PATH = "res://addons/bmm_bridge/bridge.gd"


func enable_plugin() -> void:
	add_autoload_singleton(AUTOLOAD_NAME, AUTOLOAD_PATH)


func disable_plugin() -> void:
	remove_autoload_singleton(AUTOLOAD_NAME)
