"""Loading the two versions of a diff side by side, and sending back only what differs.

Loading and validating a version is most of the cost of a diff, so large
versions are loaded at the same time: the old one in a child process, the new
one here. Sending the whole old model back would cost almost half as much as
loading it, so the two processes exchange only what the diff needs:

1. each process loads and validates its version;
2. this process sends the child a digest of the :func:`content_key` of every
   new element (what the diff compares: every field but locations);
3. the child answers with its findings, its architecture without the elements,
   and its element definitions in order, each one either in full (it differs
   from the new element with its id, or there is none) or as its id alone;
4. here the old architecture is put together again, with the new version's
   element objects standing in for the old elements identical to them.

The old version's identical elements therefore carry the new version's
locations; the diff never reads them (findings, the only located output, are
computed by each process for its own version).

Should the child fail in any way but a version that cannot be loaded, the old
version is loaded here instead, so the outcome never depends on processes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import marshal
import multiprocessing
import sys
from multiprocessing.connection import Connection
from multiprocessing.context import ForkContext, SpawnContext
from typing import Any

from ictarch import i18n
from ictarch.diff.compare import content_key
from ictarch.diff.sources import Source, SourceError
from ictarch.diff.versions import LoadedVersion, validate_source
from ictarch.findings import Finding
from ictarch.model.architecture import Architecture, Element
from ictarch.model.parallel import exit_with_parent, serial_loading
from ictarch.model.yamlsource import Limits

Digests = dict[str, bytes]


@dataclasses.dataclass(slots=True)
class _OldVersion:
    """What the child sends back: enough to rebuild the old version here."""

    spec: str
    architecture: Architecture  # without its elements
    definitions: list[Element | str]  # an id stands for the identical new element
    findings: list[Finding]

    def assemble(self, new: Architecture) -> LoadedVersion:
        definitions = [
            new.elements[item] if isinstance(item, str) else item for item in self.definitions
        ]
        elements: dict[str, Element] = {}
        for element in definitions:
            elements.setdefault(element.id, element)
        architecture = dataclasses.replace(
            self.architecture, elements=elements, definitions=definitions
        )
        return LoadedVersion(self.spec, architecture, self.findings)


def content_digests(architecture: Architecture) -> Digests:
    """A 128-bit BLAKE2 digest of every element's content key, by id.

    Digests rather than the keys themselves: sending 10,000 keys through a pipe
    costs more than computing the digests on both sides at the same time. The
    key is written with marshal format 2, which depends only on the values
    (later formats also record which objects are shared). An element whose
    key cannot be written gets no digest, and so always counts as changed.
    """
    digests: Digests = {}
    for element_id, element in architecture.elements.items():
        with contextlib.suppress(ValueError):
            data = marshal.dumps(content_key(element), 2)
            digests[element_id] = hashlib.blake2b(data, digest_size=16).digest()
    return digests


def validate_side_by_side(
    old_source: Source, new_source: Source, limits: Limits | None
) -> tuple[LoadedVersion, LoadedVersion]:
    """The two versions, validated, as ``(old, new)`` (raises SourceError)."""
    context: ForkContext | SpawnContext = (
        multiprocessing.get_context("fork")
        if sys.platform.startswith("linux")
        else multiprocessing.get_context("spawn")
    )
    here, there = context.Pipe()
    child = context.Process(
        target=_load_old_version,
        args=(there, here, old_source, limits, i18n.current_language()),
        daemon=True,
    )
    try:
        child.start()
    except (OSError, ValueError, RuntimeError):
        here.close()
        there.close()
        return validate_source(old_source, limits), validate_source(new_source, limits)
    there.close()
    try:
        with serial_loading():  # the two processes already use both processors
            new = validate_source(new_source, limits)
        answer = _exchange(here, content_digests(new.architecture))
        if answer is not None and answer[0] == "source-error":
            raise SourceError(answer[1])
        if answer is not None and answer[0] == "ok":
            old = answer[1].assemble(new.architecture)
        else:
            old = validate_source(old_source, limits)
    finally:
        here.close()
        if child.is_alive():
            child.terminate()
        child.join()
    return old, new


def _exchange(connection: Connection, digests: Digests) -> tuple[str, Any] | None:
    """Send the new digests, receive the child's answer; None when the child failed.

    The child reads the digests before it answers, whatever its answer, so the
    two never wait on each other with full pipes.
    """
    with contextlib.suppress(OSError, ValueError):
        connection.send(digests)
    try:
        answer = connection.recv()
    except (OSError, EOFError, ValueError, TypeError, AttributeError, ImportError):
        return None
    return answer if isinstance(answer, tuple) and len(answer) == 2 else None


def _load_old_version(
    connection: Connection,
    parent_end: Connection,
    source: Source,
    limits: Limits | None,
    language: str = i18n.DEFAULT_LANGUAGE,
) -> None:
    """The child: load and validate the old version, then send what differs.

    ``language`` is the parent's: a spawned child (not Linux) does not inherit
    ``--lang``, and its findings' messages must read like the parent's.
    """
    i18n.set_language(language)
    parent_end.close()  # so that the parent's death ends a wait here
    exit_with_parent()
    try:
        with serial_loading():
            try:
                old: LoadedVersion | SourceError = validate_source(source, limits)
            except SourceError as error:
                old = error
        # Digests first (the parent makes its own meanwhile), then the parent's.
        digests = content_digests(old.architecture) if isinstance(old, LoadedVersion) else {}
        new_digests: Digests = connection.recv()
        if isinstance(old, SourceError):
            connection.send(("source-error", str(old)))
            return
        architecture = old.architecture
        first = {id(element) for element in architecture.elements.values()}
        definitions: list[Element | str] = [
            element.id
            if id(element) in first
            and element.id in digests
            and new_digests.get(element.id) == digests[element.id]
            else element
            for element in architecture.definitions
        ]
        stripped = dataclasses.replace(architecture, elements={}, definitions=[])
        connection.send(("ok", _OldVersion(old.spec, stripped, definitions, old.findings)))
    except (EOFError, OSError, KeyboardInterrupt):
        pass  # the parent gave up, or Ctrl-C: the parent reports, nobody listens here
    except Exception as error:  # anything else: the parent loads the old version itself
        with contextlib.suppress(Exception):  # a broken pipe, an unpicklable message
            connection.send(("error", repr(error)))
    finally:
        connection.close()
