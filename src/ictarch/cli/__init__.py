"""The ``ictarch`` command line. Each command lives in its own thin module.

Commands parse options, call the core, hand the result to a reporter and
return an exit code: 0 success, 1 findings (or changes) that fail the run,
2 usage or I/O errors. Heavy libraries are imported inside the commands so
that ``ictarch --help`` and ``--version`` start instantly.

Commands are registered lazily: :data:`_COMMANDS` is a table of names and
where each command lives, and a command's module is imported only when that
command runs (or its own ``--help`` is asked for). ``ictarch --help`` lists the
commands from the table without importing any of them, and ``--version``
imports none.

Adding a command is one line in :data:`_COMMANDS`::

    ("name", "name_command", "function", "HELP", "SHORT"),

where ``ictarch/cli/name_command.py`` defines the typer-style ``function`` and
the ``HELP`` (the help page) and ``SHORT`` (one line in ``ictarch --help``)
texts, marked with ``N_()``. Commands are listed in the table's order.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import io
import os
import sys
from typing import Any

import typer

from ictarch import __version__, i18n
from ictarch.cli.translation import TranslatedCommand, TranslatedGroup
from ictarch.i18n import N_, _

# (name, module in ictarch.cli, command function, help, one-line help), in the order
# --help lists them; see the module's docstring
_COMMANDS = (
    ("validate", "validate_command", "validate", "HELP", "SHORT"),
    ("render", "render_command", "render", "HELP", "SHORT"),
    ("diff", "diff_command", "diff", "HELP", "SHORT"),
    ("impact", "resilience_commands", "impact", "IMPACT_HELP", "IMPACT_SHORT"),
    ("analyze", "resilience_commands", "analyze", "ANALYZE_HELP", "ANALYZE_SHORT"),
    ("conformance", "conformance_command", "conformance", "HELP", "SHORT"),
    ("export", "export_command", "export", "HELP", "SHORT"),
    ("import", "import_command", "import_", "HELP", "SHORT"),
    ("roadmap", "roadmap_command", "roadmap", "HELP", "SHORT"),
    ("site", "site_command", "site", "HELP", "SHORT"),
    ("document", "document_command", "document", "HELP", "SHORT"),
    ("schema", "schema_command", "schema", "HELP", "SHORT"),
    ("rules", "rules_command", "rules", "HELP", "SHORT"),
    ("init", "init_command", "init", "HELP", "SHORT"),
    ("merge", "merge_command", "merge", "HELP", "SHORT"),
    ("consolidate", "consolidate_command", "consolidate", "HELP", "SHORT"),
    ("lsp", "lsp_command", "lsp", "HELP", "SHORT"),
)
_COMMAND_TABLE = {entry[0]: entry[1:] for entry in _COMMANDS}


def _command_module(name: str) -> Any:
    import importlib

    return importlib.import_module(f"ictarch.cli.{_COMMAND_TABLE[name][0]}")


def _build_command(name: str) -> Any:
    """The click command of ``name``, made from its module (imported now)."""
    from typer.main import get_command_from_info
    from typer.models import CommandInfo

    _module, function, help_name, short_name = _COMMAND_TABLE[name]
    module = _command_module(name)
    info = CommandInfo(
        name=name,
        cls=TranslatedCommand,
        callback=getattr(module, function),
        help=getattr(module, help_name),
        short_help=getattr(module, short_name),
    )
    return get_command_from_info(info, pretty_exceptions_short=True, rich_markup_mode=None)


class _Commands(TranslatedGroup):
    """The root command group: turns :class:`~ictarch.errors.IctarchError` into exit 2.

    This is the one place where "the input or the environment is wrong" becomes
    a message on stderr (with its hint) and exit code 2; commands do not catch it.
    Its commands are made from :data:`_COMMANDS` when first needed.
    """

    def list_commands(self, ctx: Any) -> list[str]:
        return [*_COMMAND_TABLE, *(name for name in self.commands if name not in _COMMAND_TABLE)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in _COMMAND_TABLE:
            self.commands[cmd_name] = _build_command(cmd_name)
        return self.commands.get(cmd_name)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] not in _COMMAND_TABLE and not args[0].startswith("-"):
            for name in _COMMAND_TABLE:  # an unknown command: all of them, for "did you mean"
                self.get_command(ctx, name)
        return super().resolve_command(ctx, args)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The list of commands in ``--help``, from the table: no command is imported."""
        from ictarch.cli import translation

        rows = []
        for name in self.list_commands(ctx):
            if name in _COMMAND_TABLE:
                module = _COMMAND_TABLE[name][0]
                short = _short_help(module, _COMMAND_TABLE[name][3])
            else:
                short = self.commands[name].get_short_help_str()
            rows.append((name, translation.translate_help(short)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

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
    _stand_in_for_closed_streams()
    _tolerate_any_encoding()
    try:
        app()
        status = 0
    except SystemExit as exit:
        status = _exit_status(exit.code)
    except OSError as error:  # `--help >/dev/full`, or standard error on a full device
        _silence_standard_output()
        reason = getattr(error, "strerror", None) or error
        with contextlib.suppress(OSError, ValueError):
            message = i18n._("cannot write the output: {reason}").format(reason=reason)
            sys.stderr.write(f"ictarch: error: {message}\n")
        status = 2
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


class _ClosedStream(io.RawIOBase):
    """What a closed standard stream becomes: writing to it fails as writing to a closed
    descriptor does (``EBADF``), so that a report to ``>&-`` ends in "cannot write the
    output" (exit 2) rather than a traceback, and a run that writes only to ``-o``
    is not disturbed."""

    def writable(self) -> bool:
        return True

    def write(self, data: object) -> int:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))


def _stand_in_for_closed_streams() -> None:
    """Python sets ``sys.stdout`` (``sys.stderr``) to None when the process starts with
    that descriptor closed; give it a stream that refuses to be written."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            closed = io.TextIOWrapper(io.BufferedWriter(_ClosedStream()), encoding="utf-8")
            setattr(sys, name, closed)


def _tolerate_any_encoding() -> None:
    """Let a standard stream that is not UTF-8 (``PYTHONIOENCODING=cp1252``, a legacy
    8-bit locale) show what it cannot encode as ``\\u1ea3`` escapes instead of ending
    the run with a UnicodeEncodeError on the first "✔" or Vietnamese letter. Files
    ictarch writes (``-o``) are UTF-8 whatever the locale."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding not in ("utf8", "utf8sig") and hasattr(stream, "reconfigure"):
            with contextlib.suppress(ValueError, OSError, LookupError):
                stream.reconfigure(errors="backslashreplace")


def _exit_status(code: object) -> int:
    """What ``sys.exit(code)`` would make the exit status (a message is printed)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    with contextlib.suppress(OSError, ValueError):
        print(code, file=sys.stderr)
    return 1


def _short_help(module: str, attribute: str) -> str:
    """``attribute`` of the command module ``module`` (an ``N_("...")`` text), read from
    its source so that listing the commands imports none of them; imported if the
    source says it otherwise."""
    import ast
    from pathlib import Path

    source = Path(__file__).with_name(f"{module}.py")
    try:
        tree = ast.parse(source.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        tree = ast.Module(body=[], type_ignores=[])
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == attribute for t in node.targets)
            and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Name)
            and node.value.func.id == "N_"
            and len(node.value.args) == 1
            and isinstance(node.value.args[0], ast.Constant)
            and isinstance(node.value.args[0].value, str)
        ):
            return node.value.args[0].value
    import importlib

    return str(getattr(importlib.import_module(f"ictarch.cli.{module}"), attribute))
