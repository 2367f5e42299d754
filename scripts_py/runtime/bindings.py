"""Binding Godot machine nodes to their ``scripts_py`` machine modules (``hello``/``bind``).

A node names its module as ``res://scripts_py/machines/<name>.py`` (``res://`` = repository
root). The runtime accepts only modules of :mod:`scripts_py.machines` whose ``MACHINE`` is one
of the line's machine types, and only for a machine id of the room with that type; anything
else is reported back (``error`` with code ``unknown_py_script`` / ``binding_mismatch``) and
the node stays unbound (it still receives the room state, it just has no module behind it).
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from typing import Any

from battery_model.errors import shown
from scripts_py.machines import MACHINE_TYPES
from scripts_py.machines.base import Machine

PY_SCRIPT_RE = re.compile(r"^res://scripts_py/machines/([a-z][a-z0-9_]{0,63})\.py$")
PACKAGE = "scripts_py.machines"


@dataclass(frozen=True, slots=True)
class Binding:
    """One machine node bound to its module (``problem`` is set when it could not be)."""

    machine_id: str
    py_script: str
    node_path: str
    module: str | None
    machine: Machine | None
    code: str = ""
    problem: str = ""

    @property
    def ok(self) -> bool:
        """True when the node is bound to a machine module of the room."""
        return self.machine is not None and not self.problem

    def to_dict(self) -> dict[str, Any]:
        """JSON summary for ``welcome``."""
        out: dict[str, Any] = {"id": self.machine_id, "py_script": self.py_script,
                               "module": self.module, "ok": self.ok}
        if self.problem:
            out.update(code=self.code, problem=self.problem)
        return out


def module_of(py_script: str) -> tuple[str | None, Machine | None, str]:
    """``(module name, machine, problem)`` for a ``py_script`` path."""
    match = PY_SCRIPT_RE.match(py_script)
    if match is None:
        return None, None, (f"py_script {shown(py_script)} is not a machine module of this game "
                            "(expected res://scripts_py/machines/<name>.py)")
    name = f"{PACKAGE}.{match.group(1)}"
    known = {type(m).__module__: m for m in MACHINE_TYPES.values()}
    if name not in known:
        return name, None, (f"py_script {shown(py_script)}: there is no machine module {name} "
                            f"(known: {', '.join(sorted(m.rsplit('.', 1)[1] for m in known))})")
    module = importlib.import_module(name)
    machine = getattr(module, "MACHINE", None)
    if machine is not known[name]:
        return name, None, f"{name} does not define the machine MACHINE"
    return name, machine, ""


def bind_one(entry: Any, machines: dict[str, dict[str, Any]]) -> Binding:
    """Check one binding ``{id, py_script, kind, node_path}`` against the room's machines."""
    if not isinstance(entry, dict):
        return Binding("?", "", "", None, None, "bad_binding",
                       f"a binding is an object {{id, py_script}}, got {shown(entry)}")
    machine_id = str(entry.get("id", ""))
    py_script = str(entry.get("py_script", ""))
    node_path = str(entry.get("node_path", ""))
    module, machine, problem = module_of(py_script)
    if problem:
        return Binding(machine_id, py_script, node_path, module, None, "unknown_py_script",
                       f"{node_path or machine_id}: {problem}")
    assert machine is not None
    row = machines.get(machine_id)
    if row is None:
        return Binding(machine_id, py_script, node_path, module, machine, "binding_mismatch",
                       f"{node_path or machine_id}: the room has no machine {shown(machine_id)} "
                       f"(machines: {', '.join(sorted(machines))})")
    if row["type"] != machine.type:
        return Binding(machine_id, py_script, node_path, module, machine, "binding_mismatch",
                       f"{node_path or machine_id}: machine {shown(machine_id)} is a "
                       f"{row['type']}, but its node names {py_script}")
    return Binding(machine_id, py_script, node_path, module, machine)


def bind_all(entries: Any, machines: dict[str, dict[str, Any]]) -> list[Binding]:
    """Check a ``machines`` list of ``hello``/``bind`` (a non-list binds nothing)."""
    if not isinstance(entries, list):
        return []
    return [bind_one(e, machines) for e in entries]
