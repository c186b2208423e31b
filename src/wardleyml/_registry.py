"""A small typed registry shared by renderers and themes.

Built-ins are known up front (as objects or as ``"module:attribute"`` import strings,
imported on first use); third-party plugins come from an entry-point group that is
read once, lazily, the first time a name is not found among the built-ins and the
runtime registrations. Entry points may not shadow a built-in.
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Generic, TypeVar

from .errors import UnknownNameError, WardleyError

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

__all__ = ["Registry", "import_string"]

T = TypeVar("T")


def import_string(target: str) -> object:
    """Import ``"package.module:attribute"`` and return the attribute."""
    module_name, _, attribute = target.partition(":")
    module = importlib.import_module(module_name)
    obj: object = module
    for part in attribute.split(".") if attribute else ():
        obj = getattr(obj, part)
    return obj


class Registry(Generic[T]):
    """Named plugins of one kind (renderers or themes).

    Parameters
    ----------
    kind
        What the plugins are, for messages (``"renderer"``, ``"theme"``).
    group
        The entry-point group third parties declare plugins in.
    builtins
        Built-in plugins by name: the object itself, or an import string.
    check
        Turns a loaded object into a plugin or raises ``TypeError`` saying why not
        (for example, instantiates a renderer class).
    aliases
        Other names for built-ins (``"color"`` for ``"colour"``).
    """

    def __init__(
        self,
        kind: str,
        group: str,
        builtins: Mapping[str, T | str],
        check: Callable[[object], T],
        aliases: Mapping[str, str] | None = None,
    ) -> None:
        self.kind = kind
        self.group = group
        self._builtins: dict[str, T | str] = dict(builtins)
        self._aliases = dict(aliases or {})
        self._check = check
        self._loaded: dict[str, T] = {}
        self._runtime: dict[str, T] = {}
        self._entry_points: dict[str, EntryPoint] | None = None

    # -- lookup ----------------------------------------------------------------------------

    def names(self) -> list[str]:
        """Every available name (built-ins, runtime registrations, entry points), sorted."""
        found = set(self._builtins) | set(self._runtime) | set(self._scan())
        return sorted(found)

    def __contains__(self, name: object) -> bool:
        if not isinstance(name, str):
            return False
        key = self._key(name)
        return key in self._builtins or key in self._runtime or key in self._scan()

    def get(self, name: str) -> T:
        """The plugin called ``name`` (case-insensitive).

        Raises
        ------
        UnknownNameError
            If no plugin has that name; the message lists the available ones.
        """
        if not isinstance(name, str):
            raise UnknownNameError(f"a {self.kind} name must be a string, not {name!r}")
        key = self._key(name)
        if key in self._loaded:
            return self._loaded[key]
        if key in self._runtime:
            return self._runtime[key]
        if key in self._builtins:
            return self._load(key, self._builtins[key])
        entry = self._scan().get(key)
        if entry is None:
            raise UnknownNameError(
                f"unknown {self.kind} {name!r}; available: {', '.join(self.names())}"
            )
        try:
            obj = entry.load()
        except Exception as exc:
            raise WardleyError(
                f"the {self.kind} {name!r} from entry point group {self.group!r} "
                f"could not be loaded: {exc}"
            ) from exc
        return self._load(key, obj)

    # -- changes ---------------------------------------------------------------------------

    def register(self, obj: object, name: str, *, replace: bool = False) -> T:
        """Add a plugin at run time and return it (checked).

        Raises
        ------
        WardleyError
            If ``name`` is a built-in, or is already registered and ``replace`` is false.
        """
        key = self._key(name)
        if not key or key != key.strip():
            raise WardleyError(f"{name!r} is not a usable {self.kind} name")
        if key in self._builtins:
            raise WardleyError(f"{name!r} is a built-in {self.kind} and cannot be replaced")
        if key in self._runtime and not replace:
            raise WardleyError(
                f"a {self.kind} called {name!r} is already registered; pass replace=True"
            )
        plugin = self._checked(key, obj)
        self._runtime[key] = plugin
        return plugin

    def unregister(self, name: str) -> None:
        """Remove a plugin added with :meth:`register` (built-ins stay)."""
        key = self._key(name)
        if key not in self._runtime:
            raise UnknownNameError(f"no {self.kind} {name!r} was registered at run time")
        del self._runtime[key]

    # -- internals ---------------------------------------------------------------------------

    def _key(self, name: str) -> str:
        key = name.strip().lower()
        return self._aliases.get(key, key)

    def _load(self, key: str, obj: object) -> T:
        if isinstance(obj, str):
            obj = import_string(obj)
        plugin = self._checked(key, obj)
        self._loaded[key] = plugin
        return plugin

    def _checked(self, key: str, obj: object) -> T:
        try:
            return self._check(obj)
        except TypeError as exc:
            raise WardleyError(f"{key!r} is not a usable {self.kind}: {exc}") from None

    def _scan(self) -> dict[str, EntryPoint]:
        """Entry points of the group, read once; never shadowing a built-in."""
        if self._entry_points is None:
            from importlib.metadata import entry_points

            found: dict[str, EntryPoint] = {}
            for entry in _sorted_entries(entry_points(group=self.group)):
                key = self._key(entry.name)
                if key in self._builtins:
                    warnings.warn(
                        f"ignoring the {self.kind} entry point {entry.name!r} "
                        f"({entry.value}): it would shadow a built-in",
                        RuntimeWarning,
                        stacklevel=3,
                    )
                    continue
                if key in found:
                    warnings.warn(
                        f"two {self.kind} entry points are called {entry.name!r}; "
                        f"using {found[key].value!r}",
                        RuntimeWarning,
                        stacklevel=3,
                    )
                    continue
                found[key] = entry
            self._entry_points = found
        return self._entry_points


def _sorted_entries(entries: Iterable[EntryPoint]) -> list[EntryPoint]:
    # Sorted by value so that which duplicate wins does not depend on install order.
    return sorted(entries, key=lambda e: (e.name, e.value))
