"""PLACEHOLDER until the renderers land (issue 3): fixes the entry points only."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..model.map import WardleyMap


def render_map(m: WardleyMap, format: str = "svg", **options: Any) -> bytes:
    """Draw a map (not implemented yet)."""
    raise NotImplementedError("the renderers are not written yet")


def save_map(m: WardleyMap, path: str | os.PathLike[str], **options: Any) -> Path:
    """Draw a map into a file (not implemented yet)."""
    raise NotImplementedError("the renderers are not written yet")


def draw_map(m: WardleyMap, ax: Any = None, **options: Any) -> Any:
    """Draw a map onto a matplotlib Axes (not implemented yet)."""
    raise NotImplementedError("the renderers are not written yet")
