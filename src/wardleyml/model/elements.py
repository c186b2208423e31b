"""The statements a map is made of.

A map is an ordered sequence of elements, one per statement of its text, so that a file
read and written back keeps its order and its comments. Every element has a ``kind``
that tells its type apart (a pydantic discriminator, also in the JSON schema).

Coordinates follow OWM: ``visibility`` is the vertical position (1 = top, visible to the
user), ``maturity`` the horizontal one (0 = genesis, 1 = commodity). Either may be
``None``: the layout layer then places the element.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .base import WardleyModel

__all__ = [
    "Accelerator",
    "Anchor",
    "Annotation",
    "AnnotationsLegend",
    "Attitude",
    "AttitudeKind",
    "Blank",
    "Comment",
    "Component",
    "Evolution",
    "Evolve",
    "FlowDirection",
    "Include",
    "Link",
    "LinkStyle",
    "Method",
    "Note",
    "Offset",
    "Pipeline",
    "PipelineComponent",
    "Point",
    "Size",
    "Stage",
    "Style",
    "Submap",
    "Title",
    "Unparsed",
    "Url",
    "ValueChain",
]

Coordinate = Annotated[float, Field(allow_inf_nan=False)]
"""A position on the map, nominally 0..1 (values outside are allowed and warned about)."""

Pixels = Annotated[float, Field(allow_inf_nan=False)]
"""A distance in pixels at the map's drawing size."""

Method = Literal["build", "buy", "outsource"]
FlowDirection = Literal["forward", "backward", "both"]
AttitudeKind = Literal["pioneers", "settlers", "townplanners"]
StageNumber = Annotated[int, Field(ge=1, le=4)]
DashStyle = Literal["solid", "dashed", "dotted"]


class Point(WardleyModel):
    """A position on the map."""

    visibility: Coordinate
    maturity: Coordinate


class Offset(WardleyModel):
    """A label offset in pixels from the element's centre; ``dy`` > 0 is downwards."""

    dx: Pixels
    dy: Pixels


class Stage(WardleyModel):
    """One stage of the evolution axis: a free-text name and an optional second line."""

    name: str
    second: str | None = None


class LinkStyle(WardleyModel):
    """How a link is drawn, when it should stand out from ordinary dependencies.

    Written in a map as a ``//! style: red dashed thick`` directive after the link.
    """

    color: str | None = None
    dash: DashStyle | None = None
    width: Annotated[float, Field(gt=0, le=20)] | None = None


class _Statement(WardleyModel):
    """Base of every element written as a statement; carries a trailing comment."""

    comment: str | None = None
    """Text of a ``//`` comment at the end of the line, without the slashes."""


# -- map settings ----------------------------------------------------------------------


class Title(_Statement):
    """``title Tea Shop``: the map's title (the first one counts)."""

    kind: Literal["title"] = "title"
    text: str


class Style(_Statement):
    """``style wardley``: the theme name (the last one counts)."""

    kind: Literal["style"] = "style"
    name: str


class Size(_Statement):
    """``size [1024, 768]``: the map area in pixels (the last one counts)."""

    kind: Literal["size"] = "size"
    width: Pixels
    height: Pixels


class Evolution(_Statement):
    """``evolution Genesis->Custom->Product->Commodity``: the evolution axis.

    ``second`` lines of the stages, custom ``boundaries`` between stages and nothing
    else are wardleyml extensions written as a ``//!`` directive that OWM ignores.
    """

    kind: Literal["evolution"] = "evolution"
    stages: tuple[Stage, ...] = ()
    hide: bool = False
    boundaries: tuple[Coordinate, ...] | None = None


class ValueChain(_Statement):
    """``valuechain --hide``: hides the value-chain (vertical) axis."""

    kind: Literal["valuechain"] = "valuechain"
    hide: Literal[True] = True


class AnnotationsLegend(_Statement):
    """``annotations [v, m]``: where the annotation legend box goes."""

    kind: Literal["annotations"] = "annotations"
    visibility: Coordinate
    maturity: Coordinate


# -- things on the map -----------------------------------------------------------------


class Anchor(_Statement):
    """``anchor Business [0.95, 0.63]``: a user or need at the top of a value chain."""

    kind: Literal["anchor"] = "anchor"
    name: str
    visibility: Coordinate | None = None
    maturity: Coordinate | None = None
    label: Offset | None = None
    """Moves the name; OWM ignores it (it always centres anchor names)."""


class Component(_Statement):
    """``component Kettle [0.43, 0.35] label [-57, 4] inertia (build)``.

    ``stage``, ``color`` and ``display`` are wardleyml extensions (``//!`` directives).
    """

    kind: Literal["component"] = "component"
    name: str
    visibility: Coordinate | None = None
    maturity: Coordinate | None = None
    label: Offset | None = None
    inertia: bool = False
    method: Method | None = None
    market: bool = False
    ecosystem: bool = False
    stage: StageNumber | None = None
    """Evolution stage (1-4) to place the component in when it has no maturity."""
    color: str | None = None
    """Stroke colour of the component's circle (a CSS colour)."""
    display: str | None = None
    """Text drawn instead of the name, so that two components may show the same text."""


