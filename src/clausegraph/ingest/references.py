"""Cross-references between provisions: 本协议第五条, 第三条第二款, 第二、三条, 第一条至第三条, 第2款,
第（1）项, 前款, 上款, 本条, 本款, 本项, 前条, 上述第X条, （1） inside an item (方法（1）), and a decimal number
with its unit in an agreement numbered 1.1 / 2.1.1 (第2.2条, 2.2.1项: the number is the target's path).

A reference by number names its target's number and becomes a cg:NumberedReference (the assembler
rewrites it on renumbering); a reference by position (前款, 本项) a cg:RelativeReference. A reference
whose target does not exist is kept as an unresolved reference and reported. A number after a
statute's name (《劳动合同法》第二十三条, 刑法第二百一十九条) is a citation, not a cross-reference.

Reading rule: 本款 or 本项 in a provision that is not (inside) a paragraph or an item — 本项 in
第三条 6、, a paragraph — cannot point to itself in a sentence about breaching it: it is read as the
article, and the reading is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Layout, Note, Provision, Span
from .numbering import decimal_path, numeral_value

_N = r"(?:[一二三四五六七八九十百零〇两]+|\d+)"
_ITEM = rf"(?:{_N}|[（(]\d+[）)])"
ARTICLE_REF = re.compile(
    rf"第(?P<list>{_N}(?:(?:、|，|和|及|与|或)第?{_N})*)(?:(?:至|到|～|~)第?(?P<upto>{_N}))?条"
    rf"(?:第(?P<para>{_N})款)?(?:第(?P<item>{_ITEM})项)?"
)
DECIMAL_REF = re.compile(r"第?(?P<path>\d{1,3}(?:[.．]\d{1,3}){1,3})(?:条|款|项)")
PARA_REF = re.compile(rf"第(?P<para>{_N})款(?:第(?P<item>{_ITEM})项)?")
ITEM_REF = re.compile(rf"第(?P<item>{_ITEM})项")
RELATIVE = re.compile(r"本条|本款|本项|前一?款|上一?款|前一?条|上一?条|前一?项|上一?项")
ITEM_NUMBER = re.compile(r"[（(](?P<n>\d+)[）)](?!项)")
STATUTE_END = re.compile(r"(?:》|法|条例|规定|办法|解释|决定|细则)\s*$")


@dataclass(frozen=True)
class Reference:
    """A reference found in a provision's text: its words, their span, its kind and its target (None if unresolved)."""

    source: Provision
    anchor: Span
    kind: str  # numbered or relative
    target: Provision | None
    target_path: str  # the path the words name (for an unresolved reference too)


def _number(written: str) -> int:
    return numeral_value(written.strip("（()）"))


def _ancestor(node: Provision, kind: str) -> Provision | None:
    while node is not None and node.kind != kind:
        node = node.parent  # type: ignore[assignment]
    return node


def _sibling(node: Provision | None, step: int, layout: Layout) -> Provision | None:
    if node is None:
        return None
    siblings = node.parent.children if node.parent is not None else layout.articles
    index = next(i for i, s in enumerate(siblings) if s is node) + step
    return siblings[index] if 0 <= index < len(siblings) else None


def find_references(layout: Layout, citations: list[Span] = ()) -> list[Reference]:  # type: ignore[assignment]
    """Every cross-reference in the provisions' texts, resolved against the layout; unresolved ones are reported.
    Words inside ``citations`` (《劳动合同法》第二十三条) are citations of statutes, not references."""
    text = layout.text
    by_path = {}
    for node in layout.provisions():
        by_path.setdefault(node.path, node)
    found: list[Reference] = []

    def add(source: Provision, start: int, end: int, kind: str, path: str) -> None:
        target = by_path.get(path)
        if target is source:
            return  # a provision naming itself (本款所称…) is no dependency
        found.append(Reference(source, Span(start, end), kind, target, path))
        if target is None:
            layout.notes.append(Note("unresolved-reference", f"{text[start:end]!r} in {source.path} names {path}, which the agreement does not have; kept as an unresolved reference",
                                     Span(start, end), source.path))

    for source in layout.provisions():
        if source.text is None:
            continue
        start, end = source.text.start, source.text.end
        taken: list[tuple[int, int]] = [(c.start, c.end) for c in citations if start <= c.start < end]
        article = source.article()
        for m in ARTICLE_REF.finditer(text, start, end):
            if any(a <= m.start() < b for a, b in taken):
                continue
            if STATUTE_END.search(text[max(start, m.start() - 8) : m.start()]):
                continue  # 《劳动合同法》第二十三条: a citation
            numbers = [_number(n) for n in re.split(r"、|，|和|及|与|或", m.group("list").replace("第", ""))]
            if m.group("upto"):
                numbers = list(range(numbers[-1], _number(m.group("upto")) + 1)) if len(numbers) == 1 else numbers + [_number(m.group("upto"))]
            suffix = "".join(f".{_number(m.group(g))}" for g in ("para", "item") if m.group(g))
            for n in numbers:
                add(source, m.start(), m.end(), "numbered", f"{n}{suffix}")
            taken.append(m.span())
        for m in DECIMAL_REF.finditer(text, start, end):
            if any(a <= m.start() < b for a, b in taken) or STATUTE_END.search(text[max(start, m.start() - 8) : m.start()]):
                continue
            add(source, m.start(), m.end(), "numbered", ".".join(map(str, decimal_path(m.group("path")))))
            taken.append(m.span())
        for m in PARA_REF.finditer(text, start, end):
            if any(a <= m.start() < b for a, b in taken):
                continue
            suffix = f".{_number(m.group('item'))}" if m.group("item") else ""
            add(source, m.start(), m.end(), "numbered", f"{article.path}.{_number(m.group('para'))}{suffix}")
            taken.append(m.span())
        for m in ITEM_REF.finditer(text, start, end):
            if any(a <= m.start() < b for a, b in taken):
                continue
            base = source.parent if source.kind == "Item" else source
            add(source, m.start(), m.end(), "numbered", f"{base.path}.{_number(m.group('item'))}")  # type: ignore[union-attr]
        if source.kind == "Item":
            for m in ITEM_NUMBER.finditer(text, start, end):
                if any(a <= m.start() < b for a, b in taken):
                    continue
                add(source, m.start(), m.end(), "numbered", f"{source.parent.path}.{m.group('n')}")  # type: ignore[union-attr]
        for m in RELATIVE.finditer(text, start, end):
            if any(a <= m.start() < b for a, b in taken):
                continue
            words = m.group(0)
            level = {"条": "Article", "款": "Paragraph", "项": "Item"}[words[-1]]
            own = _ancestor(source, level)
            if words.startswith("本"):
                target = own if own is not None else article
                if own is None and level != "Article":
                    layout.notes.append(Note("reference-reading", f"{words!r} in {source.path}, which is not inside {'an item' if level == 'Item' else 'a paragraph'}, is read as its article {article.path}",
                                             Span(m.start(), m.end()), source.path))
            else:
                target = _sibling(own, -1, layout)
            if target is None:
                found.append(Reference(source, Span(m.start(), m.end()), "relative", None, ""))
                layout.notes.append(Note("unresolved-reference", f"{words!r} in {source.path} has no provision before it to point to; kept as an unresolved reference",
                                         Span(m.start(), m.end()), source.path))
            elif target is not source:
                found.append(Reference(source, Span(m.start(), m.end()), "relative", target, target.path))
    return found
