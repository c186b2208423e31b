"""The scene: a backend-neutral, fully styled display list.

A :class:`Scene` is what every renderer draws. It holds a few kinds of shapes
(:class:`Line`, :class:`Path`, :class:`Circle`, :class:`Rect`, :class:`Polygon`,
:class:`Text`) inside :class:`Group` nodes that carry a stable ``id`` and a semantic
``role`` (``"component"``, ``"link"``, ``"evolve"``, ``"axis"``, ...). Everything is
resolved: coordinates are pixels in the scene's ``view_box``, y pointing down; colours
are CSS colour strings; fonts are given per text. Renderers only translate.

All classes are frozen dataclasses; sequences are tuples.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, TypeAlias

from .._values import value_semantics

__all__ = [
    "Circle",
    "Fill",
    "Font",
    "Group",
    "Hatch",
    "Line",
    "LinearGradient",
    "Node",
    "Path",
    "PathCommand",
    "Polygon",
    "Rect",
    "Scene",
    "Shape",
    "Stroke",
    "Text",
    "TextAnchor",
    "walk",
]

TextAnchor = Literal["start", "middle", "end"]
Baseline = Literal["alphabetic", "middle"]
LineCap = Literal["butt", "round", "square"]


@value_semantics
@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Stroke:
    """How an outline is drawn.

    ``dash`` is an on/off pattern in pixels (``()`` for a solid line).
    """

    color: str
    width: float = 1.0
    dash: tuple[float, ...] = ()
    opacity: float = 1.0
    cap: LineCap = "butt"


@value_semantics
@dataclass(frozen=True, slots=True, repr=False, eq=False)
class LinearGradient:
    """A linear gradient fill from ``(x1, y1)`` to ``(x2, y2)``, in scene pixels.

    ``stops`` are ``(offset 0..1, colour, opacity)``. ``name`` is a slug unique within
    the scene; the SVG renderer turns it into an element id.
    """

    name: str
    x1: float
    y1: float
    x2: float
    y2: float
    stops: tuple[tuple[float, str, float], ...]


@value_semantics
@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Hatch:
    """Diagonal hatching (lines rising to the right) over a background colour."""

    name: str
    color: str
    spacing: float = 4.0
    width: float = 1.0
    opacity: float = 1.0
    background: str | None = None


Fill: TypeAlias = str | LinearGradient | Hatch | None
"""A CSS colour, a gradient, a hatch pattern, or ``None`` for no fill."""


@value_semantics
@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Font:
    """The font of a text: a CSS family stack for vector output, a raster family for PNG."""

    size: float
    family: str = "sans-serif"
    raster_family: str = "DejaVu Sans"
    weight: Literal["normal", "bold"] = "normal"
    style: Literal["normal", "italic"] = "normal"


@value_semantics
@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Line:
    """A straight segment."""

    x1: float
    y1: float
    x2: float
    y2: float
    stroke: Stroke


PathCommand: TypeAlias = tuple[str, tuple[float, ...]]
"""``("M", (x, y))``, ``("L", (x, y))``, ``("C", (x1, y1, x2, y2, x, y))`` or ``("Z", ())``."""


@value_semantics
@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Path:
    """A path made of move, line, cubic curve and close commands (absolute)."""

    commands: tuple[PathCommand, ...]
    stroke: Stroke | None = None
    fill: Fill = None
    opacity: float = 1.0


@value_semantics
@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Circle:
    """A circle; ``fill_opacity`` applies to the fill only."""

    cx: float
    cy: float
    r: float
    fill: Fill = None
    stroke: Stroke | None = None
    fill_opacity: float = 1.0


@value_semantics
@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Rect:
    """An axis-aligned rectangle with optional rounded corners."""

    x: float
    y: float
    width: float
    height: float
    fill: Fill = None
    stroke: Stroke | None = None
    rx: float = 0.0
    fill_opacity: float = 1.0


@value_semantics
@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Polygon:
    """A closed polygon."""

    points: tuple[tuple[float, float], ...]
    fill: Fill = None
    stroke: Stroke | None = None
    opacity: float = 1.0


@value_semantics
@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Text:
    """One or more lines of text.

    ``(x, y)`` is the anchor point of the first line: its baseline (or its middle for
    ``baseline="middle"``) at ``y``, and its start, centre or end at ``x`` according to
    ``anchor``. Each next line is ``line_height`` lower. ``rotation`` turns the whole
    text by that many degrees (clockwise, screen coordinates) about ``(x, y)``.
    """

    x: float
    y: float
    lines: tuple[str, ...]
    font: Font
    color: str = "#000000"
    anchor: TextAnchor = "start"
    baseline: Baseline = "alphabetic"
    line_height: float = 15.0
    rotation: float = 0.0
    underline: bool = False
    opacity: float = 1.0

    @property
    def text(self) -> str:
        """The lines joined with newlines."""
        return "\n".join(self.lines)


Shape: TypeAlias = Line | Path | Circle | Rect | Polygon | Text


@value_semantics
@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Group:
    """Shapes that belong together: one map element, an axis, a label.

    Parameters
    ----------
    id
        A slug unique within the scene (``"component-3"``); renderers prefix it to make
        it unique per map (the SVG renderer writes ``wm-<digest8>-<id>``).
    role
        What the group is: ``"background"``, ``"title"``, ``"axis"``, ``"stages"``,
        ``"pst"``, ``"link"``, ``"flow"``, ``"evolve"``, ``"pipeline"``, ``"anchor"``,
        ``"component"``, ``"evolved"``, ``"submap"``, ``"inertia"``, ``"accelerator"``,
        ``"note"``, ``"annotation"``, ``"legend"``, ``"label"``, ``"layer"``.
    children
        Shapes and nested groups, drawn in order (later on top).
    title
        Accessible name of the group (an SVG ``<title>``, a tooltip), if any.
    href
        A link target for the group (a submap's address); already checked to be safe.
    """

    id: str
    role: str
    children: tuple[Node, ...] = ()
    title: str | None = None
    href: str | None = None


Node: TypeAlias = Shape | Group


@value_semantics
@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Scene:
    """A whole picture.

    Parameters
    ----------
    width, height
        Size of the output in pixels (CSS px in SVG; PNG pixels at scale 1).
    view_box
        ``(x, y, width, height)`` of the scene coordinates shown.
    children
        Top-level groups, drawn in order.
    title, description
        Accessible name and summary (SVG ``<title>`` and ``<desc>``).
    background
        Colour painted under everything, or ``None`` for transparent.
    fingerprint
        Identifies the scene's input (map and options) for deterministic, per-map ids;
        empty means "hash the scene itself".
    """

    width: float
    height: float
    view_box: tuple[float, float, float, float]
    children: tuple[Node, ...] = ()
    title: str = ""
    description: str = ""
    background: str | None = "#ffffff"
    fingerprint: str = field(default="", compare=False)


def walk(nodes: tuple[Node, ...] | Scene) -> list[tuple[tuple[Group, ...], Node]]:
    """Every node with the groups it sits in (outermost first), in drawing order."""
    out: list[tuple[tuple[Group, ...], Node]] = []
    # An explicit stack, not a recursive closure: a closure that calls itself is a
    # reference cycle, which kept every walked scene alive for the cyclic collector.
    top = nodes.children if isinstance(nodes, Scene) else nodes
    stack: list[tuple[tuple[Group, ...], tuple[Node, ...], int]] = [((), top, 0)]
    while stack:
        parents, children, i = stack.pop()
        if i == len(children):
            continue
        node = children[i]
        out.append((parents, node))
        stack.append((parents, children, i + 1))
        if isinstance(node, Group):
            stack.append(((*parents, node), node.children, 0))
    return out
