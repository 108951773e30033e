"""Presenting failure impact and analyses: text (rich), JSON and Markdown."""

from __future__ import annotations

from typing import Any, TextIO

from rich.text import Text

from ictarch import __version__
from ictarch.analysis import Analysis
from ictarch.graph.resilience import FailureResult
from ictarch.i18n import _, ngettext
from ictarch.jsonwriter import write_json
from ictarch.markdown import escape_markdown
from ictarch.model.architecture import Architecture
from ictarch.model.lifecycle import STATUS_LABELS
from ictarch.printable import one_line
from ictarch.reporters import ResilienceSettings
from ictarch.reporters.text import make_console

IMPACT_FORMAT_VERSION = 1
ANALYSIS_FORMAT_VERSION = 1

CHAIN_ENDS = 4
"""A chain longer than twice this is shown by its ends: a 4,800-long dependency
chain once made impact write every chain in full, 173 MB."""


class ChainEnds:
    """The length and the two ends of every chain of failures, in linear time.

    ``FailureResult.chain`` walks a chain from its end; doing that for each of
    thousands of elements down a long chain is quadratic. Each element's chain
    is its cause's chain plus itself, so lengths and ends follow from the
    cause's, computed once each.
    """

    def __init__(self, result: FailureResult) -> None:
        self.result = result
        self.ends: dict[str, tuple[int, tuple[str, ...], tuple[str, ...]]] = {}

    def of(self, element: str) -> tuple[int, tuple[str, ...], tuple[str, ...]]:
        """(length, first ids from the failed element, last ids up to ``element``)."""
        causes, ends = self.result.causes, self.ends
        pending = [element]
        in_progress: set[str] = set()
        while pending:
            current = pending[-1]
            if current in ends:
                pending.pop()
                continue
            cause = causes.get(current)
            if cause is not None and cause not in ends and cause not in in_progress:
                in_progress.add(current)
                pending.append(cause)
                continue
            pending.pop()
            if cause is None or cause not in ends:  # a failed element (or a loop)
                ends[current] = (1, (current,), (current,))
                continue
            length, head, tail = ends[cause]
            ends[current] = (
                length + 1,
                head if len(head) >= CHAIN_ENDS else (*head, current),
                (*tail, current)[-CHAIN_ENDS:],
            )
        return ends[element]

    def shortened(self, element: str) -> tuple[list[str], int]:
        """The chain (whole when short, else its ends) and its length."""
        length, head, tail = self.of(element)
        if length <= 2 * CHAIN_ENDS:
            return self.result.chain(element), length
        return [*head, *tail], length

    def text(self, element: str, arrow: str = " ← ") -> str:
        """The chain from ``element`` back to the failed one, its middle summarised."""
        chain, length = self.shortened(element)
        return chain_text(chain[::-1], arrow, length)


def chain_text(chain: list[str], arrow: str, length: int | None = None) -> str:
    """A chain on one line; when it is long (or ``length`` says it was shortened to its
    ends), its middle is a count."""
    length = len(chain) if length is None else length
    if length <= 2 * CHAIN_ENDS:
        return arrow.join(chain)
    hidden = length - 2 * CHAIN_ENDS
    middle = ngettext("… {count} more element …", "… {count} more elements …", hidden).format(
        count=f"{hidden:,}"
    )
    return arrow.join([*chain[:CHAIN_ENDS], middle, *chain[-CHAIN_ENDS:]])


def _by_layer(architecture: Architecture, result: FailureResult) -> dict[str, list[str]]:
    elements = architecture.elements
    by_layer: dict[str, list[str]] = {}
    for layer in architecture.layers:
        members = [a for a in result.affected if elements[a].layer == layer.id]
        if members:
            by_layer[layer.id] = members
    return by_layer


