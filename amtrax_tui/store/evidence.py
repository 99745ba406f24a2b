"""Evidence references: a certificate number, or a file whose SHA-256 proves it.

An evidence file is a regular file no larger than the site's limit: never a
folder, device, FIFO or socket, nothing under /proc or /sys, not the database
or one of its files, nothing in amtrax-tui's data folder. At a kiosk it is a
file directly inside the site's evidence folder, and a reference to anywhere
else gets one message, whether or not the path exists.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from amtrax_tui.ccp import FieldError, text_error
from amtrax_tui.ccp.validation import MAX_LENGTH
from amtrax_tui.config import EVIDENCE_MAX_MIB, Config
from amtrax_tui.store.db import database_file, default_path, is_database_status

MIB = 1 << 20
KIOSK_RULE = "at a kiosk, choose a file from the list or give a certificate number"
KIOSK_NO_FOLDER = "at a kiosk, give a certificate number (this kiosk has no evidence folder)"
DATABASE_FILE = "is the database, or one of its files"
_PATH_STARTS = ("/", "~", "./", "../")
_SYSTEM = (Path("/proc"), Path("/sys"))  # the kernel's files: endless, or changing as they are read
_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
}
_BLOCK = 1 << 20
# Opening never waits (for a FIFO put in the file's place after its check), follows no
# symbolic link (the path is resolved already) and takes no controlling terminal.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NOCTTY", 0)


class EvidenceRefused(FieldError):
    """An evidence file that breaks a rule (rather than one that cannot be read)."""

    def __init__(self, message: str):
        super().__init__("evidence", message)


class EvidenceAbsent(FieldError):
    """An evidence path that leads to no file on this machine."""

    def __init__(self, path: str):
        super().__init__("evidence", f"no such file: {path}")


@dataclass(frozen=True)
class EvidenceRules:
    """Which files may be evidence: the site's size limit, and at a kiosk its evidence folder."""

    max_bytes: int = EVIDENCE_MAX_MIB * MIB
    kiosk: bool = False
    folder: Path | None = None  # at a kiosk, the only folder evidence files may come from


DEFAULT_RULES = EvidenceRules()  # not a kiosk, the default size limit


def evidence_rules(config: Config, kiosk: bool, amt_id: str | None = None) -> EvidenceRules:
    """The site's rules; at a kiosk, evidence comes from the member's own folder,
    named by their AMT ID inside the site's evidence folder (none without either)."""
    folder = config.evidence_dir / amt_id if kiosk and config.evidence_dir and amt_id else None
    return EvidenceRules(int(config.evidence_max_mib * MIB), kiosk, folder)


def is_file_reference(ref: str) -> bool:
    """A path (it starts like one or holds a separator); anything else is a certificate number."""
    return ref.startswith(_PATH_STARTS) or os.sep in ref


def evidence_files(folder: Path) -> list[str]:
    """The names of the regular files directly inside `folder` (not links), to choose from at a kiosk."""
    try:
        with os.scandir(folder) as entries:
            return sorted(
                entry.name
                for entry in entries
                if entry.is_file(follow_symlinks=False)
                and not text_error("evidence", entry.name, MAX_LENGTH["evidence"])
            )
    except OSError:
        return []


def resolve_evidence(ref: str, rules: EvidenceRules) -> tuple[str, str | None]:
    """The reference as stored (a file as its absolute path) and the file's SHA-256."""
    ref = ref.strip()
    if not ref or not is_file_reference(ref):
        return ref, None
    try:
        path = evidence_file(ref, rules)
        return str(path), read_evidence(path, rules)
    except OSError as exc:
        raise _unreadable(exc) from None


def evidence_problem(ref: str, rules: EvidenceRules) -> str | None:
    """What is wrong with evidence `ref`, as far as the file's place and status tell
    without reading it (for a form's check as you type); None when nothing is."""
    ref = ref.strip()
    if not ref or not is_file_reference(ref):
        return None
    try:
        evidence_file(ref, rules)
    except FieldError as error:
        return error.message
    except OSError as exc:
        return _unreadable(exc).message
    return None


