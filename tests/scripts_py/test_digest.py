"""The instructor's digest: figures, names, times, offline and escaped, and its command line."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from typing import Any

import pytest
from line_helpers import ROOT, recipe

from battery_model import evaluate_cell
from scripts_py import apply, initial_state
from scripts_py.digest import build_digest
from scripts_py.digest.__main__ import main as digest_main
from scripts_py.line import cellspec
from scripts_py.persistence import RoomStore
from scripts_py.recipes.driver import Student, run_step
from scripts_py.reducer import accepted

ANA, BEN, EVE = "u-7f3a9c", "u-1b2c3d", "u-e5e5e5"
HOSTILE = "<script>alert(1)</script>"
T0_S = 1_760_000_000.0  # wall clock of log row 0 [s since the epoch]
ROW_S = 60.0  # one log row a minute
OLD_ROWS = 2  # the first rows have no time (as in a file from before times were kept)
VOID = {"meta", "br", "hr", "img", "input", "link", "col", "wbr", "source", "area", "base"}


def _fill(store: RoomStore, intents: list[dict[str, Any]]) -> None:
    for intent in intents:
        events = store.submit({**intent, "base_version": store.state["version"]})
        assert events[0]["type"] == "accepted", events


def _host(store: RoomStore, **intent: Any) -> None:
    _fill(store, [{"sender": "host", **intent}])


def _build(store: RoomStore, recipe_name: str, user: str, *, skip_last: bool = False) -> None:
    """``user`` follows a shipped recipe in the store's room."""
    student = Student(store.state, user=user, join=False)
    steps = recipe(recipe_name).steps
    batches: dict[str, str] = {}
    for step in steps[:-1] if skip_last else steps:
        run_step(student, step, batches)
    _fill(store, student.intents)


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> RoomStore:
    """Ana builds and deposits the classic full cell, Ben a half cell, Ana a second full cell
    she leaves untested-deposited on the bench; then Ana leaves. Eve only joins."""
    store = RoomStore(tmp_path_factory.mktemp("digest") / "host.db", "room-1")
    _host(store, type="join", user=ANA, name="Ana", role="student")
    _host(store, type="join", user=BEN, name="Ben", role="student")
    _host(store, type="join", user=EVE, name=HOSTILE, role="student")
    _host(store, type="write_notebook", index=0, text="Read me", title=HOSTILE)
    _build(store, "nmc622_graphite_full", ANA)
    _build(store, "lfp_li_half", BEN)
    _build(store, "nmc622_graphite_full", ANA, skip_last=True)
    _host(store, type="leave", user=ANA)
    store.db.execute("UPDATE log SET at = ? + ? * seq", (T0_S, ROW_S))
    store.db.execute("UPDATE log SET at = NULL WHERE seq <= ?", (OLD_ROWS,))
    return store


@pytest.fixture(scope="module")
def page(room: RoomStore) -> str:
    html = build_digest("room-1", room.state, room.journal(), generated_at_s=T0_S + 1e5,
                        initial=room.initial())
    out = ROOT / "test-artifacts" / "digest_example.html"
    out.parent.mkdir(exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return html


class _Page(HTMLParser):
    """Checks nesting and gathers each cell section's fields and facts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.cells: dict[str, dict[str, Any]] = {}
        self.cell: dict[str, Any] | None = None
        self.field: str | None = None
        self.fact: str | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag not in VOID:
            self.open.append(tag)
        if tag == "section" and "data-serial" in a:
            self.cell = self.cells.setdefault(str(a["data-serial"]),
                                              {"fields": {}, "facts": {}, "steps": []})
        if self.cell is None:
            return
        if "data-field" in a:
            self.field, self.text = str(a["data-field"]), []
            if a.get("data-count") is not None:
                self.cell["fields"]["feedback"] = int(str(a["data-count"]))
                self.field = None
        if tag == "tr" and a.get("data-fact"):
            self.fact = str(a["data-fact"])
        if tag == "tr" and a.get("data-step"):
            self.cell["steps"].append(str(a["data-step"]))
        if tag == "time" and self.fact:
            self.cell["facts"].setdefault(self.fact, []).append(a["datetime"])

    def handle_data(self, data: str) -> None:
        if self.field:
            self.text.append(data)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, (tag, self.open[-5:])
        self.open.pop()
        if self.cell is not None and self.field and tag == "td":
            self.cell["fields"][self.field] = "".join(self.text)
            self.field = None
        if tag == "tr":
            self.fact = None
        if tag == "section":
            self.cell = None


def _parse(html: str) -> _Page:
    parser = _Page()
    parser.feed(html)
    parser.close()
    assert parser.open == [], parser.open
    return parser


def _assert_offline(html: str) -> None:
    low = html.lower()
    for bad in ("http://", "https://", "src=", "<link", "@import", "url(", "<script",
                "<iframe", "<object", "<embed", "//cdn"):
        assert bad not in low, bad
    svgs = re.findall(r"<svg\b.*?</svg>", html, flags=re.S)
    for one in svgs:
        ET.fromstring(one)  # well-formed XML
    assert html.startswith("<!DOCTYPE html>")


def _tested_at(room: RoomStore) -> dict[str, float]:
    """Serial → wall clock of the log row whose replay finished the cell's potentiostat run."""
    state, found = room.initial(), {}
    for _, kind, body, at in room.journal():
        assert kind == "intent"
        after, events = apply(state, body)
        assert accepted(events)
        for ev in events:
            if ev["type"] == "run_finished" and ev["machine"] == "potentiostat":
                found[after["items"][ev["item"]]["data"]["serial"]] = at
        state = after
    return found


def _specs(room: RoomStore) -> dict[str, dict[str, Any]]:
    """Serial → cell spec: deposited as the potentiostat stored it, live rebuilt from history."""
    specs = {d["serial"]: d["spec"] for d in room.state["deposits"]}
    for item in room.state["items"].values():
        if item["kind"] == "tested_cell":
            spec = cellspec.cell_spec(item, room.state["items"])
            assert spec == item["data"]["spec"]
            specs[item["data"]["serial"]] = spec
    return specs


def _same(printed: str, value: float) -> None:
    decimals = len(printed.split(".")[1]) if "." in printed else 0
    assert printed == f"{value:.{decimals}f}", (printed, value)


def test_figures_match_the_model(room, page):
    cells = _parse(page).cells
    specs = _specs(room)
    assert len(specs) == 3 and set(cells) == set(specs)
    for serial, spec in specs.items():
        model = evaluate_cell(spec).to_dict()
        f = cells[serial]["fields"]
        _same(f["wh_kg"], model["energy_density_wh_kg"])
        _same(f["wh"], model["energy_wh"])
        _same(f["mah"], model["capacity_mah"])
        _same(f["n_p"], model["n_p_ratio"])
        for side, key in (("pos", "positive"), ("neg", "negative")):
            _same(f[f"{side}_loading"], model[key]["am_mass_loading_mg_cm2"])
            _same(f[f"{side}_porosity"], model[key]["porosity"])
        assert f["feedback"] >= len(model["feedback"])
    assert 'data-field="cell_count">3<' in page


def test_every_step_is_listed_with_when(room, page):
    cells = _parse(page).cells
    tested = _tested_at(room)
    deposited = {d["serial"] for d in room.state["deposits"]}
    for serial, cell in cells.items():
        steps = cell["steps"]
        assert steps[0] == "dispensing" and "winding" in steps and "testing" in steps
        assert ("deposit" in steps) == (serial in deposited)
        when = cell["facts"]["tested"]
        assert when == [time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(tested[serial]))]
    coatings = sorted(c["steps"].count("coating") for c in cells.values())
    assert coatings == [2, 4, 4]  # the half cell's negative is Li metal from the shelf
    assert "Cell #1 (Ana)" in page and "Cell #1 (Ben)" in page


