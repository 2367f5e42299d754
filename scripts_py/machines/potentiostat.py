"""Potentiostat with 9 channels: formation, then a GCPL test of each sealed cell.

The result is ``battery_model``'s evaluation of the cell spec read from the cell's history,
plus the process mistakes found in that history, in the same feedback shape. Each slot runs
on its own.
"""

from __future__ import annotations

from typing import Any

from battery_model import SpecError, evaluate_cell
from battery_model.consequences import PAPER, REALISTIC
from scripts_py.line import cellspec, mistakes
from scripts_py.machines.base import Machine, Param, RunContext, RunView, Slot, ceil_s
from scripts_py.room import kinds

CHANNELS = tuple(str(i) for i in range(1, 10))
REST_S = 3600.0  # open-circuit rest after filling, before formation [s]
# bounds on the line mistakes kept with a tested cell (a stored room may be hostile)
LINE_MISTAKES_MAX = 64
MESSAGE_MAX_CHARS = 2000


def consequences_mode(state: dict[str, Any]) -> str:
    """The room's setting: mistakes cost the cell ("realistic") or give feedback only ("paper")."""
    return PAPER if state.get("settings", {}).get("paper_model") else REALISTIC


def _line_keys(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What a line mistake's consequence is computed from (kept with the tested cell)."""
    return [{k: m.get(k) for k in ("code", "parameter", "value", "allowed", "message")}
            for m in found]


def evaluate_item(cell: dict[str, Any], items: dict[str, dict[str, Any]], *,
                  c_rate: float | None = None, gcpl: bool = False,
                  consequences: str = REALISTIC) -> dict[str, Any]:
    """Result of a cell item: ``{"spec", "line_mistakes", "result"}`` or ``{"spec", "error"}``.

    The result has the keys of ``battery_model evaluate --json``; its feedback ends with the
    process mistakes of the cell's history, which cost the cell like the model's own
    (``consequences``, see :mod:`battery_model.consequences`).
    """
    spec = cellspec.cell_spec(cell, items)
    line = mistakes.cell_mistakes(cell, items)
    kept = _line_keys(line)
    try:
        result = evaluate_cell(spec, gcpl=gcpl, c_rate=c_rate, consequences=consequences,
                               line_mistakes=line).to_dict()
    except (SpecError, ArithmeticError) as exc:  # the model's limits, shown, not a crash
        field = exc.field if isinstance(exc, SpecError) else "(model)"
        message = exc.message if isinstance(exc, SpecError) else f"{type(exc).__name__}"
        return {"spec": spec, "error": {
            "code": "cell_invalid", "severity": "error", "step": "testing",
            "parameter": field, "value": None, "allowed": None,
            "message": f"the cell cannot be evaluated: {message}"}}
    result["feedback"] = result["feedback"] + line
    return {"spec": spec, "line_mistakes": kept, "result": result}


def tested_result(cell: dict[str, Any]) -> dict[str, Any] | None:
    """The stored result of a tested cell with its GCPL curves (recomputed from its spec, with
    the consequences it was tested with)."""
    data = cell["data"]
    if data.get("result") is None:
        return None
    mode = data.get("consequences", REALISTIC)
    kept = data.get("line_mistakes")
    line = [{**m, "message": str(m.get("message", ""))[:MESSAGE_MAX_CHARS]}
            for m in (kept if isinstance(kept, list) else ())[:LINE_MISTAKES_MAX]
            if isinstance(m, dict)]
    curves = evaluate_cell(data["spec"], gcpl=True, c_rate=data.get("c_rate"),
                           consequences=mode if mode in (REALISTIC, PAPER) else REALISTIC,
                           line_mistakes=line).gcpl
    return {**data["result"], "gcpl": None if curves is None else curves.to_dict()}


class Potentiostat(Machine):
    """Forms and tests cells; a run lasts rest + formation cycles + one test cycle."""

    type = "potentiostat"
    title = "potentiostat"
    step = "testing"
    params = (
        Param("formation_cycles", "", 1, 0.0, 5.0, integer=True,
              help="slow cycles that form the SEI before the test"),
        Param("formation_c_rate", "1/h", 0.5, 0.05, 2.0, help="formation current [C]"),
        Param("test_c_rate", "1/h", 0.2, 0.05, 5.0, help="test current [C] of the GCPL cycle"),
    )
    slots = tuple(Slot(c, frozenset({kinds.SEALED, kinds.TESTED}), "a filled and sealed cell")
                  for c in CHANNELS)
    per_slot_runs = True

    def duration_s(self, view: RunView) -> float:
        p = view.params
        formation_h = p["formation_cycles"] * 2.0 / p["formation_c_rate"]
        test_h = 2.0 / p["test_c_rate"]
        return ceil_s(REST_S + 3600.0 * (formation_h + test_h))

    def finish(self, ctx: RunContext) -> None:
        slot = ctx.channel
        cell = ctx.item(slot)
        mode = consequences_mode(ctx.draft.state)
        c_rate = ctx.params["test_c_rate"]
        found = evaluate_item(cell, ctx.draft.state["items"], c_rate=c_rate, consequences=mode)
        cell["kind"] = kinds.TESTED
        cell["data"] = {**cell["data"], **found, "c_rate": c_rate, "consequences": mode}
        cell["data"].pop("error" if "result" in found else "result", None)
        if "result" in found:
            r = found["result"]
            ctx.out.update({"energy_density_wh_kg": r["energy_density_wh_kg"],
                            "capacity_mah": r["capacity_mah"],
                            "feedback_items": len(r["feedback"])})
        else:
            ctx.out["error"] = found["error"]["message"]


MACHINE = Potentiostat()
