"""ictarch lsp: the language server for editors, on standard input and output."""

from __future__ import annotations

from typing import Annotated

import typer

from ictarch import i18n
from ictarch.i18n import N_, _

SHORT = N_("Run the language server for editors (LSP over standard input and output).")
HELP = "\n\n".join(
    (
        SHORT,
        N_(
            "Editors start it themselves: diagnostics, completion, go to definition,\n"
            "references, hover, rename and quick fixes for every architecture of the\n"
            "workspace (docs/editors.md). Messages follow --lang, else ICTARCH_LANG,\n"
            "else the editor's language."
        ),
    )
)


def lsp(
    ctx: typer.Context,
    stdio: Annotated[
        bool,
        typer.Option(
            "--stdio", help=N_("Use standard input and output (the default)."), show_default=False
        ),
    ] = True,
) -> None:
    import gc
    import os
    import sys

    from ictarch.errors import IctarchError
    from ictarch.lsp.server import serve

    if sys.stdin is None or sys.stdout is None:  # `ictarch lsp <&-`: no channel to a client
        raise IctarchError(
            _("ictarch lsp talks to an editor over standard input and output; one is closed"),
            hint=_("start it from an editor's language client (docs/editors.md)"),
        )
    gc.enable()  # a long-lived process: the collector that main() pauses is needed again
    language = ctx.parent.params.get("lang") if ctx.parent is not None else None
    explicit = language or os.environ.get("ICTARCH_LANG")
    serve(explicit if explicit in i18n.LANGUAGES else None)
    # the server closed standard output when the client said exit: nothing is left to flush
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115
