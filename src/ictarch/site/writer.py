"""Writing a site into its directory all at once, and checking that one is current.

The site is built in a new directory next to the destination and then moved
into place, so a reader (or a web server) sees the old site or the new one,
never half of one:

- the destination does not exist: the new directory is renamed to it;
- it exists and holds an earlier site: the old one is renamed aside, the new one
  renamed in, and the old one removed (if the second rename fails, the old site
  is put back); a site identical to the one on disk is not rewritten;
- it exists and holds anything else: nothing is written. A site carries a
  manifest (``.ictarch-site``, the list of its files); a directory is taken as
  an earlier site only when it is empty or every file in it is listed in its
  manifest, so replacing it never deletes a file that ictarch did not write.

:func:`check_destination` refuses a destination inside the architecture's own
directory (unless asked) and always one that holds the architecture.
"""

from __future__ import annotations

import errno
import itertools
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ictarch.i18n import _
from ictarch.inputs import InputError, differs_from, read_input, resolve_path
from ictarch.site import SiteError, SiteFile

MANIFEST = ".ictarch-site"
_MANIFEST_HEADER = "# Written by ictarch site: the files of this site. Do not edit.\n"
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
MISSING = "missing"
STALE = "stale"
EXTRA = "extra"


@dataclass(slots=True)
class SiteSummary:
    """What a site holds (its manifest included), and whether writing it changed anything."""

    files: int = 0
    pages: int = 0
    size: int = 0
    changed: bool = False

    def add(self, file: SiteFile) -> None:
        self.files += 1
        self.pages += file.path.endswith(".html")
        self.size += len(file.content)


def manifest(paths: Iterable[str]) -> SiteFile:
    """The manifest of a site of these files: their sorted paths, its own included."""
    listed = sorted({*paths, MANIFEST})
    return SiteFile(MANIFEST, (_MANIFEST_HEADER + "\n".join(listed) + "\n").encode("utf-8"))


def _with_manifest(files: Iterable[SiteFile]) -> Iterator[SiteFile]:
    paths = []
    for file in files:
        paths.append(file.path)
        yield file
    yield manifest(paths)


def check_destination(directory: Path, architecture_root: Path, into_tree: bool) -> None:
    """Raise SiteError when ``directory`` holds the architecture, or lies inside its
    directory and ``into_tree`` is not set."""
    target = Path(os.path.realpath(directory))
    root = Path(os.path.realpath(architecture_root))
    if root == target or root.is_relative_to(target):
        raise SiteError(
            _(
                "{directory} holds the architecture itself; writing the site there would replace it"
            ).format(directory=directory),
            hint=_("choose an output directory outside the architecture, e.g. out/site"),
        )
    if target.is_relative_to(root) and not into_tree:
        raise SiteError(
            _("{directory} is inside the architecture's directory {root}").format(
                directory=directory, root=architecture_root
            ),
            hint=_(
                "choose an output directory outside it (e.g. out/site), or pass "
                "--force-into-tree to write there anyway"
            ),
        )


def check_replaceable(directory: Path) -> None:
    """Raise SiteError unless ``directory`` is missing, empty, or an earlier site
    holding only the files its manifest lists.

    A directory without ictarch's manifest is refused on its first entry, before
    anything is walked (``-o /usr`` answers at once); an earlier site is walked, and
    the walk stops at the sixth file its manifest does not list.
    """
    target = resolve_path(directory)
    if not target.exists():
        return
    if not target.is_dir():
        raise SiteError(_("{directory} exists and is not a directory").format(directory=directory))
    listed = _manifest_paths(target)
    if listed is None:
        with os.scandir(target) as entries:
            first = sorted(itertools.islice((entry.name for entry in entries), 6))
        foreign = first
    else:
        foreign = list(itertools.islice(_foreign_files(target, listed), 6))
    if foreign:
        shown = ", ".join(foreign[:5]) + (" …" if len(foreign) > 5 else "")
        raise SiteError(
            _(
                "{directory} is not empty and not a site written by ictarch (it holds "
                "{shown}); nothing was written"
            ).format(directory=directory, shown=shown),
            hint=_("choose a new or empty directory, or move those files away"),
        )


def _foreign_files(directory: Path, listed: set[str]) -> Iterator[str]:
    for parent, folders, names in os.walk(directory):
        folders.sort()
        base = Path(parent)
        for name in sorted(names):
            relative = (base / name).relative_to(directory).as_posix()
            if relative not in listed:
                yield relative
        for name in folders:
            if (base / name).is_symlink():
                relative = (base / name).relative_to(directory).as_posix()
                if relative not in listed:
                    yield relative


