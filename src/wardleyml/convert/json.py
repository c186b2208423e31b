"""The map as JSON: the pydantic model's own serialisation, lossless both ways.

The schema is :meth:`WardleyMap.model_json_schema` (``wardleyml schema``). Every
statement is an element with a ``kind``, comments and blank lines included, so OWM
text → JSON → OWM text gives the same text back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..errors import Diagnostic
    from ..model.map import WardleyMap

__all__ = ["from_json", "to_json"]


def to_json(m: WardleyMap, *, indent: int | None = 2) -> str:
    """The map as JSON text, ending with a newline (every field, so it matches the schema)."""
    return m.model_dump_json(indent=indent) + "\n"


def from_json(text: str | bytes, *, source: str | None = None) -> WardleyMap:
    """Read a map from JSON; consistency problems are in ``map.diagnostics``.

    Raises
    ------
    WardleyError
        If the text is not JSON, or not a map (the message says where and why).
    """
    from pydantic import ValidationError

    from ..api import check
    from ..errors import WardleyError
    from ..model.map import WardleyMap

    name = source or "<json>"
    try:
        m = WardleyMap.model_validate_json(text)
    except ValidationError as exc:
        raise WardleyError(f"{name}: not a wardleyml map: {_first_problem(exc)}") from None
    m = m.with_diagnostics([], source=source)
    problems = [d if d.file else _with_file(d, source) for d in check(m)]
    return m.with_diagnostics(problems, source=source)


def _first_problem(exc: object) -> str:
    """One readable sentence from a pydantic ValidationError."""
    errors = exc.errors(include_url=False)  # type: ignore[attr-defined]
    first = errors[0]
    where = ".".join(str(part) for part in first.get("loc", ()))
    message = str(first.get("msg", "invalid"))
    more = len(errors) - 1
    tail = f" (and {more} more problem{'s' if more != 1 else ''})" if more else ""
    if first.get("type") == "json_invalid":
        return f"invalid JSON: {first.get('ctx', {}).get('error', message)}{tail}"
    return f"{where}: {message}{tail}" if where else message + tail


def _with_file(d: Diagnostic, source: str | None) -> Diagnostic:
    import dataclasses

    return dataclasses.replace(d, file=source) if source else d
