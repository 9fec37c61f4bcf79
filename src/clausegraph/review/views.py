"""What a reviewed agreement looks like to the rules' conditions: its components and their words, its norms,
its option values, and how it numbers its provisions.

:class:`VariantView` is a variant of a template, as the drafting package assembled it (the kept
components with their edited words and new numbers); its norms are the template's norms whose provision
it keeps and that no applied text variation removes (``cg:removesNorm``). :class:`AgreementView` is an
agreement reviewed as the graph holds it (an ingested or hand-made agreement with no options).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from ..drafting import Document, Spec, Template
from ..drafting.numerals import chinese_numeral
from ..results import compact
from .rules import ComponentRow, Ruleset

PROVISION_KINDS = ("Article", "Paragraph", "Item")
_KIND_NAMES = {"Preamble": {"zh": "序言", "en": "the preamble"}, "PartyBlock": {"zh": "当事人信息栏", "en": "the party block"},
               "SignatureBlock": {"zh": "签署栏", "en": "the signature block"}}


def _numeral(n: int) -> str:
    """An article number in Chinese numerals: drafting's (1–99) without importing cn2an, which writes larger ones."""
    if 1 <= n <= 99:
        return chinese_numeral(n)
    import cn2an

    return str(cn2an.an2cn(n))


@lru_cache(maxsize=4096)
def provision_name(numbers: tuple[int, ...], lang: str) -> str:
    """第五条第3款第（2）项 / Art. 5(3)(2): a provision by its numbers from the article down."""
    if not numbers:
        return ""
    if lang == "zh":
        out = f"第{_numeral(numbers[0])}条"
        if len(numbers) > 1:
            out += f"第{numbers[1]}款"
        if len(numbers) > 2:
            out += f"第（{numbers[2]}）项"
        return out
    return f"Art. {numbers[0]}" + "".join(f"({n})" for n in numbers[1:])


#: the padding between two Chinese characters of a field label (甲      方)
_CJK_PADDING = re.compile(r"(?<=[\u3400-\u9fff\uf900-\ufaff])\s+(?=[\u3400-\u9fff\uf900-\ufaff])")


def field_name(text: str) -> str:
    """A party field's label without its padding and colon: 甲      方： → 甲方, "ID document number:" → "ID document
    number" (the spaces between words kept)."""
    return " ".join(_CJK_PADDING.sub("", text).split()).rstrip("：:").rstrip()


class View:
    """The interface the conditions and the explanations read."""

    is_template = False

    def kept(self, iri: str) -> bool:
        raise NotImplementedError

    def text(self, iri: str) -> str:
        """The Chinese words of the component and of its kept parts."""
        raise NotImplementedError

    def whole_text(self) -> str:
        raise NotImplementedError

    def has_norm(self, norm: str) -> bool:
        raise NotImplementedError

    def option(self, key: str) -> Any:
        """The variant's value of an option (None when unset, or when the agreement has no options)."""
        return None

    def numbers(self, iri: str) -> tuple[int, ...]:
        """The numbers of a provision from its article down, as this agreement numbers it (empty for other parts)."""
        raise NotImplementedError

    def source_path(self, iri: str) -> str | None:
        raise NotImplementedError

    def order(self, iri: str) -> int:
        raise NotImplementedError

    def describe(self, iri: str, lang: str) -> str:
        raise NotImplementedError

    def name(self, iri: str, lang: str) -> str:
        numbers = self.numbers(iri)
        return provision_name(numbers, lang) if numbers else self.describe(iri, lang)

    def names(self, iris: tuple[str, ...], lang: str) -> str:
        kept = [iri for iri in sorted(dict.fromkeys(iris), key=self.order) if self.kept(iri)]
        return ("、" if lang == "zh" else ", ").join(self.name(iri, lang) for iri in kept)

    def path(self, iri: str) -> str | None:
        numbers = self.numbers(iri)
        return ".".join(map(str, numbers)) if numbers else None