class Submap(Component):
    """``submap Website [0.83, 0.50] url(websiteMap)``: a component that links to a map."""

    kind: Literal["submap"] = "submap"  # type: ignore[assignment]
    url: str | None = None
    """Name of the ``url`` statement that holds the address."""


class Link(_Statement):
    """``Start->End``, a flow ``Start+>End`` or ``Start+'value'>End``, with ``; context``."""

    kind: Literal["link"] = "link"
    start: str
    end: str
    flow: FlowDirection | None = None
    """``None`` for a plain dependency; the direction of a flow (``+>``, ``+<``, ``+<>``)."""
    flow_value: str | None = None
    context: str | None = None
    style: LinkStyle | None = None


class Evolve(_Statement):
    """``evolve Kettle->Electric Kettle 0.62 label [16, 5] (buy)``."""

    kind: Literal["evolve"] = "evolve"
    name: str
    maturity: Coordinate
    rename: str | None = None
    label: Offset | None = None
    method: Method | None = None
    market: bool = False
    ecosystem: bool = False


class PipelineComponent(_Statement):
    """``component Campfire Kettle [0.50] label [-20, 30]`` inside a pipeline block."""

    kind: Literal["pipeline-component"] = "pipeline-component"
    name: str
    maturity: Coordinate | None = None
    label: Offset | None = None


class Note(_Statement):
    """``note +a generic note appeared [0.23, 0.33]``."""

    kind: Literal["note"] = "note"
    text: str
    visibility: Coordinate | None = None
    maturity: Coordinate | None = None


class Annotation(_Statement):
    """``annotation 1 [[0.43,0.49],[0.08,0.79]] Standardising power ...``."""

    kind: Literal["annotation"] = "annotation"
    number: int
    points: tuple[Point, ...] = ()
    text: str = ""


class Attitude(_Statement):
    """``pioneers [v1, m1, v2, m2]``: a pioneers, settlers or town planners area.

    The older form ``pioneers [v, m] width height`` gives one corner and a size in
    pixels; then ``visibility2``/``maturity2`` are ``None``. With both corners, a
    trailing size is kept but not drawn (as in OWM).
    """

    kind: Literal["attitude"] = "attitude"
    attitude: AttitudeKind
    visibility: Coordinate
    maturity: Coordinate
    visibility2: Coordinate | None = None
    maturity2: Coordinate | None = None
    width: Annotated[float, Field(gt=0, allow_inf_nan=False)] | None = None
    height: Annotated[float, Field(gt=0, allow_inf_nan=False)] | None = None


class Accelerator(_Statement):
    """``accelerator Name [v, m]`` or, with ``deaccelerator``, a force slowing evolution."""

    kind: Literal["accelerator"] = "accelerator"
    name: str
    visibility: Coordinate | None = None
    maturity: Coordinate | None = None
    deaccelerator: bool = False


class Url(_Statement):
    """``url websiteMap [https://example.com/map]``: an address a submap refers to."""

    kind: Literal["url"] = "url"
    name: str
    address: str | None = None


class Include(_Statement):
    """``//! include: common.owm``: statements read from another file (an extension).

    Elements of the including file replace included ones with the same identity (a
    component of the same name, the title, ...); the rest is added.
    """

    kind: Literal["include"] = "include"
    path: str


# -- trivia that a formatter must keep -------------------------------------------------


class Comment(WardleyModel):
    """A ``// ...`` line or a ``/* ... */`` block, kept so formatting does not lose it."""

    kind: Literal["comment"] = "comment"
    text: str
    block: bool = False


class Blank(WardleyModel):
    """An empty line separating groups of statements (runs collapse to one)."""

    kind: Literal["blank"] = "blank"


class Unparsed(WardleyModel):
    """A line that could not be understood, kept verbatim; it draws nothing."""

    kind: Literal["unparsed"] = "unparsed"
    text: str


PipelineItem = Annotated[
    PipelineComponent
    | Evolve
    | Link
    | Note
    | Annotation
    | Anchor
    | Submap
    | Accelerator
    | Attitude
    | Url
    | Title
    | Style
    | Size
    | Evolution
    | ValueChain
    | AnnotationsLegend
    | Comment
    | Blank
    | Unparsed,
    Field(discriminator="kind"),
]
"""What may stand inside a pipeline's braces: its member components, and any other
statement except another pipeline (OWM reads those as if they were outside)."""


class Pipeline(_Statement):
    """``pipeline Kettle`` with a ``{ ... }`` block of children, or ``pipeline X [a, b]``.

    ``start``/``end`` hold the legacy maturity range; ``block`` holds the lines inside
    the braces (``None`` when there are no braces).
    """

    kind: Literal["pipeline"] = "pipeline"
    name: str
    start: Coordinate | None = None
    end: Coordinate | None = None
    block: tuple[PipelineItem, ...] | None = None

    @property
    def children(self) -> tuple[PipelineComponent, ...]:
        """The pipeline's member components, in order."""
        if not self.block:
            return ()
        return tuple(item for item in self.block if isinstance(item, PipelineComponent))
