"""A rejected intent: a code the client can switch on and a reason a student can read."""

from __future__ import annotations

from typing import Any


class Rejected(Exception):
    """Raised by the gate's checks; :func:`scripts_py.reducer.apply` turns it into an event."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(f"{code}: {reason}")
        self.code = code
        self.reason = reason

    def event(self, intent: Any) -> dict[str, Any]:
        """The ``rejected`` event sent back to the sender."""
        kind = intent.get("type") if isinstance(intent, dict) else None
        ref = intent.get("id") if isinstance(intent, dict) else None
        return {"type": "rejected", "intent": kind if isinstance(kind, str) else None,
                "ref": ref if isinstance(ref, str | int) else None, "code": self.code,
                "reason": self.reason}
