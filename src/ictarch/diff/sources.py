"""Where the two versions of a diff come from: a directory, a file, or ``REV:PATH``.

``REV:PATH`` reads PATH as it is in the git revision REV, without touching
the working tree, the index or any branch: ``git ls-tree`` lists the files and
``git cat-file --batch`` reads them into a temporary directory, which is
removed afterwards. Git runs in the repository that holds the current
directory. As in git, PATH is relative to the top of the repository, unless
it starts with ``./`` or ``../`` (then it is relative to the current
directory). A path that exists on disk is always a path, even if it holds a
``:``. Findings in a revision's files show as ``REV:PATH/file``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import posixpath
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ictarch.errors import IctarchError
from ictarch.i18n import _

MAX_REVISION_FILES = 20_000
MAX_REVISION_BYTES = 512 * 1024 * 1024
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")


class SourceError(IctarchError):
    """OLD or NEW cannot be read (a usage or I/O error, exit code 2)."""


@dataclass(frozen=True, slots=True)
class Source:
    """A version ready to load: ``path`` to give the loader, ``display_base`` for findings."""

    spec: str
    path: Path
    display_base: str | None = None


@dataclass(frozen=True, slots=True)
class GitRevisionSpec:
    revision: str
    path: str  # as written after the colon


def parse_revision_spec(spec: str, cwd: Path | None = None) -> GitRevisionSpec | None:
    """``REV:PATH`` split in two, or None when ``spec`` is a plain path.

    A spec that exists on disk, has no ``:``, or starts with a Windows drive
    letter is a path.
    """
    base = cwd or Path.cwd()
    if ":" not in spec or _WINDOWS_DRIVE.match(spec) or _exists(base / spec, spec):
        return None
    revision, _, path = spec.partition(":")
    return GitRevisionSpec(revision, path)


def _exists(path: Path, spec: str) -> bool:
    """Whether ``path`` exists; a name the system refuses (too long) is a SourceError."""
    try:
        path.stat()
    except FileNotFoundError:
        return path.is_symlink()
    except OSError as error:
        if error.errno in (errno.ENOTDIR, errno.ELOOP):
            return error.errno == errno.ELOOP
        shown = spec if len(spec) <= 80 else spec[:77] + "…"
        raise SourceError(
            _("{path}: {reason}").format(path=shown, reason=error.strerror or error)
        ) from None
    return True


@contextmanager
def open_source(spec: str, cwd: Path | None = None) -> Iterator[Source]:
    """The version named by ``spec``; a revision is extracted for the duration."""
    base = cwd or Path.cwd()
    revision = parse_revision_spec(spec, base)
    if revision is None:
        path = base / spec
        if not _exists(path, spec):
            raise SourceError(_("{path}: no such file or directory").format(path=spec))
        yield Source(spec, Path(spec) if cwd is None else path)
        return
    with tempfile.TemporaryDirectory(prefix="ictarch-diff-") as temporary:
        yield extract_revision(revision, base, Path(temporary), spec)


def extract_revision(
    revision: GitRevisionSpec, cwd: Path, destination: Path, spec: str | None = None
) -> Source:
    """Write the files of ``REV:PATH`` under ``destination``; the Source to load."""
    spec = spec or f"{revision.revision}:{revision.path}"
    if not revision.revision:
        raise SourceError(
            _("{spec}: no revision before ':' (write REV:PATH, e.g. {example})").format(
                spec=spec, example=f"HEAD:{spec[1:]}"
            )
        )
    if revision.revision.startswith("-"):
        raise SourceError(
            _("{spec}: {revision!r} is not a revision").format(
                spec=spec, revision=revision.revision
            )
        )
    git = _Git(cwd)
    what = _(
        "cannot read {spec!r} (no such file or directory) as the git revision REV:PATH"
    ).format(spec=spec)
    top = git.run("rev-parse", "--show-toplevel", what=what).strip()
    prefix = git.run("rev-parse", "--show-prefix", what=what).strip()
    path = _repository_path(revision.path, prefix, spec)
    git = _Git(Path(top))
    tree = f"{revision.revision}^{{tree}}"
    if git.try_run("rev-parse", "--verify", "--quiet", tree) is None:
        raise SourceError(
            _(
                "{spec}: unknown revision {revision!r} in {top} "
                "(try `git fetch` for a remote branch, or check its spelling)"
            ).format(spec=spec, revision=revision.revision, top=top)
        )
    object_name = f"{revision.revision}:{path}" if path else tree
    kind = git.try_run("cat-file", "-t", object_name)
    if kind is None:
        raise SourceError(
            _("{spec}: {path!r} does not exist in revision {revision!r}").format(
                spec=spec, path=path, revision=revision.revision
            )
        )
    kind = kind.strip()
    if kind == "blob":
        parent, _slash, name = path.rpartition("/")
        _write_tree(git, revision.revision, parent, parent, destination)  # its includes too
        display = f"{revision.revision}:{parent or '.'}"
        _refuse_escaping_root(destination / name, destination, spec)
        return Source(spec, destination / name, display)
    if kind != "tree":
        raise SourceError(
            _("{spec}: {path!r} is a {kind}, not a file or directory").format(
                spec=spec, path=path, kind=kind
            )
        )
    _write_tree(git, revision.revision, path, path, destination)
    display = f"{revision.revision}:{path or '.'}"
    for root_name in ("architecture.yaml", "architecture.yml"):
        _refuse_escaping_root(destination / root_name, destination, spec)
    return Source(spec, destination, display)


def _refuse_escaping_root(path: Path, destination: Path, spec: str) -> None:
    """Refuse a root file (or PATH itself) committed as a link that leads out of PATH.

    Git stores symbolic links as their target text; written back out, a link to
    ``/etc/...`` or ``../../..`` would make the loader read a file of this
    machine instead of the revision. Included files are checked by the loader
    (ICT007), which confines every file it reads to the architecture's directory.
    """
    if not path.is_symlink():
        return
    resolved = Path(os.path.realpath(path))
    if resolved.is_relative_to(destination.resolve()):
        return
    target = os.readlink(path)
    raise SourceError(
        _(
            "{spec}: {name} is a symbolic link to {target!r}, outside the architecture "
            "in the revision; refusing to read it"
        ).format(spec=spec, name=path.name, target=target)
    )


def _repository_path(path: str, prefix: str, spec: str) -> str:
    """PATH relative to the top of the repository, normalised with '/'."""
    path = path.replace("\\", "/")
    if path.startswith(("./", "../")) or path in (".", ".."):
        path = posixpath.join(prefix, path)
    normal = posixpath.normpath(path.lstrip("/")) if path.strip("/") else ""
    if normal == ".":
        normal = ""
    if normal == ".." or normal.startswith("../"):
        raise SourceError(
            _("{spec}: {path!r} is outside the git repository").format(spec=spec, path=path)
        )
    return normal


def _write_tree(git: _Git, revision: str, path: str, base: str, destination: Path) -> None:
    """Write every file of ``revision`` under ``path`` to ``destination``, relative to ``base``."""
    arguments = ["ls-tree", "-r", "-z", "-l", "--full-tree", revision]
    if path:
        arguments += ["--", path]
    listing = git.run(*arguments, what=_("cannot list {spec}").format(spec=f"{revision}:{path}"))
    entries: list[tuple[str, str, str]] = []  # mode, object id, relative path
    total = 0
    for record in listing.split("\0"):
        if not record:
            continue
        meta, _tab, name = record.partition("\t")
        mode, kind, object_id, size = meta.split(None, 3)
        if kind != "blob":
            continue  # submodules
        relative = name[len(base) + 1 :] if base else name
        if not relative or relative.startswith("/") or ".." in relative.split("/"):
            continue
        entries.append((mode, object_id, relative))
        total += int(size) if size.strip().isdigit() else 0
    if len(entries) > MAX_REVISION_FILES or total > MAX_REVISION_BYTES:
        raise SourceError(
            _(
                "{spec} holds {count} files, {size} MiB: too much to be an architecture; "
                "point PATH at the architecture's directory"
            ).format(spec=f"{revision}:{path}", count=len(entries), size=total // 1048576)
        )
    contents = git.read_blobs([object_id for _mode, object_id, _path in entries])
    for mode, object_id, relative in entries:
        target = destination.joinpath(*relative.split("/"))
        target.parent.mkdir(parents=True, exist_ok=True)
        data = contents[object_id]
        if mode == "120000":
            # without symbolic links (Windows), the loader reports what is missing
            with contextlib.suppress(OSError):
                os.symlink(data.decode("utf-8", "surrogateescape"), target)
            continue
        target.write_bytes(data)


class _Git:
    """Read-only git commands in one directory; errors become SourceError."""

    def __init__(self, directory: Path) -> None:
        executable = shutil.which("git")
        if executable is None:
            raise SourceError(
                _(
                    "git is not installed or not on PATH; it is needed to read REV:PATH "
                    "(install git, or give a directory instead)"
                )
            )
        self.executable = executable
        self.directory = directory
        self.environment = {
            **os.environ,
            "GIT_OPTIONAL_LOCKS": "0",
            "GIT_TERMINAL_PROMPT": "0",
            "LC_ALL": "C",
        }

    def _command(self, arguments: tuple[str, ...]) -> list[str]:
        return [
            self.executable,
            "-C",
            str(self.directory),
            "--literal-pathspecs",
            "--no-pager",
            *arguments,
        ]

    def _execute(
        self, arguments: tuple[str, ...], stdin: bytes | None = None
    ) -> subprocess.CompletedProcess[bytes]:
        try:
            return subprocess.run(
                self._command(arguments),
                input=stdin,
                capture_output=True,
                env=self.environment,
                check=False,
            )
        except OSError as error:
            raise SourceError(
                _("cannot run git: {reason}").format(reason=error.strerror or error)
            ) from error

    def run(self, *arguments: str, what: str) -> str:
        completed = self._execute(arguments)
        if completed.returncode != 0:
            message = completed.stderr.decode("utf-8", "replace").strip().splitlines()
            detail = message[0].removeprefix("fatal: ") if message else "git failed"
            if "not a git repository" in detail:
                detail = _("{directory} is not inside a git repository").format(
                    directory=self.directory
                )
            raise SourceError(_("{what}: {detail}").format(what=what, detail=detail))
        return completed.stdout.decode("utf-8", "surrogateescape")

    def try_run(self, *arguments: str) -> str | None:
        completed = self._execute(arguments)
        if completed.returncode != 0:
            return None
        return completed.stdout.decode("utf-8", "surrogateescape")

    def read_blobs(self, object_ids: list[str]) -> dict[str, bytes]:
        """The contents of the given blobs, read through one ``git cat-file --batch``."""
        unique = list(dict.fromkeys(object_ids))
        if not unique:
            return {}
        completed = self._execute(
            ("cat-file", "--batch"), "".join(f"{o}\n" for o in unique).encode()
        )
        if completed.returncode != 0:
            raise SourceError("cannot read files from git: git cat-file failed")
        output = completed.stdout
        contents: dict[str, bytes] = {}
        position = 0
        for object_id in unique:
            end = output.index(b"\n", position)
            header = output[position:end].decode("ascii", "replace").split()
            if len(header) != 3 or header[1] != "blob":
                raise SourceError(f"cannot read {object_id} from git: {' '.join(header)}")
            size = int(header[2])
            start = end + 1
            contents[object_id] = output[start : start + size]
            position = start + size + 1
        return contents
