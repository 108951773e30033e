"""Options and output handling shared by the commands.

Options whose values come from a registry (``--format``, ``--fail-on``, schema
names ...) are made by :func:`choice_option` / :func:`choice_argument`: the
registry's keys are the allowed values, listed by ``--help`` and checked by
the one callback here, so adding a format is one registry entry.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer

from ictarch.i18n import N_, _

if TYPE_CHECKING:
    from ictarch.model.lifecycle import State

ColorOption = Annotated[
    bool | None,
    typer.Option("--color/--no-color", help=N_("Force colour on or off (default: terminals).")),
]
OutputFileOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help=N_("Write the report to this file, atomically ('-': standard output)."),
    ),
]


CHOICES_HELP = N_("{help} One of: {choices}.")
"""An option's help followed by its choices (cli.translation translates both parts)."""


def _checker(what: str, choices: tuple[str, ...]) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        for item in value if isinstance(value, list | tuple) else (value,):
            if item is not None and item not in choices:
                raise typer.BadParameter(
                    _("unknown {what} {value!r}; choose from {choices}").format(
                        what=_(what), value=item, choices=", ".join(choices)
                    )
                )
        return value

    return check


def choice_option(
    choices: Iterable[str],
    *names: str,
    help: str,
    what: str = N_("format"),
    metavar: str = "NAME",
) -> Any:
    """A ``typer.Option`` whose values must be one of ``choices`` (a registry's keys).

    ``--help`` lists the choices after ``help``; a wrong value is a usage error
    (exit 2) naming ``what`` it is and the choices.
    """
    allowed = tuple(choices)
    return typer.Option(
        *names,
        help=CHOICES_HELP.format(help=help, choices=", ".join(allowed)),
        metavar=metavar,
        callback=_checker(what, allowed),
        autocompletion=lambda: list(allowed),
    )


def choice_argument(choices: Iterable[str], *, help: str, what: str, metavar: str = "NAME") -> Any:
    """A ``typer.Argument`` whose value must be one of ``choices`` (a registry's keys)."""
    allowed = tuple(choices)
    return typer.Argument(
        help=CHOICES_HELP.format(help=help, choices=", ".join(allowed)),
        metavar=metavar,
        callback=_checker(what, allowed),
        autocompletion=lambda: list(allowed),
    )


STATE_CHOICES = ("current", "target")
"""The named states of ``--state`` (a date goes to ``--at``): see docs/lifecycle.md."""

StateOption = Annotated[
    str | None,
    choice_option(
        STATE_CHOICES,
        "--state",
        help=N_(
            "Analyse the architecture as it is (current, the default: planned and building "
            "elements do not exist yet) or as the plan leads to (target: deprecated and "
            "retired elements are gone). See docs/lifecycle.md."
        ),
        what="state",
        metavar="STATE",
    ),
]
AtOption = Annotated[
    str | None,
    typer.Option(
        "--at",
        metavar="YYYY-MM-DD",
        help=N_(
            "Analyse the architecture as it is on this day: elements' since and until dates "
            "decide, their status where they have none."
        ),
    ),
]


def chosen_state(state: str | None, at: str | None) -> State:
    """The state of ``--state``/``--at``; an invalid one is a usage error (exit 2)."""
    from ictarch.model.lifecycle import parse_state

    return parse_state(state, at)


def write_report(
    output: Path | None, report: Callable[[TextIO], object], inputs: Iterable[Path] = ()
) -> None:
    """Run ``report`` on stdout (also for ``-o -``), or into ``output`` written atomically.

    ``inputs`` are the files the command read: an ``output`` that is one of them
    is refused (exit 2) before anything is written. Raises
    :class:`~ictarch.output.OutputWriteError` (exit 2) when it cannot be written.
    """
    from ictarch.output import is_standard_output, refuse_overwriting_inputs, write_output

    if output is None or is_standard_output(output):
        report(typer.get_text_stream("stdout"))
        return
    refuse_overwriting_inputs([output], inputs)
    buffer = io.StringIO()
    report(buffer)
    write_output(output, buffer.getvalue())


def check_render_path(path: Path | None) -> None:
    """Exit 2 now, before any work, when ``path`` cannot be drawn: an unknown
    extension, or a format that needs a missing Graphviz ``dot``."""
    if path is not None:
        from ictarch.render import check_writable_format

        check_writable_format(path)
