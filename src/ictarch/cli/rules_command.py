"""ictarch rules: the finding codes, their default severity, an example and the fix."""

from __future__ import annotations

from typing import Annotated

import typer

from ictarch.cli.options import choice_option
from ictarch.i18n import N_
from ictarch.registry import lazy

SHORT = N_("List every finding code with its meaning, an example and how to fix it.")
HELP = "\n\n".join(
    (
        SHORT,
        N_(
            "Severities can be changed per architecture in architecture.yaml, by code or name:\n"
            "  rules: {ICT402: off, layering-violation: warning}\n"
            "Loading problems (ICT0xx) cannot be changed."
        ),
    )
)


RULES_FORMATS = {
    "text": lazy("ictarch.rules.documentation", "rules_text"),
    "markdown": lazy("ictarch.rules.documentation", "rules_markdown"),
}
"""What ``ictarch rules --format`` writes: each entry returns the whole text."""


def rules(
    output_format: Annotated[
        str,
        choice_option(
            RULES_FORMATS, "--format", "-f", help=N_("Output format (markdown: the docs table).")
        ),
    ] = "text",
) -> None:
    typer.echo(RULES_FORMATS[output_format](), nl=False)
