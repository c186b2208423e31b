"""Every Python example in the README and docs/ runs, as a reader would paste it.

The examples of one page run in order in one fresh interpreter (later ones may use
what earlier ones made), in an empty folder that holds the project's ``maps/`` and
``docs/``, so files they write never land in the checkout.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)
RUNNER = """
import sys
for number, code in enumerate(sys.argv[2:]):
    exec(compile(code, f"{sys.argv[1]}, example {number + 1}", "exec"), globals())
"""


def _examples(page: Path) -> list[str]:
    return BLOCK.findall(page.read_text(encoding="utf-8"))


WITH_EXAMPLES = [page for page in PAGES if _examples(page)]


def test_the_docs_have_examples() -> None:
    names = {page.name for page in WITH_EXAMPLES}
    assert {"README.md", "rendering.md", "themes.md", "mermaid.md"} <= names


@pytest.mark.parametrize("page", WITH_EXAMPLES, ids=lambda p: p.name)
def test_examples_run(page: Path, tmp_path: Path) -> None:
    for name in ("maps", "docs"):
        (tmp_path / name).symlink_to(ROOT / name, target_is_directory=True)
    result = subprocess.run(
        [sys.executable, "-c", RUNNER, str(page.relative_to(ROOT)), *_examples(page)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
