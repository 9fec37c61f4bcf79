"""Variant specs: parsed and coerced against a template's options, one way for the CLI, YAML/JSON files and HTTP.

A spec maps option keys to values. Keys are dotted (``employer.name``) or nested (``{"employer":
{"name": …}}``, as YAML writes it); values are typed as the option is: ``true``/``false`` (also
``yes``/``no``/``on``/``off``/``1``/``0`` as text), whole numbers (also as text), text (one line of visible
characters; one of the allowed values where the graph lists them), and provision numbers for ``omit``
(a list, or text separated by commas). An option left out, or given as null, takes its default.
Every problem of a spec is reported at once (:class:`~clausegraph.errors.SpecError`).
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..errors import BadInputError, SpecError
from .template import Option, Template

_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}
MAX_DIGITS = 9


@dataclass(frozen=True)
class Spec:
    """A checked spec: every option's value (the given one, coerced, or the default) and the omitted components."""

    values: Mapping[str, Any]
    given: frozenset[str]
    omitted: frozenset[str]  # IRIs of the components named by ``omit``

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    @property
    def language(self) -> str:
        return self.values["language"]


# ------------------------------------------------------------------ reading specs


def flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested mappings as dotted keys: ``{"employer": {"name": "X"}}`` → ``{"employer.name": "X"}``."""
    flat: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flatten(value, name + "."))
        else:
            flat[name] = value
    return flat


def spec_json(text: str | bytes) -> Any:
    """JSON as a spec reads it: a number with a decimal point is kept as its text, so that a provision number
    written unquoted (``[3.10]``) stays 3.10 rather than becoming the float 3.1 (and naming another provision)."""
    return json.loads(text, parse_float=str)


def _spec_yaml(text: str) -> Any:
    """YAML as a spec reads it: like :func:`spec_json`, ``omit: 3.10`` stays the text 3.10 (PyYAML's float
    resolver is left out; integers and booleans are read as YAML reads them)."""
    import yaml

    class SpecLoader(yaml.SafeLoader):
        yaml_implicit_resolvers = {first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:float"]
                                   for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}

    return yaml.load(text, Loader=SpecLoader)  # noqa: S506 - a SafeLoader with one resolver fewer


def load_spec_file(path: Path) -> dict[str, Any]:
    """A variant spec from a YAML or JSON file (``.json`` is read as JSON, anything else as YAML)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise BadInputError(f"cannot read spec {path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise BadInputError(f"{path} is not UTF-8 text ({exc.reason} at byte {exc.start}); save the spec as UTF-8") from exc
    if path.suffix == ".json":
        try:
            data = spec_json(text)
        except json.JSONDecodeError as exc:
            raise BadInputError(f"{path} is not valid JSON: {exc}") from exc
    else:
        import yaml

        try:
            data = _spec_yaml(text)
        except yaml.YAMLError as exc:
            raise BadInputError(f"{path} is not valid YAML: {exc}") from exc
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        raise BadInputError(f"{path} must hold a mapping of option keys to values, not a {type(data).__name__}")
    return dict(data)


# ------------------------------------------------------------------ coercion


#: Unicode categories a field of the agreement may not hold: controls, format characters (the bidi
#: overrides U+202E etc. that make a contract read differently from what it says, zero-width characters,
#: the BOM), line and paragraph separators, surrogates (not characters at all).
_REFUSED_CATEGORIES = {"Cc": "a control character", "Cf": "an invisible format character", "Zl": "a line separator",
                       "Zp": "a paragraph separator", "Cs": "a lone surrogate (not a character)"}


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


def _provisions(template: Template, option: Option, value: Any, problems: list[tuple[str, str]]) -> tuple[str, ...]:
    if isinstance(value, int) and not isinstance(value, bool):
        value = [value]  # omit: 4 in a spec file, one article
    items = value.split(",") if isinstance(value, str) else value
    numbers = [i for i in (items if isinstance(items, list | tuple) else [items]) if isinstance(i, float)]
    if numbers:  # a float (from Python; files and HTTP keep decimals as text) cannot tell 3.1 from 3.10
        problems.append((option.key, f"{option.key}: {numbers[0]!r} is a number, not a provision number (as a number "
                                     f"3.10 is 3.1); write provision numbers as text, e.g. {option.key}: ['3.4', '3.10']"))
        return ()
    if not isinstance(items, list | tuple) or any(isinstance(i, Mapping | list | tuple) for i in items):
        problems.append((option.key, f"{option.key}: expected a list of provision numbers, got {value!r}"))
        return ()
    paths = tuple(dict.fromkeys(str(i).strip() for i in items if str(i).strip()))
    unknown = [p for p in paths if p not in template.by_path]
    if unknown:
        problems.append((option.key, f"{option.key}: unknown provision {', '.join(repr(p) for p in unknown)}; provisions are "
                                     f"named by their number in the source: {', '.join(template.by_path)}"))
    return tuple(p for p in paths if p in template.by_path)


def _coerce(option: Option, value: Any, problems: list[tuple[str, str]]) -> Any:
    if option.datatype == "boolean":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        problems.append((option.key, f"{option.key}: expected true or false, got {value!r}"))
        return None
    if option.datatype == "integer":
        if isinstance(value, bool) or not isinstance(value, int | str):
            problems.append((option.key, f"{option.key}: expected a whole number, got {value!r}"))
            return None
        digits = str(value).strip()
        if len(digits.lstrip("+-")) > MAX_DIGITS:
            problems.append((option.key, f"{option.key}: expected a whole number of at most {MAX_DIGITS} digits, "
                                         f"got one of {len(digits):,} characters"))
            return None
        try:
            return int(digits)
        except ValueError:
            problems.append((option.key, f"{option.key}: expected a whole number, got {value!r}"))
            return None
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        problems.append((option.key, f"{option.key}: expected text, got {value!r}"))
        return None
    text = str(value)
    problem = text_problem(text)
    if problem:
        problems.append((option.key, f"{option.key}: {problem}"))
        return None
    if option.allowed and text not in option.allowed:
        problems.append((option.key, f"{option.key}: {text!r} is not one of {', '.join(option.allowed)}"))
    return text


def parse_spec(template: Template, raw: Mapping[str, Any] | None = None) -> Spec:
    """The spec ``raw`` (dotted or nested keys) checked against the template's options; raises SpecError
    listing every unknown option and ill-typed value."""
    flat = flatten(raw or {})
    problems: list[tuple[str, str]] = [
        (str(key), f"unknown option {key!r}; known options: {', '.join(template.option)} (see 'clausegraph variants')")
        for key in flat
        if key not in template.option
    ]
    values: dict[str, Any] = {}
    for option in template.options:
        given = flat.get(option.key)
        if given is None:
            values[option.key] = () if option.is_list else option.default
        elif option.is_list:
            values[option.key] = _provisions(template, option, given, problems)
        else:
            values[option.key] = _coerce(option, given, problems)
    if problems:
        raise SpecError(problems)
    omitted = frozenset(template.by_path[p].iri for option in template.options if option.is_list for p in values[option.key])
    return Spec(MappingProxyType(values), frozenset(k for k, v in flat.items() if v is not None), omitted)


# ------------------------------------------------------------------ the schema


def spec_schema(template: Template) -> dict[str, Any]:
    """A JSON Schema (2020-12) of a spec in its flat form (dotted keys), from the template's options."""
    properties: dict[str, Any] = {}
    for o in template.options:
        if o.is_list:
            prop: dict[str, Any] = {"type": "array", "items": {"type": "string", "enum": list(template.by_path)}, "default": []}
        else:
            prop = {"type": o.datatype}
            if o.datatype == "integer":
                prop["minimum"] = 0
            if o.default is not None:
                prop["default"] = o.default
            elif o.datatype == "string":
                prop["type"] = ["string", "null"]
        if o.allowed:
            prop["enum"] = list(o.allowed)
        prop.update({"title": o.label_en, "description": o.definition_en, "x-label-zh": o.label_zh, "x-definition-zh": o.definition_zh})
        properties[o.key] = prop
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "clausegraph variant spec",
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