def impact_to_json(
    architecture: Architecture, result: FailureResult, full_chains: bool = False
) -> dict[str, Any]:
    """The impact as JSON data.

    ``causes`` maps each element down to the one whose failure brought it down:
    every chain, whole, in linear space. ``chains`` gives each chain from the
    failed element, shortened to its first and last ids when long
    (``chain_lengths`` then gives its length), or whole with ``full_chains``.
    """
    ends = ChainEnds(result)
    chains: dict[str, list[str]] = {}
    lengths: dict[str, int] = {}
    for element in result.affected:
        if full_chains:
            chains[element] = result.chain(element)
            continue
        chains[element], length = ends.shortened(element)
        if length > len(chains[element]):
            lengths[element] = length
    return {
        "format": IMPACT_FORMAT_VERSION,
        "ictarch": __version__,
        "architecture": architecture.id,
        "state": result.state.to_json() if result.state else None,
        "failed": list(result.failed),
        "affected": list(result.affected),
        "degraded": result.degraded_elements(),
        "by_layer": _by_layer(architecture, result),
        "causes": {element: result.causes[element] for element in result.affected},
        "chains": chains,
        "chain_lengths": lengths,
        "saved_by": {element: list(alts) for element, alts in sorted(result.degraded.items())},
        "lost": {element: list(gone) for element, gone in sorted(result.lost.items())},
    }


def _label(architecture: Architecture, element_id: str) -> str:
    element = architecture.elements.get(element_id)
    return f"{element_id} ({one_line(element.name)})" if element else one_line(element_id)


def report_impact_text(
    architecture: Architecture, result: FailureResult, settings: ResilienceSettings, out: TextIO
) -> None:
    console = make_console(out, settings.color)
    ends = ChainEnds(result)
    failed = ", ".join(_label(architecture, f) for f in result.failed)
    if result.state is not None:
        console.print(Text(result.state.describe(), style="dim"))
    console.print(
        Text(
            ngettext("If {failed} fails:", "If {failed} fail:", len(result.failed)).format(
                failed=failed
            ),
            style="bold",
        )
    )
    if not result.affected:
        console.print("  " + _("nothing else goes down."))
    layer_names = {layer.id: one_line(layer.name) for layer in architecture.layers}
    for layer, members in _by_layer(architecture, result).items():
        heading = _("{layer_name} ({layer}): {count} down").format(
            layer_name=layer_names[layer], layer=layer, count=len(members)
        )
        console.print(Text(f"\n{heading}", style="red"))
        for member in members:
            chain = ends.text(member)
            console.print(Text(f"  ✖ {_label(architecture, member)}"))
            console.print(Text("      " + _("because {chain}").format(chain=chain), style="dim"))
    if result.degraded:
        console.print(Text("\n" + _("Degraded, still up thanks to redundancy:"), style="yellow"))
        for element, alternatives in sorted(result.degraded.items()):
            still = _("{element} — still has {alternatives}").format(
                element=_label(architecture, element), alternatives=", ".join(alternatives)
            )
            console.print(Text(f"  ~ {still}"))
    if result.lost:
        console.print(
            Text("\n" + _("Degraded, still up without an optional dependency:"), style="yellow")
        )
        for element, gone in sorted(result.lost.items()):
            lost = _("{element} — lost {optional}").format(
                element=_label(architecture, element), optional=", ".join(gone)
            )
            console.print(Text(f"  ~ {lost}"))
    console.print(Text("\n" + _impact_counts(result), style="bold"))


def _impact_counts(result: FailureResult) -> str:
    return ngettext(
        "{down} element down, {degraded} degraded.",
        "{down} elements down, {degraded} degraded.",
        len(result.affected),
    ).format(down=len(result.affected), degraded=len(result.degraded_elements()))


def report_impact_json(
    architecture: Architecture, result: FailureResult, settings: ResilienceSettings, out: TextIO
) -> None:
    write_json(impact_to_json(architecture, result, settings.full_chains), out, levels=2)
    out.write("\n")


