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
_EVOLVED = "evolved copy of"
"""Tags the key of an evolved copy while placing: ``(_EVOLVED, node)``."""


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
    >>> cup, water = pos[(1,)], pos[(2,)]
    >>> 0.40 <= cup[0] < 0.70 <= water[0]  # each in its stage (III, IV)
    True
    >>> water[1] < cup[1] < 0.95  # below what depends on it; the anchor stays pinned
    True
    """
    vis = value_chain_layout(G, pos, fixed)
    mat = evolution_layout(G, pos, fixed, visibility=vis, boundaries=boundaries, seed=seed)
    pinned_m = _given(G, pos, fixed, 0)
    pinned_v = _given(G, pos, fixed, 1)
    free = [n for n in G if (n not in pinned_m or n not in pinned_v) and "owner" not in G.nodes[n]]
    if free:
        _spread(G, mat, vis, pinned_m, pinned_v, free, boundaries, size, min_distance)
        _separate_anchors(G, mat, vis, pinned_m, size)
        _clear_evolve_arrows(G, mat, vis, pinned_v, free, size)
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

    nodes = [n for n in G if "owner" not in G.nodes[n]]
    # Evolved copies are symbols too: they push others away but move only with the
    # component they copy (same visibility, the evolve's maturity).
    copies: dict[Hashable, tuple[Hashable, float]] = {}
    for n in nodes:
        target = G.nodes[n].get("evolve")
        if target is not None:
            copies[(_EVOLVED, n)] = (n, float(target))

    def xy(o: Hashable) -> tuple[float, float]:
        copy = copies.get(o)
        if copy is not None:
            return copy[1] * w, (1 - vis[copy[0]]) * h
        return mat[o] * w, (1 - vis[o]) * h

    cell = min_distance
    for _ in range(12):
        grid: dict[tuple[int, int], list[Hashable]] = {}
        for n in [*nodes, *copies]:
            x, y = xy(n)
            grid.setdefault((int(x // cell), int(y // cell)), []).append(n)
        moved = False
        for n in free:
            x, y = mat[n] * w, (1 - vis[n]) * h
            cx, cy = int(x // cell), int(y // cell)
            fx = fy = 0.0
            for gx in (cx - 1, cx, cx + 1):
                for gy in (cy - 1, cy, cy + 1):
                    for o in grid.get((gx, gy), ()):
                        if o == n or copies.get(o, (None,))[0] == n:
                            continue
                        ox, oy = xy(o)
                        dx, dy = x - ox, y - oy
                        d = math.hypot(dx, dy)
                        if d >= min_distance:
                            continue
                        if d < 1e-6:  # exactly on top: split by map order
                            after = o in copies or _sort_key(n) > _sort_key(o)
                            dx, dy, d = (1.0 if after else -1.0), 0.0, 1.0
                        push = (min_distance - d) / 2 if o in free_set else min_distance - d
                        # Mostly sideways: a layer keeps its height where it can.
                        fx += dx / d * push
                        fy += dy / d * push * 0.35
            if fx or fy:
                a, b = stage_span(n)
                lo, hi = _vis_span(G, n, vis, pinned_v)
                new_m = min(max(mat[n] + fx / w, a), b)
                new_v = min(max(vis[n] - fy / h, lo), hi)
                if abs(new_m - mat[n]) > 1e-4 or abs(new_v - vis[n]) > 1e-4:
                    mat[n], vis[n] = new_m, new_v
                    moved = True
        if not moved:
            break


ARROW_GAP = 11.0
"""Pixels kept between an evolve arrow and the edge of another symbol it passes."""


def _symbol_radius(G: Any, n: Hashable) -> float:
    """Roughly how far a node's symbol reaches, in pixels (its decorations included)."""
    d = G.nodes[n]
    if d.get("ecosystem"):
        return 30.0
    if d.get("market"):
        return 18.0
    if d.get("method"):
        return 15.0
    return 5.0


def _vis_span(
    G: Any, n: Hashable, vis: Mapping[Hashable, float], pinned_v: Mapping[Hashable, float]
) -> tuple[float, float]:
    """How far a node may move in visibility and keep its links pointing downwards."""
    if n in pinned_v:
        return (vis[n], vis[n])
    above = [vis[p] for p in G.predecessors(n) if p in vis]
    below = [vis[s] for s in G.successors(n) if s in vis]
    hi = min(above) - 0.03 if above else 0.98
    lo = max(below) + 0.03 if below else 0.02
    return (lo, hi) if lo <= hi else (vis[n], vis[n])


