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
            "With CODE (ictarch rules ICT306), show that rule in full: its meaning, an\n"
            "example of what triggers it and how to fix it."
        ),
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
    codes: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[CODE]...",
            help=N_(
                "Show these rules in full (code or name, e.g. ICT306 or "
                "critical-single-point-of-failure)."
            ),
        ),
    ] = None,
    output_format: Annotated[
        str,
        choice_option(
            RULES_FORMATS, "--format", "-f", help=N_("Output format (markdown: the docs table).")
        ),
    ] = "text",
) -> None:
    if not codes:
        typer.echo(RULES_FORMATS[output_format](), nl=False)
        return
    from ictarch.errors import IctarchError
    from ictarch.i18n import _
    from ictarch.model.schema import closest, with_suggestion
    from ictarch.rules import ALL_RULES, RULES_BY_NAME, find_rule
    from ictarch.rules.documentation import rule_text

    shown = []
    for code in codes:
        rule = find_rule(code.upper()) or find_rule(code)
        if rule is None:
            suggestion = closest(code.upper(), [*ALL_RULES, *RULES_BY_NAME])
            raise IctarchError(
                with_suggestion(_("no rule {code!r}").format(code=code), suggestion),
                hint=_("`ictarch rules` lists them all"),
            )
        shown.append(rule_text(rule))
    typer.echo("\n".join(shown), nl=False)
