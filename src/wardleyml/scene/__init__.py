"""The scene: a map after layout, styled by a theme, as a backend-neutral display list.

:func:`build_scene` turns a :class:`~wardleyml.layout.result.Layout` and a
:class:`~wardleyml.themes.Theme` into a :class:`Scene`; renderers draw scenes.
"""

from __future__ import annotations

from typing import Any

from .primitives import (
    Circle,
    Fill,
    Font,
    Group,
    Hatch,
    Line,
    LinearGradient,
    Node,
    Path,
    PathCommand,
    Polygon,
    Rect,
    Scene,
    Shape,
    Stroke,
    Text,
    TextAnchor,
    walk,
)

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
    "build_scene",
    "walk",
]


def __getattr__(name: str) -> Any:
    # The builder imports the layout types; load it only when asked for.
    if name == "build_scene":
        from . import build

        return build.build_scene
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
