"""Where things live and the defaults a deployment may override.

Paths are anchored once, at the project root; environment variables override.
Each setting is declared once with its name, default and a line of help, so
docs/settings.md's tables and the code cannot drift apart (a test checks).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# a checkout keeps its database in data/; an installed copy (pip install .) in the working directory
CHECKOUT = (ROOT / "pyproject.toml").exists()
DATA_DIR = ROOT / "data" if CHECKOUT else Path.cwd()


@dataclass(frozen=True)
class EnvSetting:
    name: str
    default: str
    help: str

    def get(self) -> str:
        return os.environ.get(self.name) or self.default


ENV_SETTINGS = (
    EnvSetting("RISK_DB", str(DATA_DIR / "risk.duckdb"), "database file used by the dashboard and the command line"),
    EnvSetting("RISK_LANG", "zh", "default interface language: zh (简体中文) or en"),
    EnvSetting(
        "RISK_PSEUDONYM_KEY", "", "secret key for pseudonyms; when empty, a key file beside the database is used"
    ),
    EnvSetting(
        "RISK_BACKUP_KEY",
        "",
        "secret key that signs backups and stored models; when empty, the key file RISK_BACKUP_KEY_FILE is used. "
        "Keep a copy apart from the backups",
    ),
    EnvSetting(
        "RISK_BACKUP_KEY_FILE",
        "",
        "file holding the signing key; when empty, ~/.config/risk-radar/backup.key (created on first use)",
    ),
    EnvSetting("RISK_SMTP_HOST", "", "mail server for alert notifications (none: no e-mail)"),
    EnvSetting("RISK_SMTP_PORT", "25", "its port"),
    EnvSetting(
        "RISK_SMTP_TLS",
        "auto",
        "auto: STARTTLS whenever the mail server offers it; starttls: required; ssl: TLS from the start (port "
        "465); off: none (a password is never sent unencrypted)",
    ),
    EnvSetting("RISK_SMTP_USER", "", "user name to log in to the mail server (none: no login)"),
    EnvSetting("RISK_SMTP_PASSWORD", "", "its password (keep it in the service's environment file, mode 0600)"),
    EnvSetting("RISK_SMTP_FROM", "risk-radar@localhost", "sender address of notifications"),
    EnvSetting("RISK_SMTP_TO", "", "recipients of notifications, comma-separated"),
    EnvSetting("RISK_WEBHOOK_URL", "", "office messaging webhook for notifications (JSON POST; none: no webhook)"),
    EnvSetting("RISK_BACKUP_DIR", "", "folder for backups; when empty, a backups folder beside the database"),
    EnvSetting(
        "RISK_BACKUP_SCHEDULE",
        "on",
        "off: the dashboard server takes no daily backup (a cron job running backup may instead)",
    ),
    EnvSetting(
        "RISK_ALERT_SCHEDULE",
        "on",
        "off: the dashboard server does not run the detectors each day at alert_run_time nor when the data "
        "changed (cron or a systemd timer running `python -m analytics alerts` may instead)",
    ),
    EnvSetting(
        "RISK_ALERT_CHECK_SECONDS",
        "60",
        "seconds between the server's checks for a due run and for notifications still to send",
    ),
)
_BY_NAME = {s.name: s for s in ENV_SETTINGS}


def env(name: str) -> str:
    return _BY_NAME[name].get()


def default_db_path() -> Path:
    return Path(env("RISK_DB"))


def default_language() -> str:
    lang = env("RISK_LANG")
    return lang if lang in ("zh", "en") else "zh"


@dataclass(frozen=True)
class AppSetting:
    """A setting an admin may change on the settings page; stored in the database.

    ``choices`` for a closed list, else ``minimum``/``maximum`` for a whole number.
    """

    name: str
    default: int | str
    help_en: str
    help_zh: str
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[str, ...] = ()

    def validate(self, value) -> int | str:
        """The value as stored, or ValueError saying what is wrong (in English; pages translate)."""
        if self.choices:
            if value not in self.choices:
                raise ValueError(f"{self.name} must be one of {', '.join(self.choices)}")
            return value
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ValueError(f"{self.name} must be a whole number") from None
        if isinstance(value, float) and not value.is_integer():
            raise ValueError(f"{self.name} must be a whole number")
        if not (self.minimum <= number <= self.maximum):
            raise ValueError(f"{self.name} must be between {self.minimum} and {self.maximum}")
        return number


APP_SETTINGS = (
    AppSetting(
        "default_language",
        "zh",
        "Language shown before a user chooses one",
        "用户未选择时界面显示的语言",
        choices=("zh", "en"),
    ),
    AppSetting(
        "accept_days",
        15,
        "Days after registration to decide whether to accept (or forward) a petition (信访工作条例)",
        "登记后决定是否受理（或转送交办）的期限（天）",
        1,
        60,
    ),
    AppSetting(
        "supervise_days",
        7,
        "Days a supervision notice gives an overdue risk item before its alert turns red",
        "风险隐患逾期督办后的整改期限（天），逾期未销号转为红色预警",
        1,
        60,
    ),
    AppSetting(
        "conclude_days", 60, "Days from acceptance (受理) to the answer", "自受理之日起答复办结的期限（天）", 1, 180
    ),
    AppSetting(
        "extension_days",
        30,
        "Days by which the answer may be extended (once)",
        "答复期限可延长的天数（只能延长一次）",
        0,
        90,
    ),
    AppSetting(
        "group_petition_people",
        5,
        "People from which a petition counts as a group petition (集体访)",
        "多少人及以上算集体访",
        2,
        50,
    ),
    AppSetting(
        "skip_level_from",
        "city",
        "Lowest level at which a petition raises a skip-level alert",
        "从哪一级起触发越级访预警",
        choices=("district", "city", "province", "national"),
    ),
    AppSetting(
        "blind_spot_days",
        60,
        "Days without a screening visit before a group is a blind spot",
        "小组连续多少天无人排查即为排查盲区",
        7,
        365,
    ),
    AppSetting(
        "sensitive_lead_days",
        14,
        "Days before a sensitive period in which open red and orange risk items are flagged",
        "敏感节点前多少天提示未化解的红色、橙色风险隐患",
        0,
        90,
    ),
    AppSetting(
        "spike_alarm_per_mille",
        20,
        "How often in a thousand an ordinary week may pass the spike and "
        "cluster thresholds: higher finds rises sooner, with more false alerts (docs/early-warning.md: evaluation)",
        "平常周超过突增、连片上升阈值的千分比：调高则发现更早，误报也更多",
        1,
        100,
    ),
    AppSetting(
        "model_alert_probability",
        20,
        "Chance in a hundred that an open matter escalates within 30 days "
        "from which the escalation model raises an alert (docs/escalation-model.md)",
        "未化解风险隐患 30 天内升级的概率达到百分之几时，升级预测模型发出预警",
        5,
        95,
    ),
    AppSetting(
        "notify_grades",
        "red",
        "Alerts sent by e-mail and webhook as they are raised",
        "哪些等级的预警在产生时通过邮件和消息推送",
        choices=("off", "red", "red_orange"),
    ),
    AppSetting(
        "session_timeout_minutes",
        30,
        "Minutes of inactivity before a user is logged out",
        "无操作多少分钟后自动退出登录",
        5,
        480,
    ),
    AppSetting(
        "lockout_attempts", 5, "Failed logins in a row that lock an account", "连续登录失败多少次锁定账号", 3, 20
    ),
    AppSetting("max_upload_mb", 200, "Largest ledger file accepted, in MB", "可导入的最大台账文件（MB）", 1, 2000),
    AppSetting("lockout_minutes", 15, "Minutes an account stays locked", "账号锁定时长（分钟）", 1, 1440),
    AppSetting(
        "alert_run_time",
        "07:00",
        "Time of day at which the dashboard server runs the detectors (besides after every import and entry)",
        "仪表板服务器每天运行预警检测的时间（导入、录入后也会运行）",
        choices=tuple(f"{h:02d}:{m:02d}" for h in range(24) for m in (0, 30)),
    ),
    AppSetting(
        "backup_keep",
        7,
        "Daily backups kept by the dashboard server (0: no daily backup)",
        "仪表板每日自动备份保留的份数（0：不自动备份）",
        0,
        365,
    ),
)
APP_SETTINGS_BY_NAME = {s.name: s for s in APP_SETTINGS}


def private_files() -> None:
    """Files this process creates are its owner's alone (0600, folders 0700): the database and its WAL, backups,
    restored databases, rejects with raw names. Called first by the command line and the server."""
    os.umask(0o077)


def rejects_folder() -> Path:
    """Where rejects go when the clerk runs an import from inside the project's checkout: never into the working
    tree (``$XDG_STATE_HOME/risk-radar/rejects``, else ``~/.local/state/risk-radar/rejects``)."""
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "risk-radar" / "rejects"
