"""The result cache: per-file records and whole results on disk, safe to share.

Where: ``$ICTARCH_CACHE_DIR``, else ``$XDG_CACHE_HOME/ictarch``, else
``~/.cache/ictarch``. ``--no-cache`` (or ``ICTARCH_CACHE_DIR=off``) bypasses it.

What an entry is: one file ``<first two hex digits>/<key>.json`` holding a
header line (padded with spaces) and the payload (JSON written by
:mod:`ictarch.model.records`):

    {"key": "<key>", "sha256": "<hash of the payload>", "size": <payload bytes>}
    <payload>

The key (:func:`key_of`) is the SHA-256 of every input that can change the
entry: ictarch's version and a fingerprint of its installed code and data (so an
edited or upgraded ictarch never reads an older one's entries), the encoding's
version, the language of messages, the limits, and what the caller adds (a
file's bytes, its display name and the declared layers; or, for a whole result,
the hashes of all the inputs, the state and the day).

Why it is safe:

- nothing is ever unpickled or executed: payloads are JSON decoded into a
  closed set of classes (:mod:`ictarch.model.records`);
- an entry is used only when its header names the key asked for and the
  payload's length and SHA-256 match the header; anything else (truncated,
  garbage, another key, a decoding failure) is a miss, and the entry is
  rewritten by the run that misses;
- entries are written to a temporary file in the same directory and renamed
  over the old one (``os.replace``, atomic on POSIX and Windows): concurrent runs
  each see a whole old entry, a whole new one, or none;
- every error of the cache (unwritable directory, full disk, permissions) is
  swallowed: a cache never makes a run fail, it only makes it slower.

Size: at most :data:`MAX_BYTES` (``ICTARCH_CACHE_MB`` changes it). After a run
that wrote entries, when the total is over the bound, the least recently used
entries (by modification time; a hit touches its entry) are removed down to
three quarters of it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ictarch import __version__, i18n
from ictarch.model import records
from ictarch.model.yamlsource import Limits

if TYPE_CHECKING:
    from ictarch.model.loader import ElementFile

MAX_BYTES = 512 * 1024 * 1024
_HEADER_LIMIT = 512
_HEADER_SPACE = 200  # the header line, padded with spaces: {"key": ..., "sha256": ..., "size": ...}
_SLICE = 256  # items of a long list encoded at once
_fingerprint: str | None = None
_lock = threading.Lock()


def code_fingerprint() -> str:
    """ictarch's version plus the names, sizes and times of its installed files.

    An edited source file (a development install) or an upgrade changes it, so
    entries made by other code are never read. Computed once per process (a
    few milliseconds: one ``stat`` per file of the package).
    """
    global _fingerprint
    if _fingerprint is None:
        package = Path(__file__).resolve().parent.parent
        digest = hashlib.sha256(__version__.encode())
        for directory, names, files in sorted(os.walk(package)):
            names[:] = sorted(name for name in names if name != "__pycache__")
            for name in sorted(files):
                if name.endswith((".py", ".json", ".yaml", ".mo")):
                    info = os.stat(os.path.join(directory, name))
                    digest.update(f"{directory}/{name}:{info.st_size}:{info.st_mtime_ns}".encode())
        _fingerprint = digest.hexdigest()
    return _fingerprint


def key_of(kind: str, limits: Limits, *parts: Iterable[Any] | str | bytes) -> str:
    """The cache key of an entry of ``kind`` made from ``parts`` under the current settings."""
    digest = hashlib.sha256()
    for part in (kind, str(records.FORMAT), code_fingerprint(), i18n.catalog_identity(),
                 repr(limits), *parts):  # fmt: skip
        if isinstance(part, bytes):
            digest.update(hashlib.sha256(part).digest())
        elif isinstance(part, str):
            digest.update(part.encode("utf-8", "surrogatepass"))
        else:
            digest.update(json.dumps(list(part), ensure_ascii=False).encode())
        digest.update(b"\0")
    return digest.hexdigest()


def cache_directory() -> Path | None:
    """Where the cache lives, or None when it is switched off (``ICTARCH_CACHE_DIR=off``)."""
    configured = os.environ.get("ICTARCH_CACHE_DIR", "").strip()
    if configured:
        return None if configured.lower() in ("off", "0", "none") else Path(configured)
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    if xdg and Path(xdg).is_absolute():
        return Path(xdg) / "ictarch"
    return Path.home() / ".cache" / "ictarch"


def _pieces(value: Any, depth: int) -> Iterator[str]:
    """``value`` as JSON text, in pieces: the items of the top-level list one by one,
    the items of long lists below it a slice at a time."""
    if value.__class__ is list and (depth == 0 or len(value) > _SLICE):
        yield "["
        if depth == 0:
            for index, item in enumerate(value):
                if index:
                    yield ","
                yield from _pieces(item, depth + 1)
        else:
            for start in range(0, len(value), _SLICE):
                if start:
                    yield ","
                yield _dumps(value[start : start + _SLICE])[1:-1]
        yield "]"
    else:
        yield _dumps(value)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _bound() -> int:
    text = os.environ.get("ICTARCH_CACHE_MB", "").strip()
    return int(text) * 1024 * 1024 if text.isdigit() else MAX_BYTES


class ResultCache:
    """Entries on disk under ``directory``; every method swallows the cache's own errors."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.written = 0
        self.hits = 0
        self.misses = 0

    @classmethod
    def default(cls) -> ResultCache | None:
        directory = cache_directory()
        return None if directory is None else cls(directory)

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> Any | None:
        """The JSON value stored under ``key``, or None (missing or not trustworthy).

        The value is plain JSON: the caller decodes it (:mod:`ictarch.model.records`)
        and treats a failure to decode as a miss."""
        payload = self.get_bytes(key)
        try:
            return None if payload is None else json.loads(payload)
        except (ValueError, RecursionError, MemoryError):
            return None

    def get_bytes(self, key: str) -> bytes | None:
        """The payload stored under ``key`` as it was written, or None (missing or not
        trustworthy: see the module's docstring)."""
        path = self._path(key)
        try:
            with open(path, "rb") as file:
                header_line = file.readline(_HEADER_LIMIT)
                payload = file.read()
            header = json.loads(header_line)
            if (
                not isinstance(header, dict)
                or header.get("key") != key
                or header.get("size") != len(payload)
                or header.get("sha256") != hashlib.sha256(payload).hexdigest()
            ):
                raise ValueError("entry does not match its key")
        except (OSError, ValueError, RecursionError, MemoryError):
            self.misses += 1
            return None
        self.hits += 1
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: evicted last
        return payload

    def put(self, key: str, value: Any) -> None:
        """Store the JSON value ``value`` under ``key`` (atomically; silently not at all
        on any error).

        The payload is encoded and written piece by piece (long lists in slices),
        so that storing a large result never holds its whole text in memory; the
        header, which comes first, is written last into space kept for it.
        """
        self.put_bytes(key, (piece.encode("utf-8", "surrogatepass") for piece in _pieces(value, 0)))

    def put_bytes(self, key: str, pieces: Iterable[bytes]) -> None:
        """Store the payload made of ``pieces`` under ``key``, as :meth:`put` does."""
        path = self._path(key)
        temporary = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
            digest = hashlib.sha256()
            size = 0
            with os.fdopen(handle, "wb") as file:
                file.write(b" " * _HEADER_SPACE + b"\n")
                for data in pieces:
                    digest.update(data)
                    size += len(data)
                    file.write(data)
                header = json.dumps({"key": key, "sha256": digest.hexdigest(), "size": size})
                if len(header) > _HEADER_SPACE:
                    raise ValueError("key too long")
                file.seek(0)
                file.write(header.encode().ljust(_HEADER_SPACE))
            os.replace(temporary, path)
            temporary = None
            self.written += size
        except (OSError, TypeError, ValueError, RecursionError):
            pass
        finally:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)

    def evict(self) -> None:
        """Remove the least recently used entries when the cache is over its bound."""
        if not self.written:
            return
        with _lock, contextlib.suppress(OSError):
            entries: list[tuple[int, int, Path]] = []
            total = 0
            for sub in self.directory.iterdir():
                if not sub.is_dir():
                    continue
                for entry in sub.iterdir():
                    with contextlib.suppress(OSError):
                        info = entry.stat()
                        entries.append((info.st_mtime_ns, info.st_size, entry))
                        total += info.st_size
            bound = _bound()
            if total <= bound:
                return
            entries.sort()
            for _mtime, size, entry in entries:
                if total <= bound * 3 // 4:
                    break
                with contextlib.suppress(OSError):
                    entry.unlink()
                    total -= size


