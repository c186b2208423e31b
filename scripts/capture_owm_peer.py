"""Capture the reference engine's reading of every corpus map as test fixtures.

Runs OWM's own parser (wmlandscape 3.0.1, via ../shared/tools/owm-peer/parse.mjs) over
../shared/corpus and writes tests/fixtures/owm_peer.json: for each map and each aspect
of tests/owm_projection.py, the number of items and a digest of them. The maps' text is
not stored (the corpus is others' work). Run it again only when the corpus or the
projection changes, and review the diff:

    PEER=$(mktemp -d)/owm-peer && cp -r ../shared/tools/owm-peer "$PEER" \\
        && (cd "$PEER" && npm ci)
    .venv/bin/python scripts/capture_owm_peer.py --peer "$PEER"
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

from tests.owm_projection import ASPECTS, digest, from_peer  # noqa: E402

CORPUS = Path(os.environ.get("WARDLEYML_SHARED") or ROOT.parent / "shared") / "corpus"
OUT = ROOT / "tests" / "fixtures" / "owm_peer.json"


def main() -> int:
    parser = argparse.ArgumentParser(description="capture OWM's parse of the corpus")
    parser.add_argument("--peer", type=Path, required=True, help="folder with parse.mjs")
    args = parser.parse_args()
    files = sorted(CORPUS.rglob("*.owm"))
    result = subprocess.run(
        ["node", str(args.peer / "parse.mjs"), "--jsonl", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    if len(rows) != len(files):
        print(f"expected {len(files)} results, got {len(rows)}", file=sys.stderr)
        return 1
    fixtures = {"engine": rows[0].get("engine", "wmlandscape")}
    maps: dict[str, object] = {}
    for path, row in zip(files, rows, strict=True):
        name = path.relative_to(CORPUS).as_posix()
        if not row.get("ok"):
            maps[name] = {"ok": False}
            continue
        projected = from_peer(row["model"])
        maps[name] = {
            "ok": True,
            "aspects": {a: f"{len(projected[a])}:{digest(projected[a])}" for a in ASPECTS},
        }
    # One map per line keeps the file short and its diffs readable.
    lines = [f'{{"engine": {json.dumps(fixtures["engine"])}, "maps": {{']
    for i, (name, entry) in enumerate(sorted(maps.items())):
        comma = "," if i < len(maps) - 1 else ""
        lines.append(f" {json.dumps(name)}: {json.dumps(entry, sort_keys=True)}{comma}")
    lines.append("}}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} ({len(maps)} maps)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
