"""Small counts kept small in what the street publishes: which counts of a set of tables to hide so that
nothing published together narrows a hidden count to fewer than ``PROTECTION + 1`` possible values.

The attacker this guards against reads every table published (of a period and of the periods it overlaps:
a quarter and its three months) and solves linear programs over them: a shown count is known; a hidden
count is an unknown of at least 1 (a row is listed only when its count is not zero); each table adds up to
its published total; a quarter's count of a row is the sum of its months' counts of that row (0 for a month
that does not list the row). Each hidden count's smallest and largest value under those constraints is its
range; every range must be at least ``PROTECTION`` wide.

Hiding works in two steps: first every count from 1 to ``SMALL - 1``; then, while some hidden count's range
is too narrow, the smallest shown count of the table concerned is hidden too (for a month's count narrowed
by its quarter, the quarter's count of the same row first). A table that cannot be protected even with
every count hidden is withheld whole. Tables of periods published earlier (``fixed``) are never changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

SMALL = 5  # counts from 1 to SMALL - 1 are never shown
PROTECTION = 5  # every hidden count's range, from everything published, is at least this wide

Cell = tuple[str, str, object]  # (period, table, row)


@dataclass
class Table:
    """The counts of one published table of one period; ``hidden`` and ``withheld`` say what is not shown."""

    period: str
    name: str
    counts: dict  # row -> count; rows with no case are not listed
    fixed: bool = False  # already published as it is
    hidden: set = field(default_factory=set)
    withheld: bool = False

    def __post_init__(self) -> None:
        self.counts = {row: int(n) for row, n in self.counts.items() if int(n) > 0}

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class Link:
    """A table of a longer period is the sum of the same table of the periods it is made of."""

    whole: str
    parts: tuple[str, ...]


def ranges(tables: list[Table], links: list[Link]) -> dict[Cell, tuple[float, float]]:
    """The attacker's tightest range of every hidden count, from everything the tables publish."""
    from scipy.optimize import linprog

    shown = [t for t in tables if not t.withheld]
    unknowns = [(t.period, t.name, row) for t in shown for row in sorted(t.hidden, key=str)]
    if not unknowns:
        return {}
    column = {cell: i for i, cell in enumerate(unknowns)}
    rows, right = [], []

    def value(t: Table, row) -> tuple[np.ndarray, float]:
        """The count of ``row`` in ``t``: a coefficient row over the unknowns and a constant."""
        coefficients = np.zeros(len(unknowns))
        if row in t.hidden:
            coefficients[column[(t.period, t.name, row)]] = 1.0
            return coefficients, 0.0
        return coefficients, float(t.counts.get(row, 0))

    for t in shown:  # each table adds up to its published total
        if t.hidden:
            coefficients = np.zeros(len(unknowns))
            for row in t.hidden:
                coefficients[column[(t.period, t.name, row)]] = 1.0
            rows.append(coefficients)
            right.append(float(sum(t.counts[row] for row in t.hidden)))
    by_key = {(t.period, t.name): t for t in shown}
    for link in links:  # the longer period's count of a row is the sum of its parts' counts of that row
        for name in {t.name for t in shown if t.period == link.whole}:
            whole = by_key.get((link.whole, name))
            parts = [by_key.get((p, name)) for p in link.parts]
            if whole is None or any(p is None for p in parts):
                continue  # a withheld table publishes nothing to link
            for row in set(whole.counts).union(*(p.counts for p in parts)):
                coefficients, constant = value(whole, row)
                for part in parts:
                    c, k = value(part, row)
                    coefficients, constant = coefficients - c, constant - k
                if coefficients.any():
                    rows.append(coefficients)
                    right.append(-constant)
    equalities = np.array(rows) if rows else None
    targets = np.array(right) if rows else None
    found = {}
    for cell, i in column.items():
        ends = []
        for sign in (1.0, -1.0):
            goal = np.zeros(len(unknowns))
            goal[i] = sign
            solved = linprog(goal, A_eq=equalities, b_eq=targets, bounds=(1, None), method="highs")
            ends.append(sign * solved.fun if solved.status == 0 else sign * -np.inf)
        found[cell] = (ends[0], ends[1])
    return found


def protect(tables: list[Table], links: list[Link] = ()) -> None:
    """Choose ``hidden`` (and ``withheld``) of every table that is not ``fixed``, as the module says."""
    links = list(links)
    for t in tables:
        if not t.fixed:
            t.hidden = {row for row, n in t.counts.items() if n < SMALL}
            t.withheld = False
    while True:
        weak = [cell for cell, (low, high) in ranges(tables, links).items() if high - low < PROTECTION]
        if not weak:
            return
        changed = set()
        for period, name, row in weak:
            table = _to_change(tables, links, period, name)
            if table is None or (table.period, table.name) in changed:
                continue
            changed.add((table.period, table.name))
            candidates = [r for r in table.counts if r not in table.hidden]
            if row in candidates:
                table.hidden.add(row)
            elif candidates:
                table.hidden.add(min(candidates, key=lambda r: (table.counts[r], str(r))))
            else:
                table.withheld = True
        if not changed:
            raise RuntimeError("no table left to change")  # only fixed tables are weak: they were protected alone


def _to_change(tables: list[Table], links: list[Link], period: str, name: str) -> Table | None:
    """The table to hide more of for a weak count of ``name`` in ``period``: that table, unless it is fixed;
    then the same table of a longer period made of it."""
    own = next(t for t in tables if t.period == period and t.name == name)
    if not own.fixed:
        return None if own.withheld else own
    for link in links:
        if period in link.parts:
            whole = next((t for t in tables if t.period == link.whole and t.name == name), None)
            if whole is not None and not whole.fixed and not whole.withheld:
                return whole
    return None
