"""Snapshot encoding: compact JSON, zlib-compressed (a 500-item room is a few kB)."""

from __future__ import annotations

import json
import zlib
from typing import Any

LEVEL = 1  # zlib level: the fastest still shrinks the repetitive JSON about tenfold


def encode_state(state: dict[str, Any]) -> bytes:
    """State -> bytes."""
    text = json.dumps(state, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return zlib.compress(text.encode("utf-8"), LEVEL)


def decode_state(blob: bytes) -> dict[str, Any]:
    """Bytes -> state."""
    return json.loads(zlib.decompress(blob).decode("utf-8"))