def test_names_not_ids_even_after_leaving(room, page):
    assert ANA not in room.state["users"]
    for user_id in (ANA, BEN, EVE):
        assert user_id not in page
    assert "pot-0" not in page and "li-0" not in page
    people = re.findall(r'<tr data-person="([^"]*)">', page)
    assert people == ["Ana", "Ben", "&lt;script&gt;alert(1)&lt;/script&gt;"]
    ana = page.split('<tr data-person="Ana">')[1].split("</tr>")[0]
    assert ana.count("<time") == 1 and "—" in ana  # joined in an old row, left with a time
    assert "someone who left" not in page


def test_offline_parses_and_escapes(page):
    _assert_offline(page)
    assert len(re.findall(r"<svg\b", page)) == 2 + 3  # comparison + bars, one GCPL per cell
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 2  # a name and a title


def test_hostile_room_name_and_unknown_people(room):
    journal = [row for row in room.journal() if row[0] > 10]  # the joins are lost
    html = build_digest(HOSTILE, room.state, journal, generated_at_s=T0_S)
    _assert_offline(html)
    cells = _parse(html).cells
    assert len(cells) == 3
    for user_id in (ANA, BEN, EVE):
        assert user_id not in html
    assert "someone who left" in html  # Ana: no join row left, no longer in the room
    assert "Ben" in html and "not in the log" in html  # deposited cells: figures, no steps


def test_times_survive_save_reset_and_load(tmp_path, room, page):
    copy = RoomStore(tmp_path / "copy.db", "room-1", initial=room.initial())
    _fill(copy, [body for _, _, body, _ in room.journal()])
    copy.db.execute("UPDATE log SET at = ? + ? * seq", (T0_S, ROW_S))
    copy.save("end of class")
    copy.reset()
    copy.load("end of class")
    html = build_digest("room-1", copy.state, copy.journal(), generated_at_s=T0_S,
                        initial=copy.initial())
    before, after = _parse(page).cells, _parse(html).cells
    assert set(after) == set(before)
    for serial, cell in after.items():
        assert cell["facts"]["tested"] == before[serial]["facts"]["tested"]
        assert cell["steps"] == before[serial]["steps"]


def test_room_without_tested_cells():
    html = build_digest("empty", initial_state(), [], generated_at_s=T0_S)
    _assert_offline(html)
    _parse(html)
    assert "No tested cell in this room yet." in html and "<svg" not in html


def test_command_line_writes_and_refuses(room, tmp_path):
    out = tmp_path / "digest.html"
    done = subprocess.run([sys.executable, "-m", "bmm", "digest", room.path, "--room",
                           "room-1", "-o", str(out)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    html = out.read_text(encoding="utf-8")
    _assert_offline(html)
    assert "Ana" in html and ANA not in html
    refused = subprocess.run([sys.executable, "-m", "scripts_py.digest", room.path, "--room",
                              "room-9"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert refused.returncode == 2
    assert len(refused.stderr.strip().splitlines()) == 1 and "room-9" in refused.stderr
    missing = tmp_path / "nope.db"
    assert digest_main([str(missing)]) == 2 and not missing.exists()
    (tmp_path / "junk.db").write_text("not sqlite")
    assert digest_main([str(tmp_path / "junk.db"), "-o", str(tmp_path / "x.html")]) == 2
