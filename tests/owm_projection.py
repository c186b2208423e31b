"""What the reference engine and wardleyml must agree on, reduced to comparable lists.

Both sides are projected onto the same aspects (components, anchors, links, evolve
targets, pipelines, notes, annotations, decorators, ...): plain sorted lists of tuples
with numbers rounded. ``scripts/capture_owm_peer.py`` applies :func:`from_peer` to the
engine's parse of every corpus map and stores a digest per aspect; the agreement test
applies :func:`from_model` to our reading and compares digests. Digests, not contents,
are committed: the corpus maps are others' work.

OWM puts a coordinate the author left out at its default (visibility 0.9, maturity 0.1;
0.2 for a pipeline member); wardleyml leaves it to the layout layer. The projection of
our model applies OWM's defaults so that what the *file says* is compared; the drawing
difference is documented in docs/format.md.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import wardleyml as wm
from wardleyml.model import elements as el

ASPECTS = (
    "title",
    "components",
    "anchors",
    "submaps",
    "links",
    "evolved",
    "pipelines",
    "notes",
    "annotations",
    "decorators",
    "attitudes",
    "accelerators",
)

DEFAULT_V, DEFAULT_M, DEFAULT_MEMBER_M = 0.9, 0.1, 0.2


def _n(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    try:
        return round(float(value), 6)
    except (TypeError, ValueError):
        return str(value)


def _sorted(items: list[Any]) -> list[Any]:
    return sorted(items, key=lambda item: json.dumps(item, ensure_ascii=False))


def digest(items: list[Any]) -> str:
    """A short, stable digest of one projected aspect."""
    text = json.dumps(items, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# -- the reference engine's model (parse.mjs output) ---------------------------------------


def from_peer(model: dict[str, Any]) -> dict[str, list[Any]]:
    """Project ``parse.mjs``'s model of one map."""
    comps = model.get("components", [])
    links: set[tuple[Any, ...]] = set()
    valued = {
        (lk["start"], lk["end"]) for lk in model.get("links", []) if lk.get("flowValue") is not None
    }
    for lk in model.get("links", []):
        flow = bool(lk.get("flow"))
        value = lk.get("flowValue")
        if flow and value is None and (lk["start"], lk["end"]) in valued:
            continue  # OWM pushes a labelled flow twice, once without its label
        links.add((lk["start"], lk["end"], flow, value, lk.get("context") or None))
    pipelines = []
    for p in model.get("pipelines", []):
        children = [[c["name"], _n(c.get("maturity"))] for c in p.get("components", [])]
        hidden = bool(p.get("hidden"))
        pipelines.append(
            [
                p["name"],
                hidden,
                None if hidden else _n(p.get("maturity1")),
                None if hidden else _n(p.get("maturity2")),
                _sorted(children),
            ]
        )
    return {
        "title": [model.get("title")],
        "components": _sorted([[c["name"], _n(c["visibility"]), _n(c["maturity"])] for c in comps]),
        "anchors": _sorted(
            [[a["name"], _n(a["visibility"]), _n(a["maturity"])] for a in model.get("anchors", [])]
        ),
        "submaps": _sorted(
            [
                [s["name"], _n(s["visibility"]), _n(s["maturity"]), s.get("url")]
                for s in model.get("submaps", [])
            ]
        ),
        "links": _sorted([list(t) for t in links]),
        "evolved": _sorted(
            [
                [e["name"], _n(e["maturity"]), e.get("override") or None]
                for e in model.get("evolved", [])
            ]
        ),
        "pipelines": _sorted(pipelines),
        "notes": _sorted(
            [[n["text"], _n(n["visibility"]), _n(n["maturity"])] for n in model.get("notes", [])]
        ),
        "annotations": _sorted(
            [
                [
                    a["number"] if isinstance(a["number"], int) else None,
                    [[_n(o["visibility"]), _n(o["maturity"])] for o in a.get("occurances", [])],
                    (a.get("text") or "").strip(),
                ]
                for a in model.get("annotations", [])
            ]
        ),
        "decorators": _sorted(
            [
                [
                    c["name"],
                    *(bool(c["decorators"][k]) for k in _DECORATORS),
                    bool(c.get("inertia")),
                ]
                for c in [*comps, *model.get("submaps", [])]
            ]
        ),
        "attitudes": _sorted(
            [
                [
                    a["attitude"],
                    _n(a["visibility"]),
                    _n(a["maturity"]),
                    _n(a["visibility2"]),
                    _n(a["maturity2"]),
                ]
                for a in model.get("attitudes", [])
            ]
        ),
        "accelerators": _sorted(
            [
                [a["name"], _n(a["visibility"]), _n(a["maturity"]), bool(a["deaccelerator"])]
                for a in model.get("accelerators", [])
            ]
        ),
    }