class Records:
    """A record store for the loader (:class:`~ictarch.model.loader.RecordStore`):
    records kept in memory (a long-running process), on disk (a :class:`ResultCache`),
    or both, memory first."""

    def __init__(self, disk: ResultCache | None = None, memory: bool = False) -> None:
        self.disk = disk
        self.memory: dict[str, ElementFile] | None = {} if memory else None

    def get_record(self, key: str, data: bytes) -> ElementFile | None:
        from ictarch.model.loader import ElementFile

        if self.memory is not None and key in self.memory:
            return self.memory[key]
        if self.disk is None:
            return None
        entry = self.disk.get(key)
        if entry is None:
            return None
        try:
            display, has_text, size, finding_rows, element_rows = entry
            if not (
                isinstance(display, str)
                and type(has_text) is bool
                and type(size) is int
                and size == len(data)
            ):
                return None
            findings = records.findings_from_rows(finding_rows)
            elements = records.elements_from_rows(element_rows, display)
            text = _text_of(data) if has_text else ""
        except (TypeError, ValueError, KeyError, IndexError, RecursionError):
            return None
        record = ElementFile(display, text, size, findings, elements)
        if self.memory is not None:
            self.memory[key] = record
        return record

    def put_record(self, key: str, record: ElementFile) -> None:
        if self.memory is not None:
            self.memory[key] = record
        if self.disk is not None:
            try:
                findings = records.findings_to_rows(record.findings)
                elements = records.elements_to_rows(record.elements, record.display)
            except (TypeError, ValueError, RecursionError):
                return  # a value with no JSON form: this record is not kept
            entry = [record.display, bool(record.text), record.size, findings, elements]
            self.disk.put(key, entry)

    def keep_only(self, keys: Iterable[str]) -> None:
        """Forget the records in memory but those of ``keys`` (the files in use)."""
        if self.memory is not None:
            wanted = set(keys)
            for key in [key for key in self.memory if key not in wanted]:
                del self.memory[key]


def _text_of(data: bytes) -> str:
    """A file's text as the loader decodes it (a UTF-8 BOM dropped); ValueError if not."""
    return data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
