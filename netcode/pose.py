"""Poses on the wire: head and both hands, quantised to 42 bytes (PROTOCOL.md, section 3).

Each of head, left, right is x, y, z in millimetres and the rotation quaternion × 32767, as
little-endian int16: positions within ±32.767 m (the room is 18 × 13 m), rotations to 1/32767.
"""

from __future__ import annotations

import struct
from typing import Any

PARTS = ("head", "left", "right")
FORMAT = "<21h"
SIZE = struct.calcsize(FORMAT)
_LIMIT = 32767


def _clamp(value: float) -> int:
    return max(-_LIMIT, min(_LIMIT, round(value)))


def pack_pose(pose: dict[str, list[float]]) -> bytes:
    """``{head, left, right: [x, y, z, qx, qy, qz, qw]}`` [m] -> 42 bytes (missing parts:
    the head's)."""
    values: list[int] = []
    head = pose.get("head") or [0.0, 1.6, 0.0, 0.0, 0.0, 0.0, 1.0]
    for part in PARTS:
        p = pose.get(part) or head
        values += [_clamp(v * 1000.0) for v in p[:3]] + [_clamp(v * _LIMIT) for v in p[3:7]]
    return struct.pack(FORMAT, *values)


def unpack_pose(data: Any) -> dict[str, list[float]] | None:
    """42 bytes -> a pose [m]; None for anything else."""
    if not isinstance(data, bytes) or len(data) != SIZE:
        return None
    values = struct.unpack(FORMAT, data)
    out = {}
    for i, part in enumerate(PARTS):
        v = values[i * 7:(i + 1) * 7]
        out[part] = [c / 1000.0 for c in v[:3]] + [c / _LIMIT for c in v[3:]]
    return out