_DECORATORS = ("build", "buy", "outsource", "market", "ecosystem")


# -- our model -----------------------------------------------------------------------------


def _v(value: float | None) -> float:
    rounded: float = _n(DEFAULT_V if value is None else value)
    return rounded


def _m(value: float | None, default: float = DEFAULT_M) -> float:
    rounded: float = _n(default if value is None else value)
    return rounded


def from_model(m: wm.WardleyMap) -> dict[str, list[Any]]:
    """Project a map as wardleyml reads it."""
    components = [c for c in m.components if c.kind == "component"]
    submaps = [c for c in m.components if isinstance(c, el.Submap)]
    pipelines = []
    for p in m.pipelines:
        key = m.resolve(p.name)
        owner = None if key is None else m.at(key)
        members = [(c.name, _m(c.maturity, DEFAULT_MEMBER_M)) for c in p.children]
        children = [[name, maturity] for name, maturity in members]
        has_owner = isinstance(owner, el.Component)
        lo: float | None
        hi: float | None
        if p.block is not None and children:
            lo = min(maturity for _, maturity in members)
            hi = max(maturity for _, maturity in members)
            hidden = not has_owner
        else:
            lo, hi = p.start, p.end
            hidden = not has_owner or lo is None
        pipelines.append(
            [
                p.name,
                hidden,
                None if hidden else _n(lo),
                None if hidden else _n(hi),
                _sorted(children),
            ]
        )
    return {
        "title": [m.title if m.title is not None else "Untitled Map"],
        "components": _sorted([[c.name, _v(c.visibility), _m(c.maturity)] for c in components]),
        "anchors": _sorted([[a.name, _v(a.visibility), _m(a.maturity)] for a in m.anchors]),
        "submaps": _sorted([[s.name, _v(s.visibility), _m(s.maturity), s.url] for s in submaps]),
        "links": _sorted(
            [
                [lk.start, lk.end, lk.flow is not None, lk.flow_value, lk.context]
                for lk in {
                    (x.start, x.end, x.flow, x.flow_value, x.context): x for x in m.links
                }.values()
            ]
        ),
        "evolved": _sorted([[e.name, _n(e.maturity), e.rename] for e in m.evolves]),
        "pipelines": _sorted(pipelines),
        "notes": _sorted([[n.text, _v(n.visibility), _m(n.maturity)] for n in m.notes]),
        "annotations": _sorted(
            [
                [a.number, [[_n(p.visibility), _n(p.maturity)] for p in a.points], a.text]
                for a in m.annotations
            ]
        ),
        "decorators": _sorted(
            [
                [
                    c.name,
                    c.method == "build",
                    c.method == "buy",
                    c.method == "outsource",
                    c.market,
                    c.ecosystem,
                    c.inertia,
                ]
                for c in m.components
            ]
        ),
        "attitudes": _sorted(
            [
                [a.attitude, _n(a.visibility), _n(a.maturity), _n(a.visibility2), _n(a.maturity2)]
                for a in m.attitudes
            ]
        ),
        "accelerators": _sorted(
            [[a.name, _v(a.visibility), _m(a.maturity), a.deaccelerator] for a in m.accelerators]
        ),
    }
