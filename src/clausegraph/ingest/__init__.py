"""Ingest agreements: a text, Markdown or DOCX file in, an agreement graph in the clausegraph ontology out.

The one entry point of the ingest capability (front ends call only what is defined here)::

    from clausegraph.ingest import ingest_file
    agreement = ingest_file(Path("tests/cases/source/000_fbae400574137c56.txt"))
    agreement.graph            # the named graph it belongs in
    agreement.triples          # structure, spans, provenance, references, citations, terms, candidates
    agreement.notes            # what was reported: numbering gaps, unresolved references, unknown titles …

Pipeline: decode (encoding detection, DOCX and Markdown extraction) → segment (structure with spans)
→ parties, references, citations, terms, candidates → rdf (triples). What is extracted and what is
only a candidate: docs/ingesting.md.
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pyoxigraph as ox

from ..errors import BadInputError, IngestError
from ..formats import choices
from .candidates import find_candidates
from .citations import find_citations
from .curate import CURATE_TYPES, CandidateRow, list_candidates
from .curate import promote as promote_candidate
from .curate import reject as _reject
from .decode import SUFFIXES, SourceDocument, read_source, source_from_bytes
from .model import Layout, Note, Provision, Span
from .parties import find_parties
from .rdf import INGESTED, Reading, build_triples, graph_iri
from .references import find_references
from .segment import segment
from .terms import find_terms

__all__ = [
    "CANDIDATE_COLUMNS", "CURATE_TYPES", "CandidateRow", "FORMATS", "Ingested", "Layout", "Note", "SourceDocument", "agreement_id_for",
    "candidate_cells", "check_request", "curate_graph", "expand_inputs", "ingest_file", "ingest_files", "ingest_source",
    "list_candidates", "load_into", "promote_candidate", "read_source", "report", "serialize", "source_from_bytes", "write_outputs",
]

_RDF_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}
FORMATS = {name: _RDF_FORMATS[name] for name in choices("ingest")}
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


@dataclass(frozen=True)
class Ingested:
    """One ingested agreement: its id, named graph, what was read, and its triples."""

    agreement_id: str
    graph: str
    reading: Reading
    triples: list[ox.Triple]

    @property
    def agreement(self) -> ox.NamedNode:
        return ox.NamedNode(f"{INGESTED}{self.agreement_id}/agreement")

    @property
    def notes(self) -> list[Note]:
        return self.reading.layout.notes

    def summary(self) -> str:
        """One line: what was found."""
        r = self.reading
        provisions = r.layout.provisions()
        articles = sum(1 for p in provisions if p.kind == "Article")
        unresolved = sum(1 for ref in r.references if ref.target is None)
        citations = sum(1 for c in r.citations if c.status == "resolved")
        chapters = f"{len(r.layout.chapters)} chapters, " if r.layout.chapters else ""
        return (f"{r.source.name} → <{self.graph}>: {chapters}{articles} articles, {len(provisions) - articles} paragraphs and items, "
                f"{len(r.references) - unresolved} cross-references ({unresolved} unresolved), {citations} resolved citations "
                f"({len(r.citations) - citations} not), {len(r.terms)} defined terms, {len(r.candidates.norms)} candidate norms, "
                f"{len(self.notes)} issues")


@lru_cache(maxsize=1)
def _tool_version() -> str:
    try:
        return version("clausegraph")
    except PackageNotFoundError:  # running from a checkout that is not installed
        return "0+unknown"


def agreement_id_for(path: Path) -> str:
    """The id an agreement gets from its file name: the stem when it is a safe IRI segment, else its percent-encoding."""
    stem = path.stem
    return stem if _ID.match(stem) else urllib.parse.quote(stem, safe="")


def check_id(agreement_id: str) -> str:
    """Refuse an --id that cannot name a graph (letters, digits, . _ - only)."""
    if not _ID.match(agreement_id):
        raise BadInputError(f"--id {agreement_id!r} must start with a letter or digit and hold only letters, digits, '.', '_' and '-' (at most 100)")
    return agreement_id


def ingest_source(source: SourceDocument, *, agreement_id: str, now: Callable[[], dt.datetime] | None = None) -> Ingested:
    """Read one decoded source into an agreement graph."""
    clock = now or (lambda: dt.datetime.now(dt.timezone.utc).replace(microsecond=0))
    started = clock()
    layout = segment(source.text, name=source.name)
    parties = find_parties(layout)
    components: list[tuple[object, Span]] = []
    if layout.preamble is not None:
        components.append(("preamble", layout.preamble.text))
    for p in layout.provisions():
        if p.heading is not None:
            components.append((p, p.heading))
        if p.text is not None:
            components.append((p, p.text))
    citations = find_citations(layout, [c for c in components if not (isinstance(c[0], Provision) and c[1] == c[0].heading)])
    references = find_references(layout, [c.span for c in citations])
    terms = find_terms(layout, components)
    candidates = find_candidates(layout, parties)
    reading = Reading(agreement_id, source, layout, parties, references, citations, terms, candidates, started, clock(), _tool_version())
    return Ingested(agreement_id, graph_iri(agreement_id), reading, build_triples(reading))


def ingest_file(path: Path, *, agreement_id: str | None = None, now: Callable[[], dt.datetime] | None = None) -> Ingested:
    """Read a .txt, .md or .docx file into an agreement graph; bad input raises an IngestError."""
    return ingest_source(read_source(path), agreement_id=check_id(agreement_id) if agreement_id else agreement_id_for(path), now=now)


def expand_inputs(paths: Iterable[Path]) -> list[Path]:
    """The files to ingest: the files given, and the .txt, .md and .docx files of a folder given (sorted)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith("."))
            if not inside:
                raise IngestError(f"{path} holds no .txt, .md or .docx file to ingest")
            files += inside
        else:
            files.append(path)
    if not files:
        raise IngestError("give at least one .txt, .md or .docx file, or a folder of them")
    return files


