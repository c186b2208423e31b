"""The renderer protocol: what a backend must provide."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol, runtime_checkable

from ..scene.primitives import Scene

__all__ = ["AxesRenderer", "Renderer"]


@runtime_checkable
class Renderer(Protocol):
    """Turns a :class:`~wardleyml.scene.Scene` into the bytes of a file.

    Attributes
    ----------
    name
        The registry name (``"svg"``, ``"matplotlib"``).
    formats
        Lower-case file formats the renderer writes (``{"png", "pdf"}``); the first
        renderer registered for a format is chosen for files with that extension.

    A renderer must accept options it does not know and ignore them (the same options
    go to every renderer), and raise :class:`wardleyml.RenderError` for a format it
    does not write. Check one with :func:`wardleyml.testing.check_renderer`.
    """

    name: str
    formats: frozenset[str]

    def render(self, scene: Scene, fmt: str, *, options: Mapping[str, Any] | None = None) -> bytes:
        """The file's bytes for ``scene`` in format ``fmt``."""
        ...


@runtime_checkable
class AxesRenderer(Renderer, Protocol):
    """A renderer that can also draw onto an existing matplotlib ``Axes``."""

    def draw(self, scene: Scene, ax: Any) -> Any:
        """Draw ``scene`` onto ``ax`` and return it."""
        ...
