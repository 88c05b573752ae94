"""Backups: a snapshot taken while the dashboard runs restores to a database with identical answers; a damaged
backup is refused before anything is written."""

from __future__ import annotations

import json
import shutil

import pytest

from analytics import backup
from analytics.__main__ import main
from analytics.auth import authenticate
from analytics.db import Database
from analytics.privacy import ensure_key
from analytics.schema import TABLES
from tests.helpers import DEMO_END


def _json(capsys, *argv) -> dict | list:
    assert main(list(argv)) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def test_every_table_is_backed_up():
    assert set(backup.ORDER) == TABLES == backup.schema_tables()


def test_a_restored_database_answers_summary_score_and_alerts_as_the_original(served_copy, tmp_path, capsys):
    folder, restored = tmp_path / "backup-1", tmp_path / "restored.duckdb"
    key = ensure_key(served_copy)
    taken = _json(capsys, "backup", "--db", str(served_copy), "--out", str(folder), "--json")
    manifest = json.loads((folder / "manifest.json").read_text())
    assert taken["tables"]["petitions"] == manifest["tables"]["petitions"]["rows"] > 1000
    assert (folder / "petitions.parquet").exists() and (folder / "pseudonym.key").exists()
    assert not list(tmp_path.glob(".backup-1.*"))  # no work folder left behind
    _json(capsys, "restore", str(folder), "--db", str(restored), "--json")
    as_of = str(DEMO_END)
    for command in (["summary"], ["score", "--as-of", as_of], ["alerts", "--as-of", as_of]):
        original = _json(capsys, *command, "--db", str(served_copy), "--json")
        again = _json(capsys, *command, "--db", str(restored), "--json")
        assert again == original, command
    # the same pseudonym key, and the id sequences continue after the restored rows
    assert ensure_key(restored) == key
    db = Database(restored)
    before = db.scalar("SELECT max(event_id) FROM audit_log")
    authenticate(db, "admin", "demo")
    assert db.scalar("SELECT max(event_id) FROM audit_log") > before
    db.close()


