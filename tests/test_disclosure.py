"""Issue 20.9: hidden small counts in the public report cannot be worked out from what is published.

The attacker here reads only the published workbooks of a quarter and of its three months, and solves linear
programs (scipy ``linprog``) over them: shown counts are known, every ``*`` is an unknown of at least 1, each
table adds up to its total row, and a quarter's count of a row is the sum of its months' counts. No hidden
count may be narrowed to a range under PROTECTION wide. It shares no code with the product's protection.
"""

from __future__ import annotations

import random
from datetime import date

import numpy as np
import openpyxl
import pytest
from scipy.optimize import linprog

from analytics.__main__ import main
from analytics.disclosure import PROTECTION, SMALL, Link, Table, protect, ranges
from tests.street import add_petition, tiny_street

MONTHS = ("2026-07", "2026-08", "2026-09")
COUNT_SHEETS = ("By category", "By channel", "By status", "Satisfaction", "By community")
CATEGORIES = ("utilities", "labor_wages", "environment", "neighbor_dispute", "family_dispute", "other")
CHANNELS = ("visit", "letter", "phone", "online")
STATUSES = ("accepted", "in_progress", "answered", "concluded", "rejected")


def published(path) -> dict[str, dict[str, object]]:
    """Each count sheet of a workbook: row label -> count or "*" (the total row included)."""
    book = openpyxl.load_workbook(path)
    return {
        name: {row[0]: row[1] for row in book[name].iter_rows(min_row=2, values_only=True)}
        for name in COUNT_SHEETS
        if name in book.sheetnames and book[name].max_column >= 2  # a withheld table is one note
    }


def attack(months: list[dict], quarter: dict) -> dict[tuple, tuple[float, float]]:
    """The tightest range of every hidden count from the four workbooks."""
    books = {**{f"m{i}": book for i, book in enumerate(months)}, "q": quarter}
    unknowns = [
        (period, sheet, label)
        for period, book in books.items()
        for sheet, cells in book.items()
        for label, value in cells.items()
        if value == "*"
    ]
    index = {u: i for i, u in enumerate(unknowns)}
    equations, right = [], []

    def term(period, sheet, label):
        cells = books[period].get(sheet)
        row = np.zeros(len(unknowns))
        if cells is None:
            return None
        value = cells.get(label, 0)
        if value == "*":
            row[index[(period, sheet, label)]] = 1
            return row, 0
        return row, value

    for period, book in books.items():
        for sheet, cells in book.items():
            row = np.zeros(len(unknowns))
            for label, value in cells.items():
                if value == "*":
                    row[index[(period, sheet, label)]] = 1
            shown = sum(v for label, v in cells.items() if v != "*" and label != "Total")
            equations.append(row)
            right.append(cells["Total"] - shown)
    for sheet in COUNT_SHEETS:
        labels = set().union(*(books[p].get(sheet, {}) for p in books)) - {"Total"}
        for label in labels:
            parts = [term(p, sheet, label) for p in ("q", "m0", "m1", "m2")]
            if any(part is None for part in parts):
                continue
            row = parts[0][0] - sum(p[0] for p in parts[1:])
            equations.append(row)
            right.append(sum(p[1] for p in parts[1:]) - parts[0][1])
    found = {}
    for cell, i in index.items():
        goal = np.zeros(len(unknowns))
        goal[i] = 1
        low = linprog(goal, A_eq=np.array(equations), b_eq=np.array(right), bounds=(1, None), method="highs")
        high = linprog(-goal, A_eq=np.array(equations), b_eq=np.array(right), bounds=(1, None), method="highs")
        assert low.status == 0 and high.status == 0, cell
        found[cell] = (low.fun, -high.fun)
    return found


def street(path, seed: int):
    """Three months of petitions with many small counts: two-row tables, rows in one month only, a quiet month."""
    db = tiny_street(path)
    rng = random.Random(seed)
    number = 0
    for month, size in zip((7, 8, 9), (rng.randint(8, 20), rng.randint(30, 60), rng.randint(40, 80))):
        for _ in range(size):
            number += 1
            received = date(2026, month, rng.randint(1, 28))
            community = rng.choices((1, 2), weights=(9, 1))[0]
            add_petition(
                db,
                f"X{number:04d}",
                received,
                community,
                10 if community == 1 else 20,
                category=rng.choices(CATEGORIES, weights=(30, 6, 3, 2, 1, 1))[0],
                channel=rng.choices(CHANNELS, weights=(20, 1, 10, 2))[0],
                status=rng.choices(STATUSES, weights=(3, 2, 2, 20, 1))[0],
                satisfaction=rng.choice((None, "satisfied", "satisfied", "satisfied", "basic", "unsatisfied")),
            )
    db.close()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_no_hidden_count_is_narrowed_by_the_months_and_the_quarter(tmp_path, seed):
    path = tmp_path / "street.duckdb"
    street(path, seed)
    books = []
    for month in MONTHS:
        out = tmp_path / f"{month}.xlsx"
        assert main(["--lang", "en", "report", "--month", month, "--out", str(out), "--db", str(path)]) == 0
        books.append(published(out))
    out = tmp_path / "q.xlsx"
    assert main(["--lang", "en", "report", "--quarter", "2026Q3", "--out", str(out), "--db", str(path)]) == 0
    quarter = published(out)
    found = attack(books, quarter)
    assert len(found) >= 10  # the street is made to need hiding: the attack has work to do
    narrow = {cell: r for cell, r in found.items() if r[1] - r[0] < PROTECTION - 1e-6}
    assert narrow == {}
    # nothing under 5 shown anywhere
    shown = [v for book in [*books, quarter] for cells in book.values() for k, v in cells.items() if v != "*"]
    assert all(v == 0 or v >= SMALL for v in shown)


