"""Shared test fixtures: where the shared corpus lives."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"


def corpus_files() -> list[Path]:
    """Every map of the shared corpus, sorted (the tests read them in place)."""
    return sorted(CORPUS.rglob("*.owm"))


@pytest.fixture(scope="session")
def corpus() -> list[Path]:
    files = corpus_files()
    assert len(files) == 322, f"expected the 322 corpus maps under {CORPUS}, found {len(files)}"
    return files
