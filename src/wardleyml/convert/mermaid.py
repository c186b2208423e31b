"""Mermaid's ``wardley-beta`` diagram, both ways.

Mermaid (11.14 and later, and GitHub's Markdown) draws Wardley maps written in a
subset of OWM behind a ``wardley-beta`` header. :func:`to_mermaid` writes a map in
that syntax and :func:`from_mermaid` reads it back.

Mermaid cannot express everything a map may hold (see :data:`MERMAID_CANNOT` and
``docs/mermaid.md``). Each such statement is written twice: first exactly, as OWM
text in a comment that Mermaid ignores, then as the closest Mermaid statement::

    %% owm#e01ccd: evolve Kettle->Electric Kettle 0.62
    evolve Kettle 0.62

The ``#e01ccd`` is a digest of the Mermaid line(s) the comment stands for. Reading
the diagram back uses the comment while those lines are unchanged, so OWM →
Mermaid → OWM gives the same map; a Mermaid statement edited since wins over its
stale comment (with a warning). A comment without digest (``%% owm: style dark``)
holds a statement with no Mermaid counterpart. Anything Mermaid cannot draw is
reported as a warning (code ``mermaid-cannot-express``), once per kind.

The syntax targeted is that of Mermaid's ``wardley.langium`` grammar and its
``wardleyParser.ts`` (2026): coordinates are ``[visibility, evolution]`` written
with a decimal point, ``evolution A@0.25 -> B@0.5 -> C@0.75 -> D@1.0`` gives where
each stage *ends*, label offsets are whole numbers, a component takes one of
``(build)``, ``(buy)``, ``(outsource)``, ``(market)`` and ``(inertia)``, an
annotation has one point (``annotation 1,[0.5, 0.4] "text"``), notes are quoted,
and pipeline blocks hold components only.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from ..dsl.text import format_number
from ..errors import Diagnostic, WardleyError
from ..model import elements as el
from ..model.base import Span
from ..model.map import DEFAULT_BOUNDARIES, DEFAULT_STAGES, WardleyMap

if TYPE_CHECKING:
    from ..model.map import ElementKey

__all__ = [
    "CARRY",
    "MERMAID_CANNOT",
    "OWM_CANNOT",
    "from_mermaid",
    "to_mermaid",
]

HEADER = "wardley-beta"

CARRY = "%% owm: "
"""Starts a comment holding an OWM statement that Mermaid cannot express exactly."""

_CARRY_LINE = re.compile(
    r"^%% owm(?:#(?P<tag>[0-9a-f]{6})(?:/(?P<count>\d+))?)?:(?: (?P<text>.*))?$"
)

_DEFAULT_AXIS = "%% owm: the next line is OWM's default evolution axis"
"""Marks the ``evolution`` line written for a map without one (Mermaid's default
stages are four equal quarters; OWM's end at 0.175, 0.40 and 0.70)."""

MERMAID_CANNOT: dict[str, str] = {
    "style": "themes (`style`)",
    "hidden-axis": "hidden axes (`evolution --hide`, `valuechain --hide`)",
    "no-position": "elements without coordinates",
    "placed": "components without coordinates (written where wardleyml's layout puts them)",
    "out-of-range": "coordinates outside 0..1 (clamped)",
    "anchor-label": "label offsets of anchors",
    "ecosystem": "ecosystem components",
    "method-and-market": "a method together with market (only one decorator)",
    "extensions": "wardleyml's component extensions (colour, stage, display text)",
    "submap": "submaps and their `url` statements",
    "link-style": "link styles other than dashed (colour, dotted, width)",
    "member-link": "links and evolves that name pipeline members",
    "evolve-rename": "evolve renames (`evolve A->B`)",
    "evolve-extras": "label offsets and decorators of evolved components",
    "pipeline-range": "pipelines without member components (`pipeline X [start, end]`)",
    "pipeline-other": "statements other than components inside a pipeline block",
    "attitude": "pioneers, settlers and town planners areas",
    "text": "line breaks in names and text, and text holding both kinds of quote",
    "include": "`//! include:` directives",
}
"""What an OWM map may hold that Mermaid's ``wardley-beta`` cannot draw."""

OWM_CANNOT: dict[str, str] = {
    "accessibility": "`accTitle` and `accDescr` (kept as comments)",
    "area": "`area` statements (kept as comments)",
    "link-style": "link arrows other than `->` and `-.->`",
    "front-matter": "YAML front matter and `%%{init}%%` directives (dropped)",
}
"""What a Mermaid ``wardley-beta`` diagram may hold that OWM cannot express."""

# -- text helpers ------------------------------------------------------------------------------

_KEYWORDS = (
    "title",
    "accTitle",
    "accDescr",
    "size",
    "evolution",
    "anchor",
    "component",
    "label",
    "inertia",
    "evolve",
    "pipeline",
    "area",
    "note",
    "annotation",
    "accelerator",
    "deaccelerator",
    "build",
    "buy",
    "outsource",
    "market",
    "wardley",
)
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?: [A-Za-z][A-Za-z0-9]*)*")
_NUM = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)"
_QUOTED = r"\"[^\"]*\"|'[^']*'"
_NAME = rf"(?:{_QUOTED}|[^\[\]\"'{{}}]+?)"


def _pair(a: str = "v", b: str = "m") -> str:
    """``[a, b]`` with named groups."""
    return rf"\[\s*(?P<{a}>{_NUM})\s*,\s*(?P<{b}>{_NUM})\s*\]"


def _name(name: str) -> tuple[str, bool]:
    """A name as Mermaid reads it: bare when plainly safe, else quoted.

    Mermaid's lexer tries its keywords before names, so a bare name that starts with
    one (``notes``, ``buyer``) is quoted too. Returns the text and whether it reads
    back as exactly ``name``.
    """
    if _PLAIN.fullmatch(name) and not name.startswith(_KEYWORDS):
        return name, True
    return _string(name)


