"""States on the command line, the roadmap, and the diff over time, on tests/data/lifecycle.

The example (hand-checked): the portal cong-dvc runs from 2021-01-01 on
any_of [tsdl-tinh (since 2019-01-01), tsdl-du-phong (building, since
2024-07-01)] and any_of [sso-cu (deprecated, until 2025-01-01), vneid
(planned, since 2025-01-01)]; ubnd depends on the portal.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ictarch.cli import app

EXAMPLE = Path(__file__).resolve().parent / "data" / "lifecycle"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def run_json(runner: CliRunner, *args: str) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


# -- states on validate, impact, analyze -------------------------------------------------


def test_validate_says_its_state_in_text_and_json(runner: CliRunner) -> None:
    text = runner.invoke(app, ["validate", str(EXAMPLE), "--state", "target"])
    assert text.stdout.rstrip().endswith("state: target")
    data = run_json(runner, "validate", str(EXAMPLE), "--at", "2024-06-30")
    assert data["state"] == {"name": "at", "date": "2024-06-30"}
    assert run_json(runner, "validate", str(EXAMPLE))["state"] == {"name": "current", "date": None}
    sarif = json.loads(
        runner.invoke(app, ["validate", str(EXAMPLE), "-f", "sarif", "--state", "target"]).stdout
    )
    assert sarif["runs"][0]["properties"]["state"] == {"name": "target", "date": None}


def test_the_backup_being_built_saves_the_portal_only_from_its_since_date(
    runner: CliRunner,
) -> None:
    def points(*state: str) -> list[str]:
        data = run_json(runner, "analyze", str(EXAMPLE), *state)
        return data["spof"]["cong-dvc"]

    assert points() == ["sso-cu", "tsdl-tinh"]  # current: building and planned save nothing
    assert points("--at", "2024-06-30") == ["sso-cu", "tsdl-tinh"]
    assert points("--at", "2024-07-01") == ["sso-cu"]  # the backup is in service
    assert points("--at", "2025-01-01") == ["vneid"]  # the old login retired, VNeID alone
    # the target: the backup works, the deprecated login is gone, VNeID alone
    assert points("--state", "target") == ["vneid"]


def test_impact_names_its_state_and_follows_it(runner: CliRunner) -> None:
    current = run_json(runner, "impact", str(EXAMPLE), "tsdl-tinh")
    assert current["state"] == {"name": "current", "date": None}
    assert current["affected"] == ["cong-dvc", "ubnd"]
    target = run_json(runner, "impact", str(EXAMPLE), "tsdl-tinh", "--state", "target")
    assert target["affected"] == []
    assert target["saved_by"] == {"cong-dvc": ["tsdl-du-phong"]}
    text = runner.invoke(app, ["impact", str(EXAMPLE), "tsdl-tinh"])
    assert text.stdout.startswith("state: current (")


def test_the_failure_of_what_does_not_exist_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["impact", str(EXAMPLE), "vneid"])
    assert result.exit_code == 2
    assert "'vneid' (planned) does not work in the chosen state (current)" in result.stderr
    assert "hint: choose another state" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--state", "later"], "unknown state 'later'"),
        (["--at", "2024-13-01"], "'2024-13-01' is not a date"),
        (["--at", "1/7/2024"], "is not a date"),
        (["--state", "target", "--at", "2024-01-01"], "give --state or --at, not both"),
    ],
)
@pytest.mark.parametrize("command", ["validate", "analyze", "render"])
def test_an_invalid_state_is_a_usage_error(
    runner: CliRunner, command: str, args: list[str], message: str, tmp_path: Path
) -> None:
    extra = ["-o", str(tmp_path), "-f", "dot"] if command == "render" else []
    result = runner.invoke(app, [command, str(EXAMPLE), *args, *extra])
    assert result.exit_code == 2
    assert message in result.stderr
    assert not list(tmp_path.iterdir())


def test_analyze_text_and_markdown_name_the_state_and_what_is_left_out(runner: CliRunner) -> None:
    text = runner.invoke(app, ["analyze", str(EXAMPLE), "--state", "target"]).stdout
    assert "state: target (" in text
    assert "1 element(s) do not work in this state and are left out: sso-cu" in text
    markdown = runner.invoke(app, ["analyze", str(EXAMPLE), "--format", "markdown"]).stdout
    assert "state: current (" in markdown
    assert "left out: tsdl-du-phong, vneid" in markdown


def test_render_in_a_state_draws_what_exists_there(runner: CliRunner, tmp_path: Path) -> None:
    def overview(*state: str) -> str:
        out = tmp_path / (state[-1] if state else "current")
        # --force: in the target state the portal's old-login alternative is gone (ICT303)
        args = ["render", str(EXAMPLE), "-f", "dot", "-o", str(out), "--force", *state]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        return (out / "overview.dot").read_text(encoding="utf-8")

    def node_of(dot: str, element: str) -> str:
        return next(line for line in dot.splitlines() if f"e_{element}" in line and "label" in line)

    current, target, early = (
        overview(),
        overview("--state", "target"),
        overview("--at", "2020-01-01"),
    )
    assert "(deprecated)" in node_of(current, "sso_cu") or "deprecated" in node_of(
        current, "sso_cu"
    )
    assert "(retired)" in node_of(target, "sso_cu")  # gone in the target state
    assert "(planned)" in node_of(current, "vneid")
    assert "(planned)" not in node_of(target, "vneid")  # works in the target state
    assert "(planned)" in node_of(early, "cong_dvc")  # not in service before 2021-01-01
    assert "dashed" in node_of(early, "cong_dvc")
    index = (tmp_path / "target" / "index.md").read_text(encoding="utf-8")
    assert "\nstate: target (planned, building and operational elements work;" in index
    assert "state:" not in (tmp_path / "current" / "index.md").read_text(encoding="utf-8")


# -- the roadmap ----------------------------------------------------------------------------


def test_roadmap_milestones_where_single_points_of_failure_change(runner: CliRunner) -> None:
    data = run_json(runner, "roadmap", str(EXAMPLE))
    assert data["format"] == 1
    assert "ictarch" in data
    assert data["dates"] == ["2019-01-01", "2021-01-01", "2024-07-01", "2025-01-01"]
    assert data["window"] == {"start": "2019-01-01", "end": "2026-01-01"}
    milestones = [(m["date"], m["element"], m["change"], m["targets"]) for m in data["milestones"]]
    becomes, stops = "becomes-single-point-of-failure", "no-longer-single-point-of-failure"
    assert milestones == [
        # the portal starts: ubnd now hangs on it, and on what it hangs on
        ("2021-01-01", "cong-dvc", becomes, ["ubnd"]),
        ("2021-01-01", "sso-cu", becomes, ["ubnd"]),
        ("2021-01-01", "tsdl-tinh", becomes, ["ubnd"]),
        # the backup data centre goes into service
        ("2024-07-01", "tsdl-tinh", stops, ["cong-dvc", "ubnd"]),
        # the old login retires, VNeID takes over, alone
        ("2025-01-01", "vneid", becomes, ["cong-dvc", "ubnd"]),
        ("2025-01-01", "sso-cu", stops, ["cong-dvc", "ubnd"]),
    ]
    text = runner.invoke(app, ["roadmap", str(EXAMPLE)]).stdout
    assert "from 2025-01-01, vneid becomes a single point of failure of cong-dvc, ubnd" in text


def test_roadmap_groups_by_layer_or_tag_prefix(runner: CliRunner) -> None:
    by_layer = run_json(runner, "roadmap", str(EXAMPLE))
    assert [g["id"] for g in by_layer["groups"]] == ["agencies", "services", "infrastructure"]
    assert [e["id"] for e in by_layer["groups"][2]["elements"]] == [
        "tsdl-tinh",
        "tsdl-du-phong",
        "vneid",
        "sso-cu",
    ]  # by since, then until, then id
    by_tag = run_json(runner, "roadmap", str(EXAMPLE), "--group-by", "tag:du-an")
    assert [(g["id"], [e["id"] for e in g["elements"]]) for g in by_tag["groups"]] == [
        ("du-an-2022", ["cong-dvc", "tsdl-du-phong"]),
        ("(other)", ["tsdl-tinh", "vneid", "sso-cu", "ubnd"]),
    ]
    bad = runner.invoke(app, ["roadmap", str(EXAMPLE), "--group-by", "owner"])
    assert bad.exit_code == 2
    assert "unknown --group-by 'owner'" in bad.stderr


def test_roadmap_markdown_is_a_table_and_a_list(runner: CliRunner) -> None:
    markdown = runner.invoke(app, ["roadmap", str(EXAMPLE), "--format", "markdown"]).stdout
    assert markdown.startswith("## Roadmap of Lộ trình: tỉnh mẫu &#35;1; 2019–2026\n")
    assert "| Group | Element | Name | Status | Since | Until |" in markdown
    assert (
        "| Infrastructure | `tsdl-du-phong` | Trung tâm dữ liệu dự phòng | building "
        "| 2024-07-01 |  |" in markdown
    )
    assert (
        "- from 2024-07-01, tsdl-tinh is no longer a single point of failure of cong-dvc, ubnd"
        in markdown
    )


_GANTT_LINE = {
    "title": re.compile(r"^    title (?:[^:;#\n]|#\d+;)+$"),
    "section": re.compile(r"^    section (?:[^:;#\n]|#\d+;)+$"),
    "task": re.compile(
        r"^    (?P<name>(?:[^:;#\n]|#\d+;)+) :(?:(?P<tag>active|done|crit), )?(?P<id>t\d+), "
        r"(?P<start>\d{4}-\d{2}-\d{2}), (?P<end>\d{4}-\d{2}-\d{2})$"
    ),
    "milestone": re.compile(
        r"^    (?P<name>(?:[^:;#\n]|#\d+;)+) :milestone, (?P<id>m\d+), "
        r"(?P<start>\d{4}-\d{2}-\d{2}), 0d$"
    ),
    "comment": re.compile(r"^    %% .*$"),
}


def parse_gantt(text: str) -> list[tuple[str, re.Match[str]]]:
    """Every line of the chart, classified; fails on a line of any other shape."""
    lines = text.splitlines()
    assert lines[:4] == [
        "gantt",
        lines[1],
        "    dateFormat YYYY-MM-DD",
        "    axisFormat %Y-%m",
    ]
    parsed = []
    for line in lines[1:]:
        if line in ("    dateFormat YYYY-MM-DD", "    axisFormat %Y-%m"):
            continue
        kinds = [(kind, m) for kind, pattern in _GANTT_LINE.items() if (m := pattern.match(line))]
        assert len(kinds) == 1, f"not a gantt line of a known shape: {line!r}"
        parsed.append(kinds[0])
    return parsed


def test_roadmap_mermaid_is_a_gantt_chart_of_the_right_shape(runner: CliRunner) -> None:
    text = runner.invoke(app, ["roadmap", str(EXAMPLE), "--format", "mermaid"]).stdout
    parsed = parse_gantt(text)
    kinds = [kind for kind, _ in parsed]
    assert kinds[0] == "title"
    assert kinds.count("section") == 4  # three layers, then the risk changes
    assert kinds.count("task") == 6
    assert kinds.count("milestone") == 6
    # every section has at least one task after it, before the next section
    for index, kind in enumerate(kinds):
        if kind == "section":
            assert kinds[index + 1] in ("task", "milestone")
    ids = [m["id"] for kind, m in parsed if kind in ("task", "milestone")]
    assert len(ids) == len(set(ids))
    tasks = {m["name"]: m for kind, m in parsed if kind == "task"}
    for match in tasks.values():
        start = datetime.date.fromisoformat(match["start"])
        assert start < datetime.date.fromisoformat(match["end"])
    # names keep Vietnamese letters; ':', '#' and ';' become entity codes
    assert tasks["Cổng dịch vụ công#58; một cửa (cong-dvc)"]["start"] == "2021-01-01"
    assert tasks["Đăng nhập cũ#59; SSO 2015 (sso-cu)"]["tag"] == "crit"
    assert tasks["Đăng nhập cũ#59; SSO 2015 (sso-cu)"]["end"] == "2025-01-01"
    assert tasks["Trung tâm dữ liệu dự phòng (tsdl-du-phong)"]["tag"] == "active"
    assert tasks["Ủy ban nhân dân tỉnh (ubnd)"]["start"] == "2019-01-01"  # no since: the window
    title = next(m for kind, m in parsed if kind == "title")
    assert "#35;1#59;" in title.group(0)


def test_gantt_names_never_read_as_statements() -> None:
    from ictarch.reporters.roadmap import gantt_text

    assert gantt_text("section 2: x") == "· section 2#58; x"
    assert gantt_text("a\nb %% c") == "a b #37;#37; c"
    assert gantt_text("") == "-"


def test_roadmap_of_the_bundled_architecture_is_a_gantt_chart(runner: CliRunner) -> None:
    from tests.conftest import QUANG_NAM

    result = runner.invoke(app, ["roadmap", str(QUANG_NAM), "--format", "mermaid"])
    assert result.exit_code == 0, result.output
    parsed = parse_gantt(result.stdout)
    assert sum(1 for kind, _ in parsed if kind == "task") > 50


@pytest.mark.skipif(
    not (os.environ.get("ICTARCH_MERMAID_JS") and shutil.which("chromium")),
    reason="the real Mermaid check needs ICTARCH_MERMAID_JS (a mermaid.min.js, e.g. from "
    "`npm install mermaid`) and chromium",
)
def test_roadmap_gantt_parses_with_the_real_mermaid(runner: CliRunner, tmp_path: Path) -> None:
    from tests.conftest import QUANG_NAM

    example = runner.invoke(app, ["roadmap", str(EXAMPLE), "--format", "mermaid"]).stdout
    assert _mermaid_in_chromium(example, tmp_path / "example.html") == "ok 12"  # 6 + 6 drawn
    quang_nam = runner.invoke(app, ["roadmap", str(QUANG_NAM), "--format", "mermaid"]).stdout
    drawn = _mermaid_in_chromium(quang_nam, tmp_path / "quang-nam.html")
    assert drawn.startswith("ok "), drawn
    assert int(drawn.split()[1]) > 50  # every element with a date or a status is a bar


def _mermaid_in_chromium(text: str, page: Path) -> str:
    """What the real Mermaid says of ``text`` in headless Chromium: "ok N" (N task bars
    drawn) or "error ..."."""
    script = Path(os.environ["ICTARCH_MERMAID_JS"]).resolve()
    page.write_text(
        f"""<!doctype html><html><body><pre id="out">pending</pre>
