"""Findings 9 and 10: what the command line reads and writes.

9. An RDF/XML file of 615 bytes declaring nested entities ("billion laughs") made `clausegraph load`
   try to allocate ~15 GB and abort with a Rust backtrace. Entity declarations are now refused
   before any parser expands them: one line, exit 2.
10. `--output` replaced whatever was there (a FIFO, a device, a symlink, a read-only file) with a new
    0600 file. Now only regular files are written, with the usual mode (0666 less the umask).
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

from cli_runner import invoke

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
 <!ENTITY a "hahahahahahahahahahahahahahahahahahahahahahahahahahahahahahahahahahahahahahaha">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
 <rdf:Description rdf:about="urn:x"><rdf:value>&e;</rdf:value></rdf:Description>
</rdf:RDF>
"""


@pytest.mark.parametrize("store", ["memory", "rdflib", "persistent"])
def test_xml_entities_are_refused_before_any_parser_expands_them(tmp_path, store):
    path = tmp_path / "laughs.rdf"
    path.write_text(LAUGHS, encoding="utf-8")
    spec = f"oxigraph:{tmp_path / 'db'}" if store == "persistent" else store
    # a process of its own, with an address-space cap: an expansion would abort it, not the test run
    command = [sys.executable, "-c", "import resource; resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30)); "
               "import sys; from clausegraph.cli import app; sys.exit(app())", "load", str(path), "--store", spec]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"error: {path} declares XML entities (EntitiesForbidden")
    assert lines[0].endswith("clausegraph does not expand them (one entity can expand to gigabytes): write the triples out in full")


def _export(target) -> tuple[int, str]:
    result = invoke(["export", "--format", "nt", "--output", str(target)])
    return result.exit_code, result.output


@pytest.fixture
def places(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    device = tmp_path / "null"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a /dev/null of the test's own
    target = tmp_path / "target.nt"
    target.write_text("keep\n")
    link = tmp_path / "link.nt"
    link.symlink_to(target)
    readonly = tmp_path / "readonly.nt"
    readonly.write_text("keep\n")
    readonly.chmod(0o444)
    folder = tmp_path / "folder"
    folder.mkdir()
    return {"fifo": (fifo, "a FIFO"), "device": (device, "a character device"), "link": (link, "a symbolic link"),
            "folder": (folder, "a folder")}, readonly, target


@pytest.mark.parametrize("kind", ["fifo", "device", "link", "folder"])
def test_output_never_replaces_what_is_not_a_regular_file(places, kind):
    special, _, target = places
    path, what = special[kind]
    before = path.lstat()
    code, output = _export(path)
    assert code == 2
    assert output.strip() == f"error: cannot write {path}: it is {what}, not a regular file; give the path of a file to create or replace"
    after = path.lstat()
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)
    assert target.read_text() == "keep\n"


def test_output_never_replaces_a_read_only_file(places):
    _, readonly, _ = places
    code, output = _export(readonly)
    assert code == 2
    assert output.strip() == f"error: cannot write {readonly}: the file is read-only; choose another path or make it writable"
    assert readonly.read_text() == "keep\n"


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_output_files_get_the_mode_the_umask_gives(tmp_path, umask, mode):
    previous = os.umask(umask)
    try:
        code, _ = _export(tmp_path / "graph.nt")
    finally:
        os.umask(previous)
    assert code == 0
    assert stat.S_IMODE((tmp_path / "graph.nt").stat().st_mode) == mode


def test_a_replaced_file_keeps_its_mode(tmp_path):
    path = tmp_path / "graph.nt"
    path.write_text("old\n")
    path.chmod(0o640)
    assert _export(path)[0] == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o640 and path.read_text() != "old\n"
