"""A problem to tell a user: a translation key and the values that fill it in.

Every expected failure is a :class:`Problem` (a file that cannot be read, a bad mapping, a bad account
request, a backup that does not verify, too few escalations to learn from, a database that cannot be opened,
a bad argument); whoever talks to the user says it in the user's language (``said``). The command line catches
them once, in ``main()``: exit status 2 with the message, anything else is an internal error (1).
"""

from __future__ import annotations


class Problem(Exception):
    def __init__(self, key: str, where: str | None = None, **values):
        super().__init__(key)
        self.key = key
        self.where = where  # the file or argument the problem is in, said first
        self.values = values

    def said(self, lang: str) -> str:
        from .i18n import TEXT, t

        text = t(self.key, lang, **self.values) if self.key in TEXT else self.key
        return f"{self.where}: {text}" if self.where else text

    def __str__(self) -> str:
        return self.said("en")


class UsageError(Problem):
    """Bad input or arguments (the command line exits 2 with the message)."""
