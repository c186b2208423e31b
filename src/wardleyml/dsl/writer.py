"""Write a map as canonical OWM text.

The output keeps the map's statement order, comments and single blank lines, and
normalises everything else: one statement per line, no indentation outside pipeline
blocks, ``[v, m]`` with the shortest numbers, the parts of a component in a fixed order,
the pre-2025 statements in their current form. Writing is idempotent, and
``loads(dumps(m)) == m`` for any map. Names are quoted only where the plain form would
read back differently, or where OWM would misread it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ..errors import WardleyError
from ..model import elements as el
from ..model.map import WardleyMap
from . import directives as dv
from .text import KEYWORDS, OWM_LINK_IGNORE, format_number, quote

__all__ = ["write"]

_INDENT = "  "
_DECORATOR_TAIL = re.compile(r"\(\s*[a-z ,]+\)\s*$")
_EVOLVE_NUMBER = re.compile(r"(^|\s)[+-]?(\d+\.?\d*|\.\d+)(\s|$)")
_LINK_OPS = ("->", "+>", "+<", "+'")


def write(m: WardleyMap) -> str:
    """The canonical OWM text of ``m``, ending with a newline (empty map: ``""``)."""
    lines: list[str] = []
    for element in m.elements:
        lines.extend(_element(element, ""))
    return "\n".join(lines) + "\n" if lines else ""


def _element(e: Any, indent: str) -> list[str]:
    kind = e.kind
    if kind == "blank":
        return [""]
    if kind == "comment":
        return [indent + _comment_line(e)]
    if kind == "unparsed":
        return [indent + e.text]
    if kind == "pipeline":
        return _pipeline(e, indent)
    if kind == "include":
        return [indent + _include(e)]
    writer = _WRITERS.get(kind)
    if writer is None:  # pragma: no cover - every kind has a writer
        raise WardleyError(f"cannot write a {kind!r} element")
    text = writer(e)
    return [indent + text + _trailer(e)]


def _comment_line(c: el.Comment) -> str:
    if c.block or "\n" in c.text:
        return "/*" + c.text.replace("*/", "* /") + "*/"
    return "//" + c.text


def _trailer(e: Any) -> str:
    """`` // comment`` and `` //! directives`` after a statement."""
    out = ""
    comment = getattr(e, "comment", None)
    if comment is not None:
        if "\n" in comment:
            out += " /* " + comment.replace("*/", "* /") + " */"
        else:
            out += " // " + comment if comment else " //"
    directive = _directive(e)
    if directive:
        out += " //! " + directive
    return out


def _directive(e: Any) -> str:
    pairs: list[str] = []
    kind = e.kind
    if kind in ("component", "submap"):
        if e.stage is not None:
            pairs.append("stage: " + dv.format_stage(e.stage))
        if e.color is not None:
            pairs.append("color: " + e.color)
        if e.display is not None:
            pairs.append("display: " + _directive_text(e.display))
    elif kind == "link" and e.style is not None:
        style = e.style
        value = dv.format_link_style(style.color, style.dash, style.width)
        if value:
            pairs.append("style: " + value)
    elif kind == "evolution":
        if any(stage.second is not None for stage in e.stages):
            seconds = [_arrow_text(stage.second or "") for stage in e.stages]
            pairs.append("sublabels: " + " -> ".join(seconds))
        if e.boundaries is not None:
            pairs.append("boundaries: " + ", ".join(format_number(b) for b in e.boundaries))
    return "; ".join(pairs)


# -- names and free text -----------------------------------------------------------------


def _unsafe(text: str) -> bool:
    """Characters that never survive unquoted in any position."""
    return (
        not text
        or text != text.strip()
        or text.startswith('"')
        or any(ch in text for ch in "\n\r\t")
        or _comment_slashes(text)
        or "/*" in text
        or "*/" in text
    )


_URL_SLASHES = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://[^\s\]),;\"'<>]*")


def _comment_slashes(text: str) -> bool:
    """``//`` that the reader would take for a comment (``http://x`` is not one)."""
    if "//" not in text:
        return False
    return "//" in _URL_SLASHES.sub("", text)