def _string(text: str) -> tuple[str, bool]:
    """``text`` in double quotes (single if it holds a double quote); exact or not."""
    exact = "\n" not in text and "\r" not in text
    flat = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    if '"' not in flat:
        return f'"{flat}"', exact
    if "'" not in flat:
        return f"'{flat}'", exact
    return '"' + flat.replace('"', "'") + '"', False


def _num(value: float) -> str:
    """A coordinate with a decimal point (Mermaid's numbers need one: ``1.0``)."""
    return format_number(value, decimal=True)


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text


def _coordinate(text: str) -> float:
    """Mermaid reads values above 1 (up to 100) as percentages."""
    value = float(text)
    return value / 100 if value > 1 else value


def _split_comment(line: str) -> tuple[str, str | None]:
    """``code %% comment`` split outside quotes (``%%`` starts a Mermaid comment)."""
    quote = ""
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            # An apostrophe inside a bare name (Joe's) is not a quote.
            if ch == "'" and i > 0 and line[i - 1].isalnum():
                continue
            quote = ch
        elif line.startswith("%%", i):
            return line[:i].rstrip(), line[i + 2 :]
    return line.rstrip(), None


# -- losses --------------------------------------------------------------------------------------


class _Losses:
    """What the target cannot express, one warning per kind, in order of appearance."""

    def __init__(self, source: str | None, table: dict[str, str], target: str) -> None:
        self.source = source
        self.table = table
        self.target = target
        self.shown = {"mermaid": "Mermaid", "owm": "OWM"}[target]
        self.found: dict[str, tuple[list[str], Span | None]] = {}

    def add(self, kind: str, what: str, element: Any = None) -> None:
        names, _ = self.found.setdefault(kind, ([], getattr(element, "span", None)))
        if what not in names:
            names.append(what)

    def diagnostics(self, hint: str) -> list[Diagnostic]:
        out = []
        for kind, (names, span) in self.found.items():
            more = f" and {len(names) - 4} more" if len(names) > 4 else ""
            listed = ", ".join(names[:4]) + more
            out.append(
                Diagnostic(
                    severity="warning",
                    code=f"{self.target}-cannot-express",
                    message=f"{self.shown} cannot express {self.table[kind]}: {listed}",
                    line=span.line if span else 0,
                    column=span.column if span else 1,
                    file=span.file if span and span.file else self.source,
                    hint=hint,
                    source_line=span.source_line if span else None,
                )
            )
        return out


# -- OWM → Mermaid ---------------------------------------------------------------------------------


def to_mermaid(m: WardleyMap, *, carry: bool = True) -> tuple[str, list[Diagnostic]]:
    r"""The map as a Mermaid ``wardley-beta`` diagram, and what Mermaid cannot express.

    Parameters
    ----------
    m
        The map (resolve its ``//! include:`` directives first: Mermaid has none).
    carry
        Keep every statement Mermaid cannot express exactly in an ``%% owm:``
        comment, so that :func:`from_mermaid` gives the same map back. ``False``
        writes plain Mermaid only.

    Returns
    -------
    text, warnings
        The diagram (ending with a newline) and one warning per kind of thing
        Mermaid cannot draw.

    Examples
    --------
    >>> import wardleyml as wm
    >>> m = wm.loads("component Kettle [0.43, 0.35]\nevolve Kettle->Electric Kettle 0.62")
    >>> text, warnings = to_mermaid(m)
    >>> print("\n".join(text.splitlines()[-3:]))
    component Kettle [0.43, 0.35]
    %% owm#e01ccd: evolve Kettle->Electric Kettle 0.62
    evolve Kettle 0.62
    >>> print(warnings[0].message)
    Mermaid cannot express evolve renames (`evolve A->B`): Kettle->Electric Kettle
    """
    return _Writer(m, carry).run()


