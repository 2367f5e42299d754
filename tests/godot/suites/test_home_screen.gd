extends "res://tests/godot/lib/test_case.gd"
## Home screen: rooms with occupancy, identity and join.

const HomeScreen = preload("res://scenes/home/home_screen.tscn")

var home: Control


func before_each() -> void:
	reset_bridge()
	home = HomeScreen.instance()
	add_child(home)


func test_rooms_with_occupancy_and_join() -> void:
	feed({"t": "rooms", "rooms": [
		{"id": "r1", "name": "Room 1", "users": 2, "max_users": 6},
		{"id": "r2", "name": "Room 2", "users": 6, "max_users": 6}]})
	check_eq(home.room_list.get_item_count(), 2, "two rooms")
	check(home.room_list.get_item_text(0).find("2 / 6") >= 0, "occupancy shown")
	check(home.room_list.is_item_disabled(1), "full room cannot be picked")
	home.name_field.text = "Ada"
	home.server_field.text = "192.168.1.20:8800"
	home.code_field.text = " anode-slurry-42 "
	home.room_list.select(0)
	home.select_room(0)
	check(not home.join_button.disabled, "join enabled")
	home.join()
	var msg: Dictionary = bridge().outgoing_log.back()
	check_eq(msg.get("t"), "join", "join message")
	check_eq(msg.get("room"), "r1", "room")
	check_eq(msg.get("name"), "Ada", "name")
	check_eq(msg.get("server"), "192.168.1.20:8800", "server")
	check_eq(msg.get("code"), "anode-slurry-42", "class code, trimmed")
	check_eq(get_node("/root/Session").player_name, "Ada", "session keeps the name")
	check_eq(bridge().client_info.get("name"), "Ada", "hello will carry the name")


func test_refresh_asks_for_rooms() -> void:
	home.server_field.text = "192.168.1.20:8800"
	home.request_rooms()
	var msg: Dictionary = bridge().outgoing_log.back()
	check_eq(msg, {"t": "list_rooms", "server": "192.168.1.20:8800"}, "list_rooms")
