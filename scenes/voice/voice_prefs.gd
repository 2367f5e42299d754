extends Reference
## How loud this player wants each other user's voice: a volume (25 %..200 %) and a mute, kept
## on this PC in a ConfigFile (one section per user id: volume, muted). Local only: nobody else
## hears or sees it.

## Volume steps of the −/+ buttons, and the range [share of the sent loudness].
const STEP = 0.25
const MIN_VOLUME = 0.25
const MAX_VOLUME = 2.0
const DEFAULT_PATH = "user://voice.cfg"

## The file the preferences live in.
var path := DEFAULT_PATH

var _cfg := ConfigFile.new()


## Forgets what was loaded and reads `file` (missing = every voice at 100 %, none muted).
func use_file(file: String) -> void:
	path = file
	_cfg = ConfigFile.new()
	if File.new().file_exists(path) and _cfg.load(path) != OK:
		push_warning("voice: cannot read %s; starting with default volumes" % path)
		_cfg = ConfigFile.new()


func volume(user: String) -> float:
	var value = _cfg.get_value(user, "volume", 1.0)
	if typeof(value) != TYPE_REAL and typeof(value) != TYPE_INT:
		return 1.0
	return clamp(float(value), MIN_VOLUME, MAX_VOLUME)


func is_muted(user: String) -> bool:
	return _cfg.get_value(user, "muted", false) == true


## The volume as gain [dB] (0 at 100 %).
func volume_db(user: String) -> float:
	return linear2db(volume(user))


## Sets the volume (rounded to a step, clamped) and saves.
func set_volume(user: String, value: float) -> void:
	var stepped: float = clamp(round(value / STEP) * STEP, MIN_VOLUME, MAX_VOLUME)
	_cfg.set_value(user, "volume", stepped)
	save()


## −/+: `steps` volume steps up (negative: down).
func step_volume(user: String, steps: int) -> void:
	set_volume(user, volume(user) + steps * STEP)


func set_muted(user: String, on: bool) -> void:
	_cfg.set_value(user, "muted", on)
	save()


func save() -> void:
	if _cfg.save(path) != OK:
		push_warning("voice: cannot save %s" % path)