def test_a_damaged_backup_is_refused_and_nothing_is_written(served_copy, tmp_path, capsys):
    folder = tmp_path / "backup"
    assert main(["backup", "--db", str(served_copy), "--out", str(folder)]) == 0
    capsys.readouterr()
    damaged = folder / "screenings.parquet"
    data = bytearray(damaged.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    target = tmp_path / "restored.duckdb"
    assert main(["--lang", "en", "restore", str(folder), "--db", str(target)]) == 2
    said = capsys.readouterr().err
    assert "screenings.parquet" in said and "checksum" in said and "nothing was restored" in said
    assert not target.exists() and not list(tmp_path.glob(".restored.duckdb.*"))
    (folder / "manifest.json").unlink()
    assert main(["restore", str(folder), "--db", str(target)]) == 2
    assert "manifest.json" in capsys.readouterr().err


def test_backup_refuses_an_existing_folder_and_restore_an_existing_database(served_copy, tmp_path, capsys):
    folder = tmp_path / "backup"
    folder.mkdir()
    assert main(["--lang", "en", "backup", "--db", str(served_copy), "--out", str(folder)]) == 2
    assert "already exists" in capsys.readouterr().err
    shutil.rmtree(folder)
    assert main(["backup", "--db", str(served_copy), "--out", str(folder)]) == 0
    assert main(["restore", str(folder), "--db", str(served_copy)]) == 2  # the live database is not replaced
    assert main(["restore", str(folder), "--db", str(served_copy), "--force"]) == 0


@pytest.mark.browser
def test_a_backup_taken_while_the_dashboard_is_used_restores_identically(served_copy, tmp_path, page, capsys):
    from tests.browser import dashboard_server, log_in

    with dashboard_server(served_copy) as url:
        log_in(page, url, "analyst", path="heatmaps")
        page.get_by_test_id("stSidebar").locator("a", has_text="Trends").click()  # the dashboard at work
        assert main(["backup", "--db", str(served_copy), "--out", str(tmp_path / "live")]) == 0
        page.get_by_role("heading", name="Trends").first.wait_for()
    capsys.readouterr()
    _json(capsys, "restore", str(tmp_path / "live"), "--db", str(tmp_path / "restored.duckdb"), "--json")
    for command in (["summary"], ["score", "--as-of", str(DEMO_END)]):
        assert _json(capsys, *command, "--db", str(tmp_path / "restored.duckdb"), "--json") == _json(
            capsys, *command, "--db", str(served_copy), "--json"
        )


def test_daily_backups_keep_the_newest_and_never_remove_those_taken_by_hand(served_copy, tmp_path):
    from datetime import date

    db = Database(served_copy)
    folder = tmp_path / "backups"
    backup.take(db, folder / "manual-2026-11-01-120000")
    days = [date(2026, 11, d) for d in (20, 21, 22, 23)]
    for day in days:
        assert backup.daily(db, 2, day, folder) is not None
    assert backup.daily(db, 2, days[-1], folder) is None  # today's exists already
    assert backup.daily(db, 0, date(2026, 11, 24), folder) is None  # off
    names = sorted(b["name"] for b in backup.listed(folder))
    assert names == ["manual-2026-11-01-120000", "risk-2026-11-22", "risk-2026-11-23"]
    assert all(b["rows"] > 1000 and b["mb"] > 0 for b in backup.listed(folder))
    db.close()


def test_the_server_check_takes_todays_backup_beside_the_database(served_copy, monkeypatch):
    from datetime import date

    from ui import backups

    monkeypatch.delenv("RISK_BACKUP_DIR", raising=False)
    taken = backups.check(str(served_copy), date(2026, 11, 27))
    assert taken is not None and taken.folder == served_copy.parent / "backups" / "risk-2026-11-27"
    assert backups.check(str(served_copy), date(2026, 11, 27)) is None


def test_settings_page_backs_up_and_restores_into_a_new_file(served_copy, monkeypatch):
    from tests.apptest import start

    at = start(served_copy, monkeypatch, lang="en", role="admin")
    at.switch_page("app_pages/settings.py").run()
    assert not at.exception, at.exception
    assert any("No backup yet." in info.value for info in at.info)
    at.button(key="backup_now").click().run()
    assert not at.exception, at.exception
    assert any("Backup written to" in s.value for s in at.success)
    made = backup.listed(served_copy.parent / "backups")
    assert len(made) == 1 and made[0]["name"].startswith("manual-")
    assert at.dataframe[-1].value.iloc[0, 0] == made[0]["name"]
    at.button(key="backup_restore").click().run()
    assert not at.exception, at.exception
    restored = served_copy.parent / f"restored-{made[0]['name']}.duckdb"
    assert restored.exists() and any("every checksum verified" in s.value for s in at.success)
    db = Database(served_copy)
    assert db.scalar("SELECT count(*) FROM audit_log WHERE action IN ('backup', 'restore')") == 2
    db.close()


@pytest.mark.browser
def test_an_admin_backs_up_from_the_settings_page(served_copy, tmp_path, page):
    from tests.browser import dashboard_server, log_in

    with dashboard_server(served_copy) as url:
        log_in(page, url, "admin", path="settings")
        page.get_by_role("button", name="Back up now").click()
        page.get_by_text("Backup written to").wait_for()
        page.get_by_role("button", name="Verify and restore").wait_for()  # the list of backups and its restore
    assert len(backup.listed(served_copy.parent / "backups")) == 1


# -- a tampered backup (issue 20): the folder is not trusted ----------------------------------------------------------


class Payload:
    """A pickle that runs a shell command when loaded: what an attacker puts where a model should be."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        import os

        return (os.system, (f"touch {self.marker}",))


def _evil_models(folder, marker) -> None:
    """Replace the backup's models with the payload and recompute the manifest's checksum, as the attack did."""
    import hashlib
    import pickle

    import duckdb

    models = folder / "models.parquet"
    con = duckdb.connect()
    con.execute(f"CREATE TABLE m AS SELECT * FROM read_parquet('{models}')")
    con.execute("UPDATE m SET fitted = ?", [pickle.dumps(Payload(marker))])
    con.execute(f"COPY m TO '{models}' (FORMAT parquet)")
    con.close()
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["tables"]["models"]["sha256"] = hashlib.sha256(models.read_bytes()).hexdigest()
    (folder / "manifest.json").write_text(json.dumps(manifest))


def test_a_backup_with_a_pickle_and_a_recomputed_manifest_is_refused_and_runs_nothing(served_copy, tmp_path, capsys):
    folder, target, marker = tmp_path / "backup", tmp_path / "restored.duckdb", tmp_path / "pwned"
    assert main(["backup", "--db", str(served_copy), "--out", str(folder)]) == 0
    _evil_models(folder, marker)
    capsys.readouterr()
    assert main(["--lang", "en", "restore", str(folder), "--db", str(target)]) == 2
    said = capsys.readouterr().err
    assert "not signed by this installation's key" in said and "nothing was restored" in said
    assert not target.exists() and not marker.exists()


def test_an_unsigned_backup_is_refused_and_restored_by_name_without_its_models(served_copy, tmp_path, capsys):
    """A backup of format 1 (before signing), carrying the payload: refused; restored with --accept-unsigned it
    brings no model, and the early warning run on it runs no code."""
    folder, target, marker = tmp_path / "old", tmp_path / "restored.duckdb", tmp_path / "pwned"
    assert main(["backup", "--db", str(served_copy), "--out", str(folder)]) == 0
    _evil_models(folder, marker)
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["format"] = "risk-radar-backup/1"
    del manifest["signature"]
    (folder / "manifest.json").write_text(json.dumps(manifest))
    capsys.readouterr()
    assert main(["--lang", "en", "restore", str(folder), "--db", str(target)]) == 2
    assert "before backups were signed" in capsys.readouterr().err and not target.exists()
    assert main(["restore", str(folder), "--db", str(target), "--accept-unsigned"]) == 0
    assert Database(target).scalar("SELECT count(*) FROM models") == 0
    assert main(["alerts", "--db", str(target), "--as-of", str(DEMO_END)]) == 0
    assert not marker.exists()


def test_a_table_left_out_of_a_signed_manifest_is_refused(served_copy, tmp_path, capsys):
    """Even a manifest signed with the right key must list every table of its schema version: deleting the audit
    log from it does not restore a database without an audit trail."""
    from analytics import signing

    folder, target = tmp_path / "backup", tmp_path / "restored.duckdb"
    assert main(["backup", "--db", str(served_copy), "--out", str(folder)]) == 0
    manifest = json.loads((folder / "manifest.json").read_text())
    del manifest["tables"]["audit_log"]
    (folder / "audit_log.parquet").unlink()
    (folder / "manifest.json").write_text(json.dumps(manifest))
    capsys.readouterr()
    assert main(["--lang", "en", "restore", str(folder), "--db", str(target)]) == 2  # the signature no longer fits
    assert "not signed" in capsys.readouterr().err
    manifest["signature"] = signing.sign(signing.key(), backup._signed_part(manifest))  # as if by the key holder
    (folder / "manifest.json").write_text(json.dumps(manifest))
    assert main(["--lang", "en", "restore", str(folder), "--db", str(target)]) == 2
    said = capsys.readouterr().err
    assert "are missing" in said and "audit_log" in said and not target.exists()


def test_a_backup_restores_only_with_the_key_that_signed_it(served_copy, tmp_path, capsys, monkeypatch):
    folder, target = tmp_path / "backup", tmp_path / "restored.duckdb"
    assert main(["backup", "--db", str(served_copy), "--out", str(folder)]) == 0
    monkeypatch.setenv("RISK_BACKUP_KEY_FILE", str(tmp_path / "elsewhere" / "backup.key"))
    capsys.readouterr()
    assert main(["--lang", "en", "restore", str(folder), "--db", str(target)]) == 2
    assert "No signing key" in capsys.readouterr().err and not target.exists()
    monkeypatch.setenv("RISK_BACKUP_KEY", "another installation's key")
    assert main(["--lang", "en", "restore", str(folder), "--db", str(target)]) == 2
    assert "not signed by this installation's key" in capsys.readouterr().err and not target.exists()