def evidence_file(ref: str, rules: EvidenceRules) -> Path:
    """The file `ref` names, absolute, if evidence may come from its place and its
    status says it may be read: nothing is opened. EvidenceRefused if not; OSError
    when it cannot be looked up (no such file, no permission)."""
    if error := text_error("evidence", ref, MAX_LENGTH["evidence"]):
        raise EvidenceRefused(error.message)
    path = _placed(ref, rules)
    _refuse(_status_problem(os.stat(path), rules))
    return path


def read_evidence(path: Path, rules: EvidenceRules, sink: Callable[[bytes], object] | None = None) -> str:
    """The SHA-256 of the file at `path` (as evidence_file gives it), each block also handed
    to `sink`. The open file's status is checked again, since another file may have taken
    its place, and it is read no further than the size limit. EvidenceRefused, or OSError."""
    with open(path, "rb", buffering=0, opener=_open) as handle:
        _refuse(_status_problem(os.fstat(handle.fileno()), rules))
        digest, size = hashlib.sha256(), 0
        while block := handle.read(min(_BLOCK, rules.max_bytes + 1 - size)):
            size += len(block)
            if size > rules.max_bytes:
                raise EvidenceRefused(f"grew past the {_size(rules.max_bytes)} limit for evidence files as it was read")
            digest.update(block)
            if sink is not None:
                sink(block)
    return digest.hexdigest()


def _placed(ref: str, rules: EvidenceRules) -> Path:
    """The absolute path `ref` names, refused where evidence may not come from. At a
    kiosk, a path outside the evidence folder is refused before anything is looked up."""
    if rules.kiosk:
        if rules.folder is None:
            raise EvidenceRefused(KIOSK_NO_FOLDER)
        folder = _resolved(rules.folder)
        if Path(ref).parent not in (rules.folder, folder):
            raise EvidenceRefused(KIOSK_RULE)
        path = _resolved(Path(ref))
        if path.parent != folder:  # a symbolic link in the folder, to somewhere else
            raise EvidenceRefused(KIOSK_RULE)
    else:
        path = _resolved(Path(ref))
    if any(path.is_relative_to(system) for system in _SYSTEM):
        raise EvidenceRefused("is a system file, not a document")
    data = _resolved(default_path().parent)
    if path.is_relative_to(data):
        raise EvidenceRefused(f"is in amtrax-tui's data folder {data}")
    database = database_file()
    if database is not None:
        database = _resolved(database)
        if path.parent == database.parent and path.name.startswith(database.name):
            raise EvidenceRefused(DATABASE_FILE)
    return path


def _resolved(path: Path) -> Path:
    try:
        return path.expanduser().resolve()
    except (OSError, RuntimeError) as exc:  # a loop of symbolic links, an unknown ~user
        raise EvidenceRefused(f"cannot be followed to a file ({exc})") from None


def _status_problem(status: os.stat_result, rules: EvidenceRules) -> str | None:
    if not stat.S_ISREG(status.st_mode):
        kind = _KINDS.get(stat.S_IFMT(status.st_mode))
        return f"is {kind}, not a regular file" if kind else "is not a regular file"
    if is_database_status(status):  # also through a hard link
        return DATABASE_FILE
    if status.st_size > rules.max_bytes:
        return f"is larger than the {_size(rules.max_bytes)} limit for evidence files"
    return None


def _refuse(problem: str | None) -> None:
    if problem:
        raise EvidenceRefused(problem)


def _open(path: str, flags: int) -> int:
    return os.open(path, flags | _OPEN_FLAGS)


def _size(limit: int) -> str:
    return f"{limit // MIB} MiB" if limit % MIB == 0 else f"{limit:,} bytes"


def _unreadable(exc: OSError) -> FieldError:
    if isinstance(exc, FileNotFoundError):
        return EvidenceAbsent(exc.filename)
    return FieldError("evidence", f"cannot read {exc.filename}: {exc.strerror or exc}")
