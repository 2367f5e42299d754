extends Node
## Runs test suites headless and prints one line per test, then a summary line.
##
## godot3-server --path . res://tests/godot/lib/suite_runner.tscn -- --suite=res://…/test_x.gd
## Without --suite every tests/godot/suites/test_*.gd runs. Exit code 1 when a test failed.

const Cmdline = preload("res://addons/bmm_bridge/cmdline.gd")
const SUITE_DIR = "res://tests/godot/suites"
const TEST_TIMEOUT_MS = 20000

var passed := 0
var failed := 0

var _test_done := false


func _ready() -> void:
	var suites := []
	var one := Cmdline.value("suite", "")
	if one != "":
		suites.append(one)
	else:
		suites = _all_suites()
	for path in suites:
		yield(_run_suite(path), "completed")
	print("RESULT %d passed, %d failed" % [passed, failed])
	get_tree().quit(1 if failed > 0 else 0)


func _all_suites() -> Array:
	var out := []
	var dir := Directory.new()
	if dir.open(SUITE_DIR) != OK:
		return out
	dir.list_dir_begin(true, true)
	var name := dir.get_next()
	while name != "":
		if name.begins_with("test_") and name.ends_with(".gd"):
			out.append(SUITE_DIR.plus_file(name))
		name = dir.get_next()
	out.sort()
	return out


func _run_suite(path: String) -> void:
	yield(get_tree(), "idle_frame")
	var script = load(path)
	if script == null or not script.can_instance():
		_report(path.get_file(), "load", ["cannot load the suite"])
		return
	var names := []
	for method in script.get_script_method_list():
		if method["name"].begins_with("test_") and not method["name"] in names:
			names.append(method["name"])
	for test_name in names:
		var suite: Node = script.new()
		add_child(suite)
		suite.before_each()
		var state = suite.call(test_name)
		if state is GDScriptFunctionState:
			# A resumed coroutine gets a new state object; only "completed" marks the end.
			_test_done = false
			state.connect("completed", self, "_on_test_completed")
			var started := OS.get_ticks_msec()
			while not _test_done:
				if OS.get_ticks_msec() - started > TEST_TIMEOUT_MS:
					suite.failures.append("timed out after %d ms" % TEST_TIMEOUT_MS)
					break
				yield(get_tree(), "idle_frame")
		suite.after_each()
		_report(path.get_file().get_basename(), test_name, suite.failures)
		remove_child(suite)
		suite.queue_free()
		yield(get_tree(), "idle_frame")


func _on_test_completed(_result = null) -> void:
	_test_done = true


func _report(suite_name: String, test_name: String, failures: Array) -> void:
	if failures.empty():
		passed += 1
		print("PASS %s::%s" % [suite_name, test_name])
	else:
		failed += 1
		print("FAIL %s::%s: %s" % [suite_name, test_name, PoolStringArray(failures).join(" | ")])
