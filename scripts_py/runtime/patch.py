"""View patches: ``diff(old, new)`` -> ops that turn ``old`` into ``new``; ``apply_patch``.

Ops are ``{"op": "set", "path": [k, ...], "value": v}`` and ``{"op": "del", "path": [...]}``
(PROTOCOL.md). Unchanged subtrees are skipped by identity first, so a projection that reuses
its cached objects makes a diff cost about one identity check per entry.
"""

from __future__ import annotations

import copy
from typing import Any

Op = dict[str, Any]


def diff(old: Any, new: Any, path: tuple[Any, ...] = ()) -> list[Op]:
    """Ops turning ``old`` into ``new``; mappings recurse, equal-length lists go by index."""
    ops: list[Op] = []
    _diff(old, new, list(path), ops)
    return ops


def _diff(old: Any, new: Any, path: list[Any], ops: list[Op]) -> None:
    if old is new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in old:
            if key not in new:
                ops.append({"op": "del", "path": [*path, key]})
        for key, value in new.items():
            if key in old:
                _diff(old[key], value, [*path, key], ops)
            else:
                ops.append({"op": "set", "path": [*path, key], "value": value})
        return
    if (isinstance(old, list) and isinstance(new, list) and len(old) == len(new) and path
            and not _is_leaf_list(new)):
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            _diff(a, b, [*path, i], ops)
        return
    if type(old) is not type(new) or old != new:
        ops.append({"op": "set", "path": list(path), "value": new})


def _is_leaf_list(value: list[Any]) -> bool:
    """Lists of plain numbers (curves, positions) are replaced whole, never by index."""
    return bool(value) and not isinstance(value[0], dict | list)


def apply_patch(state: dict[str, Any], ops: list[Op]) -> dict[str, Any]:
    """Apply ops to a deep copy of ``state`` the way Godot's ``protocol.gd`` does."""
    out = copy.deepcopy(state)
    for op in ops:
        path = op["path"]
        if not path:
            raise ValueError("patch op with an empty path")
        parent: Any = out
        for key in path[:-1]:
            if isinstance(parent, dict):
                if key not in parent and op["op"] == "set":
                    parent[key] = {}
                parent = parent[key]
            else:
                parent = parent[int(key)]
        last = path[-1]
        if op["op"] == "set":
            if isinstance(parent, list):
                if int(last) == len(parent):
                    parent.append(copy.deepcopy(op["value"]))
                else:
                    parent[int(last)] = copy.deepcopy(op["value"])
            else:
                parent[last] = copy.deepcopy(op["value"])
        elif op["op"] == "del":
            if isinstance(parent, list):
                del parent[int(last)]
            else:
                parent.pop(last, None)
        else:
            raise ValueError(f"unknown patch op {op['op']!r}")
    return out
