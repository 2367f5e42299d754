"""Errors raised for bad input: each names the field (and file/line when known)."""

from __future__ import annotations

import difflib
import re
import reprlib
from collections.abc import Iterable
from typing import Any

# characters a terminal would act on or cannot print: controls, lone surrogates, bidi overrides
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


class _Short(reprlib.Repr):
    """Short reprs; integers too long to print are described."""

    def __init__(self) -> None:
        super().__init__()
        self.maxstring = self.maxother = 60
        self.maxlist = self.maxdict = self.maxtuple = 6
        self.maxlevel = 3

    def repr_int(self, x: int, level: int) -> str:
        if x.bit_length() > 128:
            return f"an integer of {x.bit_length()} bits"
        return super().repr_int(x, level)


_SHORT = _Short()


def shown(value: Any) -> str:
    """``repr(value)``, cut short for an error message (long texts, lists and mappings)."""
    return _SHORT.repr(value)


def printable(text: str) -> str:
    """``text`` with control characters, lone surrogates and bidi overrides escaped."""
    if text.isascii() and text.isprintable():
        return text
    return _UNPRINTABLE.sub(lambda m: ascii(m.group())[1:-1], text)


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
        return printable(f"{where}{self.field}: {self.message}")

    def located(self, file: str, line: int | None) -> SpecError:
        """Return a copy that also names the file and line."""
        return SpecError(self.field, self.message, file=file, line=line)


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """Return `` (did you mean 'X'?)`` for the closest choice, or a list of choices."""
    options = list(choices)
    lowered = {c.lower(): c for c in options}
    close = difflib.get_close_matches(name.lower(), list(lowered), n=1,
                                      cutoff=0.5) if len(name) <= 100 else []
    if close:
        return f" (did you mean '{lowered[close[0]]}'?)"
    return f" (known: {', '.join(sorted(options))})"


def unknown_field(field: str, key: Any, known: Iterable[str]) -> SpecError:
    """The error for a key not among ``known`` under ``field`` ("did you mean")."""
    return SpecError(f"{field}.{key}" if field else str(key),
                     f"unknown field {shown(key)}{did_you_mean(str(key), known)}")
