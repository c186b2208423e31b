"""``wardleyml render``: outputs, formats, batches, and every error path."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from wardleyml.cli import Console

from .test_cli_support import CORPUS, TEA_SHOP, files_below, run_main, run_script, write

SMALL = "title Small\nanchor User [0.9, 0.5]\ncomponent Need [0.6, 0.4]\nUser->Need\n"
ERRORS = "title T\ncomponent A [x, 0.5]\ncomponent B [0.4, 0.3]\n"


def _is_svg(path: Path) -> bool:
    return path.read_bytes().startswith(b"<svg ")


def test_one_map_next_to_its_source(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    src = write(tmp_path / "small.owm", SMALL)
    r = run_main(capsys, "render", str(src))
    assert r.code == 0
    assert files_below(tmp_path) == ["small.owm", "small.svg"]
    assert _is_svg(tmp_path / "small.svg")
    assert r.err.startswith("drew 1 map into 1 file in ")


def test_folder_mirrors_into_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    maps = tmp_path / "maps"
    write(maps / "a.owm", SMALL)
    write(maps / "team" / "b.wm", SMALL)
    write(maps / ".git" / "c.owm", SMALL)
    out = tmp_path / "out"
    r = run_main(capsys, "render", str(maps), "-o", str(out), "--format", "svg,png")
    assert r.code == 0
    assert files_below(out) == ["a.png", "a.svg", "team/b.png", "team/b.svg"]
    assert (out / "a.png").read_bytes().startswith(b"\x89PNG")
    assert files_below(maps) == [".git/c.owm", "a.owm", "team/b.wm"]


def test_glob_mirrors_below_its_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    write(tmp_path / "maps" / "x" / "a.owm", SMALL)
    out = tmp_path / "out"
    r = run_main(capsys, "render", str(tmp_path / "maps" / "**" / "*.owm"), "-o", str(out))
    assert r.code == 0
    assert files_below(out) == ["x/a.svg"]


def test_pdf_and_repeated_format_option(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    src = write(tmp_path / "s.owm", SMALL)
    r = run_main(capsys, "render", str(src), "-o", str(tmp_path / "o"), "-f", "pdf", "-f", "svg")
    assert r.code == 0
    assert (tmp_path / "o" / "s.pdf").read_bytes().startswith(b"%PDF")
    assert _is_svg(tmp_path / "o" / "s.svg")


def test_single_output_file_and_stdout(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    src = write(tmp_path / "s.owm", SMALL)
    r = run_main(capsys, "render", str(src), "-o", str(tmp_path / "picture.png"), "--scale", "2")
    assert r.code == 0
    assert (tmp_path / "picture.png").read_bytes().startswith(b"\x89PNG")
    r = run_script("render", str(src), "-o", "-")
    assert r.code == 0
    assert r.out.startswith("<svg ")
    assert r.err == ""


def test_theme(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    src = write(tmp_path / "s.owm", SMALL)
    run_main(capsys, "render", str(src), "-o", str(tmp_path / "plain.svg"))
    run_main(capsys, "render", str(src), "--theme", "dark", "-o", str(tmp_path / "dark.svg"))
    assert (tmp_path / "plain.svg").read_bytes() != (tmp_path / "dark.svg").read_bytes()


def test_map_with_errors_is_drawn_and_reported(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    src = write(tmp_path / "err.owm", ERRORS)
    r = run_main(capsys, "render", str(src))
    assert r.code == 1
    assert _is_svg(tmp_path / "err.svg")
    assert r.err.startswith(
        f"{src}:2:14: error: 'x' is not a number\n"
        "  hint: coordinates are decimal numbers such as 0.45\n"
        "drew 1 map into 1 file in "
    )
    assert r.err.endswith("; 1 map with errors.\n")


def test_layout_warnings_are_printed_once_after_the_maps_own(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    src = write(
        tmp_path / "lonely.owm", SMALL + "component Lonely [0.3, 0.2]\ncomponent B [x, 1]\n"
    )
    r = run_main(capsys, "render", str(src), "-f", "svg,png", "-o", str(tmp_path / "out"))
    assert r.code == 1
    unreachable = "is not reached from any anchor: nothing on the value chain depends on it"
    assert r.err.startswith(
        f"{src}:6:14: error: 'x' is not a number\n"
        "  hint: coordinates are decimal numbers such as 0.45\n"
        f"{src}:5:1: warning: 'Lonely' {unreachable}\n"
        "  hint: link it from the component that needs it, or ignore this if it stands apart "
        "on purpose\n"
        f"{src}:6:1: warning: 'B' {unreachable}\n"
    )
    assert r.err.count("'Lonely' is not reached") == 1  # not once per format
    assert r.err.endswith("; 1 map with errors, 2 warnings.\n")


def test_layout_warnings_of_the_whole_map_name_its_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    crowd = "".join(f"component Component number {i} [0.5, 0.5]\n" for i in range(30))
    src = write(tmp_path / "crowd.owm", "title Crowd\nsize [200, 150]\n" + crowd)
    r = run_main(capsys, "render", str(src))
    assert r.code == 0
    assert r.err.startswith(
        f"{src}:0:1: warning: the labels need more room than the map has; they are left "
        "where OWM puts them and many overlap\n"
        "  hint: make the map larger with size [width, height]\n"
        "drew 1 map into 1 file in "
    )
    assert r.err.endswith("; 1 warning.\n")


def test_strict_refuses_a_map_with_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    src = write(tmp_path / "err.owm", ERRORS)
    r = run_main(capsys, "render", "--strict", str(src))
    assert r.code == 1
    assert f"{src}: error: not drawn: the map has errors (--strict)\n" in r.err
    assert r.err.endswith("nothing drawn: 1 map could not be drawn.\n")
    assert files_below(tmp_path) == ["err.owm"]


def test_missing_file_writes_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    good = write(tmp_path / "good.owm", SMALL)
    r = run_main(capsys, "render", str(good), str(tmp_path / "missing.owm"))
    assert r.code == 2
    assert r.err == f"wardleyml: error: no such file or folder: {tmp_path / 'missing.owm'}\n"
    assert files_below(tmp_path) == ["good.owm"]


def test_unreadable_file_writes_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    src = tmp_path / "latin.owm"
    src.write_bytes("title Café\n".encode("latin-1"))
    r = run_main(capsys, "render", str(src), "-o", str(tmp_path / "out"))
    assert r.code == 1
    assert r.err == (
        f"{src}: error: it is not UTF-8 text (byte 10 is 0xe9); save the file as UTF-8\n"
        "nothing drawn: 1 map could not be drawn.\n"
    )
    assert files_below(tmp_path) == ["latin.owm"]


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (
            ["--theme", "neon"],
            "unknown theme 'neon'; available: colour, dark, handwritten, plain, wardley",
        ),
        (
            ["--format", "svg,gif"],
            "unknown format 'gif': no renderer writes 'gif'; available formats: pdf, png, svg",
        ),
        (["--scale", "0"], "argument --scale: must be a number above 0 and at most 20: '0'"),
    ],
)
def test_bad_options_are_usage_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, option: list[str], message: str
) -> None:
    src = write(tmp_path / "s.owm", SMALL)
    r = run_main(capsys, "render", str(src), *option)
    assert r.code == 2
    assert r.err.endswith(f"wardleyml: error: {message}\n")
    assert files_below(tmp_path) == ["s.owm"]


def test_output_below_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    src = write(tmp_path / "s.owm", SMALL)
    write(tmp_path / "afile", "")
    target = tmp_path / "afile" / "out"
    r = run_main(capsys, "render", str(src), "-o", str(target))
    assert r.code == 1
    assert f"{src}: error: cannot write {target / 's.svg'} (Not a directory)\n" in r.err
    assert files_below(tmp_path) == ["afile", "s.owm"]


def test_output_folder_not_writable(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Root may write anywhere, so the refusal is made by the file system call itself.
    import tempfile

    src = write(tmp_path / "s.owm", SMALL)
    out = tmp_path / "out"
    out.mkdir()

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    r = run_main(capsys, "render", str(src), "-o", str(out))
    assert r.code == 1
    assert f"{src}: error: cannot write {out / 's.svg'} (Permission denied)\n" in r.err
    assert files_below(tmp_path) == ["s.owm"]


def test_failure_after_drawing_leaves_no_partial_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    src = write(tmp_path / "s.owm", SMALL)

    def crash(a: str, b: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    r = run_main(capsys, "render", str(src), "-o", str(tmp_path / "out"))
    assert r.code == 1
    assert "(No space left on device)" in r.err
    assert files_below(tmp_path) == ["s.owm"]  # the temporary file was removed too


def test_a_folder_in_the_way_leaves_none_of_the_maps_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    src = write(tmp_path / "tea.owm", SMALL)
    out = tmp_path / "out"
    (out / "tea.png").mkdir(parents=True)
    r = run_main(capsys, "render", str(src), "--format", "svg,png", "-o", str(out))
    assert r.code == 1
    assert r.err == (
        f"{src}: error: cannot write {out / 'tea.png'} (a folder of that name is in the way)\n"
        "nothing drawn: 1 map could not be drawn.\n"
    )
    assert files_below(out) == []  # not tea.svg either
    assert (out / "tea.png").is_dir()


def test_a_failed_rename_takes_back_the_files_renamed_before(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    write(tmp_path / "maps" / "a.owm", SMALL)
    write(tmp_path / "maps" / "b.owm", SMALL)
    out = tmp_path / "out"
    write(out / "b.png", "an older picture, not taken back")
    real_replace = os.replace
    renames: list[str] = []

    def fail_on_b_png(src: str, dst: str) -> None:
        renames.append(Path(dst).name)
        if Path(dst).name == "b.png":
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", fail_on_b_png)
    r = run_main(
        capsys, "render", str(tmp_path / "maps"), "-f", "svg,png", "-o", str(out), "-j", "1"
    )
    assert r.code == 1
    assert f"cannot write {out / 'b.png'} (No space left on device)\n" in r.err
    assert renames == ["a.svg", "a.png", "b.svg", "b.png"]
    # a's files stay (another map); b.svg was renamed into place, then removed again.
    assert files_below(out) == ["a.png", "a.svg", "b.png"]
    assert (out / "b.png").read_text() == "an older picture, not taken back"
    assert r.err.endswith("; 1 map not drawn.\n")


@pytest.mark.parametrize("name", ["x.gif", "pictures.v2", "X.GIF"])
def test_output_with_an_unknown_extension_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    src = write(tmp_path / "s.owm", SMALL)
    target = tmp_path / name
    r = run_main(capsys, "render", str(src), "-o", str(target))
    assert r.code == 2
    suffix = target.suffix.lower()
    assert r.err == (
        f"wardleyml: error: -o {target}: no renderer writes {suffix} files; give a file "
        "ending in one of .pdf, .png, .svg, or a folder name without an extension\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.owm"]  # no folder either


def test_output_folders_with_dots_that_are_clearly_folders(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    src = write(tmp_path / "s.owm", SMALL)
    (tmp_path / "existing.gif").mkdir()
    assert run_main(capsys, "render", str(src), "-o", str(tmp_path / "existing.gif")).code == 0
    assert run_main(capsys, "render", str(src), "-o", f"{tmp_path / 'new.d'}/").code == 0
    assert run_main(capsys, "render", str(src), "-o", str(tmp_path / "plain")).code == 0
    assert files_below(tmp_path) == ["existing.gif/s.svg", "new.d/s.svg", "plain/s.svg", "s.owm"]


def test_output_file_takes_one_map(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    write(tmp_path / "a.owm", SMALL)
    write(tmp_path / "b.owm", SMALL)
    target = tmp_path / "out.png"
    r = run_main(capsys, "render", str(tmp_path), "-o", str(target))
    assert (r.code, r.err) == (
        2,
        f"wardleyml: error: -o {target} takes a single map; give a folder for several\n",
    )
    assert files_below(tmp_path) == ["a.owm", "b.owm"]


@pytest.mark.parametrize("scale", ["0", "-1", "nan", "inf", "20.5", "1e9"])
def test_bad_scale_is_a_usage_error_before_reading(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, scale: str
) -> None:
    # The map does not exist: the scale is refused before any path is looked at.
    r = run_main(capsys, "render", str(tmp_path / "missing.owm"), "-f", "png", "--scale", scale)
    assert r.code == 2
    assert r.err.endswith(
        f"wardleyml: error: argument --scale: must be a number above 0 and at most 20: {scale!r}\n"
    )


def test_largest_scale_is_accepted(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    src = write(tmp_path / "s.owm", SMALL)
    r = run_main(capsys, "render", str(src), "--scale", "20")
    assert r.code == 0, r.err
    assert _is_svg(tmp_path / "s.svg")


def test_a_png_too_large_is_a_map_problem_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    src = write(tmp_path / "poster.owm", "size [20000, 15000]\ncomponent A [0.5, 0.5]\n")
    r = run_main(capsys, "render", str(src), "-f", "svg,png", "-o", str(tmp_path / "out"))
    assert r.code == 1
    assert "poster.owm: error: not drawn: a PNG of 20105 x 15137 pixels is too large" in r.err
    assert "use a scale of at most 0.57" in r.err
    assert "Traceback" not in r.err
    # All or none: the SVG that could be drawn is not left alone either.
    out = tmp_path / "out"
    assert not out.exists() or not any(out.rglob("*"))


def test_scale_limit_is_the_renderers() -> None:
    from wardleyml import cli
    from wardleyml.renderers import base

    assert cli.MAX_SCALE == base.MAX_SCALE


class _TextRenderer:
    """A third-party renderer writing a format no built-in writes."""

    name = "test-text"
    formats = frozenset({"txt"})

    def render(self, scene: object, fmt: str, *, options: object = None) -> bytes:
        return b"a map as text\n"


@pytest.fixture
def text_renderer() -> Iterator[None]:
    from wardleyml.renderers import registry

    registry.register(_TextRenderer())
    try:
        yield
    finally:
        registry.unregister("test-text")


@pytest.mark.usefixtures("text_renderer")
def test_formats_of_a_registered_renderer(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    src = write(tmp_path / "s.owm", SMALL)
    r = run_main(capsys, "render", str(src), "-f", "svg,txt", "-o", str(tmp_path / "out"))
    assert r.code == 0, r.err
    assert (tmp_path / "out" / "s.txt").read_bytes() == b"a map as text\n"
    assert run_main(capsys, "render", str(src), "-o", str(tmp_path / "one.txt")).code == 0
    assert (tmp_path / "one.txt").read_bytes() == b"a map as text\n"
    r = run_main(capsys, "render", str(src), "-f", ",")
    assert r.err.endswith("error: --format needs at least one of pdf, png, svg, txt\n")
    r = run_main(capsys, "render", str(src), "-o", str(tmp_path / "x.gif"))
    assert "ending in one of .pdf, .png, .svg, .txt," in r.err


def test_two_inputs_for_one_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    write(tmp_path / "a.owm", SMALL)
    write(tmp_path / "a.wm", SMALL)
    r = run_main(capsys, "render", str(tmp_path), "-o", str(tmp_path / "out"))
    assert r.code == 2
    assert r.err == (
        f"wardleyml: error: {tmp_path / 'a.owm'} and {tmp_path / 'a.wm'} would both be "
        f"written to {tmp_path / 'out' / 'a.svg'}\n"
    )
    assert files_below(tmp_path) == ["a.owm", "a.wm"]


def test_stdout_takes_one_map(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    write(tmp_path / "a.owm", SMALL)
    write(tmp_path / "b.owm", SMALL)
    r = run_main(capsys, "render", str(tmp_path), "-o", "-")
    assert (r.code, r.err) == (
        2,
        "wardleyml: error: -o - takes a single map; give a folder for several\n",
    )


def test_batch_in_processes_matches_one_by_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    sources = sorted((CORPUS / "owm-examples").glob("*.owm"))[:12]
    maps = tmp_path / "maps"
    maps.mkdir()
    for s in sources:
        (maps / s.name).write_bytes(s.read_bytes())
    serial = run_main(capsys, "render", str(maps), "-o", str(tmp_path / "one"), "-j", "1")
    pooled = run_main(capsys, "render", str(maps), "-o", str(tmp_path / "pool"), "-j", "2")
    assert files_below(tmp_path / "one") == files_below(tmp_path / "pool")
    assert len(files_below(tmp_path / "pool")) == 12
    for name in files_below(tmp_path / "one"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "pool" / name).read_bytes()
    # Messages come in input order either way.
    assert serial.code == pooled.code
    assert serial.err.rsplit("drew", 1)[0] == pooled.err.rsplit("drew", 1)[0]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal() -> None:
    tty, pipe = _Terminal(), io.StringIO()
    for stream in (tty, pipe):
        console = Console(stdout=io.StringIO(), stderr=stream)
        with console.progress(5, "maps") as bar:
            for _ in range(5):
                bar.update()
    assert "0/5 [" in tty.getvalue()  # tqdm drew the bar (and cleared it at the end)
    assert tty.getvalue().endswith("\r")
    assert pipe.getvalue() == ""
    few = _Terminal()
    with Console(stdout=io.StringIO(), stderr=few).progress(3, "maps") as bar:
        bar.update(3)
    assert few.getvalue() == ""  # a few maps do not need a bar


def test_script_renders_the_tea_shop(tmp_path: Path) -> None:
    r = run_script("render", str(TEA_SHOP), "-o", str(tmp_path), "--format", "svg,png")
    assert r.code == 0, r.err
    assert files_below(tmp_path) == ["default-example-tea-shop.png", "default-example-tea-shop.svg"]
    assert "Traceback" not in r.err


def test_script_error_has_no_traceback(tmp_path: Path) -> None:
    r = run_script("render", "nothing.owm", cwd=tmp_path)
    assert (r.code, r.err) == (2, "wardleyml: error: no such file or folder: nothing.owm\n")


def _imported_after(argv: list[str], cwd: Path) -> set[str]:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from wardleyml.cli import main\n"
        f"code = main({argv!r})\n"
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))\n"
        "sys.exit(code)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    return set(proc.stdout.split())


RASTER = {"matplotlib", "networkx", "numpy", "PIL", "tqdm", "watchfiles", "IPython"}
HEAVY = RASTER | {"svgwrite"}


def test_svg_render_imports_nothing_heavy(tmp_path: Path) -> None:
    # Start-up time is the point: the SVG path must not pull in the raster stack, and
    # svgwrite (the SVG writer, slow to import) is loaded by an SVG render only.
    import subprocess
    import sys

    write(tmp_path / "s.owm", SMALL)
    svg_render = _imported_after(["render", "-q", "s.owm"], tmp_path)
    assert svg_render & RASTER == set()
    assert "svgwrite" in svg_render
    assert _imported_after(["check", "-q", "s.owm"], tmp_path) & HEAVY == set()
    assert "matplotlib" in _imported_after(["render", "-q", "s.owm", "-f", "png"], tmp_path)
    plain = subprocess.run(
        [sys.executable, "-c", "import sys, wardleyml; print(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert {m.split(".")[0] for m in plain} & HEAVY == set()


CROWDED = CORPUS / "real-world" / "ai-transport-logistics-competitor-compare-haberlah.owm"


@pytest.mark.parametrize(
    ("flag", "options"),
    [("--move-labels", {"move_explicit": True}), ("--owm-labels", {"labels": "owm"})],
)
def test_label_flags_are_the_layout_options(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, flag: str, options: dict[str, object]
) -> None:
    import wardleyml as wm

    m = wm.load(CROWDED)
    r = run_main(capsys, "render", str(CROWDED), "-o", str(tmp_path), flag)
    assert r.code == 0, r.err
    drawn = (tmp_path / f"{CROWDED.stem}.svg").read_bytes()
    assert drawn == wm.render(m, "svg", **options)
    # This map has explicit label offsets, so each flag changes the picture.
    assert drawn != wm.render(m, "svg")


def test_label_flags_exclude_each_other(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    src = write(tmp_path / "s.owm", SMALL)
    r = run_main(capsys, "render", str(src), "--move-labels", "--owm-labels")
    assert r.code == 2
    assert "argument --owm-labels: not allowed with argument --move-labels" in r.err
    assert files_below(tmp_path) == ["s.owm"]
