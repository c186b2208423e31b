"""The map: an ordered sequence of elements, with the views the other layers need."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, TypeAlias, TypeVar

from pydantic import Field, PrivateAttr, ValidationError

from ..errors import Diagnostic, WardleyError
from .base import WardleyModel
from .elements import (
    Accelerator,
    Anchor,
    Annotation,
    AnnotationsLegend,
    Attitude,
    Blank,
    Comment,
    Component,
    Evolution,
    Evolve,
    Include,
    Link,
    Note,
    Pipeline,
    PipelineComponent,
    Point,
    Size,
    Stage,
    Style,
    Submap,
    Title,
    Unparsed,
    Url,
    ValueChain,
)

__all__ = [
    "DEFAULT_BOUNDARIES",
    "DEFAULT_STAGES",
    "Axes",
    "Element",
    "ElementKey",
    "Placeable",
    "WardleyMap",
    "normalize_name",
]

Element = Annotated[
    Title
    | Style
    | Size
    | Evolution
    | ValueChain
    | AnnotationsLegend
    | Anchor
    | Component
    | Submap
    | Link
    | Evolve
    | Pipeline
    | Note
    | Annotation
    | Attitude
    | Accelerator
    | Url
    | Include
    | Comment
    | Blank
    | Unparsed,
    Field(discriminator="kind"),
]
"""Any statement of a map (the JSON schema's ``elements`` items)."""

ElementKey: TypeAlias = tuple[int, ...]
"""Where an element sits: ``(i,)`` is ``map.elements[i]``; ``(i, j)`` is item ``j`` of
the block of the pipeline at ``i``. Stable for a given map and cheap to hash."""

Placeable: TypeAlias = Anchor | Component | Submap | PipelineComponent
"""Elements that links, evolve and pipelines can refer to by name."""

# Constants are built without validation: validating the first model loads pydantic's
# plugin machinery (importlib.metadata and more), which reading and drawing never need.
DEFAULT_STAGES: tuple[Stage, ...] = (
    Stage.trusted(name="Genesis"),
    Stage.trusted(name="Custom-Built"),
    Stage.trusted(name="Product", second="(+rental)"),
    Stage.trusted(name="Commodity", second="(+utility)"),
)
"""OWM's stage labels when a map has no ``evolution`` statement."""

DEFAULT_BOUNDARIES: tuple[float, ...] = (0.175, 0.40, 0.70)
"""OWM's stage boundaries (maturity where each stage after the first begins)."""

DEFAULT_LEGEND = Point.trusted(visibility=0.9, maturity=0.1)

_M = TypeVar("_M", bound=WardleyModel)

_SPACES = re.compile(r"\s+")


def normalize_name(name: str) -> str:
    """Fold a name the way OWM matches link ends: case, newlines and runs of spaces."""
    return _SPACES.sub(" ", name.replace("\\n", " ")).strip().casefold()


@dataclass(frozen=True, slots=True)
class Axes:
    """The axes as drawn, after defaults and the ``//!`` extensions are applied."""

    stages: tuple[Stage, ...]
    """The stages, left to right (always ``len(boundaries) + 1`` of them)."""
    boundaries: tuple[float, ...]
    """Maturity at which each stage after the first begins."""
    show_evolution: bool = True
    show_value_chain: bool = True

    def stage_of(self, maturity: float) -> int:
        """1-based number of the stage a maturity falls in."""
        number = 1
        for bound in self.boundaries:
            if maturity >= bound:
                number += 1
        return number

    def stage_range(self, number: int) -> tuple[float, float]:
        """The maturity interval ``[start, end)`` of stage ``number`` (1-based)."""
        edges = (0.0, *self.boundaries, 1.0)
        number = min(max(number, 1), len(edges) - 1)
        return edges[number - 1], edges[number]


class _Index:
    """Views of a map computed once per elements tuple."""

    __slots__ = (
        "by_kind",
        "elements",
        "exact",
        "folded",
        "keys",
    )

    def __init__(self, elements: tuple[Any, ...]) -> None:
        self.elements = elements
        self.keys: dict[ElementKey, Any] = {}
        self.by_kind: dict[str, list[tuple[ElementKey, Any]]] = {}
        self.exact: dict[str, ElementKey] = {}
        self.folded: dict[str, ElementKey] = {}
        children: list[tuple[ElementKey, PipelineComponent]] = []
        for i, element in enumerate(elements):
            self._add((i,), element)
            if isinstance(element, Pipeline) and element.block:
                for j, item in enumerate(element.block):
                    self._add((i, j), item)
                    if isinstance(item, PipelineComponent):
                        children.append(((i, j), item))
        # Names resolve to anchors and components first, pipeline members last: real
        # maps often declare each member twice (OWM 3.0.1 could not link to members).
        for key, element in self.keys.items():
            if isinstance(element, Anchor | Component):
                self._name(key, element.name)
        for key, child in children:
            self._name(key, child.name)

    def _add(self, key: ElementKey, element: Any) -> None:
        self.keys[key] = element
        self.by_kind.setdefault(element.kind, []).append((key, element))

    def _name(self, key: ElementKey, name: str) -> None:
        self.exact.setdefault(name, key)
        self.folded.setdefault(normalize_name(name), key)


class WardleyMap(WardleyModel):
    """A Wardley map: its statements in order, and what they add up to.

    Build one with :func:`wardleyml.loads` / :func:`wardleyml.load`, or in code::

        >>> import wardleyml as wm
        >>> m = wm.WardleyMap(elements=[
        ...     wm.Title(text="Tea Shop"),
        ...     wm.Anchor(name="Business", visibility=0.95, maturity=0.63),
        ...     wm.Component(name="Cup of Tea", visibility=0.79, maturity=0.61),
        ...     wm.Link(start="Business", end="Cup of Tea"),
        ... ])
        >>> m.title
        'Tea Shop'
        >>> [c.name for c in m.components]
        ['Cup of Tea']

    Maps are immutable; the editing methods (:meth:`add`, :meth:`update`,
    :meth:`remove`, :meth:`replace`) return new maps.
    """

    elements: tuple[Element, ...] = ()

    _diagnostics: tuple[Diagnostic, ...] = PrivateAttr(default=())
    _source: str | None = PrivateAttr(default=None)
    _index: _Index | None = PrivateAttr(default=None)

    # -- provenance ----------------------------------------------------------------------

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        """Problems found when the map was read (errors first come in line order)."""
        return self._diagnostics

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        """The diagnostics of severity ``error``."""
        return tuple(d for d in self._diagnostics if d.severity == "error")

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        """The diagnostics of severity ``warning``."""
        return tuple(d for d in self._diagnostics if d.severity == "warning")

    @property
    def source(self) -> str | None:
        """The file the map was read from, if any."""
        return self._source

    def with_diagnostics(
        self, diagnostics: Iterable[Diagnostic], *, source: str | None = None
    ) -> WardleyMap:
        """Return this map carrying ``diagnostics`` (and the file it came from)."""
        clone = self.model_copy()
        clone._diagnostics = tuple(diagnostics)
        clone._source = source if source is not None else self._source
        clone._index = self._index
        return clone

    # -- views -------------------------------------------------------------------------

    def _idx(self) -> _Index:
        # Private attributes live in a dict; reading it directly avoids pydantic's
        # slow __getattr__ on a path every link lookup takes.
        private = self.__pydantic_private__
        index = private.get("_index") if private is not None else None
        if index is None or index.elements is not self.elements:
            index = _Index(self.elements)
            self._index = index
        return index

    def _of_kind(self, *kinds: str) -> list[tuple[ElementKey, Any]]:
        by_kind = self._idx().by_kind
        if len(kinds) == 1:
            return by_kind.get(kinds[0], [])
        merged = [pair for kind in kinds for pair in by_kind.get(kind, [])]
        merged.sort(key=lambda pair: pair[0])
        return merged

    def walk(self) -> Iterator[tuple[ElementKey, Element | Any]]:
        """Every element with its key, in document order (pipeline blocks included)."""
        yield from self._idx().keys.items()

    def at(self, key: ElementKey) -> Any:
        """The element at ``key`` (see :data:`ElementKey`)."""
        try:
            return self._idx().keys[tuple(key)]
        except KeyError:
            raise WardleyError(f"no element at {tuple(key)!r}") from None

    @property
    def title(self) -> str | None:
        """The first ``title``, or ``None``."""
        titles = self._of_kind("title")
        return titles[0][1].text if titles else None

    @property
    def style(self) -> str:
        """The last ``style`` name, or ``"plain"``."""
        styles = self._of_kind("style")
        return styles[-1][1].name if styles else "plain"

    @property
    def size(self) -> tuple[float, float] | None:
        """``(width, height)`` from the last valid ``size``, or ``None``."""
        for _, size in reversed(self._of_kind("size")):
            if size.width > 0 and size.height > 0:
                return (size.width, size.height)
        return None

    @property
    def evolution(self) -> Evolution | None:
        """The first ``evolution`` statement, or ``None``."""
        found = self._of_kind("evolution")
        return found[0][1] if found else None

    @property
    def axes(self) -> Axes:
        """The evolution and value-chain axes with every default applied."""
        evolution = self.evolution
        show_value_chain = not any(v.hide for _, v in self._of_kind("valuechain"))
        if evolution is None:
            return Axes(DEFAULT_STAGES, DEFAULT_BOUNDARIES, True, show_value_chain)
        stages = evolution.stages or DEFAULT_STAGES
        boundaries = evolution.boundaries
        if boundaries is None or len(boundaries) != len(stages) - 1:
            boundaries = DEFAULT_BOUNDARIES
            # OWM draws four stages; fewer labels leave the rest blank.
            stages = (tuple(stages) + (Stage.trusted(name=""),) * 4)[:4]
        return Axes(tuple(stages), tuple(boundaries), not evolution.hide, show_value_chain)

    @property
    def legend_position(self) -> Point:
        """Where the annotation legend goes (the last ``annotations [v, m]``)."""
        legends = self._of_kind("annotations")
        if not legends:
            return DEFAULT_LEGEND
        last: AnnotationsLegend = legends[-1][1]
        return Point.trusted(visibility=last.visibility, maturity=last.maturity)

    @property
    def anchors(self) -> tuple[Anchor, ...]:
        """Every anchor, in order."""
        return tuple(e for _, e in self._of_kind("anchor"))

    @property
    def components(self) -> tuple[Component, ...]:
        """Every component and submap, in order (pipeline members are separate)."""
        return tuple(e for _, e in self._of_kind("component", "submap"))

    @property
    def pipeline_components(self) -> tuple[PipelineComponent, ...]:
        """Every member component of every pipeline."""
        return tuple(e for _, e in self._of_kind("pipeline-component"))

    @property
    def links(self) -> tuple[Link, ...]:
        """Every link, in order."""
        return tuple(e for _, e in self._of_kind("link"))

    @property
    def evolves(self) -> tuple[Evolve, ...]:
        """Every ``evolve`` statement, in order."""
        return tuple(e for _, e in self._of_kind("evolve"))

    @property
    def pipelines(self) -> tuple[Pipeline, ...]:
        """Every pipeline, in order."""
        return tuple(e for _, e in self._of_kind("pipeline"))

    @property
    def notes(self) -> tuple[Note, ...]:
        """Every note, in order."""
        return tuple(e for _, e in self._of_kind("note"))

    @property
    def annotations(self) -> tuple[Annotation, ...]:
        """Every annotation, in order."""
        return tuple(e for _, e in self._of_kind("annotation"))

    @property
    def attitudes(self) -> tuple[Attitude, ...]:
        """Every pioneers / settlers / town planners area, in order."""
        return tuple(e for _, e in self._of_kind("attitude"))

    @property
    def accelerators(self) -> tuple[Accelerator, ...]:
        """Every accelerator and deaccelerator, in order."""
        return tuple(e for _, e in self._of_kind("accelerator"))

    @property
    def urls(self) -> tuple[Url, ...]:
        """Every ``url`` statement, in order."""
        return tuple(e for _, e in self._of_kind("url"))

    def keyed(self, *kinds: str) -> list[tuple[ElementKey, Any]]:
        """``(key, element)`` pairs of the given kinds, in document order."""
        return list(self._of_kind(*kinds))

    # -- names ---------------------------------------------------------------------------

    def resolve(self, name: str) -> ElementKey | None:
        """The key of the anchor or component a link end, evolve or pipeline names.

        Matching follows OWM: the exact name first, then a match ignoring case and
        runs of whitespace. Top-level anchors and components win over pipeline
        members; among equals, the first in the file wins.
        """
        index = self._idx()
        key = index.exact.get(name)
        if key is None:
            key = index.folded.get(normalize_name(name))
        return key

    def find(self, name: str) -> Placeable | None:
        """The anchor or component called ``name`` (see :meth:`resolve`), or ``None``."""
        key = self.resolve(name)
        return None if key is None else self.at(key)

    def evolutions(self) -> dict[ElementKey, tuple[ElementKey, Evolve]]:
        """What evolves: component key -> (key of the ``evolve``, the ``evolve``).

        The one place that decides which ``evolve`` statements take effect, for the
        checks and the layout alike: the first ``evolve`` of a component, a submap or a
        pipeline member counts; one naming an anchor or nothing does not.
        """
        found: dict[ElementKey, tuple[ElementKey, Evolve]] = {}
        for key, evolve in self._of_kind("evolve"):
            target = self.resolve(evolve.name)
            if target is None or target in found:
                continue
            if isinstance(self.at(target), Component | PipelineComponent):
                found[target] = (key, evolve)
        return found

    # -- editing -----------------------------------------------------------------------

    def add(self, *elements: Element | Any) -> WardleyMap:
        """A copy of the map with ``elements`` appended."""
        return self._with_elements((*self.elements, *elements))

    def replace(self, old: Element | ElementKey | Any, new: Element | Any) -> WardleyMap:
        """A copy with the element ``old`` (an element or its key) replaced by ``new``."""
        key = self._key_of(old)
        return self._set(key, new)

    def remove(self, target: str | ElementKey | Element | Any) -> WardleyMap:
        """A copy without the element (or the component/anchor named ``target``)."""
        key = self._key_of(target)
        if len(key) == 1:
            return self._with_elements(self.elements[: key[0]] + self.elements[key[0] + 1 :])
        pipeline: Pipeline = self.elements[key[0]]  # type: ignore[assignment]
        block = pipeline.block or ()
        new_block = block[: key[1]] + block[key[1] + 1 :]
        return self._set((key[0],), pipeline.model_copy(update={"block": new_block}))

    def update(self, name: str, **changes: Any) -> WardleyMap:
        """A copy in which the component or anchor ``name`` has ``changes`` applied.

        >>> import wardleyml as wm
        >>> m = wm.loads("component Kettle [0.43, 0.35]")
        >>> m.update("Kettle", maturity=0.6).find("Kettle").maturity
        0.6
        """
        key = self.resolve(name)
        if key is None:
            raise WardleyError(f"the map has no component or anchor called {name!r}")
        element = self.at(key)
        return self._set(key, _validated_copy(element, changes))

    def _key_of(self, target: Any) -> ElementKey:
        if isinstance(target, str):
            key = self.resolve(target)
            if key is None:
                raise WardleyError(f"the map has no component or anchor called {target!r}")
            return key
        if isinstance(target, tuple):
            self.at(target)
            return target
        for key, element in self.walk():
            if element is target:
                return key
        for key, element in self.walk():
            if element == target:
                return key
        raise WardleyError(f"the element {target!r} is not in the map")

    def _set(self, key: ElementKey, new: Any) -> WardleyMap:
        elements = list(self.elements)
        if len(key) == 1:
            elements[key[0]] = new
        else:
            pipeline: Pipeline = elements[key[0]]  # type: ignore[assignment]
            block = list(pipeline.block or ())
            block[key[1]] = new
            elements[key[0]] = pipeline.model_copy(update={"block": tuple(block)})
        return self._with_elements(tuple(elements))

    def _with_elements(self, elements: tuple[Any, ...]) -> WardleyMap:
        try:
            return WardleyMap.model_validate({"elements": elements})
        except ValidationError as exc:
            raise WardleyError(_validation_message(exc)) from None

    # -- the other layers, imported only when used ---------------------------------------

    def render(self, format: str = "svg", **options: Any) -> bytes:
        """Draw the map and return the file's bytes; see :func:`wardleyml.render`."""
        from ..api import render

        return render(self, format, **options)

    def save(self, path: str | Path, **options: Any) -> Path:
        """Draw the map into a file, the format chosen by its extension."""
        from ..api import save

        return save(self, path, **options)

    def to_networkx(self) -> Any:
        """The map as a networkx graph; see :func:`wardleyml.to_networkx`."""
        from ..api import to_networkx

        return to_networkx(self)

    def _repr_mimebundle_(
        self, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None
    ) -> Any:
        from ..jupyter import mimebundle

        return mimebundle(self, include=include, exclude=exclude)

    def __repr__(self) -> str:
        title = self.title
        counts = {
            "components": len(self.components),
            "anchors": len(self.anchors),
            "links": len(self.links),
        }
        parts = ", ".join(f"{n} {kind if n != 1 else kind[:-1]}" for kind, n in counts.items() if n)
        head = f"WardleyMap({title!r}" if title else "WardleyMap(untitled"
        return f"{head}{': ' + parts if parts else ''})"

    __str__ = __repr__


def _validated_copy(element: _M, changes: Mapping[str, Any]) -> _M:
    """``element`` with ``changes``, validated (``model_copy`` does not validate)."""
    data = element.model_dump()
    data.update(changes)
    try:
        return type(element).model_validate(data)
    except ValidationError as exc:
        raise WardleyError(_validation_message(exc)) from None


def _validation_message(exc: ValidationError) -> str:
    """The problems pydantic found, one clause each, for a WardleyError."""
    parts = []
    for error in exc.errors(include_url=False):
        where = ".".join(str(p) for p in error["loc"])
        parts.append(f"{where}: {error['msg']}" if where else error["msg"])
    return "invalid map element: " + "; ".join(parts)
