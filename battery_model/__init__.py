"""The concept paper's cell model: from manufacturing choices to Wh/kg, GCPL and feedback.

Public API: :func:`evaluate_cell`, :func:`sweep`, :func:`parse_cell_spec`, :func:`catalog`,
:class:`CellResult`, :class:`SpecError`.
"""

from battery_model.errors import SpecError
from battery_model.evaluate import CellResult, ElectrodeResult, evaluate_cell
from battery_model.feedback import Feedback
from battery_model.gcpl import Gcpl, gcpl_curves
from battery_model.materials import catalog
from battery_model.spec import CellSpec, parse_cell_spec
from battery_model.sweep import SWEEPABLE, sweep

__all__ = [
    "SWEEPABLE",
    "CellResult",
    "CellSpec",
    "ElectrodeResult",
    "Feedback",
    "Gcpl",
    "SpecError",
    "catalog",
    "evaluate_cell",
    "gcpl_curves",
    "parse_cell_spec",
    "sweep",
]
