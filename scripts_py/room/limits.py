"""Bounds on the texts a room holds, and the one check every text passes before it is kept.

The limits are what the game can show: a notebook page holds ``NOTEBOOK_PAGE_CHARS``
characters (``scenes/notebooks/notebook_view.gd`` pages at the same figure), an Easter egg's
panel holds its title and a message of ``EGG_MESSAGE_MAX_CHARS``. Texts come from YAML content
and, through the bridge, from seats; both are checked by :func:`text_problem`.
"""

from __future__ import annotations

import re
from typing import Any

USER_NAME_MAX_CHARS = 60
AVATAR_MAX_CHARS = 64
NOTEBOOK_TITLE_MAX_CHARS = 32  # one line of the page's title
NOTEBOOK_PAGE_CHARS = 520  # = CHARS_PER_PAGE of notebook_view.gd
NOTEBOOK_PAGES_MAX = 8
NOTEBOOK_TEXT_MAX_CHARS = (NOTEBOOK_PAGE_CHARS + 1) * NOTEBOOK_PAGES_MAX  # with line breaks
EGG_TITLE_MAX_CHARS = 60
EGG_WHERE_MAX_CHARS = 80
EGG_MESSAGE_MAX_CHARS = 400
EGGS_MAX = 32  # Easter eggs in one room
RECIPE_TITLE_MAX_CHARS = 80
RECIPE_TEXT_MAX_CHARS = 2000  # a recipe's description or one step's hint
RECIPE_FILE_MAX_CHARS = 32_000  # a whole recipe's YAML (the classic one: ~7,100)

_ALLOWED_CONTROLS = frozenset("\n\t")
_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f]")  # Unicode category Cc


def text_problem(value: Any, max_chars: int, *, multiline: bool = False) -> str | None:
    """Why ``value`` cannot be kept as a text of at most ``max_chars``, or None if it can.

    A text is a ``str`` of valid Unicode (no lone surrogates, which cannot be encoded as
    UTF-8), without control characters (newlines and tabs allowed when ``multiline``).
    """
    if not isinstance(value, str):
        return f"must be text, got {type(value).__name__}"
    if len(value) > max_chars:
        return f"is {len(value)} characters long; at most {max_chars} fit"
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            return f"is not valid Unicode (a lone surrogate at character {exc.start + 1})"
    allowed = _ALLOWED_CONTROLS if multiline else frozenset()
    for c in _CONTROL_RE.findall(value):
        if c not in allowed:
            return f"holds the control character {c!r}"
    return None


def paragraph_problem(text: str, page_chars: int = NOTEBOOK_PAGE_CHARS) -> str | None:
    """A notebook page breaks between paragraphs: none may be longer than a page."""
    for n, paragraph in enumerate(text.split("\n"), 1):
        if len(paragraph) > page_chars:
            return (f"paragraph {n} is {len(paragraph)} characters long; a page holds "
                    f"{page_chars}: start a new line within it")
    return None
