"""``evaluate_cell``: from a cell spec to the figures the potentiostat shows."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from battery_model import core
from battery_model.consequences import (
    MODES,
    REALISTIC,
    Penalty,
    annotate,
    assess,
    costly_codes,
    with_consequence,
)
from battery_model.errors import SpecError
from battery_model.feedback import Feedback, cell_feedback, electrode_feedback
from battery_model.gcpl import Gcpl, measure_positional
from battery_model.materials import catalog
from battery_model.ops import SCALAR
from battery_model.process import ProcessConstants, constants
from battery_model.spec import CellSpec, ElectrodeSpec, LithiumMetalSpec, parse_cell_spec


@dataclass(slots=True)
class ElectrodeResult:
    """One electrode of the built cell (thicknesses and loading per coated side)."""

    active_material: str
    sides: int
    am_mass_loading_mg_cm2: float
    dry_thickness_um: float
    porosity: float
    final_thickness_um: float
    coated_length_mm: float | None
    length_mm: float
    am_mass_g: float
    capacity_mah: float
    min_roll_gap_um: float | None
    max_roll_gap_um: float | None
    calendering_degree: float
    solid_content_wt_pct: float | None
    cracked: bool = False  # the rolls crushed the particles (gap below the minimum)
    coating_lost_fraction: float = 0.0  # share of the coating that did not fit the gap [-]

    def to_dict(self) -> dict[str, Any]:
        """Plain dict (JSON-ready; floats rounded to 6 significant digits)."""
        return {k: _clean(getattr(self, k)) for k in self.__slots__}  # type: ignore[attr-defined]


@dataclass(slots=True)
class CellResult:
    """What the potentiostat reports for one cell.

    ``capacity_mah``, ``energy_wh`` and ``energy_density_wh_kg`` are measured: the end of the
    discharge curve at the test's C-rate and its ∫V dQ. ``theoretical_*`` are the concept
    paper's eq. 17-19 (cycled lithium x average potential difference).
    """

    kind: str
    format: str
    energy_density_wh_kg: float
    energy_wh: float
    capacity_mah: float
    n_p_ratio: float
    limiting_electrode: str
    positive: ElectrodeResult
    negative: ElectrodeResult
    masses_g: dict[str, float]
    electrolyte_ml: float
    max_length_mm: float
    stack_thickness_um: float
    theoretical_capacity_mah: float = 0.0
    theoretical_energy_wh: float = 0.0
    theoretical_energy_density_wh_kg: float = 0.0
    feedback: list[Feedback] = field(default_factory=list)
    gcpl: Gcpl | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain dict with the JSON keys of ``python -m battery_model evaluate --json``."""
        return {
            "kind": self.kind, "format": self.format,
            "energy_density_wh_kg": _clean(self.energy_density_wh_kg),
            "energy_wh": _clean(self.energy_wh), "capacity_mah": _clean(self.capacity_mah),
            "theoretical_energy_density_wh_kg": _clean(self.theoretical_energy_density_wh_kg),
            "theoretical_energy_wh": _clean(self.theoretical_energy_wh),
            "theoretical_capacity_mah": _clean(self.theoretical_capacity_mah),
            "n_p_ratio": _clean(self.n_p_ratio), "limiting_electrode": self.limiting_electrode,
            "positive": self.positive.to_dict(), "negative": self.negative.to_dict(),
            "masses_g": {k: _clean(v) for k, v in self.masses_g.items()},
            "electrolyte_ml": _clean(self.electrolyte_ml),
            "max_length_mm": _clean(self.max_length_mm),
            "stack_thickness_um": _clean(self.stack_thickness_um),
            "feedback": [f.to_dict() for f in self.feedback],
            "gcpl": None if self.gcpl is None else self.gcpl.to_dict(),
        }


def _clean(v: Any) -> Any:
    """Round floats to 6 significant digits (NaN/inf pass through, so JSON output fails loudly)."""
    if isinstance(v, float) and math.isfinite(v):
        return float(f"{v:.6g}")
    return v


def _design(e: ElectrodeSpec | LithiumMetalSpec, pc: ProcessConstants,
            partner_width_mm: float) -> core.ElectrodeDesign:
    if isinstance(e, LithiumMetalSpec):
        cc = e.current_collector
        return core.lithium_foil(
            thickness_um=e.thickness_um, density_g_cm3=e.active.density_g_cm3,
            capacity_mah_g=e.active.capacity_mah_g, width_mm=partner_width_mm,
            cc_thickness_um=e.cc_thickness_um,
            cc_density_g_cm3=cc.density_g_cm3 if cc is not None else 0.0)
    cal, am, coating = e.calendering, e.active, e.coating
    # coated_electrode's arguments in its order (17 keywords would cost ~1 µs more)
    return core.coated_electrode_positional(
        SCALAR, pc, am.density_g_cm3, am.capacity_mah_g, am.calendering,
        e.additive.density_g_cm3, e.binder.density_g_cm3, e.solvent.density_g_cm3, e.dry_mass_g,
        e.active_wt_pct, e.additive_wt_pct, e.binder_wt_pct, e.solvent_mass_g,
        coating.comma_gap_um, coating.width_mm, coating.sides,
        None if cal is None else cal.roll_gap_um, e.cc_thickness_um,
        e.current_collector.density_g_cm3)