def ingest_files(paths: list[Path], *, agreement_id: str | None = None, step: Callable[[Path], None] | None = None,
                 now: Callable[[], dt.datetime] | None = None) -> list[Ingested]:
    """Ingest every file (all are read before anything is written: one bad file stops the run).
    ``agreement_id`` names a single agreement; ``step`` is called after each file (a progress bar)."""
    if agreement_id is not None and len(paths) != 1:
        raise BadInputError("--id names one agreement; give one file, or leave --id out (each file is named by its stem)")
    done: list[Ingested] = []
    seen: dict[str, Path] = {}
    for path in paths:
        item = ingest_file(path, agreement_id=agreement_id, now=now)
        if item.agreement_id in seen:
            raise BadInputError(f"{path} and {seen[item.agreement_id]} would both be agreement {item.agreement_id!r}; rename one of them")
        seen[item.agreement_id] = path
        done.append(item)
        if step is not None:
            step(path)
    return done


def serialize(item: Ingested, fmt: str) -> bytes:
    """One agreement graph as Turtle, N-Triples or JSON-LD."""
    if fmt not in FORMATS:
        raise BadInputError(f"--format {fmt!r} is not one of {', '.join(FORMATS)}")
    from ..sources import PREFIXES

    prefixes = {**{k: PREFIXES[k] for k in ("cg", "law", "rdfs", "xsd", "skos", "dcterms", "prov", "time")},
                "doc": f"{INGESTED}{item.agreement_id}/"} if fmt == "ttl" else None
    return ox.serialize(item.triples, format=FORMATS[fmt], prefixes=prefixes)


def write_outputs(items: list[Ingested], output: Path, fmt: str) -> list[Path]:
    """Write each agreement (atomically): one agreement to ``output`` (a file, or a folder to put ID.FMT in);
    several to ``output``, a folder (created when missing), as ID.FMT each."""
    from ..export import write_bytes_atomically

    if len(items) > 1 or output.is_dir():
        if output.exists() and not output.is_dir():
            raise BadInputError(f"-o {output} is a file; a corpus is written as one file per agreement into a folder: give a folder")
        targets = [output / f"{item.agreement_id}.{fmt}" for item in items]
    else:
        targets = [output]
    data = [serialize(item, fmt) for item in items]
    if len(items) > 1 or output.is_dir():
        output.mkdir(parents=True, exist_ok=True)
    for target, blob in zip(targets, data):
        write_bytes_atomically(target, blob)
    return targets


def load_into(store, items: list[Ingested]) -> int:
    """Load the agreements into the store as one load, each into its own named graph (replacing it); return the
    triple count. Oxigraph (memory or disk) loads a corpus in one transaction, whole or not at all; an endpoint
    in SPARQL Update requests of whole agreements (Store.load_graphs)."""
    graphs: dict[str, list[ox.Triple]] = {}
    for item in items:
        if item.graph in graphs:
            raise BadInputError(f"agreement {item.agreement_id!r} comes twice; each agreement is loaded into its own graph once")
        graphs[item.graph] = item.triples
    return store.load_graphs(graphs)


