"""Read OWM map text into a :class:`~wardleyml.model.WardleyMap`.

The reader is line-oriented like OWM: every line is one statement, a line that cannot
be understood is reported and skipped, and the rest of the map still loads. Unlike OWM
it tokenises each statement instead of searching the whole line for substrings, so a
name containing ``inertia`` or ``label`` is just a name, and it reports every problem
with its line, column and a hint. ``docs/format.md`` lists where the reading
deliberately differs from OWM's.
"""

from __future__ import annotations

import bisect
import difflib
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from ..errors import Diagnostic, Severity
from ..model import elements as el
from ..model.base import Span, WardleyModel
from ..model.map import WardleyMap
from . import directives as dv
from .lexer import Line, quote_end, scan_lines
from .text import KEYWORDS, LINK_FALLBACK_KEYWORDS, parse_number, unescape

__all__ = ["parse"]

_DECORATOR_WORDS = frozenset({"build", "buy", "outsource", "market", "ecosystem", "inertia"})
_METHODS = ("build", "buy", "outsource")
_BIG = 1 << 62
_STYLE_NAME = re.compile(r"[\w.\-]+")


_M = TypeVar("_M", bound=WardleyModel)


def _new(cls: type[_M], **fields: Any) -> _M:
    """Build an element without validating it again.

    The reader checks every value itself; the tests validate all it builds from the
    whole corpus.
    """
    return cls.trusted(**fields)


class _Skip(Exception):
    """Abandon the current statement (its diagnostic has been recorded)."""


@dataclass(slots=True)
class _Cursor:
    """A position in the code of one line."""

    text: str
    pos: int
    end: int

    def ws(self) -> _Cursor:
        text, pos, end = self.text, self.pos, self.end
        while pos < end and text[pos].isspace():
            pos += 1
        self.pos = pos
        return self

    def at_end(self) -> bool:
        return self.ws().pos >= self.end

    def peek(self, token: str) -> bool:
        return self.text.startswith(token, self.ws().pos, self.end)

    def rest(self) -> str:
        return self.text[self.pos : self.end]

    def find(self, token: str, start: int | None = None) -> int:
        return self.text.find(token, self.pos if start is None else start, self.end)


@dataclass(slots=True)
class _Trailers:
    """What may follow a component's coordinates."""

    label: el.Offset | None = None
    inertia: bool = False
    method: str | None = None
    market: bool = False
    ecosystem: bool = False
    evolve: float | None = None
    url: str | None = None
    color: str | None = None


