"""The JSON schema of the model is committed (docs/schema.json) and kept current."""

from __future__ import annotations

import json

import wardleyml as wm

from .conftest import ROOT


def test_committed_schema_is_current() -> None:
    committed = json.loads((ROOT / "docs" / "schema.json").read_text(encoding="utf-8"))
    assert committed == wm.WardleyMap.model_json_schema(), (
        "docs/schema.json is out of date: run wardleyml schema > docs/schema.json"
    )


def test_schema_names_every_element_kind() -> None:
    schema = wm.WardleyMap.model_json_schema()
    mapping = schema["properties"]["elements"]["items"]["discriminator"]["mapping"]
    assert set(mapping) == {
        "title", "style", "size", "evolution", "valuechain", "annotations", "anchor",
        "component", "submap", "link", "evolve", "pipeline", "note", "annotation",
        "attitude", "accelerator", "url", "include", "comment", "blank", "unparsed",
    }  # fmt: skip
