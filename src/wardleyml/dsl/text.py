"""Small text helpers shared by the reader and the writer: names, numbers, quoting."""

from __future__ import annotations

import math
import re

__all__ = [
    "KEYWORDS",
    "LINK_FALLBACK_KEYWORDS",
    "format_number",
    "parse_number",
    "quote",
    "unescape",
]

KEYWORDS: frozenset[str] = frozenset(
    {
        "title",
        "style",
        "size",
        "evolution",
        "valuechain",
        "anchor",
        "component",
        "submap",
        "url",
        "evolve",
        "pipeline",
        "note",
        "annotation",
        "annotations",
        "pioneers",
        "settlers",
        "townplanners",
        "accelerator",
        "deaccelerator",
        "market",
        "ecosystem",
        "build",
        "buy",
        "outsource",
        "inertia",
    }
)
"""Every statement keyword the reader knows (OWM's, and the pre-2025 ones)."""

LINK_FALLBACK_KEYWORDS: frozenset[str] = frozenset(
    {
        "style",
        "size",
        "valuechain",
        "annotations",
        "pioneers",
        "settlers",
        "townplanners",
        "market",
        "ecosystem",
        "build",
        "buy",
        "outsource",
        "url",
    }
)
"""Keywords whose statements have a fixed shape: a line that starts with one of them
but holds a link operator and does not fit that shape is a link
(``style guide->power``, ``market research->customers``)."""

OWM_LINK_IGNORE: tuple[str, ...] = (
    "evolution",
    "valuechain",
    "anchor",
    "evolve",
    "component",
    "style",
    "build",
    "buy",
    "outsource",
    "title",
    "annotation",
    "annotations",
    "pipeline",
    "note",
    "pioneers",
    "settlers",
    "townplanners",
    "submap",
    "url",
    "{",
    "}",
    "accelerator",
    "deaccelerator",
    "size",
)
"""OWM drops any link line that starts with one of these (no word boundary): the
writer quotes such link ends so that OWM reads the link."""

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")

_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}


def parse_number(text: str) -> float | None:
    """A finite number written in ``text`` (surrounding spaces allowed), else ``None``."""
    text = text.strip()
    if len(text) > 64 or not _NUMBER.fullmatch(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def format_number(value: float, *, decimal: bool = False) -> str:
    """Shortest text that reads back as ``value``: ``0.7``, ``-13``, ``1e-07``.

    Parameters
    ----------
    decimal
        Always include a decimal point (OWM's ``evolve`` needs one: ``1.0``, not ``1``).
    """
    if value == 0:
        value = 0.0  # no "-0"
    if value.is_integer() and abs(value) < 1e15:
        text = str(int(value))
        return text + ".0" if decimal else text
    text = repr(value)
    if decimal and "." not in text:
        text = f"{value:.17f}".rstrip("0")
    return text


def unescape(body: str) -> str:
    r"""Decode the escapes OWM allows in quoted names: ``\"``, ``\\``, ``\n``, ``\r``, ``\t``.

    An unknown escape keeps its backslash.
    """
    if "\\" not in body:
        return body
    out: list[str] = []
    i = 0
    n = len(body)
    while i < n:
        ch = body[i]
        if ch == "\\" and i + 1 < n:
            nxt = body[i + 1]
            out.append(_ESCAPES.get(nxt, "\\" + nxt))
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def quote(text: str) -> str:
    """``text`` as a quoted name, escaped so the reader gets it back exactly."""
    body = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return f'"{body}"'