class _Parser:
    def __init__(self, text: str, file: str | None) -> None:
        self.file = file
        self.lines = scan_lines(text)
        self.diagnostics: list[Diagnostic] = []
        self.line: Line = self.lines[0]
        # Legacy `build X` statements, applied once every component is known.
        self.legacy_methods: list[tuple[str, str, Line, int]] = []

    # -- diagnostics ---------------------------------------------------------------------

    def report(
        self,
        severity: Severity,
        code: str,
        message: str,
        column: int,
        *,
        hint: str | None = None,
        length: int = 1,
        line: Line | None = None,
    ) -> None:
        line = line or self.line
        self.diagnostics.append(
            Diagnostic(
                severity=severity,
                code=code,
                message=message,
                line=line.number,
                column=max(1, column),
                file=self.file,
                hint=hint,
                length=max(1, length),
                source_line=line.raw,
            )
        )

    def error(self, code: str, message: str, pos: int, **kw: Any) -> None:
        """Report an error at 0-based ``pos`` of the current line."""
        self.report("error", code, message, pos + 1, **kw)

    def warn(self, code: str, message: str, pos: int, **kw: Any) -> None:
        self.report("warning", code, message, pos + 1, **kw)

    def span(self, line: Line) -> Span:
        return Span(self.file, line.number, line.indent + 1, line.raw)

    # -- driver --------------------------------------------------------------------------

    def run(self) -> list[Any]:
        out: list[Any] = []
        i = 0
        lines = self.lines
        while i < len(lines):
            line = lines[i]
            self.line = line
            i += 1
            if line.in_block and not line.stripped:
                continue  # inside a block comment, which its first line recorded
            self._leading_blocks(line, out)
            code = line.stripped
            if not code:
                if not line.blocks and line.comment is None and line.directive is None:
                    out.append(_new(el.Blank))
                elif line.comment is not None:
                    out.append(self._comment_element(line))
                if line.directive is not None:
                    out.extend(self._line_directive(line))
                self._trailing_blocks(line, out)
                continue
            if code == "{":
                self.error(
                    "stray-brace",
                    "'{' without a pipeline before it",
                    line.indent,
                    hint="a pipeline block follows its `pipeline Name` line",
                )
                out.append(_unparsed(line))
                continue
            produced = self.statement(line, in_block=False)
            if produced and isinstance(produced[0], el.Pipeline):
                pipeline, i = self.pipeline_block(produced[0], line, i)
                produced[0] = pipeline
            out.extend(produced)
            self._trailing_blocks(line, out)
        self._check_unclosed_comment()
        return _tidy_blanks(out)

    def _leading_blocks(self, line: Line, out: list[Any]) -> None:
        """Block comments before the code, or on a line without code, are elements."""
        code_start = line.indent if line.stripped else len(line.code)
        for block in line.blocks:
            if block.column - 1 <= code_start and (block.closed_on_line or not line.stripped):
                out.append(_new(el.Comment, text=block.text, block=True))

    def _trailing_blocks(self, line: Line, out: list[Any]) -> None:
        """A block comment that starts after code and runs on becomes its own element."""
        if not line.stripped:
            return
        for block in line.blocks:
            if not block.closed_on_line and block.column - 1 > line.indent:
                out.append(_new(el.Comment, text=block.text, block=True))

    def _inline_comment(self, line: Line) -> str | None:
        """The trailing comment of a statement, with inline ``/* */`` text folded in."""
        parts: list[str] = []
        for block in line.blocks:
            if block.closed_on_line and block.column - 1 > line.indent and line.stripped:
                parts.append(block.text.strip())
        if line.comment is not None:
            parts.append(line.comment.strip())
        text = " ".join(p for p in parts if p)
        return text or None

    def _comment_element(self, line: Line) -> el.Comment:
        return _new(el.Comment, text=line.comment or "")

    def _check_unclosed_comment(self) -> None:
        for line in self.lines:
            for block in line.blocks:
                if not block.closed:
                    self.report(
                        "error",
                        "unclosed-comment",
                        "this /* comment is never closed, so it hides the rest of the file",
                        block.column,
                        hint="close it with */ where the comment should end",
                        length=2,
                        line=line,
                    )

    # -- statements ----------------------------------------------------------------------

    def statement(self, line: Line, *, in_block: bool) -> list[Any]:
        """Parse the statement on ``line``; return its elements (maybe none)."""
        code = line.code
        if not in_block:
            fast = _fast_path(code)
            if fast is not None:
                return self._finish(line, [fast])
        start = line.indent
        end = len(code.rstrip())
        word_end = start
        while word_end < end and not code[word_end].isspace():
            word_end += 1
        keyword = code[start:word_end]
        cur = _Cursor(code, word_end, end)
        try:
            if keyword in KEYWORDS and not (
                keyword in LINK_FALLBACK_KEYWORDS
                and self._looks_like_link(cur)
                and not self._fits(keyword, cur)
            ):
                if in_block and keyword == "component":
                    produced = [self.pipeline_component(cur)]
                elif in_block and keyword == "pipeline":
                    self.error(
                        "nested-pipeline",
                        "a pipeline cannot stand inside another pipeline's block",
                        start,
                        hint="close the first block with } before starting the next pipeline",
                        length=len(keyword),
                    )
                    raise _Skip
                else:
                    produced = self._dispatch(keyword, cur)
            elif self._looks_like_link(_Cursor(code, start, end)):
                produced = self.links(_Cursor(code, start, end))
            else:
                self.unknown(line, keyword, start)
                raise _Skip
        except _Skip:
            return [_unparsed(line)]
        return self._finish(line, produced)

    def _finish(self, line: Line, produced: list[Any]) -> list[Any]:
        comment = self._inline_comment(line)
        span = self.span(line)
        result: list[Any] = []
        for index, element in enumerate(produced):
            if element is None:
                continue
            if line.directive is not None and (index == 0 or element.kind == "link"):
                element = self._apply_directive(element, line, report=index == 0)
            if index == 0 and comment is not None and hasattr(element, "comment"):
                element = element.model_copy(update={"comment": comment})
            element.with_span(span)
            result.append(element)
        return result

    def _dispatch(self, keyword: str, cur: _Cursor) -> list[Any]:
        handler: Callable[[_Cursor, str], list[Any]] = getattr(self, "s_" + keyword)
        return handler(cur, keyword)

    def _fits(self, keyword: str, cur: _Cursor) -> bool:
        """Whether a fixed-shape statement reads cleanly (used to tell it from a link)."""
        rest = cur.rest().strip()
        if keyword == "style":
            return bool(rest) and " " not in rest and not _contains_link_operator(rest)
        if keyword in ("size", "annotations", "pioneers", "settlers", "townplanners"):
            return rest.startswith("[")
        if keyword == "valuechain":
            return rest.startswith("--")
        if keyword == "url":
            return "[" in rest and not _contains_link_operator(rest.split("[", 1)[0])
        # market / ecosystem / build / buy / outsource: a link if the operator comes
        # before any coordinates.
        head = rest.split("[", 1)[0]
        return not _contains_link_operator(head)

    def _looks_like_link(self, cur: _Cursor) -> bool:
        return _find_operator(cur.text, cur.pos, cur.end) is not None

    # -- shared pieces -------------------------------------------------------------------

    def name(
        self, cur: _Cursor, *, stops: str = "[", what: str = "name", collapse: bool = True
    ) -> tuple[str, int]:
        """Read a quoted or unquoted name; unquoted names end at a ``stops`` character.

        A name is quoted when it starts with ``"`` and the closing quote is followed by
        what may follow a name (coordinates, a trailer, the end); otherwise the quotes
        are part of a longer name (``"4 per 1000" Initiative``). Runs of spaces in an
        unquoted name count as one, as in OWM.
        """
        cur.ws()
        pos = cur.pos
        start = pos
        if cur.pos < cur.end and cur.text[cur.pos] == '"':
            close = _quote_close(cur.text, cur.pos + 1, cur.end)
            if close < 0:
                self.error(
                    "unclosed-quote",
                    f"the quoted {what} is never closed",
                    pos,
                    hint='end the name with a double quote; write \\" for a quote inside it',
                )
                start = pos + 1  # read it as if the quote were not there, as OWM does
            elif _ends_name(cur.text, close + 1, cur.end):
                cur.pos = close + 1
                return unescape(cur.text[pos + 1 : close]), pos
        stop = cur.end
        for ch in stops:
            found = cur.find(ch, start)
            if 0 <= found < stop:
                stop = found
        text = cur.text[start:stop].strip()
        if collapse and ("  " in text or "\t" in text):
            text = " ".join(text.split())
        cur.pos = stop
        return text, pos

    def coords(
        self, cur: _Cursor, count: int, what: str = "coordinates"
    ) -> tuple[list[float | None], bool]:
        """Read ``[a, b, ...]`` at the cursor; return the values and whether it was there.

        Values that cannot be read are reported and returned as ``None``.
        """
        cur.ws()
        if not cur.peek("["):
            return [None] * count, False
        open_pos = cur.pos
        close = cur.find("]", open_pos + 1)
        if close < 0:
            self.error(
                "unclosed-bracket",
                f"the {what} are missing their closing ']'",
                open_pos,
                hint="write them as [visibility, maturity], e.g. [0.5, 0.3]",
            )
            cur.pos = cur.end
            return [None] * count, True
        cur.pos = close + 1
        body = cur.text[open_pos + 1 : close]
        if not body.strip():
            return [None] * count, True
        parts = body.split(",")
        values: list[float | None] = []
        offset = open_pos + 1
        for part in parts:
            number = parse_number(part)
            if number is None and not part.strip() and len(parts) > 1:
                values.append(None)  # `[, 0.4]`: this one is left for the layout
            elif number is None:
                words = part.split()
                numbers = [parse_number(w) for w in words]
                if len(words) > 1 and all(n is not None for n in numbers):
                    self.error(
                        "missing-comma",
                        f"numbers in the {what} must be separated by commas",
                        offset + len(part) - len(part.lstrip()),
                        hint=f"write [{', '.join(words)}]",
                        length=len(part.strip()),
                    )
                    # Each still within its bounds, like any other number here.
                    for word in re.finditer(r"\S+", part):
                        number = parse_number(word.group())
                        assert number is not None  # checked above
                        values.append(
                            self._in_range(number, what, offset + word.start(), word.group())
                        )
                else:
                    self.error(
                        "bad-number",
                        f"{part.strip()!r} is not a number",
                        offset + len(part) - len(part.lstrip()),
                        hint="coordinates are decimal numbers such as 0.45",
                        length=max(1, len(part.strip())),
                    )
                    values.append(None)
            else:
                values.append(self._in_range(number, what, offset, part))
            offset += len(part) + 1
        if len(values) != count and not (count == 2 and len(values) == 1):
            expected = {1: "one number", 2: "two numbers", 4: "four numbers"}[count]
            self.error(
                "coordinate-count",
                f"the {what} should be {expected}, not {len(values)}",
                open_pos,
                hint=_COORD_HINTS.get(what),
                length=close - open_pos + 1,
            )
            values = (values + [None] * count)[:count]
        while len(values) < count:
            values.append(None)
        return values, True

    def _in_range(self, number: float, what: str, offset: int, part: str) -> float | None:
        """``number`` if it is within the bounds of what it measures, else ``None``.

        A coordinate far outside the map (``[75, 30]`` written as percentages, or
        ``1e300``) would make the picture huge; it is reported and left for the layout.
        """
        low, high, unit = _LIMITS.get(what, _LIMITS["coordinates"])
        if low <= number <= high:
            return number
        text = part.strip()
        if unit == "position" and 1 < number <= 100:
            hint = f"positions run from 0 to 1: write {number / 100:g} for {number:g} %"
        elif unit == "position":
            hint = "positions run from 0 to 1 ([visibility, maturity])"
        else:
            hint = f"{what} runs from {low:g} to {high:g} pixels"
        self.error(
            "out-of-bounds",
            f"{text} is too far outside the map; it is ignored",
            offset + len(part) - len(part.lstrip()),
            hint=hint,
            length=len(text),
        )
        return None

    def offset(self, cur: _Cursor) -> el.Offset | None:
        """Read the ``[dx, dy]`` after ``label``."""
        values, present = self.coords(cur, 2, "label offset")
        if not present:
            self.error(
                "label-without-offset",
                "'label' must be followed by an offset such as [10, -5]",
                cur.pos,
                hint="label [dx, dy] moves the label by dx, dy pixels",
                length=max(1, len(cur.rest().strip())),
            )
            cur.pos = cur.end
            return None
        dx, dy = values
        if dx is None or dy is None:
            if dx is not None and dy is None and cur.text.rfind(",", 0, cur.pos) >= 0:
                self.error(
                    "bad-label",
                    "the label offset needs two numbers",
                    cur.pos - 1,
                    hint="write label [dx, dy], e.g. label [10, -5]",
                )
            return None
        return _new(el.Offset, dx=dx, dy=dy)

    def trailers(self, cur: _Cursor, *, allow: frozenset[str]) -> _Trailers:
        """Read what follows a component's coordinates, in any order."""
        t = _Trailers()
        while not cur.at_end():
            pos = cur.pos
            text = cur.text
            if cur.peek("label") and _word_end(text, pos + 5, cur.end):
                cur.pos += 5
                t.label = self.offset(cur)
                continue
            if cur.peek("inertia") and _word_end(text, pos + 7, cur.end):
                cur.pos += 7
                t.inertia = True
                continue
            if "evolve" in allow and cur.peek("evolve") and _word_end(text, pos + 6, cur.end):
                cur.pos += 6
                cur.ws()
                stop = pos + 6
                while stop < cur.end and text[stop] in " \t":
                    stop += 1
                token_end = stop
                while token_end < cur.end and not text[token_end].isspace():
                    token_end += 1
                raw = text[stop:token_end]
                value = parse_number(raw)
                if value is None:
                    self.error(
                        "bad-evolve",
                        "'evolve' must be followed by the maturity to evolve to",
                        stop,
                        hint="e.g. component Kettle [0.43, 0.35] evolve 0.62",
                    )
                else:
                    t.evolve = self._in_range(value, "coordinates", stop, raw)
                cur.pos = token_end
                continue
            if "url" in allow and cur.peek("url("):
                close = cur.find(")")
                if close < 0:
                    self.error("unclosed-paren", "url( is never closed", pos)
                    cur.pos = cur.end
                    continue
                ref = text[pos + 4 : close].strip()
                if not ref or "(" in ref:
                    self.error(
                        "bad-url-reference",
                        "url( ) needs the name of a url statement",
                        pos,
                        hint="e.g. submap Website [0.8, 0.5] url(websiteMap)",
                    )
                else:
                    t.url = ref
                cur.pos = close + 1
                continue
            if cur.peek("color(") or cur.peek("colour("):
                # A home-made colour suffix seen in real maps; OWM ignores it too.
                close = cur.find(")")
                if close >= 0:
                    value_text = text[text.find("(", pos) + 1 : close]
                    color = dv.parse_color(value_text)
                    if color is None:
                        self.error(
                            "bad-color",
                            f"{value_text.strip()!r} is not a colour",
                            pos,
                            hint="use a CSS colour name or #rrggbb",
                        )
                    t.color = color
                    cur.pos = close + 1
                    continue
            if cur.peek("("):
                close = cur.find(")")
                if close < 0:
                    self.error(
                        "unclosed-paren",
                        "'(' is never closed",
                        pos,
                        hint="decorators are written (build), (buy), (market, outsource) ...",
                    )
                    cur.pos = cur.end
                    continue
                self.decorators(text[pos + 1 : close], pos + 1, t)
                cur.pos = close + 1
                continue
            # Anything else is not part of the statement.
            extra = cur.rest().strip()
            self.error(
                "unexpected-text",
                f"unexpected text {_clip(extra)!r} after the statement",
                pos,
                hint=_trailing_hint(extra),
                length=len(extra),
            )
            cur.pos = cur.end
        return t

    def decorators(self, body: str, offset: int, t: _Trailers) -> None:
        for raw_word in body.split(","):
            word = raw_word.strip().lower()
            if word in _METHODS:
                if t.method is None:
                    t.method = word
                elif t.method != word:
                    # An error, not a warning: writing the map back would lose the word.
                    self.error(
                        "several-methods",
                        f"only one of build, buy and outsource applies; ({word}) is ignored",
                        offset + body.find(raw_word.strip()),
                    )
            elif word == "market":
                t.market = True
            elif word == "ecosystem":
                t.ecosystem = True
            elif word == "inertia":
                t.inertia = True
            elif word:
                close = difflib.get_close_matches(word, sorted(_DECORATOR_WORDS), 1, 0.7)
                self.error(
                    "unknown-decorator",
                    f"unknown decorator ({raw_word.strip()})",
                    offset + body.find(raw_word.strip()),
                    hint=(f"did you mean ({close[0]})? " if close else "")
                    + "decorators are build, buy, outsource, market, ecosystem and inertia",
                    length=len(raw_word.strip()),
                )

    def component_like(
        self, cur: _Cursor, keyword: str, *, allow: frozenset[str]
    ) -> tuple[str, float | None, float | None, _Trailers, int]:
        """Name, coordinates and trailers of a component, submap or legacy market."""
        name, pos = self.name(cur)
        quoted = pos < cur.end and cur.text[pos] == '"' and cur.text[cur.pos - 1] == '"'
        t = _Trailers()
        if quoted and not cur.peek("["):
            # `component "Name" (market)`: what follows a quoted name is never the name.
            t = self.trailers(cur, allow=allow)
            visibility = maturity = None
        elif (
            not quoted
            and cur.peek("[")
            and (name == "label" or name.endswith((" label", "\tlabel")))
        ):
            # `component X label [10, 5]`: an offset, not coordinates.
            cur.pos = cur.text.rfind("label", pos, cur.pos)
            name = name[: -len("label")].strip()
            t = self.trailers(cur, allow=allow)
            visibility = maturity = None
        elif cur.peek("["):
            values, _ = self.coords(cur, 2)
            visibility, maturity = values
            t = self.trailers(cur, allow=allow)
        else:
            visibility = maturity = None
            name = self._decorators_in_name(name, pos, t, allow)
        if not name:
            self.error(
                "missing-name",
                f"'{keyword}' needs a name",
                pos,
                hint=f"e.g. {keyword} Kettle [0.43, 0.35]",
            )
            raise _Skip
        return name, visibility, maturity, t, pos

    def _decorators_in_name(self, name: str, pos: int, t: _Trailers, allow: frozenset[str]) -> str:
        """Without coordinates, trailing ``(market)``, ``label [..]`` etc. are not the name.

        OWM keeps ``component G (market)`` as the name ``G (market)``; the author
        evidently meant a market called G.
        """
        if name.startswith('"'):
            return name
        code = self.line.code
        start = code.find(name, pos)
        cut = len(name)
        while True:
            head = name[:cut].rstrip()
            if head.endswith(")"):
                open_ = head.rfind("(")
                words = [w.strip().lower() for w in head[open_ + 1 : -1].split(",")]
                if open_ > 0 and words and all(w in _DECORATOR_WORDS for w in words):
                    cut = open_
                    continue
                for call in ("url(", "color(", "colour("):
                    if open_ >= len(call) - 1 and head[: open_ + 1].endswith(call):
                        cut = open_ + 1 - len(call)
                        break
                else:
                    break
                continue
            break
        if cut == len(name):
            return name
        tail = _Cursor(code, start + cut, start + len(name))
        parsed = self.trailers(tail, allow=allow)
        t.inertia, t.method, t.market, t.ecosystem, t.url, t.color, t.label = (
            parsed.inertia,
            parsed.method,
            parsed.market,
            parsed.ecosystem,
            parsed.url,
            parsed.color,
            parsed.label,
        )
        return name[:cut].strip()

    # -- one method per keyword ----------------------------------------------------------

    def s_title(self, cur: _Cursor, keyword: str) -> list[Any]:
        text = cur.rest().strip()
        if not text:
            self.error(
                "empty-title",
                "'title' needs the map's title after it",
                cur.pos - len(keyword),
                hint="e.g. title Tea Shop (OWM stops reading a map with an empty title)",
                length=len(keyword),
            )
            raise _Skip
        return [_new(el.Title, text=_unquote_whole(text))]

    def s_style(self, cur: _Cursor, keyword: str) -> list[Any]:
        rest = cur.rest().strip()
        if not rest:
            self.error(
                "empty-style",
                "'style' needs a style name",
                cur.pos - len(keyword),
                hint="one of plain, wardley, colour, dark, handwritten",
                length=len(keyword),
            )
            raise _Skip
        name = rest.split()[0]
        if not _STYLE_NAME.fullmatch(name):
            self.error(
                "bad-style",
                f"{_clip(name)!r} is not a style name",
                cur.ws().pos,
                hint="one of plain, wardley, colour, dark, handwritten",
                length=len(name),
            )
            raise _Skip
        cur.ws()
        cur.pos += len(name)
        self._no_more(cur, "style")
        return [_new(el.Style, name=name)]

    def s_size(self, cur: _Cursor, keyword: str) -> list[Any]:
        values, present = self.coords(cur, 2, "size")
        if not present:
            self.error(
                "bad-size", "'size' needs [width, height]", cur.pos, hint="e.g. size [1024, 768]"
            )
            raise _Skip
        self._no_more(cur, "size")
        width, height = values
        if width is None or height is None:
            raise _Skip
        return [_new(el.Size, width=width, height=height)]

    def s_evolution(self, cur: _Cursor, keyword: str) -> list[Any]:
        rest = cur.rest().strip()
        hide = False
        if rest.startswith("--"):
            flag, _, rest = rest.partition(" ")
            if flag == "--hide":
                hide = True
            else:
                self.error(
                    "unknown-flag",
                    f"unknown flag {flag!r}",
                    cur.ws().pos,
                    hint="the only flag is --hide",
                    length=len(flag),
                )
            rest = rest.strip()
        stages: list[el.Stage] = []
        if rest:
            labels = _split_arrows(rest)
            stages = [_new(el.Stage, name=_unquote(label)) for label in labels]
            if len(stages) != 4:
                self.warn(
                    "stage-count",
                    f"the evolution axis has four stages; {len(stages)} given",
                    cur.ws().pos,
                    hint="write four labels: evolution Genesis->Custom->Product->Commodity",
                    length=len(rest),
                )
        return [_new(el.Evolution, stages=tuple(stages), hide=hide)]

    def s_valuechain(self, cur: _Cursor, keyword: str) -> list[Any]:
        rest = cur.rest().strip()
        if rest != "--hide":
            self.error(
                "bad-valuechain",
                f"unknown valuechain option {rest!r}",
                cur.ws().pos,
                hint="the only form is: valuechain --hide",
                length=max(1, len(rest)),
            )
            raise _Skip
        return [_new(el.ValueChain, hide=True)]

    def s_annotations(self, cur: _Cursor, keyword: str) -> list[Any]:
        values, present = self.coords(cur, 2)
        self._no_more(cur, "annotations")
        visibility, maturity = values
        if not present or visibility is None or maturity is None:
            self.error(
                "bad-annotations",
                "'annotations' needs the legend position [visibility, maturity]",
                cur.pos,
                hint="e.g. annotations [0.72, 0.03]",
            )
            raise _Skip
        return [_new(el.AnnotationsLegend, visibility=visibility, maturity=maturity)]

    def s_anchor(self, cur: _Cursor, keyword: str) -> list[Any]:
        # OWM ignores a label on an anchor; real maps write one, so we honour it.
        name, visibility, maturity, t, pos = self.component_like(cur, keyword, allow=frozenset())
        if t.inertia or t.method or t.market or t.ecosystem or t.color:
            self.warn(
                "anchor-decorators",
                "anchors take no decorators, inertia or colour; they are ignored",
                pos,
                hint="make it a component to decorate it",
            )
        return [_new(el.Anchor, name=name, visibility=visibility, maturity=maturity, label=t.label)]

    def s_component(self, cur: _Cursor, keyword: str) -> list[Any]:
        allow = frozenset({"evolve"})
        name, visibility, maturity, t, _ = self.component_like(cur, keyword, allow=allow)
        component = _new(el.Component, **_component_fields(name, visibility, maturity, t))
        if t.evolve is None:
            return [component]
        # The documented inline form (OWM's renderer crashes on it): sugar for evolve.
        return [component, _new(el.Evolve, name=name, maturity=t.evolve)]

    def s_submap(self, cur: _Cursor, keyword: str) -> list[Any]:
        allow = frozenset({"url"})
        name, visibility, maturity, t, _ = self.component_like(cur, keyword, allow=allow)
        fields = _component_fields(name, visibility, maturity, t)
        return [_new(el.Submap, url=t.url, **fields)]

    def s_market(self, cur: _Cursor, keyword: str) -> list[Any]:
        # Pre-2025 `market X [..]` / `ecosystem X [..]`: the decorator form today.
        name, visibility, maturity, t, _ = self.component_like(cur, keyword, allow=frozenset())
        t.market = t.market or keyword == "market"
        t.ecosystem = t.ecosystem or keyword == "ecosystem"
        return [_new(el.Component, **_component_fields(name, visibility, maturity, t))]

    s_ecosystem = s_market

    def s_build(self, cur: _Cursor, keyword: str) -> list[Any]:
        # Pre-2025 `build X`: decorates component X, wherever it is declared.
        name, pos = self.name(cur, stops="")
        if not name:
            self.error("missing-name", f"'{keyword}' needs a component name", pos)
            raise _Skip
        self.legacy_methods.append((keyword, name, self.line, pos))
        return []

    s_buy = s_build
    s_outsource = s_build

    def s_inertia(self, cur: _Cursor, keyword: str) -> list[Any]:
        # Not OWM (it reports an error and ignores the line), but common in generated
        # maps and unambiguous: mark the component, and say how to write it.
        name, pos = self.name(cur, stops="")
        if not name:
            self.error("missing-name", "'inertia' needs a component name", pos)
            raise _Skip
        self.legacy_methods.append((keyword, name, self.line, pos))
        return []

    def s_url(self, cur: _Cursor, keyword: str) -> list[Any]:
        name, pos = self.name(cur)
        if not name:
            self.error("missing-name", "'url' needs a name", pos, hint="e.g. url map [https://...]")
            raise _Skip
        cur.ws()
        close = cur.text.rfind("]", cur.pos, cur.end) if cur.peek("[") else -1
        address = cur.text[cur.pos + 1 : close].strip() if close >= 0 else ""
        if not address:
            self.error(
                "url-without-address",
                f"url {name!r} has no address",
                cur.pos,
                hint=f"write url {name} [https://example.com/map]",
            )
            raise _Skip
        cur.pos = close + 1
        self._no_more(cur, "url")
        return [_new(el.Url, name=name, address=address)]

    def s_evolve(self, cur: _Cursor, keyword: str) -> list[Any]:
        start = cur.ws().pos
        text = cur.text
        spans = _quoted_spans(text, start, cur.end)
        # The maturity is the last number followed only by trailers (label, decorators):
        # names may hold numbers ("Web 2.0") and parentheses ("Foo (v2)").
        tokens = _tokens(text, start, cur.end, spans)
        found: tuple[int, int, float] | None = None
        for t_start, t_end in reversed(tokens):
            after = text[t_end : cur.end].lstrip()
            if after and not after.startswith(("label", "(", "inertia")):
                continue
            token = text[t_start:t_end]
            value = parse_number(token)
            if value is None and "->" in token:
                # `evolve X 0.18->0.55` (from->to) or `evolve X->0.55`: the author gave
                # the target after an arrow.
                arrow = token.rfind("->")
                value = parse_number(token[arrow + 2 :])
                if value is not None:
                    before = token[:arrow]
                    self.warn(
                        "evolve-arrow",
                        f"evolve takes the target maturity only: read as {value:g}",
                        t_start,
                        hint="write evolve Name 0.55 (the starting point is the component's)",
                        length=len(token),
                    )
                    if parse_number(before) is not None or not before:
                        found = (t_start, t_end, value)
                    else:
                        found = (t_start + arrow, t_end, value)
                    break
            if value is not None:
                found = (t_start, t_end, value)
                break
        if found is None or found[0] == start:
            self.error(
                "bad-evolve",
                "'evolve' needs the component's name and the maturity to evolve to",
                tokens[-1][0] if tokens else start,
                hint="e.g. evolve Kettle 0.62 or evolve Kettle->Electric Kettle 0.62",
            )
            raise _Skip
        number_start, head_end, value = found
        maturity = self._in_range(value, "coordinates", number_start, text[number_start:head_end])
        if maturity is None:
            raise _Skip
        op = _find_outside(text, "->", start, number_start, spans)
        if op >= 0:
            old = _unquote(text[start:op].strip())
            new = _unquote(text[op + 2 : number_start].strip())
        else:
            old, new = _unquote(text[start:number_start].strip()), None
        if not old:
            self.error("missing-name", "'evolve' needs a component name", start)
            raise _Skip
        t = self.trailers(_Cursor(text, head_end, cur.end), allow=frozenset())
        if t.inertia:
            self.warn(
                "evolve-inertia",
                "inertia belongs on the component, not on evolve",
                head_end,
                hint="write inertia on the component's line",
            )
        return [
            _new(
                el.Evolve,
                name=old,
                maturity=maturity,
                rename=new or None,
                label=t.label,
                method=t.method,
                market=t.market,
                ecosystem=t.ecosystem,
            )
        ]

    def s_pipeline(self, cur: _Cursor, keyword: str) -> list[Any]:
        name, pos = self.name(cur, stops="[{")
        if not name:
            self.error("missing-name", "'pipeline' needs the name of its component", pos)
            raise _Skip
        start = end = None
        if cur.peek("["):
            bracket = cur.ws().pos
            values, _ = self.coords(cur, 2, "pipeline range")
            if len(cur.text[bracket : cur.pos].split(",")) == 1 and values[0] is not None:
                self.error(
                    "coordinate-count",
                    "a pipeline range needs two maturities [start, end]",
                    bracket,
                    hint="e.g. pipeline Kettle [0.15, 0.65], or list members in { }",
                )
                values = [None, None]
            start, end = values
        opens_block = False
        if cur.peek("{"):
            cur.pos += 1
            opens_block = True
        self._no_more(cur, "pipeline")
        pipeline = _new(
            el.Pipeline, name=name, start=start, end=end, block=() if opens_block else None
        )
        return [pipeline]

    def pipeline_component(self, cur: _Cursor) -> el.PipelineComponent:
        name, pos = self.name(cur)
        quoted = pos < cur.end and cur.text[pos] == '"' and cur.text[cur.pos - 1] == '"'
        if not quoted and cur.peek("[") and (name == "label" or name.endswith(" label")):
            # `component X label [10, 5]`: an offset, not a maturity.
            cur.pos = cur.text.rfind("label", pos, cur.pos)
            name = name[: -len("label")].strip()
        if not name:
            self.error("missing-name", "a pipeline member needs a name", pos)
            raise _Skip
        maturity = None
        if cur.peek("["):
            bracket = cur.ws().pos
            close = cur.find("]")
            body = cur.text[bracket + 1 : close] if close >= 0 else ""
            if "," in body:
                values, _ = self.coords(cur, 2, "member position")
                self.warn(
                    "member-coordinates",
                    "a pipeline member has only a maturity; the visibility is ignored",
                    bracket,
                    hint="members sit on their pipeline's line: write [maturity]",
                )
                maturity = values[1]
            else:
                values, _ = self.coords(cur, 1, "maturity")
                maturity = values[0]
        t = self.trailers(cur, allow=frozenset())
        if t.method or t.market or t.ecosystem or t.inertia:
            self.warn(
                "member-decorators",
                "decorators on pipeline members are not drawn",
                pos,
            )
        return _new(el.PipelineComponent, name=name, maturity=maturity, label=t.label)

    def pipeline_block(self, pipeline: el.Pipeline, line: Line, i: int) -> tuple[Any, int]:
        """Read the ``{ ... }`` block that may follow a pipeline line."""
        lines = self.lines
        items: list[Any] = []
        pending: Line | None = None
        if pipeline.block is None:
            # The `{` may come on a later line, after blank lines and comments only;
            # those comments move inside the block.
            j = i
            while j < len(lines) and not lines[j].stripped:
                j += 1
            if j >= len(lines) or not lines[j].stripped.startswith("{"):
                return pipeline, i
            for k in range(i, j):
                if lines[k].comment is not None:
                    items.append(self._comment_element(lines[k]))
            brace = lines[j]
            # What follows the `{` on its line is read as the block's first line.
            pending = _replace_code(brace, brace.code.replace("{", " ", 1))
            i = j + 1
        closed = False
        while True:
            if pending is not None:
                inner, pending = pending, None
            elif i < len(lines):
                inner = lines[i]
                i += 1
            else:
                break
            self.line = inner
            if inner.in_block and not inner.stripped:
                continue
            code = inner.stripped
            brace_at = _closing_brace(inner.code)
            if brace_at >= 0:
                before = inner.code[:brace_at]
                if before.strip():
                    items.extend(self._block_line(_replace_code(inner, before, keep=False)))
                after = inner.code[brace_at + 1 :].strip()
                if after:
                    self.error(
                        "unexpected-text",
                        f"unexpected text {_clip(after)!r} after '}}'",
                        brace_at + 1,
                        hint="put the next statement on its own line",
                    )
                if inner.comment is not None and not before.strip():
                    items.append(_new(el.Comment, text=inner.comment))
                closed = True
                break
            self._leading_blocks(inner, items)
            if not code:
                if not inner.blocks and inner.comment is None and inner.directive is None:
                    items.append(_new(el.Blank))
                elif inner.comment is not None:
                    items.append(self._comment_element(inner))
                self._trailing_blocks(inner, items)
                continue
            if code.split(None, 1)[0] == "pipeline":
                # An unclosed block ends at the next pipeline, as in OWM.
                i -= 1
                break
            items.extend(self._block_line(inner))
            self._trailing_blocks(inner, items)
        if not closed:
            self.error(
                "unclosed-block",
                f"the block of pipeline {pipeline.name!r} is never closed",
                line.indent,
                hint="end the list of members with a line holding only }",
                line=line,
            )
        block = tuple(_tidy_blanks(items))
        return pipeline.model_copy(update={"block": block}), i

    def _block_line(self, line: Line) -> list[Any]:
        produced = self.statement(line, in_block=True)
        allowed: list[Any] = []
        for item in produced:
            if isinstance(item, el.Component | el.Include):
                # Only reachable through `market X` style legacy lines inside a block.
                self.error(
                    "not-in-block",
                    f"a {item.kind} cannot stand inside a pipeline block",
                    line.indent,
                    hint="move it below the closing }",
                )
                allowed.append(_unparsed(line))
            else:
                allowed.append(item)
        return allowed

    def s_note(self, cur: _Cursor, keyword: str) -> list[Any]:
        cur.ws()
        pos = cur.pos
        close = _quote_close(cur.text, pos + 1, cur.end) if cur.peek('"') else -2
        if close == -1 or (close >= 0 and _ends_name(cur.text, close + 1, cur.end)):
            # Quoted text (an unclosed quote is reported and read without it).
            text, _ = self.name(cur, stops="[", what="note", collapse=False)
        else:
            # The text may hold brackets ("see [1]"): the position is the first [..]
            # holding two numbers, else the last [..] of the line.
            bracket = _position_bracket(cur.text, cur.pos, cur.end)
            stop = bracket if bracket >= 0 else cur.end
            text = cur.text[pos:stop].strip()
            cur.pos = stop
        values, _ = self.coords(cur, 2)
        if not cur.at_end():
            # `[0.9, 0.1] [0.9, 0.1]`: a repeated position (a copy-paste slip).
            again, present = self.coords(_Cursor(cur.text, cur.pos, cur.end), 2)
            if present and again == values and cur.text.rstrip().endswith("]"):
                self.warn(
                    "repeated-position",
                    "the note's position is written twice",
                    cur.ws().pos,
                    hint="remove the second [visibility, maturity]",
                )
                cur.pos = cur.end
        self._no_more(cur, "note")
        if not text:
            self.error("missing-text", "'note' needs some text", pos, hint="e.g. note Hot water")
            raise _Skip
        return [_new(el.Note, text=text, visibility=values[0], maturity=values[1])]

    def s_annotation(self, cur: _Cursor, keyword: str) -> list[Any]:
        cur.ws()
        pos = cur.pos
        text = cur.text
        # The number runs to a space, a `[` or a comma (`annotation 1,[0.7, 0.1]` is
        # common and OWM reads it too).
        stop = pos
        while stop < cur.end and text[stop] not in " \t[,":
            stop += 1
        number_text = text[pos:stop]
        number = parse_number(number_text)
        if number is None or not number.is_integer() or abs(number) > 999_999:
            self.error(
                "bad-annotation-number",
                f"an annotation needs a whole number, not {number_text!r}",
                pos,
                hint="e.g. annotation 1 [0.5, 0.4] What this point means",
                length=max(1, len(number_text)),
            )
            raise _Skip
        cur.pos = stop
        if cur.peek(","):
            cur.pos += 1
        points: list[el.Point] = []
        if cur.peek("["):
            points, text_start = self._annotation_points(cur, cur.ws().pos)
        else:
            text_start = cur.pos
            self.warn(
                "annotation-without-position",
                f"annotation {int(number)} has no position; it is listed in the legend only",
                pos,
                hint="add [visibility, maturity] after the number",
            )
        body = _unquote_whole(text[text_start : cur.end].strip())
        return [_new(el.Annotation, number=int(number), points=tuple(points), text=body)]

    def _annotation_points(self, cur: _Cursor, bracket: int) -> tuple[list[el.Point], int]:
        text = cur.text
        cur.pos = bracket
        after_open = bracket + 1
        while after_open < cur.end and text[after_open] in " \t":
            after_open += 1
        if after_open < cur.end and text[after_open] == "[":
            # A list of points: [[v, m], [v, m], ...]
            points: list[el.Point] = []
            cur.pos = after_open
            while True:
                values, present = self.coords(cur, 2, "annotation position")
                if not present:
                    break
                if values[0] is not None and values[1] is not None:
                    points.append(_new(el.Point, visibility=values[0], maturity=values[1]))
                cur.ws()
                if cur.peek(","):
                    cur.pos += 1
                    continue
                break
            cur.ws()
            if cur.peek("]"):
                cur.pos += 1
            else:
                self.error(
                    "unclosed-bracket",
                    "the list of annotation positions is missing its closing ']'",
                    cur.pos,
                    hint="e.g. annotation 1 [[0.4, 0.5], [0.6, 0.7]] text",
                )
            return points, cur.pos
        values, _ = self.coords(cur, 2, "annotation position")
        if values[0] is None or values[1] is None:
            return [], cur.pos
        return [_new(el.Point, visibility=values[0], maturity=values[1])], cur.pos

    def s_pioneers(self, cur: _Cursor, keyword: str) -> list[Any]:
        cur.ws()
        close = cur.find("]")
        body = cur.text[cur.pos + 1 : close] if cur.peek("[") and close >= 0 else ""
        legacy = body.count(",") == 1
        values, present = self.coords(cur, 2 if legacy else 4, "area corners")
        if not present:
            self.error(
                "bad-area",
                f"'{keyword}' needs two corners [visibility1, maturity1, visibility2, maturity2]",
                cur.pos,
                hint=f"e.g. {keyword} [0.9, 0.1, 0.7, 0.4]",
            )
            raise _Skip
        if any(v is None for v in values):
            raise _Skip
        sizes: list[float | None] = [None, None]
        extra = cur.rest().split()
        if extra:
            numbers = [parse_number(w) for w in extra]
            if len(extra) == 2 and all(n is not None and 0 < n <= el.MAX_PIXELS for n in numbers):
                sizes = numbers
            else:
                self._no_more(cur, keyword)
        if legacy and sizes[0] is None:
            self.error(
                "bad-area",
                f"'{keyword}' needs two corners [visibility1, maturity1, visibility2, maturity2]",
                cur.pos,
                hint=f"or the older form: {keyword} [visibility, maturity] width height",
            )
            raise _Skip
        corners = [float(v) for v in values if v is not None] + [None, None]
        return [
            _new(
                el.Attitude,
                attitude=keyword,
                visibility=corners[0],
                maturity=corners[1],
                visibility2=corners[2],
                maturity2=corners[3],
                width=sizes[0],
                height=sizes[1],
            )
        ]

    s_settlers = s_pioneers
    s_townplanners = s_pioneers

    def s_accelerator(self, cur: _Cursor, keyword: str) -> list[Any]:
        name, pos = self.name(cur)
        values, _ = self.coords(cur, 2)
        self._no_more(cur, keyword)
        if not name:
            self.error("missing-name", f"'{keyword}' needs a name", pos)
            raise _Skip
        return [
            _new(
                el.Accelerator,
                name=name,
                visibility=values[0],
                maturity=values[1],
                deaccelerator=keyword == "deaccelerator",
            )
        ]

    s_deaccelerator = s_accelerator

    def links(self, cur: _Cursor) -> list[Any]:
        """``A->B``, flows, chains ``A->B->C`` and a ``; context`` at the end."""
        text = cur.text
        pos = cur.ws().pos
        end = cur.end
        spans = _quoted_spans(text, pos, end)
        terminators = _quote_terminators(text, pos, end)
        context = None
        ends: list[tuple[str, int]] = []
        operators: list[tuple[str | None, str | None]] = []
        semicolon = -1
        while True:
            # The context starts at the first `;` that is not inside a flow's value.
            if semicolon < pos:
                semicolon = _find_outside(text, ";", pos, end, spans)
                if semicolon < 0:
                    semicolon = end + 1  # none: never look again
            found = _find_operator(text, pos, end, spans, terminators)
            if found is None or found[0] > semicolon:
                stop = min(semicolon, end)
                ends.append((text[pos:stop], pos))
                if semicolon < end:
                    context = _unquote_whole(text[semicolon + 1 : end].strip()) or None
                break
            op_start, op_end, flow, value = found
            ends.append((text[pos:op_start], pos))
            operators.append((flow, value))
            pos = op_end
        names: list[str] = []
        for raw, at in ends:
            name = _unquote(raw.strip())
            if not name:
                self.error(
                    "missing-name",
                    "a link needs a component name on both sides of the arrow",
                    at,
                    hint="e.g. Cup of Tea->Hot Water",
                )
                raise _Skip
            names.append(name)
        result: list[Any] = []
        for index, (flow, value) in enumerate(operators):
            last = index == len(operators) - 1
            result.append(
                _new(
                    el.Link,
                    start=names[index],
                    end=names[index + 1],
                    flow=flow,
                    flow_value=value,
                    context=context if last else None,
                )
            )
        return result

    # -- unknown lines -------------------------------------------------------------------

    def unknown(self, line: Line, keyword: str, pos: int) -> None:
        code = line.stripped
        hint: str | None = None
        message = f"unknown statement {_clip(keyword)!r}"
        lower = keyword.lower()
        if lower in KEYWORDS:
            hint = f"keywords are lower-case: did you mean '{lower}'?"
        elif code.startswith("#"):
            message = "'#' does not start a comment"
            hint = "comments start with // (or are enclosed in /* */)"
        elif code.startswith("```"):
            message = "a Markdown code fence is not part of a map"
            hint = "copy only the lines between the ``` fences"
        elif code.startswith("</") or (code.startswith("<") and code.endswith(">")):
            message = f"stray markup {_clip(code)!r}"
            hint = "remove it; it is not part of the map"
        elif keyword == "y-axis":
            message = "'y-axis' is no longer part of OWM"
            hint = "remove it; OWM reads it as a broken link"
        elif _find_arrow_like(code):
            message = f"{_clip(code)!r} is not a link"
            hint = "links are written A->B, or A+>B for a flow"
        else:
            close = difflib.get_close_matches(lower, sorted(KEYWORDS), 1, 0.75)
            if close:
                hint = f"did you mean '{close[0]}'?"
            else:
                hint = "a line is a statement such as component, anchor or note, or a link A->B"
        self.error("unknown-statement", message, pos, hint=hint, length=len(keyword), line=line)

    # -- directives ----------------------------------------------------------------------

    def _apply_directive(self, element: Any, line: Line, *, report: bool = True) -> Any:
        if not report:
            # A chain A->B->C: the first link reported any problem already.
            saved = len(self.diagnostics)
            result = self._apply_directive(element, line)
            del self.diagnostics[saved:]
            return result
        kind = element.kind
        allowed = dv.DIRECTIVE_KEYS.get(kind, ())
        assert line.directive is not None
        updates: dict[str, Any] = {}
        for pair in dv.split_directive(line.directive):
            column = line.directive_column + pair.offset + 1
            if pair.key not in allowed:
                self._bad_directive(pair.key, kind, allowed, column, line)
                continue
            if pair.key == "stage":
                stage = dv.parse_stage(pair.value)
                if stage is None:
                    self.report(
                        "error",
                        "bad-stage",
                        f"{pair.value!r} is not an evolution stage",
                        column,
                        hint="write I, II, III or IV (or genesis, custom, product, commodity)",
                        line=line,
                    )
                    continue
                updates["stage"] = stage
            elif pair.key == "color":
                color = dv.parse_color(pair.value)
                if color is None:
                    self.report(
                        "error",
                        "bad-color",
                        f"{pair.value!r} is not a colour",
                        column,
                        hint="use a CSS colour name such as red, or #rrggbb",
                        line=line,
                    )
                    continue
                updates["color"] = color
            elif pair.key == "display":
                updates["display"] = _unquote(pair.value) or None
            elif pair.key == "style":
                color, dash, width, unknown = dv.parse_link_style(pair.value)
                if unknown:
                    self.report(
                        "error",
                        "bad-link-style",
                        f"unknown link style {' '.join(unknown)!r}",
                        column,
                        hint="combine a colour (red, #c00), solid/dashed/dotted and "
                        "thin/thick or a width in pixels",
                        line=line,
                    )
                style = _new(el.LinkStyle, color=color, dash=dash, width=width)
                updates["style"] = None if style.empty else style
            elif pair.key == "sublabels":
                updates["stages"] = self._sublabels(element, pair.value, column, line)
            elif pair.key == "boundaries":
                bounds = self._boundaries(element, pair.value, column, line)
                if bounds is not None:
                    updates["boundaries"] = bounds
        if not updates:
            return element
        return element.model_copy(update=updates)

    def _sublabels(
        self, element: el.Evolution, value: str, column: int, line: Line
    ) -> tuple[el.Stage, ...]:
        seconds = [_unquote(s.strip()) or None for s in _split_arrows(value)]
        stages = list(element.stages)
        if not stages:
            from ..model.map import DEFAULT_STAGES

            stages = [_new(el.Stage, name=s.name) for s in DEFAULT_STAGES]
        if len(seconds) != len(stages):
            self.report(
                "warning",
                "sublabel-count",
                f"{len(seconds)} second lines for {len(stages)} stages",
                column,
                hint="give one per stage, separated by ->",
                line=line,
            )
        return tuple(
            stage.model_copy(update={"second": seconds[i] if i < len(seconds) else None})
            for i, stage in enumerate(stages)
        )

    def _boundaries(
        self, element: el.Evolution, value: str, column: int, line: Line
    ) -> tuple[float, ...] | None:
        numbers = [parse_number(p) for p in value.replace(",", " ").split()]
        stages = len(element.stages) or 4
        ok = (
            numbers
            and all(n is not None and 0 < n < 1 for n in numbers)
            and all(a < b for a, b in itertools.pairwise(numbers))  # type: ignore[operator]
        )
        if not ok or len(numbers) != stages - 1:
            self.report(
                "error",
                "bad-boundaries",
                f"boundaries must be {stages - 1} increasing numbers between 0 and 1",
                column,
                hint="e.g. boundaries: 0.175, 0.4, 0.7 (where stages II, III and IV begin)",
                line=line,
            )
            return None
        return tuple(float(n) for n in numbers if n is not None)

    def _bad_directive(
        self, key: str, kind: str, allowed: tuple[str, ...], column: int, line: Line
    ) -> None:
        known = sorted({k for keys in dv.DIRECTIVE_KEYS.values() for k in keys})
        if key in known:
            where = [k for k, keys in dv.DIRECTIVE_KEYS.items() if key in keys]
            places = ", ".join("its own line" if w == "line" else w for w in where)
            message = f"'{key}' does not apply to {'a line' if kind == 'line' else kind}"
            hint = f"'{key}' goes on: {places}"
        else:
            message = f"unknown directive {key!r}"
            close = difflib.get_close_matches(key, known, 1, 0.6)
            hint = f"did you mean '{close[0]}'? " if close else ""
            hint += "here: " + ", ".join(allowed) if allowed else "see docs/format.md"
        self.report("error", "unknown-directive", message, column, hint=hint, line=line)

    def _line_directive(self, line: Line) -> list[Any]:
        """A directive on a line of its own (``//! include: file.owm``)."""
        assert line.directive is not None
        out: list[Any] = []
        for pair in dv.split_directive(line.directive):
            column = line.directive_column + pair.offset + 1
            if pair.key == "include":
                path = _unquote(pair.value)
                if not path:
                    self.report(
                        "error", "bad-include", "include needs a file name", column, line=line
                    )
                    continue
                out.append(_new(el.Include, path=path).with_span(self.span(line)))
            else:
                self._bad_directive(pair.key, "line", ("include",), column, line)
        return out

    def _no_more(self, cur: _Cursor, what: str) -> None:
        if not cur.at_end():
            extra = cur.rest().strip()
            self.error(
                "unexpected-text",
                f"unexpected text {_clip(extra)!r} after the {what} statement",
                cur.pos,
                hint=_trailing_hint(extra),
                length=len(extra),
            )

    # -- after every line ----------------------------------------------------------------

    def apply_legacy_methods(self, out: list[Any]) -> list[Any]:
        if not self.legacy_methods:
            return out
        for keyword, name, line, pos in self.legacy_methods:
            target = None
            for index, element in enumerate(out):
                if isinstance(element, el.Component) and element.name == name:
                    target = index
                    break
            if target is None:
                folded = name.casefold()
                for index, element in enumerate(out):
                    if isinstance(element, el.Component) and element.name.casefold() == folded:
                        target = index
                        break
            if target is None:
                self.report(
                    "warning",
                    "unknown-component",
                    f"'{keyword} {name}': there is no component called {name!r}",
                    pos + 1,
                    hint=f"declare it, or write component {name} [v, m] ({keyword})",
                    line=line,
                    length=len(name),
                )
                out.append(_unparsed(line).with_span(self.span(line)))
                continue
            component = out[target]
            span = component.span
            if keyword == "inertia":
                self.report(
                    "warning",
                    "inertia-statement",
                    f"'inertia {name}' is not OWM syntax (OWM ignores it); {name!r} is "
                    "marked with inertia",
                    pos + 1,
                    hint="mark the component itself: component Name [v, m] inertia",
                    line=line,
                    length=len(name),
                )
                update: dict[str, Any] = {"inertia": True}
            else:
                if component.method not in (None, keyword):
                    self.report(
                        "warning",
                        "several-methods",
                        f"{name!r} is already marked ({component.method}); ({keyword}) replaces it",
                        pos + 1,
                        hint="keep one of build, buy and outsource",
                        line=line,
                    )
                update = {"method": keyword}
            out[target] = component.model_copy(update=update).with_span(span)
        return out


