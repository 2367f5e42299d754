"""Pacing sim time to the wall clock: a thin layer that only emits ``skip_time`` intents.

The simulation never sleeps; the host calls :meth:`WallClockPacer.due` now and then and sends
the intent it returns through the reducer like any other (so a replay is exact).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


class WallClockPacer:
    """Turns elapsed wall time x ``speed`` into ``skip_time`` intents from the host."""

    def __init__(self, speed: float = 1.0, *, min_step_s: float = 1.0,
                 wall: Callable[[], float] = time.monotonic) -> None:
        if speed <= 0 or min_step_s <= 0:
            raise ValueError("speed and min_step_s must be positive")
        self.speed = speed
        self.min_step_s = min_step_s
        self._wall = wall
        self._last = wall()

    def due(self, state: dict[str, Any]) -> dict[str, Any] | None:
        """A ``skip_time`` intent for the sim time owed since the last one, or None."""
        now = self._wall()
        owed = (now - self._last) * self.speed
        if owed < self.min_step_s:
            return None
        step = round(owed, 3)
        self._last += step / self.speed
        return {"type": "skip_time", "sender": "host", "base_version": state["version"],
                "seconds": step, "pace": True}
