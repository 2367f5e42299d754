"""The wire layer: everything that arrives from another process passes here first.

``frame`` parses one JSON frame within bounds (size, depth, numbers, Unicode); ``fields``
checks it field by field against a schema and returns only the validated fields. Nothing
downstream (the runtime, the reducer, a broadcast) sees a value that did not pass both.
"""

from scripts_py.wire.errors import WireError
from scripts_py.wire.frame import check_tree, decode_frame

__all__ = ["WireError", "check_tree", "decode_frame"]
