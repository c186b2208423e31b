"""Writing files safely: whole or not at all."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

__all__ = ["WriteError", "target_of", "write_all_atomic", "write_atomic"]


def _umask() -> int:
    """The process's umask (reading it means setting it; put it straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def target_of(path: Path) -> Path:
    """Where writing ``path`` must go, refusing what a plain write would refuse.

    A symbolic link is followed, so the file it points to is replaced and the link
    kept. An existing file this process may not write raises ``PermissionError``:
    a rename needs only the folder's permission, which would replace a read-only file.
    """
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    if path.exists() and not path.is_dir() and not os.access(path, os.W_OK):
        raise PermissionError(errno.EACCES, "the file is read-only", str(path))
    return path


def _write_temporary(path: Path, data: bytes) -> str:
    """``data`` in a new temporary file beside ``path``, with ``path``'s future mode.

    Returns the temporary file's name; it is removed again if anything fails.
    """
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        # mkstemp makes the file private (0600); give it the mode a plainly created
        # file would have: the existing file's, or the default under the umask.
        try:
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
        os.chmod(tmp, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    The temporary file lives in the target's folder (a rename across file systems is
    not atomic) and is removed if anything fails, so readers see the old file or the
    new one, never a part.
    """
    path = target_of(path)
    tmp = _write_temporary(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class WriteError(OSError):
    """A file of :func:`write_all_atomic` could not be written.

    ``path`` is that file; ``errno``, ``strerror`` and ``__cause__`` are the
    underlying error's.
    """

    def __init__(self, path: Path, cause: OSError) -> None:
        super().__init__(cause.errno, cause.strerror or str(cause))
        self.path = path


def write_all_atomic(files: Sequence[tuple[Path, bytes]]) -> None:
    """Write several files all or none: every temporary file first, then the renames.

    If anything fails, the temporary files are removed and so are the files this call
    already renamed into place (a file they replaced is not brought back).

    Raises
    ------
    WriteError
        Naming the file that could not be written.
    """
    staged: list[tuple[str, Path]] = []
    renamed: list[Path] = []
    current = files[0][0] if files else Path(".")
    try:
        for given, data in files:
            current = given
            path = target_of(given)
            staged.append((_write_temporary(path, data), path))
        for tmp, path in staged:
            current = path
            os.replace(tmp, path)
            renamed.append(path)
    except BaseException as exc:
        done = set(renamed)
        for tmp, path in staged:
            with contextlib.suppress(OSError):
                os.unlink(path if path in done else tmp)
        if isinstance(exc, OSError):
            raise WriteError(current, exc) from exc
        raise
