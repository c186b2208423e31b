"""Text measurement with the real metrics of DejaVu Sans, without loading a font.

Labels are measured here so that the layout can keep them apart and the renderers can
size boxes around them. The numbers come from ``_font_data`` (generated from the font
files by ``scripts/gen_font_metrics.py``); nothing here imports fontTools or
matplotlib. DejaVu Sans is what the SVG font stacks fall back to and what the PNG
renderer draws with, so the boxes match what is drawn; monospaced themes use DejaVu
Sans Mono.

Characters the table lacks: east-asian wide and full-width characters (and emoji)
count one em, combining marks and other zero-width characters nothing, anything else
the average width of a Latin letter.

    >>> from wardleyml.layout.text import text_width, wrap
    >>> round(text_width("Kettle", 14), 1)
    41.3
    >>> wrap("Standardising power allows kettles to evolve", 120, 14)
    ['Standardising', 'power allows', 'kettles to evolve']
"""

from __future__ import annotations

import base64
import math
import struct
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, cast

from . import _font_data as data

__all__ = [
    "ASCENT",
    "DESCENT",
    "LineMetrics",
    "balance",
    "face_name",
    "measure_line",
    "text_width",
    "wrap",
]

ASCENT = data.ASCENT / data.UNITS_PER_EM
"""The font's ascent in em (how far a line's tallest accents may reach)."""
DESCENT = -data.DESCENT / data.UNITS_PER_EM
"""The font's descent in em, positive."""

_EM = float(data.UNITS_PER_EM)
_Q = data.INK_QUANTUM / _EM
# Ink of characters without a table entry: a capital's height over a descender's depth.
_UNKNOWN_INK = (-0.24, 0.76)


@dataclass(frozen=True, slots=True)
class LineMetrics:
    """The extent of one line of text, in pixels, relative to its start and baseline.

    ``advance`` is where the next character would start (what ``text-anchor`` centres
    or right-aligns); the ink box spans ``left``..``right`` (leading and trailing
    spaces excluded) and ``ascent`` above to ``descent`` below the baseline.
    """

    advance: float
    left: float
    right: float
    ascent: float
    descent: float

    @property
    def width(self) -> float:
        """Width of the visible part of the line."""
        return self.right - self.left


class _Face:
    """One face's table, decoded on first use; characters looked up when first met."""

    __slots__ = ("average", "index", "ink", "ink_index", "lookup", "widths")

    def __init__(self, name: str) -> None:
        table = cast("dict[str, Any]", data.FACES[name])
        self.index = _RunIndex(table["runs"])
        self.widths: tuple[int, ...] | int
        if "advance" in table:  # monospaced
            self.widths = int(table["advance"])
        else:
            raw = base64.b64decode("".join(table["advances"]))
            self.widths = struct.unpack(f"<{len(raw) // 2}H", raw)
        ink_table = cast("dict[str, Any]", data.FACES[data.INK_OF[name]])
        ink_raw = base64.b64decode("".join(ink_table["ink"]))
        self.ink = struct.unpack(f"<{len(ink_raw)}b", ink_raw)
        self.ink_index = _RunIndex(ink_table["runs"])
        # Per character: (advance in em, ink bottom, ink top) in em (y up).
        self.lookup: dict[str, tuple[float, float, float]] = {}
        self.average = data.AVERAGE[name][0] / _EM

    def metrics(self, ch: str) -> tuple[float, float, float]:
        found = self.lookup.get(ch)
        if found is not None:
            return found
        cp = ord(ch)
        i = self.index.find(cp)
        if i is None:
            found = _fallback(ch, self.average)
        else:
            widths = self.widths
            advance = (widths if isinstance(widths, int) else widths[i]) / _EM
            j = self.ink_index.find(cp)
            if j is None:
                found = (advance, *_UNKNOWN_INK)
            else:
                found = (advance, self.ink[2 * j] * _Q, self.ink[2 * j + 1] * _Q)
        self.lookup[ch] = found
        return found


class _RunIndex:
    """Position of a code point in a table stored as runs of consecutive code points."""

    __slots__ = ("counts", "offsets", "starts")

    def __init__(self, runs: tuple[tuple[int, int], ...]) -> None:
        self.starts = [start for start, _ in runs]
        self.counts = [count for _, count in runs]
        self.offsets = []
        total = 0
        for _, count in runs:
            self.offsets.append(total)
            total += count

    def find(self, cp: int) -> int | None:
        k = bisect_right(self.starts, cp) - 1
        if k < 0 or cp >= self.starts[k] + self.counts[k]:
            return None
        return self.offsets[k] + cp - self.starts[k]


@lru_cache(maxsize=4096)
def _fallback(ch: str, average: float) -> tuple[float, float, float]:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf", "Cc"):
        return (0.0, 0.0, 0.0)
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return (1.0, -0.12, 0.88)
    return (average, *_UNKNOWN_INK)


_FACES: dict[str, _Face] = {}
_FACE_NAMES = {
    (False, False): "regular",
    (True, False): "bold",
    (False, True): "oblique",
    (True, True): "bold-oblique",
}