def report_impact_markdown(
    architecture: Architecture, result: FailureResult, settings: ResilienceSettings, out: TextIO
) -> None:
    ends = ChainEnds(result)
    by_layer = _by_layer(architecture, result)
    failed = ", ".join(f"`{escape_markdown(f)}`" for f in result.failed)
    out.write("## " + _("Impact of the failure of {failed}").format(failed=failed) + "\n\n")
    if result.state is not None:
        out.write(f"{escape_markdown(result.state.describe())}\n\n")
    out.write(_impact_counts(result) + "\n\n")
    if by_layer:
        headers = (_("Layer"), _("Element"), _("Name"), _("Chain"))
        out.write(f"| {' | '.join(headers)} |\n|---|---|---|---|\n")
        for layer, members in by_layer.items():
            for member in members:
                chain = ends.text(member)
                out.write(
                    f"| {escape_markdown(layer)} | `{escape_markdown(member)}` | "
                    f"{escape_markdown(architecture.elements[member].name)} | "
                    f"{escape_markdown(chain)} |\n"
                )
        out.write("\n")
    if result.degraded:
        out.write("### " + _("Degraded, still up") + "\n\n")
        degraded_headers = (_("Element"), _("Still has"))
        out.write(f"| {' | '.join(degraded_headers)} |\n|---|---|\n")
        for element, alternatives in sorted(result.degraded.items()):
            out.write(
                f"| `{escape_markdown(element)}` | {escape_markdown(', '.join(alternatives))} |\n"
            )
    if result.lost:
        heading = _("Degraded, still up without an optional dependency")
        out.write(("\n" if result.degraded else "") + "### " + heading + "\n\n")
        lost_headers = (_("Element"), _("Lost"))
        out.write(f"| {' | '.join(lost_headers)} |\n|---|---|\n")
        for element, gone in sorted(result.lost.items()):
            out.write(f"| `{escape_markdown(element)}` | {escape_markdown(', '.join(gone))} |\n")


def analysis_to_json(architecture: Architecture, analysis: Analysis) -> dict[str, Any]:
    return {
        "format": ANALYSIS_FORMAT_VERSION,
        "ictarch": __version__,
        "architecture": architecture.id,
        "state": analysis.state.to_json(),
        "absent": list(analysis.absent),
        "spof": analysis.spof,
        "blast_radius": analysis.blast_radius,
        "metrics": analysis.metrics,
    }


_SHOWN = 15


def _shortened(ids: tuple[str, ...]) -> str:
    if len(ids) <= _SHOWN:
        return ", ".join(ids)
    return _("{ids} and {count} more").format(ids=", ".join(ids[:_SHOWN]), count=len(ids) - _SHOWN)


def report_analysis_text(
    architecture: Architecture, analysis: Analysis, settings: ResilienceSettings, out: TextIO
) -> None:
    console = make_console(out, settings.color)
    metrics = analysis.metrics
    console.print(
        Text(f"{one_line(architecture.name)} ({architecture.id})", style="bold underline")
    )
    console.print(Text(analysis.state.describe(), style="dim"))
    if analysis.absent:
        console.print(
            Text(
                _("{count} element(s) do not work in this state and are left out: {ids}").format(
                    count=len(analysis.absent), ids=_shortened(analysis.absent)
                ),
                style="dim",
            )
        )
    layers = ", ".join(f"{layer}: {count}" for layer, count in metrics["by_layer"].items())
    console.print(
        _("{elements} ({layers}), {relations}").format(
            elements=ngettext("{count} element", "{count} elements", metrics["elements"]).format(
                count=metrics["elements"]
            ),
            layers=layers,
            relations=ngettext(
                "{count} relation", "{count} relations", metrics["relations"]
            ).format(count=metrics["relations"]),
        )
    )
    statuses = ", ".join(
        f"{_(STATUS_LABELS[status]) if status in STATUS_LABELS else status} {n}"
        for status, n in metrics["by_status"].items()
    )
    console.print(_("status: {statuses}").format(statuses=statuses))
    depth = metrics["depth"]
    console.print(
        ngettext(
            "deepest dependency chain: {steps} step ({chain})",
            "deepest dependency chain: {steps} steps ({chain})",
            depth["steps"],
        ).format(steps=depth["steps"], chain=chain_text(depth["chain"], " → "))
    )
    console.print(
        Text("\n" + _("Single points of failure, by what their failure brings down:"), style="bold")
    )
    if not analysis.blast_radius:
        console.print("  " + _("none: every agency and service survives any single failure."))
    for item in analysis.blast_radius[:_SHOWN]:
        console.print(
            f"  {item['brings_down']:>5}  {_label(architecture, item['id'])} [{item['layer']}]"
        )
    if len(analysis.blast_radius) > _SHOWN:
        more = len(analysis.blast_radius) - _SHOWN
        console.print("  … " + _("and {count} more (see --format json)").format(count=more))
    exposed = sum(1 for points in analysis.spof.values() if points)
    console.print(
        "\n"
        + ngettext(
            "{exposed} of {count} agency and service has at least one single point of failure.",
            "{exposed} of {count} agencies and services have at least one single point of failure.",
            len(analysis.spof),
        ).format(exposed=exposed, count=len(analysis.spof))
    )
    console.print(Text("\n" + _("Shared platforms, by the services that use them:"), style="bold"))
    for platform in metrics["platform_reuse"][:_SHOWN]:
        console.print(f"  {platform['services']:>5}  {_label(architecture, platform['id'])}")
    console.print(Text("\n" + _("Most depended on (fan-in):"), style="bold"))
    for ranked in metrics["fan_in"]:
        console.print(f"  {ranked['count']:>5}  {_label(architecture, ranked['id'])}")
    console.print(Text("\n" + _("Most dependencies (fan-out):"), style="bold"))
    for ranked in metrics["fan_out"]:
        console.print(f"  {ranked['count']:>5}  {_label(architecture, ranked['id'])}")
    if metrics["unowned"]:
        console.print(
            Text(
                "\n"
                + _("Owned by no agency: {elements}").format(
                    elements=", ".join(metrics["unowned"])
                ),
                style="yellow",
            )
        )


