"""``clausegraph crosswalk``: the agreement (or a variant, or an ingested agreement) against CUAD, ContractNLI or LEDGAR.

``clausegraph crosswalk [SPEC] [--set KEY=VALUE …] --scheme contractnli|cuad|ledgar [--format table|json|csv]``
prints the labels (the default command, ``labels``); ``clausegraph crosswalk export --scheme … [SPEC …]`` writes the
dataset's own file. Errors are :class:`~clausegraph.errors.ClauseGraphError`: the command line prints them as one
line and exits with their code (2 for bad input, 1 for a variant refused by a legal limit).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Optional

from ..cli_options import Command, Parser, check_choice, format_option, key_values, output_option, repeated, store_option


def _spec(path: Optional[Path], flags: list[str]) -> dict[str, Any] | None:
    """The variant spec of a file and --set flags (None when neither is given: the source as it is)."""
    from ..drafting.spec import flatten, load_spec_file

    if path is None and not flags:
        return None
    values = flatten(load_spec_file(path)) if path is not None else {}
    values.update(key_values(flags, flag="--set", example="omit=3.4"))
    return values


def _check_scheme(scheme: Optional[str]) -> str:
    """``--scheme``, required: one of the datasets."""
    from . import SCHEMES
    from ..errors import BadInputError

    if not scheme:
        raise BadInputError(f"give --scheme (one of {', '.join(SCHEMES)})")
    check_choice("--scheme", scheme, list(SCHEMES))
    return scheme


def _agreement(raw: Optional[str]) -> Optional[str]:
    from ..queries import expand_iri

    return expand_iri(raw).value if raw is not None else None


def _common(p: Parser) -> None:
    repeated(p, "--set", "-s", dest="set_", metavar="KEY=VALUE", help="KEY=VALUE option of the variant, repeatable (omit=3.4 for lists).")
    p.add_argument("--scheme", metavar="SCHEME", help="contractnli, cuad or ledgar.")
    p.add_argument("--agreement", metavar="IRI", help="Another agreement in the store (an ingested one), by IRI; default: the template.")


def _labels_arguments(p: Parser) -> None:
    p.add_argument("spec", metavar="SPEC", nargs="?", type=Path,
                   help="A variant spec (YAML or JSON), as `clausegraph assemble` takes it; --set flags override it.")
    _common(p)
    format_option(p, "crosswalk")
    store_option(p)


def labels(spec: Optional[Path], set_: list[str], scheme: Optional[str], fmt: str, agreement: Optional[str], store: str) -> None:
    """The labels of one dataset for the agreement or a variant (the default command): for contractnli one row per
    hypothesis (key, label, evidence), for cuad one row per category (present, absent or unmapped), for ledgar one
    row per provision."""
    from . import answer_json, answer_table, crosswalk
    from ..graph import load_store
    from ..tables import render, to_csv

    _check_scheme(scheme)
    values = _spec(spec, set_)
    answer = crosswalk(load_store(spec=store), scheme, spec=values, agreement=_agreement(agreement))
    if fmt == "json":
        print(json.dumps(answer_json(answer), ensure_ascii=False, indent=1))
        return
    columns, rows = answer_table(answer)
    if fmt == "csv":
        sys.stdout.write(to_csv(columns, rows))
        return
    print(render(columns, rows))


def _export_arguments(p: Parser) -> None:
    p.add_argument("specs", metavar="SPECS", nargs="*", type=Path,
                   help="Variant specs (YAML or JSON), one document each; none: the source.")
    _common(p)
    repeated(p, "--language", metavar="LANGUAGE",
             help="zh, en or zh-en: export every spec in this language (repeatable); default: the spec's own.")
    output_option(p, "Write to this file (atomically) instead of standard output.", checked=False)
    store_option(p)


def export(specs: list[Path], set_: list[str], scheme: Optional[str], agreement: Optional[str], language: list[str],
           output: Optional[Path], store: str) -> None:
    """Write the agreement and its variants in the dataset's own file layout: ContractNLI or CUAD JSON, LEDGAR JSON
    Lines (text, spans, labels), so that a model trained on the dataset can be evaluated on them."""
    from . import export as export_documents
    from ..drafting.spec import flatten, load_spec_file
    from ..export import check_output_path, write_bytes_atomically
    from ..graph import load_store

    _check_scheme(scheme)
    for lang in language:
        check_choice("--language", lang, ("zh", "en", "zh-en"))
    if output is not None:
        check_output_path(output)
    overrides = key_values(set_, flag="--set", example="omit=3.4")
    pairs = [(path.stem, {**flatten(load_spec_file(path)), **overrides}) for path in specs]
    if not pairs and overrides:
        pairs = [("variant", overrides)]
    text = export_documents(load_store(spec=store), scheme, pairs, languages=language, agreement=_agreement(agreement))
    if output is None:
        sys.stdout.write(text)
        return
    write_bytes_atomically(output, text.encode("utf-8"))
    print(f"wrote {output}", file=sys.stderr)


#: the group's commands, by name (``clausegraph crosswalk`` runs ``labels`` unless its arguments name another)
COMMANDS = {"labels": Command("labels", _labels_arguments, labels), "export": Command("export", _export_arguments, export)}
