"""Waivers: findings accepted on the element they are about.

An element lists ``waivers: [{code, reason, until?}]``. A finding of that code
on that element is then not counted. ``until`` is the last day the waiver
holds, compared with today's date (UTC; ``SOURCE_DATE_EPOCH`` fixes "today"
for reproducible runs): from the next day on, the finding is reported again,
with an ICT602 note at the waiver. A waiver that accepts nothing is ICT601.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import NamedTuple

from ictarch.acceptance import acceptable
from ictarch.findings import Finding, Suppressed
from ictarch.i18n import _
from ictarch.model.architecture import Architecture, Waiver
from ictarch.model.schema import INVALID_VALUE, closest, with_suggestion
from ictarch.rules import ALL_RULES
from ictarch.rules.acceptance import EXPIRED_WAIVER, UNUSED_WAIVER


class WaiverOutcome(NamedTuple):
    kept: list[Finding]  # still counted (an expired waiver's finding among them)
    about_waivers: list[Finding]  # waivers that accept nothing, expired or are invalid
    waived: list[Suppressed]


def apply_waivers(
    architecture: Architecture, findings: list[Finding], on: datetime.date
) -> WaiverOutcome:
    """Apply the elements' waivers to ``findings`` as of the day ``on``."""
    by_element, problems = _usable_waivers(architecture)
    if not by_element:
        return WaiverOutcome(findings, problems, [])
    kept: list[Finding] = []
    accepted: list[Suppressed] = []
    used: set[Waiver] = set()
    expired: set[Waiver] = set()
    for finding in findings:
        waivers = by_element.get(finding.element) if finding.element is not None else None
        waiver = next((w for w in waivers if w.code == finding.code), None) if waivers else None
        if waiver is None:
            kept.append(finding)
            continue
        used.add(waiver)
        if waiver.until is not None and on > waiver.until:
            expired.add(waiver)
            kept.append(dataclasses.replace(finding, related=(*finding.related, waiver.location)))
            continue
        until = waiver.until.isoformat() if waiver.until else None
        accepted.append(Suppressed(finding, "waiver", waiver.reason, waiver.location, until))
    for element_id, waivers in by_element.items():
        for waiver in waivers:
            args = {"element": element_id, "code": waiver.code}
            if waiver not in used:
                problems.append(
                    UNUSED_WAIVER.finding(
                        _(
                            "{element!r}: the waiver of {code} accepts nothing: the element has "
                            "no {code} finding; remove the waiver"
                        ).format(**args),
                        waiver.location,
                        element_id,
                        args=args,
                    )
                )
            elif waiver in expired:
                assert waiver.until is not None
                until = waiver.until.isoformat()
                problems.append(
                    EXPIRED_WAIVER.finding(
                        _(
                            "{element!r}: the waiver of {code} expired after {until}; "
                            "its finding is reported again"
                        ).format(until=until, **args),
                        waiver.location,
                        element_id,
                        args={**args, "until": until},
                    )
                )
    return WaiverOutcome(kept, problems, accepted)


def _usable_waivers(architecture: Architecture) -> tuple[dict[str, list[Waiver]], list[Finding]]:
    """Waivers by element id, and findings for waivers that can never apply."""
    by_element: dict[str, list[Waiver]] = {}
    problems: list[Finding] = []
    for element in architecture.definitions:
        for waiver in element.waivers:
            args = {"element": element.id, "code": waiver.code}
            if waiver.code not in ALL_RULES:
                message = _("{element!r}: waivers: unknown code {code}").format(**args)
                problems.append(
                    INVALID_VALUE.finding(
                        with_suggestion(message, closest(waiver.code, ALL_RULES)),
                        waiver.location,
                        element.id,
                        args={**args, "suggestion": closest(waiver.code, ALL_RULES)},
                    )
                )
            elif not acceptable(waiver.code):
                problems.append(
                    INVALID_VALUE.finding(
                        _(
                            "{element!r}: waivers: {code} is a loading problem and cannot be "
                            "waived; fix the file"
                        ).format(**args),
                        waiver.location,
                        element.id,
                        args=args,
                    )
                )
            else:
                by_element.setdefault(element.id, []).append(waiver)
    return by_element, problems
