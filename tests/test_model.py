"""The escalation model: its target worked out by hand, no leakage, the backtest against the baselines on the
demo street and on Boston's ledger, storage, the `model` detector and the CLI."""

from __future__ import annotations

import json
from datetime import date as D
from datetime import timedelta

import pytest

from analytics import model, settings_store
from analytics.__main__ import main
from analytics.db import Database
from analytics.detect.escalation import escalation_forecasts
from analytics.model import features, store, target
from analytics.roles import User
from analytics.scoring import score_matters
from tests.street import add_petition, add_risk, tiny_street

AS_OF = D(2026, 3, 1)
ADMIN = User("root", "admin")


@pytest.fixture
def street(tmp_path):
    db = tiny_street(tmp_path / "street.duckdb")
    yield db
    db.close()


def _escalated(db, as_of=AS_OF) -> dict:
    found, links = features.snapshot(db, as_of)
    labels = target.escalations(db, as_of, found["matter_id"], links)
    return {row.matter_id: (row.escalated, row.reason) for row in labels.itertuples()}


def test_target_counts_group_petitions_higher_levels_and_petitions_after_resolution(street):
    day = AS_OF - timedelta(days=20)
    # M1: a group petition of 6 within the 30 days
    add_risk(street, "M1", day, 1)
    add_petition(street, "a1", day, 1, 10, matter_id="M1")
    add_petition(street, "a2", AS_OF + timedelta(days=10), 1, 10, matter_id="M1", people=6)
    # M2: lodged at the district after street petitions
    add_risk(street, "M2", day, 1)
    add_petition(street, "b1", day, 1, 10, matter_id="M2")
    add_petition(street, "b2", AS_OF + timedelta(days=29), 1, 10, matter_id="M2", level="district")
    # M3: petitioned again at the same level, not resolved: not an escalation
    add_risk(street, "M3", day, 1)
    add_petition(street, "c1", day, 1, 10, matter_id="M3", level="district")
    add_petition(street, "c2", AS_OF + timedelta(days=5), 1, 10, matter_id="M3", level="district")
    # M4: marked resolved on day +3, petitioned on day +12
    add_risk(street, "M4", day, 1, status="resolved", resolved=AS_OF + timedelta(days=3))
    add_petition(street, "d1", day, 1, 10, matter_id="M4", petitioner="P-4")
    add_petition(street, "d2", AS_OF + timedelta(days=12), 1, 10, petitioner="P-4")  # names no matter: linked
    # M5: a group petition, but 31 days later: outside the horizon
    add_risk(street, "M5", day, 1)
    add_petition(street, "e1", day, 1, 10, matter_id="M5")
    add_petition(street, "e2", AS_OF + timedelta(days=31), 1, 10, matter_id="M5", people=9)
    # a matter known only from petitions: its latest petition answered on day +2, a new one on day +8
    add_petition(street, "f1", day, 1, 11, petitioner="P-6", resolved=day + timedelta(days=5), status="resolved")
    add_petition(street, "f2", day + timedelta(days=6), 1, 11, petitioner="P-6")
    add_petition(street, "f3", AS_OF + timedelta(days=8), 1, 11, petitioner="P-6")
    street.execute(
        "UPDATE petitions SET resolved_date = ?, status = 'resolved' WHERE petition_id = 'f2'",
        [AS_OF + timedelta(days=2)],
    )
    found = _escalated(street)
    assert found["M1"] == (True, "group_petition")
    assert found["M2"] == (True, "higher_level")
    assert found["M3"] == (False, None)
    assert found["M4"] == (True, "after_resolution")
    assert found["M5"] == (False, None)
    assert found["P:f1"] == (True, "after_resolution")


def test_recently_resolved_matters_are_watched_but_not_on_the_register(street):
    add_risk(street, "R1", AS_OF - timedelta(days=40), 1, status="resolved", resolved=AS_OF - timedelta(days=10))
    add_risk(street, "R2", AS_OF - timedelta(days=90), 1, status="resolved", resolved=AS_OF - timedelta(days=45))
    found, _ = features.snapshot(street, AS_OF)
    watched = found.set_index("matter_id")
    assert "R1" in watched.index and "R2" not in watched.index
    assert watched.loc["R1", "resolved"] == 1 and watched.loc["R1", "days_since_resolved"] == 10
    assert "R1" not in set(score_matters(street, AS_OF)["matter_id"])


