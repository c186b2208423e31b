"""Places for notes and accelerators written without coordinates.

OWM puts them at (visibility 0.9, maturity 0.1), the top-left corner, whatever is
there. wardleyml looks for free space instead: an accelerator whose name names a
component goes beside it (to its right; a deaccelerator to its left), anything else
as near that corner as it can be without covering a symbol, a line, a label or a box.

Positions are tried in order of distance from where the mark wants to be, so the
first clear one is the nearest; with none clear, the least crowded one is kept.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any

from ..model.map import ElementKey, WardleyMap
from .build import DEFAULT_POINT, Scaffold, label_from, realise
from .result import Box
from .style import Metrics

__all__ = ["free_marks", "place_free_marks"]

STEP = 10.0
"""Spacing (pixels) of the positions tried."""
CLEARANCE = 4.0
"""Room kept around a mark."""
BESIDE = 10.0
"""Gap between a component's symbol and an accelerator placed beside it."""

Rect = tuple[float, float, float, float]


def free_marks(m: WardleyMap) -> list[tuple[ElementKey, Any]]:
    """Notes and accelerators missing a coordinate, in map order."""
    return [
        (key, element)
        for key, element in m.keyed("note", "accelerator")
        if element.maturity is None or element.visibility is None
    ]


def place_free_marks(
    m: WardleyMap, sc: Scaffold, metrics: Metrics
) -> dict[ElementKey, tuple[float, float]]:
    """``{key: (maturity, visibility)}`` for every note and accelerator without both.

    ``sc`` is the map built with such marks where OWM puts them (their own boxes are
    not obstacles); a coordinate the author did write is kept.
    """
    w, h = sc.width, sc.height
    marks = free_marks(m)
    if not marks or w <= 0 or h <= 0:
        return {}
    movable = {key for key, _ in marks}
    boxes, segments = _obstacles(sc, movable)
    names = _component_names(m)
    out: dict[ElementKey, tuple[float, float]] = {}
    for key, element in marks:
        if element.kind == "accelerator":
            half = metrics.accelerator_size / 2
            rel: Rect = (-half, -half, half, half)
            target = _beside(m, sc, element, names, half)
        else:
            f = metrics.font("note")
            lines = tuple(" ".join(part.split()) for part in element.text.split("\n"))
            b = label_from(element.text, lines, 0.0, 0.0, "start", "note", f).box
            rel = (b.x0, b.y0, b.x1, b.y1)
            target = None
        if target is None:
            mat = element.maturity if element.maturity is not None else DEFAULT_POINT[1]
            vis = element.visibility if element.visibility is not None else DEFAULT_POINT[0]
            target = (mat * w, (1 - vis) * h)
        x, y = _nearest_free(target, rel, element, boxes, segments, w, h)
        mat = element.maturity if element.maturity is not None else x / w
        vis = element.visibility if element.visibility is not None else 1 - y / h
        out[key] = (mat, vis)
        px, py = mat * w, (1 - vis) * h
        boxes.append((px + rel[0], py + rel[1], px + rel[2], py + rel[3]))
    return out


def _obstacles(sc: Scaffold, skip: set[ElementKey]) -> tuple[list[Rect], list[Rect]]:
    """Boxes (symbols, labels where they start, boxes) and segments to keep off."""
    boxes: list[Rect] = []
    segments: list[Rect] = []
    for d in sc.nodes:
        if d.shape != "none":
            r = d.radius
            boxes.append((d.x - r, d.y - r, d.x + r, d.y + r))
    for item in sc.evolved:
        x, y, r = item[6], item[7], item[8]
        boxes.append((x - r, y - r, x + r, y + r))
    for item in sc.annotations:
        x, y, r = item[3], item[4], item[5]
        boxes.append((x - r, y - r, x + r, y + r))
    for item in sc.links:
        segments.append((item[4], item[5], item[6], item[7]))
    for arrow in sc.evolve_arrows:
        segments.append((arrow.x1, arrow.y1, arrow.x2, arrow.y2))
    extra: Iterable[Box] = (
        *(p.box for p in sc.pipelines),
        *(mark.box for mark in sc.inertia),
        *(item[4] for item in sc.accelerators if item[0] not in skip),
        *sc.extra_obstacles,
    )
    boxes.extend((b.x0, b.y0, b.x1, b.y1) for b in extra)
    for req in sc.requests:
        if req.owner in skip or req.leader is not None or req.kind == "block":
            continue
        label = req.label or realise(req)
        if label.rotation:
            continue  # link contexts: their link is an obstacle already
        for b in label.line_boxes or (label.box,):
            boxes.append((b.x0, b.y0, b.x1, b.y1))
    return boxes, segments


