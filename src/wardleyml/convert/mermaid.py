"""Mermaid ``wardley-beta`` conversion (being written; see issue 6)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import WardleyError

if TYPE_CHECKING:
    from ..errors import Diagnostic
    from ..model.map import WardleyMap

__all__ = ["from_mermaid", "to_mermaid"]


def to_mermaid(m: WardleyMap) -> tuple[str, list[Diagnostic]]:
    """The map as a Mermaid ``wardley-beta`` diagram (not written yet)."""
    raise WardleyError("conversion to Mermaid is not available yet")


def from_mermaid(text: str, *, source: str | None = None) -> WardleyMap:
    """Read a Mermaid ``wardley-beta`` diagram (not written yet)."""
    raise WardleyError("conversion from Mermaid is not available yet")
