"""One import, start to finish: read the file, stage it, check it, write it whole or not at all.

All-or-nothing by default: any bad row and nothing is written. With
``skip_invalid`` the valid rows are written and the bad ones come back as a
rejects table (the file's own columns plus the reason) to fix and import
again. Re-importing the same file changes nothing; a changed row updates its
record and the change is kept in ``record_history``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import audit, settings_store
from ..db import Database
from ..i18n import t
from ..lifecycle import reopen_on_new_records
from ..privacy import MASKS, ensure_key
from ..queries import is_demo
from ..roles import User, can, require
from ..scoring.linking import suggest_for
from . import area_changes, checks, conflicts, recognise, stage, write
from .formats import KINDS, LEDGERS, vocabulary_labels
from .mapping import Mapping, MappingProblem
from .reader import FileProblem, read

log = logging.getLogger(__name__)  # the server's log (journald): counts and steps, never personal fields

MAX_SUGGESTIONS = 2000  # the newest petitions naming no matter get a suggested matter
TEMP_TABLES = (
    "_raw",
    "_records",
    "_stage",
    "_vocab",
    "_dups",
    "_typed",
    "_errors",
    "_pseudo",
    "_ready",
    "_changed",
    "_placed",
    "_conflicts",
)


@dataclass
class ImportResult:
    kind: str
    file: str
    rows_read: int = 0
    rows_imported: int = 0
    rows_unchanged: int = 0
    rows_updated: int = 0
    rows_rejected: int = 0
    errors: list[dict] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    rejects: pd.DataFrame | None = None
    written: bool = False
    suggestions: list[dict] = field(default_factory=list)  # petitions naming no matter: the likely one
    path: str = ""  # the file as the caller named it
    proposed_kind: str | None = None  # the ledger the file's headers fit better than the one asked for
    area_changes: list[dict] = field(default_factory=list)  # large changes to the areas, to confirm first
    headers: list[str] = field(default_factory=list)  # the file's own headers
    alert_run: object | None = None  # the detectors' run that followed (analytics.alert_runs.Run), when one did
    conflicts: list[dict] = field(default_factory=list)  # risk items the office handles that the ledger contradicts
    reopened: list[dict] = field(default_factory=list)  # items closed in the product that a new record names
    masked: dict[str, int] = field(default_factory=dict)  # personal numbers masked in free text, by kind

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "file": self.path or self.file,
            "rows_read": self.rows_read,
            "rows_imported": self.rows_imported,
            "rows_unchanged": self.rows_unchanged,
            "rows_updated": self.rows_updated,
            "rows_rejected": self.rows_rejected,
            "errors": self.errors,
            "ignored_columns": self.ignored_columns,
            "suggested_matters": self.suggestions,
            "proposed_kind": self.proposed_kind,
            "area_changes": self.area_changes,
            "conflicts": self.conflicts,
            "reopened": self.reopened,
            "masked": self.masked,
            "alerts": None
            if self.alert_run is None
            else {
                "as_of": self.alert_run.as_of.isoformat(),
                "open": self.alert_run.alerts_open,
                "new": self.alert_run.alerts_new,
                "sent": self.alert_run.notifications_sent,
            },
        }


def masked_said(masked: dict[str, int], lang: str) -> str | None:
    """What was masked in the free text, in words ("2 ID-card numbers, 1 mobile number"), or None."""
    if not masked:
        return None
    parts = [t(f"masked.{kind}", lang, n=masked[kind]) for kind in MASKS if masked.get(kind)]
    what = ("、" if lang == "zh" else ", ").join(parts)
    return t("import.masked", lang, what=what)


class ImportRejected(Exception):
    """Nothing was written; ``result.errors`` says why, row by row."""

    def __init__(self, result: ImportResult):
        super().__init__(f"{len(result.errors)} problem(s) in {result.file}")
        self.result = result


class ConfirmationNeeded(ImportRejected):
    """Nothing was written: the areas import would change a lot (``result.area_changes``); import again with
    ``confirmed=True`` once a person has seen the changes."""


def importable(user: User) -> tuple[str, ...]:
    """The ledgers ``user`` may import: the sensitive-date calendar needs the right to change settings."""
    return tuple(kind for kind in KINDS if kind != "calendar" or can(user, "change_settings"))


def import_file(db: Database, *args, **kwargs) -> ImportResult:
    """Import one ledger file; raise ImportRejected (nothing written) when it cannot be imported as asked.

    See :func:`_import_file` for the arguments. The file stays open for the
    whole import: its temporary tables live on this thread's connection.
    """
    with db.in_use():
        return _import_file(db, *args, **kwargs)


def _import_file(
    db: Database,
    user: User,
    kind: str,
    path: str | os.PathLike,
    *,
    mapping: Mapping | None = None,
    skip_invalid: bool = False,
    lang: str = "zh",
    display_name: str | None = None,
    sheet: str | None = None,
    max_bytes: int | None = None,
    from_records: str | None = None,
    progress: Callable[[float, str], None] | None = None,
    permission: str = "import_ledgers",
    only_new: bool = False,
    confirmed: bool = False,
) -> ImportResult:
    """Import one ledger file; raise ImportRejected (nothing written) when it cannot be imported as asked.

    ``permission`` is the action checked: quick entry writes one row through here as 'enter_records'.
    ``only_new`` refuses a record whose id exists (quick entry creates; it never updates by accident).
    A file whose headers fit another ledger better than ``kind`` is refused (unless a mapping says how to read
    it); an areas import that changes households or population by more than half, or adds communities to a
    street that has some, raises ConfirmationNeeded unless ``confirmed``.
    """
    if permission not in ("import_ledgers", "enter_records"):
        raise ValueError(f"not an import permission: {permission!r}")
    if kind not in KINDS:
        raise ValueError(f"unknown ledger kind {kind!r}")
    # the sensitive dates steer every alert's grade: the admin's, like the settings; the other ledgers the clerk's
    require(user, "change_settings" if kind == "calendar" else permission)
    if from_records and (kind != "areas" or from_records not in ("petitions", "screenings")):
        raise ValueError("--from-records builds areas from a petitions or screenings file")
    name = display_name or Path(path).name
    result = ImportResult(kind, name, path=str(path) if display_name is None else name)
    if max_bytes is None:
        max_bytes = settings_store.get(db, "max_upload_mb") * 2**20
    if permission == "import_ledgers" and is_demo(db):  # real ledgers never go into the demo
        result.errors.append({"row": None, "column": None, "reason": t("import.into_demo", lang, path=db.path)})
        raise ImportRejected(result)
    mapping = mapping or Mapping()
    step = progress or (lambda share, what: None)
    try:
        step(0.05, "read")
        try:
            raw = read(path, display_name=name, sheet=sheet, max_bytes=max_bytes)
        except FileProblem as problem:
            result.errors.append(_file_error(problem, lang))
            raise ImportRejected(result) from None
        result.headers = list(raw.headers)
        if not (from_records or mapping.columns or mapping.constants):
            other = recognise.better_kind(kind, raw.headers)
            if other is not None:
                raw.close()
                result.proposed_kind = other.kind
                asked = next(fit for fit in recognise.fits(raw.headers) if fit.kind == kind)
                result.errors.append(
                    {
                        "row": 1,
                        "column": None,
                        "reason": t(
                            "reason.wrong_kind",
                            lang,
                            asked=t(f"ledger.{kind}", lang),
                            other=t(f"ledger.{other.kind}", lang),
                            other_fields=other.fields,
                            asked_fields=asked.fields,
                            kind=other.kind,
                        ),
                    }
                )
                raise ImportRejected(result)
        try:
            step(0.2, "stage")
            if from_records:  # an areas ledger made of the places a petitions or screenings file names
                staged = stage.areas_from_records(db, stage.stage(db, raw, from_records, mapping))
            else:
                staged = stage.stage(db, raw, kind, mapping)
        except FileProblem as problem:
            result.errors.append(_file_error(problem, lang))
            raise ImportRejected(result) from None
        finally:
            raw.close()
        result.rows_read = staged.rows
        result.ignored_columns = staged.ignored
        if staged.missing_required:
            result.errors += [
                {"row": 1, "column": name_, "reason": t("reason.missing_column", lang, field=name_)}
                for name_ in staged.missing_required
            ]
            raise ImportRejected(result)
        step(0.4, "check")
        checks.load_vocabularies(db, kind, mapping)
        checks.build_typed(db, kind, settings_store.get(db, "conclude_days"))
        checks.find_errors(db, kind)
        errors = db.query(
            "SELECT _row AS row_no, field, reason, value, first_row, other, other_value FROM _errors "
            "ORDER BY _row, field"
        )
        result.errors = [_row_error(row, staged, kind, lang) for row in errors.itertuples(index=False)]
        bad_rows = errors["row_no"].nunique()
        if result.errors and not skip_invalid:
            raise ImportRejected(result)
        if bad_rows == staged.rows:
            raise ImportRejected(result)
        result.rows_rejected = int(bad_rows)
        if bad_rows:
            result.rejects = _rejects(db, staged, result.errors, lang)
        if kind == "areas" and not confirmed:
            result.area_changes = area_changes.large(db)
            if result.area_changes:
                raise ConfirmationNeeded(result)
        step(0.6, "write")
        with db.transaction():
            if kind in write.TARGETS:
                if only_new:
                    _refuse_existing(db, kind, result, lang)
                result.masked = write.mask_free_text(db, kind)
                write.pseudonymise(db, kind, ensure_key(db.path))
                written = write.write_records(db, kind)
            elif kind == "calendar":
                written = write.write_calendar(db)
            else:
                written = write.write_areas(db)
            if kind == "risks":
                result.conflicts = conflicts.record(db, user, result.path or name)
            result.rows_imported = written.new + written.changed
            result.rows_updated = written.changed
            result.rows_unchanged = written.unchanged
            action = "record_entered" if permission == "enter_records" else "import"
            audit.record(
                db,
                user.username,
                action,
                name,
                {
                    "kind": kind,
                    "rows_read": result.rows_read,
                    "new": written.new,
                    "updated": written.changed,
                    "unchanged": written.unchanged,
                    "rejected": result.rows_rejected,
                },
            )
            if written.new or written.changed:
                db.bump_data_version()
        result.written = True
        log.info(
            "%s by %s: %s ledger, %d rows read, %d new, %d updated, %d unchanged, %d rejected",
            action,
            user.username,
            kind,
            result.rows_read,
            written.new,
            written.changed,
            written.unchanged,
            result.rows_rejected,
        )
        if kind in ("petitions", "screenings") and result.rows_imported:
            result.reopened = reopen_on_new_records(db, user)
        if kind == "petitions":
            loose = [
                p
                for (p,) in db.rows(
                    "SELECT petition_id FROM _ready WHERE matter_id IS NULL ORDER BY received_date DESC LIMIT $most",
                    {"most": MAX_SUGGESTIONS},
                )
            ]
            result.suggestions = suggest_for(db, loose).to_dict("records")
        step(1.0, "done")
        return result
    finally:
        for table in TEMP_TABLES:
            db.execute(f"DROP TABLE IF EXISTS {table}")


def _refuse_existing(db: Database, kind: str, result: ImportResult, lang: str) -> None:
    """Inside the write transaction: a record whose id is already taken is refused (nothing written)."""
    table, id_column, _ = write.TARGETS[kind]
    taken = db.rows(
        f"SELECT t._row, t.{id_column} FROM _typed AS t JOIN {table} AS x USING ({id_column}) "
        f"WHERE {write.VALID} ORDER BY 1"
    )
    if taken:
        result.errors = [
            {
                "row": int(row),
                "column": id_column,
                "field": id_column,
                "value": value,
                "reason": t("reason.id_taken", lang, value=value),
            }
            for row, value in taken
        ]
        raise ImportRejected(result)


def _file_error(problem: FileProblem | MappingProblem, lang: str) -> dict:
    return {"row": None, "column": None, "reason": t(problem.key, lang, **problem.values)}


def _row_error(row, staged: stage.Staged, kind: str, lang: str) -> dict:
    column = staged.source_of.get(row.field, row.field)
    values = {"value": row.value, "first_row": row.first_row}
    fields = {f.name: f for f in LEDGERS[kind]}
    if row.reason == "vocab":
        values["allowed"] = ", ".join(fields[row.field].vocabulary) if fields[row.field].vocabulary else ""
    if isinstance(row.other, str):  # the column the value disagrees with, named as the file names it
        other = fields[row.other]
        values["other"] = staged.source_of.get(other.name) or (other.headers[0] if lang == "zh" else other.name)
        values["other_value"] = row.other_value
    return {
        "row": int(row.row_no),
        "column": column,
        "field": row.field,
        "value": row.value,
        "reason": t(f"reason.{row.reason}", lang, **values),
    }


def _rejects(db: Database, staged: stage.Staged, errors: list[dict], lang: str = "zh") -> pd.DataFrame:
    """The bad rows with the file's own columns, and why each was refused (our headers in ``lang``)."""
    raw = db.query("SELECT * FROM _raw WHERE _row IN (SELECT DISTINCT _row FROM _errors) ORDER BY _row")
    frame = raw.drop(columns=["_row"])
    frame.columns = [header or t("col.nth", lang, n=i + 1) for i, header in enumerate(staged.headers)][
        : len(frame.columns)
    ]
    reasons: dict[int, list[str]] = {}
    for error in errors:
        reasons.setdefault(error["row"], []).append(f"{error['column']}: {error['reason']}")
    frame.insert(0, t("col.row", lang), raw["_row"].astype(int).to_numpy())
    frame[t("col.reason", lang)] = [
        "；".join(reasons[int(r)]) if lang == "zh" else "; ".join(reasons[int(r)]) for r in raw["_row"]
    ]
    return frame


def allowed_values(kind: str, field_name: str) -> list[str]:
    vocabulary = next(f.vocabulary for f in LEDGERS[kind] if f.name == field_name)
    return sorted(set(vocabulary_labels(vocabulary).values())) if vocabulary else []
