"""Writing files so that a crash, a full disk or a second writer never leaves
a half-written file under the name: a temporary file in the same folder,
flushed to disk, then renamed over the name in one step.

New files are readable by their owner only (they hold members' records), as
the database is.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

from amtrax_tui.ccp import FieldError
from amtrax_tui.store.db import is_database_file


class DestinationError(FieldError):
    """The file cannot be written where asked; nothing was written."""

    def __init__(self, message: str):
        super().__init__("output", message)


class DestinationExists(DestinationError):
    """The file exists and replacing it was not asked for."""

    def __init__(self, path: Path):
        super().__init__(f"{path} already exists")
        self.path = path


def absolute(path: str | Path) -> Path:
    """`path` with ~ expanded, made absolute (symbolic links left as they are)."""
    return Path(os.path.abspath(Path(path).expanduser()))


def confined_path(folder: str | Path, name: str) -> Path:
    """`name` inside `folder`, for a kiosk where nothing may be written elsewhere.

    `name` must be a plain file name: no folder part, no `..`, not hidden, no
    control characters; and not an existing symbolic link, which could lead
    out of the folder. The folder itself is resolved (the site may link it).
    Raises DestinationError saying which rule the name breaks.
    """
    if not name.strip():
        raise DestinationError("a file name is required")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        raise DestinationError(f"{name!r}: a file name may not contain control characters")
    if "/" in name or "\\" in name:
        raise DestinationError(f"{name!r}: give a file name only; files go into the export folder")
    if name.startswith("."):
        raise DestinationError(f"{name!r}: a file name may not start with a dot")
    if len(name.encode("utf-8")) > 255:
        raise DestinationError("a file name may be at most 255 bytes long")
    try:
        base = Path(folder).expanduser().resolve(strict=True)
    except OSError:
        raise DestinationError(f"the export folder {folder} does not exist") from None
    if not base.is_dir():
        raise DestinationError(f"the export folder {folder} is not a folder")
    path = base / name
    if path.is_symlink():  # (a link made later is replaced, not followed: see atomic_writer)
        raise DestinationError(f"{name!r} is a link in the export folder; choose another name")
    return path


def check_destination(path: str | Path, force: bool = False) -> Path:
    """The absolute path to write, or DestinationError saying why not. Every
    file written passes here, so this is where the database is kept safe."""
    path = absolute(path)
    if is_database_file(path):
        raise DestinationError(f"{path} is the database (or its -wal or -shm file); choose another file")
    folder = path.parent
    if not folder.exists():
        raise DestinationError(f"the folder {folder} does not exist")
    if not folder.is_dir():
        raise DestinationError(f"{folder} is not a folder")
    if path.is_dir():
        raise DestinationError(f"{path} is a folder")
    if path.exists() and not force:
        raise DestinationExists(path)
    return path


@contextmanager
def atomic_writer(path: str | Path, force: bool = False) -> Iterator[BinaryIO]:
    """A binary file to fill; it appears at `path` only if the block succeeds."""
    path = check_destination(path, force)
    try:
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    except OSError as exc:
        raise DestinationError(f"cannot write to the folder {path.parent}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if not force and path.exists():  # appeared while we wrote
            raise DestinationExists(path)
        os.replace(temp, path)
    except BaseException as exc:
        with suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise DestinationError(f"could not write {path}: {exc.strerror or exc}; nothing was written") from None
        raise
    _sync_folder(path.parent)


def write_atomic(path: str | Path, content: str | bytes, force: bool = False) -> Path:
    """Write `content` (text as UTF-8) to `path` atomically; the absolute path."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    with atomic_writer(path, force) as handle:
        handle.write(data)
    return absolute(path)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; not every system can open a folder."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
