"""Defined terms, their definitions and every use.

A definition is a sentence of a provision that says what a term means: “X”是指 / X是指 / X指 / X系指 /
X：指, 本协议所称X是指 / 包括 …, and X（以下简称“Y”） inside a provision. A term defined as including
other defined terms (商业秘密包括：技术信息、专有技术、经营信息 …) includes them. A use is any other
occurrence of the term in the preamble, an article's heading or a provision's text (the longest term
wins where terms overlap); the provision that defines a term is not counted as using it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Layout, Provision, Span

_TERM = r"[\u4e00-\u9fff]{2,12}?"
SENTENCE = re.compile(r"[^。；;！？!?\n]+[。；;！？!?]?")
DEFINITIONS = [
    re.compile(rf"^本(?:保密)?(?:协议|合同)(?:中)?所称(?:的)?[“\"「]?(?P<term>{_TERM})[”\"」]?(?=是指|系指|指|包括|：|:|，是)"),
    re.compile(rf"^[“\"「]?(?P<term>{_TERM})[”\"」]?[：:]?(?:是指|系指|指)(?![定出示派导明引挥令标南称望])"),
    re.compile(rf"以下简称[为]?[“\"「]?(?P<term>{_TERM})[”\"」]?[）)]"),
]
INCLUDES = re.compile(r"包括")
NOT_TERMS = {"甲方", "乙方", "丙方", "双方", "本协议", "本合同", "协议", "合同"}


@dataclass
class Term:
    """A defined term: its label, the provision and sentence that define it, what it includes, where it is used."""

    label: str
    provision: Provision
    definition: Span  # the defining sentence
    local: str = ""
    includes: list[Term] = field(default_factory=list)
    uses: list[tuple[object, Span]] = field(default_factory=list)  # (component, span of the occurrence)


def _sentences(text: str, span: Span):
    for m in SENTENCE.finditer(text, span.start, span.end):
        words = m.group(0)
        lead = len(words) - len(words.lstrip())
        if words.strip():
            yield Span(m.start() + lead, m.end())


def find_terms(layout: Layout, components: list[tuple[object, Span]]) -> list[Term]:
    """The defined terms of the provisions, with their uses in the given components (preamble, headings, texts)."""
    text = layout.text
    terms: dict[str, Term] = {}
    for provision in layout.provisions():
        if provision.text is None:
            continue
        for sentence in _sentences(text, provision.text):
            words = sentence.of(text)
            for pattern in DEFINITIONS:
                m = pattern.search(words)
                if m is None or m.group("term") in NOT_TERMS or m.group("term").startswith(("甲方", "乙方", "本")):
                    continue
                label = m.group("term")
                if label not in terms:
                    terms[label] = Term(label, provision, sentence, local=f"term-{len(terms) + 1}")
                break
    for term in terms.values():
        words = term.definition.of(text)
        if INCLUDES.search(words):
            after = words[INCLUDES.search(words).end() :]  # type: ignore[union-attr]
            term.includes = [other for other in terms.values() if other is not term and other.label in after]
    if not terms:
        return []
    pattern = re.compile("|".join(re.escape(label) for label in sorted(terms, key=len, reverse=True)))
    for component, span in components:
        for m in pattern.finditer(text, span.start, span.end):
            term = terms[m.group(0)]
            if component is term.provision:
                continue
            term.uses.append((component, Span(m.start(), m.end())))
    return list(terms.values())
