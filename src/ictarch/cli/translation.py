"""The command line in the user's language: help pages and usage errors.

Typer reads help texts when the commands are declared, at import, long before
``--lang`` is parsed; and its bundled click writes "Usage:", "Error:" and its
error messages in English. So help texts stay English msgids in the command
declarations and are translated here, when a help page is formatted; headings,
usage lines and usage errors are translated on their way out. In English every
text comes out exactly as click writes it.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Iterator, Sequence
from typing import Any, NoReturn

import typer.core
from typer import _click as click
from typer._click import exceptions as click_exceptions
from typer._click.exceptions import BadParameter, NoArgsIsHelpError, UsageError
from typer.core import TyperCommand, TyperGroup
from typer.exceptions import Abort

from ictarch import i18n
from ictarch.cli.options import CHOICES_HELP
from ictarch.i18n import N_, _

# Texts that typer writes through the standard library's gettext; typer.core's
# ``_`` is pointed at ours below, so they come out in the user's language.
_TYPER_TEXTS = (
    N_("Arguments"),
    N_("Options"),
    N_("Commands"),
    N_("default: {default}"),
    N_("env var: {var}"),
    N_("required"),
    N_("(dynamic)"),
    N_("Aborted!"),
    N_("Missing command."),
    N_("No such command {name!r}."),
    N_("Show this message and exit."),
)
typer.core._ = _  # type: ignore[attr-defined]


class _Formatter(click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, _("Usage: ") if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(_(heading))


class _Context(click.Context):
    formatter_class = _Formatter


@contextlib.contextmanager
def _translated_help(command: click.Command, ctx: click.Context) -> Iterator[None]:
    """Translate the help texts of ``command``, its parameters and subcommands, for a while."""
    saved: list[tuple[Any, str, Any]] = []

    def swap(owner: Any, attribute: str) -> None:
        text = getattr(owner, attribute, None)
        if isinstance(text, str) and text:
            saved.append((owner, attribute, text))
            setattr(owner, attribute, translate_help(text))

    swap(command, "help")
    swap(command, "short_help")
    for param in command.get_params(ctx):
        swap(param, "help")
    if isinstance(command, TyperGroup):
        for sub in command.commands.values():
            swap(sub, "help")
            swap(sub, "short_help")
    try:
        yield
    finally:
        for owner, attribute, text in reversed(saved):
            setattr(owner, attribute, text)


class TranslatedCommand(TyperCommand):
    """A command whose help page speaks the user's language."""

    context_class = _Context

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _translated_help(self, ctx):
            super().format_help(ctx, formatter)


class TranslatedGroup(TyperGroup):
    """The root command group: help pages and usage errors in the user's language.

    The language is chosen before anything is parsed, wherever ``--lang`` stands,
    so that ``ictarch --help --lang vi`` is Vietnamese too.
    """

    context_class = _Context

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        language = language_in_arguments(args)
        if language in i18n.LANGUAGES:
            i18n.set_language(language)
        rest = super().parse_args(ctx, args)
        variable = os.environ.get("ICTARCH_LANG")
        if language is None and variable and variable not in i18n.LANGUAGES:
            raise UsageError(
                _(
                    "ICTARCH_LANG={value!r} is not a supported language; choose from {choices}"
                ).format(value=variable, choices=", ".join(i18n.LANGUAGES)),
                ctx,
            )
        return rest

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _translated_help(self, ctx):
            super().format_help(ctx, formatter)

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            result = super().main(args, prog_name, complete_var, False, **extra)
        except NoArgsIsHelpError as error:
            error.show()
            _exit(error.exit_code)
        except UsageError as error:
            show_usage_error(error)
            _exit(error.exit_code)
        except click.ClickException as error:
            click.echo(_("Error: {message}").format(message=error.format_message()), err=True)
            _exit(error.exit_code)
        except Abort:
            click.echo(_("Aborted!"), err=True)
            _exit(1)
        _exit(result if isinstance(result, int) else 0)


_CHOICES = re.compile(r"(?P<help>.*) One of: (?P<choices>[^\n]*)\.\Z", re.S)
_LISTED = re.compile(r"(?P<indent>\s+)(?P<name>[\w-]+): (?P<text>.+)\Z")