_NUM = r"[+-]?(?:\d{1,15}(?:\.\d{0,17})?|\.\d{1,17})"
_FAST_COMPONENT = re.compile(
    rf"[ \t]*component[ \t]+(?P<name>[^\[\]\"\\{{}}]*?[^\[\]\"\\{{}}\s])[ \t]*"
    rf"\[[ \t]*(?P<v>{_NUM})[ \t]*,[ \t]*(?P<m>{_NUM})[ \t]*\]"
    rf"(?:[ \t]+label[ \t]*\[[ \t]*(?P<dx>{_NUM})[ \t]*,[ \t]*(?P<dy>{_NUM})[ \t]*\])?[ \t]*"
)
_FAST_LINK = re.compile(
    r"[ \t]*(?P<a>[^\-+;\"'\[\]<>{}\s](?:[^\-+;\"'\[\]<>{}]*[^\-+;\"'\[\]<>{}\s])?)"
    r"[ \t]*->[ \t]*"
    r"(?P<b>[^\-+;\"'\[\]<>{}\s](?:[^\-+;\"'\[\]<>{}]*[^\-+;\"'\[\]<>{}\s])?)[ \t]*"
)


def _fast_path(code: str) -> Any:
    """The two statements that make up most maps, read with one regular expression.

    ``component Name [v, m]`` (with an optional label offset) and ``A->B`` between
    plain names; anything else goes through the full reader, which gives the same
    result for these (the corpus and property tests check both ways agree).
    """
    if code.lstrip().startswith("component"):
        m = _FAST_COMPONENT.fullmatch(code)
        if m is None:
            return None
        name = m.group("name")
        if "  " in name or "\t" in name:
            name = " ".join(name.split())
        if name == "label" or name.endswith(" label"):
            return None
        visibility, maturity = float(m.group("v")), float(m.group("m"))
        if not (-10 <= visibility <= 10 and -10 <= maturity <= 10):
            return None  # the full reader reports it
        label = None
        if m.group("dx") is not None:
            dx, dy = float(m.group("dx")), float(m.group("dy"))
            limit = el.MAX_PIXELS
            if not (-limit <= dx <= limit and -limit <= dy <= limit):
                return None
            label = _new(el.Offset, dx=dx, dy=dy)
        return _new(el.Component, name=name, visibility=visibility, maturity=maturity, label=label)
    m = _FAST_LINK.fullmatch(code)
    if m is None:
        return None
    start = m.group("a")
    word = start.split(None, 1)[0]
    if word in KEYWORDS:
        return None
    return _new(el.Link, start=start, end=m.group("b"))


