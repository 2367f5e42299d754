"""Randomness seeded from the state: draw ``n`` of seed ``s`` is a pure function of both.

The draw counter lives in the state, so replaying the same intents draws the same numbers.
"""

from __future__ import annotations

import hashlib
from typing import Any


def draw_bits(rng: dict[str, Any], bits: int = 32) -> int:
    """Next pseudo-random integer in ``[0, 2**bits)``; advances ``rng["draws"]`` in place."""
    n = int(rng["draws"])
    rng["draws"] = n + 1
    digest = hashlib.blake2b(f"{rng['seed']}:{n}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> (64 - bits)


def draw_unit(rng: dict[str, Any]) -> float:
    """Next pseudo-random float in ``[0, 1)``."""
    return draw_bits(rng, 53) / float(1 << 53)
