"""wardleyml's extensions, written as ``//!`` directives that OWM reads as comments.

A directive comment holds ``key: value`` pairs separated by ``;``::

    component Model //! stage: II
    Code->Model //! style: red thick
    evolution Genesis->Development->Product->Product //! sublabels: manual -> ... -> fast
    //! include: common.owm

Because OWM strips everything after ``//``, a map using them still opens in OWM, which
draws everything but the extension. ``docs/format.md`` lists every key.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.colors import parse_color
from .text import parse_number

__all__ = [
    "DIRECTIVE_KEYS",
    "STAGE_NAMES",
    "Pair",
    "format_stage",
    "parse_color",
    "parse_link_style",
    "parse_stage",
    "split_directive",
]

DIRECTIVE_KEYS: dict[str, tuple[str, ...]] = {
    "component": ("stage", "color", "display"),
    "submap": ("stage", "color", "display"),
    "link": ("style",),
    "evolution": ("sublabels", "boundaries"),
    "line": ("include",),
}
"""Which keys each kind of statement accepts (``line``: a directive on its own line)."""

STAGE_NAMES: dict[str, int] = {
    "i": 1,
    "ii": 2,
    "iii": 3,
    "iv": 4,
    "1": 1,
    "2": 2,
    "3": 3,
    "4": 4,
    "genesis": 1,
    "custom": 2,
    "custom-built": 2,
    "product": 3,
    "commodity": 4,
}
_ROMAN = ("I", "II", "III", "IV")

WIDTHS = {"thin": 1.0, "normal": 1.5, "thick": 2.5}
DASHES = ("solid", "dashed", "dotted")


@dataclass(frozen=True, slots=True)
class Pair:
    """One ``key: value`` of a directive, with the 0-based offset of the key."""

    key: str
    value: str
    offset: int


def split_directive(text: str) -> list[Pair]:
    """Split directive text into pairs; ``;`` inside double quotes does not split."""
    pairs: list[Pair] = []
    start = 0
    in_quote = False
    escaped = False
    cuts: list[int] = []
    for i, ch in enumerate(text):
        if escaped:
            escaped = False
        elif ch == "\\" and in_quote:
            escaped = True
        elif ch == '"':
            in_quote = not in_quote
        elif ch == ";" and not in_quote:
            cuts.append(i)
    cuts.append(len(text))
    for cut in cuts:
        chunk = text[start:cut]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            body = chunk.strip()
            key, sep, value = body.partition(":")
            if not sep:
                key, _, value = body.partition(" ")
            pairs.append(Pair(key.strip().lower(), value.strip(), start + lead))
        start = cut + 1
    return pairs


def parse_stage(value: str) -> int | None:
    """Stage number from ``II``, ``2`` or ``custom``; ``None`` if unrecognised."""
    return STAGE_NAMES.get(value.strip().lower())


def format_stage(number: int) -> str:
    """The roman numeral the writer uses for a stage."""
    return _ROMAN[number - 1]


def parse_link_style(value: str) -> tuple[str | None, str | None, float | None, list[str]]:
    """Read ``red dashed thick``: colour, dash, width and the words not understood."""
    color: str | None = None
    dash: str | None = None
    width: float | None = None
    unknown: list[str] = []
    for word in value.split():
        low = word.lower()
        if low in DASHES:
            dash = low
        elif low in WIDTHS:
            width = WIDTHS[low]
        elif (number := parse_number(low.removesuffix("px"))) is not None and 0 < number <= 20:
            width = number
        elif (parsed := parse_color(word)) is not None:
            color = parsed
        else:
            unknown.append(word)
    return color, dash, width, unknown


def format_link_style(color: str | None, dash: str | None, width: float | None) -> str:
    """The canonical ``style:`` value (colour, dash, width)."""
    from .text import format_number

    words: list[str] = []
    if color:
        words.append(color)
    if dash:
        words.append(dash)
    if width is not None:
        named = next((name for name, w in WIDTHS.items() if w == width), None)
        words.append(named or format_number(width))
    return " ".join(words)