def _component_fields(
    name: str, visibility: float | None, maturity: float | None, t: _Trailers
) -> dict[str, Any]:
    """The fields a component, submap or legacy market statement shares."""
    return {
        "name": name,
        "visibility": visibility,
        "maturity": maturity,
        "label": t.label,
        "inertia": t.inertia,
        "method": t.method,
        "market": t.market,
        "ecosystem": t.ecosystem,
        "color": t.color,
    }


def _closing_brace(code: str) -> int:
    """Where a pipeline block closes on this line, or -1.

    A line starting with ``}`` closes it, and so does a member line ending with one
    (``component X [0.5] }``); a ``}`` inside other text (a note, a link's context)
    does not.
    """
    stripped = code.strip()
    if stripped.startswith("}"):
        return code.index("}")
    if stripped.endswith("}") and stripped.split(None, 1)[0] == "component":
        spans = _quoted_spans(code, 0, len(code))
        last = code.rindex("}")
        if _find_outside(code, "}", last, len(code), spans) == last:
            return last
    return -1


def _unparsed(line: Line) -> el.Unparsed:
    """A line kept as written: its code and trailing comment.

    Other comments on the line are elements of their own.
    """
    text = line.code.strip()
    if line.comment is not None:
        text += " //" + line.comment
    if line.directive is not None:
        text += " //! " + line.directive
    return _new(el.Unparsed, text=text.strip())


