"""The whole role × action matrix, walked against the functions in analytics/ (issue 20: some checks lived only in
the pages). For each action, a function that performs it: a role without the action is refused there
(PermissionDenied), a role with it is not (whatever else the call then says)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from analytics import alerts, audit, auth, backup, brief, daily, exports, lifecycle, meetings, queries, settings_store
from analytics.ledger import import_file
from analytics.ledger.entry import enter_one
from analytics.roles import ACTIONS, ROLES, PermissionDenied, User
from tests.street import add_petition, tiny_street

DAY = date(2026, 11, 20)


@pytest.fixture(scope="module")
def street(tmp_path_factory):
    folder = tmp_path_factory.mktemp("matrix")
    db = tiny_street(folder / "street.duckdb")
    add_petition(db, "P1", DAY, 1, 10, petitioner="甲", matter_id="M1")
    (folder / "p.csv").write_text(
        "信访编号,登记日期,信访形式,社区,小组,信访人,人数,问题类别,信访层级,办理状态\n"
        "P9,2026-11-21,来电,A社区,一组,乙,1,供水,街道,登记\n",
        encoding="utf-8",
    )
    db.folder = folder
    yield db
    db.close()


CALLS = {
    "view_aggregates": lambda db, u: queries.matter_history(db, "M1", u),
    "export_aggregates": lambda db, u: exports.record_download(db, u, "test", 1),
    "view_case_details": None,  # not a call of its own: what the timeline holds (below)
    "act_on_alerts": lambda db, u: alerts.act(db, u, 999_999, "acknowledge"),
    "handle_risks": lambda db, u: lifecycle.assign(db, u, "M-NONE", unit="城建科", due=DAY + timedelta(400)),
    "sign_off_risks": lambda db, u: lifecycle.close(db, u, "M-NONE"),
    "run_meetings": lambda db, u: meetings.start(db, u, queries_empty()),
    "export_brief": lambda db, u: brief.gather(db, DAY, "en", user=u),
    "import_ledgers": lambda db, u: import_file(db, u, "petitions", db.folder / "p.csv"),
    "enter_records": lambda db, u: enter_one(db, u, "petitions", {}),
    "manage_accounts": lambda db, u: auth.list_accounts(db, u),
    "change_settings": lambda db, u: settings_store.update(db, u, {}),
    "view_audit": lambda db, u: audit.search(db, u),
}
# what else needs an action, by the same rule
ALSO = {
    "export_brief": [lambda db, u: daily.build(db, DAY, "en", user=u)],
    "view_aggregates": [lambda db, u: queries.matter_timeline(db, "M1", DAY, u)],
    "change_settings": [
        lambda db, u: backup.take_by_hand(db, u),
        lambda db, u: backup.restore_beside(db, u, "no-such-backup"),
    ],
}


def queries_empty():
    import pandas as pd

    return pd.DataFrame()


def test_every_action_has_a_function_that_checks_it():
    assert set(CALLS) == set(ACTIONS)


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("role", ROLES)
def test_the_function_refuses_exactly_the_roles_without_the_action(street, role, action):
    user = User(f"{role}-1", role)
    allowed = role in ACTIONS[action]
    calls = [CALLS[action], *ALSO.get(action, [])] if CALLS[action] else []
    for call in calls:
        try:
            call(street, user)
        except PermissionDenied as refused:
            assert not allowed, f"{role} may {action}, but was refused"
            assert refused.what == action
        except Exception:  # allowed, and then refused for another reason (no such alert, no such item …)
            assert allowed, f"{role} may not {action}, but got past the check"
        else:
            assert allowed, f"{role} may not {action}, but it went through"


@pytest.mark.parametrize("role", [r for r in ROLES if r in ACTIONS["view_aggregates"]])
def test_pseudonyms_reach_only_the_roles_that_view_case_details(street, role):
    user = User(f"{role}-1", role)
    timeline = queries.matter_timeline(street, "M1", DAY, user)
    assert ("person" in timeline) == (role in ACTIONS["view_case_details"])
    street.execute(
        "INSERT INTO record_history VALUES ('petitions', 'P1', current_timestamp, 'petitioner', 'PX1', 'PX2')"
    )
    try:
        fields = set(queries.matter_history(street, "M1", user)["field"])
        assert ("petitioner" in fields) == (role in ACTIONS["view_case_details"])
    finally:
        street.execute("DELETE FROM record_history WHERE field = 'petitioner'")
