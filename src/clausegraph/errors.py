"""The exceptions clausegraph raises. Every message says what was wrong and what to do.

Each class carries what the front ends need, so neither keeps a ladder of ``isinstance`` checks:
``exit_code`` for the CLI (1 for :class:`ViolationsFound`, 2 for every other error), ``http_status``
and ``code`` (the ``error`` field of the JSON body) for the service, and :meth:`ClauseGraphError.details`
for structured fields the JSON body carries beside ``error`` and ``detail`` (a refused variant's findings).
"""

from __future__ import annotations

from typing import Any


class ClauseGraphError(Exception):
    """Root of every error clausegraph raises on purpose."""

    exit_code = 2
    http_status = 500
    code = "error"
    #: extra HTTP headers the service sends with this error (e.g. Retry-After)
    headers: dict[str, str] = {}

    def details(self) -> dict[str, Any]:
        """Structured fields the service's JSON body carries beside ``error`` and ``detail`` (none by default)."""
        return {}


class BadInputError(ClauseGraphError):
    """A malformed option, parameter, query or file given by the user."""

    http_status = 400
    code = "bad-request"


class UsageError(BadInputError):
    """A command line that cannot be read (an unknown command or option, a missing or malformed value): the message
    ends by pointing at the help of the command that was being read."""

    def __init__(self, message: str, prog: str = "clausegraph"):
        self.message, self.prog = message, prog
        super().__init__(f"{message}; see '{prog} --help'")

    def __reduce__(self):
        return (type(self), (self.message, self.prog))


class UnknownNameError(BadInputError):
    """A name (question, provision, term, format) that does not exist; the message lists the known ones."""

    http_status = 404
    code = "not-found"


class SpecError(BadInputError):
    """A variant spec with unknown options or ill-typed values; ``problems`` holds (option, message) pairs."""

    http_status = 422
    code = "invalid-spec"

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("the variant spec has errors:\n  " + "\n  ".join(message for _, message in problems))

    def __reduce__(self):  # picklable across the service's worker processes
        return (type(self), (self.problems,))

    def details(self) -> dict[str, Any]:
        """Each problem as a violation of its option, as a refused variant's findings are given."""
        return {"violations": [{"option": key, "message": message, "severity": "violation"} for key, message in self.problems],
                "warnings": []}


class QueryError(ClauseGraphError):
    """A SPARQL query could not be parsed or run."""

    http_status = 400
    code = "bad-query"


class DataError(ClauseGraphError):
    """The graph's source files are missing or not valid RDF."""


class TemplateMissing(ClauseGraphError):
    """The store holds no agreement template, so a question about the template would answer nothing at all;
    the message names the template and the ``clausegraph load`` command that puts it there."""

    code = "template-missing"


class ReasonerError(ClauseGraphError):
    """The OWL reasoner could not run (no Java, bad ontology) or found the ontology inconsistent."""


class ViolationsFound(ClauseGraphError):
    """Validation or quality checks found defects; the report holds them."""

    exit_code = 1
    http_status = 422
    code = "violations"


class VariantRefused(ViolationsFound):
    """A variant that breaks a legal limit or a rule of the template's structure: nothing is rendered.

    ``violations`` and ``warnings`` are the findings of :func:`clausegraph.drafting.rules.check`
    (dataclasses with ``option``, ``rule``, ``ground``, ``message`` and their Chinese counterparts)."""

    code = "variant-refused"

    def __init__(self, violations: tuple[Any, ...] | list[Any], warnings: tuple[Any, ...] | list[Any] = ()):
        self.violations = tuple(violations)
        self.warnings = tuple(warnings)
        lines = [f"{f.option}: {f.message}" + (f" [{f.rule}; ground: {f.ground}]" if f.ground else f" [{f.rule}]") for f in self.violations]
        count = len(self.violations)
        super().__init__(f"the variant is refused ({count} violation{'s' if count != 1 else ''}):\n  " + "\n  ".join(lines))

    def __reduce__(self):
        return (type(self), (self.violations, self.warnings))

    def details(self) -> dict[str, Any]:
        from dataclasses import asdict

        return {"violations": [asdict(f) for f in self.violations], "warnings": [asdict(f) for f in self.warnings]}


class StoreError(ClauseGraphError):
    """The store could not be opened or reached, or refused a request."""

    http_status = 502
    code = "store-error"


class ServerError(ClauseGraphError):
    """A server that tests and benchmarks start on loopback (``oxigraph serve``, ``clausegraph serve``) could not be
    found or did not start."""


class OfficeError(ClauseGraphError):
    """LibreOffice (soffice) or poppler (pdftoppm) is missing or could not lay a document out; the message says which
    and what to install."""


class StoreTimeout(StoreError):
    """A remote endpoint did not answer within the store's deadline."""


class OutputError(BadInputError):
    """An output path that cannot or must not be written (not a regular file, read-only, missing folder)."""


# --- the SPARQL endpoint's limits and refusals -----------------------------------------------------

class Refused(BadInputError):
    """A request the read-only endpoint does not serve (update, LOAD, SERVICE, FROM)."""

    code = "refused"


class QueryTooLarge(BadInputError):
    """The query text is longer than the endpoint's query-size limit."""

    http_status = 413
    code = "query-too-large"


class TooDeep(QueryError):
    """The query nests deeper than the parser follows."""

    code = "query-too-deep"


class TooManyResults(BadInputError):
    """The result passed the configured size limit."""

    code = "result-too-large"


class NotAcceptable(BadInputError):
    """No media type the client accepts can carry the answer."""

    http_status = 406
    code = "not-acceptable"


class QueryTimeout(ClauseGraphError):
    """The query ran past the configured time limit and was stopped."""

    http_status = 503
    code = "query-timeout"


class EngineFailure(ClauseGraphError):
    """The query engine failed on a query (a fault of the engine, not of the query), and its worker was replaced."""

    http_status = 500
    code = "engine-failure"


class QueryMemory(ClauseGraphError):
    """The query needed more memory than a query worker may use, and its worker was stopped."""

    http_status = 503
    code = "query-memory"


class Busy(ClauseGraphError):
    """Every query worker is busy and the queue is full: try again shortly."""

    http_status = 503
    code = "busy"
    headers = {"Retry-After": "1"}


# --- ingestion (clausegraph.ingest): every one is bad input, exit 2, nothing written -------------------


class IngestError(BadInputError):
    """A file given to ``clausegraph ingest`` that cannot be read as an agreement."""


class EmptyInputError(IngestError):
    """The file holds no text."""


class BinaryInputError(IngestError):
    """The file is not text in any encoding the detector knows (an image, an archive, a program)."""


class NotADocxError(IngestError):
    """A .docx file that is not a Word document (a zip of something else, or not a zip at all)."""


class NotAnAgreementError(IngestError):
    """The text has no numbered provisions (第一条, 一、, 1、 …), so it is not an agreement ingest can read."""