def lithium_shuttles(spec: CellSpec) -> bool:
    """True when one electrode brings lithium the other can take.

    Lithium metal both gives and takes lithium (half cells always work); an as-made symmetric
    cell has both electrodes in the same state, so nothing can shuttle.
    """
    return spec.kind == "half" or (
        spec.positive.active.lithiated_as_made != spec.negative.active.lithiated_as_made)


def _electrode_result(e: ElectrodeSpec | LithiumMetalSpec, d: core.ElectrodeDesign,
                      length: float, am_g: float, q: float) -> ElectrodeResult:
    coated = isinstance(e, ElectrodeSpec)
    # positional, in field order (a dataclass call with 16 keywords costs ~1 µs more)
    return ElectrodeResult(
        e.active.name, d.sides, d.am_mass_loading_mg_cm2, d.dry_thickness_um, d.porosity,
        d.final_thickness_um, d.coated_length_mm if coated else None, length, am_g, q,
        d.min_roll_gap_um, d.max_roll_gap_um, d.calendering_degree,
        e.solid_content_wt_pct if coated else None, bool(d.cracked),
        float(d.coating_lost_fraction))


_NO_PENALTY = Penalty()  # read only: what a cell without costly mistakes pays


def _consequences(feedback: list[Feedback], line: Sequence[dict[str, Any]], q_p: float,
                  q_n: float) -> Penalty:
    """Sum and state what the mistakes cost: ``feedback`` is annotated in place, ``line``
    (process mistakes found in a history) gets its sizes under ``consequence``."""
    items = [{"code": f.code, "parameter": f.parameter, "value": f.value,
              "allowed": f.allowed, "message": f.message} for f in feedback] + list(line)
    penalty, sizes = assess(items, q_pos_mah=q_p, q_neg_mah=q_n,
                            plated_mah=max(q_p - q_n, 0.0))
    for f, size in zip(feedback, sizes[:len(feedback)], strict=True):
        if size is not None:
            f.consequence, f.message = size, with_consequence(f.message, size)
    for m, size in zip(line, sizes[len(feedback):], strict=True):
        annotate(m, size)
    return penalty


