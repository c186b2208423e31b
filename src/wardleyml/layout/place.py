"""Placement of what the author left out, in the style of networkx's layouts.

Each function takes the graph of :func:`wardleyml.to_networkx` and returns positions
keyed by node. Positions are ``(maturity, visibility)`` pairs, both 0..1, as in the
map text (but in the order of ``x, y``, as networkx's ``pos``).

- :func:`value_chain_layout` places visibility: anchors on top, each component below
  everything that depends on it (longest-path layering), layers spread down the map.
- :func:`evolution_layout` places maturity: in the evolution stage the file gives
  (``//! stage: II``), else near the components it is linked to, spread within the
  stage so that neighbours do not stack.
- :func:`wardley_layout` does both and then pushes apart placed components that
  would sit on top of each other.

Coordinates the author wrote are kept (``fixed``). Nothing is random unless a
``seed`` is given (it only breaks ties between equally good orders), so the same map
always gives the same picture.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Collection, Hashable, Mapping, Sequence
from typing import Any

__all__ = ["evolution_layout", "value_chain_layout", "wardley_layout"]

Pos = Mapping[Hashable, tuple[float | None, float | None]]
"""``{node: (maturity, visibility)}``; ``None`` for a coordinate not given."""

TOP = 0.92
BOTTOM = 0.06
MAX_LAYER_STEP = 0.2
"""Largest visibility step between layers, so that a shallow chain stays compact."""
DEFAULT_BOUNDARIES = (0.175, 0.40, 0.70)


def _given(
    G: Any, pos: Pos | None, fixed: Collection[Hashable] | None, index: int
) -> dict[Hashable, float]:
    """The pinned value of one coordinate (0 maturity, 1 visibility) per node."""
    if pos is None:
        pos = {n: (G.nodes[n].get("maturity"), G.nodes[n].get("visibility")) for n in G}
    if fixed is None:
        fixed = list(pos)
    else:
        missing = [n for n in fixed if n not in pos]
        if missing:
            raise ValueError(f"nodes in fixed have no position in pos: {missing[:5]!r}")
    out: dict[Hashable, float] = {}
    for n in fixed:
        if n not in G:
            continue
        value = pos[n][index]
        if value is not None:
            out[n] = float(value)
    return out


def _member_owner(G: Any) -> dict[Hashable, Hashable]:
    return {n: d["owner"] for n, d in G.nodes(data=True) if d.get("owner") in G}


def _is_anchor(G: Any, n: Hashable) -> bool:
    return bool(G.nodes[n].get("kind") == "anchor")


def value_chain_layout(
    G: Any,
    pos: Pos | None = None,
    fixed: Collection[Hashable] | None = None,
    *,
    top: float = TOP,
    bottom: float = BOTTOM,
) -> dict[Hashable, float]:
    """Visibility of every node from the value chain.

    Anchors go on top; every other node goes below everything that depends on it,
    one layer per step of the longest dependency path from the top (members of a
    cycle share a layer). Layers are spread from ``top`` to ``bottom``, at most
    0.2 apart. Between pinned nodes, unplaced ones are spaced evenly so that every
    dependency still points downwards.

    Parameters
    ----------
    G
        The graph of :func:`wardleyml.to_networkx` (or any ``DiGraph`` whose edges
        point from the dependent node to its dependency; nodes with
        ``kind="anchor"`` are anchors, nodes with an ``owner`` attribute follow it).
    pos
        ``{node: (maturity, visibility)}``; default: the nodes' ``maturity`` and
        ``visibility`` attributes.
    fixed
        Nodes whose visibility in ``pos`` is kept; default: every node that has one.
    top, bottom
        Visibility of the first and the deepest layer.

    Returns
    -------
    dict
        ``{node: visibility}`` for every node of ``G``.

    Raises
    ------
    ValueError
        If a node in ``fixed`` has no position in ``pos``.
    """
    import networkx as nx

    pinned = _given(G, pos, fixed, 1)
    owners = _member_owner(G)
    chain = nx.DiGraph()
    chain.add_nodes_from(n for n in G if n not in owners)
    for a, b in G.edges():
        a, b = owners.get(a, a), owners.get(b, b)
        if a != b and not _is_anchor(G, b):
            chain.add_edge(a, b)
    cond = nx.condensation(chain)
    members = cond.graph["mapping"]
    order = list(
        nx.lexicographical_topological_sort(
            cond, key=lambda c: min(_sort_key(n) for n in cond.nodes[c]["members"])
        )
    )
    depth_len = nx.dag_longest_path_length(cond) if len(cond) else 0
    step = min((top - bottom) / max(depth_len, 1), MAX_LAYER_STEP)
    has_anchors = any(_is_anchor(G, n) for n in chain)

    def group_pinned(c: int) -> float | None:
        values = [pinned[n] for n in cond.nodes[c]["members"] if n in pinned]
        return (top - sum(values) / len(values)) / step if values else None

    fixed_d = {c: d for c in cond if (d := group_pinned(c)) is not None}
    # Backward: the tightest pinned layer below each free group, and how many free
    # groups lie on the way to it.
    down: dict[int, tuple[float, int] | None] = {}
    for c in reversed(order):
        best: tuple[float, int] | None = None
        for w in cond.successors(c):
            option = (fixed_d[w], 0) if w in fixed_d else _inc(down[w])
            if option is not None and (best is None or option[0] - option[1] < best[0] - best[1]):
                best = option
        down[c] = best
    # Forward: each free group one layer below its lowest dependent, squeezed evenly
    # when a pinned node below leaves less room.
    depth: dict[int, float] = {}
    for c in order:
        if c in fixed_d:
            depth[c] = fixed_d[c]
            continue
        preds = [depth[p] for p in cond.predecessors(c)]
        anchor_group = all(_is_anchor(G, n) for n in cond.nodes[c]["members"])
        if anchor_group:
            depth[c] = 0.0
            continue
        up = max(preds) if preds else (0.0 if has_anchors else -1.0)
        lo = up + 1
        bound = down[c]
        if bound is None or lo <= bound[0] - (bound[1] + 1):
            depth[c] = lo
        elif bound[0] > up:
            depth[c] = up + (bound[0] - up) / (bound[1] + 2)
        else:  # pinned nodes contradict the chain: stay just below the dependents
            depth[c] = up + 0.5
    out: dict[Hashable, float] = {}
    for n in chain:
        if n in pinned:
            out[n] = pinned[n]
        else:
            out[n] = min(max(top - depth[members[n]] * step, 0.02), 0.98)
    for n, owner in owners.items():
        out[n] = out[owner]
    return out


def _inc(option: tuple[float, int] | None) -> tuple[float, int] | None:
    return None if option is None else (option[0], option[1] + 1)


def _sort_key(n: Hashable) -> tuple[Any, ...]:
    return n if isinstance(n, tuple) else (str(n),)


def evolution_layout(
    G: Any,
    pos: Pos | None = None,
    fixed: Collection[Hashable] | None = None,
    *,
    visibility: Mapping[Hashable, float] | None = None,
    boundaries: Sequence[float] = DEFAULT_BOUNDARIES,
    seed: int | None = None,
) -> dict[Hashable, float]:
    """Maturity of every node: its stage, or its neighbours', spread within it.

    A node without a maturity takes the evolution stage in its ``stage`` attribute
    (1-4, from ``//! stage:``). Failing that it inherits: the average maturity of the
    nodes it is linked to (pinned ones first, then those placed before it), and the
    stage that average falls in. Nodes with nothing to go by use the whole axis.
    Unplaced nodes that share a stage and a layer are spread over the stage in the
    order of their neighbours' maturity, so that siblings do not stack.

    Parameters
    ----------
    G
        The graph of :func:`wardleyml.to_networkx`.
    pos, fixed
        As for :func:`value_chain_layout`, for maturity.
    visibility
        ``{node: visibility}`` used to tell layers apart (default: from
        :func:`value_chain_layout`).
    boundaries
        Maturity at which each stage after the first begins.
    seed
        Breaks ties between nodes with the same neighbours at random; ``None``
        keeps the order of the map.

    Returns
    -------
    dict
        ``{node: maturity}`` for every node of ``G``.
    """
    pinned = _given(G, pos, fixed, 0)
    if visibility is None:
        visibility = value_chain_layout(G, pos, fixed)
    edges = list(boundaries)
    ranges = [(a, b) for a, b in zip([0.0, *edges], [*edges, 1.0], strict=True)]
    rng = random.Random(seed) if seed is not None else None
    owners = _member_owner(G)
    free = [n for n in G if n not in pinned and n not in owners]
    free.sort(key=_sort_key)

    def stage_of(value: float) -> int:
        return sum(1 for b in edges if value >= b)

    # Known values: pinned maturity, or the middle of the stage the file gives.
    target: dict[Hashable, float] = dict(pinned)
    interval: dict[Hashable, tuple[float, float]] = {}
    for n in free:
        stage = G.nodes[n].get("stage")
        if isinstance(stage, int) and 1 <= stage <= len(ranges):
            a, b = ranges[stage - 1]
            interval[n] = (a, b)
            target[n] = (a + b) / 2
    # Inherit, in rounds outward from what is known (undirected: parents and children).
    unknown = [n for n in free if n not in target and not _is_anchor(G, n)]
    while unknown:
        found: dict[Hashable, float] = {}
        for n in unknown:
            known = [target[v] for v in _neighbours(G, n, owners) if v in target]
            if known:
                found[n] = sum(known) / len(known)
        if not found:
            break
        for n, value in found.items():
            target[n] = value
            interval[n] = ranges[min(stage_of(value), len(ranges) - 1)]
        unknown = [n for n in unknown if n not in found]
    for n in unknown:  # nothing to go by: the whole axis
        interval[n] = (0.0, 1.0)
    # Spread each group of free nodes sharing a stage and a layer over its stage.
    groups: dict[tuple[tuple[float, float], float], list[Hashable]] = {}
    for n in free:
        if _is_anchor(G, n):
            continue
        groups.setdefault((interval[n], round(visibility.get(n, 0.5), 3)), []).append(n)
    out: dict[Hashable, float] = dict(pinned)
    for (span, _), nodes in sorted(groups.items(), key=lambda kv: (kv[0], _sort_key(kv[1][0]))):
        a, b = span
        margin = 0.12 * (b - a)
        lo, hi = a + margin, b - margin

        middle = (a + b) / 2
        keyed = [
            (_bary(G, n, owners, target, middle), rng.random() if rng else 0.0, _sort_key(n), n)
            for n in nodes
        ]
        keyed.sort()
        if len(keyed) == 1:
            out[keyed[0][3]] = min(max(keyed[0][0], lo), hi)
            continue
        for i, item in enumerate(keyed):
            out[item[3]] = lo + (hi - lo) * i / (len(keyed) - 1)
    # Anchors sit above what they need.
    for n in free:
        if _is_anchor(G, n):
            below = [out[v] for v in G.successors(n) if v in out]
            out[n] = sum(below) / len(below) if below else 0.5
    # Pipeline members without a maturity continue their pipeline to the right.
    by_owner: dict[Hashable, list[Hashable]] = {}
    for n, owner in owners.items():
        by_owner.setdefault(owner, []).append(n)
    for owner, kids in by_owner.items():
        last = max([pinned[k] for k in kids if k in pinned] + [out.get(owner, 0.5)])
        for k in sorted(kids, key=_sort_key):
            if k in pinned:
                out[k] = pinned[k]
            else:
                last = min(last + 0.06, 0.98)
                out[k] = last
    return out


def _bary(
    G: Any,
    n: Hashable,
    owners: Mapping[Hashable, Hashable],
    target: Mapping[Hashable, float],
    default: float,
) -> float:
    """Mean maturity of a node's placed neighbours (its own target without any)."""
    near = [target[v] for v in _neighbours(G, n, owners) if v in target]
    return sum(near) / len(near) if near else target.get(n, default)


def _neighbours(G: Any, n: Hashable, owners: Mapping[Hashable, Hashable]) -> list[Hashable]:
    near = [*G.predecessors(n), *G.successors(n)]
    return [owners.get(v, v) for v in near if not _is_anchor(G, v)]


def wardley_layout(
    G: Any,
    pos: Pos | None = None,
    fixed: Collection[Hashable] | None = None,
    *,
    boundaries: Sequence[float] = DEFAULT_BOUNDARIES,
    size: tuple[float, float] = (800.0, 600.0),
    min_distance: float = 44.0,
    seed: int | None = None,
) -> dict[Hashable, tuple[float, float]]:
    """Positions for every node: the author's where given, the layout's elsewhere.

    Runs :func:`value_chain_layout` and :func:`evolution_layout`, then pushes apart
    unplaced nodes that came out closer than ``min_distance`` pixels (at ``size``)
    to another node, within their stage and without breaking the downward order of
    dependencies.

    Parameters
    ----------
    G
        The graph of :func:`wardleyml.to_networkx`.
    pos, fixed
        As for :func:`value_chain_layout`.
    boundaries
        Stage boundaries (maturity), as in :attr:`wardleyml.model.Axes.boundaries`.
    size
        The map area in pixels, to judge distances.
    min_distance
        How close (in pixels) two symbols may come before placed ones are moved.
    seed
        See :func:`evolution_layout`.

    Returns
    -------
    dict
        ``{node: (maturity, visibility)}`` for every node of ``G``.

    Examples
    --------
    >>> import wardleyml as wm
    >>> from wardleyml.layout.place import wardley_layout
    >>> m = wm.loads('''
    ... anchor Customer [0.95, 0.5]
    ... component Cup of Tea //! stage: III
    ... component Water //! stage: IV
    ... Customer->Cup of Tea
    ... Cup of Tea->Water
    ... ''')
    >>> pos = wardley_layout(wm.to_networkx(m))
    >>> [round(v, 2) for v in pos[(2,)]]  # Water: in stage IV, below Cup of Tea
    [0.85, 0.52]
    """
    vis = value_chain_layout(G, pos, fixed)
    mat = evolution_layout(G, pos, fixed, visibility=vis, boundaries=boundaries, seed=seed)
    pinned_m = _given(G, pos, fixed, 0)
    pinned_v = _given(G, pos, fixed, 1)
    free = [n for n in G if (n not in pinned_m or n not in pinned_v) and "owner" not in G.nodes[n]]
    if free:
        _spread(G, mat, vis, pinned_m, pinned_v, free, boundaries, size, min_distance)
        _separate_anchors(G, mat, vis, pinned_m, size)
        owners = _member_owner(G)
        for n, owner in owners.items():
            vis[n] = vis[owner]
    return {n: (mat[n], vis[n]) for n in G}


def _separate_anchors(
    G: Any,
    mat: dict[Hashable, float],
    vis: dict[Hashable, float],
    pinned_m: Mapping[Hashable, float],
    size: tuple[float, float],
) -> None:
    """Keep anchors on one row far enough apart for their names (drawn centred)."""
    from .text import text_width

    w = size[0]
    rows: dict[float, list[Hashable]] = {}
    for n in G:
        if _is_anchor(G, n):
            rows.setdefault(round(vis[n], 3), []).append(n)
    for row in rows.values():
        if len(row) < 2:
            continue
        half = {n: text_width(str(G.nodes[n].get("label") or ""), 14.0) / 2 / w for n in row}
        gap = 24.0 / w
        for _ in range(20):
            row.sort(key=lambda n: (mat[n], _sort_key(n)))
            moved = False
            for a, b in itertools.pairwise(row):
                need = half[a] + half[b] + gap - (mat[b] - mat[a])
                if need <= 1e-9:
                    continue
                free_a, free_b = a not in pinned_m, b not in pinned_m
                if free_a and free_b:
                    mat[a] -= need / 2
                    mat[b] += need / 2
                elif free_b:
                    mat[b] += need
                elif free_a:
                    mat[a] -= need
                else:
                    continue
                moved = True
            for n in row:
                if n not in pinned_m:
                    mat[n] = min(max(mat[n], 0.02 + half[n]), 0.98 - half[n])
            if not moved:
                break


def _spread(
    G: Any,
    mat: dict[Hashable, float],
    vis: dict[Hashable, float],
    pinned_m: Mapping[Hashable, float],
    pinned_v: Mapping[Hashable, float],
    free: list[Hashable],
    boundaries: Sequence[float],
    size: tuple[float, float],
    min_distance: float,
) -> None:
    """Push unplaced nodes apart where they crowd others (grid-hashed, a few rounds)."""
    w, h = size
    edges = [0.0, *boundaries, 1.0]
    free_set = set(free)

    def stage_span(n: Hashable) -> tuple[float, float]:
        if n in pinned_m:
            return (mat[n], mat[n])
        m = mat[n]
        for a, b in itertools.pairwise(edges):
            if a <= m < b or (b == 1.0 and m >= b):
                return (a + 0.01, b - 0.01)
        return (0.01, 0.99)

    def vis_span(n: Hashable) -> tuple[float, float]:
        if n in pinned_v:
            return (vis[n], vis[n])
        above = [vis[p] for p in G.predecessors(n) if p in vis]
        below = [vis[s] for s in G.successors(n) if s in vis]
        hi = min(above) - 0.03 if above else 0.98
        lo = max(below) + 0.03 if below else 0.02
        return (lo, hi) if lo <= hi else (vis[n], vis[n])

    nodes = [n for n in G if "owner" not in G.nodes[n]]
    cell = min_distance
    for _ in range(12):
        grid: dict[tuple[int, int], list[Hashable]] = {}
        for n in nodes:
            x, y = mat[n] * w, (1 - vis[n]) * h
            grid.setdefault((int(x // cell), int(y // cell)), []).append(n)
        moved = False
        for n in free:
            x, y = mat[n] * w, (1 - vis[n]) * h
            cx, cy = int(x // cell), int(y // cell)
            fx = fy = 0.0
            for gx in (cx - 1, cx, cx + 1):
                for gy in (cy - 1, cy, cy + 1):
                    for o in grid.get((gx, gy), ()):
                        if o == n:
                            continue
                        ox, oy = mat[o] * w, (1 - vis[o]) * h
                        dx, dy = x - ox, y - oy
                        d = math.hypot(dx, dy)
                        if d >= min_distance:
                            continue
                        if d < 1e-6:  # exactly on top: split by map order
                            dx, dy, d = (1.0 if _sort_key(n) > _sort_key(o) else -1.0), 0.0, 1.0
                        push = (min_distance - d) / 2 if o in free_set else min_distance - d
                        # Mostly sideways: a layer keeps its height where it can.
                        fx += dx / d * push
                        fy += dy / d * push * 0.35
            if fx or fy:
                a, b = stage_span(n)
                lo, hi = vis_span(n)
                new_m = min(max(mat[n] + fx / w, a), b)
                new_v = min(max(vis[n] - fy / h, lo), hi)
                if abs(new_m - mat[n]) > 1e-4 or abs(new_v - vis[n]) > 1e-4:
                    mat[n], vis[n] = new_m, new_v
                    moved = True
        if not moved:
            break
