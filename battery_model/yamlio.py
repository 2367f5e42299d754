"""The one YAML loader: plain data only, bounded, and the line of every field for errors.

The text is composed once into PyYAML's node tree by :class:`_Composer`, which bounds the
nesting depth and the number of values, aliases expanded, *while* composing: each anchored node
remembers its expanded size, so an alias adds that size in O(1) and an alias bomb is refused at
the alias that crosses the budget, before anything expands it. One walk then builds the data and
the line map, refusing duplicate keys, non-scalar and merge keys, tags other than plain YAML
data, integers of more than 18 digits and non-finite floats. Every refusal is a
:class:`SpecError` naming the file, line and dotted field.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from battery_model.errors import SpecError, shown
from battery_model.textfile import read_text

LineMap = dict[tuple[str | int, ...], int]
FieldPath = tuple[Any, ...]

MAX_DEPTH = 32  # nesting levels of a document, aliases expanded
MAX_NODES = 10_000  # values of a document, aliases expanded (the largest data file: ~1,200)
MAX_INT_DIGITS = 18
MAX_KEY_CHARS = 200

_T = "tag:yaml.org,2002:"
_STR, _NULL, _BOOL, _INT, _FLOAT = (_T + t for t in ("str", "null", "bool", "int", "float"))
_TEXT_TAGS = frozenset({_T + "timestamp", _T + "value"})  # dates and '=' stay text
_SIZE = "_bmm_size"  # attribute of a composed node: its node count, aliases expanded
_HEIGHT = "_bmm_height"  # and its nesting levels


def _dotted(path: FieldPath) -> str:
    return ".".join(str(p) for p in path) or "(yaml)"


class _Composer(yaml.SafeLoader):
    """Composes the node tree only, bounding nesting depth and alias expansion as it goes."""

    def __init__(self, text: str, file: str) -> None:
        super().__init__(text)
        self.file = file
        self.path: list[Any] = []  # keys/indexes of the nodes being composed
        self.nodes = 0  # nodes of the document so far, aliases expanded
        self.deepest = 0  # deepest level reached inside the node being composed

    def _refuse(self, message: str, mark: yaml.Mark | None) -> SpecError:
        where = [p for p in self.path if p is not None]
        return SpecError(_dotted(tuple(where)), message, file=self.file,
                         line=None if mark is None else mark.line + 1)

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        """PyYAML's, bounded: refuse deep nesting, recursive aliases and alias bombs."""
        depth = len(self.path) + 1
        event = self.peek_event()
        is_key = isinstance(parent, MappingNode) and index is None
        if isinstance(event, yaml.AliasEvent):
            node = super().compose_node(parent, index)
            if is_key and not isinstance(node, ScalarNode):
                raise self._refuse(f"the alias *{event.anchor} is a list or mapping: a key "
                                   "must be a name or number", event.start_mark)
            return self._alias(node, event, depth)
        if depth > MAX_DEPTH:
            raise self._refuse(f"nests deeper than {MAX_DEPTH} levels", event.start_mark)
        self.path.append(_step(parent, index))
        outer_deepest, self.deepest = self.deepest, depth
        before = self.nodes
        self.nodes += 1
        try:
            if self.nodes > MAX_NODES:
                raise self._refuse(f"the document holds more than {MAX_NODES:,} values: "
                                   "content files are far smaller", event.start_mark)
            node = super().compose_node(parent, index)
        finally:
            self.path.pop()
        if is_key and not isinstance(node, ScalarNode):
            raise self._refuse("a key must be a name or number, not a list or mapping",
                               event.start_mark)
        if event.anchor is not None:  # a node aliases may refer to: remember its size
            setattr(node, _SIZE, self.nodes - before)
            setattr(node, _HEIGHT, self.deepest - depth + 1)
        self.deepest = max(outer_deepest, self.deepest)
        return node

    def _alias(self, node: Node, event: yaml.Event, depth: int) -> Node:
        size = getattr(node, _SIZE, None)
        if size is None:
            raise self._refuse(f"the alias *{event.anchor} is inside its own anchor (a "
                               "recursive structure)", event.start_mark)
        self.nodes += size
        if self.nodes > MAX_NODES:
            raise self._refuse(f"the aliases expand to more than {MAX_NODES:,} values (at "
                               f"*{event.anchor}): an alias bomb? Write the data out",
                               event.start_mark)
        reach = depth + getattr(node, _HEIGHT) - 1
        if reach > MAX_DEPTH:
            raise self._refuse(f"the alias *{event.anchor} nests deeper than {MAX_DEPTH} "
                               "levels", event.start_mark)
        self.deepest = max(self.deepest, reach)
        return node


def _step(parent: Node | None, index: Any) -> Any:
    """The path step of a node being composed: None for the document and for mapping keys."""
    if parent is None or index is None:
        return None
    if isinstance(index, ScalarNode):
        return index.value
    return index if isinstance(index, int) else "?"


