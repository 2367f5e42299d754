"""Consequences of processing mistakes on the tested cell (``data/consequences.yaml``).

In the default ("realistic") setting each mistake found in the feedback costs the cell a
bounded, stated amount: capacity of one electrode (or of the cell), added resistance, or, with
no tab welded, everything. In the "paper" setting the concept paper's model stands unchanged
and mistakes give feedback only.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from battery_model.materials import DATA_DIR
from battery_model.yamlio import load_yaml_file

REALISTIC = "realistic"
PAPER = "paper"
MODES = (REALISTIC, PAPER)


@dataclass(frozen=True, slots=True)
class Effect:
    """One mistake's tabulated effect at full size."""

    capacity_loss_pct: float
    asr_ohm_cm2: float
    open_circuit: bool
    per: str
    full_at: float
    source: str


@dataclass(frozen=True, slots=True)
class Table:
    """The consequence table: effects by code, limits, plating, design-only codes."""

    effects: Mapping[str, Effect]
    max_capacity_loss_pct: float
    max_asr_ohm_cm2: float
    dead_lithium_fraction: float
    design_only: Mapping[str, str]


@functools.cache
def table(path: Path = DATA_DIR / "consequences.yaml") -> Table:
    """The consequence table (read once)."""
    d, _ = load_yaml_file(path)
    effects = {code: Effect(float(e.get("capacity_loss_pct", 0.0)),
                            float(e.get("asr_ohm_cm2", 0.0)), bool(e.get("open_circuit", False)),
                            str(e["per"]), float(e.get("full_at", 1.0)), str(e["source"]))
               for code, e in d["effects"].items()}
    return Table(effects, float(d["limits"]["capacity_loss_pct"]),
                 float(d["limits"]["asr_ohm_cm2"]),
                 float(d["plating"]["dead_lithium_fraction"]), dict(d["design_only"]))


@functools.cache
def costly_codes() -> frozenset[str]:
    """The codes that cost the cell something: the table's effects and plating."""
    return frozenset(table().effects) | {"np_ratio_low"}


@dataclass(slots=True)
class Penalty:
    """What the mistakes cost, summed and bounded."""

    positive_loss: float = 0.0  # fraction of the positive's reversible capacity [-]
    negative_loss: float = 0.0
    cell_loss: float = 0.0  # fraction of the cycled lithium [-]
    asr_ohm_cm2: float = 0.0
    open_circuit: bool = False

    @property
    def any(self) -> bool:
        """True when the cell is changed at all."""
        return bool(self.positive_loss or self.negative_loss or self.cell_loss
                    or self.asr_ohm_cm2 or self.open_circuit)


def _finite(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)


def _scale(effect: Effect, value: Any, allowed: Any) -> float:
    """Size of an effect [0.25-1] from how far ``value`` is outside ``allowed`` (anything not
    a finite number, e.g. from a stored room, counts at full size)."""
    if effect.per == "fixed" or not _finite(value):
        return 1.0
    if not isinstance(allowed, list | tuple) or len(allowed) != 2:
        return 1.0
    lo, hi = (b if _finite(b) else None for b in allowed)
    if lo is not None and value < lo and lo != 0:
        excess = (lo - value) / abs(lo)
    elif hi is not None and value > hi and hi != 0:
        excess = (value - hi) / abs(hi)
    else:
        return 1.0
    return 0.25 + 0.75 * min(1.0, excess / effect.full_at)


def _role(parameter: Any) -> str | None:
    head = str(parameter).split(".", 1)[0]
    return head if head in ("positive", "negative") else None


def describe(capacity_pct: float, asr_ohm_cm2: float, open_circuit: bool) -> str:
    """The size of one item's consequence, as appended to its message."""
    if open_circuit:
        return "consequence: the test delivers nothing"
    parts = []
    if capacity_pct:
        parts.append(f"−{capacity_pct:.1f} % capacity")
    if asr_ohm_cm2:
        parts.append(f"+{asr_ohm_cm2:.1f} Ω·cm² resistance")
    return "consequence: " + ", ".join(parts)


def assess(items: Iterable[dict[str, Any]], *, q_pos_mah: float, q_neg_mah: float,
           plated_mah: float = 0.0) -> tuple[Penalty, list[dict[str, Any] | None]]:
    """Penalty of feedback items (dicts with code/parameter/value/allowed) and each one's size.

    ``plated_mah``: lithium the negative cannot take (N/P < 1), of which the dead fraction is
    lost. Returns the bounded total and, per item, ``{capacity_loss_pct, asr_ohm_cm2,
    open_circuit, source}`` (None for an item without consequence).
    """
    t = table()
    p = Penalty()
    sizes: list[dict[str, Any] | None] = []
    counted: dict[tuple[str, str | None], tuple[float, float]] = {}  # largest per code, role
    for item in items:
        code = item.get("code")
        effect = t.effects.get(code) if isinstance(code, str) else None
        if code == "np_ratio_low" and plated_mah > 0 and q_neg_mah > 0:
            loss = min(t.dead_lithium_fraction * plated_mah / q_neg_mah,
                       t.max_capacity_loss_pct / 100.0)
            p.cell_loss += loss
            sizes.append({"capacity_loss_pct": round(100.0 * loss, 2), "asr_ohm_cm2": 0.0,
                          "open_circuit": False, "source": "plating"})
            continue
        if effect is None:
            sizes.append(None)
            continue
        k = _scale(effect, item.get("value"), item.get("allowed"))
        loss, asr = effect.capacity_loss_pct * k / 100.0, effect.asr_ohm_cm2 * k
        role = _role(item.get("parameter"))
        # one mistake made twice (both oven zones too hot) counts once, at its worst: only
        # what this item adds to the worst seen so far goes into the total
        done_loss, done_asr = counted.get((code, role), (0.0, 0.0))
        counted[(code, role)] = (max(loss, done_loss), max(asr, done_asr))
        added_loss = max(loss - done_loss, 0.0)
        if role == "positive":
            p.positive_loss += added_loss
        elif role == "negative":
            p.negative_loss += added_loss
        else:
            p.cell_loss += added_loss
        p.asr_ohm_cm2 += max(asr - done_asr, 0.0)
        p.open_circuit = p.open_circuit or effect.open_circuit
        sizes.append({"capacity_loss_pct": round(100.0 * loss, 2),
                      "asr_ohm_cm2": round(asr, 2), "open_circuit": effect.open_circuit,
                      "source": effect.source})
    cap = t.max_capacity_loss_pct / 100.0
    p.positive_loss, p.negative_loss = min(p.positive_loss, cap), min(p.negative_loss, cap)
    p.cell_loss = min(p.cell_loss, cap)
    p.asr_ohm_cm2 = min(p.asr_ohm_cm2, t.max_asr_ohm_cm2)
    return p, sizes


def with_consequence(message: str, size: dict[str, Any]) -> str:
    """``message`` with the size of its consequence appended."""
    said = describe(size["capacity_loss_pct"], size["asr_ohm_cm2"], size["open_circuit"])
    return f"{message} ({said})"


def annotate(item: dict[str, Any], size: dict[str, Any] | None) -> None:
    """Put one item's consequence on it: ``consequence`` field and a sentence in the message."""
    if size is None:
        return
    item["consequence"] = size
    item["message"] = with_consequence(item["message"], size)
