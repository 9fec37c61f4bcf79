"""A DOCX as LibreOffice lays it out: the PDF it prints and a picture of a page.

What the tests look at (page size, fonts, colours, the footer's page numbers) and what ``make docs`` shows in the
README (the first page, :mod:`clausegraph.screenshots`). LibreOffice runs headless with a profile of its own (so it
never meets a user's running instance) and with ``fonts.conf`` beside this module added to the machine's fontconfig
configuration: 宋体 and 黑体, where missing, become a Simplified Chinese serif and sans (Noto CJK SC), as Word and
WPS substitute them from the DOCX's font table. The page is drawn by poppler's ``pdftoppm``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import OfficeError

FONTS_CONF = Path(__file__).with_name("fonts.conf")
TIMEOUT_S = 180


def _tool(name: str, package: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise OfficeError(f"{name} is not installed; install {package} (apt-get install {package}), as .ci/run does")
    return found


def _run(command: list[str], env: dict[str, str] | None = None) -> None:
    try:
        done = subprocess.run(command, capture_output=True, timeout=TIMEOUT_S, env=env, check=False)
    except subprocess.TimeoutExpired as exc:
        raise OfficeError(f"{Path(command[0]).name} took more than {TIMEOUT_S} s; is another instance stuck?") from exc
    if done.returncode != 0:
        raise OfficeError(f"{Path(command[0]).name} failed ({done.returncode}): {done.stderr.decode(errors='replace').strip()[-300:]}")


def office_env() -> dict[str, str]:
    """The environment LibreOffice runs in: this machine's, with the Chinese font names mapped (``fonts.conf``)."""
    return {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF)}


def convert(data: bytes, target: str, *, suffix: str = ".docx") -> bytes:
    """``data`` (a DOCX) converted by LibreOffice to ``target`` (``pdf``, ``txt:Text (encoded):UTF8`` …)."""
    soffice = _tool("soffice", "libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory(prefix="clausegraph-office-") as tmp:
        folder = Path(tmp)
        source = folder / f"document{suffix}"
        source.write_bytes(data)
        _run([soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
              "--convert-to", target, "--outdir", str(folder / "out"), str(source)], env=office_env())
        produced = sorted((folder / "out").glob("document.*"))
        if not produced:
            raise OfficeError(f"LibreOffice wrote nothing converting a {suffix} to {target}; is the file a Word document?")
        return produced[0].read_bytes()


def docx_pdf(data: bytes) -> bytes:
    """The PDF LibreOffice prints of a DOCX."""
    return convert(data, "pdf")


def page_png(pdf: bytes, *, page: int = 1, dpi: int = 110) -> bytes:
    """Page ``page`` of a PDF as a PNG, drawn by poppler's pdftoppm at ``dpi``."""
    pdftoppm = _tool("pdftoppm", "poppler-utils")
    with tempfile.TemporaryDirectory(prefix="clausegraph-page-") as tmp:
        folder = Path(tmp)
        (folder / "document.pdf").write_bytes(pdf)
        _run([pdftoppm, "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile",
              str(folder / "document.pdf"), str(folder / "page")])
        return (folder / "page.png").read_bytes()