def face_name(bold: bool = False, italic: bool = False, mono: bool = False) -> str:
    """The name of the DejaVu Sans (``mono``: Sans Mono) face for a weight and slant."""
    name = _FACE_NAMES[(bold, italic)]
    if mono:
        return "mono" if name == "regular" else f"mono-{name}"
    return name


def _face(bold: bool, italic: bool, mono: bool = False) -> _Face:
    name = face_name(bold, italic, mono)
    face = _FACES.get(name)
    if face is None:
        face = _FACES[name] = _Face(name)
    return face


def _clean(text: str) -> str:
    # What an SVG viewer shows: whitespace runs collapse to one space.
    return " ".join(text.split())


@lru_cache(maxsize=65536)
def measure_line(
    text: str, size: float, *, bold: bool = False, italic: bool = False, mono: bool = False
) -> LineMetrics:
    """Measure one line of text set in DejaVu Sans (``mono``: Sans Mono) at ``size`` px.

    The text is measured as given: collapse whitespace runs first (as an SVG viewer
    does) if the text may have them. An empty line has no ink: its box is empty at
    the baseline.
    """
    face = _face(bold, italic, mono)
    known = face.lookup.get
    x = 0.0
    left = right = None
    top = bottom = 0.0
    for ch in text:
        found = known(ch)
        adv, low, high = found if found is not None else face.metrics(ch)
        if not ch.isspace():
            if left is None:
                left = x
            right = x + adv
            if high > top:
                top = high
            if low < bottom:
                bottom = low
        x += adv
    if left is None or right is None:
        return LineMetrics(x * size, 0.0, 0.0, 0.0, 0.0)
    return LineMetrics(x * size, left * size, right * size, top * size, -bottom * size)


def text_width(
    text: str, size: float, *, bold: bool = False, italic: bool = False, mono: bool = False
) -> float:
    """Advance width in pixels of one line of text (whitespace runs count once)."""
    return measure_line(_clean(text), size, bold=bold, italic=italic, mono=mono).advance


def wrap(
    text: str,
    width: float,
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
    mono: bool = False,
) -> list[str]:
    """Break text into lines no wider than ``width`` pixels, at spaces.

    Existing line breaks are kept. A single word wider than ``width`` stays whole on
    its own line (words are never split).
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.split()
        if not words:
            lines.append("")
            continue
        current = words[0]
        for word in words[1:]:
            candidate = f"{current} {word}"
            if measure_line(candidate, size, bold=bold, italic=italic, mono=mono).advance <= width:
                current = candidate
            else:
                lines.append(current)
                current = word
        lines.append(current)
    return lines


def balance(
    text: str,
    lines: int,
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
    mono: bool = False,
) -> list[str]:
    """Break one line of text into ``lines`` lines at spaces, the widest as narrow as can be.

    Unlike :func:`wrap`, which fills each line up to a width, this balances the
    lines, so a name never ends with a lone short word. Fewer lines come back when
    the text has fewer words.

        >>> balance("Storage Registry 13", 2, 12)
        ['Storage', 'Registry 13']
    """
    return balance_each(text, (lines,), size, bold=bold, italic=italic, mono=mono)[0]


def balance_each(
    text: str,
    counts: Sequence[int],
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
    mono: bool = False,
) -> list[list[str]]:
    """:func:`balance` into each of several line counts, measuring each run of words once."""
    words = text.split()
    widths: dict[tuple[int, int], float] = {}

    def width(i: int, j: int) -> float:
        w = widths.get((i, j))
        if w is None:
            line = " ".join(words[i:j])
            w = widths[(i, j)] = measure_line(
                line, size, bold=bold, italic=italic, mono=mono
            ).advance
        return w

    return [_balanced(words, lines, width) for lines in counts]


def _balanced(words: list[str], lines: int, width: Callable[[int, int], float]) -> list[str]:
    if lines <= 1 or len(words) <= 1:
        return [" ".join(words)]
    lines = min(lines, len(words))
    n = len(words)
    # best[k][j]: the narrowest widest line splitting words[:j] into k lines. Only
    # the splits that leave a word for each line still to come are worked out.
    none: tuple[int, ...] = ()
    first: list[tuple[float, tuple[int, ...]]] = [(0.0, none)] + [(math.inf, none)] * n
    best = [first]
    for k in range(1, lines + 1):
        row: list[tuple[float, tuple[int, ...]]] = [(math.inf, none)] * (n + 1)
        for j in range(n, n + 1) if k == lines else range(k, n - (lines - k) + 1):
            for i in range(k - 1, j):
                prev, cuts = best[k - 1][i]
                if prev == math.inf:
                    continue
                cand = max(prev, width(i, j))
                if cand < row[j][0]:
                    row[j] = (cand, (*cuts, j))
        best.append(row)
    cuts = best[lines][n][1]
    out, start = [], 0
    for end in cuts:
        out.append(" ".join(words[start:end]))
        start = end
    return out


def _covered(ch: str, bold: bool = False, italic: bool = False, mono: bool = False) -> bool:
    """Whether the table has the character (tests use it to check the fallbacks)."""
    return _face(bold, italic, mono).index.find(ord(ch)) is not None
