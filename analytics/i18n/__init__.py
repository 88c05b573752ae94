"""Every string a user reads, in English and 简体中文, kept by area (one module each: the frame, tables and
charts, analysis pages, risks, alerts, records, accounts, documents, the command line).

Pages, charts, the command line and documents call :func:`t`. Keys are ``area.what`` (``review.run_now``);
a key built at run time (``f"kind.{alert.kind}"``) is declared with its vocabulary in its module's
``COMPOSED``, so that tests can check that every key used exists and every key kept is used.

English plurals: a placeholder written ``{count:~petition|petitions}`` prints the number and the word in the
singular or plural form (``1 petition``, ``3 petitions``); Chinese needs none.
"""

from __future__ import annotations

import string

from . import accounts, alerts, analysis, app, casework, cli, documents, records, risks, tables

LANGUAGES = {"zh": "简体中文", "en": "English"}
AREAS = (app, tables, analysis, risks, casework, alerts, records, accounts, documents, cli)


def _merged(name: str) -> dict:
    merged: dict = {}
    for area in AREAS:
        part = getattr(area, name, {})
        twice = merged.keys() & part.keys()
        if twice:
            raise ValueError(f"i18n: {sorted(twice)} defined twice ({area.__name__})")
        merged.update(part)
    return merged


TEXT: dict[str, tuple[str, str]] = _merged("TEXT")
COMPOSED: dict[str, tuple[str, ...]] = _merged("COMPOSED")


class _Formatter(string.Formatter):
    """str.format, plus ``{n:~word|words}``: the number followed by the word's singular or plural form."""

    def format_field(self, value, format_spec: str):
        if format_spec.startswith("~"):
            one, _, many = format_spec[1:].partition("|")
            return f"{value} {one if value == 1 else many}"
        return super().format_field(value, format_spec)


_FORMATTER = _Formatter()


def t(key: str, lang: str = "zh", **values) -> str:
    """The text for ``key`` in ``lang`` ('zh' or 'en'), with ``values`` filled in."""
    english, chinese = TEXT[key]
    text = chinese if lang == "zh" else english
    return _FORMATTER.format(text, **values) if values else text


def placeholders(text: str) -> set[str]:
    """The names a text fills in (``{count:~day|days}`` names ``count``)."""
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in _FORMATTER.parse(text) if name}
