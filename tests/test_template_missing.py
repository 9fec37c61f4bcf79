"""A store without the agreement template (only a corpus of executed agreements loaded) does not answer the template's
questions with no rows: the CLI, the service and its query workers say what is missing and how to load it, in one
line, exit 2; the store is asked once while it holds the template; corpus questions are still answered."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from clausegraph import queries
from clausegraph.errors import TemplateMissing
from clausegraph.loopback import free_port
from clausegraph.service.limits import Limits
from clausegraph.service.settings import ServiceSettings
from clausegraph.sources import graph_sources
from clausegraph.store import OxigraphStore
from cli_runner import invoke

CORPUS = Path(__file__).parent / "cases" / "corpus" / "executed.ttl"


def missing(spec: str, what: str) -> str:
    return (f"the store {spec} holds no agreement template (the project's is ag:agreement, in "
            f"ontology/agreements/departure-confidentiality/), which {what} asks about; load the project's graph into it: "
            f"clausegraph load --store {spec}")


@pytest.fixture
def corpus_only(tmp_path) -> str:
    """A persistent store holding the executed agreements of tests/cases/corpus and nothing else."""
    spec = f"oxigraph:{tmp_path / 'db'}"
    assert invoke(["load", str(CORPUS), "--store", spec]).exit_code == 0
    return spec


def test_a_template_question_says_what_is_missing(corpus_only):
    result = invoke(["ask", "survival", "--store", corpus_only])
    assert result.exit_code == 2
    assert result.stderr == f"error: {missing(corpus_only, 'the question ' + repr('survival'))}\n"
    assert result.stdout == ""


def test_a_corpus_question_is_still_answered(corpus_only):
    result = invoke(["ask", "non-compete-running", "--param", "on=2026-11-25", "--store", corpus_only, "-f", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].startswith("agreement,")


def test_once_loaded_the_template_questions_are_answered(corpus_only):
    assert invoke(["load", "--store", corpus_only]).exit_code == 0
    result = invoke(["ask", "survival", "--store", corpus_only, "-f", "csv"])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 1 + 45  # 22 at the end of employment, 23 at the agreement's end


def test_assembly_names_the_template_it_needs(corpus_only):
    result = invoke(["assemble", "--store", corpus_only])
    assert result.exit_code == 2
    assert result.stderr == (f"error: the store {corpus_only} holds no agreement template ag:agreement (in "
                             "ontology/agreements/departure-confidentiality/), which drafting asks about; load the project's "
                             f"graph into it: clausegraph load --store {corpus_only}\n")


class Counting(OxigraphStore):
    """The project's graph in memory, counting the template checks it is asked."""

    checks = 0

    def query(self, text, bindings=None):
        if "cg:AgreementTemplate }" in text:
            self.checks += 1
        return super().query(text, bindings)


def test_the_store_is_asked_once_while_it_holds_the_template():
    store = Counting()
    for source in graph_sources():
        store.load(source.path, source.graph)
    for name in ("survival", "structure", "sanctions"):
        queries.ask(store, name)
    assert store.checks == 1
    empty = Counting()
    for _ in range(2):  # not cached while missing: a load in between would be seen
        with pytest.raises(TemplateMissing):
            queries.ask(empty, "survival")
    assert empty.checks == 2


def test_the_service_refuses_such_a_store_before_its_workers_start(corpus_only):
    from clausegraph.service.app import create_app

    settings = ServiceSettings(store=corpus_only, limits=Limits(workers=1, max_queue=1))
    with pytest.raises(TemplateMissing) as info:
        create_app(settings)
    assert str(info.value) == (f"the store {corpus_only} holds no agreement template ag:agreement (in ontology/agreements/"
                               "departure-confidentiality/), which the service (assembly, review, the template questions) asks "
                               f"about; load the project's graph into it: clausegraph load --store {corpus_only}")
    result = invoke(["serve", "--store", corpus_only, "--port", str(free_port())])
    assert result.exit_code == 2
    assert result.stderr == f"error: {info.value}\n"


def test_a_query_worker_asked_a_template_question_says_so_within_its_limits(corpus_only):
    """The workers run named questions (service/worker.py) under the service's limits: the check runs there too."""
    from clausegraph.service import worker
    from clausegraph.service.pool import QueryPool

    pool = QueryPool(worker.WorkerConfig(corpus_only, (), Limits(query_timeout_s=30.0, workers=1, max_queue=2), sandbox=False))
    try:
        with pytest.raises(TemplateMissing) as info:
            asyncio.run(pool.run(worker.answer_question, "survival", {}))
        assert str(info.value) == missing(corpus_only, "the question 'survival'")
        answered = asyncio.run(pool.run(worker.answer_question, "non-compete-running", {"on": "2026-11-25"}))
        assert answered["head"]["vars"][0] == "agreement"
    finally:
        pool.close()
