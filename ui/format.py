"""How numbers and dates read on a page, in either language."""

from __future__ import annotations

from datetime import date

MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def percent(value: float | None, signed: bool = False) -> str:
    if value is None:
        return "—"
    return f"{value:+.1%}" if signed else f"{value:.1%}"


def chance_percent(points: float | None) -> str:
    """A chance given in percentage points as a whole percentage; under one as "<1%", not a misleading 0%."""
    if points is None or points != points:  # missing, or NaN
        return "—"
    return "<1%" if points < 1 else f"{points:.0f}%"


def month_name(day: date, lang: str) -> str:
    return f"{day.year}年{day.month}月" if lang == "zh" else f"{MONTHS_EN[day.month - 1]} {day.year}"


def month_so_far(end: date, lang: str) -> str:
    """The month up to ``end``: the whole month's name on its last day, else its days (1–27 Nov 2026)."""
    from analytics.chart_dates import period_end

    if end == period_end(end.replace(day=1), "month"):
        return month_name(end, lang)
    if lang == "zh":
        return f"{end.year}年{end.month}月1日至{end.day}日"
    return f"1–{end.day} {MONTHS_EN[end.month - 1]} {end.year}"


MARKDOWN_SIGNS = "\\`*_{}[]()#+-.!|<>~:$"
INLINE_SIGNS = "\\`*_[]|<>~$"


def plain(text: object, inline: bool = False) -> str:
    """Ledger or user text put inside Markdown (a header, a caption) reads as typed: its Markdown signs escaped.
    ``inline``: inside a sentence, only what makes a link, an image, markup or a formula is escaped (brackets,
    emphasis, HTML, $, and the start of a bare web or mail address), so ids like S:PC-1 and file names like
    a.csv keep their form."""
    if not inline:
        return "".join("\\" + c if c in MARKDOWN_SIGNS else c for c in str(text))
    escaped = "".join("\\" + c if c in INLINE_SIGNS else c for c in str(text))
    return escaped.replace("://", ":\\/\\/").replace("www.", "www\\.").replace("@", "\\@")
