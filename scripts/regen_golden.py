"""Regenerate the golden SVG and PNG files of tests/golden/ (and the docs' pictures).

Run from the project root after a deliberate change to the drawing:

    .venv/bin/python scripts/regen_golden.py                 # rewrite tests/golden/*.svg|png
    .venv/bin/python scripts/regen_golden.py --review /tmp/g # also rasterise every SVG there

Then look at every changed picture (PNG, and the SVG rasterised with --review) before
committing: the golden test only proves that the output did not change.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.golden.cases import CASES, HERE, TEA, render_case  # noqa: E402


def rasterise(svg: bytes) -> bytes:
    """The SVG as PNG through resvg, with matplotlib's bundled fonts only."""
    import matplotlib
    import resvg_py

    fonts = str(Path(matplotlib.get_data_path()) / "fonts" / "ttf")
    data = resvg_py.svg_to_bytes(
        svg_string=svg.decode("utf-8"),
        skip_system_fonts=True,
        font_dirs=[fonts],
        sans_serif_family="DejaVu Sans",
        monospace_family="DejaVu Sans Mono",
        cursive_family="DejaVu Sans",
    )
    return bytes(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--review", type=Path, help="folder for rasterised SVGs to look at")
    parser.add_argument("names", nargs="*", help="only these cases (default: all)")
    args = parser.parse_args(argv)
    names = args.names or list(CASES)
    if args.review:
        args.review.mkdir(parents=True, exist_ok=True)
    for name in names:
        for fmt in ("svg", "png"):
            data = render_case(name, fmt)
            target = HERE / f"{name}.{fmt}"
            changed = not target.exists() or target.read_bytes() != data
            target.write_bytes(data)
            print(f"{'changed ' if changed else 'same    '} {target.relative_to(ROOT)}")
            if fmt == "svg" and args.review:
                (args.review / f"{name}.svg.png").write_bytes(rasterise(data))
    for picture, data in docs_pictures().items():
        changed = not picture.exists() or picture.read_bytes() != data
        picture.parent.mkdir(parents=True, exist_ok=True)
        picture.write_bytes(data)
        print(f"{'changed ' if changed else 'same    '} {picture.relative_to(ROOT)}")
    return 0


def docs_pictures() -> dict[Path, bytes]:
    """The pictures the README and docs/ show, beside the maps they are drawn from."""
    import wardleyml as wm

    img = ROOT / "docs" / "img"
    auto = wm.load(ROOT / "docs" / "examples" / "auto-layout.owm")
    return {
        img / "tea-shop.svg": wm.render(wm.load(TEA)),
        img / "auto-layout.svg": wm.render(auto),
        img / "auto-layout.png": wm.render(auto, "png"),
    }


if __name__ == "__main__":
    raise SystemExit(main())
