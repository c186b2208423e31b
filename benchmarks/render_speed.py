"""How fast is text -> SVG and text -> PNG, against the ``wardleymap`` package.

    .venv/bin/python benchmarks/render_speed.py            # 10, 100, 1000, 5000 components
    .venv/bin/python benchmarks/render_speed.py --sizes 10 100 --repeat 5

For each size, a synthetic map (components at seeded random positions, one link per
component to an earlier one) is drawn from its text, in this process: by wardleyml
(``render(loads(text))``, with the time split into parse, layout, scene and writing,
and the SVG writing cost per element),
and by the PyPI package ``wardleymap`` (``WardleyMap(text)``,
``create_wardley_map_plot``, then ``savefig``), when it is installed. The best of
``--repeat`` runs is printed, in milliseconds, with their time divided by ours.
"""

from __future__ import annotations

import argparse
import gc
import io
import random
import time
from collections.abc import Callable
from typing import Any


def synthetic_map(n: int, seed: int = 1) -> str:
    """A map of ``n`` components, each linked to an earlier one."""
    rng = random.Random(seed)
    lines = ["title Synthetic", "anchor User [0.98, 0.5]"]
    for i in range(n):
        lines.append(
            f"component C{i} [{rng.uniform(0.02, 0.95):.3f}, {rng.uniform(0.02, 0.98):.3f}]"
        )
    lines.append("User->C0")
    for i in range(1, n):
        lines.append(f"C{rng.randrange(i)}->C{i}")
    return "\n".join(lines) + "\n"


def best(fn: Callable[[], Any], repeat: int) -> float:
    """Best wall time of ``repeat`` calls, in milliseconds."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return min(times)


def ours(text: str, fmt: str) -> bytes:
    import wardleyml as wm

    return wm.render(wm.loads(text), fmt)


def stages(text: str, repeat: int) -> dict[str, float]:
    """wardleyml's SVG path split into its steps (best of ``repeat`` each)."""
    import wardleyml as wm
    from wardleyml.layout.api import layout_map
    from wardleyml.renderers.svg import SvgRenderer
    from wardleyml.scene.build import build_scene

    m = wm.loads(text)
    theme = wm.themes.get("plain")  # type: ignore[attr-defined]
    layout = layout_map(m, theme=theme)
    scene = build_scene(m, layout, theme)
    svg = SvgRenderer().render(scene, "svg")
    elements = svg.count(b"<") - svg.count(b"</")
    write = best(lambda: SvgRenderer().render(scene, "svg"), repeat)
    return {
        "parse": best(lambda: wm.loads(text), repeat),
        "layout": best(lambda: layout_map(m, theme=theme), repeat),
        "scene": best(lambda: build_scene(m, layout, theme), repeat),
        "write": write,
        "us_per_element": write * 1000 / elements,
    }


def theirs(text: str, fmt: str) -> bytes:
    import matplotlib.pyplot as plt
    from wardley_map import create_wardley_map_plot

    _, fig = create_wardley_map_plot(text)
    try:
        buffer = io.BytesIO()
        fig.savefig(buffer, format=fmt)
        return buffer.getvalue()
    finally:
        plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000, 5000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-theirs", action="store_true", help="skip the wardleymap package")
    args = parser.parse_args(argv)

    import matplotlib

    matplotlib.use("Agg")  # for the other package, which draws through pyplot
    try:
        import wardley_map  # noqa: F401

        have_theirs = not args.no_theirs
    except ImportError:
        have_theirs = False
        print("(the wardleymap package is not installed: pip install wardleymap)")

    ours(synthetic_map(10), "svg")  # imports and caches out of the timings
    ours(synthetic_map(10), "png")
    header = (
        f"{'components':>10} | {'ours svg':>9} {'ours png':>9} | "
        f"{'parse':>7} {'layout':>7} {'scene':>7} {'write':>7} {'µs/el':>5} | "
        f"{'theirs svg':>10} {'theirs png':>10} | {'svg x':>6} {'png x':>6}"
    )
    print(header)
    print("-" * len(header))
    for n in args.sizes:
        text = synthetic_map(n)
        repeat = args.repeat if n <= 1000 else 1
        svg_ms = best(lambda text=text: ours(text, "svg"), repeat)
        png_ms = best(lambda text=text: ours(text, "png"), repeat)
        parts = stages(text, repeat)
        row = (
            f"{n:>10} | {svg_ms:>9.1f} {png_ms:>9.1f} | {parts['parse']:>7.1f} "
            f"{parts['layout']:>7.1f} {parts['scene']:>7.1f} {parts['write']:>7.1f} "
            f"{parts['us_per_element']:>5.1f} | "
        )
        if have_theirs:
            t_svg = best(lambda text=text: theirs(text, "svg"), repeat)
            t_png = best(lambda text=text: theirs(text, "png"), repeat)
            row += f"{t_svg:>10.1f} {t_png:>10.1f} | {t_svg / svg_ms:>6.1f} {t_png / png_ms:>6.1f}"
        else:
            row += f"{'-':>10} {'-':>10} | {'-':>6} {'-':>6}"
        print(row, flush=True)
    print(
        "milliseconds (wall), best of",
        args.repeat,
        "(1 for sizes above 1000); x = their time / ours; µs/el = SVG writing per element",
    )
    print()
    print("label placement (benchmarks/layout_bench.py: map area grown with the map, or 800x600)")
    from layout_bench import run as layout_rows

    for r in layout_rows((1000, 5000), args.repeat):
        print(
            f"{r['components']:>10} components, {r['map']:>8}: labels {r['labels_ms']:7.0f} ms,"
            f" whole layout {r['layout_ms']:7.0f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
