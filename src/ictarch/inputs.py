"""Reading the outside world: one resolver of paths and one reader of input files.

Every kind of input that is not an architecture's YAML (whose reader, in
``model/yamlsource.py``, turns the same problems into located findings) comes in
through here: baselines, import sources and mapping files, the files of an output
directory that ``--check`` compares, framework catalogues. So every command
answers the same way to the same hostile path:

- a loop of symbolic links (``loop -> loop``) is an :class:`InputError` (exit 2),
  never the ``RuntimeError`` that ``Path.resolve`` raises (:func:`resolve_path`);
- a FIFO, a device or a socket is refused before anything is read from it, and is
  opened without blocking, so ``/dev/zero`` or a FIFO with no writer cannot hang
  or exhaust memory (:func:`read_input`);
- a file is read only up to its limit: one byte more and it is refused, with the
  limit and the variable that raises it named in the message;
- a limit set in the environment (``ICTARCH_MAX_FILE_MB`` …) must be a positive,
  finite number, or the run stops saying so (:func:`limit_from_environment`).
"""

from __future__ import annotations

import errno
import math
import os
import stat
from pathlib import Path

from ictarch.errors import IctarchError
from ictarch.i18n import _, decimal

MEBIBYTE = 1024 * 1024
DEFAULT_MAX_FILE_BYTES = 64 * MEBIBYTE
"""The size limit of one input file (``ICTARCH_MAX_FILE_MB`` raises or lowers it)."""
FILE_LIMIT_VARIABLE = "ICTARCH_MAX_FILE_MB"


class InputError(IctarchError):
    """An input cannot be read, or must not be (a loop, a device, over a limit)."""


def limit_from_environment(variable: str, default: int, unit: int = 1) -> int:
    """``default``, or the value of ``variable`` times ``unit`` when it is set.

    The value is a positive number (``_`` may group digits; a decimal is allowed when
    ``unit`` is more than 1, as in ``ICTARCH_MAX_FILE_MB=0.5``). Anything else —
    ``inf``, ``nan``, ``-1``, ``1e400``, a word — is an :class:`InputError`: a limit
    silently ignored would be worse than none.
    """
    text = os.environ.get(variable, "").strip().replace("_", "")
    if not text:
        return default
    try:
        value = float(text) if unit > 1 else int(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0 or value * unit >= 2**62:
        raise InputError(
            _("{variable}={value!r} is not a limit: give a positive number").format(
                variable=variable, value=text[:40]
            ),
            hint=_("unset {variable} to use the default").format(variable=variable),
        )
    return max(1, int(value * unit))


def max_file_bytes() -> int:
    """The size limit of one input file, from ``ICTARCH_MAX_FILE_MB`` (MiB) or 64 MiB."""
    return limit_from_environment(FILE_LIMIT_VARIABLE, DEFAULT_MAX_FILE_BYTES, MEBIBYTE)


def is_link_loop(error: BaseException) -> bool:
    """Whether ``error`` says that a path is a loop of symbolic links."""
    if isinstance(error, OSError):
        return error.errno == errno.ELOOP
    return isinstance(error, RuntimeError) and "Symlink loop" in str(error)


def loop_error(path: Path | str) -> InputError:
    return InputError(
        _("{path} is a loop of symbolic links").format(path=path),
        hint=_("point the link at a real file or directory, or remove it"),
    )


def resolve_path(path: Path) -> Path:
    """``path`` made absolute with its symbolic links resolved; a loop is an InputError.

    Like ``Path.resolve()`` (a missing path is resolved as far as it exists), but the
    ``RuntimeError`` (Python 3.11, 3.12) or ``OSError`` (3.13) of a link loop becomes a
    message for the user.
    """
    try:
        return path.resolve()
    except (RuntimeError, OSError) as error:
        if is_link_loop(error):
            raise loop_error(path) from None
        raise InputError(
            _("cannot read {path}: {reason}").format(
                path=path, reason=getattr(error, "strerror", None) or error
            )
        ) from None


def resolve_or_none(path: Path) -> Path | None:
    """``path`` resolved, or None when it is a loop of links (the caller reports it)."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):
        return None


def _kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return _("a directory")
    if stat.S_ISFIFO(mode):
        return _("a named pipe")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("a device")
    if stat.S_ISSOCK(mode):
        return _("a socket")
    return _("not a regular file")


def size_limit_error(path: Path | str, size: int, limit: int, variable: str) -> InputError:
    return InputError(
        _("{path} is {size} MiB, over the limit of {limit} MiB").format(
            path=path, size=decimal(size / MEBIBYTE), limit=decimal(limit / MEBIBYTE, 1)
        ),
        hint=_(
            "raise the limit with {variable} (in MiB) if the file is genuinely this large"
        ).format(variable=variable),
    )


def read_input(
    path: Path,
    *,
    limit: int | None = None,
    variable: str = FILE_LIMIT_VARIABLE,
    follow_links: bool = True,
    shown: str | None = None,
) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    Refused with an :class:`InputError`: a missing or unreadable file, a loop of links
    (and, with ``follow_links=False``, any symbolic link), a directory, FIFO, device or
    socket (opened without blocking and never read), and a file over ``limit`` bytes
    (by default :func:`max_file_bytes`) — checked on its size and again while reading,
    so a file that grows meanwhile is refused too.
    """
    name = shown if shown is not None else str(path)
    limit = max_file_bytes() if limit is None else limit
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    if not follow_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        if is_link_loop(error):
            if not follow_links and os.path.islink(path):
                raise InputError(
                    _("{path} is a symbolic link; it is not followed here").format(path=name)
                ) from None
            raise loop_error(name) from None
        raise InputError(
            _("cannot read {path}: {reason}").format(path=name, reason=error.strerror or error)
        ) from None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise InputError(
                _("{path} is {kind}, not a file that can be read").format(
                    path=name, kind=_kind_of(status.st_mode)
                )
            )
        if status.st_size > limit:
            raise size_limit_error(name, status.st_size, limit, variable)
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(descriptor, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise size_limit_error(name, total, limit, variable)
        return b"".join(chunks)
    except OSError as error:
        raise InputError(
            _("cannot read {path}: {reason}").format(path=name, reason=error.strerror or error)
        ) from None
    finally:
        os.close(descriptor)


def nesting_exceeds(value: object, limit: int) -> bool:
    """Whether the parsed JSON or YAML ``value`` nests lists and mappings more than
    ``limit`` deep: an iterative walk, so a value nested thousands deep is measured
    without the RecursionError that any recursive walk of it (dumping it as YAML,
    checking it against a schema) would meet."""
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: list[object] = [*item.keys(), *item.values()]
        elif isinstance(item, list | tuple):
            children = list(item)
        else:
            continue
        if depth + 1 > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def differs_from(path: Path, content: bytes) -> str | None:
    """``"missing"`` or ``"stale"`` when the file at ``path`` is not ``content``, else None.

    What ``--check`` asks of each file in an output directory: the file is read only
    up to one byte more than ``content`` (a larger file is stale without being read
    whole), a symbolic link is not followed and a FIFO or device is not opened for
    reading (both are stale: a command writes regular files).
    """
    if not os.path.lexists(path):
        return "missing"
    try:
        current = read_input(path, limit=len(content), follow_links=False)
    except InputError:
        return "stale"
    return None if current == content else "stale"
