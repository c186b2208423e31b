"""Cross-checks of a map: what reads fine line by line but is probably a mistake.

Nothing here raises: a half-finished map still draws, and every finding is a
:class:`~wardleyml.errors.Diagnostic` pointing at the statement concerned.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from typing import Any

from ..errors import Diagnostic, Severity
from . import elements as el
from .map import ElementKey, WardleyMap, normalize_name

__all__ = ["OWM_STYLES", "check_map", "dependency_cycles", "safe_url"]

OWM_STYLES = ("plain", "wardley", "colour", "color", "dark", "handwritten")
"""The `style` names OWM knows; any other draws in plain there."""


class _Reporter:
    def __init__(self) -> None:
        self.found: list[Diagnostic] = []

    def add(
        self,
        element: Any,
        severity: Severity,
        code: str,
        message: str,
        *,
        hint: str | None = None,
        needle: str | None = None,
    ) -> None:
        span = element.span if element is not None else None
        line = span.line if span else 0
        column = span.column if span else 1
        length = 1
        source = span.source_line if span else None
        if needle and source:
            found = source.find(needle)
            if found >= 0:
                column = found + 1
                length = len(needle)
        self.found.append(
            Diagnostic(
                severity=severity,
                code=code,
                message=message,
                line=line,
                column=column,
                file=span.file if span else None,
                hint=hint,
                length=length,
                source_line=source,
            )
        )


def check_map(m: WardleyMap, *, styles: Iterable[str] | None = None) -> list[Diagnostic]:
    """Every cross-reference and consistency problem of ``m``.

    Parameters
    ----------
    m
        The map to check.
    styles
        Style names that are valid besides OWM's own (registered themes).

    Returns
    -------
    list of Diagnostic
        Warnings: dangling links, unknown evolve or pipeline targets, duplicate names,
        coordinates outside 0..1, dependency cycles, repeated settings and the like.
    """
    r = _Reporter()
    names = _Suggester(_names(m))
    _check_settings(m, r, styles)
    _check_names(m, r)
    _check_links(m, r, names)
    _check_evolves(m, r, names)
    _check_pipelines(m, r, names)
    _check_ranges(m, r)
    _check_misc(m, r)
    for cycle in dependency_cycles(m):
        first = m.at(cycle[0])
        path = " -> ".join(_label(m.at(k)) for k in (*cycle, cycle[0]))
        link = _link_between(m, cycle[0], cycle[1 % len(cycle)])
        r.add(
            link or first,
            "warning",
            "dependency-cycle",
            f"dependency cycle: {path}",
            hint="a value chain runs one way; remove or reverse one of these links",
        )
    return r.found


def _label(element: Any) -> str:
    return str(getattr(element, "name", "?"))


def _names(m: WardleyMap) -> list[str]:
    return [e.name for _, e in m.keyed("anchor", "component", "submap", "pipeline-component")]


class _Suggester:
    """Close-match suggestions for misspelt names, within a budget.

    difflib is slow, so a badly broken big map gets suggestions for its first few
    problems only.
    """

    def __init__(self, names: list[str], budget: int = 200) -> None:
        self.folded = {normalize_name(n): n for n in reversed(names)}
        self.choices = list(self.folded)
        self.budget = budget if len(self.choices) < 2000 else budget // 10

    def __call__(self, name: str) -> str | None:
        if self.budget <= 0 or not self.choices:
            return None
        self.budget -= 1
        close = difflib.get_close_matches(normalize_name(name), self.choices, 1, 0.75)
        return f"did you mean {self.folded[close[0]]!r}?" if close else None


def _check_settings(m: WardleyMap, r: _Reporter, styles: Iterable[str] | None) -> None:
    titles = m.keyed("title")
    for _, extra in titles[1:]:
        r.add(
            extra, "warning", "duplicate-title", "the map already has a title; this one is ignored"
        )
    evolutions = m.keyed("evolution")
    for _, extra in evolutions[1:]:
        r.add(
            extra,
            "warning",
            "duplicate-evolution",
            "the evolution axis is already set; this line is ignored",
            hint="keep one evolution line",
        )
    known = set(OWM_STYLES) | set(styles or ())
    for _, style in m.keyed("style"):
        if style.name not in known:
            close = difflib.get_close_matches(style.name, sorted(known), 1, 0.6)
            r.add(
                style,
                "warning",
                "unknown-style",
                f"unknown style {style.name!r}; the map is drawn in plain",
                hint=(f"did you mean {close[0]!r}? " if close else "")
                + "styles: "
                + ", ".join(sorted(known)),
                needle=style.name,
            )
    for _, size in m.keyed("size"):
        if size.width <= 0 or size.height <= 0:
            r.add(
                size,
                "warning",
                "bad-size",
                "a size needs a positive width and height; it is ignored",
            )


def _check_names(m: WardleyMap, r: _Reporter) -> None:
    seen: dict[str, Any] = {}
    for _, element in m.keyed("anchor", "component", "submap"):
        key = element.name
        first = seen.get(key)
        if first is None:
            seen[key] = element
            continue
        where = f" (line {first.span.line})" if first.span else ""
        r.add(
            element,
            "warning",
            "duplicate-name",
            f"{element.name!r} is declared twice; links and evolve use the first{where}",
            hint="give the two a different name (the //! display: directive can show the "
            "same text for both)",
            needle=element.name,
        )


def _check_links(m: WardleyMap, r: _Reporter, names: _Suggester) -> None:
    for _, link in m.keyed("link"):
        for end in (link.start, link.end):
            if m.resolve(end) is None:
                r.add(
                    link,
                    "warning",
                    "unknown-link-end",
                    f"the link names {end!r}, which is not a component or anchor; it is not drawn",
                    hint=names(end),
                    needle=end,
                )
        if link.flow_value is not None and link.flow is None:
            r.add(link, "warning", "flow-value", "only a flow link carries a value")


def _check_evolves(m: WardleyMap, r: _Reporter, names: _Suggester) -> None:
    effective = {key for key, _ in m.evolutions().values()}
    for key, evolve in m.keyed("evolve"):
        if key in effective:
            continue
        target = m.resolve(evolve.name)
        if target is None:
            r.add(
                evolve,
                "warning",
                "unknown-evolve-target",
                f"evolve names {evolve.name!r}, which is not a component; nothing evolves",
                hint=names(evolve.name),
                needle=evolve.name,
            )
        elif isinstance(m.at(target), el.Anchor):
            r.add(evolve, "warning", "evolve-anchor", "anchors do not evolve", needle=evolve.name)
        else:
            r.add(
                evolve,
                "warning",
                "duplicate-evolve",
                f"{evolve.name!r} already evolves; only the first evolve is drawn",
                needle=evolve.name,
            )


def _check_pipelines(m: WardleyMap, r: _Reporter, names: _Suggester) -> None:
    seen: dict[str, Any] = {}
    for _, pipeline in m.keyed("pipeline"):
        key = m.resolve(pipeline.name)
        owner = None if key is None else m.at(key)
        if not isinstance(owner, el.Component):
            what = "it and its members are" if pipeline.children else "it is"
            r.add(
                pipeline,
                "warning",
                "unknown-pipeline",
                f"pipeline {pipeline.name!r} has no component of that name; {what} not drawn",
                hint=names(pipeline.name) or "declare the component it belongs to",
                needle=pipeline.name,
            )
        for child in pipeline.children:
            first = seen.setdefault(normalize_name(child.name), child)
            if first is not child:
                where = f" (line {first.span.line})" if first.span else ""
                r.add(
                    child,
                    "warning",
                    "duplicate-name",
                    f"pipeline member {child.name!r} is declared twice; links and evolve "
                    f"use the first{where}",
                    needle=child.name,
                )


def _coordinates(element: Any) -> Iterator[tuple[str, float]]:
    for field in ("visibility", "maturity", "visibility2", "maturity2"):
        value = getattr(element, field, None)
        if isinstance(value, float):
            yield field, value
    for point in getattr(element, "points", ()):
        yield "visibility", point.visibility
        yield "maturity", point.maturity


def _check_ranges(m: WardleyMap, r: _Reporter) -> None:
    kinds = (
        "anchor",
        "component",
        "submap",
        "pipeline-component",
        "note",
        "annotation",
        "annotations",
        "attitude",
        "accelerator",
        "evolve",
        "pipeline",
    )
    for _, element in m.keyed(*kinds):
        values = list(_coordinates(element))
        if isinstance(element, el.Pipeline):
            values = [("maturity", v) for v in (element.start, element.end) if v is not None]
        bad = [(field, value) for field, value in values if not 0.0 <= value <= 1.0]
        if bad:
            field, value = bad[0]
            r.add(
                element,
                "warning",
                "out-of-range",
                f"{field} {value:g} is outside 0..1, so it is drawn off the map",
                hint="positions run from 0 to 1 ([visibility, maturity])",
                needle=_number_text(element, value),
            )


def _number_text(element: Any, value: float) -> str | None:
    span = element.span
    if span is None or span.source_line is None:
        return None
    for text in (repr(value), f"{value:g}", str(value)):
        if text in span.source_line:
            return text
    return None


def _check_misc(m: WardleyMap, r: _Reporter) -> None:
    for _, url in m.keyed("url"):
        if safe_url(url.address) is None:
            scheme = url.address.split(":", 1)[0].strip()
            r.add(
                url,
                "warning",
                "unsafe-url",
                f"the address of url {url.name!r} is not drawn as a link: only http(s) and "
                f"relative addresses are ({scheme!r} is neither)",
                needle=url.address,
            )
    urls = {u.name for u in m.urls}
    for _, submap in m.keyed("submap"):
        if submap.url is not None and submap.url not in urls:
            r.add(
                submap,
                "warning",
                "unknown-url",
                f"submap {submap.name!r} refers to url {submap.url!r}, which is not defined",
                hint=f"add: url {submap.url} [https://...]",
                needle=submap.url,
            )
    for _, component in m.keyed("component", "submap"):
        if component.stage is not None and component.maturity is not None:
            r.add(
                component,
                "warning",
                "stage-and-maturity",
                f"{component.name!r} has a maturity, so its stage is not used",
                hint="give either [visibility, maturity] or a stage",
            )
    numbers: dict[int, Any] = {}
    for _, annotation in m.keyed("annotation"):
        if annotation.number in numbers:
            r.add(
                annotation,
                "warning",
                "duplicate-annotation",
                f"annotation {annotation.number} is defined twice",
            )
        numbers.setdefault(annotation.number, annotation)


_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def safe_url(address: str | None) -> str | None:
    """``address`` if it is http(s) or relative, else ``None`` (``javascript:``, ``data:``).

    Control characters and whitespace inside the scheme (a tab in ``java script:``) are
    removed before the scheme is checked, as browsers do.
    """
    if not address:
        return None
    squashed = re.sub(r"[\x00-\x20\x7f]+", "", address)
    if not squashed:
        return None
    if _SCHEME.match(squashed):
        scheme = squashed.split(":", 1)[0].lower()
        return address.strip() if scheme in ("http", "https") else None
    return address.strip()  # relative, or protocol-relative (//host/...)


def _link_between(m: WardleyMap, a: ElementKey, b: ElementKey) -> Any:
    for _, link in m.keyed("link"):
        if m.resolve(link.start) == a and m.resolve(link.end) == b:
            return link
    return None


def dependency_cycles(m: WardleyMap) -> list[list[ElementKey]]:
    """Groups of elements that depend on each other in a circle, one cycle each.

    Uses an iterative strongly-connected-components search (linear in the number of
    links), so it also works on very large maps without recursion limits. Each cycle
    is returned as the keys along one closed path, starting at its first element in
    document order.
    """
    graph: dict[ElementKey, list[ElementKey]] = {}
    for _, link in m.keyed("link"):
        a, b = m.resolve(link.start), m.resolve(link.end)
        if a is None or b is None:
            continue
        graph.setdefault(a, []).append(b)
        graph.setdefault(b, [])
    index: dict[ElementKey, int] = {}
    low: dict[ElementKey, int] = {}
    on_stack: set[ElementKey] = set()
    stack: list[ElementKey] = []
    components: list[list[ElementKey]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work: list[tuple[ElementKey, int]] = [(root, 0)]
        while work:
            node, child_i = work.pop()
            if child_i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            children = graph[node]
            if child_i < len(children):
                work.append((node, child_i + 1))
                child = children[child_i]
                if child not in index:
                    work.append((child, 0))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            if low[node] == index[node]:
                group: list[ElementKey] = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    group.append(top)
                    if top == node:
                        break
                if len(group) > 1 or node in graph[node]:
                    components.append(group)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    cycles = [_one_cycle(graph, set(group)) for group in components]
    cycles.sort(key=lambda c: c[0])
    return cycles


def _one_cycle(
    graph: dict[ElementKey, list[ElementKey]], group: set[ElementKey]
) -> list[ElementKey]:
    """A closed path through the strongly connected ``group`` from its first key."""
    start = min(group)
    # Breadth-first search inside the group for the shortest way back to start.
    previous: dict[ElementKey, ElementKey] = {}
    frontier = [start]
    seen = {start}
    while frontier:
        nxt: list[ElementKey] = []
        for node in frontier:
            for child in graph[node]:
                if child not in group:
                    continue
                if child == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    path.reverse()
                    return path
                if child not in seen:
                    seen.add(child)
                    previous[child] = node
                    nxt.append(child)
        frontier = nxt
    return [start]