class _Writer:
    def __init__(self, m: WardleyMap, carry: bool) -> None:
        self.m = m
        self.carry = carry
        self.lines: list[str] = [HEADER]
        self.losses = _Losses(m.source, MERMAID_CANNOT, "mermaid")
        self._layout: Any = None
        self._layout_failed = False
        self.first_of: dict[str, int] = {}
        self.last_of: dict[str, int] = {}
        for i, e in enumerate(m.elements):
            self.first_of.setdefault(e.kind, i)
            self.last_of[e.kind] = i

    def run(self) -> tuple[str, list[Diagnostic]]:
        elements = self.m.elements
        # Mermaid's default stages are equal quarters; OWM's end at 0.175, 0.40, 0.70.
        default_axis = self.m.evolution is None and any(
            e.kind not in ("comment", "blank") for e in elements
        )
        after_title = bool(elements) and elements[0].kind == "title"
        if default_axis and not after_title:
            self.default_axis()
        for i, e in enumerate(elements):
            self.element(i, e)
            if i == 0 and default_axis and after_title:
                self.default_axis()
        while len(self.lines) > 1 and self.lines[-1] == "":
            self.lines.pop()
        hint = (
            "the exact OWM statements are kept in '%% owm:' comments for the way back"
            if self.carry
            else None
        )
        return "\n".join(self.lines) + "\n", self.losses.diagnostics(hint or "")

    def default_axis(self) -> None:
        if self.carry:
            self.lines.append(_DEFAULT_AXIS)
        self.lines.append(_evolution_line(DEFAULT_STAGES, DEFAULT_BOUNDARIES))

    # -- one statement -------------------------------------------------------------------

    def element(self, index: int, e: Any) -> None:
        if e.kind == "pipeline":
            self.pipeline((index,), e)
            return
        approx = self.approximate((index,), e)
        self.emit(e, approx, block=False)

    def emit(self, e: Any, approx: list[str], *, block: bool, indent: str = "") -> None:
        """Write ``approx``; first the exact OWM text when ``approx`` would lose something."""
        if approx and _reads_back(approx, e, block=block):
            self.lines.extend(indent + line for line in approx)
            return
        # A comment-only approximation would be read as the statement itself.
        statements = [line for line in approx if not line.startswith("%%")]
        if self.carry:
            self.carry_lines(_owm_lines(e, block=block), statements, indent)
        self.lines.extend(indent + line for line in statements)

    def carry_lines(self, owm: list[str], replaces: list[str], indent: str = "") -> None:
        """``%% owm`` comments for ``owm``, tagged with the lines they stand for."""
        first = CARRY if not replaces else f"%% owm#{_tag(replaces)}: "
        for i, line in enumerate(owm):
            self.lines.append(indent + (first if i == 0 else CARRY) + line)

    def approximate(self, key: ElementKey, e: Any) -> list[str]:
        kind = e.kind
        if kind == "blank":
            return [""]
        if kind == "comment":
            return [] if e.block or "\n" in e.text else ["%%" + e.text]
        if kind == "title":
            return [f"title {e.text}"] if key[0] == self.first_of["title"] else []
        if kind == "style":
            self.losses.add("style", f"style {e.name}", e)
            return []
        if kind == "size":
            return [f"size [{round(e.width)}, {round(e.height)}]"]
        if kind == "evolution":
            if key[0] != self.first_of["evolution"]:
                return []
            if e.hide:
                self.losses.add("hidden-axis", "evolution --hide", e)
            stages, bounds = _axis(e)
            return [_evolution_line(stages, bounds)]
        if kind == "valuechain":
            self.losses.add("hidden-axis", "valuechain --hide", e)
            return []
        if kind == "annotations":
            if key[0] != self.last_of["annotations"]:
                return []  # OWM uses the last legend position, Mermaid the first
            return [f"annotations [{self.pair(e, e.visibility, e.maturity)}]"]
        if kind == "anchor":
            return self.anchor(key, e)
        if kind in ("component", "submap"):
            return self.component(key, e)
        if kind == "link":
            return self.link(e)
        if kind == "evolve":
            return self.evolve(e)
        if kind == "note":
            if e.visibility is None or e.maturity is None:
                self.losses.add("no-position", f"note {e.text!r}", e)
                return []
            text, exact = _string(e.text)
            if not exact:
                self.losses.add("text", f"note {e.text!r}", e)
            return [f"note {text} [{self.pair(e, e.visibility, e.maturity)}]"]
        if kind == "annotation":
            return self.annotation(e)
        if kind == "accelerator":
            word = "deaccelerator" if e.deaccelerator else "accelerator"
            if e.visibility is None or e.maturity is None:
                self.losses.add("no-position", f"{word} {e.name}", e)
                return []
            return [f"{word} {self.name(e.name, e)} [{self.pair(e, e.visibility, e.maturity)}]"]
        if kind == "attitude":
            self.losses.add("attitude", e.attitude, e)
            return []
        if kind == "url":
            self.losses.add("submap", f"url {e.name}", e)
            return []
        if kind == "include":
            self.losses.add("include", e.path, e)
            return []
        return []  # unparsed lines: already errors of the map

    def pair(self, e: Any, visibility: float, maturity: float) -> str:
        values = []
        for value in (visibility, maturity):
            if not 0.0 <= value <= 1.0:
                self.losses.add("out-of-range", f"{_label(e)} {format_number(value)}", e)
                value = min(max(value, 0.0), 1.0)
            values.append(_num(value))
        return ", ".join(values)

    def position(self, key: ElementKey, e: Any) -> tuple[float, float] | None:
        """The element's coordinates, or where the layout places it when it has none."""
        if e.visibility is not None and e.maturity is not None:
            return e.visibility, e.maturity
        node = self.placed(key)
        if node is None:
            self.losses.add("no-position", _label(e), e)
            return None
        self.losses.add("placed", _label(e), e)
        return node

    def placed(self, key: ElementKey) -> tuple[float, float] | None:
        if self._layout is None and not self._layout_failed:
            try:
                from ..api import layout_map

                self._layout = layout_map(self.m)
            except Exception:  # no layout: such elements are carried only
                self._layout_failed = True
        if self._layout is None:
            return None
        try:
            node = self._layout.node(key)
        except KeyError:
            return None
        return float(node.visibility), float(node.maturity)

    def anchor(self, key: ElementKey, e: el.Anchor) -> list[str]:
        where = self.position(key, e)
        if where is None:
            return []
        if e.label is not None:
            self.losses.add("anchor-label", e.name, e)
        return [f"anchor {self.name(e.name, e)} [{self.pair(e, *where)}]"]

    def component(self, key: ElementKey, e: el.Component) -> list[str]:
        where = self.position(key, e)
        if where is None:
            return []
        if isinstance(e, el.Submap):
            self.losses.add("submap", e.name, e)
        if e.ecosystem:
            self.losses.add("ecosystem", e.name, e)
        if e.market and e.method:
            self.losses.add("method-and-market", e.name, e)
        if e.color or e.stage or e.display:
            self.losses.add("extensions", e.name, e)
        parts = [f"component {self.name(e.name, e)} [{self.pair(e, *where)}]"]
        if e.label is not None:
            parts.append(_label_offset(e.label))
        decorator = e.method or ("market" if e.market else None)
        if decorator:
            parts.append(f"({decorator})")
        if e.inertia:
            parts.append("(inertia)")
        return [" ".join(parts)]

    def name(self, name: str, e: Any) -> str:
        """``name`` for Mermaid, noting a line break it cannot keep."""
        text, exact = _name(name)
        if not exact:
            self.losses.add("text", name.replace("\n", "\\n"), e)
        return text

    def declared(self, name: str) -> tuple[str, bool]:
        """The name a link or evolve resolves to (Mermaid matches names exactly)."""
        key = self.m.resolve(name)
        if key is None:
            return name, False
        return self.m.at(key).name, len(key) == 2

    def link(self, e: el.Link) -> list[str]:
        start, start_member = self.declared(e.start)
        end, end_member = self.declared(e.end)
        if start_member or end_member:
            self.losses.add("member-link", f"{e.start}->{e.end}", e)
        a, _ = _name(start)
        b, _ = _name(end)
        arrow = "->"
        if e.flow is not None:
            value = f"'{e.flow_value}'" if e.flow_value and "'" not in e.flow_value else ""
            arrow = {"forward": "+{}>", "backward": "+{}<", "both": "+{}<>"}[e.flow].format(value)
        if e.style is not None:
            if e.style == el.LinkStyle(dash="dashed") and e.flow is None:
                arrow = "-.->"
            else:
                self.losses.add("link-style", f"{e.start}->{e.end}", e)
        line = f"{a} {arrow} {b}"
        if e.context:
            line += f"; {e.context}"
        return [line]

    def evolve(self, e: el.Evolve) -> list[str]:
        target, member = self.declared(e.name)
        if member:
            self.losses.add("member-link", f"evolve {e.name}", e)
        if e.rename:
            self.losses.add("evolve-rename", f"{e.name}->{e.rename}", e)
        if e.label is not None or e.method or e.market or e.ecosystem:
            self.losses.add("evolve-extras", e.name, e)
        maturity = e.maturity
        if not 0.0 <= maturity <= 1.0:
            self.losses.add("out-of-range", f"evolve {e.name} {format_number(maturity)}", e)
            maturity = min(max(maturity, 0.0), 1.0)
        name, _ = _name(target)
        return [f"evolve {name} {_num(maturity)}"]

    def annotation(self, e: el.Annotation) -> list[str]:
        if not e.points:
            self.losses.add("no-position", f"annotation {e.number}", e)
            return []
        text, exact = _string(e.text)
        if not exact:
            self.losses.add("text", f"annotation {e.number}", e)
        # Mermaid lists only annotations with text: further points go in with "".
        lines = []
        for i, p in enumerate(e.points):
            shown = text if i == 0 else '""'
            lines.append(
                f"annotation {e.number},[{self.pair(e, p.visibility, p.maturity)}] {shown}"
            )
        return lines

    # -- pipelines -------------------------------------------------------------------------

    def pipeline(self, key: ElementKey, e: el.Pipeline) -> None:
        parent = self.m.find(e.name)
        members = [
            item
            for item in (e.block or ())
            if isinstance(item, el.PipelineComponent) and self.member_position(key, e, item)
        ]
        parent_ok = (
            isinstance(parent, el.Component)
            and self.position(self.m.resolve(e.name) or key, parent) is not None
        )
        if not members or not parent_ok:
            if e.block is None or not members:
                self.losses.add("pipeline-range", e.name, e)
            else:
                self.losses.add("no-position", f"pipeline {e.name}", e)
            if self.carry:
                self.carry_lines(_owm_lines(e, block=False), [])
            return
        header = e.model_copy(update={"block": None})
        name, _ = _name(e.name)
        opening = f"pipeline {name} {{"
        exact_header = header == el.Pipeline(name=e.name) and _name(e.name)[1]
        if not exact_header and self.carry:
            self.carry_lines(_owm_lines(header, block=False), [opening])
        self.lines.append(opening)
        for j, item in enumerate(e.block or ()):
            if isinstance(item, el.PipelineComponent):
                where = self.member_position(key, e, item)
                if where is None:
                    self.losses.add("no-position", item.name, item)
                    self.emit(item, [], block=True, indent="  ")
                    continue
                if item.maturity is None:
                    self.losses.add("placed", item.name, item)
                mname = self.name(item.name, item)
                line = f"component {mname} [{_num(min(max(where, 0.0), 1.0))}]"
                if not 0.0 <= where <= 1.0:
                    self.losses.add("out-of-range", f"{item.name} {format_number(where)}", item)
                if item.label is not None:
                    line += " " + _label_offset(item.label)
                self.emit(item, [line], block=True, indent="  ")
            elif item.kind in ("blank", "comment"):
                self.emit(item, self.approximate((key[0], j), item), block=True, indent="  ")
            else:
                self.losses.add("pipeline-other", _label(item), item)
                if self.carry:
                    self.carry_lines(_owm_lines(item, block=True), [], "  ")
        self.lines.append("}")

    def member_position(
        self, key: ElementKey, e: el.Pipeline, item: el.PipelineComponent
    ) -> float | None:
        if item.maturity is not None:
            return item.maturity
        block = e.block or ()
        index = next((j for j, x in enumerate(block) if x is item), None)
        if index is None:
            return None
        placed = self.placed((key[0], index))
        return None if placed is None else placed[1]


