"""Shared fixtures: the example cell specs."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CELLS = ROOT / "recipes" / "cells"


def load_cell(name: str) -> dict:
    """A fresh copy of an example spec from recipes/cells."""
    return copy.deepcopy(yaml.safe_load((CELLS / f"{name}.yaml").read_text()))


@pytest.fixture
def full_spec() -> dict:
    return load_cell("nmc622_graphite_full")


@pytest.fixture
def half_spec() -> dict:
    return load_cell("lfp_li_half")


@pytest.fixture
def symmetric_spec() -> dict:
    return load_cell("graphite_symmetric")
