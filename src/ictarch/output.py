"""Writing outputs atomically: readers see the old file or the new one, never half."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ictarch.errors import IctarchError
from ictarch.i18n import _


class OutputWriteError(IctarchError):
    """An output file cannot be written (a full disk, a missing permission ...)."""


def write_output(path: Path, content: str | bytes) -> None:
    """:func:`write_atomic`, with a failure reported as :class:`OutputWriteError`."""
    try:
        write_atomic(path, content)
    except OSError as error:
        raise OutputWriteError(
            _("cannot write {path}: {reason}").format(path=path, reason=error.strerror or error)
        ) from error


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write ``content`` to ``path`` through a temporary file and a rename."""
    data = content.encode("utf-8") if isinstance(content, str) else content
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


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
