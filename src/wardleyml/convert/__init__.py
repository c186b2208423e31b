r"""Converting maps to and from other formats: wardleyml's JSON model and Mermaid.

OWM text is the native format (:func:`wardleyml.loads` / :func:`wardleyml.dumps`);
this package adds the JSON form of the model (lossless) and Mermaid's
``wardley-beta`` diagram (an OWM subset; what it cannot express is reported).

>>> from wardleyml.convert import read_map, write_map
>>> m = read_map("component Tea [0.6, 0.8]\nstyle dark", "owm")
>>> text, losses = write_map(m, "mermaid")
>>> text.splitlines()[-2:]
['component Tea [0.6, 0.8]', '%% owm: style dark']
>>> [d.message for d in losses]
['Mermaid cannot express themes (`style`): style dark']
>>> read_map(text, "mermaid") == m
True
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from ..errors import Diagnostic
    from ..model.map import WardleyMap

__all__ = ["FORMATS", "Format", "format_for_path", "read_map", "write_map"]

Format = Literal["owm", "json", "mermaid"]
FORMATS: tuple[Format, ...] = ("owm", "json", "mermaid")

_EXTENSIONS: dict[str, Format] = {
    ".owm": "owm",
    ".wm": "owm",
    ".json": "json",
    ".mmd": "mermaid",
    ".mermaid": "mermaid",
}


def format_for_path(path: str | os.PathLike[str]) -> Format | None:
    """The format a file name's extension stands for, or ``None`` if it is not known.

    ``.owm`` and ``.wm`` are OWM text, ``.json`` the JSON model, ``.mmd`` and
    ``.mermaid`` Mermaid.
    """
    _, ext = os.path.splitext(os.fspath(path))
    return _EXTENSIONS.get(ext.lower())


def read_map(text: str, format: Format | str, *, source: str | None = None) -> WardleyMap:
    """Read a map written in ``format``; its problems are in ``map.diagnostics``.

    Raises
    ------
    WardleyError
        If the text cannot be read as that format at all (invalid JSON, a Mermaid
        diagram of another type).
    """
    if format == "owm":
        from ..api import loads

        return loads(text, source=source)
    if format == "json":
        from .json import from_json

        return from_json(text, source=source)
    if format == "mermaid":
        from .mermaid import from_mermaid

        return from_mermaid(text, source=source)
    raise _unknown(format)


def write_map(
    m: WardleyMap, format: Format | str, *, plain: bool = False
) -> tuple[str, list[Diagnostic]]:
    """The text of ``m`` in ``format``, and warnings for what that format cannot express.

    Parameters
    ----------
    plain
        For Mermaid: leave out the ``%% owm`` comments that make the way back exact.
    """
    if format == "owm":
        from ..api import dumps

        return dumps(m), []
    if format == "json":
        from .json import to_json

        return to_json(m), []
    if format == "mermaid":
        from .mermaid import to_mermaid

        return to_mermaid(m, carry=not plain)
    raise _unknown(format)


def _unknown(format: str) -> Exception:
    from ..errors import UnknownNameError

    return UnknownNameError(f"unknown map format {format!r}; choose from {', '.join(FORMATS)}")
