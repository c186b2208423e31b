"""Value semantics for frozen dataclasses, without generating code at import.

``@dataclass`` writes every method it adds as Python source and compiles it with
``exec`` when the class is created: about a millisecond per class for the scene
primitives and themes, paid by every process that draws a map. ``__init__`` (and the
frozen ``__setattr__``) are worth it; ``__repr__``, ``__eq__`` and ``__hash__`` can be
shared functions instead. Declare such a class as::

    @value_semantics
    @dataclass(frozen=True, slots=True, repr=False, eq=False)
    class Stroke: ...

and it behaves exactly like ``@dataclass(frozen=True, slots=True)``: the same
``repr`` text, equality between instances of the same class field by field (fields
with ``compare=False`` left out), a hash consistent with it (unless the class defines
its own ``__hash__``), and everything in :mod:`dataclasses` (``fields``, ``replace``,
``asdict``) still works.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar

__all__ = ["value_semantics"]

T = TypeVar("T")


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """A function returning the tuple of the named attributes (also for one or none)."""
    if len(names) >= 2:
        return attrgetter(*names)
    if len(names) == 1:
        single = attrgetter(names[0])
        return lambda obj: (single(obj),)
    return lambda obj: ()


def value_semantics(cls: type[T]) -> type[T]:
    """Add dataclass-style ``__repr__``, ``__eq__`` and ``__hash__`` to ``cls``.

    Parameters
    ----------
    cls
        A class already made by ``@dataclass(..., repr=False, eq=False)``.

    Returns
    -------
    type
        The same class.
    """
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    compared = _getter(tuple(f.name for f in fields if f.compare))
    hashed = _getter(tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash)))
    shown = tuple(f.name for f in fields if f.repr)

    def __repr__(self: Any) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{self.__class__.__qualname__}({inner})"

    def __eq__(self: Any, other: object) -> bool:
        if other.__class__ is self.__class__:
            return bool(compared(self) == compared(other))
        return NotImplemented

    def __hash__(self: Any) -> int:
        return hash(hashed(self))

    cls.__repr__ = __repr__  # type: ignore[method-assign]
    cls.__eq__ = __eq__  # type: ignore[method-assign]
    if "__hash__" not in cls.__dict__ or cls.__dict__["__hash__"] is None:
        cls.__hash__ = __hash__  # type: ignore[method-assign]
    return cls
