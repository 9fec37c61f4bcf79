"""The page's vendored libraries (src/clausegraph/service/static/vendor/): each folder holds its licence and a
README that names the npm package and version and the sha256 of every file served, and those hashes are the
files' own (an update that forgets the README fails here)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

VENDOR = Path(__file__).parents[1] / "src" / "clausegraph" / "service" / "static" / "vendor"
PACKAGES = {"yasgui": ("@triply/yasgui", "4.2.28"), "chart.js": ("chart.js", "4.6.1")}


def test_every_vendored_folder_is_described():
    assert {p.name for p in VENDOR.iterdir() if p.is_dir()} == set(PACKAGES)


@pytest.mark.parametrize("name", sorted(PACKAGES))
def test_licence_and_readme(name):
    folder = VENDOR / name
    package, version = PACKAGES[name]
    assert "MIT License" in (folder / "LICENSE").read_text(encoding="utf-8")
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert f"`{package}` {version}" in readme and f"npm pack {package}@{version}" in readme
    served = sorted(p for p in folder.iterdir() if p.suffix in (".js", ".css"))
    assert served
    hashes = dict(re.findall(r"`([\w.-]+\.(?:js|css))` ([0-9a-f]{64})", readme))
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in served} == hashes
