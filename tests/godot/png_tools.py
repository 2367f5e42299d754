#!/usr/bin/env python3
"""Stdlib-only image helpers for the Godot screenshot check.

    png_tools.py check IMAGE.png [...]     fail if an image is blank, a placeholder or one colour
    png_tools.py xwd2png IN.xwd OUT.png    convert an `xwd -root` dump (the stereo VR window)
"""

from __future__ import annotations

import struct
import sys
import zlib
from collections import Counter

MIN_COLOURS = 64
MAX_TOP_SHARE = 0.85
MIN_LUMA_STDDEV = 8.0


def _unfilter(raw: bytes, width: int, height: int, bpp: int) -> list[bytearray]:
    stride = width * bpp
    rows: list[bytearray] = []
    prev = bytearray(stride)
    pos = 0
    for _ in range(height):
        kind = raw[pos]
        line = bytearray(raw[pos + 1 : pos + 1 + stride])
        pos += 1 + stride
        if kind == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif kind == 2:
            for i in range(stride):
                line[i] = (line[i] + prev[i]) & 0xFF
        elif kind == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 0xFF
        rows.append(line)
        prev = line
    return rows


def read_png(path: str) -> tuple[int, int, list[tuple[int, int, int]]]:
    """Width, height and RGB pixels of an 8-bit RGB/RGBA PNG."""
    with open(path, "rb") as fh:
        data = fh.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG")
    pos, idat, width = 8, b"", 0
    height = colour_type = depth = 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour_type = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    if depth != 8 or colour_type not in (2, 6):
        raise ValueError(f"{path}: only 8-bit RGB/RGBA PNGs are supported")
    bpp = 3 if colour_type == 2 else 4
    rows = _unfilter(zlib.decompress(idat), width, height, bpp)
    pixels = [(r[i], r[i + 1], r[i + 2]) for r in rows for i in range(0, width * bpp, bpp)]
    return width, height, pixels


def write_png(path: str, width: int, height: int, rgb_rows: list[bytes]) -> None:
    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    raw = b"".join(b"\x00" + bytes(row) for row in rgb_rows)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(raw, 6)))
        f.write(chunk(b"IEND", b""))


def _shift(mask: int) -> int:
    return (mask & -mask).bit_length() - 1 if mask else 0


def xwd_to_png(src: str, dst: str) -> tuple[int, int]:
    """Converts a 24/32-bit TrueColor ZPixmap XWD file (what `xwd -root` writes) to PNG."""
    with open(src, "rb") as fh:
        data = fh.read()
    header = struct.unpack(">25I", data[:100])
    header_size, _version, pixmap_format, _depth, width, height = header[:6]
    byte_order, bits_per_pixel, bytes_per_line = header[7], header[11], header[12]
    red_mask, green_mask, blue_mask, _bits, _entries, ncolours = header[14:20]
    if pixmap_format != 2 or bits_per_pixel not in (24, 32):
        raise ValueError(f"{src}: unsupported XWD (format {pixmap_format}, {bits_per_pixel} bpp)")
    pos = header_size + ncolours * 12
    step = bits_per_pixel // 8
    order = "little" if byte_order == 0 else "big"
    shifts = [(m, _shift(m)) for m in (red_mask, green_mask, blue_mask)]
    rows = []
    for y in range(height):
        line = data[pos + y * bytes_per_line : pos + y * bytes_per_line + width * step]
        out = bytearray()
        for x in range(0, width * step, step):
            value = int.from_bytes(line[x : x + step], order)
            out += bytes((value & m) >> s for m, s in shifts)
        rows.append(out)
    write_png(dst, width, height, rows)
    return width, height


def check(path: str) -> list[str]:
    """Problems that make `path` a blank, placeholder or single-colour image ([] when fine)."""
    width, height, pixels = read_png(path)
    if width < 64 or height < 64:
        return [f"{path}: only {width}x{height} pixels"]
    counts = Counter(pixels)
    top_colour, top = counts.most_common(1)[0]
    share = top / len(pixels)
    step = max(len(pixels) // 50000, 1)
    lumas = [0.2126 * r + 0.7152 * g + 0.0722 * b for r, g, b in pixels[::step]]
    mean = sum(lumas) / len(lumas)
    stddev = (sum((v - mean) ** 2 for v in lumas) / len(lumas)) ** 0.5
    problems = []
    if len(counts) < MIN_COLOURS:
        problems.append(f"{path}: only {len(counts)} colours (blank or placeholder)")
    if share > MAX_TOP_SHARE:
        problems.append(f"{path}: {share:.0%} of the image is one colour {top_colour}")
    if stddev < MIN_LUMA_STDDEV:
        problems.append(f"{path}: nearly uniform brightness (stddev {stddev:.1f})")
    print(f"{path}: {width}x{height}, {len(counts)} colours, top colour {share:.0%}, "
          f"luma mean {mean:.0f} stddev {stddev:.1f}")
    return problems


def main(argv: list[str]) -> int:
    if len(argv) >= 3 and argv[1] == "check":
        problems = [p for path in argv[2:] for p in check(path)]
        for p in problems:
            print("FAIL", p)
        return 1 if problems else 0
    if len(argv) == 4 and argv[1] == "xwd2png":
        w, h = xwd_to_png(argv[2], argv[3])
        print(f"{argv[3]}: {w}x{h}")
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
