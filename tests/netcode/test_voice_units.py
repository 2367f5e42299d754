"""Voice parts without a network: the jitter buffer, the gate, hostile packets, the frame."""

from __future__ import annotations

import struct
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netcode.voice.capture import Gate, level_of, list_mics
from netcode.voice.codec import CAPTURE_SAMPLES, VoiceDecoder, VoiceEncoder
from netcode.voice.jitter import MAX_BUFFERED, SpeakerBuffer
from netcode.voice.seat_voice import SeatVoice
from scripts_py.runtime import voice_frame
from scripts_py.runtime.messages import check_message
from scripts_py.runtime.voice_frame import FrameError, VoiceFrame
from scripts_py.wire import WireError

N = 480


def _stamp(seq: int) -> bytes:
    return struct.pack("<i", seq)


def _decode(payload: bytes) -> np.ndarray | None:
    """A fake decoder: a frame filled with its sequence number (anything else: undecodable)."""
    if len(payload) != 4:
        return None
    return np.full(N, struct.unpack("<i", payload)[0] % 30000, dtype=np.int16)


def _run(buffer: SpeakerBuffer, arrivals: dict[int, list[int]], ticks: int) -> list:
    out = []
    for tick in range(ticks):
        for seq in arrivals.get(tick, []):
            buffer.push(seq & 0xFFFF, seq * 960, _stamp(seq), tick * 0.02)
        out.append(buffer.pull())
    return out


def test_in_order_packets_play_in_order_after_the_prefetch() -> None:
    buffer = SpeakerBuffer(_decode)
    out = _run(buffer, {t: [100 + t] for t in range(50)}, 55)
    played = [int(o[0][0]) for o in out if o is not None and not o[1]]
    assert played == list(range(100, 150))
    first = next(i for i, o in enumerate(out) if o is not None)
    assert first == buffer.prefetch - 1  # 40 ms of buffering on a steady network
    assert out[-1] is None and not buffer.playing  # the spurt ended, then silence


def test_a_lost_packet_is_concealed_and_a_late_one_dropped() -> None:
    buffer = SpeakerBuffer(_decode)
    arrivals = {t: [t] for t in range(30) if t != 10}
    arrivals[25].append(10)  # far too late
    out = _run(buffer, arrivals, 30)
    concealed = [i for i, o in enumerate(out) if o is not None and o[1]]
    assert len(concealed) == 1 and buffer.stats.concealed == 1
    frame = out[concealed[0]][0]
    assert np.all(np.abs(frame) <= 9 // 2 + 1)  # the frame before (9), faded to half
    assert buffer.stats.late == 1


def test_sequence_numbers_wrap() -> None:
    buffer = SpeakerBuffer(_decode)
    out = _run(buffer, {t: [65530 + t] for t in range(12)}, 14)
    played = [int(o[0][0]) for o in out if o is not None and not o[1]]
    assert played == [(65530 + t) % 30000 for t in range(12)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 80), st.integers(0, 200),
                          st.sampled_from([b"", b"bad", None])), max_size=300))
def test_any_arrival_pattern_gives_whole_frames_and_a_bounded_buffer(events) -> None:
    buffer = SpeakerBuffer(_decode)
    by_tick: dict[int, list[tuple[int, bytes]]] = {}
    for tick, seq, payload in events:
        by_tick.setdefault(tick, []).append((seq, _stamp(seq) if payload is None else payload))
    for tick in range(90):
        for seq, payload in by_tick.get(tick, []):
            buffer.push(seq, seq * 960, payload, tick * 0.02)
            assert buffer.depth <= MAX_BUFFERED
        out = buffer.pull()
        if out is not None:
            assert out[0].dtype == np.int16 and len(out[0]) == N


def test_the_gate_push_to_talk_voice_activity_and_mute() -> None:
    gate = Gate("ptt")
    assert not gate.step(5000.0)
    gate.talk_held = True
    assert gate.step(0.0)
    gate.muted = True
    assert not gate.step(5000.0) and gate.talking
    vad = Gate("vad")
    for _ in range(50):
        assert not vad.step(20.0)  # room noise
    assert vad.step(3000.0)
    after = [vad.step(20.0) for _ in range(20)]
    assert all(after[:14]) and not any(after[15:])  # 300 ms of hangover joins words
    with pytest.raises(ValueError):
        Gate("always")
    assert level_of(0.0) == 0.0 and level_of(32767.0) == 1.0


