"""The map as a graph: anchors and components joined by their links.

:func:`to_networkx` builds a networkx ``DiGraph`` for users and for the placement
functions. Problems of the value chain are reported as diagnostics: dependency cycles
and links naming unknown elements (found by :mod:`wardleyml.model.checks`, reused
here), and components no anchor reaches (found here).

networkx is imported only inside :func:`to_networkx`: it costs a noticeable part of a
second to import, and drawing a map whose elements all have coordinates does not
need it.
"""

from __future__ import annotations

from typing import Any

from ..errors import Diagnostic
from ..model.elements import Component, Link, PipelineComponent
from ..model.map import ElementKey, WardleyMap

__all__ = ["chain_edges", "graph_diagnostics", "pipeline_owners", "to_networkx", "unreachable"]

_REUSED_CODES = frozenset({"dependency-cycle", "unknown-link-end"})


def pipeline_owners(m: WardleyMap) -> dict[ElementKey, ElementKey]:
    """``{member key: owner key}`` for every member of a drawn pipeline.

    The owner is the top-level component named like the pipeline; members of a
    pipeline without one are left out (OWM does not draw them).
    """
    owners: dict[ElementKey, ElementKey] = {}
    for key, pipe in m.keyed("pipeline"):
        owner = m.resolve(pipe.name)
        if owner is None or len(owner) != 1 or not isinstance(m.at(owner), Component):
            continue
        for j, item in enumerate(pipe.block or ()):
            if isinstance(item, PipelineComponent):
                owners[(*key, j)] = owner
    return owners


def chain_edges(m: WardleyMap) -> list[tuple[ElementKey, ElementKey, ElementKey, Link]]:
    """``(start, end, link key, link)`` for every link whose ends both resolve."""
    edges = []
    for key, link in m.keyed("link"):
        a, b = m.resolve(link.start), m.resolve(link.end)
        if a is not None and b is not None:
            edges.append((a, b, key, link))
    return edges


def unreachable(m: WardleyMap) -> list[ElementKey]:
    """Components that no anchor reaches by following links downwards.

    Empty for a map without anchors (there is no top to start from). Pipeline
    members count as reached when their pipeline's component is.
    """
    anchors = [key for key, _ in m.keyed("anchor")]
    if not anchors:
        return []
    owners = pipeline_owners(m)
    below: dict[ElementKey, list[ElementKey]] = {}
    for a, b, _, _ in chain_edges(m):
        below.setdefault(a, []).append(b)
    for member, owner in owners.items():
        below.setdefault(owner, []).append(member)
    seen = set(anchors)
    stack = list(anchors)
    while stack:
        for nxt in below.get(stack.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    keys = [key for key, _ in m.keyed("component", "submap")]
    keys.extend(owners)
    return sorted(k for k in keys if k not in seen)


def graph_diagnostics(m: WardleyMap) -> list[Diagnostic]:
    """Warnings about the value chain: cycles, dangling links, unreachable components.

    Cycles and dangling links come from the map's own checks (the diagnostics it
    was read with, or :func:`wardleyml.model.checks.check_map` for a map built in
    code); unreachable components are found here.
    """
    from ..model.checks import check_map

    found = m.diagnostics or tuple(check_map(m))
    out = [d for d in found if d.code in _REUSED_CODES]
    for key in unreachable(m):
        element = m.at(key)
        span = element.span
        out.append(
            Diagnostic(
                severity="warning",
                code="unreachable",
                message=f"{element.name!r} is not reached from any anchor: nothing on the "
                "value chain depends on it",
                line=span.line if span else 0,
                column=span.column if span else 1,
                file=span.file if span else None,
                hint="link it from the component that needs it, or ignore this if it "
                "stands apart on purpose",
                source_line=span.source_line if span else None,
            )
        )
    return out


def _node_attrs(
    key: ElementKey,
    element: Any,
    owner: ElementKey | None,
    evolves: dict[ElementKey, float],
) -> dict[str, Any]:
    span = element.span
    attrs: dict[str, Any] = {
        "kind": element.kind,
        "name": element.name,
        "label": getattr(element, "display", None) or element.name,
        "maturity": element.maturity,
        "visibility": getattr(element, "visibility", None),
        "line": span.line if span else None,
        "element": element,
    }
    if isinstance(element, Component):
        attrs.update(
            stage=element.stage,
            method=element.method,
            market=element.market,
            ecosystem=element.ecosystem,
            inertia=element.inertia,
            evolve=evolves.get(key),
        )
    if owner is not None:
        attrs["pipeline"] = key[:1]
        attrs["owner"] = owner
        attrs["visibility"] = None  # a member sits on its pipeline's line
    return attrs


def to_networkx(m: WardleyMap) -> Any:
    r"""The map as a networkx ``DiGraph``.

    Parameters
    ----------
    m
        The map.

    Returns
    -------
    networkx.DiGraph
        One node per anchor, component, submap and pipeline member, keyed by its
        :data:`~wardleyml.model.ElementKey` (``(i,)`` or ``(i, j)``), with the
        attributes ``kind``, ``name``, ``label`` (the text drawn), ``maturity`` and
        ``visibility`` (``None`` where the author left them out), ``line``,
        ``element`` (the model object) and, for components, ``stage``, ``method``,
        ``market``, ``ecosystem``, ``inertia`` and ``evolve`` (the maturity it
        evolves to); pipeline members have ``pipeline`` (the pipeline's key) and
        ``owner`` (its component's key).

        One edge per link, from the element that depends to the one it depends on,
        with ``kind`` (``"dependency"`` or ``"flow"``), ``flow``, ``flow_value``,
        ``context``, ``style`` and ``styled``, ``key`` and ``line`` of the link
        statement (a repeated link keeps the first). ``G.graph`` holds ``title`` and
        ``diagnostics``: cycles, dangling links and unreachable components.

    Examples
    --------
    >>> import wardleyml as wm
    >>> m = wm.loads("anchor User [0.9, 0.5]\ncomponent Tea [0.5, 0.7]\nUser->Tea")
    >>> G = wm.to_networkx(m)
    >>> [G.nodes[n]["name"] for n in G.successors((0,))]
    ['Tea']
    """
    import networkx as nx

    g = nx.DiGraph(title=m.title)
    owners = pipeline_owners(m)
    evolves: dict[ElementKey, float] = {}
    for _, evolve in m.keyed("evolve"):
        target = m.resolve(evolve.name)
        if target is not None:
            evolves.setdefault(target, evolve.maturity)
    for key, element in m.keyed("anchor", "component", "submap"):
        g.add_node(key, **_node_attrs(key, element, None, evolves))
    for key, owner in owners.items():
        g.add_node(key, **_node_attrs(key, m.at(key), owner, evolves))
    for a, b, key, link in chain_edges(m):
        if a not in g or b not in g or g.has_edge(a, b):
            continue
        span = link.span
        g.add_edge(
            a,
            b,
            kind="flow" if link.flow is not None else "dependency",
            flow=link.flow,
            flow_value=link.flow_value,
            context=link.context,
            style=link.style,
            styled=link.style is not None,
            key=key,
            line=span.line if span else None,
        )
    g.graph["diagnostics"] = tuple(graph_diagnostics(m))
    return g
