"""``//! include: other.owm``: build a map as changes over another one.

The included file's statements take the place of the directive. A statement of the
including file then *replaces* an included statement with the same identity, where it
stood, and anything else is added at the end. Identities:

- a component, submap or anchor: its name (case and spacing ignored, as links match);
- a link: its two ends; an ``evolve``: the component it moves; a pipeline, an
  accelerator, a url: its name; an annotation: its number;
- ``title``, ``style``, ``size``, ``evolution``, ``valuechain``, ``annotations``: there
  is one of each.

Notes, comments and blank lines are always added. Paths are relative to the including
file and may not leave its folder (no ``..``, no absolute paths), and a file may not
include itself, directly or through others.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Diagnostic
from ..model import elements as el
from ..model.base import Span
from ..model.map import WardleyMap, normalize_name
from .lexer import NotText, decode, normalize_newlines
from .parser import parse

__all__ = ["identity", "included_files", "resolve_includes"]

_SINGLETONS = frozenset({"title", "style", "size", "evolution", "valuechain", "annotations"})
MAX_DEPTH = 16
MAX_FILES = 1000
"""``included_files`` stops following includes after this many files (a safety net)."""


def identity(element: Any) -> tuple[str, ...] | None:
    """What makes ``element`` the same statement in two files, or ``None``."""
    kind = element.kind
    if kind in _SINGLETONS:
        return (kind,)
    if kind in ("component", "submap", "anchor"):
        return ("node", normalize_name(element.name))
    if kind == "link":
        return ("link", normalize_name(element.start), normalize_name(element.end))
    if kind in ("evolve", "pipeline", "accelerator", "url"):
        return (kind, normalize_name(element.name))
    if kind == "annotation":
        return ("annotation", str(element.number))
    return None


@dataclass
class _Context:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    stack: list[Path] = field(default_factory=list)


def resolve_includes(
    m: WardleyMap, *, base: Path, file: str | None, diagnostics: list[Diagnostic]
) -> WardleyMap:
    """``m`` with every include replaced by the included file's statements.

    Parameters
    ----------
    m
        A map as parsed (it may hold :class:`~wardleyml.model.Include` elements).
    base
        The folder of the file ``m`` was read from (the current folder for text).
    file
        The file ``m`` was read from, to detect a file including itself.
    diagnostics
        Problems (missing files, cycles, errors inside included files) are appended.
    """
    if not any(isinstance(e, el.Include) for e in m.elements):
        return m
    context = _Context(diagnostics=diagnostics)
    if file is not None:
        context.stack.append(Path(file).resolve())
    elements = _expand(list(m.elements), base, context)
    return WardleyMap.model_construct(elements=tuple(elements))


def included_files(path: str | os.PathLike[str], text: str | None = None) -> tuple[Path, ...]:
    """Every file the map at ``path`` includes, directly or through other included files.

    What a watcher or a documentation build must watch to know when the picture of
    the map changes. Paths are absolute with links resolved, in the order they are
    first met. A file that does not exist (yet) is listed too, since creating it
    changes the map; one that cannot be read is listed but not followed.

    Parameters
    ----------
    path
        The map's file. Its own ``//! include:`` paths are relative to its folder.
    text
        The map's text, when it is not (or not yet) what the file holds, e.g. a map
        written inside a document, with the document as ``path``.
    """
    start = Path(os.path.realpath(path))
    found: list[Path] = []
    followed = {start}
    todo: list[tuple[Path, str | None]] = [(start, text)]
    while todo and len(followed) < MAX_FILES:
        current, body = todo.pop()
        if body is None:
            try:
                body = decode(current.read_bytes())
            except (OSError, NotText):
                continue
        parsed, _ = parse(normalize_newlines(body), file=str(current))
        for element in parsed.elements:
            if not isinstance(element, el.Include):
                continue
            target = Path(os.path.realpath(current.parent / element.path))
            if target not in found:
                found.append(target)
            if target not in followed:
                followed.add(target)
                todo.append((target, None))
    return tuple(found)


def _expand(elements: list[Any], base: Path, context: _Context) -> list[Any]:
    out: list[Any] = []
    included: dict[tuple[str, ...], int] = {}  # identity -> index in out, included only
    for element in elements:
        if isinstance(element, el.Include):
            for child in _include(element, base, context):
                key = identity(child)
                if key is not None and key not in included:
                    included[key] = len(out)
                out.append(child)
            continue
        key = identity(element)
        if key is not None and key in included:
            out[included.pop(key)] = element
            continue
        out.append(element)
    return out


def _include(include: el.Include, base: Path, context: _Context) -> list[Any]:
    span = include.span
    relative = include.path
    target = (base / relative).resolve()
    problem = None
    hint = None
    if os.path.isabs(relative) or not _inside(target, base.resolve()):
        problem = f"cannot include {relative!r}: it is outside the folder of the including file"
        hint = "move the shared map into this folder (or a folder below it)"
    elif target in context.stack:
        chain = " -> ".join(p.name for p in (*context.stack, target))
        problem = f"circular include: {chain}"
        hint = "a map cannot include itself, directly or through another map"
    elif len(context.stack) >= MAX_DEPTH:
        problem = f"includes are nested more than {MAX_DEPTH} deep"
    elif target.is_dir():
        problem = f"cannot include {relative!r}: it is a folder, not a map file"
    elif not target.is_file():
        problem = f"cannot include {relative!r}: no such file"
        hint = f"looked for {target}"
    if problem is None:
        try:
            text = decode(target.read_bytes())
        except NotText as exc:
            problem = f"cannot include {relative!r}: {exc}"
        except OSError as exc:
            problem = f"cannot include {relative!r}: {exc.strerror or exc}"
    if problem is not None:
        context.diagnostics.append(_diagnostic(span, "bad-include", problem, hint))
        return []
    name = _display_path(target, span)
    child, found = parse(text, file=name)
    context.diagnostics.extend(found)
    context.stack.append(target)
    try:
        return _expand(list(child.elements), target.parent, context)
    finally:
        context.stack.pop()


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def _display_path(target: Path, span: Span | None) -> str:
    """The included file's name as diagnostics show it: relative to where we run."""
    try:
        return os.path.relpath(target)
    except ValueError:  # pragma: no cover - another drive on Windows
        return str(target)


def _diagnostic(span: Span | None, code: str, message: str, hint: str | None) -> Diagnostic:
    return Diagnostic(
        severity="error",
        code=code,
        message=message,
        line=span.line if span else 0,
        column=span.column if span else 1,
        file=span.file if span else None,
        hint=hint,
        source_line=span.source_line if span else None,
    )
