"""The few non-arithmetic operations the equations need, for floats and for numpy arrays.

Every equation is written with ``+ - * /`` and these, so one code path serves a single cell
(fast, pure Python floats) and a design sweep (numpy arrays).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np


class ScalarOps:
    """Operations on Python floats."""

    @staticmethod
    def exp(x: float) -> float:
        return math.exp(x) if x < 700.0 else math.inf

    @staticmethod
    def minimum(a: float, b: float) -> float:
        return a if a < b else b

    @staticmethod
    def maximum(a: float, b: float) -> float:
        return a if a > b else b

    @staticmethod
    def where(cond: bool, a: Any, b: Any) -> Any:
        return a if cond else b

    @staticmethod
    def abs(x: float) -> float:
        return x if x >= 0 else -x


class ArrayOps:
    """Operations on numpy arrays (broadcasting)."""

    exp = staticmethod(lambda x: np.exp(np.minimum(x, 700.0)))
    minimum = staticmethod(np.minimum)
    maximum = staticmethod(np.maximum)
    where = staticmethod(np.where)
    abs = staticmethod(np.abs)


SCALAR = ScalarOps()
ARRAY = ArrayOps()
