"""The one error of the wire layer: what is wrong with a message, and where."""

from __future__ import annotations


class WireError(Exception):
    """A message from another process was refused.

    Parameters
    ----------
    code : str
        Machine-readable reason (``bad_message``, ``too_large``, ``unknown_message``, ...).
    field : str
        Dotted path of the offending field (``""`` for the message as a whole).
    message : str
        What is wrong and what is accepted, for a person.
    """

    def __init__(self, code: str, field: str, message: str) -> None:
        self.code = code
        self.field = field
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message

    def at(self, prefix: str) -> WireError:
        """The same error with ``prefix`` put before its field path."""
        field = f"{prefix}.{self.field}" if self.field else prefix
        return WireError(self.code, field, self.message)
