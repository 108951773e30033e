"""The command line's shared contracts: the error root and the language option."""

from __future__ import annotations

import typer
from typer.testing import CliRunner

from ictarch import i18n
from ictarch.cli import app
from ictarch.errors import IctarchError


def test_an_ictarch_error_ends_in_its_message_its_hint_and_exit_2(runner: CliRunner) -> None:
    from ictarch.cli import _Commands

    probe = typer.Typer(cls=_Commands)

    @probe.command()
    def broken() -> None:
        raise IctarchError("the thing is wrong", hint="do this instead")

    @probe.command()
    def other() -> None:  # a group of two, like ictarch's
        pass

    result = runner.invoke(probe, ["broken"])
    assert result.exit_code == 2
    assert "ictarch: error: the thing is wrong" in result.stderr
    assert "hint: do this instead" in result.stderr


def test_an_unknown_language_is_a_usage_error_listing_the_choices(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--lang", "fr", "rules"])
    assert result.exit_code == 2
    assert "en, vi" in result.stderr


def test_the_language_comes_from_the_option_then_the_environment() -> None:
    assert i18n.language_from_environment({"ICTARCH_LANG": "vi", "LANG": "en_US"}) == "vi"
    assert i18n.language_from_environment({"LC_ALL": "vi_VN.UTF-8"}) == "vi"
    assert i18n.language_from_environment({"LANG": "de_DE.UTF-8"}) == "en"
    assert i18n.language_from_environment({}) == "en"


def test_markdown_tables_escape_every_cell_but_markup() -> None:
    from ictarch.markdown import code, table

    text = table(("id", "name"), [(code("lgsp"), "a | b <script>")])
    assert text.splitlines() == [
        "| id | name |",
        "|---|---|",
        "| `lgsp` | a &#124; b &lt;script&gt; |",
    ]


def test_ict306_lists_every_single_point_of_failure_in_json(runner: CliRunner) -> None:
    import json

    from tests.conftest import QUANG_NAM

    result = runner.invoke(app, ["validate", str(QUANG_NAM), "--format", "json"])
    findings = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "ICT306"]
    longest = max(findings, key=lambda f: len(f["args"]["points_of_failure"]))
    points = longest["args"]["points_of_failure"]
    assert len(points) > 5
    assert "more" in longest["message"]  # the message shortens the list, args do not
    assert longest["args"]["criticality"] in ("high", "critical")
