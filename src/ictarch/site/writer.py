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

import os
import secrets
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ictarch.site import SiteError, SiteFile

MANIFEST = ".ictarch-site"
_MANIFEST_HEADER = "# Written by ictarch site: the files of this site. Do not edit.\n"
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
            f"{directory} holds the architecture itself; writing the site there would replace it",
            hint="choose an output directory outside the architecture, e.g. out/site",
        )
    if target.is_relative_to(root) and not into_tree:
        raise SiteError(
            f"{directory} is inside the architecture's directory {architecture_root}",
            hint="choose an output directory outside it (e.g. out/site), or pass "
            "--force-into-tree to write there anyway",
        )


def check_replaceable(directory: Path) -> None:
    """Raise SiteError unless ``directory`` is missing, empty, or an earlier site
    holding only the files its manifest lists."""
    target = Path(os.path.realpath(directory))
    if not target.exists():
        return
    if not target.is_dir():
        raise SiteError(f"{directory} exists and is not a directory")
    present = _files_on_disk(target)
    listed = _manifest_paths(target) if present else set()
    foreign = [path for path in present if listed is None or path not in listed]
    if foreign:
        shown = ", ".join(foreign[:5]) + (" …" if len(foreign) > 5 else "")
        raise SiteError(
            f"{directory} is not empty and not a site written by ictarch "
            f"({len(foreign)} other file(s): {shown}); nothing was written",
            hint="choose a new or empty directory, or move those files away",
        )


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
    try:
        text = (directory / MANIFEST).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if not text.startswith(_MANIFEST_HEADER):
        return None
    return {line for line in text.splitlines()[1:] if line}


def _difference(file: SiteFile, directory: Path) -> str | None:
    try:
        current = (directory / file.path).read_bytes()
    except FileNotFoundError:
        return MISSING
    except OSError:
        return STALE
    return None if current == file.content else STALE


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
    target = Path(os.path.realpath(directory))
    check_replaceable(directory)
    existing = target.is_dir()
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".new", dir=parent))
    except OSError as error:
        raise SiteError(f"cannot write {directory}: {error.strerror or error}") from error
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
            _swap_in(building, target)
    except OSError as error:
        raise SiteError(f"cannot write {directory}: {error.strerror or error}") from error
    finally:
        if building.exists():
            shutil.rmtree(building, ignore_errors=True)
    return summary


def _swap_in(building: Path, target: Path) -> None:
    if not target.exists():
        os.rename(building, target)
        return
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
