"""How reading a map scales: time per size, and the ratio when the size doubles.

    .venv/bin/python benchmarks/parse_speed.py

Linear time shows as ratios near 2. Prints CPU milliseconds (best of three), so the
figures hold on a busy machine too.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable

import wardleyml as wm


def components(lines: int) -> str:
    return "\n".join(f"component C{i} [0.{i % 97:02d}, 0.{i % 89:02d}]" for i in range(lines))


def links(lines: int) -> str:
    half = lines // 2
    declared = [f"component C{i} [0.5, 0.5]" for i in range(half + 1)]
    return "\n".join([*declared, *(f"C{i}->C{i + 1}; context {i}" for i in range(half))])


def mixed(lines: int) -> str:
    out = []
    for i in range(lines // 4):
        out += [
            f'component "C {i}" [0.5, 0.5] label [5, -10] (build) // note {i}',
            f"C {i}->C {i + 1}",
            f"evolve C {i} 0.8 label [1, 2]",
            f"note text {i} [0.2, 0.3]",
        ]
    return "\n".join(out)


def one_long_line(chars: int) -> str:
    return "note " + "word [x] " * (chars // 9) + " [0.5, 0.5]"


def best(text: str) -> float:
    times = []
    for _ in range(3):
        start = time.process_time()
        with contextlib.suppress(wm.WardleyError):
            wm.loads(text)
        times.append(time.process_time() - start)
    return min(times) * 1000


def run(name: str, make: Callable[[int], str], sizes: list[int], unit: str) -> None:
    previous = None
    for size in sizes:
        ms = best(make(size))
        ratio = f"x{ms / previous:4.2f}" if previous else "     "
        print(f"{name:18s} {size:>8,} {unit:5s} {ms:9.1f} ms  {ratio}")
        previous = ms


def main() -> None:
    print("reading maps: CPU ms (best of 3); ratio to the size before (x2 = linear)")
    run("components", components, [6_250, 12_500, 25_000, 50_000], "lines")
    run("links", links, [6_250, 12_500, 25_000, 50_000], "lines")
    run("mixed statements", mixed, [6_250, 12_500, 25_000, 50_000], "lines")
    run("one long line", one_long_line, [25_000, 50_000, 100_000, 200_000], "chars")


if __name__ == "__main__":
    main()