def _files_on_disk(directory: Path) -> list[str]:
    """Every file (and symbolic link) under ``directory``, as sorted relative paths."""
    found = []
    for parent, folders, names in os.walk(directory):
        folders.sort()
        base = Path(parent)
        for name in names:
            found.append((base / name).relative_to(directory).as_posix())
        for name in folders:
            if (base / name).is_symlink():
                found.append((base / name).relative_to(directory).as_posix())
    return sorted(found)


def _manifest_paths(directory: Path) -> set[str] | None:
    """The paths an earlier site's manifest lists, or None when there is none (a link,
    a FIFO or a device in its place is none: it is neither followed nor opened)."""
    try:
        data = read_input(directory / MANIFEST, limit=MAX_MANIFEST_BYTES, follow_links=False)
        text = data.decode("utf-8")
    except (InputError, UnicodeDecodeError):
        return None
    if not text.startswith(_MANIFEST_HEADER):
        return None
    return {line for line in text.splitlines()[1:] if line}


def _difference(file: SiteFile, directory: Path) -> str | None:
    difference = differs_from(directory / file.path, file.content)
    if difference is None:
        return None
    return MISSING if difference == "missing" else STALE


def check_site(
    files: Iterable[SiteFile], directory: Path
) -> tuple[list[tuple[str, str]], SiteSummary]:
    """(path, ``missing`` | ``stale`` | ``extra``) for every difference between the site
    (its manifest added) and ``directory``, sorted by path; and what the site holds."""
    summary = SiteSummary()
    problems: list[tuple[str, str]] = []
    expected = set()
    for file in _with_manifest(files):
        summary.add(file)
        expected.add(file.path)
        problem = _difference(file, directory)
        if problem is not None:
            problems.append((file.path, problem))
    if directory.is_dir():
        problems.extend((path, EXTRA) for path in _files_on_disk(directory) if path not in expected)
    return sorted(problems), summary


def write_site(files: Iterable[SiteFile], directory: Path) -> SiteSummary:
    """Write the site (its manifest added) into ``directory``, as the module says.

    Files are written into the new directory as they come, so the whole site is
    never held in memory; when it turns out identical to the site already in
    ``directory``, the new directory is dropped and nothing changes
    (``changed`` is False). Raises SiteError when the directory holds files
    that are not an earlier site's, or cannot be written.
    """
    target = resolve_path(directory)
    check_replaceable(directory)
    existing = target.is_dir()
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".new", dir=parent))
    except OSError as error:
        raise SiteError(
            _("cannot write {path}: {reason}").format(
                path=directory, reason=error.strerror or error
            )
        ) from error
    summary = SiteSummary()
    try:
        os.chmod(building, 0o777 & ~_umask())  # mkdtemp makes it private; a site is not
        folders: set[Path] = set()
        written: set[str] = set()
        for file in _with_manifest(files):
            summary.add(file)
            written.add(file.path)
            path = building / file.path
            if path.parent not in folders:
                path.parent.mkdir(parents=True, exist_ok=True)
                folders.add(path.parent)
            path.write_bytes(file.content)
            if existing and not summary.changed:
                summary.changed = _difference(file, target) is not None
        if existing and not summary.changed:
            summary.changed = set(_files_on_disk(target)) != written
        if summary.changed or not existing:
            summary.changed = True
            _swap_in(building, target, existing)
    except OSError as error:
        raise SiteError(
            _("cannot write {path}: {reason}").format(
                path=directory, reason=error.strerror or error
            )
        ) from error
    finally:
        if building.exists():
            shutil.rmtree(building, ignore_errors=True)
    return summary


def _swap_in(building: Path, target: Path, existing: bool) -> None:
    """Put the new site in ``target``'s place. Where there was no directory when the run
    started, rename(2) takes the place of a missing or empty one and fails on one that
    is not empty: a directory made meanwhile is never moved aside. An earlier site is
    checked again just before it is moved aside."""
    if not existing:
        try:
            os.rename(building, target)
        except OSError as error:
            if error.errno in (errno.ENOTEMPTY, errno.EEXIST):
                raise SiteError(
                    _(
                        "{directory} was created while the site was written; nothing was written"
                    ).format(directory=target),
                    hint=_("run the command again"),
                ) from None
            raise
        return
    check_replaceable(target)
    old = target.parent / f".{target.name}.{secrets.token_hex(6)}.old"
    os.rename(target, old)
    try:
        os.rename(building, target)
    except OSError:
        os.rename(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
