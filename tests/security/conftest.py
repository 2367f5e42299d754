"""Security tests: hostile seats, hostile YAML, slow clients. Shares the runtime test helpers."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "runtime"))
