"""PLACEHOLDER until the layout layer lands (issue 4): fixes the entry points only."""

from __future__ import annotations

from typing import Any

from ..model.map import WardleyMap


def layout_map(m: WardleyMap, **options: Any) -> Any:
    """Place everything on the map (not implemented yet)."""
    raise NotImplementedError("the layout layer is not written yet")


def to_networkx(m: WardleyMap) -> Any:
    """The map as a networkx graph (not implemented yet)."""
    raise NotImplementedError("the layout layer is not written yet")
