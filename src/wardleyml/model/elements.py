"""The statements a map is made of.

A map is an ordered sequence of elements, one per statement of its text, so that a file
read and written back keeps its order and its comments. Every element has a ``kind``
that tells its type apart (a pydantic discriminator, also in the JSON schema).

Coordinates follow OWM: ``visibility`` is the vertical position (1 = top, visible to the
user), ``maturity`` the horizontal one (0 = genesis, 1 = commodity). Either may be
``None``: the layout layer then places the element.
"""

from __future__ import annotations

import itertools
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, model_validator

from .base import WardleyModel
from .colors import parse_color

__all__ = [
    "MAX_PIXELS",
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

Coordinate = Annotated[float, Field(ge=-10, le=10, allow_inf_nan=False)]
"""A position on the map, nominally 0..1. Values outside (up to 10 either way) are
drawn off the map area, with a warning; the reader refuses farther ones."""

MAX_PIXELS = 20_000
"""The largest map size and pixel distance a map may give (a poster-sized map)."""

Pixels = Annotated[float, Field(ge=-MAX_PIXELS, le=MAX_PIXELS, allow_inf_nan=False)]
"""A distance in pixels at the map's drawing size."""


def _no_line_breaks(value: str) -> str:
    if "\n" in value or "\r" in value:
        raise ValueError("must be on one line")
    return value


def _trailing_comment(value: Any) -> Any:
    """A trailing comment is stored stripped; an empty one is no comment."""
    if isinstance(value, str):
        value = value.strip()
        if "\n" in value or "\r" in value:
            raise ValueError("a trailing comment must be on one line")
        if "//!" in value:
            raise ValueError("a trailing comment cannot hold '//!' (that starts a directive)")
        return value or None
    return value


def _required_line(value: str) -> str:
    """One line of text, stored without surrounding whitespace; not empty."""
    value = _no_line_breaks(value).strip()
    if not value:
        raise ValueError("must not be empty")
    return value


def _flow_value(value: str) -> str:
    if "'>" in value or "'<" in value:
        raise ValueError("a flow value cannot hold '> or '< (they end it)")
    if "//" in value or "/*" in value or "*/" in value:
        raise ValueError("a flow value cannot hold // or /* */ (they start comments)")
    return value


def _empty_is_none(value: Any) -> Any:
    return None if value == "" else value


def _color(value: str) -> str:
    parsed = parse_color(value)
    if parsed is None:
        raise ValueError(f"{value!r} is not a CSS colour name or #rrggbb")
    return parsed


Name = Annotated[str, Field(min_length=1)]
"""The name of a component, anchor, pipeline...: any text but the empty one."""

Text = Annotated[str, Field(min_length=1)]
"""Free text that must not be empty (a title, a note)."""

OptionalText = Annotated[str | None, BeforeValidator(_empty_is_none)]
"""Free text where empty means absent."""

TrailingComment = Annotated[str | None, BeforeValidator(_trailing_comment)]

Color = Annotated[str, AfterValidator(_color)]
"""A CSS colour keyword or a hex colour, stored in lower case."""

OneLine = Annotated[str, AfterValidator(_no_line_breaks)]

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
    second: OptionalText = None


class LinkStyle(WardleyModel):
    """How a link is drawn, when it should stand out from ordinary dependencies.

    Written in a map as a ``//! style: red dashed thick`` directive after the link.
    """

    color: Color | None = None
    dash: DashStyle | None = None
    width: Annotated[float, Field(gt=0, le=20)] | None = None

    @property
    def empty(self) -> bool:
        """Nothing is set: the link is drawn as any other."""
        return self.color is None and self.dash is None and self.width is None


class _Statement(WardleyModel):
    """Base of every element written as a statement; carries a trailing comment."""

    comment: TrailingComment = None
    """Text of a ``//`` comment at the end of the line, without the slashes."""


# -- map settings ----------------------------------------------------------------------


class Title(_Statement):
    """``title Tea Shop``: the map's title (the first one counts)."""

    kind: Literal["title"] = "title"
    text: Text


class Style(_Statement):
    """``style wardley``: the theme name (the last one counts)."""

    kind: Literal["style"] = "style"
    name: Annotated[str, Field(pattern=r"^[\w.\-]+$")]


class Size(_Statement):
    """``size [1024, 768]``: the map area in pixels (the last one counts)."""

    kind: Literal["size"] = "size"
    width: Annotated[float, Field(ge=0, le=MAX_PIXELS, allow_inf_nan=False)]
    height: Annotated[float, Field(ge=0, le=MAX_PIXELS, allow_inf_nan=False)]


class Evolution(_Statement):
    """``evolution Genesis->Custom->Product->Commodity``: the evolution axis.

    ``second`` lines of the stages, custom ``boundaries`` between stages and nothing
    else are wardleyml extensions written as a ``//!`` directive that OWM ignores.
    """

    kind: Literal["evolution"] = "evolution"
    stages: tuple[Stage, ...] = ()
    hide: bool = False
    boundaries: tuple[Coordinate, ...] | None = None

    @model_validator(mode="after")
    def _check_boundaries(self) -> Evolution:
        if self.boundaries is not None:
            wanted = (len(self.stages) or 4) - 1
            bounds = self.boundaries
            if len(bounds) != wanted:
                raise ValueError(
                    f"{wanted} boundaries are needed, one before each stage but the first"
                )
            if not all(0 < b < 1 for b in bounds) or any(
                a >= b for a, b in itertools.pairwise(bounds)
            ):
                raise ValueError("boundaries must increase and lie between 0 and 1")
        return self


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
    name: Name
    visibility: Coordinate | None = None
    maturity: Coordinate | None = None
    label: Offset | None = None
    """Moves the name; OWM ignores it (it always centres anchor names)."""


class Component(_Statement):
    """``component Kettle [0.43, 0.35] label [-57, 4] inertia (build)``.

    ``stage``, ``color`` and ``display`` are wardleyml extensions (``//!`` directives).
    """

    kind: Literal["component"] = "component"
    name: Name
    visibility: Coordinate | None = None
    maturity: Coordinate | None = None
    label: Offset | None = None
    inertia: bool = False
    method: Method | None = None
    market: bool = False
    ecosystem: bool = False
    stage: StageNumber | None = None
    """Evolution stage (1-4) to place the component in when it has no maturity."""
    color: Color | None = None
    """Stroke colour of the component's circle (a CSS colour)."""
    display: OptionalText = None
    """Text drawn instead of the name, so that two components may show the same text."""


class Submap(Component):
    """``submap Website [0.83, 0.50] url(websiteMap)``: a component that links to a map."""

    kind: Literal["submap"] = "submap"  # type: ignore[assignment]
    url: Annotated[str, Field(pattern=r"^[^()\s](?:[^()\n\r]*[^()\s])?$")] | None = None
    """Name of the ``url`` statement that holds the address."""


class Link(_Statement):
    """``Start->End``, a flow ``Start+>End`` or ``Start+'value'>End``, with ``; context``."""

    kind: Literal["link"] = "link"
    start: Name
    end: Name
    flow: FlowDirection | None = None
    """``None`` for a plain dependency; the direction of a flow (``+>``, ``+<``, ``+<>``)."""
    flow_value: Annotated[OneLine, AfterValidator(_flow_value)] | None = None
    """The value written on a flow (``+'£5'>``)."""
    context: OptionalText = None
    style: LinkStyle | None = None

    @model_validator(mode="after")
    def _no_empty_style(self) -> Link:
        if self.style is not None and self.style.empty:
            object.__setattr__(self, "style", None)
        if self.flow_value is not None and self.flow is None:
            raise ValueError("only a flow (+>, +<, +<>) carries a value")
        return self


class Evolve(_Statement):
    """``evolve Kettle->Electric Kettle 0.62 label [16, 5] (buy)``."""

    kind: Literal["evolve"] = "evolve"
    name: Name
    maturity: Coordinate
    rename: OptionalText = None
    label: Offset | None = None
    method: Method | None = None
    market: bool = False
    ecosystem: bool = False


class PipelineComponent(_Statement):
    """``component Campfire Kettle [0.50] label [-20, 30]`` inside a pipeline block."""

    kind: Literal["pipeline-component"] = "pipeline-component"
    name: Name
    maturity: Coordinate | None = None
    label: Offset | None = None


class Note(_Statement):
    """``note +a generic note appeared [0.23, 0.33]``."""

    kind: Literal["note"] = "note"
    text: Text
    visibility: Coordinate | None = None
    maturity: Coordinate | None = None


class Annotation(_Statement):
    """``annotation 1 [[0.43,0.49],[0.08,0.79]] Standardising power ...``."""

    kind: Literal["annotation"] = "annotation"
    number: Annotated[int, Field(ge=-999_999, le=999_999)]
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
    width: Annotated[float, Field(gt=0, le=MAX_PIXELS, allow_inf_nan=False)] | None = None
    height: Annotated[float, Field(gt=0, le=MAX_PIXELS, allow_inf_nan=False)] | None = None

    @model_validator(mode="after")
    def _corners_or_size(self) -> Attitude:
        if (self.visibility2 is None) != (self.maturity2 is None):
            raise ValueError("give both coordinates of the second corner, or neither")
        if (self.width is None) != (self.height is None):
            raise ValueError("give both width and height, or neither")
        if self.visibility2 is None and self.width is None:
            raise ValueError("an area needs a second corner or a width and height")
        return self


class Accelerator(_Statement):
    """``accelerator Name [v, m]`` or, with ``deaccelerator``, a force slowing evolution."""

    kind: Literal["accelerator"] = "accelerator"
    name: Name
    visibility: Coordinate | None = None
    maturity: Coordinate | None = None
    deaccelerator: bool = False


class Url(_Statement):
    """``url websiteMap [https://example.com/map]``: an address a submap refers to."""

    kind: Literal["url"] = "url"
    name: Name
    address: Annotated[str, AfterValidator(_required_line)]


class Include(_Statement):
    """``//! include: common.owm``: statements read from another file (an extension).

    Elements of the including file replace included ones with the same identity (a
    component of the same name, the title, ...); the rest is added.
    """

    kind: Literal["include"] = "include"
    path: Annotated[str, AfterValidator(_required_line)]


# -- trivia that a formatter must keep -------------------------------------------------


class Comment(WardleyModel):
    """A ``// ...`` line or a ``/* ... */`` block, kept so formatting does not lose it."""

    kind: Literal["comment"] = "comment"
    text: str
    block: bool = False

    @model_validator(mode="after")
    def _writable(self) -> Comment:
        if self.block:
            if "*/" in self.text:
                raise ValueError("a block comment cannot hold '*/'")
        else:
            if "\n" in self.text or "\r" in self.text:
                raise ValueError("a // comment is one line (use block=True for more)")
            if self.text.startswith("!"):
                raise ValueError("'//!' starts a directive, not a comment")
            object.__setattr__(self, "text", self.text.rstrip())
        return self


class Blank(WardleyModel):
    """An empty line separating groups of statements (runs collapse to one)."""

    kind: Literal["blank"] = "blank"


class Unparsed(WardleyModel):
    """A line that could not be understood, kept verbatim; it draws nothing."""

    kind: Literal["unparsed"] = "unparsed"
    text: OneLine


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
    name: Name
    start: Coordinate | None = None
    end: Coordinate | None = None
    block: tuple[PipelineItem, ...] | None = None

    @property
    def children(self) -> tuple[PipelineComponent, ...]:
        """The pipeline's member components, in order."""
        if not self.block:
            return ()
        return tuple(item for item in self.block if isinstance(item, PipelineComponent))
