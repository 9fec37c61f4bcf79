"""Drafting: agreement variants assembled from the graph.

Three steps, the same for the CLI, the service and any capability that works on a variant (the
review): the template is read from the store once (:func:`template_for`, cached per store), a spec
is parsed against it (:func:`parse_spec`) and checked against its rules (:func:`check`: findings,
never an exception), and the variant is assembled (:func:`assemble`, pure) and rendered
(:func:`render`)::

    template = template_for(store)
    spec = parse_spec(template, {"non_compete_months": 12, "employee": {"name": "张三"}})
    findings = check(template, spec)            # violations refuse the variant, warnings do not
    data = render(assemble(template, spec, findings=findings), "txt")  # bytes: UTF-8 text, or a DOCX

Modules: :mod:`.template` (the only one that runs SPARQL, ``queries/drafting/``), :mod:`.spec`,
:mod:`.rules` (compiled from ``ontology/variant-shapes.ttl``), :mod:`.assemble`, :mod:`.render` with
its templates beside it, :mod:`.docx` (the DOCX package), :mod:`.pages` (a DOCX as LibreOffice prints it), :mod:`.numerals`.
"""

from __future__ import annotations

from .assemble import Document, assemble
from .render import FORMATS, render
from .rules import Finding, Findings, check
from .spec import Spec, parse_spec, spec_schema
from .template import AGREEMENT_IRI, Template, forget, read_template, template_for

__all__ = ["AGREEMENT_IRI", "FORMATS", "Document", "Finding", "Findings", "Spec", "Template", "assemble", "check", "forget",
           "parse_spec", "read_template", "render", "spec_schema", "template_for"]