def _axis(e: el.Evolution) -> tuple[Sequence[el.Stage], Sequence[float]]:
    """The stages and boundaries the evolution statement draws (OWM's rules)."""
    stages: Sequence[el.Stage] = e.stages or DEFAULT_STAGES
    bounds = e.boundaries
    if bounds is None or len(bounds) != len(stages) - 1:
        bounds = DEFAULT_BOUNDARIES
        stages = (tuple(stages) + (el.Stage(name=""),) * 4)[:4]
    return stages, bounds


def _evolution_line(stages: Sequence[el.Stage], bounds: Sequence[float]) -> str:
    ends = [*bounds, 1.0]
    parts = []
    for stage, end in zip(stages, ends, strict=True):
        name, _ = _name(stage.name) if stage.name else ('""', True)
        part = f"{name}@{_num(end)}"
        if stage.second:
            part += f" / {_name(stage.second)[0]}"
        parts.append(part)
    return "evolution " + " -> ".join(parts)


def _label_offset(offset: el.Offset) -> str:
    return f"label [{round(offset.dx)}, {round(offset.dy)}]"


def _label(e: Any) -> str:
    for attr in ("name", "text", "path"):
        value = getattr(e, attr, None)
        if isinstance(value, str):
            return value
    return str(e.kind)


