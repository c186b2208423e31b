"""Reading and writing back: model equality and a fixed point, on the whole corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

import wardleyml as wm

from .conftest import CORPUS, corpus_files


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: str(p.relative_to(CORPUS)))
def test_corpus_map_round_trips(path: Path) -> None:
    m = wm.load(path)
    text = wm.dumps(m)
    again = wm.loads(text)
    assert again == m
    assert wm.dumps(again) == text


@pytest.mark.parametrize("path", corpus_files()[::3], ids=lambda p: str(p.relative_to(CORPUS)))
def test_reader_builds_only_valid_elements(path: Path) -> None:
    # The reader skips pydantic validation for speed; validating its output again
    # must change nothing.
    m = wm.load(path)
    assert wm.WardleyMap.model_validate(m.model_dump()) == m
    assert wm.WardleyMap.model_validate_json(m.model_dump_json()) == m
