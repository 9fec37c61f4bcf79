"""Numbers as the agreement writes them: Chinese numerals (第九十九条, written by cn2an), and periods in words."""

from __future__ import annotations

from functools import lru_cache

from ..errors import BadInputError

_EN_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]


@lru_cache(maxsize=None, typed=True)  # 99 numerals at most, each written once (cn2an takes some microseconds)
def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (1–99, as article numbers go up to 第九十九条)."""
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 99:
        raise BadInputError(f"{n} cannot be written as a Chinese article number; the supported range is 1–99")
    import cn2an  # imported when first needed: building its converters takes a tenth of a second

    return str(cn2an.an2cn(n))


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
