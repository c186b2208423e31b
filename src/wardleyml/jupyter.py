"""PLACEHOLDER until notebook display lands (issue 6)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def mimebundle(
    m: Any, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None
) -> dict[str, Any]:
    """The map's display data (only text for now)."""
    return {"text/plain": repr(m)}