def test_a_hostile_peer_is_bounded_before_decoding() -> None:
    voice = SeatVoice(None)
    voice.buffers["u1"] = SpeakerBuffer(VoiceDecoder().decode)
    from scripts_py.runtime.flow import TokenBucket

    voice._rates["u1"] = TokenBucket(100.0, 150.0)
    packet = SimpleNamespace(sequence_number=1, timestamp=0, payload=b"\x00" * 5000)
    voice._on_rtp("u1", packet)  # larger than any Opus frame
    voice._on_rtp("stranger", SimpleNamespace(sequence_number=1, timestamp=0, payload=b"x"))
    assert voice.bad_packets == 2 and voice.buffers["u1"].depth == 0
    for i in range(1000):  # a flood: the rate limit keeps ~the burst
        voice._on_rtp("u1", SimpleNamespace(sequence_number=i, timestamp=i * 960,
                                            payload=b"\xfc\xff\xfe" + bytes(20)))
    assert voice.bad_packets > 800
    frames = [voice.buffers["u1"].pull() for _ in range(40)]  # garbage Opus: concealed
    assert all(f is None or len(f[0]) == N for f in frames)


def test_one_encoder_gives_packets_any_decoder_reads() -> None:
    enc, dec = VoiceEncoder(), VoiceDecoder()
    t = np.arange(CAPTURE_SAMPLES * 10) / 48000.0
    tone = (8000 * np.sin(2 * np.pi * 440 * t)).astype(np.int16)
    pcm = [dec.decode(bytes(p)) for i in range(10)
           for p in enc.encode(tone[i * CAPTURE_SAMPLES:(i + 1) * CAPTURE_SAMPLES], i)]
    assert enc.encodes == 10 and all(p is not None and len(p) == N for p in pcm)
    assert dec.decode(b"") is None and dec.decode(b"\xff" * 2000) is None


@given(st.text(alphabet="abcXYZ019_.-", min_size=1, max_size=64), st.integers(0, 2**32 - 1),
       st.sampled_from([8000, 16000, 24000, 48000]), st.binary(min_size=2, max_size=400),
       st.booleans(), st.booleans())
def test_voice_frames_round_trip(speaker, seq, rate, pcm, wide, concealed) -> None:
    pcm = pcm[:len(pcm) - len(pcm) % 2]
    frame = VoiceFrame(speaker, seq, rate, pcm, wide, concealed)
    assert voice_frame.unpack(voice_frame.pack(frame)) == frame


def test_bad_voice_frames_name_the_field() -> None:
    good = voice_frame.pack(VoiceFrame("u1", 1, 24000, b"\x01\x00" * 480))
    cases = {"kind": b"X" + good[1:], "frame": good[:-1], "speaker": good[:16] + b"?" +
             good[17:], "header": good[:10]}
    for field, data in cases.items():
        with pytest.raises(FrameError) as err:
            voice_frame.unpack(data)
        assert field in str(err.value) or "frame" in str(err.value), (field, err.value)
    with pytest.raises(FrameError, match="speaker"):
        voice_frame.pack(VoiceFrame("no spaces", 1, 24000, b"\x00\x00"))
    with pytest.raises(FrameError, match="pcm"):
        voice_frame.pack(VoiceFrame("u1", 1, 24000, b"\x00" * 3))


def test_voice_controls_from_godot_are_checked() -> None:
    assert check_message({"t": "voice", "talk": True}) == {"t": "voice", "talk": True}
    assert check_message({"t": "voice", "mode": "vad", "mute": False})["mode"] == "vad"
    for bad in ({"t": "voice", "mode": "loud"}, {"t": "voice", "talk": "yes"}):
        with pytest.raises(WireError):
            check_message(bad)


def test_list_mics_reads_alsa_capture_devices(tmp_path) -> None:
    (tmp_path / "pcm").write_text("00-00: ALC257 Analog : ALC257 Analog : playback 1 : "
                                  "capture 1\n00-03: HDMI 0 : HDMI 0 : playback 1\n")
    assert list_mics(tmp_path) == [list_mics(tmp_path / "none")[0], ("hw:0,0", "ALC257 Analog")]