def translate_help(text: str) -> str:
    """A help text in the current language.

    Help texts are msgids as a whole, or paragraphs that are msgids each (a
    command's help is its short help plus paragraphs); an option's choices
    (:data:`~ictarch.cli.options.CHOICES_HELP`) and the lines of a listing
    (``  name: text``) are translated around the names they list.
    """
    whole = _(text)
    if whole != text or i18n.current_language() == i18n.DEFAULT_LANGUAGE:
        return whole
    return "\n\n".join(_paragraph(paragraph) for paragraph in text.split("\n\n"))


def _paragraph(text: str) -> str:
    translated = _(text)
    if translated != text:
        return translated
    choices = _CHOICES.match(text)
    if choices:
        return _(CHOICES_HELP).format(help=_(choices["help"]), choices=choices["choices"])
    lines = []
    for line in text.split("\n"):
        listed = _LISTED.match(line)
        if listed:
            line = f"{listed['indent']}{listed['name']}: {_(listed['text'])}"
        lines.append(line)
    return "\n".join(lines)


def _exit(code: int) -> NoReturn:
    sys.exit(code)


def language_in_arguments(args: Sequence[str]) -> str | None:
    """The value of a ``--lang`` given before the command name, if any."""
    for index, arg in enumerate(args):
        if arg == "--":
            return None
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
        if arg == "--lang":
            return args[index + 1] if index + 1 < len(args) else None
    return None


def show_usage_error(error: UsageError) -> None:
    """What click's ``UsageError.show`` writes, in the user's language."""
    ctx = error.ctx
    if ctx is not None:
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            hint = (
                _("Try {command!r} for help.").format(
                    command=f"{ctx.command_path} {ctx.help_option_names[0]}"
                )
                + "\n"
            )
        click.echo(f"{ctx.get_usage()}\n{hint}", err=True, color=ctx.color)
    click.echo(
        _("Error: {message}").format(message=usage_message(error)),
        err=True,
        color=ctx.color if ctx else None,
    )


_GENERIC = (
    (
        re.compile(r"Got unexpected extra arguments? \((?P<args>.*)\)\Z", re.S),
        N_("Got unexpected extra argument(s) ({args})"),
    ),
    (
        re.compile(r"Option (?P<option>'.*') requires an argument\.\Z", re.S),
        N_("Option {option} requires an argument."),
    ),
    (
        re.compile(r"Option (?P<option>'.*') does not take a value\.\Z", re.S),
        N_("Option {option} does not take a value."),
    ),
    (
        re.compile(r"(?P<value>'.*') is not one of (?P<choices>.*)\.\Z", re.S),
        N_("{value} is not one of {choices}."),
    ),
    (
        re.compile(r"(?P<value>'.*') is not a valid (?P<type>integer|float)\.\Z", re.S),
        N_("{value} is not a valid number."),
    ),
)


def _message(text: str) -> str:
    """A message click wrote in English, translated when it is one ictarch knows."""
    for pattern, template in _GENERIC:
        match = pattern.match(text)
        if match:
            return _(template).format(**match.groupdict())
    return _(text)


def usage_message(error: UsageError) -> str:
    """The message of a usage error, built again from its parts in the user's language."""
    if isinstance(error, click_exceptions.MissingParameter):
        param = error.param
        hint = error.param_hint
        if hint is None and param is not None:
            hint = param.get_error_hint(error.ctx)  # type: ignore[arg-type]
        shown = click_exceptions._join_param_hints(hint) if hint else ""
        kind = error.param_type or (param.param_type_name if param is not None else "parameter")
        if kind == "argument":
            return _("Missing argument {name}.").format(name=shown)
        if kind == "option":
            return _("Missing option {name}.").format(name=shown)
        return _("Missing parameter {name}.").format(name=shown)
    if isinstance(error, click_exceptions.NoSuchOption):
        message = _("No such option: {name}").format(name=error.option_name)
        if error.possibilities:
            message = _("{message} (Possible options: {options})").format(
                message=message, options=", ".join(sorted(error.possibilities))
            )
        return message
    if isinstance(error, BadParameter):
        hint = error.param_hint
        if hint is None and error.param is not None:
            hint = error.param.get_error_hint(error.ctx)  # type: ignore[arg-type]
        if hint is None:
            return _("Invalid value: {message}").format(message=_message(error.message))
        return _("Invalid value for {name}: {message}").format(
            name=click_exceptions._join_param_hints(hint), message=_message(error.message)
        )
    return _message(error.message)
