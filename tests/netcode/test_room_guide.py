"""Guided mode is the lecture host's room setting: seats follow the host's recipe."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from mesh_helpers import REPO, hosting, seat
from runtime_helpers import async_test

from netcode.messages import SIGNAL, check, guide_lines
from netcode.seat import RemoteAuthority
from scripts_py.recipes.load import load_recipe, read_recipe_text
from scripts_py.room.limits import RECIPE_FILE_MAX_CHARS
from scripts_py.wire import WireError, decode_frame

pytestmark = pytest.mark.slow  # real aiortc peer connections

CLASSIC = REPO / "recipes" / "nmc622_graphite_full.yaml"
HALF = REPO / "recipes" / "lfp_li_half.yaml"


@async_test
async def test_seats_show_the_hosts_recipe_unless_the_student_turns_it_off(tmp_path: Path
                                                                          ) -> None:
    half = load_recipe(HALF)
    async with hosting(tmp_path, guide_recipe=half) as host:
        ada, ben = seat(host, "Ada"), seat(host, "Ben")
        ben.guide = False
        await ada.connect()
        await ben.connect()
        try:
            assert ada.projector.guide_recipe is not None
            assert ada.projector.guide_recipe.title == half.title  # the host's, not the seat's
            assert ada.projector.guide_recipe.steps == half.steps
            ada_guide = ada.view(ada.room_id)["guide"]
            step = ada_guide[ada.user_id]
            assert step["step"] == 1 and step["hint"] == " ".join(half.steps[0].hint.split())
            assert ada.state["machines"][step["machine"]]["type"] == half.steps[0].machine
            assert ben.projector.guide_recipe is None and ben.view(ben.room_id)["guide"] == {}
        finally:
            await ada.aclose()
            await ben.aclose()


@async_test
async def test_a_host_without_guide_gives_no_guide(tmp_path: Path) -> None:
    async with hosting(tmp_path) as host:
        ada = seat(host, "Ada")
        await ada.connect()
        try:
            assert ada.projector.guide_recipe is None
            assert ada.view(ada.room_id)["guide"] == {}
        finally:
            await ada.aclose()


def test_a_broken_or_oversized_guide_from_a_host_is_refused_not_trusted() -> None:
    classic = load_recipe(CLASSIC)
    lines = guide_lines(classic.text)
    welcome = {"t": "welcome", "user": "u1", "room": "room-1", "guide": lines}
    frame = json.dumps(welcome)
    assert check(SIGNAL, decode_frame(frame))["guide"] == lines  # what a seat receives
    for bad in (["x" * 5000], ["a"] * 600, ["title: a\x00b"], "title: x"):
        with pytest.raises(WireError):
            check(SIGNAL, {**welcome, "guide": bad})
    with pytest.raises(ValueError, match="lines"):
        guide_lines("a\n" * 600)
    too_long = "x" * (RECIPE_FILE_MAX_CHARS + 1)
    assert read_recipe_text(too_long, "host", max_chars=RECIPE_FILE_MAX_CHARS)[1]
    with pytest.raises(ValueError, match="KiB"):
        guide_lines("é" * 9000)  # fits the characters, not the frame once escaped
    student = RemoteAuthority("127.0.0.1:1", code="c", key="k" * 24, name="Ada", avatar="a")
    broken = classic.text.replace("title:", "title: [unclosed", 1)
    assert student._room_guide(broken) is None  # a broken recipe: no guide, no crash
    assert student._room_guide("steps: 3\n") is None
    assert student._room_guide("") is None
    assert student._room_guide(classic.text).steps == classic.steps
