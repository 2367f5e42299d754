"""Fixtures of the pilot-line tests (helpers live in ``line_helpers``)."""

from __future__ import annotations

import pytest
from line_helpers import Room


@pytest.fixture
def room() -> Room:
    """A fresh room with students ana and ben, instructor iris and observer olga."""
    r = Room()
    for user, role in (("ana", "student"), ("ben", "student"), ("iris", "instructor"),
                       ("olga", "observer")):
        r.join(user, role)
    return r
