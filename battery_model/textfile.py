"""Reading a small UTF-8 text file for the YAML loader, refusing anything else clearly.

Content files come from colleagues: a file too large, in UTF-16/UTF-32, binary or not valid
UTF-8 is refused with a :class:`SpecError` naming the file (and the line of the first bad byte)
before anything parses it.
"""

from __future__ import annotations

import stat
from pathlib import Path

from battery_model.errors import SpecError

MAX_FILE_BYTES = 1 << 20  # [bytes] content and data files are a few kB
_FIELD = "(file)"
_SAVE_AS = "save it as UTF-8"
_WIDE_BOMS = ((b"\x00\x00\xfe\xff", "UTF-32"), (b"\xff\xfe\x00\x00", "UTF-32"),
              (b"\xfe\xff", "UTF-16"), (b"\xff\xfe", "UTF-16"))
_UTF8_BOM = b"\xef\xbb\xbf"


def _line_at(data: bytes, index: int) -> int:
    """Line [1-based] of the byte at ``index``."""
    return data.count(b"\n", 0, index) + 1


def read_bytes(path: str | Path, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``max_bytes`` [bytes]."""
    p = Path(path)
    file = str(p)
    try:
        mode = p.stat().st_mode
        if stat.S_ISDIR(mode):
            raise SpecError(_FIELD, "is a folder, not a file", file=file)
        if not stat.S_ISREG(mode):
            raise SpecError(_FIELD, "is not a regular file", file=file)
        with p.open("rb") as f:
            data = f.read(max_bytes + 1)
    except FileNotFoundError:
        raise SpecError(_FIELD, "no such file", file=file) from None
    except OSError as exc:
        raise SpecError(_FIELD, f"cannot read: {exc.strerror or exc}", file=file) from None
    if len(data) > max_bytes:
        raise SpecError(_FIELD, f"is larger than {max_bytes // 1024} KiB: content files are "
                        "small text files", file=file)
    return data


def decode_text(data: bytes, file: str) -> str:
    """Strict UTF-8 text of ``data`` (a UTF-8 byte-order mark is dropped)."""
    for bom, name in _WIDE_BOMS:
        if data.startswith(bom):
            raise SpecError(_FIELD, f"file is {name}; {_SAVE_AS}", file=file, line=1)
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM):]
    nul = data.find(b"\x00")
    if nul >= 0:
        # ASCII text in UTF-16 without a byte-order mark: a NUL next to every letter
        utf16 = data[nul ^ 1: nul ^ 1 + 1] not in (b"", b"\x00")
        what = f"file is UTF-16; {_SAVE_AS}" if utf16 else (
            f"holds NUL bytes: a binary file? Content files are text ({_SAVE_AS})")
        raise SpecError(_FIELD, what, file=file, line=_line_at(data, nul))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = _line_at(data, exc.start)
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SpecError(_FIELD, f"is not UTF-8: byte 0x{data[exc.start]:02x} at line {line}, "
                        f"column {column}; {_SAVE_AS}", file=file, line=line) from None


def read_text(path: str | Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Read a small UTF-8 text file; see :func:`read_bytes` and :func:`decode_text`."""
    return decode_text(read_bytes(path, max_bytes), str(Path(path)))
