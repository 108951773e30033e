"""``ictarch lsp``: the language server, over stdio (pygls).

One server answers for every architecture of the editor's workspace folders. An
edit is checked after a short pause in typing (``DEBOUNCE_SECONDS``; a newer edit
cancels the wait): the edited file's own checks (YAML, schema) are published at
once, then the whole architecture's (references, structure, resilience,
conformance ...) right after, from the per-file records of
:mod:`ictarch.lsp.workspace`. Features answer from the last architecture in which
every file could be read, so a half-typed file keeps completion, hover and
navigation working.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
from collections.abc import Generator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, NamedTuple

import attrs
from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method
from pygls.uris import from_fs_path, to_fs_path

from ictarch import __version__, i18n
from ictarch.findings import Finding, Severity
from ictarch.lsp import features
from ictarch.lsp.features import Snapshot
from ictarch.lsp.units import Units
from ictarch.lsp.workspace import ArchitectureSession, CheckResult, Workspace
from ictarch.validation import CheckCancelled

DEBOUNCE_SECONDS = float(os.environ.get("ICTARCH_LSP_DEBOUNCE", "0.05"))
"""How long typing must pause before an edit is checked."""

logger = logging.getLogger(__name__)


def _path(uri: str) -> Path | None:
    path = to_fs_path(uri)
    return Path(path).resolve() if path else None


def prefer_code_points(params: lsp.InitializeParams) -> None:
    """Positions in characters (code points), the unit of the located values: UTF-32
    when the client offers it, else UTF-16 (the same for every character of
    Vietnamese, which are all in the Basic Multilingual Plane), never UTF-8."""
    general = params.capabilities.general
    if general is None or not general.position_encodings:
        return
    offered = list(general.position_encodings)
    for wanted in (lsp.PositionEncodingKind.Utf32, lsp.PositionEncodingKind.Utf16):
        if wanted in offered:
            general.position_encodings = [wanted]
            return
    general.position_encodings = None  # UTF-16, the protocol's default


class _Protocol(LanguageServerProtocol):
    """pygls's protocol, choosing the position encoding by :func:`prefer_code_points`."""

    @lsp_method(lsp.INITIALIZE)
    def lsp_initialize(
        self, params: lsp.InitializeParams
    ) -> Generator[Any, Any, lsp.InitializeResult]:
        prefer_code_points(params)
        return (yield from super().lsp_initialize(params))


