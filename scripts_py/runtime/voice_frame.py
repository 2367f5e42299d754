"""The bridge's binary audio frame (runtime → Godot): one speaker's 20 ms of PCM.

Layout, little-endian (documented in ``addons/bmm_bridge/PROTOCOL.md``)::

    0   u8   kind         0x56 ("V")
    1   u8   flags        bit 0: room-wide (the instructor: full volume, not positional)
                          bit 1: concealed (made up by loss concealment, not received)
    2   u16  id_bytes     N, length of the speaker's user id (1..64)
    4   u32  sequence     per speaker, +1 per frame (wraps)
    8   u32  sample_rate  [Hz]
    12  u16  samples      S, mono samples that follow (1..4800)
    14  u16  level        RMS of the frame, 0..32767 (the speaking indicator)
    16  N    speaker      the user id, UTF-8
    16+N 2S  pcm          S signed 16-bit mono samples
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass

from scripts_py.wire.fields import IDENT_RE

PLAYOUT_RATE_HZ = 24_000  # what a listening seat's runtime sends Godot (speech needs no more)
KIND = 0x56
ROOM_WIDE = 0x01
CONCEALED = 0x02
HEADER = struct.Struct("<BBHIIHH")
MAX_SAMPLES = 4800  # 100 ms at 48 kHz
MAX_ID_BYTES = 64


class FrameError(ValueError):
    """Bytes that are not a voice frame (says which field is wrong)."""


@dataclass(frozen=True, slots=True)
class VoiceFrame:
    """One decoded frame: who speaks, and 16-bit mono PCM."""

    speaker: str
    sequence: int
    sample_rate: int
    pcm: bytes  # s16le mono
    room_wide: bool = False
    concealed: bool = False

    @property
    def samples(self) -> int:
        """Number of mono samples."""
        return len(self.pcm) // 2


def rms_level(pcm: bytes) -> int:
    """Root mean square of s16le PCM [0..32767]."""
    n = len(pcm) // 2
    if n == 0:
        return 0
    values = struct.unpack(f"<{n}h", pcm[:2 * n])
    return min(32767, int(math.sqrt(sum(v * v for v in values) / n)))


def pack(frame: VoiceFrame, level: int | None = None) -> bytes:
    """The frame as bytes (raises FrameError for what Godot would refuse)."""
    speaker = frame.speaker.encode("utf-8")
    if not 1 <= len(speaker) <= MAX_ID_BYTES or not IDENT_RE.match(frame.speaker):
        raise FrameError(f"speaker: {frame.speaker[:70]!r} is not a user id")
    if len(frame.pcm) % 2 or not 1 <= frame.samples <= MAX_SAMPLES:
        raise FrameError(f"pcm: {len(frame.pcm)} bytes; 2 to {2 * MAX_SAMPLES}, even")
    if not 8000 <= frame.sample_rate <= 48000:
        raise FrameError(f"sample_rate: {frame.sample_rate} Hz; 8000 to 48000")
    flags = (ROOM_WIDE if frame.room_wide else 0) | (CONCEALED if frame.concealed else 0)
    lvl = rms_level(frame.pcm) if level is None else max(0, min(32767, level))
    return HEADER.pack(KIND, flags, len(speaker), frame.sequence & 0xFFFFFFFF,
                       frame.sample_rate, frame.samples, lvl) + speaker + frame.pcm


def unpack(data: bytes) -> VoiceFrame:
    """Bytes back into a frame (raises FrameError naming the bad field)."""
    if len(data) < HEADER.size:
        raise FrameError(f"frame: {len(data)} bytes, shorter than the {HEADER.size}-byte header")
    kind, flags, id_bytes, seq, rate, samples, _level = HEADER.unpack_from(data)
    if kind != KIND:
        raise FrameError(f"kind: {kind:#x}, not {KIND:#x}")
    if not 1 <= id_bytes <= MAX_ID_BYTES:
        raise FrameError(f"id_bytes: {id_bytes}")
    if not 1 <= samples <= MAX_SAMPLES or not 8000 <= rate <= 48000:
        raise FrameError(f"samples/sample_rate: {samples}/{rate}")
    end = HEADER.size + id_bytes
    if len(data) != end + 2 * samples:
        raise FrameError(f"frame: {len(data)} bytes, expected {end + 2 * samples}")
    try:
        speaker = data[HEADER.size:end].decode("utf-8")
    except UnicodeDecodeError:
        raise FrameError("speaker: not UTF-8") from None
    if not IDENT_RE.match(speaker):
        raise FrameError(f"speaker: {speaker!r} is not a user id")
    return VoiceFrame(speaker, seq, rate, bytes(data[end:]), bool(flags & ROOM_WIDE),
                      bool(flags & CONCEALED))
