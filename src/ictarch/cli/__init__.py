"""The ``ictarch`` command line. Each command lives in its own thin module.

Commands parse options, call the core, hand the result to a reporter and
return an exit code: 0 success, 1 findings (or changes) that fail the run,
2 usage or I/O errors. Heavy libraries are imported inside the commands so
that ``ictarch --help`` and ``--version`` start instantly.
"""

from __future__ import annotations

import gc

import typer

from ictarch import __version__
from ictarch.cli import (
    diff_command,
    init_command,
    render_command,
    resilience_commands,
    rules_command,
    schema_command,
    validate_command,
)

app = typer.Typer(
    name="ictarch",
    help="Smart-city ICT architecture as code: validate, render, diff and analyse "
    "architectures kept as YAML in git.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ictarch {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", help="Print the version and exit.", callback=_version, is_eager=True
    ),
) -> None:
    """Smart-city ICT architecture as code."""


app.command("validate", help=validate_command.HELP, short_help=validate_command.SHORT)(
    validate_command.validate
)
app.command("schema", help=schema_command.HELP, short_help=schema_command.SHORT)(
    schema_command.schema
)
app.command(
    "impact", help=resilience_commands.IMPACT_HELP, short_help=resilience_commands.IMPACT_SHORT
)(resilience_commands.impact)
app.command(
    "analyze", help=resilience_commands.ANALYZE_HELP, short_help=resilience_commands.ANALYZE_SHORT
)(resilience_commands.analyze)
app.command("rules", help=rules_command.HELP, short_help=rules_command.SHORT)(rules_command.rules)
app.command("diff", help=diff_command.HELP, short_help=diff_command.SHORT)(diff_command.diff)
app.command("render", help=render_command.HELP, short_help=render_command.SHORT)(
    render_command.render
)
app.command("init", help=init_command.HELP, short_help=init_command.SHORT)(init_command.init)


def main() -> None:
    """Entry point of the ``ictarch`` console script.

    The cyclic garbage collector is switched off for the life of the process:
    a command builds millions of small acyclic objects once and exits, and the
    collector's repeated passes over them cost more than the work itself
    (see benchmarks/README.md).
    """
    gc.disable()
    app()
