"""The digest page: one self-contained HTML file (inline CSS and SVG, no scripts, no links out).

Every text that came from users or content (room, names, titles, materials, messages) goes
through :func:`html.escape`. Values a test or a browser check reads carry ``data-field``.
"""

from __future__ import annotations

import time
from html import escape
from typing import Any

from scripts_py.digest import svg
from scripts_py.digest.collect import CellRow, Digest, PersonRow
from scripts_py.digest.words import MISSING, hms, number

CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 1.5em auto;
       max-width: 70em; padding: 0 1em; color: #111; line-height: 1.35; }
h1 { margin-bottom: .2em; } h2 { border-bottom: 2px solid #333; margin-top: 1.6em; }
h3 { margin: 1em 0 .3em; }
table { border-collapse: collapse; margin: .4em 0 1em; font-size: .92em; }
th, td { border-bottom: 1px solid #ccc; padding: .2em .55em; text-align: left;
         vertical-align: top; }
th { background: #f0f0f0; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.steps { font-size: .8em; width: 100%; }
table.steps td.set { max-width: 26em; }
.muted { color: #555; } .swatch { display: inline-block; width: .9em; height: .9em;
  border-radius: 2px; vertical-align: -.1em; margin-right: .3em; }
.cell { border-top: 1px solid #999; margin-top: 2em; }
.cols { display: flex; flex-wrap: wrap; gap: 1.5em; align-items: flex-start; }
ul.feedback li { margin: .15em 0; }
.sev { font-weight: bold; text-transform: uppercase; font-size: .75em; padding: 0 .3em;
       border-radius: 3px; border: 1px solid #999; }
.sev-error { color: #a00; border-color: #a00; } .sev-warning { color: #a60; border-color: #a60; }
.sev-info { color: #246; border-color: #246; }
svg.plot { max-width: 100%; height: auto; }
footer { margin-top: 3em; font-size: .85em; color: #444; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  .cell { break-before: page; } table, svg, li { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


def esc(value: Any) -> str:
    """Escaped text of any value."""
    return escape(str(value), quote=True)


def when(at: float | None) -> str:
    """A wall-clock time as ``<time>`` (local time shown, UTC in ``datetime``), or "—"."""
    if at is None:
        return MISSING
    utc = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(at))
    return f'<time datetime="{utc}">{time.strftime(TIME_FORMAT, time.localtime(at))}</time>'


def _field(name: str, text: str) -> str:
    return f'<td class="num" data-field="{name}">{esc(text)}</td>'


def _color(cell: CellRow) -> str:
    return svg.style_of(cell.index - 1)[0]


def _label(cell: CellRow) -> str:
    return f"{cell.title} · {cell.serial}" if cell.serial else cell.title


# --- the whole room ------------------------------------------------------------------------
def _comparison(cells: list[CellRow]) -> str:
    curves = []
    for cell in cells:
        dis = (cell.gcpl or {}).get("discharge")
        if dis:
            color, dash = svg.style_of(cell.index - 1)
            curves.append(svg.Series(_label(cell), tuple(zip(dis["capacity_mah"],
                                                             dis["voltage_v"], strict=False)),
                                     color, dash))
    bars = [(_label(c), float(c.result["energy_density_wh_kg"]), _color(c))
            for c in cells if c.result]
    parts = [svg.curve_plot(curves, title="Discharge curves of all tested cells",
                            x_label="capacity [mAh]", y_label="voltage [V]"),
             svg.bar_plot(bars, title="Specific energy of each cell", unit="Wh/kg")]
    return '<div class="cols">' + "".join(parts) + "</div>"


def _overview_table(cells: list[CellRow]) -> str:
    head = ("<tr><th>Cell</th><th>Built by</th><th>Chemistry</th><th>Format</th>"
            '<th class="num">Wh/kg</th><th class="num">Wh</th><th class="num">mAh</th>'
            '<th class="num">N/P</th><th>Tested</th></tr>')
    rows = []
    for c in cells:
        r = c.result or {}
        rows.append(
            f'<tr data-cell="{c.index}"><td><span class="swatch" style="background:'
            f'{_color(c)}"></span><a href="#cell-{c.index}">{esc(_label(c))}</a></td>'
            f"<td>{esc(c.builder)}</td><td>{esc(c.chemistry)}</td>"
            f"<td>{esc(c.spec.get('format', MISSING))}</td>"
            + _field("wh_kg", number(r.get("energy_density_wh_kg"), 1))
            + _field("wh", number(r.get("energy_wh"), 2))
            + _field("mah", number(r.get("capacity_mah"), 0))
            + _field("n_p", number(r.get("n_p_ratio"), 2))
            + f"<td>{when(c.tested_at)}</td></tr>")
    return f"<table>{head}{''.join(rows)}</table>"


def _people(people: list[PersonRow]) -> str:
    if not people:
        return "<p>Nobody has joined this room.</p>"
    head = ("<tr><th>Name</th><th>Role</th><th>Joined</th><th>Left</th>"
            '<th class="num">Actions</th><th class="num">Runs started</th>'
            '<th class="num">Steps on tested cells</th><th class="num">Cells built</th>'
            '<th class="num">Cells tested</th><th class="num">Cells deposited</th>'
            "<th>Best cell built [Wh/kg]</th></tr>")
    rows = []
    for p in people:
        left = when(p.left_at) if p.left_at is not None or not p.present else "still here"
        best = MISSING if p.best_wh_kg is None else \
            f"{p.best_wh_kg:.1f} ({esc(p.best_cell)})"
        rows.append(
            f'<tr data-person="{esc(p.name)}"><td>{esc(p.name)}</td><td>{esc(p.role)}</td>'
            f"<td>{when(p.joined_at)}</td><td>{left}</td>"
            f'<td class="num">{p.intents}</td><td class="num">{p.runs_started}</td>'
            f'<td class="num">{p.steps_on_cells}</td><td class="num">{p.cells_built}</td>'
            f'<td class="num">{p.cells_tested}</td><td class="num">{p.cells_deposited}</td>'
            f"<td>{best}</td></tr>")
    return f"<table>{head}{''.join(rows)}</table>"


# --- one cell -------------------------------------------------------------------------------
ELECTRODE_FIGURES = (  # (field, label, key in the result's electrode section, decimals)
    ("loading", "active-material loading [mg/cm² per side]", "am_mass_loading_mg_cm2", 2),
    ("porosity", "porosity (after calendering)", "porosity", 3),
    ("thickness", "coating thickness [µm per side]", "final_thickness_um", 1),
    ("length", "electrode length in the roll [mm]", "length_mm", 0),
    ("capacity", "capacity [mAh]", "capacity_mah", 0),
)


def _figures(c: CellRow) -> str:
    r = c.result or {}
    main = "".join(
        f"<tr><th>{label}</th>{_field(name, number(r.get(key), d))}</tr>"
        for name, label, key, d in (
            ("wh_kg", "specific energy [Wh/kg]", "energy_density_wh_kg", 1),
            ("wh", "energy [Wh]", "energy_wh", 2), ("mah", "capacity [mAh]", "capacity_mah", 0),
            ("n_p", "N/P ratio", "n_p_ratio", 2)))
    main += f"<tr><th>limiting electrode</th><td>{esc(r.get('limiting_electrode', MISSING))}"
    main += "</td></tr>"
    masses = r.get("masses_g") or {}
    main += f"<tr><th>cell mass [g]</th>{_field('mass_g', number(masses.get('total'), 1))}</tr>"
    main += (f"<tr><th>electrolyte [mL]</th>"
             f"{_field('electrolyte_ml', number(r.get('electrolyte_ml'), 2))}</tr>")
    pos, neg = r.get("positive") or {}, r.get("negative") or {}
    elec = "".join(
        f"<tr><th>{label}</th>{_field('pos_' + name, number(pos.get(key), d))}"
        f"{_field('neg_' + name, number(neg.get(key), d))}</tr>"
        for name, label, key, d in ELECTRODE_FIGURES)
    return (f"<table>{main}</table><table><tr><th></th><th>positive "
            f"({esc(_material_of(pos))})</th><th>negative ({esc(_material_of(neg))})</th></tr>"
            f"{elec}</table>")


def _material_of(section: dict[str, Any]) -> str:
    name = str(section.get("active_material", MISSING))
    return "Li metal" if name.lower() == "li_metal" else name.replace("_", " ")


def _facts(c: CellRow) -> str:
    spec = c.spec
    sep = spec.get("separator") or {}
    rate = f", at {c.c_rate:g} C" if isinstance(c.c_rate, int | float) else ""
    deposited = MISSING if c.deposit_n is None else \
        f"record {esc(c.deposit_n)} by {esc(c.deposited_by)}, {when(c.deposited_at)}"
    rows = [
        ("serial", "Serial", esc(c.serial or MISSING)),
        ("chemistry", "Chemistry", esc(f"{c.chemistry} ({c.kind} cell)" if c.kind
                                       else c.chemistry)),
        ("format", "Format", esc(spec.get("format", MISSING))),
        ("electrolyte", "Electrolyte", esc(spec.get("electrolyte", MISSING))),
        ("separator", "Separator", esc(f"{sep.get('material', MISSING)}, "
                                       f"{sep.get('thickness_um', '?')} µm, "
                                       f"porosity {sep.get('porosity', '?')}")),
        ("builder", "Built (wound) by", esc(c.builder)),
        ("hands", "Worked on by", esc(", ".join(c.hands) or MISSING)),
        ("tested", "Tested", f"sim time {hms(c.tested_sim_s)}, {when(c.tested_at)}{rate}"),
        ("deposited", "Deposited", deposited),
    ]
    body = "".join(f'<tr data-fact="{key}"><th>{k}</th><td>{v}</td></tr>' for key, k, v in rows)
    notes = "".join(f"<tr><th>Part</th><td>{esc(n)}</td></tr>" for n in c.notes)
    return f"<table>{body}{notes}</table>"


def _feedback(c: CellRow) -> str:
    if c.error:
        return f'<p><span class="sev sev-error">error</span> {esc(c.error)}</p>'
    items = (c.result or {}).get("feedback") or []
    if not items:
        return "<p>No feedback: every choice was inside its processing window.</p>"
    lis = "".join(
        f'<li><span class="sev sev-{esc(f.get("severity", "info"))}">'
        f'{esc(f.get("severity", ""))}</span> <span class="muted">{esc(f.get("step", ""))}'
        f"</span> {esc(f.get('message', ''))}</li>" for f in items)
    return f'<ul class="feedback" data-field="feedback" data-count="{len(items)}">{lis}</ul>'


def _gcpl(c: CellRow) -> str:
    g = c.gcpl
    if not g:
        return '<p class="muted">No GCPL curve (the cell could not be evaluated).</p>'
    series = [svg.Series(name, tuple(zip(g[name]["capacity_mah"], g[name]["voltage_v"],
                                         strict=False)), color)
              for name, color in (("charge", "#D55E00"), ("discharge", "#0072B2"))
              if g.get(name)]
    rate = g.get("c_rate")
    title = f"GCPL of {_label(c)}" + (f" at {rate:g} C" if isinstance(rate, int | float) else "")
    return svg.curve_plot(series, title=title, x_label="capacity [mAh]", y_label="voltage [V]",
                          width=560, height=300)


def _steps(c: CellRow) -> str:
    if not c.steps_known:
        note = ('<p class="muted">The steps of this cell are not in the log this digest was '
                "made from (the cell was deposited before the first state the log holds).</p>")
        return note + _steps_table(c)
    return _steps_table(c)


def _steps_table(c: CellRow) -> str:
    head = ("<tr><th>#</th><th>Part</th><th>Step</th><th>Machine</th><th>Settings</th>"
            '<th>Gives</th><th>By</th><th class="num">Sim start</th>'
            '<th class="num">Sim end</th><th>Started</th><th>Finished</th></tr>')
    rows = []
    for i, s in enumerate(c.steps, 1):
        rows.append(
            f'<tr data-step="{esc(s.step)}"><td class="num">{i}</td><td>{esc(s.part)}</td>'
            f"<td>{esc(s.step.replace('_', ' '))}</td><td>{esc(s.machine)}</td>"
            f'<td class="set">{esc(", ".join(s.settings)) or MISSING}</td>'
            f'<td class="set muted">{esc(", ".join(s.outputs)) or MISSING}</td>'
            f"<td>{esc(s.by)}</td><td class=\"num\">{hms(s.start_sim_s)}</td>"
            f'<td class="num">{hms(s.end_sim_s)}</td><td>{when(s.start_at)}</td>'
            f"<td>{when(s.end_at)}</td></tr>")
    return (f'<table class="steps"><caption class="muted">sim times in h:mm:ss since the room '
            f"started; wall-clock times from the log</caption>{head}{''.join(rows)}</table>")


def _cell(c: CellRow) -> str:
    return (f'<section class="cell" id="cell-{c.index}" data-cell="{c.index}" '
            f'data-serial="{esc(c.serial or "")}"><h2><span class="swatch" style="background:'
            f'{_color(c)}"></span>{esc(_label(c))}</h2>'
            f'<div class="cols"><div>{_facts(c)}</div><div>{_figures(c)}</div></div>'
            f"<h3>Feedback</h3>{_feedback(c)}<h3>Charge and discharge (GCPL)</h3>{_gcpl(c)}"
            f"<h3>Steps</h3>{_steps(c)}</section>")


# --- the page -------------------------------------------------------------------------------
def _room(d: Digest) -> str:
    books = "".join(f"<li>{esc(t)}</li>" for t in d.notebooks if t)
    found = [(t, w) for t, w in d.eggs if w is not None]
    eggs = ", ".join(f"{esc(t)} ({esc(w)})" for t, w in found) or "none"
    return (f"<p>Notebooks:</p><ul>{books or '<li>none</li>'}</ul>"
            f"<p>Easter eggs found: {len(found)} of {len(d.eggs)}: {eggs}</p>")


def render(d: Digest) -> str:
    """The whole page."""
    tested = d.cells
    if tested:
        cells_part = (_comparison(tested) + _overview_table(tested)
                      + "".join(_cell(c) for c in tested))
    else:
        cells_part = '<p class="empty">No tested cell in this room yet.</p>'
    notes = "".join(f"<p>{esc(n)}</p>" for n in d.notes)
    zone = time.strftime("%z", time.localtime(d.generated_at_s))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Digest of {esc(d.room)}</title><style>{CSS}</style></head><body>"
        f"<header><h1>Digest of room {esc(d.room)}</h1>"
        f'<p class="muted">Made {when(d.generated_at_s)} (local time, UTC{zone}); '
        f"sim time of the room {hms(d.sim_now_s)}; "
        f'<span data-field="cell_count">{len(tested)}</span> tested cell'
        f"{'' if len(tested) == 1 else 's'}.</p></header>"
        f"<h2>All tested cells</h2>{cells_part}"
        f"<h2>Per-student summary</h2>{_people(d.people)}"
        f"<h2>The room</h2>{_room(d)}"
        "<footer><p>Who: names come from the log's join records and the room's users, so "
        "people who left are still named. When: wall-clock times are those of the logged "
        "actions that started and finished each run (a start, or the time skip that ended "
        "it); “—” means the log has no time for it.</p>"
        f"{notes}</footer></body></html>\n")
