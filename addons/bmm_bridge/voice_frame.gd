extends Reference
## The bridge's binary voice frame (runtime → Godot, PROTOCOL.md): one remote speaker's 20 ms
## of 16-bit mono PCM. parse() checks every field before it trusts it (sizes are compared
## with the bytes that arrived before anything is read or allocated from them), so a bad
## frame is refused with the reason and nothing else happens. The Python side is
## scripts_py/runtime/voice_frame.py.

const KIND = 0x56
## flags bit 0: room-wide (the instructor: full volume, not positional).
const ROOM_WIDE = 0x01
## flags bit 1: made up by loss concealment, not received.
const CONCEALED = 0x02
const HEADER_BYTES = 16
const MAX_ID_BYTES = 64
## 100 ms at 48 kHz.
const MAX_SAMPLES = 4800
const MIN_RATE_HZ = 8000
const MAX_RATE_HZ = 48000
const MAX_LEVEL = 32767
## The bytes a user id may hold ([A-Za-z0-9_.-], so UTF-8 and ASCII agree).
const ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-"


## Reads one frame. Returns {"ok": true, "frame": {speaker, sequence, sample_rate, samples,
## level, room_wide, concealed, pcm (PoolByteArray, s16le)}} or {"ok": false, "error": why}.
static func parse(bytes: PoolByteArray) -> Dictionary:
	var size := bytes.size()
	if size < HEADER_BYTES:
		return _bad("frame: %d bytes, shorter than the %d-byte header" % [size, HEADER_BYTES])
	var buf := StreamPeerBuffer.new()
	buf.data_array = bytes
	buf.big_endian = false
	var kind := buf.get_u8()
	var flags := buf.get_u8()
	var id_bytes := buf.get_u16()
	var sequence := buf.get_u32()
	var rate := buf.get_u32()
	var samples := buf.get_u16()
	var level := buf.get_u16()
	if kind != KIND:
		return _bad("kind: 0x%02x, not 0x%02x" % [kind, KIND])
	if id_bytes < 1 or id_bytes > MAX_ID_BYTES:
		return _bad("id_bytes: %d, not 1..%d" % [id_bytes, MAX_ID_BYTES])
	if rate < MIN_RATE_HZ or rate > MAX_RATE_HZ:
		return _bad("sample_rate: %d Hz, not %d..%d" % [rate, MIN_RATE_HZ, MAX_RATE_HZ])
	if samples < 1 or samples > MAX_SAMPLES:
		return _bad("samples: %d, not 1..%d" % [samples, MAX_SAMPLES])
	if level > MAX_LEVEL:
		return _bad("level: %d, above %d" % [level, MAX_LEVEL])
	var expected := HEADER_BYTES + id_bytes + 2 * samples
	if size != expected:
		return _bad("frame: %d bytes, the header says %d" % [size, expected])
	var id_raw := bytes.subarray(HEADER_BYTES, HEADER_BYTES + id_bytes - 1)
	for byte in id_raw:
		if byte >= 128 or ID_CHARS.find(char(byte)) < 0:
			return _bad("speaker: byte 0x%02x is not part of a user id" % byte)
	return {
		"ok": true,
		"frame": {
			"speaker": id_raw.get_string_from_ascii(),
			"sequence": sequence,
			"sample_rate": rate,
			"samples": samples,
			"level": level,
			"room_wide": (flags & ROOM_WIDE) != 0,
			"concealed": (flags & CONCEALED) != 0,
			"pcm": bytes.subarray(HEADER_BYTES + id_bytes, size - 1),
		},
	}


## 16-bit little-endian mono PCM as the stereo frames AudioStreamGenerator takes (-1..1).
static func to_stereo(pcm: PoolByteArray) -> PoolVector2Array:
	var buf := StreamPeerBuffer.new()
	buf.data_array = pcm
	buf.big_endian = false
	var frames := []
	for _i in range(pcm.size() / 2):
		var v := buf.get_16() / 32768.0
		frames.append(Vector2(v, v))
	return PoolVector2Array(frames)


## The frame's level as a share of full scale (0..1).
static func level_share(frame: Dictionary) -> float:
	return clamp(float(frame.get("level", 0)) / MAX_LEVEL, 0.0, 1.0)


static func _bad(reason: String) -> Dictionary:
	return {"ok": false, "error": reason}