def _name(name: str, *, placed: bool) -> str:
    """A component-like name before its ``[v, m]``; ``placed``: coordinates follow."""
    if _unsafe(name) or any(ch in name for ch in "[]{}") or "  " in name:
        return quote(name)
    words = name.split()
    if words[-1] == "label":
        return quote(name)  # `X label [..]` reads as a label offset
    if not placed:
        if _DECORATOR_TAIL.search(name) or words[-1] == "inertia":
            return quote(name)
        if "evolve" in words or "url(" in name or "color(" in name or "colour(" in name:
            return quote(name)
    return name


def _link_end(name: str, *, first: bool) -> str:
    if _unsafe(name) or ";" in name or "[" in name or any(op in name for op in _LINK_OPS):
        return quote(name)
    if name[0] in "<>":
        return quote(name)  # after `+<` it would change the operator (`+<` + `>B`)
    if first:
        # OWM drops link lines starting with a keyword (no word boundary), and we read a
        # keyword and a space as a statement: quote such starts.
        word = name.split(None, 1)[0]
        if name.startswith(OWM_LINK_IGNORE) or word in KEYWORDS:
            return quote(name)
    return name


def _evolve_name(name: str) -> str:
    if (
        _unsafe(name)
        or "->" in name
        or "[" in name
        or "(" in name
        or _EVOLVE_NUMBER.search(name)
        or name.split()[-1] in ("label", "inertia")
    ):
        return quote(name)
    return name


def _free_text(text: str, *, before_bracket: bool = False) -> str:
    """Free text (title, note, annotation): quoted only when it would not read back."""
    if _unsafe(text) or (before_bracket and ("[" in text or "]" in text)):
        return quote(text)
    return text


def _arrow_text(text: str) -> str:
    """A stage label between ``->``."""
    if text == "":
        return text
    if _unsafe(text) or any(s in text for s in ("->", ";", '"', "//")) or text.startswith("-"):
        return quote(text)
    return text


def _directive_text(text: str) -> str:
    if _unsafe(text) or ";" in text or '"' in text:
        return quote(text)
    return text


def _num(value: float | None) -> str:
    return "" if value is None else format_number(value)


def _coords(*values: float | None) -> str:
    return "[" + ", ".join(_num(v) for v in values) + "]"


def _position(v: float | None, m: float | None) -> str:
    if v is None and m is None:
        return ""
    if m is None:
        return " " + _coords(v)
    if v is None:
        # Maturity without visibility has no OWM form: `[, m]` reads back as ours.
        return " [, " + _num(m) + "]"
    return " " + _coords(v, m)


def _label(offset: el.Offset | None) -> str:
    return "" if offset is None else " label " + _coords(offset.dx, offset.dy)


def _decorators(method: str | None, market: bool, ecosystem: bool) -> str:
    words = (method, "market" if market else None, "ecosystem" if ecosystem else None)
    present = [w for w in words if w]
    return " (" + ", ".join(present) + ")" if present else ""


# -- one writer per kind -----------------------------------------------------------------


def _title(e: el.Title) -> str:
    return "title " + _free_text(e.text)


def _style(e: el.Style) -> str:
    return "style " + e.name


def _size(e: el.Size) -> str:
    return "size " + _coords(e.width, e.height)


def _evolution(e: el.Evolution) -> str:
    parts = ["evolution"]
    if e.hide:
        parts.append("--hide")
    if len(e.stages) == 1 and not e.stages[0].name:
        parts.append('""')  # a lone empty stage must be visible to be read back
    elif e.stages:
        parts.append("->".join(_arrow_text(stage.name) for stage in e.stages))
    return " ".join(parts)


def _valuechain(e: el.ValueChain) -> str:
    return "valuechain --hide"


def _legend(e: el.AnnotationsLegend) -> str:
    return "annotations " + _coords(e.visibility, e.maturity)


def _anchor(e: el.Anchor) -> str:
    placed = e.visibility is not None or e.maturity is not None
    text = "anchor " + _name(e.name, placed=placed) + _position(e.visibility, e.maturity)
    return text + _label(e.label)


def _component(e: el.Component) -> str:
    keyword = e.kind
    placed = e.visibility is not None or e.maturity is not None
    text = keyword + " " + _name(e.name, placed=placed) + _position(e.visibility, e.maturity)
    text += _label(e.label)
    if e.inertia:
        # Without coordinates a bare word would read back as part of the name.
        text += " inertia" if placed or e.label is not None else " (inertia)"
    text += _decorators(e.method, e.market, e.ecosystem)
    if isinstance(e, el.Submap) and e.url is not None:
        text += " url(" + e.url + ")"
    return text