def test_a_resolved_matter_petitioned_again_is_open_again(street):
    add_risk(street, "M9", AS_OF - timedelta(days=60), 1, status="resolved", resolved=AS_OF - timedelta(days=20))
    add_petition(
        street,
        "g1",
        AS_OF - timedelta(days=60),
        1,
        10,
        matter_id="M9",
        status="resolved",
        resolved=AS_OF - timedelta(days=25),
    )
    assert "M9" not in set(score_matters(street, AS_OF)["matter_id"])
    add_petition(street, "g2", AS_OF - timedelta(days=5), 1, 10, matter_id="M9")
    assert "M9" in set(score_matters(street, AS_OF)["matter_id"])


def test_features_as_of_a_day_ignore_later_records(served_copy):
    demo_db = Database(served_copy)
    day = D(2026, 5, 1)
    before, _ = features.snapshot(demo_db, day)
    demo_db.execute("UPDATE petitions SET people_count = 9, level = 'province' WHERE received_date > ?", [day])
    demo_db.execute(
        "INSERT INTO petitions SELECT * REPLACE ('X' || petition_id AS petition_id, "
        "received_date + 10 AS received_date) FROM petitions WHERE received_date > ?",
        [day - timedelta(days=9)],
    )
    after, _ = features.snapshot(demo_db, day)
    demo_db.close()
    columns = ["matter_id", *features.FEATURES]
    assert before[columns].equals(after[columns])


def test_the_demo_model_is_stored_with_its_card_and_range(demo_db):
    stored = store.latest(demo_db)
    assert stored is not None and stored.version == store.VERSION
    assert stored.as_of == D(2026, 11, 27)
    assert stored.data_to <= stored.as_of - timedelta(days=target.HORIZON_DAYS)
    assert stored.card["features"] == list(features.FEATURES)
    assert stored.card["escalations"] >= 100 and 0 < stored.card["base_rate"] < 0.1
    assert store.latest(demo_db, D(2026, 11, 26)) is None  # nothing trained on records up to that day


def test_forecasts_cover_every_open_matter_with_an_explanation(demo_db):
    predicted = model.predict_open(demo_db, D(2026, 11, 27))
    open_now = set(score_matters(demo_db, D(2026, 11, 27))["matter_id"])
    assert set(predicted["matter_id"]) == open_now
    assert predicted["probability"].between(0, 1).all()
    top = predicted.sort_values("probability").iloc[-1]
    assert top["raised"] and all(effect > 0 for _, effect in top["raised"])
    assert all(name in (*features.FEATURES, "season") for name, _ in top["raised"] + top["lowered"])


def test_a_damaged_model_is_refused(served_copy):
    db = Database(served_copy)
    db.execute("UPDATE models SET fitted = ?::BLOB", [b"not a model"])
    with pytest.raises(store.DamagedModel):
        store.latest(db)
    db.close()


def test_the_model_detector_alerts_above_the_set_probability(served_copy):
    demo_db = Database(served_copy)
    day = D(2026, 11, 27)
    predicted = model.predict_open(demo_db, day)
    settings_store.update(demo_db, ADMIN, {"model_alert_probability": 5})
    signals = escalation_forecasts(demo_db, day)
    expected = set(predicted.loc[predicted["probability"] >= 0.05, "matter_id"])
    assert {s.matter_id for s in signals} == expected and expected
    assert {s.grade for s in signals} <= {"yellow", "orange"}
    first = signals[0]
    assert first.kind == "model" and first.evidence["raised"] and 0.05 <= first.evidence["probability"] <= 1
    settings_store.update(demo_db, ADMIN, {"model_alert_probability": 95})
    assert escalation_forecasts(demo_db, day) == []
    demo_db.close()


def test_alerts_as_of_a_day_before_the_model_use_no_model(served_copy, capsys):
    demo_path = served_copy
    db = Database(demo_path)
    settings_store.update(db, ADMIN, {"model_alert_probability": 5})
    db.close()
    assert main(["alerts", "--db", str(demo_path), "--as-of", "2026-10-01", "--json"]) == 0
    assert not [a for a in json.loads(capsys.readouterr().out) if a["kind"] == "model"]
    assert main(["alerts", "--db", str(demo_path), "--as-of", "2026-11-27", "--json"]) == 0
    forecasts = [a for a in json.loads(capsys.readouterr().out) if a["kind"] == "model"]
    assert forecasts and all(a["matter_id"] and a["evidence"]["probability"] >= 0.05 for a in forecasts)


