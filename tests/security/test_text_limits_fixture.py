"""The Godot fit check reads the limits from a fixture written by Python: it must be current."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from scripts_py.room import limits

FIXTURES = Path(__file__).resolve().parents[1] / "godot" / "fixtures"


def _maker():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("make_text_limits",
                                                  FIXTURES / "make_text_limits.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_text_limits_fixture_is_current() -> None:
    maker = _maker()
    assert (FIXTURES / "text_limits.json").read_text(encoding="utf-8") == maker.render(), \
        "run: python tests/godot/fixtures/make_text_limits.py"


def test_fixture_texts_are_exactly_at_the_limits() -> None:
    fixture = _maker().fixture()
    book, egg = fixture["notebook"], fixture["egg"]
    assert len(book["title"]) == limits.NOTEBOOK_TITLE_MAX_CHARS
    assert len(book["text"]) <= limits.NOTEBOOK_TEXT_MAX_CHARS
    assert all(len(p) == limits.NOTEBOOK_PAGE_CHARS for p in book["text"].split("\n"))
    assert len(egg["title"]) == limits.EGG_TITLE_MAX_CHARS
    assert len(egg["message"]) == limits.EGG_MESSAGE_MAX_CHARS
    for text in (book["title"], egg["title"], egg["message"]):
        assert limits.text_problem(text, len(text)) is None
