"""Canonical JSON of a state and its hash (same state -> same bytes -> same hash)."""

from __future__ import annotations

import hashlib
import json
from typing import Any


def canonical_json(state: Any) -> str:
    """Sorted-key, compact JSON; NaN/inf are refused (the state never holds them)."""
    return json.dumps(state, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False)


def state_hash(state: Any) -> str:
    """SHA-256 of :func:`canonical_json` [hex]."""
    return hashlib.sha256(canonical_json(state).encode("utf-8")).hexdigest()
