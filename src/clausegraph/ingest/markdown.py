"""The text of a Markdown file: one line per block, markup and escapes removed (markdown-it-py).

Headings, paragraphs and list items each give a line of their plain text; an ordered list item gets
its number back (``1.``), since CommonMark keeps it out of the text; rules and HTML are dropped.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def _inline_text(token) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts)


def markdown_text(source: str) -> str:
    """The plain text of a Markdown document, one line per block."""
    lines: list[str] = []
    pending_marker = ""
    ordered: list[bool] = []
    for token in _parser().parse(source):
        if token.type == "ordered_list_open":
            ordered.append(True)
        elif token.type == "bullet_list_open":
            ordered.append(False)
        elif token.type in ("ordered_list_close", "bullet_list_close"):
            ordered.pop()
        elif token.type == "list_item_open" and ordered and ordered[-1]:
            pending_marker = f"{token.info}{token.markup}"
        elif token.type == "inline":
            text = _inline_text(token)
            lines.append(f"{pending_marker}{text}" if pending_marker else text)
            pending_marker = ""
        elif token.type in ("fence", "code_block"):
            lines.extend(token.content.rstrip("\n").split("\n"))
    return "\n".join(lines)
