"""The document as Markdown, for review in git: the same blocks as the DOCX.

Headings keep their numbers, tables are Markdown tables (every cell escaped by
:mod:`ictarch.markdown`), and each picture is its Mermaid text (the same
diagram, drawn by the code host), so that a change of the model shows as a
change of lines in the pull request.
"""

from __future__ import annotations

from ictarch.document.blocks import (
    Bullets,
    Document,
    Figure,
    Heading,
    Paragraph,
    Table,
    TableOfContents,
)
from ictarch.markdown import escape_markdown, table


def write_markdown(document: Document) -> str:
    lines = [
        f"# {escape_markdown(document.subtitle)}: {escape_markdown(document.title)}",
        "",
    ]
    for label, value in document.facts:
        lines.append(f"- **{escape_markdown(label)}:** {escape_markdown(value)}")
    lines.append("")
    for block in document.blocks:
        if isinstance(block, Heading):
            lines += ["#" * (block.level + 1) + " " + _heading(block), ""]
        elif isinstance(block, Paragraph):
            text = escape_markdown(block.text)
            lines += [f"*{text}*" if block.note else text, ""]
        elif isinstance(block, Bullets):
            lines += [f"- {escape_markdown(item)}" for item in block.items]
            lines.append("")
        elif isinstance(block, Table):
            lines += [f"**{escape_markdown(block.caption)}**", ""]
            lines += [table(block.headers, block.rows).rstrip("\n"), ""]
        elif isinstance(block, Figure):
            lines += ["```mermaid", block.mermaid.rstrip("\n"), "```", ""]
            lines += [f"**{escape_markdown(block.caption)}**", ""]
        elif isinstance(block, TableOfContents):
            lines += [f"**{escape_markdown(block.title)}**", ""]
            for entry in document.headings():
                if entry.level <= 2:
                    indent = "  " * (entry.level - 1)
                    lines.append(f"{indent}- {_heading(entry)}")
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _heading(heading: Heading) -> str:
    """The heading's number as it is (``1.``, ``II.``), then its escaped text."""
    text = escape_markdown(heading.text)
    return f"{heading.number} {text}" if heading.number else text
