"""Translation of human-readable text: GNU gettext catalogs, chosen by ``--lang``.

Every text a person reads (messages, headings, help, legends) is written in
English in the code and marked with :func:`_` (or :func:`ngettext` where a
number decides the form; :func:`N_` marks a constant translated later).
Codes, ids, JSON keys, enum values in machine formats and the user's own text
are never translated.

The catalog is loaded on the first translated text, never at import, so that
``ictarch --version`` does not pay for it.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path

DOMAIN = "ictarch"
LANGUAGES = ("en", "vi")
DEFAULT_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).parent / "locale"

_language: str | None = None
_translation: gettext.NullTranslations | None = None


def language_from_environment(environ: dict[str, str] | None = None) -> str:
    """``ICTARCH_LANG``, else the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``), else English."""
    env = os.environ if environ is None else environ
    explicit = env.get("ICTARCH_LANG")
    if explicit:
        return explicit
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(variable)
        if value:
            return "vi" if value.lower().startswith("vi") else DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def set_language(language: str) -> None:
    """Use ``language`` (one of :data:`LANGUAGES`) for every text from now on."""
    global _language, _translation
    if language not in LANGUAGES:
        raise ValueError(language)
    _language = language
    _translation = None


def current_language() -> str:
    if _language is None:
        set_language(_checked(language_from_environment()))
    assert _language is not None
    return _language


def catalog_identity() -> str:
    """The language and the kind of catalogue in use: what a cache of translated
    results is keyed on (the catalogue files themselves are part of ictarch's code)."""
    kind = type(_catalog())
    return f"{current_language()}:{kind.__module__}.{kind.__qualname__}"


def _checked(language: str) -> str:
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def _catalog() -> gettext.NullTranslations:
    global _translation
    if _translation is None:
        language = current_language()
        if language == DEFAULT_LANGUAGE:
            _translation = gettext.NullTranslations()
        else:
            _translation = gettext.translation(
                DOMAIN, LOCALE_DIR, languages=[language], fallback=True
            )
    return _translation


def _(message: str) -> str:
    """``message`` in the current language."""
    return _catalog().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of ``singular``/``plural`` for ``count``, in the current language."""
    return _catalog().ngettext(singular, plural, count)


def integer(number: int) -> str:
    """``number`` with the thousands separator of the current language (1,000 or 1.000)."""
    text = f"{number:,}"
    return text.replace(",", ".") if current_language() == "vi" else text


def decimal(number: float, digits: int = 1) -> str:
    """``number`` with ``digits`` decimals and the language's decimal mark (1.5 or 1,5)."""
    text = f"{number:,.{digits}f}"
    if current_language() == "vi":
        text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
    return text


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it yet (constants)."""
    return message