def _tag(lines: Sequence[str]) -> str:
    """A short digest of Mermaid lines (and their count when more than one)."""
    import hashlib

    digest = hashlib.sha1("\n".join(x.strip() for x in lines).encode("utf-8")).hexdigest()[:6]
    return digest if len(lines) == 1 else f"{digest}/{len(lines)}"


def _owm_lines(e: Any, *, block: bool) -> list[str]:
    """The exact OWM text of one element (what an ``%% owm:`` comment carries)."""
    from ..dsl.writer import write_lines

    # A block comment is one "line" holding newlines: carry each line on its own.
    return [part for line in write_lines([e]) for part in line.split("\n")]


def _reads_back(lines: list[str], e: Any, *, block: bool) -> bool:
    """Whether Mermaid ``lines`` read back as exactly ``e``."""
    reader = _Reader("\n".join([HEADER, *lines]), None, check_only=True)
    try:
        got = reader.statements(block=block)
    except WardleyError:
        return False
    if reader.problems:
        return False
    got = [x for x in got if x.kind != "blank"] if e.kind != "blank" else got
    return len(got) == 1 and got[0] == e


# -- Mermaid → OWM ---------------------------------------------------------------------------------


def from_mermaid(text: str, *, source: str | None = None) -> WardleyMap:
    """Read a Mermaid ``wardley-beta`` diagram as a map.

    ``%% owm:`` comments written by :func:`to_mermaid` restore what Mermaid cannot
    express. A Markdown fence (```` ```mermaid ````) around the diagram is allowed.
    Problems are in ``map.diagnostics``, at the diagram's line numbers.

    Raises
    ------
    WardleyError
        If the text is not a ``wardley-beta`` diagram at all.

    Examples
    --------
    >>> m = from_mermaid('''wardley-beta
    ... title Tea Shop
    ... anchor Business [0.95, 0.63]
    ... component "Cup of Tea" [0.79, 0.61] (build)
    ... Business -> "Cup of Tea"
    ... ''')
    >>> [c.name for c in m.components], m.components[0].method, len(m.links)
    (['Cup of Tea'], 'build', 1)
    """
    from ..api import check
    from ..dsl.lexer import normalize_newlines

    reader = _Reader(normalize_newlines(text), source)
    elements = reader.statements(block=False)
    m = WardleyMap(elements=tuple(_tidy(elements)))
    problems = [*reader.problems, *reader.losses.diagnostics(""), *check(m)]
    problems = [
        d if d.file or not source else dataclasses.replace(d, file=source) for d in problems
    ]
    problems.sort(key=lambda d: (d.file or "", d.line, d.column))
    return m.with_diagnostics(problems, source=source)


def _tidy(elements: list[Any]) -> list[Any]:
    """No blank lines at the ends, none doubled (as the OWM reader keeps them)."""
    out: list[Any] = []
    for e in elements:
        if e.kind == "blank" and (not out or out[-1].kind == "blank"):
            continue
        out.append(e)
    while out and out[-1].kind == "blank":
        out.pop()
    return out


_STAGE = re.compile(
    rf"^\s*(?P<name>{_QUOTED}|[^@/\"']*?)\s*(?:@\s*(?P<end>{_NUM}))?\s*"
    rf"(?:/\s*(?P<second>{_QUOTED}|[^@/\"']*?))?\s*$"
)
_PATTERNS: dict[str, re.Pattern[str]] = {
    "title": re.compile(r"^title(?:\s+(?P<text>.*))?$"),
    "size": re.compile(rf"^size\s*{_pair('w', 'h')}$"),
    "evolution": re.compile(r"^evolution\s+(?P<rest>.+)$"),
    "anchor": re.compile(rf"^anchor\s+(?P<name>{_NAME})\s*{_pair()}\s*(?P<rest>.*)$"),
    "component": re.compile(rf"^component\s+(?P<name>{_NAME})\s*{_pair()}\s*(?P<rest>.*)$"),
    "member": re.compile(
        rf"^component\s+(?P<name>{_NAME})\s*\[\s*(?P<m>{_NUM})\s*\]\s*(?P<rest>.*)$"
    ),
    "evolve": re.compile(rf"^evolve\s+(?P<name>{_NAME})\s+(?P<m>{_NUM})$"),
    "pipeline": re.compile(rf"^pipeline\s+(?P<name>{_NAME})\s*\{{$"),
    "note": re.compile(rf"^note\s+(?P<text>{_QUOTED}|.+?)\s*{_pair()}$"),
    "annotations": re.compile(rf"^annotations\s*{_pair()}$"),
    "annotation": re.compile(rf"^annotation\s+(?P<n>\d+)\s*,?\s*{_pair()}\s*(?P<text>.*)$"),
    "accelerator": re.compile(rf"^(?P<de>de)?accelerator\s+(?P<name>{_NAME})\s*{_pair()}$"),
    "area": re.compile(rf"^area\s+(?P<name>{_NAME})\s*{_pair()}$"),
    "acc": re.compile(r"^(?P<kw>accTitle|accDescr)\s*:\s*(?P<text>.*)$"),
}
_LABEL = re.compile(rf"label\s*\[\s*({_NUM})\s*,\s*({_NUM})\s*\]")
_DECORATOR = re.compile(r"\(\s*([A-Za-z]+)\s*\)|\b(inertia)\b")
_ARROWS = re.compile(r"\+'[^']*'(?:<>|<|>)|\+<>|\+<|\+>|-\.->|-->|->")


class _Line:
    __slots__ = ("number", "raw", "text")

    def __init__(self, number: int, raw: str) -> None:
        self.number = number
        self.raw = raw
        self.text = raw.strip()


