"""Re-extract every translatable text of src/ictarch into the Vietnamese catalog, then compile it.

    .venv/bin/python scripts/update_catalog.py          # update the .po, compile the .mo, list gaps
    .venv/bin/python scripts/update_catalog.py --check  # exit 1 if the .po or .mo is not current

Texts are found by Babel's Python extractor: every ``_()``, ``ngettext()`` and ``N_()``
call with literal arguments. New texts enter ``src/ictarch/locale/vi/LC_MESSAGES/ictarch.po``
untranslated (translate them there, then run this again); texts gone from the code leave it.
The compiled ``ictarch.mo`` beside it is what ictarch reads at run time; it is committed so
that an editable install of a fresh clone speaks Vietnamese without a build step, and
tests/test_i18n.py fails when it is not the compilation of the .po.

The output is deterministic (entries sorted by message id, file names without line numbers,
fixed dates), so that merging two branches that both added texts conflicts as little as possible.
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import sys
import unicodedata
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "ictarch"
LOCALE_DIR = SOURCE / "locale"
LANGUAGE = "vi"
PO_FILE = LOCALE_DIR / LANGUAGE / "LC_MESSAGES" / "ictarch.po"
MO_FILE = PO_FILE.with_suffix(".mo")

# Fixed dates: the header must not change when nothing else does.
_EPOCH = datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)
_HEADER = "# Vietnamese translation of ictarch.\n# Entries are sorted by message id."


def extract() -> Catalog:
    """Every translatable text of the package, as a template catalog."""
    template = Catalog(project="ictarch", creation_date=_EPOCH, fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        SOURCE,
        method_map=[("**.py", "python"), ("**/templates/**.html", "jinja2")],
        keywords=DEFAULT_KEYWORDS,
        comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True,
    ):
        path = (SOURCE / filename).relative_to(ROOT).as_posix()
        template.add(message, None, [(path, lineno)], auto_comments=comments, context=context)
    return template


def read_catalog(path: Path = PO_FILE) -> Catalog:
    if not path.exists():
        return Catalog(locale=LANGUAGE, domain="ictarch", project="ictarch", fuzzy=False)
    with path.open("rb") as file:
        return read_po(file, locale=LANGUAGE, domain="ictarch")


def updated(existing: Catalog, template: Catalog) -> Catalog:
    existing.update(template, no_fuzzy_matching=True, update_header_comment=False)
    existing.obsolete.clear()
    existing.header_comment = _HEADER
    existing.project = "ictarch"
    existing.version = ""
    existing.creation_date = _EPOCH
    existing.revision_date = _EPOCH
    existing.last_translator = "ictarch developers"
    existing.language_team = "Vietnamese"
    existing.fuzzy = False
    return existing


def po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(
        buffer,
        catalog,
        width=100,
        sort_output=True,
        include_lineno=False,
        ignore_obsolete=True,
        include_previous=False,
    )
    return buffer.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def apply_translations(catalog: Catalog, translations: dict[str, str]) -> None:
    """Fill the untranslated entries of ``catalog`` that ``translations`` has (NFC)."""
    for message in catalog:
        if not message.id:
            continue
        plural = isinstance(message.id, tuple)
        key = message.id[0] if plural else message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if key in translations and (message.fuzzy or not all(strings)):
            text = unicodedata.normalize("NFC", translations[key])
            message.string = (text,) if plural else text  # Vietnamese: one plural form
            message.flags.discard("fuzzy")


def untranslated(catalog: Catalog) -> list[str]:
    """Message ids without a (complete, non-fuzzy) translation."""
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if stale")
    parser.add_argument(
        "--apply",
        metavar="FILE",
        type=Path,
        help="fill untranslated entries from a JSON object {English text (the singular of a "
        "plural): Vietnamese text}; entries already translated are left as they are",
    )
    options = parser.parse_args()
    catalog = updated(read_catalog(), extract())
    if options.apply is not None:
        apply_translations(catalog, json.loads(options.apply.read_text(encoding="utf-8")))
    new_po, new_mo = po_bytes(catalog), mo_bytes(catalog)
    stale = any(
        not path.exists() or path.read_bytes() != data
        for path, data in ((PO_FILE, new_po), (MO_FILE, new_mo))
    )
    missing = untranslated(catalog)
    total = sum(1 for message in catalog if message.id)
    if options.check:
        if stale:
            print(f"{PO_FILE.relative_to(ROOT)} or its .mo is not current: run {sys.argv[0]}")
        return 1 if stale else 0
    PO_FILE.parent.mkdir(parents=True, exist_ok=True)
    PO_FILE.write_bytes(new_po)
    MO_FILE.write_bytes(new_mo)
    print(f"{PO_FILE.relative_to(ROOT)}: {total - len(missing)}/{total} messages translated")
    for message_id in missing:
        print(f"  untranslated: {message_id!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
