"""Opening a seat's voice from ``bmm play``'s options (``--mic``, ``--voice-mode``)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from netcode.voice.capture import MicSource, ToneSource, list_mics
from netcode.voice.seat_voice import SeatVoice

log = logging.getLogger("bmm.voice")


def open_source(mic: str) -> tuple[Any | None, str]:
    """The capture source for ``mic`` (``tone:HZ`` is a synthetic tone), or None and why."""
    if mic.startswith("tone:"):
        try:
            freq = float(mic[5:])
        except ValueError:
            return None, f"--mic {mic[:40]}: use tone:HZ, e.g. tone:440"
        if not 20.0 <= freq <= 12_000.0:
            return None, f"--mic {mic[:40]}: a tone between 20 and 12000 Hz"
        return ToneSource(freq), ""
    try:
        return MicSource(mic), ""
    except Exception as exc:  # no device, no permission, a busy device: play on without it
        reason = " ".join(str(exc).split())[:160] or type(exc).__name__
        log.warning("no microphone %s: %s", mic, reason)
        return None, f"no microphone ({mic}): {reason} (you still hear the others)"


def voice_factory(mic: str, mode: str) -> Callable[[], Awaitable[SeatVoice]]:
    """What :class:`~netcode.seat.Classes` calls when the seat joins a class."""
    async def make() -> SeatVoice:
        source, problem = open_source(mic)
        return SeatVoice(source, mode=mode, problem=problem)
    return make


def print_mics() -> int:
    """``bmm play --list-mics``."""
    for device, description in list_mics():
        print(f"  {device:<12} {description}")
    print("Pick one with `bmm play --mic DEVICE` (tone:440 plays a test tone instead).")
    return 0