class _Reader:
    """Mermaid lines to model elements, carrying ``%% owm:`` statements through."""

    def __init__(self, text: str, source: str | None, *, check_only: bool = False) -> None:
        self.source = source
        self.check_only = check_only
        self.problems: list[Diagnostic] = []
        self.losses = _Losses(source, OWM_CANNOT, "owm")
        self.lines = self._body(text)
        self.pos = 0

    # -- the frame: fences, front matter, header -----------------------------------------

    def _body(self, text: str) -> list[_Line]:
        lines = [_Line(i, raw) for i, raw in enumerate(text.split("\n"), 1)]
        i = 0

        def skip_blank() -> None:
            nonlocal i
            while i < len(lines) and not lines[i].text:
                i += 1

        skip_blank()
        fence = i < len(lines) and lines[i].text.startswith(("```", "~~~"))
        if fence:
            marker = lines[i].text[:3]
            i += 1
            end = next((j for j in range(i, len(lines)) if lines[j].text.startswith(marker)), None)
            lines = lines[:end] if end is not None else lines
            skip_blank()
        if i < len(lines) and lines[i].text == "---":
            end = next((j for j in range(i + 1, len(lines)) if lines[j].text == "---"), None)
            if end is not None:
                self.front_matter(lines[i + 1 : end])
                i = end + 1
        while i < len(lines) and (not lines[i].text or lines[i].text.startswith("%%")):
            if lines[i].text.startswith("%%{"):
                self.losses.add("front-matter", "%%{init}%%")
                while i < len(lines) and "}%%" not in lines[i].text:
                    i += 1
            i += 1
        if i >= len(lines):
            raise WardleyError(f"{self.name}: empty: no 'wardley-beta' diagram")
        first = lines[i]
        if first.text.split(maxsplit=1)[0] != HEADER:
            raise WardleyError(
                f"{self.name}: not a Mermaid wardley-beta diagram (line {first.number} is "
                f"{_clip(first.text)!r}, not 'wardley-beta')"
            )
        rest = first.text[len(HEADER) :].strip()
        body = lines[i + 1 :]
        if rest:  # "wardley-beta title X" is not valid Mermaid, but be kind
            body.insert(0, _Line(first.number, rest))
        return body

    def front_matter(self, lines: list[_Line]) -> None:
        self._front_title: tuple[str, int] | None = None
        for line in lines:
            found = re.match(r"^title\s*:\s*(.+)$", line.text)
            if found:
                self._front_title = (_unquote(found.group(1)), line.number)
            elif line.text:
                self.losses.add("front-matter", _clip(line.text))

    @property
    def name(self) -> str:
        return self.source or "<mermaid>"

    # -- statements --------------------------------------------------------------------

    def statements(self, *, block: bool) -> list[Any]:
        out: list[Any] = []
        front = getattr(self, "_front_title", None)
        if front is not None and not block:
            out.append(self.span(el.Title(text=front[0]), _Line(front[1], f"title: {front[0]}")))
            self._front_title = None
        pending: list[tuple[_Line, re.Match[str]]] = []
        while self.pos < len(self.lines):
            line = self.lines[self.pos]
            carry = _CARRY_LINE.match(line.text)
            if carry is not None:
                self.pos += 1
                if line.text == _DEFAULT_AXIS:
                    self.default_axis()
                else:
                    pending.append((line, carry))
                continue
            if pending:
                out.extend(self.carried(pending, block=block))
                pending = []
                continue
            if block and line.text == "}":
                break
            self.pos += 1
            out.extend(self.statement(line, block=block))
        if pending:
            out.extend(self.carried(pending, block=block))
        return _merge_annotations(out)

    def default_axis(self) -> None:
        """Skip the evolution line written for a map that had none (if unchanged)."""
        expected = _evolution_line(DEFAULT_STAGES, DEFAULT_BOUNDARIES)
        if self.pos < len(self.lines) and self.lines[self.pos].text == expected:
            self.pos += 1

    def carried(self, pending: list[tuple[_Line, re.Match[str]]], *, block: bool) -> list[Any]:
        """Elements from ``%% owm`` lines, replacing the Mermaid lines they stand for."""
        owm = "\n".join(found.group("text") or "" for _, found in pending)
        found = self.parse_owm(owm, [line for line, _ in pending], block=block)
        tagged = [(line, m) for line, m in pending if m.group("tag")]
        if not tagged:
            return found
        line, mark = tagged[-1]
        count = int(mark.group("count") or 1)
        following = self.lines[self.pos : self.pos + count]
        target = [e for e in found if e.span is not None and e.span.line == line.number]
        others = [e for e in found if not any(e is t for t in target)]
        if len(following) == count and _tag([x.text for x in following]) == _tag_of(mark):
            if not target:
                self.pos += count  # the comment stood for nothing (a statement OWM ignores)
                return others
            e = target[0]
            if e.kind == "pipeline" and e.block is None:  # its block follows in Mermaid
                self.pos += 1
                items = self.statements(block=True)
                self.expect_close(following[0])
                e = self.span(e.model_copy(update={"block": tuple(_tidy(items))}), following[0])
            else:
                self.pos += count
            return [*others, e]
        self.problems.append(
            self.diagnostic(
                line,
                "warning",
                "stale-owm-comment",
                f"the '%% owm' comment on line {line.number} no longer matches the Mermaid "
                "statement after it (edited since?); the Mermaid statement is used",
                hint="delete the comment, or undo the edit",
            )
        )
        return others

    def parse_owm(self, owm: str, lines: list[_Line], *, block: bool) -> list[Any]:
        from ..dsl.parser import parse

        text = f"pipeline _\n{{\n{owm}\n}}" if block else owm
        m, diagnostics = parse(text, file=self.source)
        offset = lines[0].number - (3 if block else 1)
        for d in diagnostics:
            if d.severity == "error":
                number = d.line + offset
                self.problems.append(dataclasses.replace(d, line=number, file=self.source))
        found: list[Any] = list(m.elements)
        if block:
            found = list(found[0].block or ()) if found and found[0].kind == "pipeline" else []
        for e in found:
            number = lines[0].number
            if e.span is not None:
                number = e.span.line + offset
            raw = next((x.raw for x in lines if x.number == number), lines[0].raw)
            self.span(e, _Line(number, raw))
        return [e for e in found if e.kind != "blank"]

    def expect_close(self, opening: _Line) -> None:
        if self.pos < len(self.lines) and self.lines[self.pos].text == "}":
            self.pos += 1
            return
        self.problems.append(
            self.diagnostic(
                opening,
                "error",
                "unclosed-pipeline",
                f"the pipeline block opened on line {opening.number} is not closed",
                hint="end it with a line holding only '}'",
            )
        )

    def statement(self, line: _Line, *, block: bool) -> list[Any]:
        text = line.text
        if not text:
            return [el.Blank()]
        if text.startswith("%%{"):
            self.losses.add("front-matter", "%%{init}%%")
            while "}%%" not in self.lines[self.pos - 1].text and self.pos < len(self.lines):
                self.pos += 1
            return []
        if text.startswith("%%"):
            return [self.span(el.Comment(text=line.raw.strip()[2:]), line)]
        code, comment = _split_comment(text)
        if ";" in code and _ARROWS.search(code.split(";", 1)[0]):
            code, comment = text, None  # a link label runs to the end of the line
        try:
            found = self.translate(code, line, block=block)
        except _NotStatement:
            self.problems.append(
                self.diagnostic(
                    line,
                    "error",
                    "unknown-statement",
                    f"{_clip(code)!r} is not a wardley-beta statement; it is left out",
                    hint="see docs/mermaid.md for the statements Mermaid knows",
                )
            )
            return [self.span(el.Unparsed(text=line.raw.strip()), line)]
        out = []
        for e in found:
            if comment is not None and e.kind not in ("comment", "blank", "unparsed"):
                e, extra = _with_comment(e, comment)
                out.append(self.span(e, line))
                out.extend(self.span(x, line) for x in extra)
                continue
            out.append(self.span(e, line))
        return out

    def translate(self, code: str, line: _Line, *, block: bool) -> list[Any]:
        word = code.split(maxsplit=1)[0]
        if word == "deaccelerator":
            word = "accelerator"
        match = _PATTERNS.get("member" if block and word == "component" else word)
        found = match.match(code) if match is not None else None
        if word == "acc" or code.startswith(("accTitle", "accDescr")):
            acc = _PATTERNS["acc"].match(code)
            if acc is None and code.startswith("accDescr") and "{" in code:
                return [el.Comment(text=" " + self.multiline_description(code))]
            if acc is not None:
                self.losses.add("accessibility", acc.group("kw"))
                return [el.Comment(text=f" {acc.group('kw')}: {acc.group('text')}")]
        if found is not None:
            return self.keyword(word if not block or word != "component" else "member", found, line)
        if _find_arrow(code) is not None:
            return [self.link(code, line)]
        raise _NotStatement

    def multiline_description(self, code: str) -> str:
        parts = [code.split("{", 1)[1]]
        while "}" not in parts[-1] and self.pos < len(self.lines):
            parts.append(self.lines[self.pos].text)
            self.pos += 1
        text = " ".join(p.strip() for p in parts).rstrip("}").strip()
        self.losses.add("accessibility", "accDescr")
        return f"accDescr: {text}"

    def keyword(self, word: str, found: re.Match[str], line: _Line) -> list[Any]:
        if word == "title":
            return [el.Title(text=(found.group("text") or "").strip())]
        if word == "size":
            return [el.Size(width=float(found.group("w")), height=float(found.group("h")))]
        if word == "evolution":
            return [self.evolution(found.group("rest"), line)]
        if word in ("anchor", "component"):
            name = _unquote(found.group("name"))
            v, m = _coordinate(found.group("v")), _coordinate(found.group("m"))
            if word == "anchor":
                if found.group("rest"):
                    raise _NotStatement
                return [el.Anchor(name=name, visibility=v, maturity=m)]
            return [self.component(name, v, m, found.group("rest"), line)]
        if word == "member":
            label, rest = _take_label(found.group("rest"))
            if rest:
                raise _NotStatement
            return [
                el.PipelineComponent(
                    name=_unquote(found.group("name")),
                    maturity=_coordinate(found.group("m")),
                    label=label,
                )
            ]
        if word == "evolve":
            return [
                el.Evolve(
                    name=_unquote(found.group("name")), maturity=_coordinate(found.group("m"))
                )
            ]
        if word == "pipeline":
            items = self.statements(block=True)
            self.expect_close(line)
            return [el.Pipeline(name=_unquote(found.group("name")), block=tuple(_tidy(items)))]
        if word == "note":
            return [
                el.Note(
                    text=_unquote(found.group("text")),
                    visibility=_coordinate(found.group("v")),
                    maturity=_coordinate(found.group("m")),
                )
            ]
        if word == "annotations":
            return [
                el.AnnotationsLegend(
                    visibility=_coordinate(found.group("v")), maturity=_coordinate(found.group("m"))
                )
            ]
        if word == "annotation":
            point = el.Point(
                visibility=_coordinate(found.group("v")), maturity=_coordinate(found.group("m"))
            )
            return [
                el.Annotation(
                    number=int(found.group("n")),
                    points=(point,),
                    text=_unquote(found.group("text")),
                )
            ]
        if word == "accelerator":
            return [
                el.Accelerator(
                    name=_unquote(found.group("name")),
                    visibility=_coordinate(found.group("v")),
                    maturity=_coordinate(found.group("m")),
                    deaccelerator=bool(found.group("de")),
                )
            ]
        if word == "area":
            self.losses.add("area", _unquote(found.group("name")))
            return [el.Comment(text=" " + line.text)]
        raise _NotStatement  # pragma: no cover - every pattern is handled above

    def component(self, name: str, v: float, m: float, rest: str, line: _Line) -> el.Component:
        label, rest = _take_label(rest)
        method: str | None = None
        market = inertia = False
        for deco in _DECORATOR.finditer(rest):
            word = (deco.group(1) or deco.group(2)).lower()
            if word in ("build", "buy", "outsource"):
                method = word
            elif word == "market":
                market = True
            elif word == "inertia":
                inertia = True
            else:
                raise _NotStatement
        if _DECORATOR.sub("", rest).strip():
            raise _NotStatement
        return el.Component(
            name=name,
            visibility=v,
            maturity=m,
            label=label,
            method=method,
            market=market,
            inertia=inertia,
        )

    def evolution(self, rest: str, line: _Line) -> el.Evolution:
        stages: list[el.Stage] = []
        ends: list[float | None] = []
        for part in _split_arrows(rest):
            found = _STAGE.match(part)
            if found is None:
                raise _NotStatement
            second = found.group("second")
            stages.append(
                el.Stage(
                    name=_unquote(found.group("name")),
                    second=_unquote(second) if second else None,
                )
            )
            end = found.group("end")
            ends.append(float(end) if end is not None else None)
        if len(stages) < 2:
            raise _NotStatement
        boundaries: tuple[float, ...] | None = None
        if all(end is not None for end in ends):
            values = [e for e in ends if e is not None]
            boundaries = tuple(values[:-1])
            if values[-1] != 1.0:
                self.problems.append(
                    self.diagnostic(
                        line,
                        "warning",
                        "evolution-end",
                        f"the last stage ends at {format_number(values[-1])}, not 1.0; "
                        "the evolution axis always ends at 1",
                    )
                )
        elif any(end is not None for end in ends):
            self.problems.append(
                self.diagnostic(
                    line,
                    "warning",
                    "evolution-boundaries",
                    "only some stages give where they end (@); Mermaid then ignores them all",
                    hint="give every stage an @ value, the last one @1.0",
                )
            )
        return el.Evolution(stages=tuple(stages), boundaries=boundaries)

    def link(self, code: str, line: _Line) -> el.Link:
        context: str | None = None
        head = code
        if ";" in code:
            head, tail = code.split(";", 1)
            context = tail.strip() or None
        arrow = _find_arrow(head)
        if arrow is None:
            raise _NotStatement
        start = _unquote(head[: arrow.start()].strip())
        end = _unquote(head[arrow.end() :].strip())
        if not start or not end:
            raise _NotStatement
        token = arrow.group(0)
        flow: str | None = None
        value: str | None = None
        style: el.LinkStyle | None = None
        if token.startswith("+"):
            value_match = re.match(r"\+'([^']*)'", token)
            value = value_match.group(1) if value_match else None
            flow = (
                "both" if token.endswith("<>") else "backward" if token.endswith("<") else "forward"
            )
        elif token == "-.->":
            style = el.LinkStyle(dash="dashed")
        elif token == "-->":
            self.losses.add("link-style", "-->")
        return el.Link(
            start=start,
            end=end,
            flow=flow,
            flow_value=value or None,
            context=context,
            style=style,
        )

    # -- helpers -----------------------------------------------------------------------

    def span(self, e: Any, line: _Line) -> Any:
        if not self.check_only:
            e.with_span(Span(self.source, line.number, 1, line.raw))
        return e

    def diagnostic(
        self,
        line: _Line,
        severity: str,
        code: str,
        message: str,
        *,
        hint: str | None = None,
    ) -> Diagnostic:
        column = len(line.raw) - len(line.raw.lstrip()) + 1
        return Diagnostic(
            severity=severity,  # type: ignore[arg-type]
            code=code,
            message=message,
            line=line.number,
            column=column,
            file=self.source,
            hint=hint,
            length=max(1, len(line.text)),
            source_line=line.raw,
        )


