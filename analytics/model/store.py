"""Fitted models kept in the database with their card: who trained them, on which days, how they scored.

The fitted estimator is pickled, and a pickle runs code when it is loaded; so
each is signed with the installation's key (analytics/signing.py, never in
the database nor in a backup), over the bytes and the scikit-learn version
that made them. A model is loaded only when this installation's key signed
it and the same scikit-learn version runs: a row written by anyone else (a
tampered backup, a hand-edited database) is refused, never unpickled.
A prediction as of a day uses the newest model trained on records up to that
day, so that ``--as-of`` answers never rest on later records.
"""

from __future__ import annotations

import json
import pickle
from dataclasses import dataclass
from datetime import date, datetime

import sklearn

from .. import signing
from ..db import Database
from ..problems import Problem

KIND = "escalation"
VERSION = "escalation-1"  # changes when the inputs or the target change; older versions are not loaded


class DamagedModel(Problem):
    """A stored model that is not loaded: its bytes or card are damaged, this installation did not sign it, or
    another scikit-learn made it. Never unpickled."""

    def __init__(self, model_id: int, reason: str = "damaged", **values):
        super().__init__(f"model.{reason}", model_id=model_id, **values)


def _signed(fitted: bytes, made_with: str) -> bytes:
    return f"{VERSION}|scikit-learn {made_with}|".encode() + fitted


@dataclass(frozen=True)
class StoredModel:
    model_id: int
    version: str
    trained_at: datetime
    trained_by: str | None
    as_of: date
    data_from: date
    data_to: date
    card: dict
    estimator: object


def save(
    db: Database, estimator, *, username: str | None, as_of: date, data_from: date, data_to: date, card: dict
) -> int:
    fitted = pickle.dumps(estimator, protocol=pickle.HIGHEST_PROTOCOL)
    card = {**card, "sklearn": sklearn.__version__}
    signature = signing.sign(signing.key(), _signed(fitted, sklearn.__version__))
    with db.transaction():
        db.execute(
            "INSERT INTO models (kind, version, trained_at, trained_by, as_of, data_from, data_to, card, fitted, "
            "checksum) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                KIND,
                VERSION,
                datetime.now(),
                username,
                as_of,
                data_from,
                data_to,
                json.dumps(card, ensure_ascii=False),
                fitted,
                signature,
            ],
        )
        db.bump_data_version()  # pages cache forecasts by data version
        return int(db.scalar("SELECT max(model_id) FROM models"))


def latest(db: Database, as_of: date | None = None) -> StoredModel | None:
    """The newest model of the current version trained on records up to ``as_of`` (any, without it)."""
    found = db.rows(
        "SELECT model_id, version, trained_at, trained_by, as_of, data_from, data_to, card, fitted, checksum "
        "FROM models WHERE kind = ? AND version = ? AND as_of <= ? ORDER BY as_of DESC, model_id DESC LIMIT 1",
        [KIND, VERSION, as_of or date.max],
    )
    if not found:
        return None
    model_id, version, trained_at, trained_by, trained_as_of, data_from, data_to, card, fitted, checksum = found[0]
    fitted = bytes(fitted)
    try:
        card = json.loads(card)
        made_with = str(card.get("sklearn", ""))
    except (TypeError, ValueError, AttributeError):
        raise DamagedModel(model_id) from None
    if not signing.signed_by(signing.key(), _signed(fitted, made_with), checksum):
        raise DamagedModel(model_id, "unsigned")
    if made_with != sklearn.__version__:
        raise DamagedModel(model_id, "other_sklearn", made_with=made_with or "?", ours=sklearn.__version__)
    return StoredModel(
        model_id,
        version,
        trained_at,
        trained_by,
        trained_as_of,
        data_from,
        data_to,
        card,
        pickle.loads(fitted),  # signed by this installation, made by this scikit-learn
    )


def listing(db: Database):
    """Every stored model's card fields, newest first (no estimator)."""
    return db.query(
        "SELECT model_id, version, trained_at, trained_by, as_of, data_from, data_to, card "
        "FROM models WHERE kind = ? ORDER BY model_id DESC",
        [KIND],
    )


def describe(db: Database, as_of: date | None = None) -> dict | None:
    """The card of the model ``latest`` would load (without loading it): id, data range, base rate."""
    found = db.rows(
        "SELECT model_id, trained_at, as_of, data_from, data_to, card FROM models "
        "WHERE kind = ? AND version = ? AND as_of <= ? ORDER BY as_of DESC, model_id DESC LIMIT 1",
        [KIND, VERSION, as_of or date.max],
    )
    if not found:
        return None
    model_id, trained_at, trained_as_of, data_from, data_to, card = found[0]
    return {
        "model_id": model_id,
        "trained_at": trained_at,
        "as_of": trained_as_of,
        "data_from": data_from,
        "data_to": data_to,
        **json.loads(card),
    }
