"""Calendar periods under 民法典 第二百条至第二百零四条 (Civil Code, general part): the one place in
Python that computes "N months after departure".

The rules, quoted from the Civil Code (tests/legal/statutes/civil-code-general-part.md):

- 第二百条 民法所称的期间按照公历年、月、日、小时计算。 Periods run on the Gregorian calendar.
- 第二百零一条第一款 按照年、月、日计算期间的，开始的当日不计入，自下一日开始计算。 The day of the
  event is not counted: a period that starts with an event (departure) runs from the next day.
- 第二百零二条 按照年、月计算期间的，到期月的对应日为期间的最后一日；没有对应日的，月末日为期间的最后一日。
  The last day of a period in months is the day of the last month that corresponds to the event's
  day; where that month has no such day, its last day.
- 第二百零三条 the last day runs to 24:00 (第二款); a last day that is a statutory holiday (法定休假日)
  moves to the day after the holiday (第一款). The graph holds no holiday calendar, so the caller
  passes the holidays it knows of (``holidays=``); with none, the last day stays where 第二百零二条
  puts it.
- 第二百零四条 these rules apply unless a law or the parties provide otherwise; the source agreement
  provides nothing else.

``dateutil.relativedelta`` adds calendar months with the month-end rule of 第二百零二条
(2024-01-31 + 1 month = 2024-02-29). The SPARQL questions decide "in force on a day" with the same
rule written as comparisons of calendar fields (queries/questions/in-force-at.rq); tests/legal
checks that both give the same answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from .errors import BadInputError

__all__ = ["Period", "corresponding_day", "period_after", "parse_day"]


def corresponding_day(event_day: dt.date, months: int) -> dt.date:
    """The day ``months`` calendar months after ``event_day`` that corresponds to it, or the last day of
    that month when it has no such day (第二百零二条): 2024-01-31 + 1 → 2024-02-29, 2024-02-29 + 12 → 2025-02-28."""
    if isinstance(months, bool) or not isinstance(months, int) or months < 0:
        raise BadInputError(f"a period in months needs a whole number of months ≥ 0, got {months!r}")
    return event_day + relativedelta(months=months)


@dataclass(frozen=True)
class Period:
    """A period of whole months that starts with an event, as 第二百零一至二百零三条 count it.

    ``first_day`` is the day after the event (the event's own day is not counted), ``last_day`` the
    corresponding day of the last month (or that month's end, or the day after a holiday), and the
    period runs until 24:00 of ``last_day``: it covers every day from ``first_day`` to ``last_day``
    inclusive, and ``day_after`` is the first day it no longer covers.
    """

    event_day: dt.date
    months: int
    first_day: dt.date
    last_day: dt.date

    @property
    def day_after(self) -> dt.date:
        """The first day the period no longer covers (its end at 24:00 of the last day)."""
        return self.last_day + dt.timedelta(days=1)

    @property
    def ends_at(self) -> dt.datetime:
        """The instant the period ends: 24:00 of the last day, i.e. 00:00 of the day after (第二百零三条第二款)."""
        return dt.datetime.combine(self.day_after, dt.time())

    def covers(self, day: dt.date) -> bool:
        """Whether ``day`` falls in the period (from the day after the event to the last day, both included)."""
        return self.first_day <= day <= self.last_day


def period_after(event_day: dt.date, *, months: int, holidays: Container[dt.date] = ()) -> Period:
    """The period of ``months`` months that starts with the event on ``event_day`` (e.g. two years = 24
    months from departure). ``holidays``: the statutory holidays (法定休假日) to apply 第二百零三条第一款."""
    if not isinstance(event_day, dt.date) or isinstance(event_day, dt.datetime):
        raise BadInputError(f"the event's day must be a date (YYYY-MM-DD), got {event_day!r}")
    last = corresponding_day(event_day, months)
    while last in holidays:
        last += dt.timedelta(days=1)
    return Period(event_day, months, event_day + dt.timedelta(days=1), last)


def parse_day(value: str, *, name: str = "date") -> dt.date:
    """A day written YYYY-MM-DD; BadInputError saying how to write it otherwise."""
    try:
        return dt.date.fromisoformat(value.strip())
    except (ValueError, AttributeError):
        raise BadInputError(f"{name} must be a date written YYYY-MM-DD, e.g. 2025-06-30; got {value!r}") from None