def _clear_evolve_arrows(
    G: Any,
    mat: Mapping[Hashable, float],
    vis: dict[Hashable, float],
    pinned_v: Mapping[Hashable, float],
    free: list[Hashable],
    size: tuple[float, float],
) -> None:
    """Keep unplaced symbols off the evolve arrows (a component to its evolved copy).

    An evolve arrow runs along its component's row, so on a map laid out in layers it
    tends to pass through the component's siblings. For each arrow with symbols on
    it, the cheaper (in pixels moved) of two fixes is taken: move the evolving
    component up or down to a clear lane, or move each unplaced symbol on the arrow
    just off it. Nothing moves outside the room its links leave (dependencies still
    point downwards), pinned visibilities are kept, and a pinned symbol on an arrow
    stays there.
    """
    w, h = size
    owners = _member_owner(G)
    with_members = set(owners.values())
    free_set = set(free)
    arrows = sorted(
        (n for n in G if G.nodes[n].get("evolve") is not None and n not in owners),
        key=_sort_key,
    )
    if not arrows:
        return
    nodes = sorted(G, key=_sort_key)
    radius = {n: _symbol_radius(G, n) for n in nodes}

    def movable(n: Hashable) -> bool:
        return (
            n in free_set
            and n not in pinned_v
            and n not in with_members
            and n not in owners
            and not _is_anchor(G, n)
        )

    def xy(n: Hashable) -> tuple[float, float]:
        return mat[n] * w, (1 - vis[n]) * h

    def circles(skip: Hashable) -> list[tuple[float, float, float]]:
        """Every symbol and evolved copy but ``skip`` and its copy."""
        out = [(*xy(o), radius[o]) for o in nodes if o != skip]
        for a in arrows:
            if a != skip:
                out.append((float(G.nodes[a]["evolve"]) * w, (1 - vis[a]) * h, radius[a]))
        return out

    def on_arrow(a: Hashable, x: float, y: float, r: float, ay: float | None = None) -> bool:
        """Whether a symbol at (x, y) lies on arrow ``a`` (drawn at height ``ay``)."""
        x1 = mat[a] * w
        x2 = float(G.nodes[a]["evolve"]) * w
        ay = (1 - vis[a]) * h if ay is None else ay
        lo, hi = min(x1, x2), max(x1, x2)
        dx = lo - x if x < lo else (x - hi if x > hi else 0.0)
        return dx * dx + (y - ay) ** 2 < (r + ARROW_GAP) ** 2

    def blockers(a: Hashable) -> list[Hashable]:
        return [o for o in nodes if o != a and on_arrow(a, *xy(o), radius[o])]

    def fits(n: Hashable, x: float, y: float, old_y: float) -> bool:
        """Whether ``n`` may move to (x, y): off every other arrow, not onto a symbol."""
        r = radius[n]
        for a in arrows:
            if a != n and on_arrow(a, x, y, r):
                return False
        for ox, oy, orad in circles(n):
            gap = r + orad + 16.0
            d2 = (x - ox) ** 2 + (y - oy) ** 2
            if d2 < gap * gap and d2 < (x - ox) ** 2 + (old_y - oy) ** 2:
                return False  # closer than before to a symbol that is already near
        return True

    def lane_for(a: Hashable) -> float | None:
        """The nearest height (px) for ``a`` with its arrow clear, if it can move."""
        if not movable(a):
            return None
        lo, hi = _vis_span(G, a, vis, pinned_v)
        y0 = (1 - vis[a]) * h
        top, bottom = (1 - hi) * h, (1 - lo) * h
        others = circles(a)
        x = mat[a] * w
        for step in range(1, 61):
            for y in (y0 - step * 2.0, y0 + step * 2.0):
                if not top <= y <= bottom:
                    continue
                if any(on_arrow(a, ox, oy, orad, y) for ox, oy, orad in others):
                    continue
                if fits(a, x, y, y0):
                    return y
        return None

    def nudge(o: Hashable, a: Hashable) -> float | None:
        """The nearest height (px) for ``o`` off arrow ``a``, if it can move there."""
        if not movable(o):
            return None
        lo, hi = _vis_span(G, o, vis, pinned_v)
        top, bottom = (1 - hi) * h, (1 - lo) * h
        x, y0 = xy(o)
        ay = (1 - vis[a]) * h
        need = radius[o] + ARROW_GAP + 0.5
        first = -1.0 if y0 <= ay else 1.0
        for side in (first, -first):
            y = ay + side * need
            if top <= y <= bottom and fits(o, x, y, y0):
                return y
        return None

    for _ in range(3):
        changed = False
        for a in arrows:
            hits = blockers(a)
            if not hits:
                continue
            y0 = (1 - vis[a]) * h
            lane = lane_for(a)
            cost_lane = abs(lane - y0) if lane is not None else math.inf
            moves: dict[Hashable, float] = {}
            stuck = 0
            for o in hits:
                y = nudge(o, a)
                if y is None:
                    stuck += 1
                else:
                    moves[o] = y
            cost_moves = sum(abs(y - xy(o)[1]) for o, y in moves.items())
            if lane is not None and (stuck or cost_lane <= cost_moves):
                vis[a] = 1 - lane / h
                changed = True
            elif moves:
                for o, y in moves.items():
                    vis[o] = 1 - y / h
                changed = True
        if not changed:
            break