def _replace_code(line: Line, code: str, *, keep: bool = True) -> Line:
    """A copy of ``line`` with other code (and, unless ``keep``, no trailing comment)."""
    return Line(
        number=line.number,
        raw=line.raw,
        code=code,
        comment=line.comment if keep else None,
        directive=line.directive if keep else None,
        directive_column=line.directive_column,
        blocks=line.blocks if keep else [],
    )


def _tidy_blanks(items: list[Any]) -> list[Any]:
    """One blank line between groups; none at the start or the end."""
    tidy: list[Any] = []
    for item in items:
        if isinstance(item, el.Blank) and (not tidy or isinstance(tidy[-1], el.Blank)):
            continue
        tidy.append(item)
    while tidy and isinstance(tidy[-1], el.Blank):
        tidy.pop()
    return tidy


def _word_end(text: str, pos: int, end: int) -> bool:
    return pos >= end or not (text[pos].isalnum() or text[pos] == "_")


def _clip(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _trailing_hint(extra: str) -> str:
    if extra.startswith("["):
        return "a second [..] is not expected here; coordinates come once, after the name"
    if extra.startswith("evolve"):
        return "write evolve on its own line: evolve Name 0.8"
    word = extra.split(None, 1)[0].split("[", 1)[0].lower() if extra.strip() else ""
    close = difflib.get_close_matches(word, ["label", "inertia"], 1, 0.7)
    if close:
        return f"did you mean '{close[0]}'?"
    return "write comments after //"


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == '"' and text[-1] == '"':
        return unescape(text[1:-1])
    return text


_NAME_FOLLOWERS = ("label", "inertia", "evolve", "url(", "color(", "colour(", "->", "+", ";", "{")


def _ends_name(text: str, pos: int, end: int) -> bool:
    """Whether what follows a closing quote at ``pos`` may follow a quoted name."""
    while pos < end and text[pos] in " \t":
        pos += 1
    if pos >= end or text[pos] == "[":
        return True
    if text.startswith(_NAME_FOLLOWERS, pos, end):
        return True
    if text[pos] == "(":
        close = text.find(")", pos, end)
        words = text[pos + 1 : close].split(",") if close >= 0 else []
        return bool(words) and all(w.strip().lower() in _DECORATOR_WORDS for w in words)
    return False


def _unquote_whole(text: str) -> str:
    """Free text that is one quoted string, unescaped; any other text as it is."""
    if len(text) >= 2 and text[0] == '"' and _quote_close(text, 1, len(text)) == len(text) - 1:
        return unescape(text[1:-1])
    return text


def _quote_close(text: str, start: int, end: int) -> int:
    """Index of the ``"`` closing a quoted name whose text starts at ``start``, or -1."""
    return quote_end(text, start, end)


def _quoted_spans(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    """(open, close) index pairs of the quoted names between ``start`` and ``end``."""
    spans: list[tuple[int, int]] = []
    i = start
    while i < end:
        q = text.find('"', i, end)
        if q < 0:
            break
        if q > start and text[q - 1] not in " \t>;<([{,-":
            i = q + 1
            continue
        close = _quote_close(text, q + 1, end)
        if close < 0:
            break
        spans.append((q, close))
        i = close + 1
    return tuple(spans)


def _find_outside(
    text: str, token: str, start: int, end: int, spans: tuple[tuple[int, int], ...]
) -> int:
    """First ``token`` between ``start`` and ``end`` that is not inside a quoted name."""
    pos = start
    while True:
        found = text.find(token, pos, end)
        if found < 0:
            return -1
        k = bisect.bisect_right(spans, (found, _BIG)) - 1
        if k < 0 or spans[k][1] < found:
            return found
        pos = spans[k][1] + 1


def _tokens(
    text: str, start: int, end: int, spans: tuple[tuple[int, int], ...]
) -> list[tuple[int, int]]:
    """(start, end) of the whitespace-separated words, quoted names counting as one."""
    tokens: list[tuple[int, int]] = []
    i = start
    k = 0
    while i < end:
        if text[i] in " \t":
            i += 1
            continue
        j = i
        while j < end and text[j] not in " \t":
            while k < len(spans) and spans[k][1] < j:
                k += 1
            if k < len(spans) and spans[k][0] <= j <= spans[k][1]:
                j = spans[k][1] + 1
                continue
            j += 1
        tokens.append((i, j))
        i = j
    return tokens


def _find_operator(
    text: str,
    start: int,
    end: int,
    spans: tuple[tuple[int, int], ...] | None = None,
    terminators: list[int] | None = None,
) -> tuple[int, int, str | None, str | None] | None:
    """The leftmost link operator: (start, end, flow direction, flow value)."""
    if spans is None:
        spans = _quoted_spans(text, start, end)
    best: tuple[int, int, str | None, str | None] | None = None
    arrow = _find_outside(text, "->", start, end, spans)
    if arrow >= 0:
        best = (arrow, arrow + 2, None, None)
    plus = _find_outside(text, "+", start, end if best is None else best[0], spans)
    while plus >= 0:
        nxt = text[plus + 1 : plus + 4]
        if nxt.startswith("<>"):
            return (plus, plus + 3, "both", None)
        if nxt.startswith(">"):
            return (plus, plus + 2, "forward", None)
        if nxt.startswith("<"):
            return (plus, plus + 2, "backward", None)
        if nxt.startswith("'"):
            if terminators is None:
                # Every ' followed by > or <, found once: the search stays linear.
                terminators = _quote_terminators(text, start, end)
            k = bisect.bisect_left(terminators, plus + 2)
            if k < len(terminators):
                close = terminators[k]
                after = text[close + 1 : close + 3]
                value = text[plus + 2 : close]
                if after.startswith("<>"):
                    return (plus, close + 3, "both", value)
                if after.startswith(">"):
                    return (plus, close + 2, "forward", value)
                return (plus, close + 2, "backward", value)
        plus = _find_outside(text, "+", plus + 1, end if best is None else best[0], spans)
    return best


def _quote_terminators(text: str, start: int, end: int) -> list[int]:
    found: list[int] = []
    pos = text.find("'", start, end)
    while pos >= 0:
        if pos + 1 < end and text[pos + 1] in "<>":
            found.append(pos)
        pos = text.find("'", pos + 1, end)
    return found


def _contains_link_operator(text: str) -> bool:
    return _find_operator(text, 0, len(text)) is not None


def _find_arrow_like(code: str) -> bool:
    return ">" in code and ("-" in code or "=" in code)


def _split_arrows(text: str) -> list[str]:
    """Split stage labels on ``->`` (not inside quotes)."""
    spans = _quoted_spans(text, 0, len(text))
    parts: list[str] = []
    pos = 0
    while True:
        found = _find_outside(text, "->", pos, len(text), spans)
        if found < 0:
            parts.append(text[pos:].strip())
            return parts
        parts.append(text[pos:found].strip())
        pos = found + 2


def _position_bracket(text: str, start: int, end: int) -> int:
    """Index of the ``[`` of a note's position, or -1.

    The first ``[a, b]`` of two numbers, else the ``[`` of a trailing bracket group.
    """
    pos = text.find("[", start, end)
    while pos >= 0:
        close = text.find("]", pos, end)
        if close < 0:
            break
        parts = text[pos + 1 : close].split(",")
        if len(parts) == 2 and all(parse_number(p) is not None for p in parts):
            return pos
        pos = text.find("[", close, end)
    return _trailing_bracket(text, start, end)


def _trailing_bracket(text: str, start: int, end: int) -> int:
    """Index of the ``[`` that opens a trailing ``[v, m]`` at the end of a note."""
    stripped_end = end
    while stripped_end > start and text[stripped_end - 1] in " \t":
        stripped_end -= 1
    if stripped_end <= start or text[stripped_end - 1] != "]":
        # No trailing bracket: the first `[`, as OWM reads it.
        return text.find("[", start, end)
    return text.rfind("[", start, stripped_end)


# (lowest, highest, unit) a value may take; beyond it is an error. Positions between 1
# and 10 (or below 0) are drawn off the map, with a warning, as OWM does.
_LIMITS: dict[str, tuple[float, float, str]] = {
    "coordinates": (-10.0, 10.0, "position"),
    "label offset": (-el.MAX_PIXELS, el.MAX_PIXELS, "pixels"),
    "size": (0.0, el.MAX_PIXELS, "pixels"),
}

_COORD_HINTS = {
    "coordinates": "write [visibility, maturity], e.g. [0.5, 0.3]",
    "label offset": "write label [dx, dy], e.g. label [10, -5]",
    "size": "write size [width, height], e.g. size [1024, 768]",
    "area corners": "write [visibility1, maturity1, visibility2, maturity2]",
    "maturity": "a pipeline member takes one number: [maturity]",
    "pipeline range": "write [start maturity, end maturity]",
}


def parse(text: str, *, file: str | None = None) -> tuple[WardleyMap, list[Diagnostic]]:
    """Parse map text (newlines already normalised) into a map and its diagnostics.

    This is the syntax layer only: no cross-reference checks and no includes. Use
    :func:`wardleyml.loads` for the full reader.
    """
    parser = _Parser(text, file)
    elements = parser.run()
    elements = parser.apply_legacy_methods(elements)
    return WardleyMap.model_construct(elements=tuple(elements)), parser.diagnostics
