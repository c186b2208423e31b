"""Pausing Python's cyclic garbage collector around allocation-heavy work."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for the duration of the block.

    Reading, laying out and drawing a map allocate many small objects and few
    reference cycles; the collector's full passes over a growing heap made big maps
    take more than linear time (40 % of writing a 5000-component SVG). Reference
    counting still frees everything acyclic; anything cyclic is collected once the
    collector is back on. Nested use is safe: only the outermost block re-enables it.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
