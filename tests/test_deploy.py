"""Deployment as a service (issue 20): the systemd units verify, and a browser works through nginx over TLS only."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.helpers import ROOT

UNITS = ROOT / "deploy" / "systemd"
NAMES = [
    "risk-radar@hongqi.service",
    "risk-radar-alerts@hongqi.service",
    "risk-radar-alerts@hongqi.timer",
    "risk-radar-backup@hongqi.service",
    "risk-radar-backup@hongqi.timer",
]


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_the_systemd_units_verify(tmp_path):
    for unit in UNITS.glob("*.service"):
        # the product is installed in /opt/risk-radar on a server; here the command stands in for it
        text = unit.read_text(encoding="utf-8").replace("/opt/risk-radar/bin/risk-radar", sys.executable)
        (tmp_path / unit.name).write_text(text, encoding="utf-8")
    for timer in UNITS.glob("*.timer"):
        shutil.copy(timer, tmp_path / timer.name)
    done = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *[f"./{name}" for name in NAMES]],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    said = done.stdout + done.stderr
    assert done.returncode == 0 and "Unknown" not in said and "ignoring" not in said, said
    service = (UNITS / "risk-radar@.service").read_text(encoding="utf-8")
    for rule in ("DynamicUser=yes", "ProtectSystem=strict", "EnvironmentFile=/etc/risk-radar/%i.env", "UMask=0077"):
        assert rule in service


@pytest.mark.browser
@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")
def test_a_browser_works_through_nginx_over_tls_only(demo_file, tmp_path, browser):
    import re
    import ssl
    import time
    import urllib.error
    import urllib.request

    from playwright.sync_api import expect

    from tests.browser import free_port, log_in, served_demo, settle

    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
         "-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    with served_demo(demo_file, tmp_path) as url:
        dashboard = int(url.rsplit(":", 1)[1])
        plain, secure = free_port(), free_port()
        site = (ROOT / "deploy" / "nginx" / "risk-radar.conf").read_text(encoding="utf-8")
        site = site.replace("listen 80;", f"listen 127.0.0.1:{plain};")
        site = site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{secure} ssl http2;")
        site = site.replace("/etc/risk-radar/tls/", f"{tmp_path}/").replace("127.0.0.1:8501", f"127.0.0.1:{dashboard}")
        site = re.sub(r"https://\$host\$request_uri", f"https://$host:{secure}$request_uri", site)
        temp = " ".join(
            f"{kind}_temp_path {tmp_path}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        (tmp_path / "nginx.conf").write_text(
            f"daemon off; worker_processes 1; pid {tmp_path}/nginx.pid; error_log {tmp_path}/nginx-error.log;\n"
            f"events {{}}\nhttp {{ access_log {tmp_path}/access.log; {temp}\n{site}\n}}\n",
            encoding="utf-8",
        )
        proxy = subprocess.Popen(
            ["nginx", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path), "-e", str(tmp_path / "nginx-error.log")]
        )
        try:
            insecure = ssl.create_default_context()
            insecure.check_hostname, insecure.verify_mode = False, ssl.CERT_NONE  # the test's self-signed certificate
            for _ in range(100):
                try:
                    with urllib.request.urlopen(
                        f"https://127.0.0.1:{secure}/_stcore/health", context=insecure
                    ) as answer:
                        assert answer.read() == b"ok"
                        assert answer.headers["Strict-Transport-Security"] == "max-age=31536000"
                        break
                except (urllib.error.URLError, ConnectionError):
                    time.sleep(0.1)
            else:
                pytest.fail((tmp_path / "nginx-error.log").read_text())
            # plain HTTP only sends the browser to HTTPS
            import http.client

            connection = http.client.HTTPConnection("127.0.0.1", plain, timeout=10)
            connection.request("GET", "/overview")
            moved = connection.getresponse()
            assert moved.status == 301 and moved.getheader("Location") == f"https://127.0.0.1:{secure}/overview"
            connection.close()
            context = browser.new_context(ignore_https_errors=True, viewport={"width": 1400, "height": 1000})
            page = context.new_page()
            try:
                log_in(page, f"https://127.0.0.1:{secure}", "committee")
                expect(page.get_by_role("heading", name="Risk overview", exact=True)).to_be_visible(timeout=30000)
                settle(page)
                page.get_by_test_id("stSidebar").get_by_test_id("stPageLink").filter(has_text="Trends").click()
                expect(page.get_by_role("heading", name="Trends").first).to_be_visible(timeout=30000)
                assert page.url.startswith("https://") and page.get_by_test_id("stException").count() == 0
                cookie = next(c for c in context.cookies() if c["name"] == "risk_radar_session")
                assert cookie["secure"] and cookie["sameSite"] == "Strict"  # set as Secure over HTTPS
            finally:
                context.close()
        finally:
            proxy.terminate()
            proxy.wait(timeout=10)
