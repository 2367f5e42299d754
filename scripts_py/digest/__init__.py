"""The instructor's digest of a room: one self-contained HTML page of every tested cell.

``build_digest(room, state, journal, generated_at_s=...)`` reads the room state and its
journal (``RoomStore.journal()``), and returns the page: who built each cell (names, also of
people who left), its chemistry, every step with settings, sim time and wall-clock time, the
stored figures (Wh/kg, Wh, mAh, N/P, loadings, porosity), feedback and GCPL curve as inline
SVG, a comparison of all cells and a per-student summary. ``python -m scripts_py.digest``
writes it from a room's SQLite file.
"""

from __future__ import annotations

from typing import Any

from scripts_py.digest.collect import collect
from scripts_py.digest.html import render
from scripts_py.digest.timeline import read_journal


def build_digest(room_name: str, state: dict[str, Any],
                 journal: list[tuple[int, str, Any, float | None]], *, generated_at_s: float,
                 initial: dict[str, Any] | None = None) -> str:
    """The digest page of a room as HTML text.

    Parameters
    ----------
    room_name : str
        Shown as the page's title (escaped).
    state : dict
        The room's current state.
    journal : list of (seq, kind, body, at)
        ``RoomStore.journal()``: ``at`` in seconds since the epoch, or None for old rows.
    generated_at_s : float
        When the digest is made [s since the epoch].
    initial : dict, optional
        The room's first state (``RoomStore.initial()``). The journal is replayed from it to
        know when each step ran and the steps of deposited cells; without it the replay starts
        at the journal's first ``state`` row (see :mod:`scripts_py.digest.timeline`).
    """
    timeline = read_journal(journal, state, initial=initial)
    return render(collect(room_name, state, timeline, generated_at_s=generated_at_s))


__all__ = ["build_digest"]
