"""Writing outputs: atomically for regular files, directly for devices and pipes,
never over one of the files the command read.

- :func:`write_atomic` writes a regular file through a temporary file and a
  rename, so readers see the old file or the new one, never half. A path that
  is a FIFO or a character device (``/dev/stdout``, ``/dev/null``, a terminal)
  is written to directly instead: replacing it with a regular file would be
  wrong. A symbolic link is followed: its target is replaced, not the link.
- ``-`` as an output path means standard output (:func:`is_standard_output`).
- :func:`refuse_overwriting_inputs` is the check every command that writes
  files calls before writing: an output that is (or links to) one of the
  architecture's own files is refused with exit code 2.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ictarch.errors import IctarchError
from ictarch.i18n import _

STANDARD_OUTPUT = "-"


class OutputError(IctarchError):
    """An output cannot be written, or must not be (it is an input)."""


class OutputWriteError(OutputError):
    """An output file cannot be written (a full disk, a missing permission ...)."""


def is_standard_output(path: Path | str | None) -> bool:
    """Whether ``path`` is ``-``, the conventional name of standard output."""
    return path is not None and str(path) == STANDARD_OUTPUT


def _identity(path: Path) -> tuple[str, tuple[int, int] | None]:
    """The resolved path of ``path`` and its (device, inode) when it exists."""
    resolved = os.path.realpath(path)
    try:
        status = os.stat(resolved)
    except OSError:
        return resolved, None
    return resolved, (status.st_dev, status.st_ino)


def refuse_overwriting_inputs(outputs: Iterable[Path], inputs: Iterable[Path]) -> None:
    """Raise :class:`OutputError` when an output path is one of the input files.

    Paths are compared after resolving symbolic links, and by device and inode,
    so a link or a hard link to an input is caught too. ``-`` is never an input.
    """
    names: dict[str, Path] = {}
    inodes: dict[tuple[int, int], Path] = {}
    for path in inputs:
        resolved, inode = _identity(path)
        names[resolved] = path
        if inode is not None:
            inodes[inode] = path
    for output in outputs:
        if is_standard_output(output):
            continue
        resolved, inode = _identity(output)
        clash = names.get(resolved) or (inodes.get(inode) if inode is not None else None)
        if clash is not None:
            raise OutputError(
                _("refusing to write {output}: it is {input}, a file of the architecture").format(
                    output=output, input=_shown(clash)
                ),
                hint=_("choose another output path, e.g. one outside the architecture"),
            )


def _shown(path: Path) -> str:
    """``path`` relative to the working directory when it lies inside it."""
    relative = os.path.relpath(os.path.abspath(path))
    return path.as_posix() if relative.startswith("..") else Path(relative).as_posix()


def write_output(path: Path, content: str | bytes) -> None:
    """Write a report to ``path`` (``-``: standard output); OutputError when it fails."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        if is_standard_output(path):
            stream = sys.stdout.buffer if hasattr(sys.stdout, "buffer") else None
            if stream is None:  # a text-only stream (tests)
                sys.stdout.write(data.decode("utf-8"))
                sys.stdout.flush()
            else:
                sys.stdout.flush()
                stream.write(data)
                stream.flush()
            return
        write_atomic(path, data)
    except OSError as error:
        raise OutputWriteError(
            _("cannot write {path}: {reason}").format(path=path, reason=error.strerror or error)
        ) from error


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write ``content`` to ``path``: atomically when it is (or will be) a regular file.

    A FIFO, a character device or a socket is written to directly; a directory
    is an error (IsADirectoryError). Raises OSError when writing fails.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    except OSError:
        mode = None  # e.g. a broken link: the rename below replaces it
    if mode is not None and stat.S_ISDIR(mode):
        raise IsADirectoryError(21, os.strerror(21), str(path))
    if (mode is not None and not stat.S_ISREG(mode)) or _is_special_path(path):
        _write_directly(path, data)
        return
    if path.is_symlink() and mode is not None:
        path = Path(os.path.realpath(path))  # replace the target, keep the link
    directory = path.parent
    directory.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        if hasattr(os, "fchmod"):  # mkstemp makes the file private; outputs are not
            os.fchmod(handle, 0o666 & ~_umask())
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _is_special_path(path: Path) -> bool:
    """``/dev/stdout``, ``/dev/fd/1``, ``/proc/self/fd/1``...: a stream, even when it
    is redirected to a regular file (replacing that file would lose what the shell
    or an earlier command wrote to it)."""
    absolute = os.path.abspath(path)
    return absolute.startswith(("/dev/", "/proc/"))


def _write_directly(path: Path, data: bytes) -> None:
    """Write to a device or a pipe as it is: no temporary file, no rename."""
    with open(path, "wb", buffering=0) as stream:
        view = memoryview(data)
        while view:
            written = stream.write(view)
            if not written:
                raise OSError(28, os.strerror(28), str(path))
            view = view[written:]


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


class DirectoryAppeared(OutputError):
    """The output directory was made, or filled, by someone else while ictarch wrote."""


def swap_in_directory(staging: Path, directory: Path, *, replace: bool) -> None:
    """Put the finished ``staging`` directory in ``directory``'s place, atomically.

    With ``replace`` (the caller has checked that ``directory`` may be replaced: --force,
    or an earlier output of the same command), a non-empty ``directory`` is renamed
    aside, ``staging`` renamed in and the old content removed; if the second rename
    fails, the old directory is put back. Otherwise rename(2) alone takes the place of a
    missing or empty directory and fails on one that is not empty: a directory made or
    filled by someone else since the caller's check is never moved aside or deleted
    (:class:`DirectoryAppeared`). ``staging`` must lie beside ``directory``.
    """
    if replace and directory.is_dir() and any(directory.iterdir()):
        old = Path(tempfile.mkdtemp(prefix=f".{directory.name}.old.", dir=staging.parent))
        old.rmdir()
        os.rename(directory, old)
        try:
            os.rename(staging, directory)
        except OSError:
            os.rename(old, directory)
            raise
        shutil.rmtree(old, ignore_errors=True)
        return
    try:
        os.rename(staging, directory)
    except OSError as error:
        if error.errno in (errno.ENOTEMPTY, errno.EEXIST):
            raise DirectoryAppeared(
                _(
                    "{directory} was made or filled by someone else meanwhile; nothing was written"
                ).format(directory=directory),
                hint=_("choose a new directory, or run the command again"),
            ) from None
        raise


def write_directory(files: dict[str, str | bytes], directory: Path, *, replace: bool) -> None:
    """Write ``files`` (relative POSIX path -> content) as the whole content of
    ``directory``: into a temporary directory beside it, which then takes its place
    (:func:`swap_in_directory`: with ``replace`` a non-empty one is replaced, without it
    a directory filled meanwhile is left alone). The caller has checked that the
    directory may be written; :class:`OutputWriteError` when writing fails."""
    parent = directory.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", dir=parent))
    except OSError as error:
        raise OutputWriteError(
            _("cannot write {path}: {reason}").format(path=parent, reason=error.strerror or error)
        ) from error
    try:
        for relative, content in sorted(files.items()):
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        os.chmod(staging, 0o777 & ~_umask())  # mkdtemp makes it private; outputs are not
        swap_in_directory(staging, directory, replace=replace)
    except DirectoryAppeared:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputWriteError(
            _("cannot write {path}: {reason}").format(
                path=directory, reason=error.strerror or error
            )
        ) from error
