"""Inline SVG plots for the digest: curves (voltage vs capacity) and bars (Wh/kg).

Plain strings, no scripts and no ``xmlns`` URL (inline SVG in HTML needs none); every text is
escaped, so each ``<svg>`` is also well-formed XML.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

# colour-blind-friendly palette (Okabe-Ito + extras); dashes alternate too, so identical curves
# stay visible on top of each other and series differ in black-and-white print
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
           "#8C564B", "#7F7F7F", "#BCBD22")
DASHES = ("", "6 3", "2 3", "8 3 2 3")
FONT_PX = 12
LEGEND_ROW_PX = 18


@dataclass(frozen=True, slots=True)
class Series:
    """One line of a plot: ``points`` as (x, y) in the plot's units."""

    label: str
    points: tuple[tuple[float, float], ...]
    color: str
    dash: str = ""


def style_of(index: int) -> tuple[str, str]:
    """Colour and dash pattern of the ``index``-th series (stable across plots)."""
    return PALETTE[index % len(PALETTE)], DASHES[index % len(DASHES)]


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """About ``count`` round tick values covering [lo, hi] (steps of 1, 2, 2.5 or 5 × 10^k)."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return [0.0, 1.0]
    if hi <= lo:
        hi = lo + (abs(lo) or 1.0)
    raw = (hi - lo) / max(count, 1)
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1.0, 2.0, 2.5, 5.0, 10.0) if m * power >= raw)
    first = math.floor(lo / step + 1e-9) * step
    ticks = []
    value = first
    while value < hi + step * 0.999:
        ticks.append(round(value, 10))
        value += step
    return ticks


def _tick_text(value: float, step: float) -> str:
    """A tick label with as many decimals as the tick step needs."""
    decimals = next((d for d in range(7) if abs(round(step, d) - step) < 1e-9 * max(1.0, step)),
                    6)
    return f"{value:.{decimals}f}"


class _Frame:
    """Maps plot units to pixels inside the axes box."""

    def __init__(self, xs: list[float], ys: list[float], width: int, height: int) -> None:
        self.left, self.right, self.top = 64, width - 16, 28
        self.bottom = height - 46
        self.xt, self.yt = nice_ticks(min(xs), max(xs)), nice_ticks(min(ys), max(ys))

    def x(self, value: float) -> float:
        lo, hi = self.xt[0], self.xt[-1]
        return self.left + (value - lo) / (hi - lo or 1.0) * (self.right - self.left)

    def y(self, value: float) -> float:
        lo, hi = self.yt[0], self.yt[-1]
        return self.bottom - (value - lo) / (hi - lo or 1.0) * (self.bottom - self.top)

    def axes(self, x_label: str, y_label: str) -> list[str]:
        out = [f'<rect x="{self.left}" y="{self.top}" width="{self.right - self.left}" '
               f'height="{self.bottom - self.top}" fill="none" stroke="#444"/>']
        x_step = self.xt[1] - self.xt[0] if len(self.xt) > 1 else 1.0
        y_step = self.yt[1] - self.yt[0] if len(self.yt) > 1 else 1.0
        for t in self.xt:
            px = self.x(t)
            out.append(f'<line x1="{px:.1f}" y1="{self.bottom}" x2="{px:.1f}" '
                       f'y2="{self.bottom + 5}" stroke="#444"/>')
            out.append(f'<line x1="{px:.1f}" y1="{self.top}" x2="{px:.1f}" y2="{self.bottom}" '
                       'stroke="#ddd" stroke-width="0.5"/>')
            out.append(f'<text x="{px:.1f}" y="{self.bottom + 18}" text-anchor="middle">'
                       f"{_tick_text(t, x_step)}</text>")
        for t in self.yt:
            py = self.y(t)
            out.append(f'<line x1="{self.left - 5}" y1="{py:.1f}" x2="{self.left}" '
                       f'y2="{py:.1f}" stroke="#444"/>')
            out.append(f'<line x1="{self.left}" y1="{py:.1f}" x2="{self.right}" y2="{py:.1f}" '
                       'stroke="#ddd" stroke-width="0.5"/>')
            out.append(f'<text x="{self.left - 8}" y="{py + 4:.1f}" text-anchor="end">'
                       f"{_tick_text(t, y_step)}</text>")
        mid_x, mid_y = (self.left + self.right) / 2, (self.top + self.bottom) / 2
        out.append(f'<text x="{mid_x:.1f}" y="{self.bottom + 38}" text-anchor="middle">'
                   f"{escape(x_label)}</text>")
        out.append(f'<text x="16" y="{mid_y:.1f}" text-anchor="middle" '
                   f'transform="rotate(-90 16 {mid_y:.1f})">{escape(y_label)}</text>')
        return out


def _open(width: int, height: int, title: str) -> str:
    return (f'<svg class="plot" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
            f'font-family="sans-serif" font-size="{FONT_PX}"><title>{escape(title)}</title>')


def _legend(entries: list[tuple[str, str, str]], x: float, y: float) -> list[str]:
    out = []
    for i, (label, color, dash) in enumerate(entries):
        row_y = y + i * LEGEND_ROW_PX
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<line x1="{x:.1f}" y1="{row_y:.1f}" x2="{x + 24:.1f}" y2="{row_y:.1f}" '
                   f'stroke="{color}" stroke-width="2.5"{dash_attr}/>')
        out.append(f'<text x="{x + 30:.1f}" y="{row_y + 4:.1f}">{escape(label)}</text>')
    return out


def curve_plot(series: list[Series], *, title: str, x_label: str, y_label: str,
               width: int = 640, height: int = 320) -> str:
    """Lines on shared axes with ticks, a title and a legend below the axes."""
    pts = [p for s in series for p in s.points]
    if not pts:
        return ""
    total_h = height + LEGEND_ROW_PX * len(series) + 8
    frame = _Frame([p[0] for p in pts], [p[1] for p in pts], width, height)
    out = [_open(width, total_h, title),
           f'<text x="{width / 2:.1f}" y="16" text-anchor="middle" font-weight="bold">'
           f"{escape(title)}</text>", *frame.axes(x_label, y_label)]
    for s in series:
        path = " ".join(f"{frame.x(x):.1f},{frame.y(y):.1f}" for x, y in s.points)
        dash_attr = f' stroke-dasharray="{s.dash}"' if s.dash else ""
        out.append(f'<polyline points="{path}" fill="none" stroke="{s.color}" '
                   f'stroke-width="2"{dash_attr}><title>{escape(s.label)}</title></polyline>')
    out += _legend([(s.label, s.color, s.dash) for s in series], frame.left + 8, height + 4)
    out.append("</svg>")
    return "".join(out)


def bar_plot(bars: list[tuple[str, float, str]], *, title: str, unit: str,
             width: int = 640, decimals: int = 1) -> str:
    """Horizontal bars ``(label, value, colour)`` with a value axis in ``unit``."""
    if not bars:
        return ""
    row, left, right = 22, 230, width - 70
    top = 30
    height = top + row * len(bars) + 44
    ticks = nice_ticks(0.0, max(max(v for _, v, _ in bars), 1e-9))
    hi = ticks[-1] or 1.0
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    bottom = top + row * len(bars)

    def px(value: float) -> float:
        return left + max(value, 0.0) / hi * (right - left)

    out = [_open(width, height, title),
           f'<text x="{width / 2:.1f}" y="16" text-anchor="middle" font-weight="bold">'
           f"{escape(title)}</text>"]
    for t in ticks:
        out.append(f'<line x1="{px(t):.1f}" y1="{top}" x2="{px(t):.1f}" y2="{bottom + 5}" '
                   'stroke="#ccc" stroke-width="0.5"/>')
        out.append(f'<text x="{px(t):.1f}" y="{bottom + 18}" text-anchor="middle">'
                   f"{_tick_text(t, step)}</text>")
    for i, (label, value, color) in enumerate(bars):
        y = top + i * row
        out.append(f'<text x="{left - 8}" y="{y + row / 2 + 4:.1f}" text-anchor="end">'
                   f"{escape(label)}</text>")
        out.append(f'<rect x="{left}" y="{y + 3}" width="{px(value) - left:.1f}" '
                   f'height="{row - 6}" fill="{color}"><title>{escape(label)}: '
                   f"{value:.{decimals}f} {escape(unit)}</title></rect>")
        out.append(f'<text x="{px(value) + 4:.1f}" y="{y + row / 2 + 4:.1f}">'
                   f"{value:.{decimals}f}</text>")
    out.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" stroke="#444"/>')
    out.append(f'<text x="{(left + right) / 2:.1f}" y="{bottom + 36}" text-anchor="middle">'
               f"{escape(unit)}</text>")
    out.append("</svg>")
    return "".join(out)
