import errno
import os
import stat
import tempfile

import pytest

from amtrax_tui.transcript import DestinationError, DestinationExists, write_atomic
from amtrax_tui.transcript.files import atomic_writer


def leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def test_writes_the_file_and_returns_its_absolute_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = write_atomic("out.txt", "Núñez\n")
    assert path == tmp_path / "out.txt"
    assert path.read_bytes() == "Núñez\n".encode("utf-8")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert leftovers(tmp_path) == []


def test_an_existing_file_is_not_replaced_without_force(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(DestinationExists) as caught:
        write_atomic(target, "new")
    assert caught.value.path == target
    assert str(caught.value) == f"output: {target} already exists"
    assert target.read_text() == "old"
    assert write_atomic(target, "new", force=True) == target
    assert target.read_text() == "new"


def test_a_failure_mid_write_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "out.txt"
    target.write_text("old transcript")

    def full_disk(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(DestinationError) as caught:
        write_atomic(target, "new transcript " * 1000, force=True)
    assert "No space left on device" in str(caught.value)
    assert "nothing was written" in str(caught.value)
    assert target.read_text() == "old transcript"
    assert leftovers(tmp_path) == []


def test_an_error_while_filling_the_file_leaves_nothing_behind(tmp_path):
    target = tmp_path / "packet.zip"
    with pytest.raises(RuntimeError), atomic_writer(target) as handle:
        handle.write(b"half a packet")
        raise RuntimeError("crash")
    assert not target.exists()
    assert leftovers(tmp_path) == []


def test_a_missing_folder_is_refused_and_nothing_is_created(tmp_path):
    with pytest.raises(DestinationError) as caught:
        write_atomic(tmp_path / "nowhere" / "out.txt", "x")
    assert str(caught.value) == f"output: the folder {tmp_path / 'nowhere'} does not exist"
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_is_a_file_or_a_target_that_is_a_folder_is_refused(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(DestinationError, match="is not a folder"):
        write_atomic(tmp_path / "file" / "out.txt", "x")
    with pytest.raises(DestinationError, match="is a folder"):
        write_atomic(tmp_path, "x", force=True)


def test_an_unwritable_folder_is_refused_with_the_reason(tmp_path, monkeypatch):
    # Permissions do not stop root, so the refusal the system gives is simulated.
    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(DestinationError) as caught:
        write_atomic(tmp_path / "out.txt", "x")
    assert str(caught.value) == f"output: cannot write to the folder {tmp_path}: Permission denied"
    assert list(tmp_path.iterdir()) == []
