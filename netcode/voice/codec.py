"""Opus in and out: one encoder per seat (mono, 48 kHz, 20 ms), one decoder per speaker.

The encoder's packets carry a pts in 1/48000 s that advances with the capture clock, silent
(unsent) frames included, so a listener's timing follows the speaker's.
"""

from __future__ import annotations

import fractions

import av
import numpy as np

from scripts_py.runtime.voice_frame import PLAYOUT_RATE_HZ

CAPTURE_RATE_HZ = 48_000
FRAME_MS = 20
CAPTURE_SAMPLES = CAPTURE_RATE_HZ * FRAME_MS // 1000  # 960
PLAYOUT_SAMPLES = PLAYOUT_RATE_HZ * FRAME_MS // 1000  # 480
TIME_BASE = fractions.Fraction(1, CAPTURE_RATE_HZ)
MAX_OPUS_BYTES = 1275  # the largest Opus frame (RFC 6716)


class VoiceEncoder:
    """Opus encoder for one seat's microphone (VoIP mode, ``bitrate_bps``)."""

    def __init__(self, bitrate_bps: int = 24_000) -> None:
        codec = av.CodecContext.create("libopus", "w")
        codec.format = "s16"
        codec.layout = "mono"
        codec.sample_rate = CAPTURE_RATE_HZ
        codec.bit_rate = bitrate_bps
        codec.time_base = TIME_BASE
        codec.options = {"application": "voip", "frame_duration": str(FRAME_MS)}
        self.codec = codec
        self.encodes = 0  # frames encoded (one per captured 20 ms that is sent)

    def encode(self, pcm: np.ndarray, index: int) -> list[av.Packet]:
        """Encode 20 ms of int16 mono PCM, frame number ``index`` of the capture clock."""
        frame = av.AudioFrame.from_ndarray(pcm.reshape(1, -1).astype(np.int16, copy=False),
                                           format="s16", layout="mono")
        frame.sample_rate = CAPTURE_RATE_HZ
        frame.pts = index * CAPTURE_SAMPLES
        frame.time_base = TIME_BASE
        self.encodes += 1
        packets = self.codec.encode(frame)
        for p in packets:  # the codec's own pts starts negative (pre-skip): use the clock's
            p.pts = index * CAPTURE_SAMPLES
            p.time_base = TIME_BASE
        return packets


class VoiceDecoder:
    """Opus decoder for one remote speaker, straight to the playout rate (mono int16)."""

    def __init__(self, rate_hz: int = PLAYOUT_RATE_HZ) -> None:
        if CAPTURE_RATE_HZ % rate_hz:
            raise ValueError(f"rate_hz: {rate_hz}; a divisor of {CAPTURE_RATE_HZ}")
        codec = av.CodecContext.create("libopus", "r")
        codec.format = "s16"
        codec.layout = "mono"
        codec.sample_rate = CAPTURE_RATE_HZ  # libav's libopus decoder gives 48 kHz anyway
        self.codec = codec
        self.rate_hz = rate_hz
        self.errors = 0

    def decode(self, payload: bytes) -> np.ndarray | None:
        """One Opus packet as int16 samples (None when it cannot be decoded)."""
        if not 0 < len(payload) <= MAX_OPUS_BYTES:
            self.errors += 1
            return None
        try:
            frames = self.codec.decode(av.Packet(payload))
        except (av.FFmpegError, ValueError):
            self.errors += 1
            return None
        if not frames:
            return None
        out = np.concatenate([f.to_ndarray().reshape(-1) for f in frames]).astype(np.int32)
        step = CAPTURE_RATE_HZ // self.rate_hz
        if step > 1:  # the mean of each `step` samples: a low-pass and a decimation
            out = out[:len(out) - len(out) % step].reshape(-1, step).mean(axis=1)
        return out.astype(np.int16)
