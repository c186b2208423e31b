"""Shared test fixtures: where the shared corpus lives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The shared material (corpus, overlaps tool) sits beside the checkout, as in CI; a
# clone elsewhere names it with WARDLEYML_SHARED.
SHARED = Path(os.environ.get("WARDLEYML_SHARED") or ROOT.parent / "shared")
CORPUS = SHARED / "corpus"


def pytest_configure(config: pytest.Config) -> None:
    if not CORPUS.is_dir():
        raise pytest.UsageError(
            f"the shared corpus is not at {CORPUS}: clone the project beside ../shared, "
            "or set WARDLEYML_SHARED to the shared folder"
        )


SMALL_TEA = """\
title Tea Shop
anchor Business [0.95, 0.63]
component Cup of Tea [0.79, 0.61]
component Kettle [0.43, 0.35]
Business->Cup of Tea
Cup of Tea->Kettle
"""
"""A small map written here (the doc-build tests put it in pages)."""


def corpus_files() -> list[Path]:
    """Every map of the shared corpus, sorted (the tests read them in place)."""
    return sorted(CORPUS.rglob("*.owm"))


@pytest.fixture(scope="session")
def corpus() -> list[Path]:
    files = corpus_files()
    assert len(files) == 322, f"expected the 322 corpus maps under {CORPUS}, found {len(files)}"
    return files
