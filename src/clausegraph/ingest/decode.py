"""From a file to the text ingestion reads: decoding plain text, extracting Markdown and DOCX.

Plain text is decoded with the encoding charset-normalizer detects (UTF-8, UTF-8 with a byte-order
mark, GB18030/GBK, UTF-16 …); a file it cannot read as text in any encoding is refused. Markdown and
DOCX files are turned into plain text first (one line per block); the offsets of the graph index
that extracted text, which the graph keeps beside the agreement.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import BinaryInputError, EmptyInputError, IngestError

SUFFIXES = {".txt": "text/plain", ".md": "text/markdown", ".markdown": "text/markdown",
            ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


@dataclass(frozen=True)
class SourceDocument:
    """A file read for ingestion: what it is, and the text the offsets index."""

    name: str  # the file's name
    sha256: str
    size: int  # bytes
    media_type: str
    encoding: str | None  # the detected encoding of a text file; None for DOCX
    text: str  # the decoded text (plain text) or the extracted text (Markdown, DOCX)
    extracted: bool  # True when ``text`` was extracted from Markdown or DOCX rather than decoded as is


def read_source(path: Path) -> SourceDocument:
    """Read a .txt, .md or .docx file; raise an IngestError (one line, saying what to do) when it cannot be read."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise IngestError(f"{path}: cannot ingest {suffix or 'a file without a suffix'}; give a .txt, .md or .docx file")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise IngestError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise IngestError(f"{path} is a folder; give the files, or the folder as the only argument") from None
    except OSError as exc:
        raise IngestError(f"{path}: cannot read it: {exc.strerror}") from exc
    return source_from_bytes(path.name, data)


def source_from_bytes(name: str, data: bytes) -> SourceDocument:
    """The same as :func:`read_source` for bytes already in memory (``name`` gives the type by its suffix)."""
    suffix = Path(name).suffix.lower()
    if not data.strip():
        raise EmptyInputError(f"{name} is empty; give a file with the agreement's text")
    digest = hashlib.sha256(data).hexdigest()
    if suffix == ".docx":
        from .word import docx_text

        text = docx_text(name, data)
        encoding, extracted = None, True
    else:
        text, encoding = decode_text(name, data)
        extracted = False
        if suffix in (".md", ".markdown"):
            from .markdown import markdown_text

            text, extracted = markdown_text(text), True
    if not text.strip():
        raise EmptyInputError(f"{name} holds no text; give a file with the agreement's text")
    return SourceDocument(name, digest, len(data), SUFFIXES[suffix], encoding, text, extracted)


def decode_text(name: str, data: bytes) -> tuple[str, str]:
    """The text and the encoding charset-normalizer detects; a binary file raises BinaryInputError."""
    from charset_normalizer import from_bytes

    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BinaryInputError(f"{name} is a binary file, not text; give the agreement as .txt (UTF-8 or GBK), .md or .docx")
    best = from_bytes(data).best()
    if best is None:
        raise BinaryInputError(f"{name} is not text in any known encoding; save it as UTF-8 (or give the .docx)")
    text = str(best)
    if _control_share(text) > 0.05:
        raise BinaryInputError(f"{name} is a binary file, not text; give the agreement as .txt (UTF-8 or GBK), .md or .docx")
    return text.removeprefix("\ufeff"), best.encoding


def _control_share(text: str) -> float:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls / max(len(text), 1)