<script src="{script.as_uri()}"></script>
<script>
mermaid.initialize({{startOnLoad: false}});
(async () => {{
  let result;
  try {{ await mermaid.parse({json.dumps(text)});
        const {{svg}} = await mermaid.render("g", {json.dumps(text)});
        result = "ok " + (svg.match(/<rect[^>]*class="[^"]*task/g) || []).length; }}
  catch (e) {{ result = "error " + (e && e.message || e); }}
  document.getElementById("out").textContent = result;
}})();
</script></body></html>""",
        encoding="utf-8",
    )
    dom = subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--virtual-time-budget=20000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    ).stdout
    match = re.search(r'<pre id="out">([^<]*)</pre>', dom)
    return match.group(1) if match else f"no result in the page: {dom[:200]!r}"


# -- the diff over time ---------------------------------------------------------------------


def test_diff_over_time_reports_what_starts_and_what_ends(runner: CliRunner) -> None:
    data = run_json(runner, "diff", str(EXAMPLE), "--at", "2022-10-10", "--to", "2025-12-31")
    assert data["dates"] == ["2022-10-10", "2025-12-31"]
    assert data["state"] == {"name": "at", "date": "2025-12-31"}
    changes = {
        change["id"]: (change["fields"]["status"]["old"], change["fields"]["status"]["new"])
        for change in data["elements"]["changed"]
    }
    assert changes == {
        "tsdl-du-phong": ("building", "operational"),
        "vneid": ("planned", "operational"),
        "sso-cu": ("deprecated", "retired"),
    }
    assert data["impact"] == {"sso-cu": []}  # retired, but vneid keeps the portal up
    [details] = data["impact_details"]
    assert details["degraded"] == {"cong-dvc": ["vneid"]}
    # cong-dvc still lists the ended sso-cu next to vneid: a replacement, not ICT303
    assert data["findings"]["introduced"] == []


def test_diff_over_time_text_and_markdown_say_so(runner: CliRunner) -> None:
    args = ["diff", str(EXAMPLE), "--at", "2020-01-01", "--to", "2021-01-01"]
    text = runner.invoke(app, args).stdout
    assert "one architecture over time: as it is on 2020-01-01 and on 2021-01-01" in text
    assert "status: planned → operational" in text  # the portal starts
    markdown = runner.invoke(app, [*args, "--format", "markdown"]).stdout
    assert "one architecture over time" in markdown


@pytest.mark.parametrize(
    "args",
    [
        ["--to", "2025-01-01"],
        [str(EXAMPLE), "--at", "2022-01-01", "--to", "2025-01-01"],
        ["--state", "target", "--at", "2022-01-01", "--to", "2025-01-01"],
        [],
    ],
)
def test_diff_over_time_refuses_what_does_not_go_together(
    runner: CliRunner, args: list[str]
) -> None:
    result = runner.invoke(app, ["diff", str(EXAMPLE), *args])
    assert result.exit_code == 2
    assert "ictarch: error:" in result.stderr


def test_diff_of_two_versions_in_the_target_state(runner: CliRunner, tmp_path: Path) -> None:
    # the new version drops the backup: in the current state nothing changes for the
    # portal (the backup was not built), in the target state it loses its redundancy
    new = tmp_path / "new"
    shutil.copytree(EXAMPLE, new)
    text = (new / "architecture.yaml").read_text(encoding="utf-8")
    (new / "architecture.yaml").write_text(
        text.replace("[tsdl-tinh, tsdl-du-phong]", "[tsdl-tinh]").replace(
            "    status: building\n    tags: [du-an-2022]\n",
            "    status: retired\n    tags: [du-an-2022]\n",
        ),
        encoding="utf-8",
    )
    target = run_json(runner, "diff", str(EXAMPLE), str(new), "--state", "target")
    assert target["state"] == {"name": "target", "date": None}

    def spof_change(data: dict) -> tuple[list[str], list[str]] | None:  # type: ignore[type-arg]
        for old, new_finding in (
            (change["old"], change["new"]) for change in data["findings"]["changed"]
        ):
            if old["code"] == "ICT306":
                return old["args"]["points_of_failure"], new_finding["args"]["points_of_failure"]
        return None

    # the target lost its redundancy: the portal now also hangs on tsdl-tinh
    assert spof_change(target) == (["vneid"], ["tsdl-tinh", "vneid"])
    current = run_json(runner, "diff", str(EXAMPLE), str(new))
    assert current["state"] == {"name": "current", "date": None}
    assert spof_change(current) is None  # the backup was not built: nothing changes today


def test_the_diff_impact_of_a_removal_follows_the_state(runner: CliRunner, tmp_path: Path) -> None:
    # the new version retires the provincial data centre; the backup is still being built
    new = tmp_path / "new"
    shutil.copytree(EXAMPLE, new)
    text = (new / "architecture.yaml").read_text(encoding="utf-8")
    (new / "architecture.yaml").write_text(
        text.replace("    since: 2019-01-01\n", "    since: 2019-01-01\n    status: retired\n"),
        encoding="utf-8",
    )
    current = run_json(runner, "diff", str(EXAMPLE), str(new))
    assert current["impact"] == {"tsdl-tinh": ["cong-dvc", "ubnd"]}  # nothing saves them today
    [details] = current["impact_details"]
    assert details["breaking"] is True
    target = run_json(runner, "diff", str(EXAMPLE), str(new), "--state", "target")
    assert target["impact"] == {"tsdl-tinh": []}  # once built, the backup keeps them up
    [details] = target["impact_details"]
    assert details["degraded"] == {"cong-dvc": ["tsdl-du-phong"]}


@pytest.mark.parametrize(
    "dates", ["since: 0001-01-01", "until: '9999-12-31'", "since: '9999-12-31', status: planned"]
)
@pytest.mark.parametrize("output_format", ["text", "markdown", "mermaid", "json"])
def test_roadmap_of_the_first_or_last_day_there_is(
    runner: CliRunner, tmp_path: Path, dates: str, output_format: str
) -> None:
    root = tmp_path / "architecture.yaml"
    root.write_text(
        "ictarch: 1\narchitecture: {id: a, name: A}\nagencies:\n"
        "  - {id: ag, name: Ag, description: d, depends_on: [s]}\nservices:\n"
        f"  - {{id: s, name: S, description: d, owner: ag, {dates}}}\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["roadmap", str(root), "--format", output_format])
    assert result.exit_code == 0, result.output
    assert "s" in result.stdout


@pytest.mark.parametrize(
    ("args", "blamed"),
    [
        (["--at", "2022-10-10", "--to", "2025-02-30"], "--to '2025-02-30'"),
        (["--at", "2022-02-30", "--to", "2025-01-01"], "--at '2022-02-30'"),
    ],
)
def test_a_bad_date_of_the_diff_over_time_names_its_option(
    runner: CliRunner, args: list[str], blamed: str
) -> None:
    result = runner.invoke(app, ["diff", str(EXAMPLE), *args])
    assert result.exit_code == 2
    assert blamed in result.stderr