@pytest.mark.slow
def test_evaluate_on_the_demo_street_beats_every_baseline(demo_path, capsys):
    assert main(["model", "evaluate", "--db", str(demo_path), "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["target"] == model.TARGET
    assert set(found["baselines"]) == {"climatology", "persistence", "rule_score", "logistic_regression"}
    assert all(found["aupr"] > scores["aupr"] for scores in found["baselines"].values())
    assert found["brier_skill"] > 0
    assert found["escalations"] >= 50 and found["origins"] >= 4
    assert sum(b["rows"] for b in found["reliability"]) == found["rows"]


@pytest.mark.slow
def test_evaluate_on_bostons_ledger_beats_every_baseline(boston_file, capsys):
    assert main(["--lang", "en", "model", "evaluate", "--db", str(boston_file), "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert all(found["aupr"] > scores["aupr"] for scores in found["baselines"].values()), found
    assert found["brier_skill"] > 0 and found["escalations"] >= 50
    assert found["period"]["to"] <= "2017-12-15"  # the export ends on 2018-01-14, minus the 30 days


@pytest.mark.slow
def test_train_as_of_a_day_stores_that_range(served_copy, capsys):
    demo_path = served_copy
    assert main(["--lang", "en", "model", "train", "--db", str(demo_path), "--as-of", "2026-06-30"]) == 0
    assert "trained on" in capsys.readouterr().err
    db = Database(demo_path)
    stored = store.latest(db, D(2026, 7, 1))
    assert stored.as_of == D(2026, 6, 30) and stored.data_to <= D(2026, 5, 31)
    assert (
        db.scalar(
            "SELECT count(*) FROM audit_log WHERE action = 'model_trained' AND detail->>'to' = ?", [str(stored.data_to)]
        )
        == 1
    )
    db.close()


def test_too_little_history_is_a_clear_error(street, capsys):
    add_risk(street, "M1", AS_OF, 1)
    add_petition(street, "a1", AS_OF, 1, 10, matter_id="M1")
    path = street.path
    street.close()
    for command in ("train", "evaluate"):
        assert main(["--lang", "en", "model", command, "--db", str(path)]) == 2
        assert "Too few escalations" in capsys.readouterr().err


def test_the_forecast_of_the_top_red_item_is_explained_in_words_that_cannot_be_misread(demo_db):
    """Issue 16.7: '累计信访件数 10 → −25.8' read as 'more petitions lower the risk'."""
    from datetime import date

    from analytics.model import predict_open
    from analytics.model.explain import in_words
    from analytics.scoring import score_matters

    as_of = date(2026, 11, 27)
    forecasts = predict_open(demo_db, as_of).set_index("matter_id")
    scored = score_matters(demo_db, as_of)
    red = [m for m in scored.loc[scored["grade"] == "red", "matter_id"] if m in forecasts.index]
    assert red
    explained = [line for matter in red for line in in_words(forecasts.loc[matter], "zh")]
    assert explained
    for bar, effect, sentence in explained:
        assert (
            "（通常" in bar and "通常为" in sentence
        )  # the item beside a typical one (never 一般, an emergency grade)
        assert ("增加约" in sentence) == (effect > 0) and ("减少约" in sentence) == (effect < 0)
        assert "−" not in sentence and "-" not in sentence  # a direction in words, not a signed number


def test_a_model_row_this_installation_did_not_sign_is_never_unpickled(served_copy, tmp_path, capsys):
    """Whoever can write the database cannot make the product run code: a pickle with a fresh checksum is refused
    on the pages and by the detectors, and the early-warning run still raises the other alerts."""
    import hashlib
    import pickle

    from tests.test_backup import Payload

    marker = tmp_path / "pwned"
    payload = pickle.dumps(Payload(marker))
    db = Database(served_copy)
    db.execute("UPDATE models SET fitted = ?::BLOB, checksum = ?", [payload, hashlib.sha256(payload).hexdigest()])
    with pytest.raises(store.DamagedModel) as refused:
        store.latest(db)
    assert "not signed by this installation's key" in refused.value.said("en")
    db.close()
    assert main(["alerts", "--db", str(served_copy), "--as-of", "2026-11-27", "--json"]) == 0
    raised = json.loads(capsys.readouterr().out)
    assert raised and not marker.exists()


def test_a_model_made_by_another_scikit_learn_is_not_loaded(served_copy):
    from analytics import signing

    db = Database(served_copy)
    fitted, card = db.rows("SELECT fitted, card FROM models ORDER BY model_id DESC LIMIT 1")[0]
    card = {**json.loads(card), "sklearn": "0.1"}
    signature = signing.sign(signing.key(), store._signed(bytes(fitted), "0.1"))
    db.execute("UPDATE models SET card = ?, checksum = ?", [json.dumps(card), signature])
    with pytest.raises(store.DamagedModel) as refused:
        store.latest(db)
    assert "scikit-learn 0.1" in refused.value.said("en")
    db.close()
