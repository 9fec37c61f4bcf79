"""The drafting package's docstring example runs as written (docs that run)."""

from __future__ import annotations

import textwrap

import clausegraph.drafting as drafting
from clausegraph.graph import load_store


def test_the_package_example_runs():
    doc = drafting.__doc__
    code = textwrap.dedent(doc.split("::\n", 1)[1].split("\n\nModules:", 1)[0])
    namespace = {name: getattr(drafting, name) for name in drafting.__all__} | {"store": load_store()}
    exec(code, namespace)  # noqa: S102 - the docstring's own example
    assert [f.option for f in namespace["findings"]] == ["dispute_forum", "modern_legal_bases"]  # warnings only
    text = namespace["data"].decode("utf-8")
    assert "乙      方：张三" in text and "自离开公司之日起一年内不得自营" in text