def check_request(files: list[Path], *, output: Path | None, store: str | None) -> list[Path]:
    """The files to ingest, once the request is checked (before anything is read or written)."""
    if output is not None and store is not None:
        raise BadInputError("give -o to write files or --store to load a store, not both")
    if store is not None and store.split(":", 1)[0] not in ("oxigraph", "sparql"):
        raise BadInputError(f"--store {store!r} would be gone when the command ends; load into oxigraph:PATH or sparql:URL, or write files with -o")
    paths = expand_inputs(files)
    if len(paths) > 1 and output is None and store is None:
        raise BadInputError(f"{len(paths)} agreements make a corpus: give -o FOLDER (one file each) or --store oxigraph:PATH (one named graph each)")
    if output is not None:
        if len(paths) > 1 or output.is_dir():
            if output.exists() and not output.is_dir():
                raise BadInputError(f"-o {output} is a file; a corpus is written into a folder, one file per agreement")
            if not output.exists() and not output.parent.is_dir():
                raise BadInputError(f"cannot write into {output}: folder {output.parent} does not exist")
        else:
            check_target(output)
    return paths


def check_target(path: Path) -> None:
    """Refuse an output path that is not a regular file to create or replace (checked before any work)."""
    if path.exists() and (path.is_symlink() or not path.is_file()):
        raise BadInputError(f"cannot write {path}: it is not a regular file; give the path of a file to create or replace")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise BadInputError(f"cannot write {path}: folder {folder} does not exist")


def report(items: list[Ingested], *, limit: int = 20) -> list[str]:
    """What to tell the user: a summary line per agreement and its issues (the first ``limit`` agreements)."""
    lines: list[str] = []
    for item in items[:limit]:
        lines.append(item.summary())
        lines += [f"  {note.kind}: {note.message}" for note in item.notes]
    if len(items) > limit:
        issues = sum(len(item.notes) for item in items[limit:])
        lines.append(f"… and {len(items) - limit} more agreements with {issues} issues (all of them: clausegraph query queries/ingest/issues.rq --store STORE)")
    return lines


CANDIDATE_COLUMNS = ("candidate", "provision", "type", "modals", "bearer", "status", "sentence")


def candidate_cells(row: CandidateRow) -> tuple[str, ...]:
    """One candidate norm as the curator's row (:data:`CANDIDATE_COLUMNS`): its local name (what --promote takes) first."""
    return (row.iri.rsplit("/", 1)[1], row.provision, row.type, row.modals, row.bearer or "-", row.status, row.sentence)


def curate_graph(graph: Path | None, *, store: str | None, promote: list[str], reject: list[str], as_type: str | None,
                 bearer: str | None, rests_on: tuple[str, ...], output: Path | None) -> tuple[list[str], list[CandidateRow]]:
    """Promote and reject candidates in a graph file (written back atomically, or to ``output``) or a store;
    with nothing to change, list the candidates. Returns (what changed, the candidates)."""
    from .curate import open_graph_file, resolve_candidate, save_graph_file

    if (graph is None) == (store is None):
        raise BadInputError("give an ingested agreement graph file, or --store, (one of them)")
    if (as_type or bearer or rests_on) and not promote:
        raise BadInputError("--as, --bearer and --rests-on apply to --promote; give the candidate to promote")
    if output is not None and graph is None:
        raise BadInputError("-o writes a curated graph file; with --store the changes stay in the store")
    if graph is not None:
        check_target(output or graph)
        target = open_graph_file(graph)
    else:
        from ..store import open_store

        target = open_store(store)  # type: ignore[arg-type]
    changes = []
    for name in promote:
        iri = resolve_candidate(target, name)
        norm = promote_candidate(target, iri, as_type=as_type, bearer=bearer, rests_on=rests_on)
        changes.append(f"promoted {name} to {norm}")
    for name in reject:
        _reject(target, resolve_candidate(target, name))
        changes.append(f"rejected {name}")
    rows = list_candidates(target)
    if changes and graph is not None:
        save_graph_file(target, output or graph)
    target.close()
    return changes, rows
