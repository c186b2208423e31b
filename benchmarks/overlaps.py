"""Label legibility on the real-world corpus, scored by the shared overlaps tool.

    .venv/bin/python benchmarks/overlaps.py                     # ../shared/corpus/real-world
    .venv/bin/python benchmarks/overlaps.py --corpus DIR --keep out/

Draws every map of the folder to SVG three ways and scores each set with
``../shared/tools/overlaps/overlaps.py`` (text from real font metrics):

- ``owm``: the labels where the reference engine puts them (``labels="owm"``);
- ``default``: automatic placement of every label the author did not place, the
  author's ``label [dx, dy]`` offsets kept (what ``wardleyml render`` draws);
- ``move_explicit``: automatic placement of every label, offsets included.

Printed: the totals per measure beside the reference engine's own figures on the same
136 maps (from the overlaps tool's README: 1,694 text-text, 2,239 text over another
component, 278 clipped).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("WARDLEYML_SHARED") or ROOT.parent / "shared")
TOOL = SHARED / "tools" / "overlaps" / "overlaps.py"
MEASURES = ("text_text", "text_circle", "text_line", "clipped")
# The reference engine on corpus/real-world (overlaps tool README), for comparison.
REFERENCE = {"text_text": 1694, "text_circle": 2239, "text_line": 23533, "clipped": 278}
MODES: dict[str, dict[str, Any]] = {
    "owm": {"labels": "owm"},
    "default": {},
    "move_explicit": {"move_explicit": True},
}


def score(folder: Path) -> dict[str, int]:
    """Totals of the overlaps tool over every SVG in ``folder``."""
    svgs = sorted(str(p) for p in folder.glob("*.svg"))
    out = subprocess.run(
        [sys.executable, str(TOOL), *svgs], capture_output=True, text=True, check=True
    ).stdout
    totals = dict.fromkeys(MEASURES, 0)
    for line in out.splitlines():
        if line.strip().startswith("{"):
            row = json.loads(line)
            if "file" in row:
                for k in MEASURES:
                    totals[k] += int(row[k])
    return totals


def run(corpus: Path, keep: Path | None = None) -> dict[str, dict[str, int]]:
    """Draw and score every map of ``corpus`` in each mode; ``{mode: totals}``."""
    import wardleyml as wm

    maps = sorted(corpus.glob("*.owm"))
    results: dict[str, dict[str, int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for mode, options in MODES.items():
            folder = (keep or Path(tmp)) / mode
            folder.mkdir(parents=True, exist_ok=True)
            for path in maps:
                m = wm.load(path)
                (folder / f"{path.stem}.svg").write_bytes(wm.render(m, "svg", **options))
            results[mode] = score(folder)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "real-world")
    parser.add_argument("--keep", type=Path, help="keep the SVGs in this folder")
    args = parser.parse_args(argv)
    count = len(list(args.corpus.glob("*.owm")))
    results = run(args.corpus, args.keep)
    print(f"{count} maps of {args.corpus}")
    print(f"{'labels':<16}" + "".join(f"{k:>13}" for k in MEASURES))
    if args.corpus.resolve() == (SHARED / "corpus" / "real-world").resolve():
        print(f"{'reference OWM':<16}" + "".join(f"{REFERENCE[k]:>13,}" for k in MEASURES))
    for mode, totals in results.items():
        print(f"{mode:<16}" + "".join(f"{totals[k]:>13,}" for k in MEASURES))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
