"""`risk-radar serve`: the dashboard as a service — its schedulers start with the server, not with a page.

``serve [--db PATH] [--port N] [--address HOST]`` opens the database, starts this server's early warning
(ui.early_warning: after imports, daily at ``alert_run_time``, on data changes) and daily backup
(ui.backups), then runs Streamlit on dashboard.py in the same process, so that alerts are raised and sent
even when nobody opens a page. Every other command is the command line's (``python -m analytics``):
``risk-radar import …`` is ``python -m analytics import …``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from analytics.settings import ROOT, default_db_path, private_files

DASHBOARD = ROOT / "dashboard.py"


def serve(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="risk-radar serve", description="run the dashboard as a service")
    parser.add_argument("--db", type=Path, default=None, help="database file (default: RISK_DB, data/risk.duckdb)")
    parser.add_argument("--port", type=int, default=8501)
    parser.add_argument("--address", default="127.0.0.1", help="address to listen on (default: this machine only)")
    args = parser.parse_args(argv)
    path = (args.db or default_db_path()).resolve()
    if not path.exists():
        print(f"no database at {path}: create it with `risk-radar init` (or `init --demo`)", file=sys.stderr)
        return 2
    os.environ["RISK_DB"] = str(path)  # the pages open the same file
    import logging

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s", stream=sys.stderr)
    logging.getLogger("risk_radar").info("serving %s on %s:%d", path, args.address, args.port)

    from analytics import settings_store
    from analytics.db import open_database

    from . import backups, data, early_warning

    db = open_database(path, hold=False, wait_seconds=data.WAIT_SECONDS)  # the instance the pages will share
    early_warning.worker(db)
    backups.keep_scheduled(path)
    from streamlit.web import cli as streamlit_cli

    sys.argv = [
        "streamlit",
        "run",
        str(DASHBOARD),
        "--server.port",
        str(args.port),
        "--server.address",
        args.address,
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.maxUploadSize",  # Streamlit's own limit is the office's, not 2 GB
        str(settings_store.get(db, "max_upload_mb")),
        "--client.showErrorDetails",
        "none",
    ]
    return streamlit_cli.main()


def main(argv: list[str] | None = None) -> int:
    private_files()
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["serve"]:
        return serve(argv[1:])
    if not argv or argv[:1] in (["-h"], ["--help"]):
        print("risk-radar serve [--db PATH] [--port N] [--address HOST]   run the dashboard (and its schedulers)")
        print("risk-radar COMMAND ...   any command of the command line below\n")
    from analytics.__main__ import main as command_line

    return command_line(argv)


if __name__ == "__main__":
    sys.exit(main())
