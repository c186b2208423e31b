"""The layout layer: the map as a graph, placement of what the author left out, labels.

- :func:`layout_map` turns a map into an immutable :class:`Layout` (every position,
  symbol, line and label in pixels) for the scene builder;
- :func:`to_networkx` gives the map as a networkx ``DiGraph``;
- :mod:`wardleyml.layout.place` has the networkx-style placement functions;
- :mod:`wardleyml.layout.text` measures text with DejaVu Sans metrics.

Names are loaded on first use, so importing :mod:`wardleyml.layout.text` alone stays
cheap (and nothing here imports networkx until a graph is needed).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api import layout_map, to_networkx
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
        Layout,
        Legend,
        LinkSegment,
        Node,
        NoteMark,
        PipelineBox,
    )

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
    "Layout",
    "Legend",
    "LinkSegment",
    "Node",
    "NoteMark",
    "PipelineBox",
    "layout_map",
    "to_networkx",
]


def __getattr__(name: str) -> Any:
    if name in ("layout_map", "to_networkx"):
        from . import api

        return getattr(api, name)
    if name in __all__:
        from . import result

        return getattr(result, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
