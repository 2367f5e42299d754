"""Process-mistake feedback: skipped, repeated or out-of-order steps, read from the history.

Items have the shape of ``battery_model`` feedback: ``{code, severity, step, parameter, value,
allowed, message}``. Choices outside a processing window are ``battery_model``'s job; this
module only looks at the sequence of steps.
"""

from __future__ import annotations

from typing import Any

from scripts_py.line import history
from scripts_py.room import kinds

Feedback = dict[str, Any]


def _fb(code: str, severity: str, step: str, parameter: str, value: Any, allowed: Any,
        message: str) -> Feedback:
    return {"code": code, "severity": severity, "step": step, "parameter": parameter,
            "value": value, "allowed": allowed, "message": message}


def _repeated(item: dict[str, Any], role: str, step: str, what: str, rule: str,
              out: list[Feedback]) -> None:
    n = len(history.steps(item, step))
    if n > 1:
        out.append(_fb(f"{step}_repeated", "info", step, f"{role}.{step}", n, 1,
                       f"{what} was done {n} times on the {role} electrode: {rule}"))


def electrode_mistakes(item: dict[str, Any], role: str) -> list[Feedback]:
    """Mistakes in making one electrode (nothing for a lithium-metal electrode)."""
    out: list[Feedback] = []
    if item["origin"] == kinds.LI_METAL:
        return out
    _repeated(item, role, "premixing", "premixing", "the times add up, the last speed counts",
              out)
    _repeated(item, role, "solvent_filling", "solvent filling", "the masses add up", out)
    _repeated(item, role, "mixing", "mixing", "the times add up, the last speed counts", out)
    _repeated(item, role, "calendering", "calendering", "only the last pass counts", out)
    solvents = {s["params"]["solvent"] for s in history.steps(item, "solvent_filling")}
    if len(solvents) > 1:
        out.append(_fb("solvents_mixed", "warning", "solvent_filling", f"{role}.solvent",
                       sorted(solvents), "one solvent", f"{' and '.join(sorted(solvents))} "
                       f"were both poured into the {role} slurry; only the first is modelled"))
    first_mix = history.index_of(item, "mixing")
    last_solvent = history.index_of(item, "solvent_filling", latest=True)
    if first_mix is not None and last_solvent is not None and last_solvent > first_mix:
        out.append(_fb("solvent_after_mixing", "warning", "solvent_filling",
                       f"{role}.solvent_mass_g", None, "solvent before mixing",
                       f"solvent was added to the {role} slurry after it was mixed: only "
                       "mixing after the last solvent addition homogenises the slurry"))
    sides = history.coated_sides(item)
    if sides == {"A"}:
        out.append(_fb("single_sided", "info", "coating", f"{role}.coating.sides", 1, 2,
                       f"only side A of the {role} foil was coated: an 18650 jelly roll "
                       "usually carries coating on both sides"))
    a, b = history.side_a(item), history.last(item, "coating")
    if a is not None and "slurry_for_mm" in a["out"]:
        out.append(_fb("foil_ran_out", "info", "coating", f"{role}.coating.comma_gap_um",
                       a["out"]["slurry_for_mm"], [None, a["out"]["length_mm"]],
                       f"the wet film is so thin that the {role} slurry would cover "
                       f"{a['out']['slurry_for_mm'] / 1000:,.0f} m of foil; the roll ended "
                       f"after {a['out']['length_mm'] / 1000:,.0f} m"))
    if a is not None and b is not None and b is not a:
        for key in ("comma_gap_um", "width_mm"):
            if b["params"][key] != a["params"][key]:
                out.append(_fb("side_b_differs", "warning", "coating",
                               f"{role}.coating.{key}", b["params"][key], a["params"][key],
                               f"side B was coated with {key} = {b['params'][key]:g}, side A "
                               f"with {a['params'][key]:g}: the sides are uneven (side A "
                               "is modelled)"))
    first_cal = history.index_of(item, "calendering")
    last_coat = history.index_of(item, "coating", latest=True)
    if first_cal is not None and last_coat is not None and first_cal < last_coat:
        out.append(_fb("calendered_before_side_b", "warning", "calendering",
                       f"{role}.calendering", None, "calender after both sides are coated",
                       f"the {role} roll was calendered before side B was coated: side B "
                       "cannot be levelled on a pressed roll and side A is pressed twice"))
    if history.first(item, "slitting") is None:
        out.append(_fb("slitting_skipped", "warning", "slitting", f"{role}.slitting", None,
                       "required", f"the {role} roll was wound without slitting: the "
                       "uneven coating edges end up in the jelly roll"))
    return out


def cell_mistakes(cell: dict[str, Any], items: dict[str, dict[str, Any]]) -> list[Feedback]:
    """All process mistakes of a cell: both electrodes, welding, testing."""
    out = electrode_mistakes(cell, "positive")
    neg = cell["parts"].get("negative")
    if neg is not None:
        out.extend(electrode_mistakes(items[neg], "negative"))
    if history.first(cell, "welding") is None:
        out.append(_fb("welding_skipped", "error", "welding", "welding", None, "required",
                       "the tabs were never welded: the jelly roll has no electrical contact "
                       "to the can, the cell would show no capacity"))
    n = len(history.steps(cell, "testing"))
    if n > 1:
        out.append(_fb("testing_repeated", "info", "testing", "testing", n, 1,
                       f"this cell was tested {n} times: the latest test is shown"))
    return out
