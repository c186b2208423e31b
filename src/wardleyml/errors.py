"""Errors and diagnostics.

Every exception wardleyml raises on purpose derives from :class:`WardleyError`, so a
caller can catch one type. Problems found while reading a map are not exceptions but
:class:`Diagnostic` values collected on the map; :class:`MapSyntaxError` bundles them
when a strict reader refuses a map.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "Diagnostic",
    "MapSyntaxError",
    "RenderError",
    "Severity",
    "UnknownNameError",
    "WardleyError",
    "format_diagnostics",
]

Severity = Literal["error", "warning"]


class WardleyError(Exception):
    """Base class of every error wardleyml raises deliberately."""


class UnknownNameError(WardleyError, LookupError):
    """A renderer, theme or format name that is not registered.

    The message lists the names that are available.
    """


class RenderError(WardleyError):
    """A map could not be drawn (for example an output format the renderer lacks)."""


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in a map.

    Parameters
    ----------
    severity
        ``"error"`` when (part of) a line could not be understood and was skipped or
        recovered, ``"warning"`` when the map is readable but probably not what the
        author meant.
    code
        A stable, short identifier such as ``"unknown-statement"``; tests and tools
        match on it.
    message
        One sentence saying what is wrong.
    line, column
        1-based position of the problem. ``line`` is 0 for problems of the whole map.
    file
        The file the problem is in, or ``None`` for text given directly.
    hint
        What to do about it, when there is something useful to say.
    length
        How many characters the caret under the column should span (at least 1).
    source_line
        The text of the line, for showing the problem in context.
    """

    severity: Severity
    code: str
    message: str
    line: int = 0
    column: int = 1
    file: str | None = None
    hint: str | None = None
    length: int = 1
    source_line: str | None = field(default=None, compare=False)

    @property
    def location(self) -> str:
        """``file:line:col`` (``<text>`` stands in for a missing file name)."""
        return f"{self.file or '<text>'}:{self.line}:{self.column}"

    def format(self, *, context: bool = False) -> str:
        """Render as ``file:line:col: severity: message`` plus an optional hint.

        Parameters
        ----------
        context
            Also show the source line with a caret under the column.
        """
        out = [f"{self.location}: {self.severity}: {self.message}"]
        if context and self.source_line is not None and self.line > 0:
            text = self.source_line.expandtabs(1)
            # Long lines are shown around the column so the caret stays on screen.
            start = max(0, self.column - 60)
            shown = text[start : start + 120]
            prefix = "…" if start else ""
            suffix = "…" if start + 120 < len(text) else ""
            out.append(f"    {prefix}{shown}{suffix}")
            pad = len(prefix) + self.column - 1 - start
            width = max(1, min(self.length, len(shown) - (self.column - 1 - start)))
            out.append("    " + " " * pad + "^" * width)
        if self.hint:
            out.append(f"  hint: {self.hint}")
        return "\n".join(out)

    def __str__(self) -> str:
        return self.format()


def format_diagnostics(diagnostics: Iterable[Diagnostic], *, context: bool = False) -> str:
    """Join several diagnostics into one block of text, one per paragraph."""
    return "\n".join(d.format(context=context) for d in diagnostics)


class MapSyntaxError(WardleyError, ValueError):
    """A map has errors and the reader was asked to be strict.

    The message lists every error, each with its location, the source line and a caret.
    The individual problems are in :attr:`diagnostics`.
    """

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics: tuple[Diagnostic, ...] = tuple(diagnostics)
        count = len(self.diagnostics)
        noun = "error" if count == 1 else "errors"
        header = f"the map has {count} {noun}:"
        body = format_diagnostics(self.diagnostics, context=True)
        super().__init__(f"{header}\n{body}")
