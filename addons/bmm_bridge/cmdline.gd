extends Reference
## Reads `--key=value` options from the command line (after `--` or anywhere).
##
## Godot 3.2 has no get_cmdline_user_args(), so every argument is scanned.


## The value of `--name=value`, `default` when absent. A bare `--name` gives "true".
static func value(name: String, default: String = "") -> String:
	return value_in(OS.get_cmdline_args(), name, default)


## Same as value() on an explicit argument list (for tests).
static func value_in(args: Array, name: String, default: String = "") -> String:
	var prefix := "--" + name + "="
	for arg in args:
		var text := str(arg)
		if text.begins_with(prefix):
			return text.substr(prefix.length(), text.length() - prefix.length())
		if text == "--" + name:
			return "true"
	return default


## True when `--name` or `--name=<anything but false/0>` was given.
static func flag(name: String) -> bool:
	var text := value(name, "false").to_lower()
	return text != "false" and text != "0" and text != "no"
