"""Automatic label placement: every movable label goes where it collides least.

Each movable label has candidate positions around what it belongs to: sixteen
directions at five distances from a symbol (and wrapped variants of long names),
stretches along a link for its context, shifts of a note, spots for the legend. Each
candidate has a small preference cost (OWM's default position costs nothing) and
costs more for every other label it overlaps, every symbol it touches, every line
that crosses it, every box it covers (inertia bars, accelerators, the legend) and
for leaving the map area.

Labels are placed one by one at their cheapest candidate given those already placed;
then labels still in conflict whose surroundings changed are revisited, a few
rounds. Candidates are generated lazily, ring by ring, and looked at in order of
preference, so a label with a clear spot near its symbol costs only a few tests.
Obstacles and labels are kept in uniform grids (spatial hashing), so a test looks
only at a label's neighbourhood and placement is near-linear in the number of labels.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from operator import attrgetter
from typing import Any

from .._gc import no_cyclic_gc
from ..model.map import ElementKey
from .build import LabelRequest, Scaffold, label_from, realise
from .result import Box, TextAnchor
from .text import balance_each, measure_line, wrap

__all__ = ["Obstacles", "PlacementStats", "collect_obstacles", "place_labels"]

# Costs. A conflict with another label or a symbol must always outweigh any
# preference, so that a clear position is taken whenever one exists.
LABEL_HIT = 1000.0
SYMBOL_HIT = 900.0
BOX_HIT = 400.0
LINE_HIT = 16.0
GUIDE_HIT = 5.0  # axes and stage separators
EVOLVE_WEIGHT = 2.0  # an evolve arrow across a label costs this many lines
STYLED_WEIGHT = 2.0  # and a styled link (red, thick: the author wants it seen)
TOUCH_GAP = 6.0
"""Labels closer than this (pixels) but not overlapping read as one block of text."""
TOUCH = 8.0
"""Cost of a label touching another in that way."""
OUTSIDE_MAP = 1.0  # per pixel outside the map area (margins are fine but not free)
OUTSIDE_CANVAS = 200.0  # leaving OWM's canvas grows the picture
GROWS_CANVAS = 24.0  # and a label that does so, besides a pixel's worth per pixel
BESIDE_MAP = 600.0
"""The annotations legend below or right of the map: less than covering a symbol."""
BELOW_AXIS = 48.0  # the top of a legend below the map: under the stage names
RIGHT_GAP = 24.0  # the left of a legend right of the map
LABEL_GAP = 1.0  # clearance kept between labels
SYMBOL_GAP = 2.0  # clearance kept around symbols
CELL = 48.0
AMBIGUOUS = 24.0
"""Cost of a label that is as near another symbol as its own (it would read as that
one's name); twice that at most, for a label right beside another symbol."""
CLEARLY_NEARER = (2.0, 6.0)
"""A label reads as its own symbol's when every other symbol is at least ``a * g + b``
pixels from it, ``g`` being the gap between the label and its own symbol; nearer than
that costs up to :data:`AMBIGUOUS` (and more for one nearer than its own)."""
SYMBOL_REACH = 300.0
"""How far around a label's symbol other symbols are looked for (to judge which one
the label would read as belonging to)."""
LINE_REACH = 6.0
"""How far beside a box a line is looked for (half the widest line, a flow band)."""
FIRST_EDGE = 0.5
"""How much any other candidate costs more than the starting position."""
SATURATED = 0.6
"""Labels covering more than this share of the map area are not searched for a place:
most have none, and each try costs more as lines crowd in (real maps stay under 0.5;
a random 1000-component map on 800 x 600 px reaches 0.8 and took seconds for nothing)."""
SMALL_MAP = 400
"""Maps with at most this many movable labels get a thorough search; larger ones a
lean one, to keep placement near-linear."""
# (tries per turn, tries while the best is legible, budget per label, rounds)
THOROUGH = (400, 24, 1500, 12)
LEAN = (48, 8, 120, 6)
SOFT_AGAIN = 12
TRIES_AGAIN = 120
"""At most this many tries when a label looks again."""
"""Tries while the best is legible when a label looks again (it was legible before)."""

_LABEL, _CIRCLE, _SEGMENT, _BOX = 0, 1, 2, 3
_NEAR_KINDS = frozenset({"point", "anchor", "flow", "context"})

Rect = tuple[float, float, float, float]
Rects = tuple[Rect, ...]


@dataclass(frozen=True, slots=True)
class Obstacles:
    """What labels must keep clear of, besides each other.

    ``circles``: ``(cx, cy, r, owner)``; ``segments``: ``(x1, y1, x2, y2, half_width,
    weight, owner)`` (a link's context does not avoid its own link); ``boxes``:
    ``(box, weight)``.
    """

    circles: Sequence[tuple[float, float, float, ElementKey | None]]
    segments: Sequence[tuple[float, float, float, float, float, float, ElementKey | None]]
    boxes: Sequence[tuple[Box, float]]
    areas: Sequence[Box] = ()
    """Pioneers/settlers/town planners areas: only the legend keeps off them."""


@dataclass(slots=True)
class PlacementStats:
    """What placement did: candidates tried, rounds run, labels left in conflict."""

    labels: int = 0
    candidates: int = 0
    rounds: int = 0
    conflicts: int = 0
    unresolved: tuple[int, ...] = ()
    """Indices (in the request list) of labels still overlapping a label or symbol."""
    saturated: bool = False
    """The labels would cover more of the map than it has: they were left where OWM
    puts them (and ``unresolved`` is not worked out)."""


class _Grid:
    """Uniform grid of object ids by the cells their bounding boxes cover."""

    __slots__ = ("columns",)

    def __init__(self) -> None:
        # Cells by column, then row: int keys hash faster than (column, row) pairs.
        self.columns: dict[int, dict[int, list[int]]] = {}

    def _column(self, gx: int) -> dict[int, list[int]]:
        column = self.columns.get(gx)
        if column is None:
            column = self.columns[gx] = {}
        return column

    def add(self, oid: int, x0: float, y0: float, x1: float, y1: float) -> None:
        columns = self.columns
        rows = range(math.floor(y0 / CELL), math.floor(y1 / CELL) + 1)
        for gx in range(math.floor(x0 / CELL), math.floor(x1 / CELL) + 1):
            column = columns.get(gx)
            if column is None:
                column = columns[gx] = {}
            for gy in rows:
                bucket = column.get(gy)
                if bucket is None:
                    column[gy] = [oid]
                else:
                    bucket.append(oid)

    def grow(self, oid: int, old: Rect | None, new: Rect) -> None:
        """Add an object whose box grew from ``old`` (``None``: new) to ``new``.

        Only the cells it did not cover before: a bucket holds each object once.
        """
        if old is None:
            self.add(oid, *new)
            return
        ox0, oy0 = math.floor(old[0] / CELL), math.floor(old[1] / CELL)
        ox1, oy1 = math.floor(old[2] / CELL), math.floor(old[3] / CELL)
        rows = range(math.floor(new[1] / CELL), math.floor(new[3] / CELL) + 1)
        for gx in range(math.floor(new[0] / CELL), math.floor(new[2] / CELL) + 1):
            column = self._column(gx)
            inside = ox0 <= gx <= ox1
            for gy in rows:
                if inside and oy0 <= gy <= oy1:
                    continue
                bucket = column.get(gy)
                if bucket is None:
                    column[gy] = [oid]
                else:
                    bucket.append(oid)

    def add_segment(self, oid: int, x1: float, y1: float, x2: float, y2: float) -> None:
        """Add a segment to the cells it passes through (a grid walk).

        Only the cells under the line itself: queries reach out by :data:`LINE_REACH`
        to find lines passing just beside a box.
        """
        gx, gy = math.floor(x1 / CELL), math.floor(y1 / CELL)
        ex, ey = math.floor(x2 / CELL), math.floor(y2 / CELL)
        dx, dy = x2 - x1, y2 - y1
        step_x = 1 if dx > 0 else -1
        step_y = 1 if dy > 0 else -1
        t_x = ((gx + (step_x > 0)) * CELL - x1) / dx if dx else math.inf
        t_y = ((gy + (step_y > 0)) * CELL - y1) / dy if dy else math.inf
        d_x = CELL / abs(dx) if dx else math.inf
        d_y = CELL / abs(dy) if dy else math.inf
        for _ in range(abs(ex - gx) + abs(ey - gy) + 1):
            self._column(gx).setdefault(gy, []).append(oid)
            if t_x < t_y:
                t_x += d_x
                gx += step_x
            else:
                t_y += d_y
                gy += step_y

    def remove(self, oid: int, x0: float, y0: float, x1: float, y1: float) -> None:
        columns = self.columns
        rows = range(math.floor(y0 / CELL), math.floor(y1 / CELL) + 1)
        for gx in range(math.floor(x0 / CELL), math.floor(x1 / CELL) + 1):
            column = columns.get(gx)
            if column is None:
                continue
            for gy in rows:
                bucket = column.get(gy)
                if bucket is not None and oid in bucket:
                    bucket.remove(oid)

    def near(self, x0: float, y0: float, x1: float, y1: float) -> Iterable[int]:
        """Ids of the objects in the cells the box covers, each once."""
        return self.near_cells(int(x0 // CELL), int(y0 // CELL), int(x1 // CELL), int(y1 // CELL))

    def near_cells(self, gx0: int, gy0: int, gx1: int, gy1: int) -> Iterable[int]:
        """Ids of the objects in a range of cells (inclusive), each once."""
        columns = self.columns
        if gx0 == gx1 and gy0 == gy1:
            column = columns.get(gx0)
            return column.get(gy0, ()) if column is not None else ()
        buckets = self.buckets(gx0, gy0, gx1, gy1)
        if len(buckets) == 1:
            return buckets[0]
        return set().union(*buckets)

    def buckets(self, gx0: int, gy0: int, gx1: int, gy1: int) -> list[list[int]]:
        """The non-empty cells of a range of cells (inclusive), column by column."""
        columns = self.columns
        rows = range(gy0, gy1 + 1)
        buckets = []
        for gx in range(gx0, gx1 + 1):
            column = columns.get(gx)
            if column is not None:
                for gy in rows:
                    bucket = column.get(gy)
                    if bucket:
                        buckets.append(bucket)
        return buckets


class _Cand:
    """One place a label may go, with its cost against fixed things once known."""

    __slots__ = (
        "anchor",
        "ax",
        "ay",
        "bbox",
        "boxes",
        "hard",
        "lines",
        "lower",
        "near",
        "pref",
        "static",
        "symbols",
    )

    def __init__(
        self,
        pref: float,
        ax: float,
        ay: float,
        anchor: TextAnchor,
        lines: tuple[str, ...],
        boxes: Rects,
        bbox: Rect | None = None,
    ) -> None:
        self.pref = pref
        self.ax, self.ay = ax, ay
        self.anchor = anchor
        self.lines = lines
        self.boxes = boxes
        if bbox is not None:
            self.bbox = bbox
        elif len(boxes) == 1:
            self.bbox = boxes[0]
        else:
            self.bbox = _bbox(boxes)
        self.static: float | None = None
        self.lower = 0.0  # the least its static cost can be, once partly worked out
        self.hard = False
        # Fixed obstacles near the candidate (solid ones, lines), looked up once.
        self.near: tuple[list[Any], list[Any]] | None = None
        # Other symbols around the label's own (small maps).
        self.symbols: list[tuple[float, float, float, ElementKey | None]] | None = None


def _rel_boxes(req: LabelRequest, lines: tuple[str, ...], anchor: TextAnchor) -> Rects:
    """Ink boxes of the lines relative to the anchor point (unrotated)."""
    f = req.font
    # The font's fields rather than the font: a dataclass hashes in Python, slowly.
    key = (lines, f.size, f.line_height, f.bold, f.italic, f.mono)
    measured = _MEASURED.get(key)
    if measured is None:
        measured = []
        for i, line in enumerate(lines):
            if not line:
                continue
            lm = measure_line(line, f.size, bold=f.bold, italic=f.italic, mono=f.mono)
            if lm.right > lm.left:
                base = i * f.line_height
                measured.append(
                    (lm.advance, lm.left, lm.right, base - lm.ascent, base + lm.descent)
                )
        if len(_MEASURED) > 20000:
            _MEASURED.clear()
        _MEASURED[key] = measured
    # (Lists made into tuples: quicker than tuple() of a generator.)
    if anchor == "start":
        return tuple([(left, top, right, bottom) for _, left, right, top, bottom in measured])
    half = 0.5 if anchor == "middle" else 1.0
    return tuple(
        [
            (left - adv * half, top, right - adv * half, bottom)
            for adv, left, right, top, bottom in measured
        ]
    )


_MEASURED: dict[tuple[Any, ...], list[tuple[float, float, float, float, float]]] = {}
"""Line extents of recently placed texts (a label is boxed for several anchors)."""


def _bbox(boxes: Rects) -> Rect:
    if len(boxes) == 1:
        return boxes[0]
    x0, y0, x1, y1 = boxes[0]
    for bx0, by0, bx1, by1 in boxes[1:]:  # comparisons: min() of generators is slow
        if bx0 < x0:
            x0 = bx0
        if by0 < y0:
            y0 = by0
        if bx1 > x1:
            x1 = bx1
        if by1 > y1:
            y1 = by1
    return (x0, y0, x1, y1)


def _shift(boxes: Rects, x: float, y: float) -> Rects:
    if len(boxes) == 1:
        b = boxes[0]
        return ((b[0] + x, b[1] + y, b[2] + x, b[3] + y),)
    return tuple((b[0] + x, b[1] + y, b[2] + x, b[3] + y) for b in boxes)


def _rotated_chunks(boxes: Rects, x: float, y: float, degrees: float) -> Rects:
    """Cover a rotated text with small axis-aligned boxes (chunks along its length)."""
    a = math.radians(degrees)
    ca, sa = math.cos(a), math.sin(a)
    out = []
    for bx0, by0, bx1, by1 in boxes:
        height = by1 - by0
        n = max(1, math.ceil((bx1 - bx0) / max(height, 1.0)))
        step = (bx1 - bx0) / n
        for k in range(n):
            cx0, cx1 = bx0 + k * step, bx0 + (k + 1) * step
            xs, ys = [], []
            for px, py in ((cx0, by0), (cx1, by0), (cx1, by1), (cx0, by1)):
                xs.append(x + px * ca - py * sa)
                ys.append(y + px * sa + py * ca)
            out.append((min(xs), min(ys), max(xs), max(ys)))
    return tuple(out)


def _variants(req: LabelRequest, wrap_width: float | None) -> list[tuple[tuple[str, ...], float]]:
    """The text as given; and on two or three balanced lines if wider than ``wrap_width``."""
    out = [(req.lines, 0.0)]
    if wrap_width is None or len(req.lines) != 1:
        return out
    f = req.font
    width = measure_line(req.lines[0], f.size, bold=f.bold, italic=f.italic, mono=f.mono).advance
    if width <= wrap_width or " " not in req.lines[0]:
        return out
    seen: set[tuple[str, ...]] = {req.lines}
    splits = balance_each(req.lines[0], (2, 3), f.size, bold=f.bold, italic=f.italic, mono=f.mono)
    for split, pref in zip(splits, (3.0, 7.0), strict=True):
        lines = tuple(split)
        if lines not in seen:
            seen.add(lines)
            out.append((lines, pref))
    return out


# Directions around a symbol, in degrees (screen: 0 = right, -90 = up), in order of
# preference: up-right first, as OWM places labels.
_ANGLES = (-50, 0, -90, 50, 90, -130, 180, 130, -25, 25, -70, 70, -155, 155, -110, 110)
_DIRS = tuple((math.cos(math.radians(a)), math.sin(math.radians(a))) for a in _ANGLES)
_DIR_ANCHORS: tuple[TextAnchor, ...] = tuple(
    "start" if ux > 0.3 else ("end" if ux < -0.3 else "middle") for ux, _ in _DIRS
)
"""The text anchor of a label beside a symbol in each direction."""
# Rings: (extra distance, preference). Later rings cost more.
_RINGS = ((0.0, 0.0), (8.0, 8.0), (18.0, 18.0), (32.0, 30.0), (50.0, 45.0))


Batches = Iterator[tuple[list[_Cand], float]]
"""Candidates in batches: each batch and the least preference of any later batch."""


def _schedule(vprefs: tuple[float, ...], rings: Sequence[tuple[float, float]]) -> list[Any]:
    """Every (preference, ring, direction, variant, slid) around a symbol, cheapest first.

    ``slid``: in a diagonal direction, the label's box centred on the ray rather than
    hanging from its corner (further from the symbol; more places to try when the
    corner ones are taken).
    """
    entries = []
    for v, vpref in enumerate(vprefs):
        for ring_i, (_, rpref) in enumerate(rings):
            step = 1.0 + 0.5 * ring_i
            for k, (ux, uy) in enumerate(_DIRS):
                pref = vpref + rpref + k * step + FIRST_EDGE
                if ring_i >= NEAR_RINGS or abs(_ANGLES[k]) in (0, 50, 90, 130, 180):
                    entries.append((pref, ring_i, k, v, False))
                if abs(ux) > 0.05 and abs(uy) > 0.05:
                    entries.append((pref + SLID, ring_i, k, v, True))
    entries.sort()
    return entries


SLID = 4.0
NEAR_RINGS = 2
"""Close to the symbol, a label hanging from its corner in directions 25 degrees apart
lands a few pixels from the last: the first rings try only every other direction."""
"""How much more a slid candidate costs than the corner one (see :func:`_schedule`)."""
SLID_GAP = 0.5
"""And per pixel it lies further from the symbol."""
_SCHEDULES: dict[tuple[tuple[float, ...], int], list[Any]] = {}
CHUNK = 4
"""Candidates made at a time around a symbol (most labels need only the first few)."""


def _schedule_for(vprefs: tuple[float, ...], rings: Sequence[tuple[float, float]]) -> list[Any]:
    key = (vprefs, len(rings))
    schedule = _SCHEDULES.get(key)
    if schedule is None:
        schedule = _SCHEDULES[key] = _schedule(vprefs, rings)
    return schedule


def _around_batches(
    req: LabelRequest,
    cx: float,
    cy: float,
    clearance: float,
    wrap_width: float | None,
    rings: Sequence[tuple[float, float]],
    first: list[_Cand],
) -> Batches:
    """Candidates all around a point, a few at a time, cheapest first.

    In direction ``u`` the label's box is pushed out until it lies wholly beyond the
    line at distance ``c`` across ``u`` (its support in that direction), so no part
    of it comes closer than ``c`` to the point.
    """
    if first:
        # Alone at first: a label that is clear where it starts needs nothing else,
        # not even its wrapped variants (balancing them is costly). The cheapest
        # candidate around is always one of the text as given.
        yield first, _schedule_for((0.0,), rings)[0][0]
    variants = _variants(req, wrap_width)
    schedule = _schedule_for(tuple(v for _, v in variants), rings)
    rel_cache: dict[tuple[int, TextAnchor], tuple[Rects, Rect]] = {}
    for start in range(0, len(schedule), CHUNK):
        batch = []
        for pref, ring_i, k, v, slid in schedule[start : start + CHUNK]:
            anchor = _DIR_ANCHORS[k]
            found = rel_cache.get((v, anchor))
            if found is None:
                rel = _rel_boxes(req, variants[v][0], anchor)
                found = rel_cache[(v, anchor)] = (rel, _bbox(rel) if rel else (0.0, 0.0, 0.0, 0.0))
            rel, (rx0, ry0, rx1, ry1) = found
            if not rel:
                continue
            ux, uy = _DIRS[k]
            c = clearance + rings[ring_i][0]
            # The box's nearest point to the symbol lies at distance c in direction u:
            # a corner in a diagonal direction, the middle of a side straight across.
            if not slid:
                px, py = cx + ux * c, cy + uy * c
                ax = px - (rx0 if ux > 0.05 else (rx1 if ux < -0.05 else (rx0 + rx1) / 2))
                ay = py - (ry1 if uy < -0.05 else (ry0 if uy > 0.05 else (ry0 + ry1) / 2))
            else:
                # Pushed out along u until its box lies beyond the line at distance c
                # across u: every part at least c from the point, its middle on the ray.
                w, h = rx1 - rx0, ry1 - ry0
                reach = c + abs(ux) * w / 2 + abs(uy) * h / 2
                ax = cx + ux * reach - (rx0 + rx1) / 2
                ay = cy + uy * reach - (ry0 + ry1) / 2
                # How much further than c its nearest point is: a label far from its
                # symbol reads less as its name.
                bx0, by0 = ax + rx0, ay + ry0
                dx = bx0 - cx if bx0 > cx else max(cx - bx0 - w, 0.0)
                dy = by0 - cy if by0 > cy else max(cy - by0 - h, 0.0)
                further = math.sqrt(dx * dx + dy * dy) - c
                if further < 3.0:
                    continue  # a short label: much the same as hanging from the corner
                pref += SLID_GAP * further
            bbox = (ax + rx0, ay + ry0, ax + rx1, ay + ry1)
            # One line: its box is the bounding box (no second tuple to make and free).
            boxes = (bbox,) if len(rel) == 1 else _shift(rel, ax, ay)
            batch.append(_Cand(pref, ax, ay, anchor, variants[v][0], boxes, bbox))
        following = schedule[start + CHUNK][0] if start + CHUNK < len(schedule) else math.inf
        yield batch, following


def _one_batch(cands: list[_Cand]) -> Batches:
    yield cands, math.inf


def _batches(req: LabelRequest, wrap_width: float | None, width: float, height: float) -> Batches:
    kind = req.kind
    if kind in ("point", "anchor"):
        # The starting position (the author's offset or OWM's default) first: on a
        # sparse map labels stay where OWM puts them.
        first = []
        rel = _rel_boxes(req, req.lines, req.anchor)
        if rel:
            ax, ay = req.cx + req.dx, req.cy + req.dy
            first.append(_Cand(0.0, ax, ay, req.anchor, req.lines, _shift(rel, ax, ay)))
        clearance = req.radius + SYMBOL_GAP + (1.0 if kind == "point" else 2.0)
        return _around_batches(req, req.cx, req.cy, clearance, wrap_width, _RINGS, first)
    if kind == "flow":
        # Near the end of the flow, beside the line, off the end's own symbol.
        x1, y1 = req.cx, req.cy
        seg = req.segment
        if seg is not None:
            dx, dy = seg[0] - seg[2], seg[1] - seg[3]
            length = math.hypot(dx, dy) or 1.0
            back = min(req.radius + 14.0, length / 2)
            x1, y1 = req.cx + dx / length * back, req.cy + dy / length * back
        return _around_batches(req, x1, y1, 4.0, wrap_width, _RINGS[:4], [])
    if kind == "context":
        return _one_batch(_context_candidates(req))
    if kind == "note":
        return _one_batch(_note_candidates(req, wrap_width))
    if kind == "block" and req.block is not None:
        return _one_batch(_block_candidates(req, width, height))
    return _one_batch([])


_NOTE_SHIFTS = [(0.0, 0.0)] + [
    (round(math.cos(math.radians(a)) * r, 2), round(math.sin(math.radians(a)) * r, 2))
    for r in (8.0, 16.0, 28.0, 44.0, 64.0, 90.0)
    for a in range(0, 360, 30)
]


def _note_candidates(req: LabelRequest, wrap_width: float | None) -> list[_Cand]:
    """A note where the map puts it, or shifted a little; long notes may wrap."""
    variants = [(req.lines, 0.0)]
    f = req.font
    if wrap_width is not None:
        target = 2 * wrap_width
        longest = max(
            (
                measure_line(line, f.size, bold=f.bold, italic=f.italic, mono=f.mono).advance
                for line in req.lines
            ),
            default=0.0,
        )
        if longest > target:
            wrapped: list[str] = []
            for line in req.lines:
                wrapped.extend(
                    wrap(line, target, f.size, bold=f.bold, italic=f.italic, mono=f.mono)
                )
            variants.append((tuple(wrapped), 5.0))
    cands = []
    for lines, vpref in variants:
        rel = _rel_boxes(req, lines, req.anchor)
        if not rel:
            continue
        for i, (ox, oy) in enumerate(_NOTE_SHIFTS):
            ax, ay = req.cx + ox, req.cy + oy
            pref = vpref + (0.0 if i == 0 else 6.0 + math.hypot(ox, oy) / 3)
            cands.append(_Cand(pref, ax, ay, req.anchor, lines, _shift(rel, ax, ay)))
    return cands


def _block_candidates(req: LabelRequest, width: float, height: float) -> list[_Cand]:
    """Where the legend may go: where the map says, nearby, or anywhere on the map."""
    assert req.block is not None
    rx0, ry0, rx1, ry1 = req.block
    cands: list[_Cand] = []

    def at(ax: float, ay: float, pref: float) -> None:
        cands.append(_Cand(pref, ax, ay, "start", (), ((ax + rx0, ay + ry0, ax + rx1, ay + ry1),)))

    at(req.cx, req.cy, 0.0)
    for r in (10.0, 20.0, 40.0, 70.0, 110.0):
        for ux, uy in _DIRS:
            at(req.cx + ux * r, req.cy + uy * r, 4.0 + r / 4)
    w, h = rx1 - rx0, ry1 - ry0
    for gx in range(0, max(int(width - w), 0) + 1, 25):
        for gy in range(0, max(int(height - h), 0) + 1, 20):
            d = math.hypot(gx - rx0 - req.cx, gy - ry0 - req.cy)
            at(gx - rx0, gy - ry0, 35.0 + d / 20)
    # Beside the map, below the evolution axis or right of the map, where the picture
    # grows for it: better than covering components on a crowded map. They cost
    # BESIDE_MAP on top; their small preference only has them looked at early, before
    # the search's budget goes on a crowded map's inside.
    for gx in range(0, max(int(width - w), 0) + 1, 50):
        at(gx - rx0, height + BELOW_AXIS - ry0, 30.0 + gx / 100)
    for gy in range(0, max(int(height - h), 0) + 1, 40):
        at(width + RIGHT_GAP - rx0, gy - ry0, 30.0 + gy / 100)
    return cands


_CONTEXT_TS = (0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78)


def _context_candidates(req: LabelRequest) -> list[_Cand]:
    """Along the link, above or below it, rotated to its direction."""
    assert req.segment is not None
    x1, y1, x2, y2 = req.segment
    angle = req.rotation
    a = math.radians(angle)
    ca, sa = math.cos(a), math.sin(a)
    rel = _rel_boxes(req, req.lines, "middle")
    if not rel:
        return []
    ry0 = min(b[1] for b in rel)
    cands: list[_Cand] = []
    for i, t in enumerate(_CONTEXT_TS):
        px, py = x1 + (x2 - x1) * t, y1 + (y2 - y1) * t
        # In the text's frame "up" is (sa, -ca) on screen. Above: baseline 5 px up
        # (OWM); below: the ink's top 4 px under the line.
        for side, off in ((0, -5.0), (1, 4.0 - ry0)):
            ax, ay = px - off * sa, py + off * ca
            boxes = _rotated_chunks(rel, ax, ay, angle)
            cands.append(_Cand(i * 1.5 + side * 1.0, ax, ay, "middle", req.lines, boxes))
    return cands


def place_labels(
    requests: list[LabelRequest],
    obstacles: Obstacles,
    width: float,
    height: float,
    *,
    wrap_width: float | None = 130.0,
    rounds: int = -1,
) -> PlacementStats:
    """Choose a position for every movable request, in place.

    Fixed requests (``movable=False``) are obstacles. Each movable request gets its
    ``dx, dy, anchor, lines`` set and its ``label`` made; the followers of a moved
    block (the legend's texts) move with it.

    Parameters
    ----------
    requests
        The labels of a map (see :class:`~wardleyml.layout.build.LabelRequest`).
    obstacles
        Symbols, lines and boxes to keep clear of.
    width, height
        The map area; labels may go into OWM's margins around it at a small cost.
    wrap_width
        Names wider than this (pixels) may be wrapped onto two or three lines when
        that keeps them clear; ``None`` never wraps.
    rounds
        How many times labels still in conflict are revisited (at most; ``-1``: as
        many as the map's size allows, 12 for small maps, 6 for large ones).
    """
    stats = PlacementStats(labels=len(requests))
    with no_cyclic_gc():
        placer = _Placer(requests, obstacles, width, height, wrap_width, stats)
        try:
            placer.run(rounds)
        finally:
            # Each slot holds a method of the placer, which holds the slots: a cycle
            # only the cyclic collector would free, after walking every candidate
            # (a second on a 5000-label map). Broken here, it is freed at once.
            placer.slots.clear()
    return stats


def _beyond_margins(
    x0: float, y0: float, x1: float, y1: float, width: float, height: float
) -> float:
    """How far a box reaches past OWM's margins around the map (0 within them)."""
    return (
        max(0.0, -35.0 - x0)
        + max(0.0, x1 - width - 70.0)
        + max(0.0, -45.0 - y0)
        + max(0.0, y1 - height - 92.0)
    )


_pref = attrgetter("pref")


class _Slot:
    """A movable label during placement: its candidates so far and where it is."""

    __slots__ = (
        "batches",
        "blocked",
        "cands",
        "chosen",
        "cost",
        "extent",
        "following",
        "ids",
        "prepare",
        "region",
    )

    def __init__(self, batches: Batches, prepare: Callable[[list[_Cand]], None] | None) -> None:
        self.batches = batches
        self.prepare = prepare
        self.cands: list[_Cand] = []
        self.following = 0.0  # least preference of the candidates not generated yet
        self.chosen: _Cand | None = None
        self.cost = math.inf
        self.ids: list[int] = []
        self.region: Rect | None = None
        self.extent: Rect = (math.inf, math.inf, -math.inf, -math.inf)  # of its candidates
        self.blocked = True
        """Whether its last search turned down a cheaper place for other labels."""

    def grow(self) -> list[_Cand] | None:
        """Generate the next batch of candidates; ``None`` when there are no more.

        ``cands`` keeps them in the order they were made (the starting position
        first); :meth:`_Placer._best` orders them by what they are known to cost.
        """
        try:
            batch, following = next(self.batches)
        except StopIteration:
            self.following = math.inf
            return None
        batch.sort(key=_pref)
        if self.prepare is not None:
            self.prepare(batch)
        self.cands.extend(batch)
        self.following = following
        if batch:
            self.extent = _bbox((self.extent, *[c.bbox for c in batch]))
        return batch


class _Placer:
    """The state of one placement: two grids, the slots and their cached costs.

    The static grid holds what never moves (symbols, lines, boxes, fixed labels), so
    a candidate's cost against it is computed once; the label grid holds the movable
    labels where they currently are.
    """

    def __init__(
        self,
        requests: list[LabelRequest],
        obstacles: Obstacles,
        width: float,
        height: float,
        wrap_width: float | None,
        stats: PlacementStats,
    ) -> None:
        self.requests = requests
        self.width, self.height = width, height
        self.stats = stats
        self.static: list[tuple[int, Rect, Any]] = []
        self.areas = list(obstacles.areas)
        self.static_grid = _Grid()
        self.labels: list[tuple[int, Rect]] = []
        self.label_grid = _Grid()
        self.region_grid = _Grid()
        self.dirty: set[int] = set()
        self.soft_tries = LEAN[1]
        self.soft_again = SOFT_AGAIN
        for cx, cy, r, owner in obstacles.circles:
            self._add_static(_CIRCLE, (cx - r, cy - r, cx + r, cy + r), (cx, cy, r, owner))
        for x1, y1, x2, y2, hw, weight, owner in obstacles.segments:
            oid = len(self.static)
            bbox = (min(x1, x2) - hw, min(y1, y2) - hw, max(x1, x2) + hw, max(y1, y2) + hw)
            self.static.append((_SEGMENT, bbox, (x1, y1, x2, y2, hw, weight, owner)))
            self.static_grid.add_segment(oid, x1, y1, x2, y2)
        for box, weight in obstacles.boxes:
            self._add_static(_BOX, (box.x0, box.y0, box.x1, box.y1), weight)
        for i, req in enumerate(requests):
            if req.movable or req.leader is not None or req.kind == "block":
                continue  # followers are represented by their block
            self._add_fixed_label(i, req)
        # Small maps get a thorough search, and their labels also keep clearly nearer
        # their own symbol than any other; large ones a lean search, to stay
        # near-linear.
        self.thorough = sum(1 for r in requests if r.movable) <= SMALL_MAP
        self.reach = LINE_REACH
        self.symbols = list(obstacles.circles)
        self.around: dict[int, list[tuple[float, float, float, ElementKey | None]]] = {}
        self.static_near: dict[tuple[int, int, int, int], tuple[list[Any], list[Any]]] = {}
        self.symbol_grid = _Grid()
        if self.thorough:
            for sid, (cx, cy, r, _) in enumerate(self.symbols):
                self.symbol_grid.add(sid, cx - r, cy - r, cx + r, cy + r)
        self.slots: dict[int, _Slot] = {}
        area = 0.0
        for i, req in enumerate(requests):
            if req.movable:
                # Only a point's candidates on a small map need preparing.
                prepare = (
                    partial(self._prepare, point=req)
                    if self.thorough and req.kind == "point"
                    else None
                )
                slot = _Slot(_batches(req, wrap_width, width, height), prepare)
                slot.grow()
                self.slots[i] = slot
                if slot.cands:
                    b = slot.cands[0].bbox
                    area += (b[2] - b[0]) * (b[3] - b[1])
        # How much of the map the labels alone would cover: past SATURATED there is
        # no clear place for most of them, and searching would only cost time.
        self.density = area / max(width * height, 1.0)

    def _prepare(self, batch: list[_Cand], point: LabelRequest | None = None) -> None:
        """Give a batch of new candidates what they share.

        ``point``: the request of a label around a symbol on a small map, whose
        candidates look for other symbols nearby (see :meth:`_ambiguity`). What is
        near each candidate otherwise is looked up when its cost is first worked out.
        """
        if batch and point is not None:
            # Symbols around the label's own, looked up once for all its candidates
            # (as far as another symbol can be and still count: CLEARLY_NEARER).
            symbols = self.around.get(id(point))
            if symbols is None:
                e = SYMBOL_REACH
                found = self.symbol_grid.near(
                    point.cx - e, point.cy - e, point.cx + e, point.cy + e
                )
                everything = self.symbols
                symbols = self.around[id(point)] = [
                    everything[sid] for sid in sorted(found) if everything[sid][3] != point.owner
                ]
            for cand in batch:
                cand.symbols = symbols

    def _split(self, oids: Iterable[int]) -> tuple[list[Any], list[Any]]:
        """Fixed things as (solid ones: symbols, labels, boxes; lines), for :meth:`_static`."""
        static = self.static
        solid = []
        lines = []
        for oid in oids:
            item = static[oid]
            if item[0] == _SEGMENT:
                lines.append(item)
            else:
                solid.append(item)
        return solid, lines

    def _add_static(self, kind: int, bbox: Rect, payload: Any) -> None:
        oid = len(self.static)
        self.static.append((kind, bbox, payload))
        self.static_grid.add(oid, *bbox)

    def _add_fixed_label(self, i: int, req: LabelRequest) -> None:
        label = req.label or realise(req)
        req.label = label
        if label.rotation:
            rel = _rel_boxes(req, req.lines, req.anchor)
            for t in _rotated_chunks(rel, label.x, label.y, label.rotation):
                self._add_static(_LABEL, t, -1 - i)
            return
        line_boxes: Iterable[Box] = label.line_boxes or (label.box,)
        for lb in line_boxes:
            if lb.width > 0:
                self._add_static(_LABEL, (lb.x0, lb.y0, lb.x1, lb.y1), -1 - i)

    # -- costs --------------------------------------------------------------------------

    def _static(self, i: int, cand: _Cand, bound: float) -> tuple[float, bool]:
        """Cost against what never moves; cached once computed in full."""
        if cand.static is not None:
            return cand.static, cand.hard
        req = self.requests[i]
        kind = req.kind
        bx0, by0, bx1, by1 = cand.bbox
        width, height = self.width, self.height
        total = 0.0
        # Leaving the map area (fine but not free), and OWM's canvas (grows it).
        if bx0 >= 0.0 and by0 >= 0.0 and bx1 <= width and by1 <= height:
            out = 0.0  # the usual case, decided without four max() calls
        else:
            out = max(0.0, -bx0) + max(0.0, bx1 - width) + max(0.0, -by0) + max(0.0, by1 - height)
        beside = kind == "block" and (bx0 >= width or by0 >= height)
        if beside:
            # Wholly beside the map: it covers nothing, but grows the picture.
            total += BESIDE_MAP + 0.5 * _beyond_margins(bx0, by0, bx1, by1, width, height)
        elif out:
            if kind == "block":  # the legend belongs on the map
                total += 30.0 + 2.0 * out
            else:
                total += OUTSIDE_MAP * min(out, 40.0)
                # Past OWM's margins the whole picture grows (and shifts) for it.
                far = _beyond_margins(bx0, by0, bx1, by1, width, height)
                if far:
                    total += GROWS_CANVAS + far
        if kind == "block":
            for area in self.areas:
                w = min(bx1, area.x1) - max(bx0, area.x0)
                h = min(by1, area.y1) - max(by0, area.y0)
                if w > 0 and h > 0:
                    total += BOX_HIT + w * h
            far = 0.0 if beside else _beyond_margins(bx0, by0, bx1, by1, width, height)
            if far:
                total += OUTSIDE_CANVAS + 5.0 * far
        hard = False
        boxes = cand.boxes
        near = cand.near
        if near is None:
            # Fixed things never move: what a range of cells holds is looked up once.
            r = self.reach
            key = (
                int((bx0 - r) // CELL),
                int((by0 - r) // CELL),
                int((bx1 + r) // CELL),
                int((by1 + r) // CELL),
            )
            near = self.static_near.get(key)
            if near is None:
                found = self.static_grid.near_cells(*key)
                near = self.static_near[key] = self._split(found)
            cand.near = near
        solid, segments = near
        for what, obb, payload in solid:
            if obb[0] > bx1 + 6 or obb[2] < bx0 - 6 or obb[1] > by1 + 6 or obb[3] < by0 - 6:
                continue  # (6: TOUCH_GAP)
            if what == _LABEL:
                g = LABEL_GAP
                touch = 0.0
                for b in boxes:
                    w = min(b[2], obb[2]) - max(b[0], obb[0])
                    h = min(b[3], obb[3]) - max(b[1], obb[1])
                    if w + g > 0 and h + g > 0:
                        total += LABEL_HIT + (w + g) * (h + g)
                        hard = True
                        touch = 0.0
                        break
                    if w + TOUCH_GAP > 0 and h + TOUCH_GAP > 0:
                        touch = TOUCH
                total += touch
            elif what == _CIRCLE:
                ccx, ccy, r, _owner = payload
                lim = r + SYMBOL_GAP
                for b in boxes:
                    ddx = b[0] - ccx if b[0] > ccx else (ccx - b[2] if ccx > b[2] else 0.0)
                    ddy = b[1] - ccy if b[1] > ccy else (ccy - b[3] if ccy > b[3] else 0.0)
                    if ddx * ddx + ddy * ddy < lim * lim:
                        total += SYMBOL_HIT + (lim - math.hypot(ddx, ddy)) * 20
                        hard = True
                        break
            else:
                for b in boxes:
                    w = min(b[2], obb[2]) - max(b[0], obb[0])
                    h = min(b[3], obb[3]) - max(b[1], obb[1])
                    if w > 0 and h > 0:
                        total += float(payload) + w * h
                        break
            if total > bound:
                cand.lower = total
                return total, hard  # a lower bound: not cached
        if not hard and cand.symbols and total <= bound:
            total += self._ambiguity(req, cand)
            if total > bound:
                cand.lower = total
                return total, hard
        if not hard:
            # Lines only matter for a label that is otherwise legible. A link's
            # context does not avoid its own link.
            context = kind == "context"
            for _, obb, payload in segments:
                if obb[0] > bx1 or obb[2] < bx0 or obb[1] > by1 or obb[3] < by0:
                    continue
                x1, y1, x2, y2, hw, weight, owner = payload
                if context and owner == req.owner:
                    continue
                sdx, sdy = x2 - x1, y2 - y1
                for b in boxes:
                    # Separating axes: the two box axes, then the segment's normal.
                    qx0, qy0 = b[0] - hw + 1, b[1] - hw + 1
                    qx1, qy1 = b[2] + hw - 1, b[3] + hw - 1
                    if (x1 < qx0 and x2 < qx0) or (x1 > qx1 and x2 > qx1):
                        continue
                    if (y1 < qy0 and y2 < qy0) or (y1 > qy1 and y2 > qy1):
                        continue
                    s0 = sdx * (qy0 - y1) - sdy * (qx0 - x1)
                    s1 = sdx * (qy0 - y1) - sdy * (qx1 - x1)
                    s2 = sdx * (qy1 - y1) - sdy * (qx0 - x1)
                    s3 = sdx * (qy1 - y1) - sdy * (qx1 - x1)
                    if (s0 > 0 and s1 > 0 and s2 > 0 and s3 > 0) or (
                        s0 < 0 and s1 < 0 and s2 < 0 and s3 < 0
                    ):
                        continue
                    total += weight
                    break
                if total > bound:
                    cand.lower = total
                    return total, hard
        cand.static = total
        cand.hard = hard
        return total, hard

    def _ambiguity(self, req: LabelRequest, cand: _Cand) -> float:
        """Cost of a label not clearly nearer its own symbol than any other.

        Gaps are measured from the edge of a symbol to the label's box: a label reads
        as belonging to the symbol it is clearly nearest (see :data:`CLEARLY_NEARER`).
        """
        bx0, by0, bx1, by1 = cand.bbox
        cx, cy = req.cx, req.cy
        dx = bx0 - cx if bx0 > cx else (cx - bx1 if cx > bx1 else 0.0)
        dy = by0 - cy if by0 > cy else (cy - by1 if cy > by1 else 0.0)
        own = max(math.sqrt(dx * dx + dy * dy) - req.radius, 0.0)
        scale, slack = CLEARLY_NEARER
        limit = scale * own + slack
        worst = 0.0
        assert cand.symbols is not None
        for ccx, ccy, r, _ in cand.symbols:
            reach = limit + r
            dx = bx0 - ccx if bx0 > ccx else (ccx - bx1 if ccx > bx1 else 0.0)
            if dx >= reach:
                continue
            dy = by0 - ccy if by0 > ccy else (ccy - by1 if ccy > by1 else 0.0)
            if dy >= reach:
                continue
            d2 = dx * dx + dy * dy
            if d2 >= reach * reach:
                continue
            gap = max(math.sqrt(d2) - r, 0.0)
            worst = max(worst, (limit - gap) / (own + slack))
        return AMBIGUOUS * min(worst, 2.0)

    def _dynamic(
        self,
        i: int,
        cand: _Cand,
        bound: float,
        around: dict[tuple[int, int, int, int], Iterable[int]] | None = None,
    ) -> tuple[float, bool]:
        """Cost against the other movable labels where they are now.

        ``around``: labels by range of cells, for one search (while none moves).
        """
        bx0, by0, bx1, by1 = cand.bbox
        boxes = cand.boxes
        total = 0.0
        hard = False
        labels = self.labels
        g = LABEL_GAP
        t = TOUCH_GAP
        key = (
            int((bx0 - t) // CELL),
            int((by0 - t) // CELL),
            int((bx1 + t) // CELL),
            int((by1 + t) // CELL),
        )
        near = around.get(key) if around is not None else None
        if near is None:
            near = self.label_grid.near_cells(*key)
            if around is not None:
                around[key] = near
        touched: set[int] | None = None  # made for the few that touch
        for oid in near:
            owner, ob = labels[oid]
            if owner == i:
                continue
            if ob[0] > bx1 + t or ob[2] < bx0 - t or ob[1] > by1 + t or ob[3] < by0 - t:
                continue
            for b in boxes:
                w = min(b[2], ob[2]) - max(b[0], ob[0])
                h = min(b[3], ob[3]) - max(b[1], ob[1])
                if w + g > 0 and h + g > 0:
                    total += LABEL_HIT + (w + g) * (h + g)
                    hard = True
                    break
                if w + t > 0 and h + t > 0:
                    if touched is None:
                        touched = set()
                    elif owner in touched:
                        continue
                    touched.add(owner)  # once per label, not per line of it
                    total += TOUCH
            if total > bound:
                break
        return total, hard

    def _best(
        self, i: int, tries: int, current: tuple[_Cand, float] | None = None
    ) -> tuple[_Cand | None, float]:
        """The cheapest candidate of label ``i`` given everything else where it is.

        At most ``tries`` candidates are looked at: where everything around is taken
        (a saturated map), searching further costs time and finds nothing clear.
        ``current``: where the label is and what that costs; only a cheaper place
        replaces it.
        """
        slot = self.slots[i]
        best, best_cost = current if current is not None else (None, math.inf)
        # A label crossed only by lines stops looking soon; the legend and notes,
        # with many spread-out spots, look at all of them.
        again = current is not None
        soft = self.soft_again if again else self.soft_tries
        soft_stop = tries - soft if self.requests[i].kind in _NEAR_KINDS else -1
        # Candidates by the least they can cost: preference plus, once known, the
        # cost against fixed things (cached from earlier looks). The first whose
        # bound reaches the best total ends the search; a label that looks again
        # goes straight to the places that were clear of fixed things.
        heap = [
            (c.pref + (c.lower if c.static is None else c.static), k, c)
            for k, c in enumerate(slot.cands)
        ]
        heapq.heapify(heap)
        seq = len(heap)
        around: dict[tuple[int, int, int, int], Iterable[int]] = {}  # labels by cells
        # The least a candidate turned down only for other labels would have cost:
        # if that is below the best, moves of other labels may open a better place.
        blocked = math.inf
        while True:
            bound = heap[0][0] if heap else math.inf
            if slot.following < bound and slot.following < best_cost:
                batch = slot.grow()  # later batches may hold cheaper candidates
                if batch is not None:
                    for c in batch:
                        heapq.heappush(heap, (c.pref, seq, c))
                        seq += 1
                continue
            if bound >= best_cost:
                break  # nothing left can be cheaper
            if tries <= 0 and best is not None:
                break
            if tries <= soft_stop and best_cost < SYMBOL_HIT:
                break  # legible, only crossed by lines: good enough
            cand = heapq.heappop(heap)[2]
            tries -= 1
            self.stats.candidates += 1
            static = cand.static
            if static is None:
                if cand.pref + cand.lower >= best_cost:
                    continue
                static = self._static(i, cand, best_cost - cand.pref)[0]
            total = cand.pref + static
            if total >= best_cost:
                continue
            dynamic = self._dynamic(i, cand, best_cost - total, around)[0]
            if total + dynamic < best_cost:
                best, best_cost = cand, total + dynamic
            elif total < blocked:
                blocked = total
        slot.blocked = blocked < best_cost
        return best, best_cost

    def _put(self, i: int, cand: _Cand) -> None:
        slot = self.slots[i]
        if slot.chosen is cand:
            return
        if slot.chosen is not None:
            self._touch(slot.chosen.bbox)
        for oid in slot.ids:
            self.label_grid.remove(oid, *self.labels[oid][1])
        slot.chosen = cand
        slot.ids = []
        for b in cand.boxes:
            oid = len(self.labels)
            self.labels.append((i, b))
            self.label_grid.add(oid, *b)
            slot.ids.append(oid)
        self._touch(cand.bbox)

    def _touch(self, b: Rect) -> None:
        """Labels whose candidates reach ``b`` must look again."""
        t = TOUCH_GAP
        dirty = self.dirty
        cells = self.region_grid.buckets(
            int((b[0] - t) // CELL),
            int((b[1] - t) // CELL),
            int((b[2] + t) // CELL),
            int((b[3] + t) // CELL),
        )
        for bucket in cells:  # into a set: no need to merge the cells first
            dirty.update(bucket)

    def hard(self, i: int) -> bool:
        """Whether label ``i`` overlaps another label or a symbol where it is."""
        cand = self.slots[i].chosen
        if cand is None:
            return False
        _, static_hard = self._static(i, cand, math.inf)
        return static_hard or self._dynamic(i, cand, math.inf)[1]

    # -- the search ---------------------------------------------------------------------

    def run(self, rounds: int) -> None:
        slots = self.slots
        if self.density > SATURATED:
            self.stats.saturated = True
            for slot in slots.values():  # labels stay where they start
                if slot.cands:
                    slot.chosen = slot.cands[0]
            self._finish()
            return
        tries, self.soft_tries, per_label, max_rounds = THOROUGH if self.thorough else LEAN
        self.soft_again = min(self.soft_tries, SOFT_AGAIN)
        rounds = min(rounds, max_rounds) if rounds >= 0 else max_rounds
        budget = per_label * len(slots) + 2000
        # Greedy: each label at its best given those placed before it. A label moved
        # later onto another's ground marks that one to look again (``dirty``).
        self.dirty = set()
        for i, slot in slots.items():
            cand, cost = self._best(i, tries)
            if cand is not None:
                self._put(i, cand)
                slot.cost = cost
                self._register(i)
        for _ in range(rounds):
            if not self.dirty or self.stats.candidates > budget:
                break  # settled, or a saturated map that more rounds would not clear
            self.stats.rounds += 1
            todo = sorted(self.dirty)
            self.dirty = set()
            for i in todo:
                slot = slots[i]
                cur = slot.chosen
                if cur is None:
                    continue
                static, _ = self._static(i, cur, math.inf)
                dynamic = self._dynamic(i, cur, math.inf)[0]
                extra = static + dynamic
                if extra <= 1e-9:
                    slot.cost = cur.pref
                    continue  # clear where it is
                if dynamic <= 1e-9 and not slot.blocked:
                    continue  # no other label kept it from a better place: none will
                # Its own boxes do not count against it; it moves only for less.
                now = cur.pref + extra
                cand, cost = self._best(i, min(tries, TRIES_AGAIN), (cur, now - 1e-6))
                if cand is not None and cand is not cur:
                    self._put(i, cand)
                    slot.cost = cost
                else:
                    slot.cost = now
                self._register(i)
        self._finish()

    def _register(self, i: int) -> None:
        """Note where label ``i`` has looked, so that moves there make it look again."""
        slot = self.slots[i]
        region = slot.extent
        if region != slot.region:
            self.region_grid.grow(i, slot.region, region)
            slot.region = region

    def _finish(self) -> None:
        requests = self.requests
        for i, slot in self.slots.items():
            req = requests[i]
            cand = slot.chosen
            if cand is None:
                req.label = label_from(
                    req.text,
                    req.lines,
                    req.cx + req.dx,
                    req.cy + req.dy,
                    req.anchor,
                    req.role,
                    req.font,
                    rotation=req.rotation,
                    source=req.source,
                    owner=req.owner,
                )
                continue
            moved = cand is not slot.cands[0] or req.kind in ("context", "flow")
            req.dx, req.dy = cand.ax - req.cx, cand.ay - req.cy
            req.anchor, req.lines = cand.anchor, cand.lines
            req.label = label_from(
                req.text,
                cand.lines,
                cand.ax,
                cand.ay,
                cand.anchor,
                req.role,
                req.font,
                rotation=req.rotation,
                source="auto" if moved else req.source,
                owner=req.owner,
            )
        # Followers move with their block (the legend's title and entries).
        for req in requests:
            leader = req.leader
            if leader is not None and leader.movable:
                req.cx += leader.dx
                req.cy += leader.dy
                req.label = None
        if self.stats.saturated:
            return  # nearly every label overlaps: the caller says so once
        # Only labels hit at their last look, or touched since, can be in conflict.
        suspects = {
            i for i, s in self.slots.items() if s.chosen and s.cost - s.chosen.pref >= SYMBOL_HIT
        }
        suspects |= self.dirty
        unresolved = tuple(i for i in sorted(suspects) if self.hard(i))
        self.stats.unresolved = unresolved
        self.stats.conflicts = len(unresolved)


def collect_obstacles(sc: Scaffold) -> Obstacles:
    """Symbols, lines and boxes of a scaffold, for :func:`place_labels`."""
    circles: list[tuple[float, float, float, ElementKey | None]] = []
    segments: list[tuple[float, float, float, float, float, float, ElementKey | None]] = []
    boxes: list[tuple[Box, float]] = []
    for d in sc.nodes:
        if d.shape != "none":
            circles.append((d.x, d.y, d.radius, d.key))
    for item in sc.evolved:
        key, _, _, _, _, _, x, y, r, _ = item
        circles.append((x, y, r, key))
    for key, _, _, x, y, r, _ in sc.annotations:
        circles.append((x, y, r, key))
    for key, link, _, _, x1, y1, x2, y2, _, _ in sc.links:
        flow = link.flow is not None
        # Flows and styled links (coloured, thick: what the author wants seen) weigh more.
        weight = 1.5 if flow else (STYLED_WEIGHT if link.style is not None else 1.0)
        half = 5.0 if flow else 0.5
        if link.style is not None and link.style.width is not None:
            half = max(half, link.style.width / 2)
        segments.append((x1, y1, x2, y2, half, LINE_HIT * weight, key))
    for arrow in sc.evolve_arrows:
        # Dashed and coloured, and what the map is about: text across it reads badly.
        segments.append(
            (arrow.x1, arrow.y1, arrow.x2, arrow.y2, 1.0, LINE_HIT * EVOLVE_WEIGHT, arrow.key)
        )
    for pipe in sc.pipelines:
        b = pipe.box
        for seg in (
            (b.x0, b.y0, b.x1, b.y0),
            (b.x1, b.y0, b.x1, b.y1),
            (b.x1, b.y1, b.x0, b.y1),
            (b.x0, b.y1, b.x0, b.y0),
        ):
            segments.append((*seg, 0.5, LINE_HIT, pipe.key))
        for ex, ey in pipe.ends:
            circles.append((ex, ey, 5.0, pipe.key))
    if sc.axes is not None:
        show_evo, show_vc, seps, bottom, *_ = sc.axes
        w, h = sc.width, sc.height
        if show_vc:
            segments.append((0.0, 0.0, 0.0, h, 0.5, GUIDE_HIT, None))
        if show_evo:
            segments.append((0.0, h, w, h, 0.5, GUIDE_HIT, None))
            for x in seps:
                segments.append((x, 0.0, x, bottom, 0.5, GUIDE_HIT, None))
    for mark in sc.inertia:
        boxes.append((mark.box, BOX_HIT))
    for item in sc.accelerators:
        boxes.append((item[4], BOX_HIT))
    for box in sc.extra_obstacles:
        boxes.append((box, BOX_HIT))
    areas = [item[3] for item in sc.attitudes]
    return Obstacles(circles, segments, boxes, areas)
