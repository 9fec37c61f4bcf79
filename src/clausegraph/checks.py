"""Quality-control checks: every ``queries/checks/NAME-violation.rq`` must return no row."""

from __future__ import annotations

from dataclasses import dataclass


from .queries import list_queries, run
from .results import Table, read_table
from .store import Store


@dataclass(frozen=True)
class CheckResult:
    """One check and the rows (defects) it found."""

    name: str
    description: str
    table: Table

    @property
    def passed(self) -> bool:
        return not self.table.rows


def run_checks(store: Store) -> list[CheckResult]:
    """Run every check query on the store."""
    results = []
    for query in list_queries("checks"):
        results.append(CheckResult(query.name, query.question_en, read_table(run(store, query.text))))
    return results