class IctarchServer(LanguageServer):
    """The language server and what it keeps between requests."""

    def __init__(self, language: str | None) -> None:
        super().__init__("ictarch", __version__, protocol_cls=_Protocol)
        self.language = language  # --lang or ICTARCH_LANG; else the client's locale
        self.model = Workspace()
        self.snapshots: dict[Path, Snapshot] = {}  # root file -> last good snapshot
        self.pending: dict[Path, asyncio.Task[None]] = {}
        self.published: dict[Path, set[Path]] = {}  # root file -> files with diagnostics
        self.last_findings: dict[Path, list[Finding]] = {}  # file -> model's findings
        self.generation: dict[Path, int] = {}
        self.checker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ictarch-check")
        self.checks_done = 0
        self.sent: dict[Path, list[tuple[Finding, Severity, str]]] = {}  # what the client has

    # -- the checks ---------------------------------------------------------

    def _run_check(
        self, session: ArchitectureSession, generation: int, buffers: dict[Path, str]
    ) -> CheckResult | None:
        """In the checker thread: check the whole architecture; None when a newer edit
        came first."""
        root = session.root_file

        def superseded() -> bool:  # the first check always ends: features need a model
            return session.good is not None and generation != self.generation.get(root, 0)

        try:
            return session.check(buffers, stop=superseded)
        except CheckCancelled:
            return None

    def _snapshot(self, session: ArchitectureSession) -> Snapshot | None:
        """In the checker thread: what the features read of the last good check."""
        good = session.good
        if good is None or good.architecture is None:
            return None
        known = self.snapshots.get(session.root_file)
        if known is not None and known.result is good:
            return known
        return Snapshot.of(good.architecture, good, known)

    async def check_now(self, session: ArchitectureSession) -> None:
        """Check ``session`` in the checker thread, publish its diagnostics, then index
        it for the features."""
        root = session.root_file
        generation = self.generation.get(root, 0)
        loop = asyncio.get_running_loop()
        buffers = dict(self.model.buffers)  # the texts as they are now, for the thread
        result = await loop.run_in_executor(
            self.checker, self._run_check, session, generation, buffers
        )
        if result is None:
            return  # given up for a newer edit, whose check publishes
        if generation == self.generation.get(root, 0):  # else a newer edit's check publishes
            self._publish(session, result)
        elif root in self.snapshots:
            # a newer edit came: its check indexes the model, and the checker thread is
            # not kept from starting it (indexing 10,000 elements takes 0.2-0.3 s); the
            # features answer from the last index meanwhile
            return
        snapshot = await loop.run_in_executor(self.checker, self._snapshot, session)
        if snapshot is not None:
            self.snapshots[root] = snapshot
        self._settle_memory()

    def _settle_memory(self) -> None:
        """Keep the cyclic garbage collector off the model: what a check keeps (records,
        the model, its index) is moved out of its reach (``gc.freeze``), so that a
        collection during the next check does not walk millions of objects (15-30 % of
        a check at 10,000 elements). The model is acyclic and freed by reference
        counting when replaced; every 100 checks, a full collection runs first."""
        self.checks_done += 1
        if self.checks_done % 100 == 0:
            gc.unfreeze()
            gc.collect()
        gc.freeze()

    def _publish(self, session: ArchitectureSession, result: CheckResult) -> None:
        """Publish what changed, the files open in the editor first: an edit there can
        change the findings of thousands of elements elsewhere (what they need has
        changed), and converting those takes tens of milliseconds at 10,000 elements."""
        with_findings = set()
        buffers = self.model.buffers
        in_order = sorted(result.findings.items(), key=lambda item: item[0] not in buffers)
        for file, findings in in_order:
            if file not in result.files and not file.is_file():
                continue  # a bundled catalogue's finding: not a file of the workspace
            self.last_findings[file] = findings
            if findings:
                with_findings.add(file)
            self._send(file, findings, result.sources.get(file))
        for file in self.published.get(session.root_file, set()) - set(result.findings):
            self._send(file, [], None)
        self.published[session.root_file] = with_findings | set(result.findings)

    def _send(self, file: Path, findings: list[Finding], text: str | None) -> None:
        """Publish the diagnostics of ``file``, unless the client has exactly these."""
        content = [(f, f.severity, f.message) for f in findings]
        if self.sent.get(file) == content:
            return
        self.sent[file] = content
        if text is None:
            text = self.model.buffers.get(file)
        if text is None:
            try:
                text = file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                text = ""
        lines = text.split("\n")
        uri = from_fs_path(str(file)) or file.as_uri()
        diagnostics = [features.to_diagnostic(finding, lines) for finding in findings]
        units = self.units
        if units.utf16:
            units.lines_of = lambda of: lines if of == uri else self._lines_at(of)
            units.out(diagnostics, uri)
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics)
        )

    def schedule(self, session: ArchitectureSession, edited: Path | None) -> None:
        """Check ``session`` once typing pauses; a newer edit cancels the waiting check."""
        root = session.root_file
        self.generation[root] = self.generation.get(root, 0) + 1
        waiting = self.pending.get(root)
        if waiting is not None and not waiting.done():
            waiting.cancel()
        self.pending[root] = asyncio.ensure_future(self._debounced(session, edited))

    async def _debounced(self, session: ArchitectureSession, edited: Path | None) -> None:
        try:
            await asyncio.sleep(DEBOUNCE_SECONDS)
            if edited is not None and edited != session.root_file:
                await self._publish_file_checks(session, edited)
            await self.check_now(session)
        except asyncio.CancelledError:
            raise
        except Exception:  # a defect must not stop the server; the client is told
            logger.exception("checking %s failed", session.root_file)
            self.window_log_message(
                lsp.LogMessageParams(
                    lsp.MessageType.Error,
                    i18n._("ictarch could not check {path}; see the server's log").format(
                        path=session.root_file
                    ),
                )
            )

    async def _publish_file_checks(self, session: ArchitectureSession, file: Path) -> None:
        """The first answer to an edit: the file's own findings (YAML, schema), with the
        whole model's findings of the last check while the line count is unchanged."""
        text = self.model.buffers.get(file)
        if text is None:
            return
        loop = asyncio.get_running_loop()  # not on the event loop, nor behind a whole check
        own = await loop.run_in_executor(None, session.check_file, file, text)
        previous = self.last_findings.get(file, [])
        known_text = session.result.sources.get(file) if session.result else None
        if known_text is not None and known_text.count("\n") == text.count("\n"):
            own = own + [f for f in previous if f.code[3] not in "01"]
        self._send(file, sorted(own), text)

    async def request_at(self, uri: str, position: lsp.Position) -> _Request | None:
        """What a request about ``position`` in the document ``uri`` reads: the file, its
        architecture's snapshot once pending checks are done, the buffer's lines and the
        position in characters; None for a document outside every architecture (or not
        a file)."""
        path = _path(uri)
        if path is None:
            return None
        _session, snapshot = await self.settle(path)
        if snapshot is None:
            return None
        lines = self.lines(uri)
        return _Request(path, snapshot, lines, self.units.position_in(lines, position))

    async def settle(self, path: Path) -> tuple[ArchitectureSession | None, Snapshot | None]:
        """The architecture of ``path`` and its snapshot, once pending checks are done."""
        session = self.model.session_for(path)
        if session is None:
            return None, None
        waiting = self.pending.get(session.root_file)
        if waiting is not None and not waiting.done():
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.shield(waiting)
        if session.root_file not in self.snapshots and session.result is None:
            await self.check_now(session)
        return session, self.snapshots.get(session.root_file)

    def lines(self, uri: str) -> list[str]:
        return self.workspace.get_text_document(uri).source.split("\n")

    @property
    def units(self) -> Units:
        """Conversions to and from the client's position units (ictarch.lsp.units)."""
        encoding = getattr(self.workspace, "position_encoding", None)
        return Units(encoding != lsp.PositionEncodingKind.Utf32, self._lines_at)

    def _lines_at(self, uri: str) -> list[str] | None:
        """The lines of the document at ``uri``: the open buffer, else the file."""
        try:  # pygls finds the open buffer however the URI is quoted, else reads the file
            return str(self.workspace.get_text_document(uri).source).split("\n")
        except (OSError, UnicodeDecodeError, ValueError):
            return None

    def position(self, uri: str, position: lsp.Position) -> lsp.Position:
        """A request's position, in characters."""
        return self.units.position_in(self.lines(uri), position)


