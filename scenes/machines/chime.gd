extends Reference
## The "run finished" chime: two short tones made in code (no sound file), played from the
## machine so it comes from where the machine stands.

const RATE_HZ = 11025
const LENGTH_S = 0.5


## A 16-bit mono sample: 880 Hz then 1320 Hz with a soft decay.
static func sample() -> AudioStreamSample:
	var frames := int(RATE_HZ * LENGTH_S)
	var data := PoolByteArray()
	data.resize(frames * 2)
	for i in range(frames):
		var t := float(i) / RATE_HZ
		var tone := 880.0 if t < LENGTH_S / 2.0 else 1320.0
		var local_t := fmod(t, LENGTH_S / 2.0)
		var amp := 0.35 * exp(-local_t * 7.0)
		var v := int(clamp(sin(TAU * tone * t) * amp, -1.0, 1.0) * 32767.0)
		if v < 0:
			v += 65536
		data[i * 2] = v & 0xff
		data[i * 2 + 1] = (v >> 8) & 0xff
	var stream := AudioStreamSample.new()
	stream.format = AudioStreamSample.FORMAT_16_BITS
	stream.mix_rate = RATE_HZ
	stream.stereo = false
	stream.data = data
	return stream


## A 3D player of the chime, heard across the room but loudest at the machine.
static func player() -> AudioStreamPlayer3D:
	var p := AudioStreamPlayer3D.new()
	p.name = "FinishChime"
	p.stream = sample()
	p.unit_db = 4.0
	p.unit_size = 3.0
	p.max_distance = 25.0
	p.translation = Vector3(0, 1.4, 0)
	return p
