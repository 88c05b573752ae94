"""A problem to tell a user: a translation key and the values that fill it in.

Modules raise subclasses (a file that cannot be read, a bad mapping, a bad
account request); whoever talks to the user translates ``key`` with
``values`` in the user's language.
"""
from __future__ import annotations


class Problem(Exception):
    def __init__(self, key: str, **values):
        super().__init__(key)
        self.key = key
        self.values = values
