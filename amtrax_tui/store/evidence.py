"""Evidence references: a certificate number, or a file whose SHA-256 proves it."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from amtrax_tui.ccp import FieldError

_PATH_STARTS = ("/", "~", "./", "../")


def is_file_reference(ref: str) -> bool:
    """A path (it starts like one or holds a separator); anything else is a certificate number."""
    return ref.startswith(_PATH_STARTS) or os.sep in ref


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def resolve_evidence(ref: str) -> tuple[str, str | None]:
    """The reference as stored (a file as an absolute path) and the file's SHA-256."""
    ref = ref.strip()
    if not ref or not is_file_reference(ref):
        return ref, None
    try:
        path = Path(ref).expanduser().resolve()
        found = path.is_file()
    except (OSError, RuntimeError, ValueError):  # a name too long, ~nosuchuser, a NUL
        raise FieldError("evidence", "is not a file path this system can use") from None
    if not found:
        raise FieldError("evidence", f"no such file: {path}")
    try:
        return str(path), sha256_of(path)
    except OSError as exc:
        raise FieldError("evidence", f"cannot read {path}: {exc.strerror}") from None
