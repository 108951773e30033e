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
from typing import Any

import typer

from ictarch import __version__, i18n
from ictarch.cli import (
    conformance_command,
    diff_command,
    export_command,
    import_command,
    init_command,
    lsp_command,
    render_command,
    resilience_commands,
    roadmap_command,
    rules_command,
    schema_command,
    site_command,
    validate_command,
)
from ictarch.cli.translation import TranslatedCommand, TranslatedGroup
from ictarch.i18n import N_, _


class _Commands(TranslatedGroup):
    """The root command group: turns :class:`~ictarch.errors.IctarchError` into exit 2.

    This is the one place where "the input or the environment is wrong" becomes
    a message on stderr (with its hint) and exit code 2; commands do not catch it.
    """

    def invoke(self, ctx: Any) -> Any:
        from ictarch.errors import IctarchError

        try:
            return super().invoke(ctx)
        except IctarchError as error:
            from ictarch.cli.errors import EXIT_USAGE, report_error

            report_error(error.message, error.hint)
            raise typer.Exit(EXIT_USAGE) from None
        except OSError as error:  # writing the output failed: a full disk, a closed pipe
            from ictarch.cli.errors import EXIT_USAGE, report_error
            from ictarch.i18n import _

            _silence_standard_output()
            if isinstance(error, BrokenPipeError):  # `ictarch ... | head`: the reader is done
                raise typer.Exit(EXIT_USAGE) from None
            report_error(
                _("cannot write the output: {reason}").format(reason=error.strerror or error)
            )
            raise typer.Exit(EXIT_USAGE) from None


def _silence_standard_output() -> None:
    """Point standard output at /dev/null, so that flushing it at exit cannot fail again."""
    with contextlib.suppress(OSError, ValueError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)


app = typer.Typer(
    cls=_Commands,
    name="ictarch",
    help=N_(
        "Smart-city ICT architecture as code: validate, render, diff and analyse "
        "architectures kept as YAML in git."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ictarch {__version__}")
        raise typer.Exit(0)


def _language(value: str | None) -> str | None:
    if value is not None:
        if value not in i18n.LANGUAGES:
            raise typer.BadParameter(
                _("{value!r} is not a supported language; choose from {choices}").format(
                    value=value, choices=", ".join(i18n.LANGUAGES)
                )
            )
        i18n.set_language(value)
    return value


@app.callback()
def _root(
    version: bool = typer.Option(
        False,
        "--version",
        help=N_("Print the version and exit."),
        callback=_version,
        is_eager=True,
    ),
    lang: str | None = typer.Option(
        None,
        "--lang",
        help=N_(
            "Language of every human-readable output: vi or en "
            "(default: ICTARCH_LANG, else the locale, else en)."
        ),
        callback=_language,
        metavar="vi|en",
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
    (
        "conformance",
        conformance_command.conformance,
        conformance_command.HELP,
        conformance_command.SHORT,
    ),
    ("export", export_command.export, export_command.HELP, export_command.SHORT),
    ("import", import_command.import_, import_command.HELP, import_command.SHORT),
    ("roadmap", roadmap_command.roadmap, roadmap_command.HELP, roadmap_command.SHORT),
    ("site", site_command.site, site_command.HELP, site_command.SHORT),
    ("schema", schema_command.schema, schema_command.HELP, schema_command.SHORT),
    ("rules", rules_command.rules, rules_command.HELP, rules_command.SHORT),
    ("init", init_command.init, init_command.HELP, init_command.SHORT),
    ("lsp", lsp_command.lsp, lsp_command.HELP, lsp_command.SHORT),
)
for _name, _function, _help, _short in _COMMANDS:
    app.command(_name, help=_help, short_help=_short, cls=TranslatedCommand)(_function)


def main() -> None:
    """Entry point of the ``ictarch`` console script.

    The cyclic garbage collector is switched off for the life of the process:
    a command builds millions of small acyclic objects once and exits, and the
    collector's repeated passes over them cost 40-60 % more CPU on a
    10,000-element validate (benchmarks/README.md, "The cyclic garbage
    collector").

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
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader stopped reading: nothing to say
        _silence_standard_output()
        status = status or 2
    except (OSError, ValueError) as error:  # e.g. standard output is /dev/full
        reason = getattr(error, "strerror", None) or error
        with contextlib.suppress(OSError, ValueError):
            message = i18n._("cannot write the output: {reason}").format(reason=reason)
            sys.stderr.write(f"ictarch: error: {message}\n")
        status = 2
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
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
