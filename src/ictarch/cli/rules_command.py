"""ictarch rules: the finding codes, their default severity, an example and the fix."""

from __future__ import annotations

from typing import Annotated

import typer

from ictarch.cli.errors import fail

SHORT = "List every finding code with its meaning, an example and how to fix it."
HELP = f"""{SHORT}

Severities can be changed per architecture in architecture.yaml, by code or name:
  rules: {{ICT402: off, layering-violation: warning}}
Loading problems (ICT0xx) cannot be changed.
"""


def rules(
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="text or markdown (the docs table).")
    ] = "text",
) -> None:
    from ictarch.i18n import _
    from ictarch.rules import ALL_RULES
    from ictarch.rules.documentation import rules_markdown

    if output_format == "markdown":
        typer.echo(rules_markdown(), nl=False)
        return
    if output_format != "text":
        fail(f"unknown format {output_format!r}; choose text or markdown")
    for rule in ALL_RULES.values():
        typer.echo(f"{rule.code}  {rule.severity.value:<8} {rule.name}: {_(rule.summary)}")
