"""The map as a networkx graph, and what the graph layer reports."""

from __future__ import annotations

import subprocess
import sys

import wardleyml as wm
from wardleyml.layout.graph import unreachable

MAP = """\
anchor User [0.95, 0.5]
component Tea [0.7, 0.6] (build)
component Water [0.4, 0.8] inertia
component Orphan [0.3, 0.3]
component Kettle [0.45, 0.57]
pipeline Kettle
{
  component Electric [0.63]
}
User->Tea
Tea+'cups'>Water; boils
Tea->Kettle //! style: red
Tea->Ghost
evolve Water 0.9
"""


def test_nodes_and_edges() -> None:
    m = wm.loads(MAP)
    g = wm.to_networkx(m)
    names = {g.nodes[n]["name"]: n for n in g}
    assert set(names) == {"User", "Tea", "Water", "Orphan", "Kettle", "Electric"}
    electric = g.nodes[names["Electric"]]
    assert electric["kind"] == "pipeline-component"
    assert electric["owner"] == names["Kettle"]
    assert g.nodes[names["Tea"]]["method"] == "build"
    assert g.nodes[names["Water"]]["evolve"] == 0.9
    assert g.nodes[names["Water"]]["inertia"] is True
    flow = g.edges[names["Tea"], names["Water"]]
    assert (flow["kind"], flow["flow_value"], flow["context"]) == ("flow", "cups", "boils")
    styled = g.edges[names["Tea"], names["Kettle"]]
    assert styled["styled"] is True
    assert styled["style"].color == "red"
    assert g.edges[names["User"], names["Tea"]]["kind"] == "dependency"
    assert g.number_of_edges() == 3  # the link to Ghost dangles


def test_diagnostics_name_elements_and_lines() -> None:
    m = wm.loads(MAP + "Water->Tea\n")
    diagnostics = wm.to_networkx(m).graph["diagnostics"]
    codes = {d.code: d for d in diagnostics}
    assert codes["unknown-link-end"].line == 13
    assert "Ghost" in codes["unknown-link-end"].message
    assert "Tea" in codes["dependency-cycle"].message
    orphan = codes["unreachable"]
    assert orphan.line == 4
    assert "Orphan" in orphan.message
    assert orphan.severity == "warning"


def test_unreachable_needs_anchors() -> None:
    assert unreachable(wm.loads("component A [0.5, 0.5]\ncomponent B [0.4, 0.4]\nA->B")) == []
    m = wm.loads(MAP)
    assert [m.at(k).name for k in unreachable(m)] == ["Orphan"]
    cut = wm.loads(MAP.replace("Tea->Kettle", "Orphan->Kettle"))
    assert [cut.at(k).name for k in unreachable(cut)] == ["Orphan", "Kettle", "Electric"]


def test_networkx_is_imported_only_when_needed() -> None:
    code = (
        "import sys, wardleyml as wm;"
        "m = wm.loads('anchor A [0.9, 0.5]\\ncomponent B [0.5, 0.5]\\nA->B');"
        "wm.layout_map(m); print('networkx' in sys.modules);"
        "wm.layout_map(wm.loads('anchor A\\ncomponent B\\nA->B')); print('networkx' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]
