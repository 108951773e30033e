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
from collections.abc import Iterable
from pathlib import Path

from ictarch.site import SiteError, SiteFile

MANIFEST = ".ictarch-site"
_MANIFEST_HEADER = "# Written by ictarch site: the files of this site. Do not edit.\n"
MISSING = "missing"
STALE = "stale"
EXTRA = "extra"


def with_manifest(files: list[SiteFile]) -> list[SiteFile]:
    """``files`` and the manifest that lists them (itself included), sorted by path."""
    paths = sorted({file.path for file in files} | {MANIFEST})
    manifest = SiteFile(MANIFEST, (_MANIFEST_HEADER + "\n".join(paths) + "\n").encode("utf-8"))
    return sorted([*files, manifest], key=lambda file: file.path)


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


def compare_with_disk(files: Iterable[SiteFile], directory: Path) -> list[tuple[str, str]]:
    """(path, ``missing`` | ``stale`` | ``extra``) for every difference, sorted by path."""
    problems: list[tuple[str, str]] = []
    expected = set()
    for file in files:
        expected.add(file.path)
        try:
            current = (directory / file.path).read_bytes()
        except FileNotFoundError:
            problems.append((file.path, MISSING))
            continue
        except OSError:
            current = None
        if current != file.content:
            problems.append((file.path, STALE))
    if directory.is_dir():
        problems.extend((path, EXTRA) for path in _files_on_disk(directory) if path not in expected)
    return sorted(problems)


def write_site(files: list[SiteFile], directory: Path) -> bool:
    """Put the site (with its manifest, see :func:`with_manifest`) into ``directory``.

    Returns False when the directory already held exactly this site (nothing
    written). Raises SiteError when the directory holds files that are not
    an earlier site's, or cannot be written.
    """
    target = Path(os.path.realpath(directory))
    check_replaceable(directory)
    if target.exists() and not compare_with_disk(files, target):
        return False
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".new", dir=parent))
    except OSError as error:
        raise SiteError(f"cannot write {directory}: {error.strerror or error}") from error
    try:
        os.chmod(building, 0o777 & ~_umask())  # mkdtemp makes it private; a site is not
        for file in files:
            path = building / file.path
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(file.content)
        _swap_in(building, target)
    except OSError as error:
        raise SiteError(f"cannot write {directory}: {error.strerror or error}") from error
    finally:
        if building.exists():
            shutil.rmtree(building, ignore_errors=True)
    return True


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
