"""Where every id is written in an architecture: definitions and references, located.

Built from the loaded model (the loader's located values), once per check. Each
occurrence is a range of a file's text, checked against the text itself, so that
an edit or rename replaces exactly what is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from ictarch.findings import Location
from ictarch.model.architecture import Architecture, Element, View


class Role(StrEnum):
    """How an occurrence uses the id."""

    DEFINITION = "definition"
    DEPENDS_ON = "depends_on"
    OWNER = "owner"
    OPERATOR = "operator"
    FOCUS = "focus"
    VIEW = "view"  # a view's elements or owners
    RENAMED_FROM = "renamed_from"
    ARCHITECTURE_OWNER = "architecture.owner"


@dataclass(frozen=True, slots=True)
class Occurrence:
    """``target`` written at (line, start)-(line, end) of ``file``; 0-based, in characters."""

    target: str
    file: Path
    line: int
    start: int
    end: int
    role: Role
    element: str | None = None  # the element (or view) that writes it


class Index:
    """Every occurrence of every id of one architecture.

    ``previous`` (the index of the last check) lends the occurrences of every element
    that is the same object as then: an unchanged file keeps its record's objects, and
    its text, so what it writes is where it was. The others are looked for again.
    """

    def __init__(
        self, architecture: Architecture, sources: dict[Path, str], previous: Index | None = None
    ) -> None:
        self.architecture = architecture
        self._lines: dict[Path, list[str]] = {}
        self._paths: dict[str, Path] = {}  # a file's display name -> its path, made once
        self._text_lines: dict[str, list[str]] = {}
        self._sources = sources
        self.occurrences: list[Occurrence] = []
        self.by_target: dict[str, list[Occurrence]] = {}
        self.by_file: dict[Path, list[Occurrence]] = {}
        # id of an element -> (the element, kept alive so that its id stays its own,
        # and the occurrences it writes)
        self.of_element: dict[int, tuple[Element, list[Occurrence]]] = {}
        kept = previous.of_element if previous is not None else {}
        for element in architecture.definitions:
            known = kept.get(id(element))
            if known is not None and known[0] is element:
                self.occurrences.extend(known[1])
            else:
                start = len(self.occurrences)
                self._element(element)
                known = (element, self.occurrences[start:])
            self.of_element[id(element)] = known
        for view in architecture.views:
            self._view(view)
        owner = architecture.metadata_locations.get("owner")
        if isinstance(architecture.metadata.get("owner"), str) and owner is not None:
            self._add(
                architecture.metadata["owner"], owner, Role.ARCHITECTURE_OWNER, architecture.id
            )
        for occurrence in self.occurrences:
            self.by_target.setdefault(occurrence.target, []).append(occurrence)
            self.by_file.setdefault(occurrence.file, []).append(occurrence)

    def lines(self, file: Path) -> list[str]:
        lines = self._lines.get(file)
        if lines is None:
            lines = self._lines[file] = self._sources.get(file, "").split("\n")
        return lines

    def _add(self, target: str, where: Location, role: Role, element: str | None) -> None:
        if not where.line:
            return
        file = self._paths.get(where.file)
        if file is None:
            file = self._paths[where.file] = Path(where.file).resolve()
        lines = self._text_lines.get(where.file)
        if lines is None:
            lines = self._text_lines[where.file] = self.lines(file)
        if where.line > len(lines):
            return
        text = lines[where.line - 1]
        start = where.column - 1
        if text[start : start + 1] in ("'", '"'):
            start += 1
        if text[start : start + len(target)] != target:
            return  # an alias or merge key: the value is written elsewhere
        self.occurrences.append(
            Occurrence(target, file, where.line - 1, start, start + len(target), role, element)
        )

    def _element(self, element: Element) -> None:
        self._add(element.id, element.where("id"), Role.DEFINITION, element.id)
        for dependency in element.dependencies():
            self._add(dependency.target, dependency.location, Role.DEPENDS_ON, element.id)
        for field_name, role in (
            ("owner", Role.OWNER),
            ("operator", Role.OPERATOR),
            ("renamed_from", Role.RENAMED_FROM),
        ):
            value = getattr(element, field_name)
            if value is not None and field_name in element.positions:
                self._add(value, element.where(field_name), role, element.id)

    def _view(self, view: View) -> None:
        if view.focus is not None and "focus" in view.field_locations:
            self._add(view.focus, view.where("focus"), Role.FOCUS, view.id)
        for field_name in ("elements", "owners"):
            ids = getattr(view, field_name)
            where = view.field_locations.get(field_name)
            if not ids or where is None:
                continue
            self._search_list(view, field_name, ids, where)

    def _search_list(
        self, view: View, field_name: str, ids: tuple[str, ...], where: Location
    ) -> None:
        """The items of a view's list (the loader keeps only the list's position): each id
        is looked for, in order, from the list's start to the next field of the view."""
        file = Path(where.file).resolve()
        lines = self.lines(file)
        later = [
            location
            for name, location in view.field_locations.items()
            if name != field_name and (location.line, location.column) > (where.line, where.column)
        ]
        stop = min(((loc.line, loc.column) for loc in later), default=(len(lines) + 1, 0))
        line, column = where.line - 1, where.column - 1
        import re

        for target in ids:
            pattern = re.compile(rf"(?<![A-Za-z0-9._-]){re.escape(target)}(?![A-Za-z0-9._-])")
            while line < len(lines) and (line + 1, column + 1) < stop:
                match = pattern.search(lines[line], column)
                if match and (line + 1, match.start() + 1) < stop:
                    self.occurrences.append(
                        Occurrence(
                            target, file, line, match.start(), match.end(), Role.VIEW, view.id
                        )
                    )
                    column = match.end()
                    break
                line, column = line + 1, 0

    def at(self, file: Path, line: int, character: int) -> Occurrence | None:
        """The occurrence under the cursor (0-based line and character)."""
        for occurrence in self.by_file.get(file, ()):
            if occurrence.line == line and occurrence.start <= character <= occurrence.end:
                return occurrence
        return None

    def references(self, target: str) -> list[Occurrence]:
        return [o for o in self.by_target.get(target, ()) if o.role is not Role.DEFINITION]

    def definition(self, target: str) -> Occurrence | None:
        return next((o for o in self.by_target.get(target, ()) if o.role is Role.DEFINITION), None)
