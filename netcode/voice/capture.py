"""Where a seat's voice comes from: the microphone (ALSA through PyAV), or a synthetic tone
(tests, benchmarks), in 20 ms frames of int16 mono at 48 kHz; and the gate that decides when
the seat is live (push-to-talk or voice activity, and mute).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from netcode.voice.codec import CAPTURE_RATE_HZ, CAPTURE_SAMPLES, FRAME_MS

log = logging.getLogger("bmm.voice")
MODES = ("ptt", "vad")
VAD_MIN_RMS = 300.0  # quieter than this is never speech (int16 RMS)
VAD_OVER_NOISE = 3.0  # speech is this many times louder than the noise floor
VAD_HANGOVER_FRAMES = 15  # stay open 300 ms after the last loud frame
SILENT_RMS = 2.0  # a microphone delivering this little is not capturing anything


@dataclass(frozen=True, slots=True)
class Chunk:
    """20 ms of capture: int16 mono samples at 48 kHz, and when they were complete."""

    pcm: np.ndarray
    captured_s: float  # time.monotonic() [s]


class ToneSource:
    """A sine tone (or tone bursts) paced in real time: a microphone for tests.

    ``burst_ms``/``period_ms`` make bursts (e.g. 200 ms of tone every 1000 ms, silence in
    between); ``onsets`` records when each burst's first frame was complete (the benchmark's
    mouth-side clock).
    """

    def __init__(self, freq_hz: float = 440.0, amplitude: int = 8000, *,
                 burst_ms: int = 0, period_ms: int = 0) -> None:
        self.freq_hz, self.amplitude = freq_hz, amplitude
        self.burst_frames = burst_ms // FRAME_MS
        self.period_frames = period_ms // FRAME_MS
        self.device = f"tone {freq_hz:g} Hz"
        self.onsets: list[float] = []
        self._n = 0
        self._t0: float | None = None

    def _frame(self, n: int) -> np.ndarray:
        if self.period_frames and n % self.period_frames >= self.burst_frames:
            return np.zeros(CAPTURE_SAMPLES, dtype=np.int16)
        t = (np.arange(CAPTURE_SAMPLES) + n * CAPTURE_SAMPLES) / CAPTURE_RATE_HZ
        return (self.amplitude * np.sin(2 * np.pi * self.freq_hz * t)).astype(np.int16)

    async def read(self) -> Chunk | None:
        """The next 20 ms, when it would have been complete."""
        now = time.monotonic()
        if self._t0 is None:
            self._t0 = now
        due = self._t0 + (self._n + 1) * FRAME_MS / 1000.0
        if due - now > 0:
            await asyncio.sleep(due - now)
        elif now - due > 0.2:  # the loop was stalled: do not catch up with a burst
            self._t0 = now - (self._n + 1) * FRAME_MS / 1000.0
            due = now
        n, self._n = self._n, self._n + 1
        if self.period_frames and n % self.period_frames == 0:
            self.onsets.append(due)
        return Chunk(self._frame(n), due)

    def close(self) -> None:
        """Nothing to release."""


class MicSource:
    """A capture device read by PyAV in a thread (ALSA: ``default`` is the system's choice,
    PulseAudio/PipeWire included). ``read`` returns None when nothing arrived for 0.5 s."""

    def __init__(self, device: str = "default", fmt: str = "alsa") -> None:
        import av

        self.device = device
        self._queue: asyncio.Queue[Chunk] = asyncio.Queue(maxsize=25)
        self._loop = asyncio.get_running_loop()
        self._stop = threading.Event()
        # raises av.FFmpegError / OSError when there is no such device
        self._container = av.open(device, format=fmt, options={"sample_rate": "48000",
                                                                "channels": "1"})
        self._resampler = av.AudioResampler(format="s16", layout="mono",
                                            rate=CAPTURE_RATE_HZ, frame_size=CAPTURE_SAMPLES)
        self._thread = threading.Thread(target=self._run, name="bmm-mic", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            for frame in self._container.decode(audio=0):
                if self._stop.is_set():
                    return
                for out in self._resampler.resample(frame):
                    pcm = out.to_ndarray().reshape(-1).astype(np.int16)
                    if len(pcm) == CAPTURE_SAMPLES:
                        self._loop.call_soon_threadsafe(self._offer, Chunk(pcm, time.monotonic()))
        except Exception as exc:  # the device went away: the seat keeps going without it
            log.warning("the microphone %s stopped: %s", self.device, exc)

    def _offer(self, chunk: Chunk) -> None:
        if self._queue.full():  # the loop fell behind: drop the oldest, keep the delay short
            self._queue.get_nowait()
        self._queue.put_nowait(chunk)

    async def read(self) -> Chunk | None:
        """The next 20 ms from the microphone (None after 0.5 s of nothing)."""
        try:
            return await asyncio.wait_for(self._queue.get(), 0.5)
        except TimeoutError:
            return None

    def close(self) -> None:
        """Stop reading and release the device."""
        self._stop.set()
        with contextlib.suppress(Exception):
            self._container.close()


def list_mics(proc_asound: Path = Path("/proc/asound")) -> list[tuple[str, str]]:
    """Capture devices as (device for ``--mic``, description); ``default`` first."""
    out = [("default", "the system's default input (PulseAudio/PipeWire/ALSA)")]
    try:
        lines = (proc_asound / "pcm").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return out
    for line in lines.splitlines():
        # "00-00: ALC257 Analog : ALC257 Analog : playback 1 : capture 1"
        ids, _, rest = line.partition(":")
        card, _, dev = ids.strip().partition("-")
        if "capture" in rest and card.isdigit() and dev.isdigit():
            name = rest.split(":")[0].strip()
            out.append((f"hw:{int(card)},{int(dev)}", name))
    return out


def rms(pcm: np.ndarray) -> float:
    """Root mean square of int16 samples."""
    return float(np.sqrt(np.mean(pcm.astype(np.float64) ** 2))) if len(pcm) else 0.0


class Gate:
    """When a seat is live: push-to-talk held, or voice activity; never while muted."""

    def __init__(self, mode: str = "ptt") -> None:
        if mode not in MODES:
            raise ValueError(f"mode: {mode!r}; one of {MODES}")
        self.mode = mode
        self.muted = False
        self.talk_held = False
        self.noise_rms = VAD_MIN_RMS / VAD_OVER_NOISE
        self._hang = 0
        self.voice = False  # voice activity detected (vad mode)

    def step(self, level_rms: float) -> bool:
        """This frame's decision, given its loudness."""
        loud = level_rms > max(VAD_MIN_RMS, VAD_OVER_NOISE * self.noise_rms)
        if loud:
            self._hang = VAD_HANGOVER_FRAMES
        else:  # the noise floor follows quiet frames only (slowly up, quickly down)
            rate = 0.02 if level_rms > self.noise_rms else 0.2
            self.noise_rms += (max(level_rms, 1.0) - self.noise_rms) * rate
            self._hang = max(0, self._hang - 1)
        self.voice = self._hang > 0
        if self.muted:
            return False
        return self.talk_held if self.mode == "ptt" else self.voice

    @property
    def talking(self) -> bool:
        """Push-to-talk held or voice detected (before mute)."""
        return self.talk_held if self.mode == "ptt" else self.voice


def level_of(level_rms: float) -> float:
    """A 0..1 meter value (-60 dBFS .. 0 dBFS)."""
    if level_rms <= 0:
        return 0.0
    db = 20 * math.log10(level_rms / 32767.0)
    return round(max(0.0, min(1.0, (db + 60.0) / 60.0)), 3)
