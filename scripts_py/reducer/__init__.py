"""The room's authority: one gate in front of a pure reducer (see :mod:`.gate`)."""

from scripts_py.reducer.gate import INTENTS, accepted, apply
from scripts_py.reducer.rejection import Rejected

__all__ = ["INTENTS", "Rejected", "accepted", "apply"]