class _NotStatement(Exception):
    """The line is not a statement this reader knows."""


def _with_comment(e: Any, comment: str) -> tuple[Any, list[Any]]:
    """``e`` with a trailing comment (validated), or the comment on a line of its own."""
    from pydantic import ValidationError

    try:
        return type(e).model_validate({**dict(e), "comment": comment}), []
    except ValidationError:
        return e, [el.Comment(text=comment)]


def _take_label(rest: str) -> tuple[el.Offset | None, str]:
    found = _LABEL.search(rest)
    if found is None:
        return None, rest.strip()
    offset = el.Offset(dx=float(found.group(1)), dy=float(found.group(2)))
    return offset, (rest[: found.start()] + rest[found.end() :]).strip()


def _find_arrow(code: str) -> re.Match[str] | None:
    """The first link arrow outside quotes."""
    quote = ""
    for i, ch in enumerate(code):
        if quote:
            if ch == quote:
                quote = ""
            continue
        if ch == '"' or (ch == "'" and (i == 0 or code[i - 1] in " \t")):
            quote = ch
            continue
        found = _ARROWS.match(code, i)
        if found is not None:
            return found
    return None


def _split_arrows(text: str) -> Iterator[str]:
    """Stage texts between ``->`` outside quotes."""
    start = 0
    quote = ""
    i = 0
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif text.startswith("->", i):
            yield text[start:i]
            start = i + 2
            i += 1
        i += 1
    yield text[start:]


def _merge_annotations(elements: list[Any]) -> list[Any]:
    """``annotation 1,[..] ""`` right after annotation 1 adds a point to it."""
    out: list[Any] = []
    for e in elements:
        if (
            isinstance(e, el.Annotation)
            and not e.text
            and out
            and isinstance(out[-1], el.Annotation)
            and out[-1].number == e.number
        ):
            merged = out[-1].model_copy(update={"points": out[-1].points + e.points})
            if out[-1].span is not None:
                merged.with_span(out[-1].span)
            out[-1] = merged
            continue
        if e.kind == "pipeline" and e.block:
            e = _with_block(e, _merge_annotations(list(e.block)))
        out.append(e)
    return out


def _with_block(e: el.Pipeline, block: list[Any]) -> el.Pipeline:
    copy = e.model_copy(update={"block": tuple(block)})
    if e.span is not None:
        copy.with_span(e.span)
    return copy


def _tag_of(mark: re.Match[str]) -> str:
    count = mark.group("count")
    return mark.group("tag") + (f"/{count}" if count else "")


def _clip(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
