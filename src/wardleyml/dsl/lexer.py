"""Split map text into lines of code, comments and directives.

OWM strips comments with string surgery before it parses anything; we do the same job
while keeping what the author wrote: comments become elements (so formatting keeps
them), ``//`` inside a quoted name or a URL is text, and an inline ``/* ... */`` ends
where it closes instead of swallowing the rest of the file. Code keeps its columns:
removed comment text is replaced by spaces, so diagnostics point at the right place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Line", "decode", "quote_end", "scan_lines"]

_SCHEME_TAIL = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:$")
_URL_END = frozenset(" \t]),;\"'<>")
_QUOTE_OPENERS = frozenset(" \t>;<([{,")


class NotText(Exception):
    """Raised by :func:`decode` with a sentence saying why the bytes are not a map."""


def decode(data: bytes) -> str:
    """Bytes of a map file to text: UTF-8 (with or without BOM), any line endings.

    Raises
    ------
    NotText
        For bytes that are not UTF-8 text (binary files, other encodings).
    """
    if b"\x00" in data[:8192]:
        raise NotText("it looks like a binary file (it contains NUL bytes), not map text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NotText(
            f"it is not UTF-8 text (byte {exc.start + 1} is 0x{data[exc.start]:02x}); "
            "save the file as UTF-8"
        ) from None
    return normalize_newlines(text)


def normalize_newlines(text: str) -> str:
    """Turn CRLF and lone CR into LF and drop a leading BOM."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


@dataclass(slots=True)
class BlockComment:
    """A ``/* ... */`` comment that starts on a line."""

    text: str
    column: int
    """1-based column of the ``/*``."""
    closed_on_line: bool
    """It ends on the line where it starts."""
    closed: bool = True
    """Some later line closes it (false when it runs to the end of the file)."""


@dataclass(slots=True)
class Line:
    """One physical line, split into its parts.

    ``code`` has the same length as ``raw`` up to where a trailing comment starts, with
    comment text blanked out, so a column in ``code`` is a column in ``raw``.
    """

    number: int
    raw: str
    code: str = ""
    comment: str | None = None
    """Text of a trailing ``//`` comment (without the slashes), if any."""
    directive: str | None = None
    """Text after ``//!`` (a wardleyml directive), if any."""
    directive_column: int = 0
    """0-based column where the directive's text starts."""
    blocks: list[BlockComment] = field(default_factory=list)
    """Block comments that start on this line."""
    in_block: bool = False
    """The line starts inside a block comment opened on an earlier line."""

    @property
    def stripped(self) -> str:
        """The code with surrounding whitespace removed."""
        return self.code.strip()

    @property
    def indent(self) -> int:
        """0-based column of the first character of code."""
        return len(self.code) - len(self.code.lstrip())


def scan_lines(text: str) -> list[Line]:
    """Split ``text`` (already newline-normalised) into :class:`Line` records.

    Runs in time linear in the length of the text.
    """
    lines: list[Line] = []
    parts: list[str] | None = None  # pieces of the open block comment
    owner: BlockComment | None = None
    for number, raw in enumerate(text.split("\n"), start=1):
        if parts is None and "/" not in raw:
            # Most lines hold no comment at all: nothing to scan.
            lines.append(Line(number=number, raw=raw, code=raw))
            continue
        line = Line(number=number, raw=raw, in_block=parts is not None)
        code: list[str] = []
        i = 0
        n = len(raw)
        if parts is None and _first_word(raw) == "url":
            # OWM keeps // on url lines; the address is text up to its last `]`.
            last = raw.rfind("]")
            if last >= 0:
                code.append(raw[: last + 1])
                i = last + 1
        quote_exhausted = False
        while i < n:
            if parts is not None:
                end = raw.find("*/", i)
                if end < 0:
                    parts.append(raw[i:])
                    code.append(" " * (n - i))
                    break
                parts.append(raw[i:end])
                code.append(" " * (end + 2 - i))
                i = end + 2
                assert owner is not None
                owner.text = "\n".join(parts)
                parts = None
                owner = None
                continue
            ch = raw[i]
            if ch == '"' and _opens_quote(raw, i) and not quote_exhausted:
                close = quote_end(raw, i + 1)
                if close >= 0:
                    code.append(raw[i : close + 1])
                    i = close + 1
                    continue
                # No closing quote anywhere after: later quotes cannot close either.
                quote_exhausted = True
            if ch == "/" and i + 1 < n:
                nxt = raw[i + 1]
                if nxt == "/":
                    if _SCHEME_TAIL.search(raw, max(0, i - 40), i):
                        # A URL such as http://x: copy it whole, // included.
                        j = i
                        while j < n and raw[j] not in _URL_END:
                            j += 1
                        code.append(raw[i:j])
                        i = j
                        continue
                    _trailing(line, raw, i, bool("".join(code).strip()))
                    break
                if nxt == "*":
                    close = raw.find("*/", i + 2)
                    if close >= 0:
                        line.blocks.append(BlockComment(raw[i + 2 : close], i + 1, True))
                        code.append(" " * (close + 2 - i))
                        i = close + 2
                        continue
                    owner = BlockComment("", i + 1, False)
                    line.blocks.append(owner)
                    parts = [raw[i + 2 :]]
                    code.append(" " * (n - i))
                    break
            code.append(ch)
            i += 1
        line.code = "".join(code)
        lines.append(line)
    if parts is not None and owner is not None:
        owner.text = "\n".join(parts)
        owner.closed = False
    return lines


def _trailing(line: Line, raw: str, start: int, has_code: bool) -> None:
    """Record the ``//`` comment starting at ``start`` (and a ``//!`` directive in it).

    After a statement, ``// note //! stage: II`` holds a comment and a directive; a
    line that is only a comment is a directive only when it starts ``//!``.
    """
    rest = raw[start + 2 :]
    if rest.startswith("!"):
        body = rest[1:]
        line.directive = body.strip()
        line.directive_column = start + 3 + len(body) - len(body.lstrip())
        return
    marker = rest.find("//!") if has_code else -1
    if marker >= 0:
        body = rest[marker + 3 :]
        line.directive = body.strip()
        line.directive_column = start + 2 + marker + 3 + len(body) - len(body.lstrip())
        rest = rest[:marker]
    line.comment = rest.rstrip()


def _opens_quote(raw: str, i: int) -> bool:
    """A ``"`` opens a quoted name at the start of a word or right after an operator."""
    return i == 0 or raw[i - 1] in _QUOTE_OPENERS


def quote_end(raw: str, start: int, end: int | None = None) -> int:
    """Index of the ``"`` closing a quote whose text starts at ``start``, or -1.

    A backslash escapes the character after it.
    """
    i = start
    n = len(raw) if end is None else end
    while i < n:
        ch = raw[i]
        if ch == "\\":
            i += 2
            continue
        if ch == '"':
            return i
        i += 1
    return -1


def _first_word(raw: str) -> str:
    parts = raw.split(None, 1)
    return parts[0] if parts else ""
