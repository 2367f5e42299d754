"""Errors raised for bad input: each names the field (and file/line when known)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class SpecError(ValueError):
    """Bad input in a cell spec, recipe or data file.

    Parameters
    ----------
    field : str
        Dotted path of the offending field, e.g. ``positive.coating.comma_gap_um``.
    message : str
        What is wrong and what is allowed.
    file, line : optional
        Where the field was read from, when it came from a file.
    """

    def __init__(
        self, field: str, message: str, *, file: str | None = None, line: int | None = None
    ) -> None:
        self.field = field
        self.message = message
        self.file = file
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        return f"{where}{self.field}: {self.message}"

    def located(self, file: str, line: int | None) -> SpecError:
        """Return a copy that also names the file and line."""
        return SpecError(self.field, self.message, file=file, line=line)


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """Return `` (did you mean 'X'?)`` for the closest choice, or a list of choices."""
    options = list(choices)
    lowered = {c.lower(): c for c in options}
    close = difflib.get_close_matches(name.lower(), list(lowered), n=1, cutoff=0.5)
    if close:
        return f" (did you mean '{lowered[close[0]]}'?)"
    return f" (known: {', '.join(sorted(options))})"
