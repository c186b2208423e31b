"""How long the layout takes, and label placement alone, for large maps.

    .venv/bin/python benchmarks/layout_bench.py                 # 100, 1000 and 5000 components
    .venv/bin/python benchmarks/layout_bench.py --sizes 1000 --repeat 5

Two kinds of synthetic map per size, both with a seeded random value chain (each
component needed by one a little higher up and close in evolution, as in real maps):

- ``scaled``: the map area grows with the number of components (``size [w, h]``), so
  every component has as much room as in a 30-component 800 x 600 map. This is the
  case label placement is built for, and the one the "5000 labels in a second"
  target is about.
- ``800x600``: everything squeezed into the default map area, as in
  ``render_speed.py``. Past a few hundred components there is no clear place left for
  most labels; placement then gives up early (a saturated map) and its time shows it.

Printed per size: the whole ``layout_map`` and, within it, label placement (the
``place_labels`` step), in milliseconds, best of ``--repeat``; and the labels left
overlapping ("all (crowded)" when the labels would need more room than the map has and
placement gave up). ``run()`` returns the rows for the benchmark runner.
"""

from __future__ import annotations

import argparse
import gc
import math
import random
import time
from typing import Any

NAMES = (
    "Customer",
    "Order Service",
    "Payments",
    "Kettle",
    "Data Platform",
    "Model Training",
    "Compute",
    "Identity",
    "Search Index",
    "Billing Engine",
)


def synthetic_map(n: int, *, scaled: bool, seed: int = 7) -> str:
    """A map text of ``n`` components with links down a random value chain."""
    rng = random.Random(seed)
    factor = math.sqrt(n / 30) if scaled else 1.0
    width, height = round(800 * max(factor, 1.0)), round(600 * max(factor, 1.0))
    lines = ["title Synthetic", f"size [{width}, {height}]", "anchor User [0.98, 0.5]"]
    maturities = []
    for i in range(n):
        visibility = 0.95 - 0.9 * (i + rng.random()) / n  # roughly downwards
        maturity = rng.uniform(0.03, 0.95)
        maturities.append(maturity)
        lines.append(f"component {NAMES[i % len(NAMES)]} {i} [{visibility:.4f}, {maturity:.4f}]")
    lines.append(f"User->{NAMES[0]} 0")
    for i in range(1, n):
        # As in real maps, a component is needed by one close above it.
        earlier = range(max(0, i - 40), i)
        parent = min(
            earlier, key=lambda j: abs(maturities[j] - maturities[i]) + rng.random() * 0.05
        )
        lines.append(f"{NAMES[parent % len(NAMES)]} {parent}->{NAMES[i % len(NAMES)]} {i}")
    return "\n".join(lines) + "\n"


def measure(n: int, *, scaled: bool, repeat: int) -> dict[str, Any]:
    """Best layout and label-placement times (ms) for one synthetic map."""
    import wardleyml as wm
    from wardleyml.layout import api, labels

    m = wm.loads(synthetic_map(n, scaled=scaled))
    placement: list[float] = []
    original = labels.place_labels

    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            placement.append((time.perf_counter() - start) * 1000)

    totals = []
    layout = None
    labels.place_labels = timed  # type: ignore[assignment]
    try:
        for _ in range(repeat):
            gc.collect()
            start = time.perf_counter()
            layout = api.layout_map(m)
            totals.append((time.perf_counter() - start) * 1000)
    finally:
        labels.place_labels = original  # type: ignore[assignment]
    assert layout is not None
    overlapping = sum(1 for d in layout.diagnostics if d.code == "label-overlap")
    crowded = any(d.code == "crowded-map" for d in layout.diagnostics)
    return {
        "components": n,
        "map": "scaled" if scaled else "800x600",
        "layout_ms": min(totals),
        "labels_ms": min(placement),
        "labels": sum(1 for _ in layout.labels()),
        "overlapping": "all (crowded)" if crowded else overlapping,
    }


def run(sizes: tuple[int, ...] = (100, 1000, 5000), repeat: int = 3) -> list[dict[str, Any]]:
    """Every measurement, as rows (for the benchmark runner)."""
    import wardleyml as wm

    wm.layout_map(wm.loads(synthetic_map(30, scaled=True)))  # imports and caches
    rows = []
    for n in sizes:
        for scaled in (True, False):
            rows.append(measure(n, scaled=scaled, repeat=repeat))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    header = (
        f"{'components':>10} | {'map':>8} | {'layout ms':>9} | {'labels ms':>9} | "
        f"{'labels':>6} | {'overlapping':>13}"
    )
    print(header)
    print("-" * len(header))
    for row in run(tuple(args.sizes), args.repeat):
        print(
            f"{row['components']:>10} | {row['map']:>8} | {row['layout_ms']:>9.1f} | "
            f"{row['labels_ms']:>9.1f} | {row['labels']:>6} | {row['overlapping']!s:>13}",
            flush=True,
        )
    print("milliseconds, best of", args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