def evaluate_cell(spec: Any, *, gcpl: bool = True, c_rate: float | None = None,
                  consequences: str = REALISTIC,
                  line_mistakes: Sequence[dict[str, Any]] = ()) -> CellResult:
    """Evaluate a cell spec (parsed YAML dict or :class:`CellSpec`).

    ``consequences``: ``"realistic"`` (default) lets each processing mistake cost the tested
    cell what ``data/consequences.yaml`` states; ``"paper"`` keeps the concept paper's model
    (feedback only). ``line_mistakes``: mistakes found in the line's history (feedback dicts);
    they count like the model's own and get their ``consequence`` filled in place.

    Returns
    -------
    CellResult
        Energy density [Wh/kg], energy [Wh], capacity [mAh], N/P, per-electrode figures,
        masses [g], electrolyte [ml], feedback and (``gcpl=True``) GCPL curves.

    Raises
    ------
    SpecError
        Naming the offending field when the spec is impossible.
    """
    if consequences not in MODES:
        raise SpecError("consequences", f"must be one of {', '.join(MODES)}, not "
                        f"{str(consequences)[:40]!r}")
    cs = parse_cell_spec(spec, catalog())
    pc = constants()
    pos_e, neg_e = cs.positive, cs.negative
    pos_w = pos_e.coating.width_mm if isinstance(pos_e, ElectrodeSpec) else 0.0
    neg_w = neg_e.coating.width_mm if isinstance(neg_e, ElectrodeSpec) else 0.0
    pos = _design(pos_e, pc, neg_w)
    neg = _design(neg_e, pc, pos_w)
    pos_am, neg_am = pos_e.active, neg_e.active
    pos_v, neg_v = pos_am.avg_potential_v, neg_am.avg_potential_v
    ok = lithium_shuttles(cs)
    kind = cs.kind
    swap = pos_v < neg_v  # the electrode with the higher potential is the physical positive
    p_am, n_am = (neg_am, pos_am) if swap else (pos_am, neg_am)

    def inventory(q_pos: float, q_neg: float) -> float:
        q_p, q_n = (q_neg, q_pos) if swap else (q_pos, q_neg)
        return core.cyclable_lithium_mah(
            SCALAR, q_p, q_n, fce_pos=p_am.first_cycle_efficiency,
            fce_neg=n_am.first_cycle_efficiency, pos_lithiated=p_am.lithiated_as_made,
            neg_lithiated=n_am.lithiated_as_made, neg_li_metal=isinstance(neg_e, LithiumMetalSpec))

    sep = cs.separator
    c = core.wound_cell(
        SCALAR, cs.format, pos, neg, separator_um=sep.thickness_um,
        separator_porosity=sep.porosity, separator_density=sep.material.density_g_cm3,
        electrolyte_density=cs.electrolyte.density_g_cm3, delta_v=pos_v - neg_v,
        cyclable=1.0, inventory=inventory, electrolyte_excess=pc.electrolyte_excess_factor)
    q_p, q_n = (c.neg_capacity_mah, c.pos_capacity_mah) if swap else (c.pos_capacity_mah,
                                                                        c.neg_capacity_mah)
    n_p = q_n / q_p if q_p > 0 else float("inf")
    feedback: list[Feedback] = []
    for e, d in ((pos_e, pos), (neg_e, neg)):
        if isinstance(e, ElectrodeSpec):
            electrode_feedback(e, d, pc, feedback)
    cell_feedback(cs, c, pos, neg, pos_v, neg_v, ok, feedback, pc, n_p_ratio=n_p)
    if isinstance(neg_e, LithiumMetalSpec):  # the foil limits only if it cannot supply
        limiting = "negative" if c.capacity_mah < 0.999 * c.pos_capacity_mah else "positive"
    else:
        limiting = "positive" if c.pos_capacity_mah <= c.neg_capacity_mah else "negative"
    coated = [d for e, d in ((pos_e, pos), (neg_e, neg)) if isinstance(e, ElectrodeSpec)]
    height = cs.format.jelly_roll_height_mm
    area_cm2 = min([c.length_mm * min(d.width_mm, height) * d.sides for d in coated]) / 100.0
    thick = coated[0]  # the thickest coating (the first of equals)
    for d in coated[1:]:
        if d.final_thickness_um > thick.final_thickness_um:
            thick = d
    penalty = _NO_PENALTY
    if consequences == REALISTIC and (line_mistakes or not costly_codes().isdisjoint(
            [f.code for f in feedback])):
        plating = kind == "full" and ok
        penalty = _consequences(feedback, line_mistakes, float(q_p),
                                float(q_n) if plating else float("inf"))
    pos_factor, neg_factor = 1.0 - penalty.positive_loss, 1.0 - penalty.negative_loss
    # measure's arguments in its order (13 keywords would cost ~1 µs more): the spec's
    # materials and capacities after the mistakes, the areal capacity, both coatings' thickness,
    # the C-rate, grid points, curves?, the transport-limiting coating and its porosity, the
    # mistakes' extra ASR, lithium loss and open circuit, and the inventory of wound_cell
    # (unless a mistake took capacity from an electrode)
    capacity, energy, curves = measure_positional(
        pos_am, neg_am, c.pos_capacity_mah * pos_factor, c.neg_capacity_mah * neg_factor,
        c.capacity_mah / area_cm2 if area_cm2 > 0 else 0.0,
        sum([d.final_thickness_um for d in coated]), c_rate, None, gcpl,
        thick.final_thickness_um, thick.porosity, penalty.asr_ohm_cm2, penalty.cell_loss,
        penalty.open_circuit,
        c.capacity_mah if pos_factor == 1.0 and neg_factor == 1.0 else None)
    total_g = c.masses_g["total"]
    # positional, in field order (a dataclass call with 18 keywords costs ~1 µs more): kind,
    # format, energy density, energy, capacity, N/P, limiting electrode, positive, negative,
    # masses, electrolyte, max length, stack thickness, theoretical capacity, energy and
    # energy density, feedback, curves
    return CellResult(
        kind, cs.format.name, energy / total_g * 1000.0 if total_g > 0 else 0.0, energy,
        capacity, n_p, limiting,
        _electrode_result(pos_e, pos, c.length_mm, c.pos_am_g, c.pos_capacity_mah),
        _electrode_result(neg_e, neg, c.length_mm, c.neg_am_g, c.neg_capacity_mah),
        c.masses_g, c.electrolyte_ml, c.max_length_mm, c.stack_thickness_um, c.capacity_mah,
        c.energy_wh, c.energy_density_wh_kg, feedback, curves)
