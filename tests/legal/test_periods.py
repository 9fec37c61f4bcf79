"""Calendar periods under 民法典 第二百至二百零四条 (clausegraph.periods), and the in-force-at question
agreeing with them on every boundary day.

Expected days are worked out from the articles (tests/legal/statutes/civil-code-general-part.md):
第二百零一条 the day of the event is not counted, the period runs from the next day; 第二百零二条 the last
day is the corresponding day of the last month, or that month's last day where there is none;
第二百零三条 a last day that is a statutory holiday moves to the day after it, and the last day runs to 24:00.
"""

from __future__ import annotations

import calendar
import datetime as dt

import pytest

from clausegraph import queries
from clausegraph.errors import BadInputError
from clausegraph.periods import corresponding_day, parse_day, period_after
from clausegraph.results import read_table

D = dt.date


@pytest.mark.parametrize(("event", "months", "last"), [
    (D(2024, 1, 31), 1, D(2024, 2, 29)),    # no 31 February: the month's last day, a leap year
    (D(2023, 1, 31), 1, D(2023, 2, 28)),    # …and in a common year
    (D(2024, 1, 30), 1, D(2024, 2, 29)),
    (D(2024, 1, 29), 1, D(2024, 2, 29)),    # 29 February exists in 2024: the corresponding day
    (D(2025, 1, 29), 1, D(2025, 2, 28)),    # …not in 2025
    (D(2024, 3, 31), 1, D(2024, 4, 30)),
    (D(2024, 2, 29), 12, D(2025, 2, 28)),
    (D(2024, 2, 29), 24, D(2026, 2, 28)),   # a two-year non-compete from a departure on 29 February
    (D(2024, 2, 29), 48, D(2028, 2, 29)),
    (D(2024, 5, 31), 24, D(2026, 5, 31)),
    (D(2025, 6, 30), 36, D(2028, 6, 30)),
    (D(2023, 8, 31), 6, D(2024, 2, 29)),
    (D(2025, 6, 30), 0, D(2025, 6, 30)),
])
def test_the_last_day_is_the_corresponding_day_or_the_month_end(event, months, last):
    assert corresponding_day(event, months) == last
    assert period_after(event, months=months).last_day == last


def test_a_two_year_period_from_29_february():
    period = period_after(D(2024, 2, 29), months=24)
    assert period.first_day == D(2024, 3, 1)            # the departure day itself is not counted
    assert period.last_day == D(2026, 2, 28)
    assert period.day_after == D(2026, 3, 1)
    assert period.ends_at == dt.datetime(2026, 3, 1, 0, 0)  # 24:00 of the last day
    assert [period.covers(day) for day in (D(2024, 2, 29), D(2024, 3, 1), D(2026, 2, 28), D(2026, 3, 1))] == [False, True, True, False]


def test_a_last_day_on_a_statutory_holiday_moves_to_the_day_after_it():
    # 2026-02-28 and 2026-03-01 given as holidays: the last day becomes 2026-03-02 (第二百零三条第一款)
    period = period_after(D(2024, 2, 29), months=24, holidays={D(2026, 2, 28), D(2026, 3, 1)})
    assert period.last_day == D(2026, 3, 2)
    assert period_after(D(2024, 2, 29), months=24, holidays={D(2026, 3, 1)}).last_day == D(2026, 2, 28)


@pytest.mark.parametrize("months", [-1, 1.5, True, "24"])
def test_bad_months_are_refused(months):
    with pytest.raises(BadInputError, match="whole number of months"):
        period_after(D(2025, 6, 30), months=months)


def test_a_bad_event_day_is_refused():
    with pytest.raises(BadInputError, match="must be a date"):
        period_after("2025-06-30", months=24)
    with pytest.raises(BadInputError, match="YYYY-MM-DD"):
        parse_day("30/06/2025", name="--departure")
    assert parse_day(" 2024-02-29 ") == D(2024, 2, 29)


# ------------------------------------------------------------------ the question agrees, on every boundary day

def _departures() -> list[dt.date]:
    """Every 28th to 31st of 2023 and 2024 that exists: the days where month ends bite."""
    days = []
    for year in (2023, 2024):
        for month in range(1, 13):
            last = calendar.monthrange(year, month)[1]
            days += [D(year, month, day) for day in range(28, last + 1)]
    return days


DEPARTURES = _departures()
NON_COMPETE = "https://w3id.org/clausegraph/agreement/departure-confidentiality/norm-3-5-non-compete"
OWNERSHIP = "https://w3id.org/clausegraph/agreement/departure-confidentiality/norm-3-5-ownership"


def _in_force(store, departure: dt.date, on: dt.date) -> set[str]:
    solutions = queries.ask(store, "in-force-at", {"departure": departure.isoformat(), "on": on.isoformat()})
    return {s["normIri"].value for s in solutions}


def test_the_departures_cover_month_ends():
    # a year: 7 months of 31 days give 28–31 (4 days each), 4 of 30 give 28–30 (3), February 28 (and 29 in 2024)
    assert D(2024, 2, 29) in DEPARTURES and D(2023, 2, 28) in DEPARTURES and len(DEPARTURES) == (7 * 4 + 4 * 3 + 1) + (7 * 4 + 4 * 3 + 2)


@pytest.mark.parametrize("departure", DEPARTURES, ids=str)
def test_the_question_and_the_periods_agree_on_the_last_day_and_the_day_after(store, departure):
    non_compete = period_after(departure, months=24)
    agreement = period_after(departure, months=36)
    assert NON_COMPETE in _in_force(store, departure, non_compete.last_day)
    assert NON_COMPETE not in _in_force(store, departure, non_compete.day_after)
    assert OWNERSHIP in _in_force(store, departure, agreement.last_day)
    assert OWNERSHIP not in _in_force(store, departure, agreement.day_after)
    on_departure = _in_force(store, departure, departure)
    assert NON_COMPETE not in on_departure and OWNERSHIP not in on_departure
    assert {NON_COMPETE, OWNERSHIP} <= _in_force(store, departure, non_compete.first_day)


@pytest.mark.parametrize("months", [1, 13, 24, 36])
def test_the_day_a_month_offset_points_at_is_the_periods_last_day(store, months):
    for departure in DEPARTURES[::4]:
        rows = read_table(queries.ask(store, "in-force-at", {"departure": departure.isoformat(), "at": f"P{months}M"})).values()
        assert {row["day"] for row in rows} == {period_after(departure, months=months).last_day.isoformat()}, departure
