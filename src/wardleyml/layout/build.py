"""From a map and the positions of its elements to a :class:`~.result.Layout`.

The work is done in three steps: work out the geometry of everything (symbols, links,
boxes) from the positions; describe every text as a :class:`LabelRequest` (where OWM
would put it, what it belongs to, whether it may move); then, once the label placer
has chosen where the movable ones go, freeze it all into the result types.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ..model.elements import (
    Anchor,
    Component,
    Evolve,
    Link,
    PipelineComponent,
    Submap,
)
from ..model.map import ElementKey, WardleyMap
from .result import (
    AcceleratorMark,
    AnnotationMark,
    AttitudeArea,
    AxesLayout,
    Box,
    EvolveArrow,
    EvolvedNode,
    InertiaMark,
    Label,
    LabelSource,
    Layout,
    Legend,
    LinkSegment,
    Node,
    NodeKind,
    NoteMark,
    PipelineBox,
    Shape,
    TextAnchor,
)
from .style import Font, Metrics
from .text import measure_line, wrap

__all__ = [
    "DEFAULT_POINT",
    "DEFAULT_SIZE",
    "LabelRequest",
    "Scaffold",
    "build_scaffold",
    "finish",
    "label_from",
    "owm_component_offset",
]

DEFAULT_SIZE = (800.0, 600.0)
"""The map area when the map has no ``size`` (OWM's VS Code default)."""
DEFAULT_POINT = (0.9, 0.1)
"""OWM's (visibility, maturity) for an element written without coordinates."""
PIPELINE_MEMBER_MATURITY = 0.2
"""OWM's maturity of a pipeline member written without one."""

# OWM's margins around the map area: viewBox (-35, -45, W + 105, H + 137).
MARGIN_LEFT, MARGIN_TOP, MARGIN_RIGHT, MARGIN_BOTTOM = 35.0, 45.0, 70.0, 92.0
CANVAS_PAD = 4.0
"""Room kept between the outermost ink and the edge of a grown canvas."""

RequestKind = Literal["point", "anchor", "context", "flow", "note", "fixed", "block"]
LEGEND_WIDTH = 320.0
"""Width at which the annotation legend's entries wrap (automatic labels only)."""


@dataclass(slots=True)
class LabelRequest:
    """A text to place: what it is, what it belongs to, where OWM would put it.

    ``cx, cy`` is the point the label belongs to (a symbol's centre, a link's
    midpoint); ``radius`` how far the symbol reaches. ``dx, dy, anchor`` give the
    starting position (the author's offset or OWM's default) relative to that point.
    The placer may change ``dx, dy, anchor, lines`` of a ``movable`` request.
    """

    text: str
    role: str
    font: Font
    kind: RequestKind
    cx: float
    cy: float
    dx: float
    dy: float
    anchor: TextAnchor
    lines: tuple[str, ...]
    owner: ElementKey | None = None
    radius: float = 0.0
    source: LabelSource = "default"
    movable: bool = False
    rotation: float = 0.0
    segment: tuple[float, float, float, float] | None = None
    """For link contexts: the link's end points."""
    obstacle_keys: tuple[ElementKey, ...] = ()
    """Elements this label may touch without penalty (its own symbol, link ends)."""
    label: Label | None = None
    block: tuple[float, float, float, float] | None = None
    """For a ``"block"`` request (the annotations legend): its box relative to
    ``(cx + dx, cy + dy)``; the requests that follow it have ``leader`` set."""
    leader: LabelRequest | None = None
    """The block this label moves with."""


@dataclass(slots=True)
class _NodeDraft:
    key: ElementKey
    kind: NodeKind
    name: str
    element: Any
    maturity: float
    visibility: float
    x: float
    y: float
    placed: bool
    shape: Shape
    radius: float
    evolving: bool
    pipeline: ElementKey | None
    request: LabelRequest | None


@dataclass(slots=True)
class Scaffold:
    """Everything about a map's drawing except where its movable labels go."""

    width: float
    height: float
    nodes: list[_NodeDraft] = field(default_factory=list)
    evolved: list[tuple[Any, ...]] = field(default_factory=list)
    links: list[tuple[Any, ...]] = field(default_factory=list)
    evolve_arrows: list[EvolveArrow] = field(default_factory=list)
    pipelines: list[PipelineBox] = field(default_factory=list)
    inertia: list[InertiaMark] = field(default_factory=list)
    notes: list[tuple[Any, ...]] = field(default_factory=list)
    annotations: list[tuple[Any, ...]] = field(default_factory=list)
    legend: tuple[Box, LabelRequest, list[LabelRequest]] | None = None
    attitudes: list[tuple[Any, ...]] = field(default_factory=list)
    accelerators: list[tuple[Any, ...]] = field(default_factory=list)
    title: LabelRequest | None = None
    axes: tuple[Any, ...] | None = None
    requests: list[LabelRequest] = field(default_factory=list)
    extra_obstacles: list[Box] = field(default_factory=list)
    """Boxes labels keep off besides symbols and lines (submap glyphs)."""

    def request(self, req: LabelRequest) -> LabelRequest:
        """Add a label request and return it."""
        self.requests.append(req)
        return req


# -- labels ---------------------------------------------------------------------------


def _split_lines(text: str) -> tuple[str, ...]:
    return tuple(" ".join(part.split()) for part in text.split("\n"))


def _spacing(method: Any, market: bool, ecosystem: bool) -> int:
    """OWM's ``increaseLabelSpacing``: 3 for ecosystems, 2 for methods and markets."""
    if ecosystem:
        return 3
    if method or market:
        return 2
    return 1


def owm_component_offset(
    element: Component | PipelineComponent,
    *,
    evolving: bool,
    renamed: bool,
    adjust_explicit: bool = True,
) -> tuple[float, float, bool]:
    """OWM's label offset of a component: ``(dx, dy, explicit)`` (OWM-DSL §3.3).

    ``adjust_explicit=False`` keeps an author's offset exactly as written; OWM moves
    it too when the component evolves or has a method.
    """
    method = getattr(element, "method", None)
    spacing = _spacing(
        method, getattr(element, "market", False), getattr(element, "ecosystem", False)
    )
    if element.label is not None:
        dx, dy, explicit = element.label.dx, element.label.dy, True
    else:
        dx, dy, explicit = 5.0 * spacing, -10.0 * spacing, False
    if (evolving or method) and (adjust_explicit or not explicit):
        # OWM moves labels off the evolve arrow / method disc (markEvolvingComponents).
        if abs(dy) <= 10:
            dy = 10.0 * max(spacing, 2)
        if abs(dx) <= 10:
            dx = 16.0 if (evolving and renamed) else 5.0
    return dx, dy, explicit


def label_from(
    text: str,
    lines: tuple[str, ...],
    x: float,
    y: float,
    anchor: TextAnchor,
    role: str,
    font: Font,
    *,
    rotation: float = 0.0,
    source: LabelSource = "default",
    owner: ElementKey | None = None,
) -> Label:
    """A :class:`Label` with its ink boxes measured."""
    line_boxes: list[Box] = []
    for i, line in enumerate(lines):
        if not line:
            continue
        lm = measure_line(line, font.size, bold=font.bold, italic=font.italic, mono=font.mono)
        if lm.right <= lm.left:
            continue
        shift = {"start": 0.0, "middle": -lm.advance / 2, "end": -lm.advance}[anchor]
        base = y + i * font.line_height
        line_boxes.append(
            Box(x + shift + lm.left, base - lm.ascent, x + shift + lm.right, base + lm.descent)
        )
    if line_boxes:
        box = line_boxes[0]
        for b in line_boxes[1:]:
            box = box.union(b)
    else:
        box = Box(x, y, x, y)
    if rotation:
        box = _rotated_box(box, x, y, rotation)
        line_boxes = []
    return Label(
        text=text,
        lines=lines,
        x=x,
        y=y,
        anchor=anchor,
        role=role,
        size=font.size,
        line_height=font.line_height,
        box=box,
        line_boxes=tuple(line_boxes),
        bold=font.bold,
        italic=font.italic,
        mono=font.mono,
        rotation=rotation,
        source=source,
        owner=owner,
    )


def _rotated_box(box: Box, cx: float, cy: float, degrees: float) -> Box:
    a = math.radians(degrees)
    ca, sa = math.cos(a), math.sin(a)
    xs: list[float] = []
    ys: list[float] = []
    for px, py in ((box.x0, box.y0), (box.x1, box.y0), (box.x1, box.y1), (box.x0, box.y1)):
        dx, dy = px - cx, py - cy
        xs.append(cx + dx * ca - dy * sa)
        ys.append(cy + dx * sa + dy * ca)
    return Box(min(xs), min(ys), max(xs), max(ys))


def realise(req: LabelRequest) -> Label:
    """The label of a request at its current position."""
    return label_from(
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


# -- geometry -------------------------------------------------------------------------


Positions = Mapping[ElementKey, tuple[float, float]]
"""``{key: (maturity, visibility)}`` chosen by the layout for what the author left out."""


def build_scaffold(
    m: WardleyMap,
    metrics: Metrics,
    size: tuple[float, float],
    placed: Positions,
    *,
    wrap_width: float | None = None,
    owm_labels: bool = False,
    move_explicit: bool = False,
) -> Scaffold:
    """Work out every position and symbol, and describe every label.

    Parameters
    ----------
    placed
        Coordinates the layout chose for elements that lack them; anything missing
        from it and from the map gets OWM's default.
    owm_labels
        Reproduce OWM's label offsets exactly (including its moving of explicit
        offsets), with nothing movable.
    move_explicit
        Let the placer move labels that have an explicit offset.
    """
    width, height = size
    sc = Scaffold(width, height)
    px = _Px(width, height)
    axes = m.axes

    def font(role: str) -> Font:
        return metrics.font(role)

    def lines_of(text: str, f: Font, may_wrap: bool) -> tuple[str, ...]:
        # Names keep their own line breaks; the placer wraps long ones where that
        # helps (see wrap_width), so they start on one line.
        return _split_lines(text)

    # Which components, submaps and pipeline members evolve, and into what; the model
    # decides, so the checks and the drawing never disagree.
    evolve_for: dict[ElementKey, tuple[ElementKey, Evolve]] = m.evolutions()

    # Pipelines: owners drawn as squares, members placed on their owner's line.
    owner_of_pipeline: dict[ElementKey, ElementKey] = {}
    squares: set[ElementKey] = set()
    for key, pipe in m.keyed("pipeline"):
        owner = m.resolve(pipe.name)
        if owner is not None and len(owner) == 1 and isinstance(m.at(owner), Component):
            owner_of_pipeline[key] = owner
            squares.add(owner)

    def coords(key: ElementKey, element: Any) -> tuple[float, float, bool]:
        """(maturity, visibility, placed-by-layout) of an anchor or component."""
        chosen = placed.get(key)
        mat, vis = element.maturity, element.visibility
        was_placed = False
        if mat is None:
            mat = chosen[0] if chosen else DEFAULT_POINT[1]
            was_placed = chosen is not None
        if vis is None:
            vis = chosen[1] if chosen else DEFAULT_POINT[0]
            was_placed = was_placed or chosen is not None
        return float(mat), float(vis), was_placed

    drafts: dict[ElementKey, _NodeDraft] = {}
    for key, element in m.keyed("anchor", "component", "submap"):
        mat, vis, was_placed = coords(key, element)
        x, y = px(mat, vis)
        evolving = key in evolve_for
        text = (
            element.name if not isinstance(element, Component) else element.display or element.name
        )
        if isinstance(element, Anchor):
            f = font("anchor")
            explicit = element.label is not None
            dx, dy = (element.label.dx, element.label.dy) if element.label else (0.0, -10.0)
            anchor_kind: TextAnchor = "start" if explicit and not owm_labels else "middle"
            if owm_labels:  # OWM ignores an anchor's label offset
                dx, dy, explicit = 0.0, -10.0, False
            req = _anchor_request(
                text,
                f,
                x,
                y,
                dx,
                dy,
                anchor_kind,
                lines_of(text, f, not owm_labels),
                key,
                explicit,
                not owm_labels and (move_explicit or not explicit),
            )
            shape: Shape = "none"
            radius = 0.0
        else:
            evolution = evolve_for.get(key)
            renamed = evolution is not None and evolution[1].rename is not None
            dx, dy, explicit = owm_component_offset(
                element, evolving=evolving, renamed=renamed, adjust_explicit=owm_labels
            )
            f = font("component")
            radius = _symbol_radius(metrics, element)
            shape = "square" if key in squares else "circle"
            if shape == "square":
                radius = max(radius, metrics.pipeline_square * 0.7072)
            multiline = "\n" in text
            req = LabelRequest(
                text,
                "component",
                f,
                "point",
                x,
                y,
                dx,
                dy,
                # OWM centres multi-line names on the offset point.
                "middle" if multiline and owm_labels else "start",
                lines_of(text, f, not owm_labels),
                owner=key,
                radius=radius,
                source="explicit" if explicit else "default",
                movable=not owm_labels and (move_explicit or not explicit),
            )
            if isinstance(element, Submap):
                g = metrics.submap_glyph_size
                sc.extra_obstacles.append(Box(x - 23, y - 8, x - 23 + g, y - 8 + g))
        if text.strip():
            sc.request(req)
        draft = _NodeDraft(
            key,
            element.kind,
            element.name,
            element,
            mat,
            vis,
            x,
            y,
            was_placed,
            shape,
            radius,
            evolving,
            None,
            req if text.strip() else None,
        )
        drafts[key] = draft
        sc.nodes.append(draft)

    # Pipeline members, boxes and legacy ranges.
    for key, pipe in m.keyed("pipeline"):
        owner = owner_of_pipeline.get(key)
        if owner is None:
            continue
        od = drafts[owner]
        members: list[ElementKey] = []
        if pipe.block is not None:
            child_x: list[float] = []
            for j, item in enumerate(pipe.block):
                if not isinstance(item, PipelineComponent):
                    continue
                ckey = (*key, j)
                chosen = placed.get(ckey)
                was_placed = item.maturity is None and chosen is not None
                mat = (
                    item.maturity
                    if item.maturity is not None
                    else (chosen[0] if chosen else PIPELINE_MEMBER_MATURITY)
                )
                x = mat * width
                y = od.y + metrics.pipeline_box_height / 2
                member_evolve = evolve_for.get(ckey)
                dx, dy, explicit = owm_component_offset(
                    item,
                    evolving=member_evolve is not None,
                    renamed=member_evolve is not None and member_evolve[1].rename is not None,
                    adjust_explicit=owm_labels,
                )
                f = font("component")
                req = LabelRequest(
                    item.name,
                    "component",
                    f,
                    "point",
                    x,
                    y,
                    dx,
                    dy,
                    "middle" if "\n" in item.name and owm_labels else "start",
                    lines_of(item.name, f, not owm_labels),
                    owner=ckey,
                    radius=metrics.component_radius,
                    source="explicit" if explicit else "default",
                    movable=not owm_labels and (move_explicit or not explicit),
                )
                if item.name.strip():
                    sc.request(req)
                draft = _NodeDraft(
                    ckey,
                    "pipeline-component",
                    item.name,
                    item,
                    float(mat),
                    od.visibility,
                    x,
                    y,
                    was_placed,
                    "circle",
                    metrics.component_radius,
                    member_evolve is not None,
                    key,
                    req if item.name.strip() else None,
                )
                drafts[ckey] = draft
                sc.nodes.append(draft)
                members.append(ckey)
                child_x.append(x)
            if child_x:
                pad = metrics.pipeline_padding
                box = Box(
                    min(child_x) - pad, od.y, max(child_x) + pad, od.y + metrics.pipeline_box_height
                )
                sc.pipelines.append(PipelineBox(key, pipe, owner, box, False, (), tuple(members)))
        elif pipe.start is not None and pipe.end is not None:
            pad = metrics.pipeline_padding
            xa, xb = pipe.start * width, pipe.end * width
            top = od.y + 2
            box = Box(min(xa, xb) - pad, top, max(xa, xb) + pad, top + metrics.pipeline_box_height)
            cy = top + metrics.pipeline_box_height / 2
            sc.pipelines.append(PipelineBox(key, pipe, owner, box, True, ((xa, cy), (xb, cy)), ()))

    # Keep the node list in map order (members follow their pipeline statement).
    sc.nodes.sort(key=lambda d: d.key)

    # Evolved copies and their arrows.
    for target, (ekey, ev) in sorted(evolve_for.items(), key=lambda kv: kv[1][0]):
        src = drafts.get(target)
        if src is None:  # a member of a pipeline whose owner is not drawn
            continue
        comp = src.element  # a Component, Submap or PipelineComponent
        # The copy stays on its original's line (a member's line is its pipeline's).
        x, y = ev.maturity * width, src.y
        name = ev.rename or comp.name
        text = ev.rename or getattr(comp, "display", None) or comp.name
        method = ev.method or getattr(comp, "method", None)
        market = ev.market or getattr(comp, "market", False)
        ecosystem = ev.ecosystem or getattr(comp, "ecosystem", False)
        spacing = _spacing(method, market, ecosystem)
        explicit = ev.label is not None
        if ev.label is not None:
            dx, dy = ev.label.dx, ev.label.dy
        elif comp.label is not None and owm_labels:
            dx, dy = comp.label.dx, comp.label.dy
        else:
            dx, dy = 5.0 * spacing, -10.0 * spacing
        if ev.rename is not None and abs(dx) <= 10 and (owm_labels or not explicit):
            dx = 16.0
        radius = max(
            metrics.component_radius,
            metrics.method_radius if method else 0.0,
            metrics.market_radius if market else 0.0,
            metrics.ecosystem_radius if ecosystem else 0.0,
        )
        f = font("evolved")
        req = LabelRequest(
            text,
            "evolved",
            f,
            "point",
            x,
            y,
            dx,
            dy,
            "middle" if "\n" in text and owm_labels else "start",
            lines_of(text, f, not owm_labels),
            owner=ekey,
            radius=radius,
            source="explicit" if explicit else "default",
            movable=not owm_labels and (move_explicit or not explicit),
        )
        if text.strip():
            sc.request(req)
        sc.evolved.append(
            (
                ekey,
                target,
                name,
                ev,
                ev.maturity,
                src.visibility,
                x,
                y,
                radius,
                req if text.strip() else None,
            )
        )
        sc.evolve_arrows.append(EvolveArrow(ekey, target, src.x, src.y, x, y))

    # Inertia bars (OWM §5.8).
    for key, element in m.keyed("component", "submap"):
        if not element.inertia or key not in drafts:
            continue
        d = drafts[key]
        if key in evolve_for:
            target_mat = evolve_for[key][1].maturity
            lo, hi = sorted((d.maturity, target_mat))
            crossed = [b for b in axes.boundaries if lo < b < hi]
            mat = crossed[0] if crossed else d.maturity + 0.05
        else:
            mat = d.maturity + 0.02
        sc.inertia.append(
            InertiaMark(key, mat * width, d.y, metrics.inertia_width, metrics.inertia_height)
        )

    # Links between the current positions of both ends.
    for key, link in m.keyed("link"):
        a, b = m.resolve(link.start), m.resolve(link.end)
        if a is None or b is None or a not in drafts or b not in drafts:
            continue
        da, db = drafts[a], drafts[b]
        ctx = None
        if link.context:
            f = font("link_context")
            ctx = _context_request(link, key, f, da, db, wrap_width, owm_labels)
            sc.request(ctx)
        fv = None
        if link.flow_value:
            f = font("flow_value")
            fv = LabelRequest(
                link.flow_value,
                "flow_value",
                f,
                "flow",
                db.x,
                db.y,
                0.0,
                0.0,
                "start",
                _split_lines(link.flow_value),
                owner=key,
                radius=db.radius,
                movable=not owm_labels,
                segment=(da.x, da.y, db.x, db.y),
                obstacle_keys=(a, b),
            )
            sc.request(fv)
        sc.links.append((key, link, a, b, da.x, da.y, db.x, db.y, ctx, fv))

    # Notes.
    for key, note in m.keyed("note"):
        chosen = placed.get(key)
        mat = (
            note.maturity
            if note.maturity is not None
            else (chosen[0] if chosen else DEFAULT_POINT[1])
        )
        vis = (
            note.visibility
            if note.visibility is not None
            else (chosen[1] if chosen else DEFAULT_POINT[0])
        )
        x, y = px(mat, vis)
        f = font("note")
        req = LabelRequest(
            note.text,
            "note",
            f,
            "note",
            x,
            y,
            0.0,
            0.0,
            "start",
            _split_lines(note.text),
            owner=key,
            source="fixed",
            movable=not owm_labels,
        )
        sc.request(req)
        was_placed = chosen is not None and (note.maturity is None or note.visibility is None)
        sc.notes.append((key, note, x, y, was_placed, req))

    # Annotation circles.
    for key, ann in m.keyed("annotation"):
        f = font("annotation_number")
        digits = measure_line(str(ann.number), f.size, bold=f.bold, italic=f.italic, mono=f.mono)
        for point in ann.points:
            x, y = px(point.maturity, point.visibility)
            req = LabelRequest(
                str(ann.number),
                "annotation_number",
                f,
                "fixed",
                x,
                y,
                0.0,
                (digits.ascent - digits.descent) / 2,
                "middle",
                (str(ann.number),),
                owner=key,
                source="fixed",
            )
            sc.request(req)
            sc.annotations.append((key, ann, ann.number, x, y, metrics.annotation_radius, req))

    # The annotations legend: placed as one block (movable as a whole).
    annotations = sorted(m.annotations, key=lambda a: a.number)
    if annotations:
        lp = m.legend_position
        lx, ly = px(lp.maturity, lp.visibility)
        ft, fl = font("legend_title"), font("legend")
        pad = metrics.legend_padding
        title = LabelRequest(
            "Annotations:",
            "legend_title",
            ft,
            "fixed",
            lx,
            ly,
            pad,
            pad + ft.size,
            "start",
            ("Annotations:",),
            source="fixed",
        )
        lines: list[LabelRequest] = []
        y = ly + pad + ft.size
        for ann in annotations:
            y += fl.line_height
            text = f"{ann.number}. {ann.text}".strip()
            entry = _split_lines(text)
            if not owm_labels and wrap_width is not None:
                # Long entries wrap, so that the legend does not cover half the map.
                wrapped: list[str] = []
                for part in entry:
                    wrapped.extend(
                        wrap(
                            part,
                            LEGEND_WIDTH,
                            fl.size,
                            bold=fl.bold,
                            italic=fl.italic,
                            mono=fl.mono,
                        )
                    )
                entry = tuple(wrapped)
            lines.append(
                LabelRequest(
                    text, "legend", fl, "fixed", lx, ly, pad, y - ly, "start", entry, source="fixed"
                )
            )
            y += fl.line_height * (len(entry) - 1)
        block = LabelRequest(
            "Annotations",
            "legend",
            fl,
            "block",
            lx,
            ly,
            0.0,
            0.0,
            "start",
            (),
            source="fixed",
            movable=not owm_labels,
        )
        frame = _legend_frame(lx, ly, pad, [realise(r) for r in (title, *lines)])
        block.block = (frame.x0 - lx, frame.y0 - ly, frame.x1 - lx, frame.y1 - ly)
        for r in (title, *lines):
            r.leader = block
            sc.request(r)
        sc.request(block)
        sc.legend = (Box(lx, ly, lx, ly), title, lines)

    # Pioneers, settlers and town planners at their true position.
    names = {"pioneers": "Pioneers", "settlers": "Settlers", "townplanners": "Town Planners"}
    for key, att in m.keyed("attitude"):
        x1, y1 = px(att.maturity, att.visibility)
        if att.visibility2 is not None and att.maturity2 is not None:
            x2, y2 = px(att.maturity2, att.visibility2)
        else:
            x2, y2 = x1 + (att.width or 100.0), y1 + (att.height or 100.0)
        box = Box(min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))
        f = font("pst")
        cx, cy = box.center
        text = names[att.attitude]
        req = LabelRequest(
            text,
            "pst",
            f,
            "fixed",
            cx,
            cy,
            0.0,
            0.35 * f.size,
            "middle",
            (text,),
            owner=key,
            source="fixed",
        )
        sc.request(req)
        sc.attitudes.append((key, att, att.attitude, box, req))

    # Accelerators, with their names under the arrow.
    for key, acc in m.keyed("accelerator"):
        chosen = placed.get(key)
        mat = (
            acc.maturity
            if acc.maturity is not None
            else (chosen[0] if chosen else DEFAULT_POINT[1])
        )
        vis = (
            acc.visibility
            if acc.visibility is not None
            else (chosen[1] if chosen else DEFAULT_POINT[0])
        )
        x, y = px(mat, vis)
        half = metrics.accelerator_size / 2
        box = Box(x - half, y - half, x + half, y + half)
        acc_req: LabelRequest | None = None
        if acc.name.strip():
            f = font("accelerator")
            acc_req = LabelRequest(
                acc.name,
                "accelerator",
                f,
                "point",
                x,
                y,
                0.0,
                half + f.size,
                "middle",
                lines_of(acc.name, f, not owm_labels),
                owner=key,
                radius=half,
                source="default",
                movable=not owm_labels,
            )
            sc.request(acc_req)
        was_placed = chosen is not None and (acc.maturity is None or acc.visibility is None)
        sc.accelerators.append((key, acc, x, y, box, acc.deaccelerator, was_placed, acc_req))

    # Title and axes.
    if m.title:
        f = font("title")
        sc.title = sc.request(
            LabelRequest(
                m.title,
                "title",
                f,
                "fixed",
                0.0,
                -10.0,
                0.0,
                0.0,
                "start",
                (" ".join(m.title.split()),),
                source="fixed",
            )
        )
    sc.axes = _axes(sc, axes, metrics, width, height)
    return sc


def _anchor_request(
    text: str,
    f: Font,
    x: float,
    y: float,
    dx: float,
    dy: float,
    anchor: TextAnchor,
    lines: tuple[str, ...],
    key: ElementKey,
    explicit: bool,
    movable: bool,
) -> LabelRequest:
    return LabelRequest(
        text,
        "anchor",
        f,
        "anchor",
        x,
        y,
        dx,
        dy,
        anchor,
        lines,
        owner=key,
        source="explicit" if explicit else "default",
        movable=movable,
    )


def _context_request(
    link: Link,
    key: ElementKey,
    f: Font,
    da: _NodeDraft,
    db: _NodeDraft,
    wrap_width: float | None,
    owm_labels: bool,
) -> LabelRequest:
    """A link context: at the midpoint, 5 px above the line, along the line (OWM §5.5)."""
    mx, my = (da.x + db.x) / 2, (da.y + db.y) / 2
    angle = math.degrees(math.atan2(db.y - da.y, db.x - da.x))
    if angle > 90 or angle < -90:  # never upside down
        angle -= 180 if angle > 0 else -180
    a = math.radians(angle)
    # 5 px "above" the line in the text's own frame.
    ox, oy = 5 * math.sin(a), -5 * math.cos(a)
    text = link.context or ""
    return LabelRequest(
        text,
        "link_context",
        f,
        "context",
        mx,
        my,
        ox,
        oy,
        "middle",
        _split_lines(text),
        owner=key,
        source="default",
        movable=not owm_labels,
        rotation=angle,
        segment=(da.x, da.y, db.x, db.y),
        obstacle_keys=(da.key, db.key),
    )


def _symbol_radius(metrics: Metrics, element: Component) -> float:
    r = metrics.component_radius
    if element.method:
        r = max(r, metrics.method_radius)
    if element.market:
        r = max(r, metrics.market_radius)
    if element.ecosystem:
        r = max(r, metrics.ecosystem_radius)
    return r


def _axes(
    sc: Scaffold, axes: Any, metrics: Metrics, width: float, height: float
) -> tuple[Any, ...]:
    """Axis titles and stage labels (OWM §5.3)."""
    stage_font = metrics.font("stage")
    em = stage_font.size
    stage_reqs: list[LabelRequest] = []
    separators: tuple[float, ...] = ()
    evo_title = None
    if axes.show_evolution:
        separators = tuple(b * width for b in axes.boundaries)
        starts = (0.0, *(x + 7 for x in separators))
        for stage, x in zip(axes.stages, starts, strict=False):
            lines = tuple(t for t in (stage.name.strip(), (stage.second or "").strip()))
            if not lines[-1]:
                lines = lines[:-1]
            if not any(lines):
                continue
            req = LabelRequest(
                " / ".join(lines),
                "stage",
                stage_font,
                "fixed",
                x,
                height,
                0.0,
                em,
                "start",
                lines,
                source="fixed",
            )
            stage_reqs.append(sc.request(req))
        f = metrics.font("axis_title")
        evo_title = sc.request(
            LabelRequest(
                "Evolution",
                "axis_title",
                f,
                "fixed",
                width,
                height,
                0.0,
                1.8 * f.size,
                "end",
                ("Evolution",),
                source="fixed",
            )
        )
        # Long stage names (a relabelled axis) can reach the title: then it goes
        # under them.
        stage_boxes = [b for r in stage_reqs for b in realise(r).line_boxes]
        title_box = realise(evo_title).box.expand(2)
        if any(title_box.overlap(b) > 0 for b in stage_boxes):
            lowest = max(b.y1 for b in stage_boxes)
            lm = measure_line("Evolution", f.size, bold=f.bold, italic=f.italic, mono=f.mono)
            evo_title.dy = lowest - height + 3 + lm.ascent
    vc_title = None
    if axes.show_value_chain:
        f = metrics.font("axis_title")
        vc_title = sc.request(
            LabelRequest(
                "Value Chain",
                "axis_title",
                f,
                "fixed",
                0.0,
                0.0,
                -0.4 * f.size,
                2.0,
                "end",
                ("Value Chain",),
                source="fixed",
                rotation=-90.0,
            )
        )
    corners: list[LabelRequest] = []
    if metrics.corner_labels:
        f = metrics.font("corner")
        corners.append(
            sc.request(
                LabelRequest(
                    "Uncharted",
                    "corner",
                    f,
                    "fixed",
                    10.0,
                    15.0,
                    0.0,
                    0.0,
                    "start",
                    ("Uncharted",),
                    source="fixed",
                )
            )
        )
        corners.append(
            sc.request(
                LabelRequest(
                    "Industrialised",
                    "corner",
                    f,
                    "fixed",
                    width - 10.0,
                    15.0,
                    0.0,
                    0.0,
                    "end",
                    ("Industrialised",),
                    source="fixed",
                )
            )
        )
    return (
        axes.show_evolution,
        axes.show_value_chain,
        separators,
        height + 2 * em,
        stage_reqs,
        vc_title,
        evo_title,
        corners,
    )


class _Px:
    """Map coordinates to pixels."""

    __slots__ = ("height", "width")

    def __init__(self, width: float, height: float) -> None:
        self.width, self.height = width, height

    def __call__(self, maturity: float, visibility: float) -> tuple[float, float]:
        return (maturity * self.width, (1.0 - visibility) * self.height)


# -- freezing -------------------------------------------------------------------------


def finish(
    sc: Scaffold,
    diagnostics: tuple[Any, ...] = (),
    labeler: Callable[[LabelRequest], Label] = realise,
) -> Layout:
    """Freeze a scaffold whose requests are placed into a :class:`Layout`."""

    def lab(req: LabelRequest | None) -> Label | None:
        if req is None:
            return None
        if req.label is None:
            req.label = labeler(req)
        return req.label

    def must(req: LabelRequest) -> Label:
        label = lab(req)
        assert label is not None
        return label

    nodes = tuple(
        Node(
            d.key,
            d.kind,
            d.name,
            d.element,
            d.maturity,
            d.visibility,
            d.x,
            d.y,
            d.placed,
            d.shape,
            d.radius,
            lab(d.request),
            d.evolving,
            d.pipeline,
        )
        for d in sc.nodes
    )
    evolved = tuple(
        EvolvedNode(k, t, n, ev, mat, vis, x, y, r, lab(req))
        for (k, t, n, ev, mat, vis, x, y, r, req) in sc.evolved
    )
    links = tuple(
        LinkSegment(
            key,
            link,
            a,
            b,
            x1,
            y1,
            x2,
            y2,
            "flow" if link.flow is not None else "dependency",
            link.flow,
            link.style is not None,
            lab(ctx),
            lab(fv),
        )
        for (key, link, a, b, x1, y1, x2, y2, ctx, fv) in sc.links
    )
    notes = tuple(NoteMark(k, n, x, y, p, must(req)) for (k, n, x, y, p, req) in sc.notes)
    annotations = tuple(
        AnnotationMark(k, a, num, x, y, r, must(req))
        for (k, a, num, x, y, r, req) in sc.annotations
    )
    legend = None
    if sc.legend is not None:
        _, title_req, line_reqs = sc.legend
        title = must(title_req)
        lines = tuple(must(r) for r in line_reqs)
        frame = _legend_frame(title_req.cx, title_req.cy, title_req.dx, [title, *lines])
        legend = Legend(frame, title, lines)
    attitudes = tuple(
        AttitudeArea(k, a, kind, box, must(req)) for (k, a, kind, box, req) in sc.attitudes
    )
    accelerators = tuple(
        AcceleratorMark(k, a, x, y, box, de, p, lab(req))
        for (k, a, x, y, box, de, p, req) in sc.accelerators
    )
    axes = None
    if sc.axes is not None:
        show_evo, show_vc, seps, bottom, stage_reqs, vc, evo, corners = sc.axes
        axes = AxesLayout(
            show_evo,
            show_vc,
            seps,
            bottom,
            tuple(must(r) for r in stage_reqs),
            lab(vc),
            lab(evo),
            tuple(must(r) for r in corners),
        )
    map_title = lab(sc.title)
    layout = Layout(
        width=sc.width,
        height=sc.height,
        viewbox=Box(0, 0, 0, 0),
        nodes=nodes,
        evolved=evolved,
        links=links,
        evolve_arrows=tuple(sc.evolve_arrows),
        pipelines=tuple(sc.pipelines),
        inertia=tuple(sc.inertia),
        notes=notes,
        annotations=annotations,
        legend=legend,
        attitudes=attitudes,
        accelerators=accelerators,
        title=map_title,
        axes=axes,
        diagnostics=tuple(diagnostics),
    )
    object.__setattr__(layout, "viewbox", canvas_of(layout))
    return layout


def _legend_frame(lx: float, ly: float, pad: float, labels: list[Label]) -> Box:
    """The legend's frame: from its origin around its texts, with padding."""
    box = labels[0].box
    for label in labels[1:]:
        box = box.union(label.box)
    return Box(lx, ly, max(box.x1 + pad, lx), box.y1 + pad)


def canvas_of(layout: Layout) -> Box:
    """OWM's canvas around the map area, grown to hold every label and symbol."""
    w, h = layout.width, layout.height
    box = Box(-MARGIN_LEFT, -MARGIN_TOP, w + MARGIN_RIGHT, h + MARGIN_BOTTOM)
    x0, y0, x1, y1 = box.x0, box.y0, box.x1, box.y1
    extents: list[Box] = [label.box for label in layout.labels() if label.box.width > 0]
    extents.extend(
        Box(n.x - n.radius, n.y - n.radius, n.x + n.radius, n.y + n.radius) for n in layout.nodes
    )
    extents.extend(
        Box(n.x - n.radius, n.y - n.radius, n.x + n.radius, n.y + n.radius) for n in layout.evolved
    )
    extents.extend(p.box for p in layout.pipelines)
    extents.extend(a.box for a in layout.attitudes)
    extents.extend(a.box for a in layout.accelerators)
    extents.extend(
        Box(a.x - a.radius, a.y - a.radius, a.x + a.radius, a.y + a.radius)
        for a in layout.annotations
    )
    if layout.legend is not None:
        extents.append(layout.legend.box)
    pad = CANVAS_PAD
    for e in extents:
        x0 = min(x0, e.x0 - pad)
        y0 = min(y0, e.y0 - pad)
        x1 = max(x1, e.x1 + pad)
        y1 = max(y1, e.y1 + pad)
    return Box(math.floor(x0), math.floor(y0), math.ceil(x1), math.ceil(y1))
