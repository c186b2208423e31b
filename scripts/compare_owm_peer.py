"""Show, aspect by aspect, where wardleyml's reading of corpus maps differs from OWM's.

A development tool (needs Node and the reference engine, see
../shared/tools/owm-peer/README.md); the committed test uses the digests written by
capture_owm_peer.py instead.

    .venv/bin/python scripts/compare_owm_peer.py --peer /path/to/owm-peer [MAP...]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.owm_projection import ASPECTS, from_model, from_peer  # noqa: E402

import wardleyml as wm  # noqa: E402

CORPUS = Path(os.environ.get("WARDLEYML_SHARED") or ROOT.parent / "shared") / "corpus"


def peer_models(peer: Path, files: list[Path]) -> dict[str, dict]:
    out = subprocess.run(
        ["node", str(peer / "parse.mjs"), "--jsonl", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    models = {}
    for line in out.splitlines():
        row = json.loads(line)
        models[row["file"]] = row
    return models


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--peer", type=Path, required=True, help="folder with parse.mjs")
    parser.add_argument("maps", nargs="*", type=Path)
    parser.add_argument("--aspect", action="append", help="only these aspects")
    args = parser.parse_args()
    files = args.maps or sorted(CORPUS.rglob("*.owm"))
    models = peer_models(args.peer, files)
    aspects = args.aspect or ASPECTS
    equal = 0
    for path in files:
        row = models[str(path)]
        theirs = from_peer(row["model"]) if row.get("ok") else None
        ours = from_model(wm.load(path))
        diffs = [a for a in aspects if theirs is None or theirs[a] != ours[a]]
        if not diffs:
            equal += 1
            continue
        print(f"== {path.relative_to(CORPUS) if path.is_relative_to(CORPUS) else path}")
        for aspect in diffs:
            a = {json.dumps(x, ensure_ascii=False) for x in (theirs or {}).get(aspect, [])}
            b = {json.dumps(x, ensure_ascii=False) for x in ours[aspect]}
            for item in sorted(a - b)[:6]:
                print(f"   {aspect} OWM only: {item}")
            for item in sorted(b - a)[:6]:
                print(f"   {aspect} ours only: {item}")
            if a == b:
                print(f"   {aspect}: same items, different multiplicity")
    print(f"{equal}/{len(files)} maps fully equal")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