def test_what_the_old_report_gave_away_is_now_protected(tmp_path):
    """The reproductions: a two-row table with one hidden cell beside a total shared by every table; a month
    subtracted from its quarter."""
    path = tmp_path / "street.duckdb"
    db = tiny_street(path)
    for i in range(43):  # July: 40 about water, 3 about wages; every other table shows all 43 together
        add_petition(db, f"J{i}", date(2026, 7, 2), 1, 10, category="utilities" if i < 40 else "labor_wages")
    for i in range(30):  # August and September: water only, so the quarter's wages are July's
        add_petition(db, f"A{i}", date(2026, 8, 3), 1, 10)
        add_petition(db, f"S{i}", date(2026, 9, 3), 1, 10)
    db.close()
    july, q = tmp_path / "july.xlsx", tmp_path / "q.xlsx"
    assert main(["--lang", "en", "report", "--month", "2026-07", "--out", str(july), "--db", str(path)]) == 0
    assert main(["--lang", "en", "report", "--quarter", "2026Q3", "--out", str(q), "--db", str(path)]) == 0
    category = published(july)["By category"]
    # the water count is hidden with the wages: 43 minus a shown 40 would be the 3
    assert category == {"Water, power, gas, heating": "*", "Labour & unpaid wages": "*", "Total": 43}
    quarter = published(q)["By category"]
    assert quarter["Labour & unpaid wages"] == "*" and quarter["Water, power, gas, heating"] == "*"
    books = [published(july)] + [
        published(tmp_path / f"{m}.xlsx")
        for m in MONTHS[1:]
        if main(["--lang", "en", "report", "--month", m, "--out", str(tmp_path / f"{m}.xlsx"), "--db", str(path)]) == 0
    ]
    low, high = attack(books, published(q))[("m0", "By category", "Labour & unpaid wages")]
    assert low == 1 and high >= 1 + PROTECTION


def test_only_whole_months_and_quarters_are_published(tmp_path, capsys):
    path = tmp_path / "street.duckdb"
    street(path, 1)
    out = tmp_path / "r.xlsx"
    for period in (["--from", "2026-07-01", "--to", "2026-07-20"], ["--month", "2026-07", "--to", "2026-07-20"], []):
        assert main(["--lang", "en", "report", *period, "--out", str(out), "--db", str(path)]) == 2
        assert "the public report covers a whole month or quarter only" in capsys.readouterr().err
    assert not out.exists()
    assert main(["--lang", "zh", "report", "--month", "2026-13", "--out", str(out), "--db", str(path)]) == 2
    assert "2026-13" in capsys.readouterr().err
    # a month still running would be published again with more records: the two could be subtracted
    running = date.today().strftime("%Y-%m")
    assert main(["--lang", "en", "report", "--month", running, "--out", str(out), "--db", str(path)]) == 2
    assert "the public report is made once a month or quarter has ended" in capsys.readouterr().err
    assert not out.exists()


def test_a_hidden_satisfaction_count_hides_the_satisfaction_share(tmp_path):
    path = tmp_path / "street.duckdb"
    db = tiny_street(path)
    for i in range(60):  # 57 satisfied, 3 not: the share 95.0% over the shown 57 would give the 3 away
        add_petition(db, f"S{i}", date(2026, 7, 2), 1, 10, satisfaction="satisfied" if i < 57 else "unsatisfied")
    db.close()
    out = tmp_path / "july.xlsx"
    assert main(["--lang", "en", "report", "--month", "2026-07", "--out", str(out), "--db", str(path)]) == 0
    book = openpyxl.load_workbook(out)
    figures = {row[0]: row[1] for row in book["Main figures"].iter_rows(min_row=2, values_only=True)}
    assert figures["Satisfied"] == "—"
    assert published(out)["Satisfaction"]["Unsatisfied"] == "*"


def test_a_table_too_small_to_protect_is_withheld():
    tables = [Table("p", "category", {"a": 2, "b": 1}), Table("p", "channel", {"visit": 3})]
    protect(tables)
    assert tables[0].withheld and tables[1].withheld  # 3 petitions: every split would be narrower than 5
    assert ranges(tables, []) == {}
    months = [Table(f"m{i}", "category", {"a": 20, "b": 2 if i == 0 else 0}) for i in range(3)]
    protect(months[:1])
    protect(months[1:2])
    protect(months[2:])
    for table in months:
        table.fixed = True
    quarter = Table("q", "category", {"a": 60, "b": 2})
    assert months[0].hidden == {"a", "b"}  # 22 minus a shown 20 would be the hidden 2
    protect([*months, quarter], [Link("q", ("m0", "m1", "m2"))])
    # a shown 60 minus the other months' 40 would be July's 20, and so its 2: the quarter hides both too
    assert quarter.hidden == {"a", "b"} and not quarter.withheld
    low, high = ranges([*months, quarter], [Link("q", ("m0", "m1", "m2"))])[("m0", "category", "b")]
    assert (low, high) == (1, 21)