class _Builder:
    """Builds plain Python data and the line map from a composed node tree, in one walk."""

    def __init__(self, loader: _Composer) -> None:
        self.loader = loader
        self.lines: LineMap = {}

    def refuse(self, path: FieldPath, message: str, node: Node) -> SpecError:
        return SpecError(_dotted(path), message, file=self.loader.file,
                         line=node.start_mark.line + 1)

    def bad_tag(self, path: FieldPath, node: Node) -> SpecError:
        tag = node.tag.replace(_T, "!!", 1)
        return self.refuse(path, f"the tag {shown(tag)} is not allowed: plain YAML data only "
                           "(text, numbers, true/false, null, lists and mappings)", node)

    def build(self, node: Node, path: FieldPath) -> Any:
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, ScalarNode):
            return self.scalar(node, path)
        if isinstance(node, SequenceNode):
            if node.tag != _T + "seq":
                raise self.bad_tag(path, node)
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        if node.tag != _T + "map":
            raise self.bad_tag(path, node)
        return self.mapping(node, path)

    def mapping(self, node: MappingNode, path: FieldPath) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            assert isinstance(key_node, ScalarNode)  # the composer refused other keys
            if key_node.tag == _T + "merge":
                raise self.refuse(path, "merge keys (<<) are not supported: write the "
                                  "fields out", key_node)
            key = self.scalar(key_node, path)
            if isinstance(key, str) and len(key) > MAX_KEY_CHARS:
                raise self.refuse(path, f"a key of {len(key)} characters: keys are names of "
                                  f"at most {MAX_KEY_CHARS}", key_node)
            line = key_node.start_mark.line + 1
            child = (*path, key)
            if key in first_line:
                raise self.refuse(child, f"is given twice (lines {first_line[key]} and "
                                  f"{line}): delete one", key_node)
            first_line[key] = line
            out[key] = self.build(value_node, child)
            self.lines[child] = line
        return out

    def scalar(self, node: ScalarNode, path: FieldPath) -> Any:
        tag, value = node.tag, node.value
        if tag == _STR or tag in _TEXT_TAGS:
            if node.style == '"' and not value.isascii():
                try:
                    value.encode("utf-8")
                except UnicodeEncodeError as exc:
                    raise self.refuse(path, "holds a lone surrogate (a \\u escape of "
                                      f"character {exc.start + 1}): not valid Unicode",
                                      node) from None
            return value
        if tag == _NULL:
            return None
        if tag == _INT:
            return self.integer(node, path)
        if tag not in (_BOOL, _FLOAT):
            raise self.bad_tag(path, node)
        try:
            if tag == _BOOL:
                return self.loader.construct_yaml_bool(node)
            number = self.loader.construct_yaml_float(node)
        except (ArithmeticError, LookupError, ValueError):  # an explicit tag on other text
            raise self.refuse(path, f"{shown(value)} is not a valid {tag[len(_T):]}",
                              node) from None
        if not math.isfinite(number):
            raise self.refuse(path, f"{shown(value)} is not a finite number", node)
        return number

    def integer(self, node: ScalarNode, path: FieldPath) -> int:
        digits = node.value.replace("_", "").lstrip("+-")
        number = None
        if len(digits) <= MAX_INT_DIGITS + 2:  # room for a 0x prefix
            try:
                number = self.loader.construct_yaml_int(node)
            except (LookupError, ValueError):  # an explicit !!int on other text
                raise self.refuse(path, f"{shown(node.value)} is not a valid int",
                                  node) from None
        if number is None or abs(number) >= 10 ** MAX_INT_DIGITS:
            raise self.refuse(path, f"the integer {shown(node.value)} has more than "
                              f"{MAX_INT_DIGITS} digits", node)
        return number


def _yaml_error(exc: yaml.YAMLError, text: str, file: str) -> SpecError:
    """PyYAML's error as a :class:`SpecError` at its line."""
    if isinstance(exc, yaml.reader.ReaderError):  # a character YAML does not allow
        line = text.count("\n", 0, exc.position) + 1
        return SpecError("(yaml)", f"the character {chr(exc.character)!r} is not allowed in "
                         "YAML text", file=file, line=line)
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
    if context:
        at = f" (line {context_mark.line + 1})" if context_mark is not None else ""
        problem = f"{context}{at}: {problem}"
    return SpecError("(yaml)", f"not valid YAML: {problem}", file=file,
                     line=mark.line + 1 if mark is not None else None)


def load_yaml_text(text: str, file: str = "<string>") -> tuple[Any, LineMap]:
    """Parse YAML text into plain data and map each field path to its line [1-based].

    Raises
    ------
    SpecError
        For invalid YAML or anything this loader refuses (see the module's docstring).
    """
    try:
        loader = _Composer(text, file)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, text, file) from None
    if node is None:  # an empty document: errors about it point at line 1
        return None, {(): 1}
    builder = _Builder(loader)
    return builder.build(node, ()), builder.lines


def load_yaml_file(path: str | Path) -> tuple[Any, LineMap]:
    """Read a UTF-8 YAML file (at most 1 MiB) and parse it; see :func:`load_yaml_text`."""
    p = Path(path)
    return load_yaml_text(read_text(p), str(p))


def line_of(lines: LineMap, field: str) -> int | None:
    """Line of a dotted field path (``a.b.0.c``), or of its nearest parent present."""
    parts: list[str | int] = [int(p) if p.isdigit() else p for p in field.split(".") if p]
    while parts:
        found = lines.get(tuple(parts))
        if found is not None:
            return found
        parts.pop()
    return lines.get(())
