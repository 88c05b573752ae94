"""Results computed once per run and shared by the steps that need them.

Inside ``with shared():`` (opened by ``detect.run_all`` and the backtest),
``remember(key, compute)`` computes a result once and hands the same object
to every later caller with the same key — e.g. the links between petitions
and matters, which the sensitive-period rule (through the scores) and the
escalation forecasts both need. Outside, it just computes. Callers must not
change what they are handed. The data must not change inside the block (the
detectors read a database held by one connection).
"""
from __future__ import annotations

from contextlib import contextmanager
import threading
from contextvars import ContextVar
from typing import Any, Callable, Hashable, Iterator

_current: ContextVar[dict | None] = ContextVar("shared_work", default=None)


@contextmanager
def shared() -> Iterator[dict]:
    """Share results inside the block (nested blocks use the outer one's)."""
    if _current.get() is not None:
        yield _current.get()
        return
    token = _current.set({})
    try:
        yield _current.get()
    finally:
        _current.reset(token)


_lock = threading.Lock()


def remember(key: Hashable, compute: Callable[[], Any]) -> Any:
    """``compute()``'s result, computed once per key inside ``shared()``; a thread asking for a key that another
    is computing waits for it."""
    known = _current.get()
    if known is None:
        return compute()
    with _lock:
        entry = known.setdefault(key, {"lock": threading.Lock()})
    with entry["lock"]:
        if "value" not in entry:
            entry["value"] = compute()
    return entry["value"]
