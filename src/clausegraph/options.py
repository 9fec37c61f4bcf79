"""The options of an agreement template (read from the graph) and variant specs checked against them.

A spec is a mapping of option keys to values, from a YAML or JSON file (nested mappings are
flattened with dots: ``employer: {name: …}`` is ``employer.name``) or from ``--set key=value``
flags. Every problem in a spec is reported at once.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import yaml

from .errors import BadInputError, SpecError
from .queries import QUERIES_DIR, read_query, run
from .results import compact
from .sources import AGREEMENT
from .store import Store

AGREEMENT_IRI = ox.NamedNode(AGREEMENT + "agreement")
_XSD = "http://www.w3.org/2001/XMLSchema#"
_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}


@dataclass(frozen=True)
class OptionDef:
    """One option as the graph defines it."""

    key: str
    iri: str
    datatype: str  # boolean, integer or string
    default: Any
    allowed: tuple[str, ...]
    is_list: bool
    fills: str | None
    label_zh: str
    label_en: str
    definition_zh: str
    definition_en: str


def _python(term: ox.Literal | None) -> Any:
    if term is None:
        return None
    dt = term.datatype.value
    if dt == _XSD + "boolean":
        return term.value == "true"
    if dt == _XSD + "integer":
        return int(term.value)
    return term.value


def option_definitions(store: Store, agreement: ox.NamedNode = AGREEMENT_IRI) -> list[OptionDef]:
    """Every option of the template, in listing order (queries/assembly/options.rq)."""
    query = read_query(QUERIES_DIR / "assembly" / "options.rq")
    rows: dict[str, dict[str, Any]] = {}
    for s in run(store, query.text, {ox.Variable("agreement"): agreement}):
        key = s["key"].value
        row = rows.setdefault(key, {"s": s, "allowed": []})
        if s["allowed"] is not None:
            row["allowed"].append(s["allowed"].value)
    out = []
    for key, row in rows.items():
        s = row["s"]
        text = lambda name: s[name].value if s[name] is not None else ""  # noqa: E731
        out.append(
            OptionDef(
                key=key,
                iri=s["option"].value,
                datatype=s["datatype"].value.removeprefix(_XSD),
                default=_python(s["default"]),
                allowed=tuple(row["allowed"]),
                is_list=s["listOf"] is not None,
                fills=compact(s["fills"].value) if s["fills"] is not None else None,
                label_zh=text("labelZh"),
                label_en=text("labelEn"),
                definition_zh=text("definitionZh"),
                definition_en=text("definitionEn"),
            )
        )
    return out


def _flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = value
    return flat


def load_spec_file(path: Path) -> dict[str, Any]:
    """A variant spec from a YAML or JSON file, flattened to dotted keys."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise BadInputError(f"cannot read spec {path}: {exc.strerror}") from exc
    try:
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise BadInputError(f"{path} is not valid {'JSON' if path.suffix == '.json' else 'YAML'}: {exc}") from exc
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        raise BadInputError(f"{path} must hold a mapping of option keys to values, not a {type(data).__name__}")
    return _flatten(data)


def parse_pairs(flags: list[str], *, flag: str, example: str) -> dict[str, str]:
    """``KEY=VALUE`` command-line flags as a mapping; the error names the flag and shows an example."""
    out: dict[str, str] = {}
    for item in flags:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise BadInputError(f"{flag} {item!r} is not KEY=VALUE; write e.g. {flag} {example}")
        out[key.strip()] = value
    return out


def parse_set_flags(flags: list[str]) -> dict[str, str]:
    """``--set key=value`` flags as a mapping (values stay strings; lists are comma-separated)."""
    return parse_pairs(flags, flag="--set", example="non_compete_months=12")


#: Unicode categories a field of the agreement may not hold: controls, format characters (the bidi
#: overrides U+202E etc. that make a contract read differently from what it says, zero-width characters,
#: the BOM), line and paragraph separators, surrogates (not characters at all).
_REFUSED_CATEGORIES = {"Cc": "a control character", "Cf": "an invisible format character", "Zl": "a line separator",
                       "Zp": "a paragraph separator", "Cs": "a lone surrogate (not a character)"}
MAX_DIGITS = 9


def text_problem(text: str) -> str | None:
    """Why ``text`` cannot be a field of the agreement (None when it can): one line of visible text, every
    character a Unicode character that every output format (txt, html, docx's XML) can carry."""
    for position, char in enumerate(text):
        code = ord(char)
        category = unicodedata.category(char)
        what = _REFUSED_CATEGORIES.get(category)
        if what is None and (0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE):
            what = "a Unicode noncharacter"
        if what is not None:
            name = unicodedata.name(char, "") if category != "Cs" else ""
            label = f"U+{code:04X}" + (f" {name}" if name else "")
            return f"holds {what} ({label}) at position {position + 1}; write one line of visible text"
    return None


def _coerce(option: OptionDef, value: Any, errors: list[tuple[str, str]]) -> Any:
    if option.is_list:
        items = value.split(",") if isinstance(value, str) else value
        if not isinstance(items, list | tuple):
            errors.append((option.key, f"{option.key}: expected a list of provision numbers, got {value!r}"))
            return ()
        return tuple(str(i).strip() for i in items if str(i).strip())
    if option.datatype == "boolean":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        errors.append((option.key, f"{option.key}: expected true or false, got {value!r}"))
        return None
    if option.datatype == "integer":
        if isinstance(value, bool):
            errors.append((option.key, f"{option.key}: expected a whole number, got {value!r}"))
            return None
        digits = str(value).strip()
        if len(digits.lstrip("+-")) > MAX_DIGITS:
            errors.append((option.key, f"{option.key}: expected a whole number of at most {MAX_DIGITS} digits, got one of {len(digits):,} characters"))
            return None
        try:
            return int(digits)
        except ValueError:
            errors.append((option.key, f"{option.key}: expected a whole number, got {value!r}"))
            return None
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        errors.append((option.key, f"{option.key}: expected text, got {value!r}"))
        return None
    text = str(value)
    problem = text_problem(text)
    if problem:
        errors.append((option.key, f"{option.key}: {problem}"))
        return None
    if option.allowed and text not in option.allowed:
        errors.append((option.key, f"{option.key}: {text!r} is not one of {', '.join(option.allowed)}"))
    return text


def resolve_spec(options: list[OptionDef], spec: Mapping[str, Any]) -> dict[str, Any]:
    """Every option's value: the spec's, coerced to the option's type, or the default. Raises on any problem."""
    by_key = {o.key: o for o in options}
    errors = [
        (str(key), f"unknown option {key!r}; known options: {', '.join(by_key)} (see 'clausegraph variants')")
        for key in spec
        if key not in by_key
    ]
    values: dict[str, Any] = {}
    for option in options:
        if option.key in spec and spec[option.key] is not None:
            values[option.key] = _coerce(option, spec[option.key], errors)
        else:
            values[option.key] = () if option.is_list else option.default
    if errors:
        raise SpecError(errors)
    return values