def _component_names(m: WardleyMap) -> list[tuple[str, ElementKey]]:
    """Components' names (folded), longest first, to find one inside another name."""
    out = []
    for key, element in m.keyed("component", "submap"):
        name = " ".join(element.name.split()).casefold()
        if name:
            out.append((name, key))
    out.sort(key=lambda item: -len(item[0]))
    return out


def _beside(
    m: WardleyMap,
    sc: Scaffold,
    element: Any,
    names: list[tuple[str, ElementKey]],
    half: float,
) -> tuple[float, float] | None:
    """Where an accelerator naming a component would sit: just beside it."""
    key = m.resolve(element.name)
    if key is None:
        text = " ".join(element.name.split()).casefold()
        for name, k in names:
            if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text):
                key = k
                break
    if key is None:
        return None
    node = next((d for d in sc.nodes if d.key == key), None)
    if node is None:
        return None
    side = -1.0 if element.deaccelerator else 1.0
    return node.x + side * (node.radius + BESIDE + half), node.y


def _nearest_free(
    target: tuple[float, float],
    rel: Rect,
    element: Any,
    boxes: list[Rect],
    segments: list[Rect],
    w: float,
    h: float,
) -> tuple[float, float]:
    """The position nearest ``target`` whose box (``rel`` around it) is clear."""
    tx, ty = target
    c = CLEARANCE
    # Keep the mark on the map (where the author wrote one coordinate, on its line).
    xs = _steps(-rel[0] + c, w - rel[2] - c, tx)
    ys = _steps(-rel[1] + c, h - rel[3] - c, ty)
    if element.maturity is not None:
        xs = [element.maturity * w]
    if element.visibility is not None:
        ys = [(1 - element.visibility) * h]
    spots = sorted(((x - tx) ** 2 + (y - ty) ** 2, x, y) for x in xs for y in ys)
    best: tuple[float, float, float] | None = None
    for d2, x, y in spots:
        bx0, by0, bx1, by1 = x + rel[0] - c, y + rel[1] - c, x + rel[2] + c, y + rel[3] + c
        hits = 0
        for ox0, oy0, ox1, oy1 in boxes:
            if ox0 < bx1 and bx0 < ox1 and oy0 < by1 and by0 < oy1:
                hits += 1
        for x1, y1, x2, y2 in segments:
            if _crosses(x1, y1, x2, y2, bx0, by0, bx1, by1):
                hits += 1
        if hits == 0:
            return x, y
        cost = hits * 1e6 + d2
        if best is None or cost < best[0]:
            best = (cost, x, y)
    return (best[1], best[2]) if best is not None else (tx, ty)


def _steps(lo: float, hi: float, around: float) -> list[float]:
    """Positions from ``lo`` to ``hi``, ``STEP`` apart, one of them ``around``."""
    if hi < lo:
        return [(lo + hi) / 2]
    around = min(max(around, lo), hi)
    below = math.floor((around - lo) / STEP)
    above = math.floor((hi - around) / STEP)
    return [around + k * STEP for k in range(-below, above + 1)]


def _crosses(
    x1: float, y1: float, x2: float, y2: float, bx0: float, by0: float, bx1: float, by1: float
) -> bool:
    """Whether a segment passes through a box (separating axes)."""
    if max(x1, x2) < bx0 or min(x1, x2) > bx1 or max(y1, y2) < by0 or min(y1, y2) > by1:
        return False
    dx, dy = x2 - x1, y2 - y1
    s0 = dx * (by0 - y1) - dy * (bx0 - x1)
    s1 = dx * (by0 - y1) - dy * (bx1 - x1)
    s2 = dx * (by1 - y1) - dy * (bx0 - x1)
    s3 = dx * (by1 - y1) - dy * (bx1 - x1)
    return not (
        (s0 > 0 and s1 > 0 and s2 > 0 and s3 > 0) or (s0 < 0 and s1 < 0 and s2 < 0 and s3 < 0)
    )
