"""The layout layer's entry points: :func:`layout_map` and :func:`to_networkx`."""

from __future__ import annotations

from typing import Any, Literal

from .._gc import no_cyclic_gc
from ..errors import Diagnostic
from ..model.map import ElementKey, WardleyMap
from .build import DEFAULT_SIZE, build_scaffold, finish
from .free import free_marks, place_free_marks
from .result import Layout
from .style import metrics_for

__all__ = ["layout_map", "to_networkx"]

LabelMode = Literal["auto", "owm"]


def layout_map(
    m: WardleyMap,
    *,
    theme: Any = None,
    size: tuple[float, float] | None = None,
    labels: LabelMode = "auto",
    move_explicit: bool = False,
    wrap_width: float | None = 130.0,
    place: bool = True,
    seed: int | None = None,
) -> Layout:
    """Place everything on a map: positions, symbols, links and labels.

    Parameters
    ----------
    m
        The map. It is not changed.
    theme
        A :class:`wardleyml.themes.Theme`, a theme name, or ``None`` for the map's own
        ``style``; only its font and symbol sizes matter here.
    size
        The map area ``(width, height)`` in pixels; default: the map's ``size``, else
        800 × 600.
    labels
        ``"auto"`` places every label that has no explicit offset clear of the
        others, of symbols, lines and the canvas edge; ``"owm"`` puts every label
        where OWM does (fixed offsets, overlaps and all).
    move_explicit
        Let automatic placement move labels with an explicit ``label [dx, dy]`` too.
    wrap_width
        Names wider than this many pixels may be wrapped onto two or three lines
        where that keeps them clear of the rest (``None``: never wrap).
    place
        Place anchors and components the author gave no coordinates (with
        :func:`~wardleyml.layout.place.wardley_layout`), and notes and accelerators
        without coordinates in free space (see :mod:`wardleyml.layout.free`);
        ``False`` puts them where OWM does, at (0.9, 0.1).
    seed
        Seed for anything random in the placement (the default result is
        deterministic).

    Returns
    -------
    Layout
        Immutable positions, label boxes and canvas bounds.
    """
    with no_cyclic_gc():
        return _layout(m, theme, size, labels, move_explicit, wrap_width, place, seed)


def _layout(
    m: WardleyMap,
    theme: Any,
    size: tuple[float, float] | None,
    labels: LabelMode,
    move_explicit: bool,
    wrap_width: float | None,
    place: bool,
    seed: int | None,
) -> Layout:
    width, height = size or m.size or DEFAULT_SIZE
    metrics = metrics_for(theme, m.style)
    placed: dict[ElementKey, tuple[float, float]] = {}
    diagnostics: list[Diagnostic] = []
    if place and _needs_placing(m):
        from .graph import to_networkx as _graph
        from .place import wardley_layout

        graph = _graph(m)
        placed = wardley_layout(  # type: ignore[assignment]
            graph, boundaries=m.axes.boundaries, size=(float(width), float(height)), seed=seed
        )
        diagnostics.extend(d for d in graph.graph["diagnostics"] if d.code == "unreachable")

    def build() -> Any:
        return build_scaffold(
            m,
            metrics,
            (float(width), float(height)),
            placed,
            wrap_width=wrap_width,
            owm_labels=labels == "owm",
            move_explicit=move_explicit,
        )

    scaffold = build()
    if place and free_marks(m):
        # Notes and accelerators without coordinates: free space near what they are
        # about (or near OWM's corner), once everything else is where it goes.
        placed = {**placed, **place_free_marks(m, scaffold, metrics)}
        scaffold = build()
    if labels == "auto":
        from .labels import collect_obstacles, place_labels

        stats = place_labels(
            scaffold.requests,
            collect_obstacles(scaffold),
            float(width),
            float(height),
            wrap_width=wrap_width,
        )
        if stats.saturated:
            diagnostics.append(
                Diagnostic(
                    severity="warning",
                    code="crowded-map",
                    message="the labels need more room than the map has; they are left "
                    "where OWM puts them and many overlap",
                    hint="make the map larger with size [width, height]",
                )
            )
        diagnostics.extend(_unplaced(scaffold, stats.unresolved))
    return finish(scaffold, tuple(diagnostics))


def _unplaced(scaffold: Any, unresolved: tuple[int, ...]) -> list[Diagnostic]:
    """A warning per label that could not be placed clear of the others."""
    out = []
    for i in unresolved:
        req = scaffold.requests[i]
        out.append(
            Diagnostic(
                severity="warning",
                code="label-overlap",
                message=f"no clear place for the label {req.text!r}; it overlaps another "
                "label or symbol",
                hint="give it an explicit label [dx, dy], or make the map larger with size",
            )
        )
    return out


def _needs_placing(m: WardleyMap) -> bool:
    """Whether an anchor, component or pipeline member lacks a coordinate."""
    for _, element in m.keyed("anchor", "component", "submap"):
        if element.maturity is None or element.visibility is None:
            return True
    return any(child.maturity is None for child in m.pipeline_components)


def to_networkx(m: WardleyMap) -> Any:
    """The map as a networkx ``DiGraph``: see :func:`wardleyml.layout.graph.to_networkx`."""
    from .graph import to_networkx as _graph

    return _graph(m)
