"""The curated golden cases: name -> (map file, options).

Shared by the test and the regeneration script (``scripts/regen_golden.py``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
# As in tests/conftest.py (this module is also run by scripts/regen_golden.py).
CORPUS = Path(os.environ.get("WARDLEYML_SHARED") or HERE.parent.parent.parent / "shared") / "corpus"
TEA = CORPUS / "owm-examples" / "default-example-tea-shop.owm"
GOLDEN_MASTER = CORPUS / "owm-examples" / "golden-master-all-elements.owm"
MAPS = HERE / "maps"

# Labels where OWM puts them (``labels="owm"``): these files pin the drawing, and must
# not change each time the automatic label placement of the layout layer improves.
OWM = {"labels": "owm"}

CASES: dict[str, tuple[Path, dict[str, Any]]] = {
    "tea-shop": (TEA, OWM),
    "golden-master": (GOLDEN_MASTER, OWM),
    "tea-shop-plain": (TEA, {**OWM, "theme": "plain"}),
    "tea-shop-colour": (TEA, {**OWM, "theme": "colour"}),
    "tea-shop-dark": (TEA, {**OWM, "theme": "dark"}),
    "tea-shop-handwritten": (TEA, {**OWM, "theme": "handwritten"}),
    "two-line-stages": (MAPS / "two-line-stages.owm", OWM),
    "styled-links": (MAPS / "styled-links.owm", OWM),
    "custom-axes": (MAPS / "custom-axes.owm", OWM),
    "hidden-axes": (MAPS / "hidden-axes.owm", OWM),
}


def render_case(name: str, fmt: str) -> bytes:
    """The bytes of one golden case in ``svg`` or ``png``."""
    import wardleyml as wm

    path, options = CASES[name]
    return wm.render(wm.load(path), fmt, **options)
