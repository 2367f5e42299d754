"""The room's sim clock: ``{"now_s", "queue", "next_seq", "v"}``, plain data.

``queue`` is a binary heap (``heapq``) of ``[end_s, seq, machine_id, channel]``: runs end in
order of time, ties in order of start. Nothing here sleeps.
"""

from __future__ import annotations

import heapq
from typing import Any

SKIPS_S = (1200.0, 3600.0, 14400.0, 28800.0)  # the time panel: +20 min, +1 h, +4 h, +8 h


def new_clock() -> dict[str, Any]:
    """A clock at sim time 0 with nothing scheduled."""
    return {"now_s": 0.0, "queue": [], "next_seq": 0, "v": 0}


def schedule(clock: dict[str, Any], end_s: float, machine_id: str, channel: str) -> None:
    """Add a run ending at ``end_s`` [s]."""
    heapq.heappush(clock["queue"], [end_s, clock["next_seq"], machine_id, channel])
    clock["next_seq"] += 1


def pop_due(clock: dict[str, Any], until_s: float) -> list[Any] | None:
    """Remove and return the earliest run ending at or before ``until_s``, if any."""
    if clock["queue"] and clock["queue"][0][0] <= until_s:
        return heapq.heappop(clock["queue"])
    return None


def next_end_s(clock: dict[str, Any]) -> float | None:
    """End time of the next run [s], if any."""
    return clock["queue"][0][0] if clock["queue"] else None
