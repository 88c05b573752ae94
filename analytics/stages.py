"""The case stages of the 2022 《信访工作条例》 as SQL over the ``petitions`` table: one definition each.

Every figure, detector, brief and report that speaks of an answer, a deadline, lateness or a skip-level
petition builds its SQL from here, so that the overview, the rankings, the alerts and the reports can
never count them differently. The expressions take the table's alias (``p.``, or nothing) and read
parameters by name (``$as_of``, ``$accept``, ``$review``, ``$skip_rank``), which callers bind.

- 登记 starts a 15-day clock (``accept_days``) to accept or forward the petition;
- the answer (处理意见) is due 60 days after 受理 (``conclude_days``), plus an extension of up to 30 days;
  a ledger's own 办理期限 wins (both are stored as ``due_date`` at import);
- a 复查 or a 复核 must be decided within 30 days of the request;
- a 复查 or 复核 at the level above is the path the rules give: never 越级, never an escalation. 越级访 is a
  petition lodged at ``skip_level_from`` (default the city) or above that is not such a lawful step.
"""

from __future__ import annotations

from . import settings_store
from .db import Database
from .taxonomy import ANSWERED_STATUSES, LAWFUL_STEP_STATUSES, LEVEL_RANK, LEVELS

REVIEW_DAYS = 30  # to decide a 复查 or a 复核


def _quoted(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def answered_on(p: str = "") -> str:
    """The day the handling body answered (出具处理意见; an older ledger's 办结日期), or NULL."""
    return f"coalesce({p}answered_date, {p}resolved_date)"


def answered_by(p: str = "", day: str = "$as_of") -> str:
    """The petition had been answered on ``day`` (a ledger that gives the stage without its date counts it)."""
    return f"coalesce({answered_on(p)} <= {day}, {p}status IN ({_quoted(ANSWERED_STATUSES)}))"


def on_time(p: str = "") -> str:
    """Answered within its deadline (按期办结)."""
    return f"coalesce({answered_on(p)} <= {p}due_date, false)"


def counts_for_deadline(p: str = "") -> str:
    """Petitions that owe an answer by ``due_date``: all but those not accepted (不予受理) and a 复查 or 复核
    request kept as a record of its own (its clock is the 30 days to decide it, and the answer is on the
    petition it reviews)."""
    return f"({p}status <> 'rejected' AND NOT ({lawful_step(p)} AND {answered_on(p)} IS NULL))"


def level_rank(p: str = "") -> str:
    return "CASE " + " ".join(f"WHEN {p}level = '{key}' THEN {rank}" for key, rank in LEVEL_RANK.items()) + " END"


def lawful_step(p: str = "") -> str:
    """A 复查 or 复核: the petitioner took the path the rules give to the level above."""
    return (
        f"({p}review_requested_date IS NOT NULL OR {p}recheck_requested_date IS NOT NULL "
        f"OR {p}status IN ({_quoted(LAWFUL_STEP_STATUSES)}))"
    )


def escalation_rank(p: str = "") -> str:
    """How far above the street a petition was lodged, counting a 复查 or 复核 as the street (no escalation)."""
    return f"(CASE WHEN {lawful_step(p)} THEN 0 ELSE {level_rank(p)} END)"


def skip_level(p: str = "") -> str:
    """越级访: lodged at ``$skip_rank`` or above, and not a lawful step."""
    return f"({level_rank(p)} >= $skip_rank AND NOT {lawful_step(p)})"


def skip_rank(db: Database) -> int:
    """The rank of the lowest level that counts as skip-level (the ``skip_level_from`` setting)."""
    return LEVEL_RANK[settings_store.get(db, "skip_level_from")]


def skip_levels(db: Database) -> list[str]:
    """The levels counted as skip-level, lowest first."""
    lowest = skip_rank(db)
    return [key for key in LEVELS if LEVEL_RANK[key] >= lowest]


def pending(p: str = "", day: str = "$as_of") -> str:
    """The case still owed something on ``day``: an answer, or the decision on a 复查 or 复核 asked for."""
    review_decided = f"coalesce({p}review_date, {p}recheck_requested_date, {p}recheck_date)"
    return f"""({counts_for_deadline(p)} AND (
        NOT {answered_by(p, day)}
        OR coalesce({p}review_requested_date <= {day} AND {p}status <> 'concluded'
                    AND coalesce({review_decided} > {day}, true), false)
        OR coalesce({p}recheck_requested_date <= {day} AND {p}status <> 'concluded'
                    AND coalesce({p}recheck_date > {day}, true), false)))"""


def settled_on(p: str = "") -> str:
    """The last decision given on the case (answer, 复查, 复核), or NULL."""
    return f"greatest({answered_on(p)}, {p}review_date, {p}recheck_date)"


def late_since(p: str = "") -> str:
    """The first day a petition was late at ``$as_of`` at any stage, or NULL when it was not late.

    Stages: accept or forward within ``$accept`` days of 登记; answer by ``due_date``; decide a 复查 and
    a 复核 within ``$review`` days of the request. A petition not accepted (不予受理) has no answer to give;
    one closed after 复核 (终结) or concluded (办结) owes nothing more.
    """
    decided = f"coalesce({p}accepted_date, {p}forwarded_date)"
    # a ledger without the dates of acceptance and forwarding is judged by its status, as older ledgers were
    not_decided = (
        f"coalesce({decided} > $as_of, {p}status = 'registered' AND coalesce({answered_on(p)} > $as_of, true))"
    )
    review_decided = f"coalesce({p}review_date, {p}recheck_requested_date, {p}recheck_date)"
    return f"""least(
        CASE WHEN {not_decided} AND {p}received_date + $accept < $as_of THEN {p}received_date + $accept + 1 END,
        CASE WHEN {counts_for_deadline(p)} AND NOT {answered_by(p)} AND {p}due_date < $as_of
             THEN {p}due_date + 1 END,
        CASE WHEN {p}review_requested_date + $review < $as_of
                  AND ({review_decided} IS NULL OR {review_decided} > $as_of) AND {p}status <> 'concluded'
             THEN {p}review_requested_date + $review + 1 END,
        CASE WHEN {p}recheck_requested_date + $review < $as_of
                  AND ({p}recheck_date IS NULL OR {p}recheck_date > $as_of) AND {p}status <> 'concluded'
             THEN {p}recheck_requested_date + $review + 1 END
    )"""


def late_stage(p: str = "") -> str:
    """Which stage is late at ``$as_of`` (accept, answer, review, recheck; the latest stage first), or NULL."""
    return f"""CASE
        WHEN {p}recheck_requested_date + $review < $as_of AND ({p}recheck_date IS NULL OR {p}recheck_date > $as_of)
             AND {p}status <> 'concluded' THEN 'recheck'
        WHEN {p}review_requested_date + $review < $as_of
             AND (coalesce({p}review_date, {p}recheck_requested_date, {p}recheck_date) IS NULL
                  OR coalesce({p}review_date, {p}recheck_requested_date, {p}recheck_date) > $as_of)
             AND {p}status <> 'concluded' THEN 'review'
        WHEN {counts_for_deadline(p)} AND NOT {answered_by(p)} AND {p}due_date < $as_of THEN 'answer'
        WHEN {late_since(p)} IS NOT NULL THEN 'accept'
    END"""


def deadline_params(db: Database, as_of) -> dict:
    """The parameters ``late_since`` and ``late_stage`` read."""
    return {"as_of": as_of, "accept": settings_store.get(db, "accept_days"), "review": REVIEW_DAYS}
