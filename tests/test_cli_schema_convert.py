"""``wardleyml schema`` and ``wardleyml convert`` between OWM text and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import wardleyml as wm

from .test_cli_support import GOLDEN, TEA_SHOP, files_below, run_main, run_script, write


def test_schema_is_the_models(capsys: pytest.CaptureFixture[str]) -> None:
    r = run_main(capsys, "schema")
    assert r.code == 0
    assert json.loads(r.out) == wm.WardleyMap.model_json_schema()


def test_schema_to_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "schema.json"
    assert run_main(capsys, "schema", "-o", str(target)).code == 0
    assert json.loads(target.read_text()) == wm.WardleyMap.model_json_schema()


def test_schema_into_missing_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "no" / "schema.json"
    r = run_main(capsys, "schema", "-o", str(target))
    assert r.code == 1
    assert r.err == f"{target}: error: cannot write it: no folder {target.parent}\n"
    assert files_below(tmp_path) == []


@pytest.mark.parametrize("source", [TEA_SHOP, GOLDEN], ids=["tea-shop", "golden-master"])
def test_owm_json_owm_is_lossless(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, source: Path
) -> None:
    as_json = tmp_path / "map.json"
    back = tmp_path / "map.owm"
    assert run_main(capsys, "convert", str(source), "-o", str(as_json)).code == 0
    r = run_main(capsys, "convert", str(as_json), "-o", str(back))
    assert r.code == 0
    original = wm.load(source)
    assert wm.load(back) == original
    assert back.read_text() == wm.dumps(original)


def test_convert_to_stdout_needs_a_format(capsys: pytest.CaptureFixture[str]) -> None:
    r = run_main(capsys, "convert", str(TEA_SHOP))
    assert r.code == 2
    assert r.err == (
        "wardleyml: error: cannot tell which format to write to standard output; "
        "use --to owm|json|mermaid\n"
    )
    r = run_main(capsys, "convert", str(TEA_SHOP), "--to", "json")
    assert r.code == 0
    assert wm.WardleyMap.model_validate_json(r.out) == wm.load(TEA_SHOP)


def test_convert_unknown_extension(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path / "map.txt", "component A [0.5, 0.5]\n")
    r = run_main(capsys, "convert", str(path), "-o", str(tmp_path / "x.json"))
    assert r.code == 2
    assert r.err == (
        f"wardleyml: error: cannot tell the format of '{path}' from its extension; "
        "use --from owm|json|mermaid\n"
    )
    assert run_main(capsys, "convert", str(path), "--from", "owm", "--to", "json").code == 0


def test_convert_missing_input(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    r = run_main(capsys, "convert", str(tmp_path / "x.owm"), "-o", str(tmp_path / "x.json"))
    assert (r.code, r.err) == (2, f"wardleyml: error: no such file: {tmp_path / 'x.owm'}\n")
    assert files_below(tmp_path) == []


def test_convert_invalid_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.json", '{"elements": [{"kind": "component"}]}')
    r = run_main(capsys, "convert", str(bad), "-o", str(tmp_path / "out.owm"))
    assert r.code == 1
    assert (
        r.err == f"{bad}: error: not a wardleyml map: elements.0.component.name: Field required\n"
    )
    assert files_below(tmp_path) == ["bad.json"]


def test_convert_map_with_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    src = write(tmp_path / "err.owm", "component A [x, 0.5]\ncomponent B [0.2, 0.3]\n")
    out = tmp_path / "err.json"
    r = run_main(capsys, "convert", str(src), "-o", str(out))
    assert r.code == 1  # converted, but the map has problems
    assert f"{src}:1:14: error: 'x' is not a number" in r.err
    assert out.exists()
    out.unlink()
    r = run_main(capsys, "convert", "--strict", str(src), "-o", str(out))
    assert r.code == 1
    assert f"{src}: error: not converted: the map has errors (--strict)\n" in r.err
    assert not out.exists()


def test_script_convert_json(tmp_path: Path) -> None:
    r = run_script("convert", str(TEA_SHOP), "-o", "tea.json", cwd=tmp_path)
    assert (r.code, r.err) == (0, "wrote tea.json\n")
    assert wm.WardleyMap.model_validate_json((tmp_path / "tea.json").read_text()) == wm.load(
        TEA_SHOP
    )
