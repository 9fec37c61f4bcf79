"""The exceptions clausegraph raises. Every message says what was wrong and what to do.

The CLI maps them to exit codes: 1 for :class:`ViolationsFound`, 2 for every other error.
"""


class ClauseGraphError(Exception):
    """Root of every error clausegraph raises on purpose."""

    exit_code = 2


class BadInputError(ClauseGraphError):
    """A malformed option, parameter, query or file given by the user."""


class UnknownNameError(BadInputError):
    """A name (question, provision, term, format) that does not exist; the message lists the known ones."""


class SpecError(BadInputError):
    """A variant spec with unknown options or ill-typed values; ``problems`` holds (option, message) pairs."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("the variant spec has errors:\n  " + "\n  ".join(message for _, message in problems))


class QueryError(ClauseGraphError):
    """A SPARQL query could not be parsed or run."""


class DataError(ClauseGraphError):
    """The graph's source files are missing or not valid RDF."""


class ReasonerError(ClauseGraphError):
    """The OWL reasoner could not run (no Java, bad ontology) or found the ontology inconsistent."""


class ViolationsFound(ClauseGraphError):
    """Validation or quality checks found defects; the report holds them."""

    exit_code = 1


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
