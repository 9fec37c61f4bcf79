"""Numbers as the agreement writes them: Chinese numerals (第九十九条), and periods in words.

The numerals 1–99 are written here, not by cn2an: importing cn2an builds its converters and imports ``proces``,
whose patterns take ~110 ms to compile, which every ``clausegraph assemble`` paid for one or two characters per
article. cn2an stays the oracle: ``tests/drafting/test_assemble.py`` requires the same numeral from both for 1–99
(and ingestion, which reads numerals rather than writing them, keeps using it).
"""

from __future__ import annotations

from functools import lru_cache

from ..errors import BadInputError

_EN_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]


_DIGITS = "一二三四五六七八九"


@lru_cache(maxsize=None, typed=True)
def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (1–99, as article numbers go up to 第九十九条): tens as
    十 with the tens digit before it from 二十 on, then the units digit, if any."""
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 99:
        raise BadInputError(f"{n} cannot be written as a Chinese article number; the supported range is 1–99")
    tens, units = divmod(n, 10)
    return (("" if tens == 1 else _DIGITS[tens - 1]) + "十" if tens else "") + (_DIGITS[units - 1] if units else "")


def english_number(n: int) -> str:
    """Numbers up to twelve in words, larger ones as digits (house style for periods)."""
    return _EN_WORDS[n] if 0 <= n < len(_EN_WORDS) else str(n)


def years_in_words(years: int, language: str) -> str:
    """三年 / three years; 一年 / one year."""
    if language == "zh":
        return ("两" if years == 2 else chinese_numeral(years)) + "年"
    return f"{english_number(years)} year{'s' if years != 1 else ''}"


def period_in_words(months: int, language: str) -> str:
    """A period of months: whole years as years (两年, two years), otherwise months (十八个月, 18 months)."""
    if months % 12 == 0:
        return years_in_words(months // 12, language)
    if language == "zh":
        return ("两" if months == 2 else chinese_numeral(months)) + "个月"
    return f"{english_number(months)} month{'s' if months != 1 else ''}"
