"""The frozen pydantic base shared by every model class."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Self

from pydantic import BaseModel, ConfigDict, PrivateAttr

__all__ = ["Span", "WardleyModel"]


@dataclass(frozen=True, slots=True)
class Span:
    """Where a statement was read from: file, 1-based line and column."""

    file: str | None
    line: int
    column: int = 1
    source_line: str | None = None


class WardleyModel(BaseModel):
    """Immutable model base: unknown fields are rejected, instances are hashable.

    Equality compares field values only. Where an element was read from (its
    :attr:`span`) is kept beside the fields, so a map written and read back compares
    equal to the original even though its line numbers moved.
    """

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        validate_default=False,
        revalidate_instances="never",
        ser_json_inf_nan="constants",
        defer_build=True,
    )

    _span: Span | None = PrivateAttr(default=None)
    _eq_fields: ClassVar[tuple[str, ...]] = ()
    _defaults: ClassVar[dict[str, Any] | None] = None

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cls._eq_fields = tuple(cls.model_fields)
        cls._defaults = None

    @classmethod
    def trusted(cls, **fields: Any) -> Self:
        """Build an instance from values known to be valid, without validating them.

        This is :meth:`model_construct` without its per-call overhead, for the reader,
        which checks every value itself and builds thousands of elements per map. Never
        use it on values from outside the library.
        """
        defaults = cls._defaults
        if defaults is None:
            defaults = {
                name: field.get_default(call_default_factory=True)
                for name, field in cls.model_fields.items()
                if not field.is_required()
            }
            cls._defaults = defaults
        values = dict(defaults)
        values.update(fields)
        obj = cls.__new__(cls)
        object.__setattr__(obj, "__dict__", values)
        object.__setattr__(obj, "__pydantic_fields_set__", set(fields))
        object.__setattr__(obj, "__pydantic_extra__", None)
        object.__setattr__(obj, "__pydantic_private__", {"_span": None})
        return obj

    @property
    def span(self) -> Span | None:
        """Source position of this element, or ``None`` when it was built in code."""
        return self._span

    def with_span(self, span: Span | None) -> WardleyModel:
        """Return this element carrying ``span`` (used by the reader)."""
        object.__setattr__(self, "__pydantic_private__", {"_span": span})
        return self

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if type(self) is not type(other):
            return NotImplemented
        d1, d2 = self.__dict__, other.__dict__
        return all(d1[name] == d2[name] for name in self._eq_fields)

    def __hash__(self) -> int:
        d = self.__dict__
        return hash((type(self).__name__, *(d[name] for name in self._eq_fields)))