class VariantView(View):
    """A variant of a template as the drafting package assembled it."""

    is_template = True

    def __init__(self, template: Template, spec: Spec, document: Document, ruleset: Ruleset):
        self.template, self.spec, self.ruleset = template, spec, ruleset
        self.blocks = {}
        self.children: dict[str, list[str]] = {}
        self._numbers: dict[str, tuple[int, ...]] = {}
        self._order: dict[str, int] = {}
        for block in document.blocks:
            self._add(block, None, ())
        applied = {e.iri for e in template.edits if e.kind == "TextVariation" and spec.values.get(e.key) == e.when}
        self.removed = frozenset(n for v in applied for n in ruleset.removes.get(v, ()))
        self._texts: dict[str, str] = {}
        self._whole: str | None = None

    def _add(self, block, parent: str | None, numbers: tuple[int, ...]) -> None:
        if block.kind in PROVISION_KINDS and block.number is not None:
            numbers = (*numbers, block.number)
        self.blocks[block.iri] = block
        self._numbers[block.iri] = numbers if block.kind in PROVISION_KINDS else ()
        self._order[block.iri] = len(self._order)
        for child in block.children:
            self.children.setdefault(block.iri, []).append(child.iri)
            self._add(child, block.iri, numbers)

    def kept(self, iri: str) -> bool:
        return iri in self.blocks

    def _own(self, iri: str) -> str:
        block = self.blocks[iri]
        return block.heading.get("zh", "") + block.text.get("zh", "") + (block.value or "")

    def text(self, iri: str) -> str:
        if iri not in self._texts:
            self._texts[iri] = self._own(iri) + "".join(self.text(c) for c in self.children.get(iri, ()))
        return self._texts[iri]

    def whole_text(self) -> str:
        if self._whole is None:
            self._whole = "\n".join(self._own(iri) for iri in self.blocks)
        return self._whole

    def has_norm(self, norm: str) -> bool:
        provision = self.ruleset.norms.get(norm)
        return provision is not None and provision in self.blocks and norm not in self.removed

    def option(self, key: str) -> Any:
        return self.spec.values.get(key)

    def numbers(self, iri: str) -> tuple[int, ...]:
        return self._numbers.get(iri, ())

    def source_path(self, iri: str) -> str | None:
        component = self.template.component.get(iri)
        return component.path if component is not None else None

    def order(self, iri: str) -> int:
        return self._order.get(iri, len(self._order))

    def describe(self, iri: str, lang: str) -> str:
        block = self.blocks.get(iri)
        kind = block.kind if block is not None else self.template.component[iri].kind
        if kind == "PartyField":
            component = self.template.component[iri]
            label = field_name(component.text.get(lang) or component.text.get("zh", ""))
            return f"当事人信息栏“{label}”" if lang == "zh" else f"the party field “{label}”"
        return _KIND_NAMES.get(kind, {}).get(lang) or compact(iri)


class AgreementView(View):
    """An agreement reviewed as the graph holds it: every component kept, every norm present, no options."""

    def __init__(self, ruleset: Ruleset):
        self.ruleset = ruleset
        self.rows: Mapping[str, ComponentRow] = {row.iri: row for row in ruleset.components}
        self.children: dict[str, list[str]] = {}
        for row in ruleset.components:
            self.children.setdefault(row.parent, []).append(row.iri)
        self._order: dict[str, int] = {}
        self._visit(ruleset.agreement)
        self._texts: dict[str, str] = {}

    def _visit(self, parent: str) -> None:
        for child in self.children.get(parent, ()):
            self._order[child] = len(self._order)
            self._visit(child)

    def kept(self, iri: str) -> bool:
        return iri in self.rows

    def text(self, iri: str) -> str:
        if iri not in self._texts:
            self._texts[iri] = self.rows[iri].words + "".join(self.text(c) for c in self.children.get(iri, ()))
        return self._texts[iri]

    def whole_text(self) -> str:
        return "\n".join(self.rows[iri].words for iri in sorted(self.rows, key=self.order))

    def has_norm(self, norm: str) -> bool:
        return norm in self.ruleset.norms

    def numbers(self, iri: str) -> tuple[int, ...]:
        path = self.source_path(iri)
        if path is None or self.rows[iri].kind not in PROVISION_KINDS:
            return ()
        try:
            return tuple(int(part) for part in path.split("."))
        except ValueError:  # a repeated number kept as written (2-dup2): no numbers to write
            return ()

    def source_path(self, iri: str) -> str | None:
        row = self.rows.get(iri)
        return row.path if row is not None else None

    def order(self, iri: str) -> int:
        return self._order.get(iri, len(self._order))

    def describe(self, iri: str, lang: str) -> str:
        row = self.rows.get(iri)
        if row is None:
            return compact(iri)
        if row.kind == "PartyField":
            label = field_name(row.words.split("：")[0] if "：" in row.words else row.words)
            return f"当事人信息栏“{label}”" if lang == "zh" else f"the party field “{label}”"
        if row.path and row.kind not in PROVISION_KINDS:
            return row.path
        return _KIND_NAMES.get(row.kind, {}).get(lang) or row.label.get(lang) or compact(iri)
