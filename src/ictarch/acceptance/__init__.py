"""Accepting findings, reviewably: waivers on elements and baseline files.

Both are plain files in git, so every acceptance is a reviewed change. Accepted
findings are not counted and do not fail a run; they stay visible
(``--show-waived``, SARIF suppressions). Loading problems (ICT0xx) are never
accepted: while a file cannot be read, nothing else about it is known.
"""

from __future__ import annotations

import datetime
import os

from ictarch.errors import IctarchError
from ictarch.i18n import _


def acceptable(code: str) -> bool:
    """Whether findings with this code may be waived or baselined."""
    return not code.startswith("ICT0")


def today() -> datetime.date:
    """Today's date in UTC, or the day of ``SOURCE_DATE_EPOCH`` when it is set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
        except (ValueError, OverflowError, OSError):
            raise IctarchError(
                _("SOURCE_DATE_EPOCH={value!r} is not a number of seconds").format(value=epoch)
            ) from None
    return datetime.datetime.now(datetime.UTC).date()
