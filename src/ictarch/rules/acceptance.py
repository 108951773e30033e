"""ICT6xx: accepted findings — waivers on elements and baseline files — kept honest.

A waiver or a baseline entry that no longer accepts anything is reported, so
that acceptances do not outlive the findings they were written for.
"""

from __future__ import annotations

from ictarch.findings import Rule, Severity
from ictarch.i18n import N_

UNUSED_WAIVER = Rule(
    "ICT601",
    "unused-waiver",
    Severity.WARNING,
    N_("A waiver names a code that no finding of its element has (any more)."),
    N_("waivers: [{code: ICT306, reason: ...}]   # the element has a backup now"),
    N_("Remove the waiver; the finding it accepted is gone."),
)
EXPIRED_WAIVER = Rule(
    "ICT602",
    "expired-waiver",
    Severity.INFO,
    N_(
        "A waiver's `until` date has passed: the finding it accepted is reported again, "
        "with this note beside it."
    ),
    N_("waivers: [{code: ICT306, reason: backup site in 2025, until: 2025-12-31}]"),
    N_("Fix the finding, or renew the waiver with a new date and a reason that still holds."),
)
STALE_BASELINE_ENTRY = Rule(
    "ICT603",
    "stale-baseline-entry",
    Severity.INFO,
    N_("An entry of the baseline file (--baseline) matches no current finding."),
    N_('{"code": "ICT306", "element": "soc", ...}   # soc has a backup now'),
    N_("Write the baseline again (--write-baseline) so that it accepts only what remains."),
)

RULES = (UNUSED_WAIVER, EXPIRED_WAIVER, STALE_BASELINE_ENTRY)
