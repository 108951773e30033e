"""Find English words left in Vietnamese output, around the user's own text.

Used by ``tests/vi/test_no_english.py``. A text is cleaned of what is allowed to stay as
written, then split into words; an ASCII word of two letters or more that an English
dictionary knows (Debian's ``wamerican``, :data:`DICTIONARY`) and that is not in an allowlist
is English left behind. What is removed before looking:

- the user's own text (:func:`user_texts`): every string of the architecture's YAML files
  (names, descriptions, ids, tags, kinds), except the values of ``status`` and
  ``criticality``, which ictarch must print in Vietnamese;
- quoted text (``'…'``, ``"…"``, ```…```, «…»): ids, field names and values shown as such;
- command lines (``ictarch validate DIR``) and the YAML keys that have no Vietnamese name
  and are always written as keys (``since``, ``until``, ``implements``, ``include``);
- YAML examples written on one line (``rules: {ICT402: off}``), the piece of a word left where
  a long text is cut ("th…"), the names of the rules (``encoding``, ``size-limit``);
- the parser's own words after a Vietnamese explanation ("(YAML: did not find …)"), and the
  values an option accepts ("Một trong: text, markdown, json");
- codes and literals: finding codes (ICT306), option names (``--format``), upper-case
  words (YAML, PATH, metavariables), words joined by ``-``, ``_``, ``.``, ``/``, ``:``,
  ``=``, ``@`` or digits (ids, kinds, paths, file names, URLs, versions), a literal value
  in parentheses after its Vietnamese name ("đang vận hành (operational)").

The allowlists are the names Vietnamese IT text keeps (:data:`KEPT_NAMES`: product and
format names the dictionary happens to know, such as Mermaid or Backstage; and
:data:`KEPT_PHRASES`, standards named by several English words, "JSON Schema", kept only
as whole phrases) and the plain
Vietnamese syllables without a tone mark that are also English words (:data:`VIETNAMESE`:
"in ra", "an toàn", "thông tin", "do", "con" …).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import yaml

DICTIONARY = Path("/usr/share/dict/american-english")

# Names that Vietnamese IT text keeps as they are written in English.
KEPT_NAMES = frozenset(
    {
        # formats, products and standards, by their own name
        "archimate",
        "archi",
        "backstage",
        "chromium",
        "gantt",
        "gephi",
        "github",
        "graphml",
        "graphviz",
        "markdown",
        "mermaid",
        "python",
        "structurizr",
        "yed",
        "networkx",
        "excel",
        "sarif",
        "unicode",
        "git",
        "yaml",
        "json",
        "csv",
        "xml",
        "html",
        "svg",
        "png",
        "pdf",
        "dot",
        "utf",
        "vneid",
        "lgsp",
        "ioc",
        "ngsp",
        "ndxp",
        "vnpt",
        "viettel",
        "ictarch",
        "javascript",
        "zip",
        "anchor",
        "alias",
        "byte",  # YAML's anchors and aliases, bytes: kept in Vietnamese IT
    }
)

# Names of standards that are several English words, kept whole (never word by word).
KEPT_PHRASES = (
    "JSON Schema",
    "Draft 2020-12",
    "Open Exchange Format",
    "Open Exchange XML Model",
    "Microsoft Word",
    "Times New Roman",
)
_KEPT_PHRASES = re.compile("|".join(re.escape(phrase) for phrase in KEPT_PHRASES))

# Vietnamese syllables written without a tone mark that an English dictionary also knows.
VIETNAMESE = frozenset(
    {
        "an",
        "ba",
        "ban",
        "bo",
        "cao",
        "cho",
        "chung",
        "con",
        "cu",
        "do",
        "dung",
        "hay",
        "in",
        "khi",
        "kia",
        "ma",
        "nam",
        "nay",
        "qua",
        "ra",
        "sang",
        "sau",
        "so",
        "sung",
        "theo",
        "thong",
        "tin",
        "to",
        "toan",
        "trong",
        "vi",
    }
)

_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"|`[^`\n]*`|«[^»\n]*»|‘[^’\n]*’|“[^”\n]*”")
_CODE = re.compile(r"\bICT\d{3}\b")
# an option, with its value when one follows (--state target, --format json)
_OPTION = re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*(?:[ =][a-z][a-z0-9:_|-]*(?=[\s,.;)]|$))?")
# the parser's own words, kept after the Vietnamese explanation: "(YAML: did not find …)"
_PARSER_WORDS = re.compile(r"\((?:YAML|XML): .*")
# the values an option accepts: "Một trong: text, markdown, json."
_CHOICES = re.compile(r"(?:[Mm]ột trong|One of): [\w@.:-]+(?:, [\w@.:-]+)*")
# a YAML example written on one line: "rules: {ICT402: off}"
_FLOW_MAPPING = re.compile(r"(?:\b[a-z_]+: )?\{[^{}\n]*:[^{}\n]*\}")
# the piece of a word left before "…" where a long text was cut
_CUT_WORD = re.compile(r"\w+…")
# an option's default value in a help page: "[mặc định: text]"
_DEFAULT = re.compile(r"\[(?:mặc định|default): [^\]]*\]")
# a name listed in a help page or table, followed by two spaces: "  path  Kiến trúc."
_LISTED_NAME = re.compile(r"(?:^|(?<=\s))[a-z][a-z_-]* {2,}")
# A chunk with a joining character or digit inside: ids, kinds, paths, URLs, versions, files.
_JOINED = re.compile(r"[^\s,;()\[\]{}<>'\"]*[\w][-_./:=@\\#+*][^\s,;()\[\]{}<>'\"]+")
_UPPER = re.compile(r"\b[A-Z][A-Z0-9_]+\b")
_WORD = re.compile(r"\w+")
_COMMAND_LINE = re.compile(r"\bictarch(?: [A-Za-z0-9./@:_\[\]{}|-]+(?=[\s).,;]|$))+")
_FIELD_NAMES = re.compile(r"\b(?:since|until|implements|include|any_of|depends_on|requires)\b")
_CODE_SPAN = re.compile(r"<code>.*?</code>", re.S)
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
LITERAL_VALUES = (
    "planned|building|operational|deprecated|retired|low|medium|high|critical|"
    "error|warning|info|off|current|target|agencies|services|platforms|infrastructure|"
    "released|"
    "entity"  # "thực thể (entity)": XML's term after its Vietnamese name, as the review asks
)
_IN_PARENTHESES = re.compile(rf"\((?:{LITERAL_VALUES})\)")


@cache
def dictionary() -> frozenset[str]:
    """The English words of :data:`DICTIONARY`, lower case, without possessives."""
    words = DICTIONARY.read_text(encoding="utf-8", errors="replace").split()
    return frozenset(word.lower() for word in words if "'" not in word)


def user_texts(architecture: Path) -> list[str]:
    """Every string the user wrote in the architecture's YAML files, longest first.

    A name wrapped on two lines of a diagram no longer matches as a whole: the single
    words of names, ids, kinds and tags (not of descriptions, where any word may stand)
    are in the list too.
    """
    found: set[str] = set()

    def walk(value: object, key: str | None) -> None:
        if isinstance(value, dict):
            for child_key, child in value.items():
                walk(child, str(child_key))
        elif isinstance(value, list):
            for child in value:
                walk(child, key)
        elif isinstance(value, str) and key not in ("status", "criticality"):
            text = unicodedata.normalize("NFC", value).strip()
            if text:
                found.add(text)
                found.update(line.strip() for line in text.splitlines() if line.strip())
                if key not in ("description", "reason", "rationale", "note"):
                    found.update(word for word in _WORD.findall(text) if word.isascii())

    for path in sorted(architecture.rglob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")), None)
    return sorted(found, key=lambda text: (-len(text), text))


def cleaned(text: str, user: Iterable[str] = ()) -> str:
    """``text`` without the user's text, quotes, codes, options and literals."""
    text = unicodedata.normalize("NFC", html.unescape(text)).replace("\\", "")
    text = _CODE_SPAN.sub(" ", text)
    text = " " + _TAG.sub(" ", text).replace("&nbsp;", " ") + " "
    for own in user:
        if " " in own and own in text:
            text = text.replace(own, "  ")
    text = _KEPT_PHRASES.sub(" ", text)
    text = _PARSER_WORDS.sub(" ", text)
    text = _DEFAULT.sub(" ", text)
    text = _FLOW_MAPPING.sub(" ", text)
    text = _CUT_WORD.sub("…", text)
    text = _CHOICES.sub(" ", text)
    text = _LISTED_NAME.sub(" ", text)
    text = _COMMAND_LINE.sub(" ", text)
    text = _FIELD_NAMES.sub(" ", text)
    text = _QUOTED.sub(" ", text)
    text = _CODE.sub(" ", text)
    text = _OPTION.sub(" ", text)
    text = _JOINED.sub(" ", text)
    text = _IN_PARENTHESES.sub(" ", text)
    return _UPPER.sub(" ", text)


def english_words(text: str, user: Iterable[str] = ()) -> Iterator[str]:
    """The English words left in ``text`` once cleaned (see the module's docstring)."""
    words = dictionary()
    user = list(user)
    own_words = {own.lower() for own in user if own.isalnum()}
    if "…" in text:  # a user's text cut short no longer matches whole: excuse its words
        own_words |= {word.lower() for own in user for word in _WORD.findall(own)}
    for word in _WORD.findall(cleaned(text, user)):
        lower = word.lower()
        if (
            len(word) > 1
            and word.isascii()
            and word.isalpha()
            and lower in words
            and lower not in KEPT_NAMES
            and lower not in VIETNAMESE
            and lower not in own_words
        ):
            yield word


class _VisibleText(HTMLParser):
    """The text a reader sees in an HTML page: text nodes and the attributes shown."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "code", "pre"):
            self._hidden += 1
        for name, value in attrs:
            if name in ("title", "alt", "aria-label", "placeholder") and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "code", "pre") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """The text of an HTML page as a reader sees it (without scripts, styles and code)."""
    parser = _VisibleText()
    parser.feed(html)
    return "\n".join(parser.parts)
