"""The pilot line as a deterministic simulation: room state, machines, clock and reducer.

Public API: :func:`initial_state`, :func:`apply`, :func:`label`, :func:`state_hash`,
:func:`check_invariants`. Godot only shows this state and sends intents; the host runs the
same reducer as the room's authority.
"""

from scripts_py.reducer import apply
from scripts_py.room.hashing import state_hash
from scripts_py.room.invariants import check_invariants
from scripts_py.room.label import label
from scripts_py.room.state import initial_state

__all__ = ["apply", "check_invariants", "initial_state", "label", "state_hash"]
