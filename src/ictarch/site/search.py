"""The search index of a site: ids and names, matched without diacritics or case.

"quang nam" must find "Quảng Nam", "dien ban" "Điện Bàn": both the index keys
(here) and the query (in ``assets/site.js``) are folded the same way: Unicode
decomposition (NFD), nonspacing marks dropped, ``đ``/``Đ`` (a letter of its own,
not a d with a mark) written ``d``, lower case, whitespace runs as one space.

The index is a JavaScript file that sets one global, not JSON fetched at run
time: browsers refuse ``fetch`` of a ``file://`` URL, and the site must work
opened from a shared drive.
"""

from __future__ import annotations

import json
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ictarch.site.content import SiteContent

INDEX_FILE = "search-index.js"
INDEX_FORMAT = 1


def fold(text: str) -> str:
    """``text`` without diacritics or case: ``fold("Quảng Nam, Điện Bàn")`` is
    ``"quang nam, dien ban"``. Nonspacing marks (category Mn) are dropped, as
    ``/\\p{Mn}/gu`` does in the browser."""
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(kept.replace("đ", "d").replace("Đ", "D").lower().split())


def search_index(content: SiteContent) -> str:
    """The index as a script: ``[[id, name, layer name, page, key], ...]`` sorted by layer, id.

    The key folds the id, the name and the kind together. Characters that
    could end a script or a line in older engines are escaped by ``json``
    (``ensure_ascii``), so the file is plain ASCII.
    """
    architecture = content.architecture
    rank = architecture.layer_rank
    rows = []
    for element in sorted(
        architecture.elements.values(), key=lambda e: (rank.get(e.layer, len(rank)), e.id)
    ):
        page = content.element_page(element.id)
        key = fold(" ".join(part for part in (element.id, element.name, element.kind) if part))
        rows.append([element.id, element.name, content.layer_name(element.layer), page, key])
    data = json.dumps(rows, ensure_ascii=True, separators=(",", ":"))
    return (
        f"/* ictarch search index, format {INDEX_FORMAT}: [id, name, layer, page, key] */\n"
        f"window.ICTARCH_SEARCH={data};\n"
    )
