"""A variant's graph: the agreement's graph as the variant's text has it, in an in-memory working copy.

The crosswalk's questions (clause types, ContractNLI hypotheses) are the same SPARQL for the source
and for a variant; a variant is only a different graph. It is made from a snapshot of the store (read
once per store and kept) by SPARQL Updates run on the copy, never on the user's store:

- each omitted component leaves with its parts, the links to them and the norms only they state
  (``omit-component.ru``);
- each text variation the spec applies removes the norms whose words it deletes (``remove-norms.ru``,
  cg:removesNorm) and adds the clause types its words bring (``add-clause-types.ru``, cg:addsClauseType);
- a remedial norm of the agreement left with nothing to remedy goes too (``orphaned-remedies.ru``).

A spec that omits nothing and applies no variation (party names, periods, the language) changes no
norm: its graph is the store's own, and no copy is made.
"""

from __future__ import annotations

import threading
import weakref

import pyoxigraph as ox

from ..drafting import Spec, Template
from ..store import OxigraphStore, Store
from .graph import update

_SNAPSHOTS: weakref.WeakKeyDictionary[Store, bytes] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def snapshot(store: Store) -> bytes:
    """Every triple of the store as N-Triples, read once per store (the served store does not change while served)."""
    with _LOCK:
        data = _SNAPSHOTS.get(store)
        if data is None:
            data = ox.serialize(store.triples(), format=ox.RdfFormat.N_TRIPLES)
            _SNAPSHOTS[store] = data
        return data


def forget(store: Store) -> None:
    """Drop the snapshot of ``store`` (after it was loaded into or updated)."""
    with _LOCK:
        _SNAPSHOTS.pop(store, None)


def applied_variations(template: Template, spec: Spec) -> tuple[str, ...]:
    """The text variations the spec applies to components it keeps, as the assembler applies them."""
    out = []
    for edit in template.edits:
        if edit.kind != "TextVariation" or spec.values.get(edit.key) != edit.when:
            continue
        if any(part in spec.omitted for part in template.lineage.get(edit.component, (edit.component,))):
            continue
        out.append(edit.iri)
    return tuple(out)


def changes_norms(template: Template, spec: Spec) -> bool:
    """Whether the variant's graph differs from the template's: something omitted or a text variation applied."""
    return bool(spec.omitted) or bool(applied_variations(template, spec))


def variant_graph(store: Store, template: Template, spec: Spec) -> Store:
    """The graph of the variant ``spec`` describes: ``store`` itself when nothing changes, else a working copy."""
    if not changes_norms(template, spec):
        return store
    work = OxigraphStore()
    work.store.bulk_load(input=snapshot(store), format=ox.RdfFormat.N_TRIPLES)
    for component in sorted(spec.omitted):
        update(work, "omit-component.ru", component=component)
    for variation in applied_variations(template, spec):
        update(work, "remove-norms.ru", variation=variation)
        update(work, "add-clause-types.ru", variation=variation)
    update(work, "orphaned-remedies.ru")
    return work
