"""wardleyml reads every corpus map as the reference engine (OWM 3.0.1) does, except
where docs/format.md lists a deliberate difference.

tests/fixtures/owm_peer.json holds, per map and aspect, a digest of the engine's
reading (made by scripts/capture_owm_peer.py); tests/fixtures/owm_differences.json names,
per map and aspect, the documented differences expected there. A listed difference that
no longer shows fails too, so the list stays true.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import wardleyml as wm

from .conftest import CORPUS, ROOT, corpus_files
from .owm_projection import ASPECTS, digest, from_model

FIXTURES = Path(__file__).parent / "fixtures"
PEER = json.loads((FIXTURES / "owm_peer.json").read_text(encoding="utf-8"))["maps"]
DIFFERENCES: dict[str, dict[str, list[str]]] = json.loads(
    (FIXTURES / "owm_differences.json").read_text(encoding="utf-8")
)


def _name(path: Path) -> str:
    return path.relative_to(CORPUS).as_posix()


@pytest.mark.parametrize("path", corpus_files(), ids=_name)
def test_reading_agrees_with_the_reference_engine(path: Path) -> None:
    name = _name(path)
    expected = PEER[name]
    assert expected["ok"], f"the engine failed on {name}; recapture the fixtures"
    ours = from_model(wm.load(path))
    allowed = DIFFERENCES.get(name, {})
    for aspect in ASPECTS:
        mine = f"{len(ours[aspect])}:{digest(ours[aspect])}"
        if aspect in allowed:
            assert mine != expected["aspects"][aspect], (
                f"{name}: {aspect} now agrees with OWM; remove it from owm_differences.json"
            )
        else:
            assert mine == expected["aspects"][aspect], (
                f"{name}: {aspect} differs from OWM (run scripts/compare_owm_peer.py)"
            )


def test_every_map_is_captured() -> None:
    assert sorted(PEER) == sorted(_name(p) for p in corpus_files())


def test_every_listed_difference_is_documented() -> None:
    doc = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"<a id=\"diff-([a-z0-9-]+)\"></a>", doc))
    used = {reason for aspects in DIFFERENCES.values() for r in aspects.values() for reason in r}
    assert used <= documented, f"undocumented differences: {sorted(used - documented)}"


def test_agreement_figure() -> None:
    """The figure quoted in the docs: maps read exactly as OWM reads them."""
    equal = len(PEER) - len(DIFFERENCES)
    doc = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    assert f"{equal} of the {len(PEER)} corpus maps" in doc
