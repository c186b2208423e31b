"""The result of laying out a map: where everything goes, in pixels.

A :class:`Layout` holds all the geometry the scene builder needs and nothing about
appearance (colours, strokes and dashes come from the theme). It is immutable, and
the map it was computed from is not changed.

Coordinates are pixels of the map area, as in OWM: ``x = maturity · width`` (0 at the
value-chain axis, growing to the right) and ``y = (1 − visibility) · height`` (0 at the
top, growing downwards). Things may lie outside the map area (margins hold titles,
stage labels and labels pushed out); :attr:`Layout.viewbox` covers all of it.

Every text is a :class:`Label`: its lines as drawn, the anchor point of its first
baseline, how it is aligned on that point (SVG ``text-anchor``), its text role and
font, an optional rotation and its ink box. Draw line ``i`` with its baseline at
``y + i · line_height``, aligned on ``x``, then rotate the whole text by
``rotation`` degrees about ``(x, y)``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal

from .._values import value_semantics
from ..errors import Diagnostic
from ..model.elements import (
    Accelerator,
    Annotation,
    Attitude,
    AttitudeKind,
    Evolve,
    FlowDirection,
    Link,
    Note,
    Pipeline,
)
from ..model.map import ElementKey, Placeable

__all__ = [
    "AcceleratorMark",
    "AnnotationMark",
    "AttitudeArea",
    "AxesLayout",
    "Box",
    "EvolveArrow",
    "EvolvedNode",
    "InertiaMark",
    "Label",
    "LabelSource",
    "Layout",
    "Legend",
    "LinkKind",
    "LinkSegment",
    "Node",
    "NodeKind",
    "NoteMark",
    "PipelineBox",
    "Shape",
    "TextAnchor",
]

TextAnchor = Literal["start", "middle", "end"]
"""How a text is aligned on its anchor point (SVG ``text-anchor``)."""

LabelSource = Literal["default", "explicit", "auto", "fixed"]
"""How a label's position was chosen: OWM's default offset, the author's
``label [dx, dy]``, automatic placement, or a position the map fixes (titles, axes,
notes, annotation numbers)."""

NodeKind = Literal["anchor", "component", "submap", "pipeline-component"]
Shape = Literal["none", "circle", "square"]
"""The basic symbol: anchors have none, pipeline owners are squares."""

LinkKind = Literal["dependency", "flow"]


@value_semantics
@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Box:
    """An axis-aligned rectangle from ``(x0, y0)`` (top left) to ``(x1, y1)``."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        """``x1 − x0``."""
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        """``y1 − y0``."""
        return self.y1 - self.y0

    @property
    def center(self) -> tuple[float, float]:
        """The middle of the box."""
        return ((self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2)

    def overlap(self, other: Box) -> float:
        """Area shared with ``other`` (0 when they do not intersect)."""
        w = min(self.x1, other.x1) - max(self.x0, other.x0)
        h = min(self.y1, other.y1) - max(self.y0, other.y0)
        return w * h if w > 0 and h > 0 else 0.0

    def union(self, other: Box) -> Box:
        """The smallest box holding both."""
        return Box(
            min(self.x0, other.x0),
            min(self.y0, other.y0),
            max(self.x1, other.x1),
            max(self.y1, other.y1),
        )

    def expand(self, d: float) -> Box:
        """The box grown by ``d`` on every side."""
        return Box(self.x0 - d, self.y0 - d, self.x1 + d, self.y1 + d)

    def distance_to(self, x: float, y: float) -> float:
        """Distance from a point to the box (0 inside)."""
        dx = max(self.x0 - x, 0.0, x - self.x1)
        dy = max(self.y0 - y, 0.0, y - self.y1)
        return math.hypot(dx, dy)

    def as_viewbox(self) -> tuple[float, float, float, float]:
        """``(x, y, width, height)``, the order of an SVG ``viewBox``."""
        return (self.x0, self.y0, self.x1 - self.x0, self.y1 - self.y0)


@value_semantics
@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Label:
    """A text on the map, measured and placed.

    Attributes
    ----------
    text
        The text as written in the map (before wrapping).
    lines
        The lines as drawn (after wrapping and the name's own line breaks).
    x, y
        The anchor point: on the first line's baseline, at its start, middle or end
        according to ``anchor``.
    anchor
        SVG ``text-anchor`` of every line.
    role
        The text role (:data:`wardleyml.themes.TextRole`) whose style draws it.
    size, line_height, bold, italic, mono
        The font the label was measured with (from the theme's text role;
        ``mono``: a monospaced family, measured as DejaVu Sans Mono).
    rotation
        Degrees, clockwise (SVG ``rotate``), about ``(x, y)``.
    box
        The ink box of the whole label, axis-aligned (after rotation).
    line_boxes
        One ink box per non-empty line (for an unrotated label; a rotated label has
        its ``box`` only).
    source
        How the position was chosen (:data:`LabelSource`).
    owner
        Key of the element the label belongs to, if any.
    """

    text: str
    lines: tuple[str, ...]
    x: float
    y: float
    anchor: TextAnchor
    role: str
    size: float
    line_height: float
    box: Box
    line_boxes: tuple[Box, ...] = ()
    bold: bool = False
    italic: bool = False
    mono: bool = False
    rotation: float = 0.0
    source: LabelSource = "default"
    owner: ElementKey | None = None


@value_semantics
@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Node:
    """An anchor, component, submap or pipeline member where it is drawn.

    Attributes
    ----------
    key
        Where the element is in the map (:data:`wardleyml.model.ElementKey`).
    kind
        ``"anchor"``, ``"component"``, ``"submap"`` or ``"pipeline-component"``.
    name
        The element's name (its ``display`` text, if any, is the label's text).
    element
        The model element itself.
    maturity, visibility
        The resolved map coordinates (a pipeline member has its pipeline's visibility).
    x, y
        The centre of the symbol in pixels (a pipeline member sits inside its box,
        below the pipeline's line).
    placed
        Whether the layout chose a coordinate the author left out.
    shape
        ``"none"`` (anchors), ``"circle"`` or ``"square"`` (components that name a
        pipeline).
    radius
        How far the symbol reaches from the centre (method, market and ecosystem
        discs included); labels keep outside it.
    label
        The name, placed; ``None`` for an empty name.
    evolving
        Whether an ``evolve`` moves this component (the evolved copy is in
        :attr:`Layout.evolved`).
    pipeline
        For a pipeline member, the key of its ``pipeline`` statement.
    """

    key: ElementKey
    kind: NodeKind
    name: str
    element: Placeable
    maturity: float
    visibility: float
    x: float
    y: float
    placed: bool
    shape: Shape
    radius: float
    label: Label | None
    evolving: bool = False
    pipeline: ElementKey | None = None


@value_semantics
@dataclass(frozen=True, slots=True, repr=False, eq=False)
class EvolvedNode:
    """Where an evolving component is going: a copy at the same visibility.

    Attributes
    ----------
    key
        Key of the ``evolve`` statement.
    source
        Key of the component that evolves.
    name
        The copy's name: the ``evolve`` line's new name, else the component's.
    """

    key: ElementKey
    source: ElementKey
    name: str
    element: Evolve
    maturity: float
    visibility: float
    x: float
    y: float
    radius: float
    label: Label | None


@value_semantics
@dataclass(frozen=True, slots=True, repr=False, eq=False)
class LinkSegment:
    """A link drawn as a straight line between the current positions of its ends.

    ``context`` is the ``; context`` text placed along the line; ``flow_value`` the
    value of a ``+'value'>`` flow. ``styled`` says the link carries a ``//! style:``
    (read it from ``element.style``).
    """

    key: ElementKey
    element: Link
    start: ElementKey
    end: ElementKey
    x1: float
    y1: float
    x2: float
    y2: float
    kind: LinkKind
    flow: FlowDirection | None = None
    styled: bool = False
    context: Label | None = None
    flow_value: Label | None = None


@value_semantics
@dataclass(frozen=True, slots=True, repr=False, eq=False)
class EvolveArrow:
    """The dashed arrow from a component (``x1, y1``) to its evolved copy (``x2, y2``).

    Both points are symbol centres; the renderer shortens the arrow so that it stops
    outside the target's symbol.
    """

    key: ElementKey
    source: ElementKey
    x1: float
    y1: float
    x2: float
    y2: float


@value_semantics
@dataclass(frozen=True, slots=True, repr=False, eq=False)
class PipelineBox:
    """The box of a pipeline (OWM §5.9 geometry).

    ``box`` is the rectangle; ``ends`` holds the two end circles of the legacy
    ``pipeline X [a, b]`` form (empty otherwise); ``members`` the keys of the member
    components drawn inside the box.
    """

    key: ElementKey
    element: Pipeline
    owner: ElementKey
    box: Box
    legacy: bool
    ends: tuple[tuple[float, float], ...] = ()
    members: tuple[ElementKey, ...] = ()


@value_semantics
@dataclass(frozen=True, slots=True, repr=False, eq=False)
class InertiaMark:
    """The inertia bar of a component: centred on ``(x, y)``, vertical."""

    key: ElementKey
    x: float
    y: float
    width: float
    height: float

    @property
    def box(self) -> Box:
        """The bar's rectangle."""
        return Box(
            self.x - self.width / 2,
            self.y - self.height / 2,
            self.x + self.width / 2,
            self.y + self.height / 2,
        )


@value_semantics
@dataclass(frozen=True, slots=True, repr=False, eq=False)
class NoteMark:
    """A note: its text at its position (``label``)."""

    key: ElementKey
    element: Note
    x: float
    y: float
    placed: bool
    label: Label


@value_semantics
@dataclass(frozen=True, slots=True, repr=False, eq=False)
class AnnotationMark:
    """One occurrence of a numbered annotation: a circle with the number inside."""

    key: ElementKey
    element: Annotation
    number: int
    x: float
    y: float
    radius: float
    label: Label


@value_semantics
@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Legend:
    """The annotations legend: a framed list of the annotation texts.

    ``box`` is the frame (padding included); ``title`` the "Annotations:" heading;
    ``lines`` one label per annotation, in number order.
    """

    box: Box
    title: Label
    lines: tuple[Label, ...]


@value_semantics
@dataclass(frozen=True, slots=True, repr=False, eq=False)
class AttitudeArea:
    """A pioneers, settlers or town planners area at its true position."""

    key: ElementKey
    element: Attitude
    attitude: AttitudeKind
    box: Box
    label: Label


@value_semantics
@dataclass(frozen=True, slots=True, repr=False, eq=False)
class AcceleratorMark:
    """An accelerator (or deaccelerator) arrow of size ``box``, centred on ``(x, y)``."""

    key: ElementKey
    element: Accelerator
    x: float
    y: float
    box: Box
    deaccelerator: bool
    placed: bool
    label: Label | None


@value_semantics
@dataclass(frozen=True, slots=True, repr=False, eq=False)
class AxesLayout:
    """The axes, stage separators and their texts.

    Attributes
    ----------
    show_evolution, show_value_chain
        Whether each axis is drawn (``evolution --hide``, ``valuechain --hide``).
    separators
        x of each stage boundary; separators run from ``separator_bottom`` up to 0.
    stage_labels
        One label per stage (two lines when the stage has a second line).
    value_chain_title, evolution_title
        "Value Chain" (rotated) and "Evolution".
    corner_labels
        "Uncharted" and "Industrialised" for themes that write them.
    """

    show_evolution: bool
    show_value_chain: bool
    separators: tuple[float, ...]
    separator_bottom: float
    stage_labels: tuple[Label, ...]
    value_chain_title: Label | None
    evolution_title: Label | None
    corner_labels: tuple[Label, ...] = ()


@value_semantics
@dataclass(frozen=True, repr=False, eq=False)
class Layout:
    """Everything positional about a drawn map; see the module docstring for units.

    Attributes
    ----------
    width, height
        The map area in pixels (``size [w, h]`` or the default 800 × 600).
    viewbox
        The whole canvas: OWM's margins (35 left, 45 top, 70 right, 92 bottom), grown
        where labels or symbols reach further so that nothing is clipped.
    nodes
        Anchors, components, submaps and pipeline members, in map order.
    evolved
        Evolved copies, one per effective ``evolve``.
    links
        Links whose two ends exist, between their current positions.
    evolve_arrows, pipelines, inertia, notes, annotations, attitudes, accelerators
        The other things on the map, in map order.
    legend
        The annotations legend, when the map has annotations.
    title
        The map title, if any.
    axes
        Axes, stage separators and their labels.
    diagnostics
        Warnings about the layout (cycles, unreachable components, labels that could
        not be placed clear of everything).
    """

    width: float
    height: float
    viewbox: Box
    nodes: tuple[Node, ...] = ()
    evolved: tuple[EvolvedNode, ...] = ()
    links: tuple[LinkSegment, ...] = ()
    evolve_arrows: tuple[EvolveArrow, ...] = ()
    pipelines: tuple[PipelineBox, ...] = ()
    inertia: tuple[InertiaMark, ...] = ()
    notes: tuple[NoteMark, ...] = ()
    annotations: tuple[AnnotationMark, ...] = ()
    legend: Legend | None = None
    attitudes: tuple[AttitudeArea, ...] = ()
    accelerators: tuple[AcceleratorMark, ...] = ()
    title: Label | None = None
    axes: AxesLayout | None = None
    diagnostics: tuple[Diagnostic, ...] = ()
    _by_key: Mapping[ElementKey, Node] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_key", {n.key: n for n in self.nodes})

    def node(self, key: ElementKey) -> Node:
        """The node of the element at ``key``; ``KeyError`` if it has none."""
        return self._by_key[tuple(key)]

    def find(self, name: str) -> Node | None:
        """The first node called ``name`` (exact match), or ``None``."""
        for node in self.nodes:
            if node.name == name:
                return node
        return None

    @property
    def positions(self) -> dict[ElementKey, tuple[float, float]]:
        """``{key: (maturity, visibility)}`` of every node (networkx ``pos`` style)."""
        return {n.key: (n.maturity, n.visibility) for n in self.nodes}

    def to_px(self, maturity: float, visibility: float) -> tuple[float, float]:
        """Map coordinates to pixels."""
        return (maturity * self.width, (1.0 - visibility) * self.height)

    def labels(self) -> Iterator[Label]:
        """Every label of the map, in drawing order."""
        if self.title is not None:
            yield self.title
        if self.axes is not None:
            yield from self.axes.stage_labels
            for label in (self.axes.value_chain_title, self.axes.evolution_title):
                if label is not None:
                    yield label
            yield from self.axes.corner_labels
        for area in self.attitudes:
            yield area.label
        for link in self.links:
            if link.context is not None:
                yield link.context
            if link.flow_value is not None:
                yield link.flow_value
        for accelerator in self.accelerators:
            if accelerator.label is not None:
                yield accelerator.label
        for node in self.nodes:
            if node.label is not None:
                yield node.label
        for copy in self.evolved:
            if copy.label is not None:
                yield copy.label
        if self.legend is not None:
            yield self.legend.title
            yield from self.legend.lines
        for note in self.notes:
            yield note.label
        for mark in self.annotations:
            yield mark.label
