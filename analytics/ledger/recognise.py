"""Which ledger a file is, from its headers alone.

A clerk picks a file; the page and ``import`` without a kind propose the
ledger whose columns the file's headers fit best. A file asked to be imported
as one ledger whose headers fit another one better is refused before
anything is written: a petitions workbook offered as the areas ledger would
otherwise rewrite the areas (its 人数 read as a population).

A file's fit to a ledger is the number of that ledger's fields its headers
name; a ledger can be proposed only when every one of its required fields is
there.
"""

from __future__ import annotations

from dataclasses import dataclass

from .formats import KINDS, LEDGERS


@dataclass(frozen=True)
class Fit:
    kind: str
    fields: int  # fields of the ledger the headers name
    missing: tuple[str, ...]  # required fields they do not

    @property
    def complete(self) -> bool:
        return not self.missing


def fits(headers: list[str]) -> list[Fit]:
    """Every ledger's fit to ``headers``, best first (complete before incomplete, then more fields)."""
    present = {h.strip().lower() for h in headers if h and h.strip()}
    found = []
    for kind in KINDS:
        named = [f for f in LEDGERS[kind] if any(h.lower() in present for h in f.accepted_headers)]
        missing = tuple(f.name for f in LEDGERS[kind] if f.required and f not in named)
        found.append(Fit(kind, len(named), missing))
    return sorted(found, key=lambda fit: (not fit.complete, -fit.fields, KINDS.index(fit.kind)))


def propose(headers: list[str]) -> str | None:
    """The ledger these headers are, or None when no ledger has all its required columns (a mapping is needed)
    or two fit equally well."""
    ranked = fits(headers)
    best = ranked[0]
    if not best.complete:
        return None
    runner_up = ranked[1]
    if runner_up.complete and runner_up.fields == best.fields:
        return None
    return best.kind


def better_kind(kind: str, headers: list[str]) -> Fit | None:
    """Another ledger that ``headers`` fit better than ``kind``: complete, and naming more of its fields."""
    asked = next(fit for fit in fits(headers) if fit.kind == kind)
    proposed = propose(headers)
    if proposed is None or proposed == kind:
        return None
    other = next(fit for fit in fits(headers) if fit.kind == proposed)
    return other if other.fields > asked.fields or not asked.complete else None


def mostly_ignored(headers: list[str], ignored: list[str]) -> bool:
    """More than half of the file's named columns would be left out."""
    named = [h for h in headers if h and h.strip()]
    return bool(named) and len(ignored) * 2 > len(named)
