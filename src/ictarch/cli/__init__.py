"""The ``ictarch`` command line. Each command lives in its own thin module.

Commands parse options, call the core, hand the result to a reporter and
return an exit code: 0 success, 1 findings (or changes) that fail the run,
2 usage or I/O errors. Heavy libraries are imported inside the commands so
that ``ictarch --help`` and ``--version`` start instantly.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys

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


# (name, command function, help, one-line help), in the order --help lists them
_COMMANDS = (
    ("validate", validate_command.validate, validate_command.HELP, validate_command.SHORT),
    ("render", render_command.render, render_command.HELP, render_command.SHORT),
    ("diff", diff_command.diff, diff_command.HELP, diff_command.SHORT),
    (
        "impact",
        resilience_commands.impact,
        resilience_commands.IMPACT_HELP,
        resilience_commands.IMPACT_SHORT,
    ),
    (
        "analyze",
        resilience_commands.analyze,
        resilience_commands.ANALYZE_HELP,
        resilience_commands.ANALYZE_SHORT,
    ),
    ("schema", schema_command.schema, schema_command.HELP, schema_command.SHORT),
    ("rules", rules_command.rules, rules_command.HELP, rules_command.SHORT),
    ("init", init_command.init, init_command.HELP, init_command.SHORT),
)
for _name, _function, _help, _short in _COMMANDS:
    app.command(_name, help=_help, short_help=_short)(_function)


def main() -> None:
    """Entry point of the ``ictarch`` console script.

    The cyclic garbage collector is switched off for the life of the process:
    a command builds millions of small acyclic objects once and exits, and the
    collector's repeated passes over them cost more than the work itself
    (see benchmarks/README.md).

    For the same reason the process ends with ``os._exit`` once the command is
    done and the standard streams are flushed: freeing the model object by
    object and tearing the interpreter down takes about 0.1 s on a
    10,000-element architecture, for nothing. Files are written and closed,
    and child processes joined, by the commands themselves.
    """
    gc.disable()
    try:
        app()
        status = 0
    except SystemExit as exit:
        status = _exit_status(exit.code)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(status)


def _exit_status(code: object) -> int:
    """What ``sys.exit(code)`` would make the exit status (a message is printed)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    with contextlib.suppress(OSError, ValueError):
        print(code, file=sys.stderr)
    return 1
