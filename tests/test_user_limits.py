"""A limit the user sets (ICTARCH_MAX_VALUES, ICTARCH_MAX_ELEMENTS) applies to the user's
architecture only: ictarch's own framework catalogues are read within ictarch's limits, so a
low limit gives a finding (ICT006) on the architecture, never a traceback."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from ictarch.cli import app
from ictarch.frameworks.catalogue import bundled_catalogues

QUANG_NAM = Path(__file__).resolve().parent.parent / "architectures" / "quang-nam"


def test_a_low_value_limit_gives_a_finding_not_a_traceback() -> None:
    bundled_catalogues.cache_clear()  # read them again, under the user's limit
    result = CliRunner().invoke(
        app, ["validate", str(QUANG_NAM)], env={"ICTARCH_MAX_VALUES": "1000", "NO_COLOR": "1"}
    )
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 1, result.output
    assert "ICT006" in result.stdout
    assert "over the limit of 1,000" in result.stdout
    assert "Traceback" not in result.output
    assert "RuntimeError" not in result.output


def test_the_limit_is_written_the_vietnamese_way() -> None:
    result = CliRunner().invoke(
        app,
        ["--lang", "vi", "validate", str(QUANG_NAM)],
        env={"ICTARCH_MAX_VALUES": "1000", "NO_COLOR": "1", "ICTARCH_LANG": ""},
    )
    assert result.exit_code == 1
    assert "vượt giới hạn 1.000" in result.stdout


def test_conformance_reads_the_bundled_catalogues_whatever_the_user_limit() -> None:
    bundled_catalogues.cache_clear()
    result = CliRunner().invoke(
        app,
        ["conformance", str(QUANG_NAM), "--format", "json"],
        env={"ICTARCH_MAX_VALUES": "1500", "ICTARCH_MAX_ELEMENTS": "5"},
    )
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code in (1, 2), result.output
    assert "RuntimeError" not in result.output