def report_analysis_json(
    architecture: Architecture, analysis: Analysis, settings: ResilienceSettings, out: TextIO
) -> None:
    write_json(analysis_to_json(architecture, analysis), out, levels=2)
    out.write("\n")


def report_analysis_markdown(
    architecture: Architecture, analysis: Analysis, settings: ResilienceSettings, out: TextIO
) -> None:
    metrics = analysis.metrics
    out.write(
        "## " + _("Analysis of {name}").format(name=escape_markdown(architecture.name)) + "\n\n"
    )
    out.write(f"{escape_markdown(analysis.state.describe())}\n\n")
    if analysis.absent:
        out.write(
            escape_markdown(
                _("{count} element(s) do not work in this state and are left out: {ids}").format(
                    count=len(analysis.absent), ids=_shortened(analysis.absent)
                )
            )
            + "\n\n"
        )
    elements = ngettext("{count} element", "{count} elements", metrics["elements"])
    relations = ngettext("{count} relation", "{count} relations", metrics["relations"])
    out.write(
        _("{elements}, {relations}.").format(
            elements=elements.format(count=metrics["elements"]),
            relations=relations.format(count=metrics["relations"]),
        )
        + "\n\n"
    )
    out.write("### " + _("Single points of failure") + "\n\n")
    headers = (_("Element"), _("Layer"), _("Brings down"))
    out.write(f"| {' | '.join(headers)} |\n|---|---|---|\n")
    for item in analysis.blast_radius:
        out.write(
            f"| `{escape_markdown(item['id'])}` {escape_markdown(item['name'])} | "
            f"{escape_markdown(item['layer'])} | {item['brings_down']} |\n"
        )
    out.write("\n### " + _("Shared platforms") + "\n\n")
    platform_headers = (_("Platform"), _("Services using it"))
    out.write(f"| {' | '.join(platform_headers)} |\n|---|---|\n")
    for platform in metrics["platform_reuse"]:
        out.write(f"| `{escape_markdown(platform['id'])}` | {platform['services']} |\n")
    summary = _("Agencies and services with single points of failure")
    out.write(f"\n<details><summary>{summary}</summary>\n\n")
    spof_headers = (_("Element"), _("Fails if any of these fails"))
    out.write(f"| {' | '.join(spof_headers)} |\n|---|---|\n")
    for target, points in analysis.spof.items():
        if points:
            out.write(f"| `{escape_markdown(target)}` | {escape_markdown(', '.join(points))} |\n")
    out.write("\n</details>\n")
