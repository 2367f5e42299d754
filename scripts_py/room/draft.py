"""Copy-on-write editing of a state: the input state is never mutated.

Only the rows (items, machines, users) and sections an intent touches are copied, so an
accepted intent costs a few small copies, not a copy of the whole room. Every edited row gets
``v`` = the new version, which is how the gate spots stale intents.
"""

from __future__ import annotations

from typing import Any

TABLES = ("items", "machines", "users")


def deep_copy(value: Any) -> Any:
    """Copy of plain JSON-like data (dicts, lists, scalars)."""
    if isinstance(value, dict):
        return {k: deep_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [deep_copy(v) for v in value]
    return value


def _copy_row(row: dict[str, Any]) -> dict[str, Any]:
    # history entries are append-only and never edited, so the list is copied shallowly
    return {k: (list(v) if k == "history" else deep_copy(v)) for k, v in row.items()}


class Draft:
    """The next state being built from ``base`` (version ``base["version"] + 1``)."""

    def __init__(self, base: dict[str, Any]) -> None:
        self.base = base
        self.state: dict[str, Any] = dict(base)
        self.version = int(base["version"]) + 1
        self.state["version"] = self.version
        self._copied: set[Any] = set()

    def row(self, table: str, key: str) -> dict[str, Any]:
        """Read a row (do not mutate it; use :meth:`edit`)."""
        return self.state[table][key]

    def _table(self, table: str) -> dict[str, Any]:
        if table not in self._copied:
            self.state[table] = dict(self.state[table])
            self._copied.add(table)
        return self.state[table]

    def edit(self, table: str, key: str) -> dict[str, Any]:
        """A mutable copy of a row, stamped with the new version."""
        rows = self._table(table)
        if (table, key) not in self._copied:
            rows[key] = _copy_row(rows[key])
            rows[key]["v"] = self.version
            self._copied.add((table, key))
        return rows[key]

    def add(self, table: str, key: str, row: dict[str, Any]) -> dict[str, Any]:
        """Insert a new row (stamped with the new version)."""
        rows = self._table(table)
        row["v"] = self.version
        rows[key] = row
        self._copied.add((table, key))
        return row

    def remove(self, table: str, key: str) -> None:
        """Delete a row."""
        del self._table(table)[key]

    def section(self, name: str) -> Any:
        """A mutable copy of a top-level section (``clock``, ``rng``, ``deposits``, ...)."""
        if name not in self._copied:
            self.state[name] = deep_copy(self.state[name])
            self._copied.add(name)
        return self.state[name]