def _link(e: el.Link) -> str:
    start = _link_end(e.start, first=True)
    end = _link_end(e.end, first=False)
    if e.flow is None:
        op = "->"
    else:
        arrow = {"forward": ">", "backward": "<", "both": "<>"}[e.flow]
        op = f"+'{e.flow_value}'{arrow}" if e.flow_value is not None else "+" + arrow
    text = start + op + end
    if e.context is not None:
        text += "; " + (quote(e.context) if _unsafe(e.context) else e.context)
    return text


def _evolve(e: el.Evolve) -> str:
    text = "evolve " + _evolve_name(e.name)
    if e.rename is not None:
        text += "->" + _evolve_name(e.rename)
    text += " " + format_number(e.maturity, decimal=True)
    text += _label(e.label)
    text += _decorators(e.method, e.market, e.ecosystem)
    return text


def _pipeline(e: el.Pipeline, indent: str) -> list[str]:
    head = "pipeline " + _name(e.name, placed=True)
    if e.start is not None or e.end is not None:
        head += " " + _coords(e.start, e.end)
    lines = [indent + head + _trailer(e)]
    if e.block is not None:
        lines.append(indent + "{")
        for item in e.block:
            lines.extend(_element(item, indent + _INDENT))
        lines.append(indent + "}")
    return lines


def _pipeline_component(e: el.PipelineComponent) -> str:
    text = "component " + _name(e.name, placed=e.maturity is not None)
    if e.maturity is not None:
        text += " " + _coords(e.maturity)
    return text + _label(e.label)


def _note(e: el.Note) -> str:
    placed = e.visibility is not None or e.maturity is not None
    text = _free_text(e.text, before_bracket=True)
    if not placed and text.endswith("]"):
        text = quote(e.text)
    return "note " + text + _position(e.visibility, e.maturity)


def _annotation(e: el.Annotation) -> str:
    text = "annotation " + str(e.number)
    if len(e.points) == 1:
        text += " " + _coords(e.points[0].visibility, e.points[0].maturity)
    elif e.points:
        text += " [" + ", ".join(_coords(p.visibility, p.maturity) for p in e.points) + "]"
    if e.text:
        body = e.text
        if _unsafe(body) or body.startswith(("[", ",")):
            body = quote(body)
        text += " " + body
    return text


def _attitude(e: el.Attitude) -> str:
    if e.visibility2 is None or e.maturity2 is None:
        text = e.attitude + " " + _coords(e.visibility, e.maturity)
    else:
        text = e.attitude + " " + _coords(e.visibility, e.maturity, e.visibility2, e.maturity2)
    if e.width is not None and e.height is not None:
        text += f" {format_number(e.width)} {format_number(e.height)}"
    return text


def _accelerator(e: el.Accelerator) -> str:
    keyword = "deaccelerator" if e.deaccelerator else "accelerator"
    placed = e.visibility is not None or e.maturity is not None
    return f"{keyword} {_name(e.name, placed=placed)}{_position(e.visibility, e.maturity)}"


def _url(e: el.Url) -> str:
    name = _name(e.name, placed=True)
    if name == e.name and any(op in name for op in _LINK_OPS):
        name = quote(name)  # `url a->b [..]` would read as a link
    text = "url " + name
    if e.address is not None:
        text += " [" + e.address + "]"
    return text


def _include(e: el.Include) -> str:
    return "//! include: " + _directive_text(e.path)


_WRITERS: dict[str, Any] = {
    "title": _title,
    "style": _style,
    "size": _size,
    "evolution": _evolution,
    "valuechain": _valuechain,
    "annotations": _legend,
    "anchor": _anchor,
    "component": _component,
    "submap": _component,
    "link": _link,
    "evolve": _evolve,
    "pipeline-component": _pipeline_component,
    "note": _note,
    "annotation": _annotation,
    "attitude": _attitude,
    "accelerator": _accelerator,
    "url": _url,
}


def write_lines(elements: Iterable[Any]) -> list[str]:
    """The lines of a sequence of elements (used by tools that print parts of a map)."""
    out: list[str] = []
    for e in elements:
        out.extend(_element(e, ""))
    return out