class _Request(NamedTuple):
    """What a request about a place in a document reads (:meth:`IctarchServer.request_at`)."""

    path: Path
    snapshot: Snapshot
    lines: list[str]
    position: lsp.Position  # in characters


def choose_language(server: IctarchServer, params: lsp.InitializeParams) -> None:
    """--lang (or ICTARCH_LANG) first, else the client's locale (``vi``, ``vi-VN`` ...)."""
    if server.language is not None:
        i18n.set_language(server.language)
        return
    locale = (params.locale or "").lower()
    if locale:
        i18n.set_language("vi" if locale.startswith("vi") else "en")


def build_server(language: str | None) -> IctarchServer:
    server = IctarchServer(language)

    @server.feature(lsp.INITIALIZE)
    def initialize(ls: IctarchServer, params: lsp.InitializeParams) -> None:
        choose_language(ls, params)
        folders = [f.uri for f in params.workspace_folders or []]
        if not folders and params.root_uri:
            folders = [params.root_uri]
        for uri in folders:
            path = _path(uri)
            if path is not None and path.is_dir():
                ls.model.add_folder(path)

    @server.feature(lsp.INITIALIZED)
    async def initialized(ls: IctarchServer, params: lsp.InitializedParams) -> None:
        for session in list(ls.model.sessions.values()):
            await ls.check_now(session)

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    async def folders_changed(
        ls: IctarchServer, params: lsp.DidChangeWorkspaceFoldersParams
    ) -> None:
        for folder in params.event.removed:
            path = _path(folder.uri)
            if path is None:
                continue
            for root in [root for root in ls.model.sessions if root.is_relative_to(path)]:
                del ls.model.sessions[root]
                ls.snapshots.pop(root, None)
                for file in ls.published.pop(root, set()):
                    ls._send(file, [], "")
        for folder in params.event.added:
            path = _path(folder.uri)
            if path is not None and path.is_dir():
                for session in ls.model.add_folder(path):
                    await ls.check_now(session)

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: IctarchServer, params: lsp.DidOpenTextDocumentParams) -> None:
        path = _path(params.text_document.uri)
        if path is None:
            return
        ls.model.buffers[path] = params.text_document.text
        session = ls.model.session_for(path)
        if session is not None:
            ls.schedule(session, None)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: IctarchServer, params: lsp.DidChangeTextDocumentParams) -> None:
        path = _path(params.text_document.uri)
        if path is None:
            return
        ls.model.buffers[path] = ls.workspace.get_text_document(params.text_document.uri).source
        for session in ls.model.sessions_of(path) or filter(None, [ls.model.session_for(path)]):
            ls.schedule(session, path)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: IctarchServer, params: lsp.DidSaveTextDocumentParams) -> None:
        path = _path(params.text_document.uri)
        if path is not None:
            for session in ls.model.sessions_of(path):
                ls.schedule(session, None)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: IctarchServer, params: lsp.DidCloseTextDocumentParams) -> None:
        path = _path(params.text_document.uri)
        if path is None:
            return
        ls.model.buffers.pop(path, None)  # the file on disk counts again
        for session in ls.model.sessions_of(path):
            ls.schedule(session, None)

    @server.feature(
        lsp.TEXT_DOCUMENT_COMPLETION,
        lsp.CompletionOptions(trigger_characters=[" ", "[", ",", "-", "."]),
    )
    async def completion(ls: IctarchServer, params: lsp.CompletionParams) -> lsp.CompletionList:
        path = _path(params.text_document.uri)
        snapshot = None
        if path is not None:
            session = ls.model.session_for(path)
            if session is not None:
                snapshot = ls.snapshots.get(session.root_file)
                if snapshot is None:
                    _session, snapshot = await ls.settle(path)
        models = [s.architecture for s in ls.snapshots.values()]
        uri = params.text_document.uri
        answer = features.completion(
            snapshot, models, ls.lines(uri), ls.position(uri, params.position)
        )
        return ls.units.out(answer, uri)

    @server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
    async def definition(ls: IctarchServer, params: lsp.DefinitionParams) -> lsp.Location | None:
        uri = params.text_document.uri
        at = await ls.request_at(uri, params.position)
        if at is None:
            return None
        return ls.units.out(features.definition(at.snapshot, at.lines, at.path, at.position), uri)

    @server.feature(lsp.TEXT_DOCUMENT_REFERENCES)
    async def references(ls: IctarchServer, params: lsp.ReferenceParams) -> list[lsp.Location]:
        uri = params.text_document.uri
        at = await ls.request_at(uri, params.position)
        if at is None:
            return []
        include = params.context.include_declaration
        answer = features.references(at.snapshot, at.lines, at.path, at.position, include)
        return ls.units.out(answer, uri)

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    async def hover(ls: IctarchServer, params: lsp.HoverParams) -> lsp.Hover | None:
        path = _path(params.text_document.uri)
        if path is None:
            return None
        _session, snapshot = await ls.settle(path)
        uri = params.text_document.uri
        answer = features.hover(snapshot, ls.lines(uri), path, ls.position(uri, params.position))
        return ls.units.out(answer, uri)

    @server.feature(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    async def document_symbol(
        ls: IctarchServer, params: lsp.DocumentSymbolParams
    ) -> list[lsp.DocumentSymbol]:
        path = _path(params.text_document.uri)
        if path is None:
            return []
        _session, snapshot = await ls.settle(path)
        if snapshot is None:
            return []
        answer = features.document_symbols(snapshot, path)
        return ls.units.out(answer, params.text_document.uri)

    @server.feature(lsp.WORKSPACE_SYMBOL)
    async def workspace_symbol(
        ls: IctarchServer, params: lsp.WorkspaceSymbolParams
    ) -> list[lsp.WorkspaceSymbol]:
        answer = features.workspace_symbols(list(ls.snapshots.values()), params.query)
        return ls.units.out(answer, None)

    @server.feature(lsp.TEXT_DOCUMENT_PREPARE_RENAME)
    async def prepare_rename(
        ls: IctarchServer, params: lsp.PrepareRenameParams
    ) -> lsp.PrepareRenamePlaceholder | None:
        uri = params.text_document.uri
        at = await ls.request_at(uri, params.position)
        if at is None:
            return None
        try:
            found = features.rename_target(at.snapshot, at.lines, at.path, at.position)
        except features.RenameRefused:
            return None
        answer = lsp.PrepareRenamePlaceholder(
            range=lsp.Range(
                lsp.Position(found.line, found.start), lsp.Position(found.line, found.end)
            ),
            placeholder=found.target,
        )
        return ls.units.out(answer, uri)

    @server.feature(lsp.TEXT_DOCUMENT_RENAME)
    async def rename(ls: IctarchServer, params: lsp.RenameParams) -> lsp.WorkspaceEdit | None:
        uri = params.text_document.uri
        at = await ls.request_at(uri, params.position)
        if at is None:
            return None
        try:
            found = features.rename_target(at.snapshot, at.lines, at.path, at.position)
            answer = features.rename(
                list(ls.snapshots.values()), at.snapshot, found, params.new_name
            )
            return ls.units.out(answer, uri)
        except features.RenameRefused as refused:
            raise JsonRpcInvalidParams(str(refused)) from None

    @server.feature(
        lsp.TEXT_DOCUMENT_CODE_ACTION,
        lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]),
    )
    async def code_action(ls: IctarchServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        path = _path(params.text_document.uri)
        if path is None:
            return []
        _session, snapshot = await ls.settle(path)
        uri = params.text_document.uri
        lines = ls.lines(uri)
        units = ls.units
        diagnostics = [
            attrs.evolve(d, range=units.range_in(lines, d.range))
            for d in params.context.diagnostics
            if d.source == features.SOURCE
        ]
        answer = features.code_actions(snapshot, lines, path, diagnostics)
        return units.out(answer, uri)

    return server


class _OneLineErrors(logging.Filter):
    """A message the client sent that is not JSON-RPC is logged as one line (what was
    wrong), not as a traceback: the client is told too (window/showMessage), and the
    server goes on reading."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith("pygls") and record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            record.msg = f"{record.getMessage()}: {type(error).__name__}: {error}"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        return True


def serve(language: str | None) -> None:
    """Run the language server on standard input and output until the client exits."""
    handler = logging.StreamHandler()  # standard error, as the client expects logs
    handler.addFilter(_OneLineErrors())
    handler.setFormatter(logging.Formatter("ictarch lsp: %(levelname)s: %(message)s"))
    logging.basicConfig(level=logging.WARNING, handlers=[handler])
    build_server(language).start_io()
