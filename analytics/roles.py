"""Who may do what: the role × page × action matrix, enforced in analytics.

Pages are refused by the router and actions by the analytics functions that
perform them (``require``), so a hidden button is never the only guard.
The README's table is checked against these sets by a test.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass

from .problems import Problem

ROLES = ("admin", "committee", "analyst", "officer", "clerk")

# page key (its url path) -> roles that may open it
PAGES: dict[str, frozenset[str]] = {
    "overview": frozenset({"committee", "analyst", "officer"}),
    "register": frozenset({"committee", "analyst", "officer"}),
    "campaigns": frozenset({"committee", "analyst", "officer"}),
    "heatmaps": frozenset({"committee", "analyst", "officer"}),
    "trends": frozenset({"committee", "analyst", "officer"}),
    "rankings": frozenset({"committee", "analyst", "officer"}),
    "review": frozenset({"committee", "officer"}),
    "meeting": frozenset({"committee", "officer"}),
    "my_items": frozenset({"committee", "officer"}),
    "accounts": frozenset({"admin"}),
    "settings": frozenset({"admin"}),
    "audit": frozenset({"admin"}),
    "import": frozenset({"clerk"}),
    "entry": frozenset({"clerk"}),
    "account": frozenset(ROLES),  # one's own password
}

# action -> roles that may perform it
ACTIONS: dict[str, frozenset[str]] = {
    "view_aggregates": frozenset({"committee", "analyst", "officer"}),
    "export_aggregates": frozenset({"committee", "analyst", "officer"}),
    "view_case_details": frozenset({"officer"}),
    "act_on_alerts": frozenset({"officer"}),
    "handle_risks": frozenset({"officer"}),
    "sign_off_risks": frozenset({"committee"}),
    "run_meetings": frozenset({"committee", "officer"}),
    "export_brief": frozenset({"committee", "officer"}),
    "import_ledgers": frozenset({"clerk"}),
    "enter_records": frozenset({"clerk"}),
    "manage_accounts": frozenset({"admin"}),
    "change_settings": frozenset({"admin"}),
    "view_audit": frozenset({"admin"}),
}


@dataclass(frozen=True)
class User:
    """A logged-in person (or the command line acting for the office)."""

    username: str
    role: str
    is_demo: bool = False


# The command line runs with the rights of whoever can run it on the server
# (they could open the database file anyway); the audit log names the OS user.
SYSTEM_ROLE = "system"
SYSTEM = User(f"cli:{getpass.getuser()}", SYSTEM_ROLE)


class PermissionDenied(Problem):
    """``user`` asked for an action their role does not allow (``what``: the action's name)."""

    def __init__(self, user: User, what: str):
        super().__init__("refused.action", user=user.username, role=user.role, what=what)
        self.user = user
        self.what = what

    def said(self, lang: str) -> str:
        """The role and the action in the reader's words, never their codes."""
        from .i18n import TEXT, t

        role = t(f"role.{self.user.role}", lang) if f"role.{self.user.role}" in TEXT else self.user.role
        return t("refused.action", lang, user=self.user.username, role=role, what=t(f"action.{self.what}", lang))


def can(user: User | None, action: str) -> bool:
    if action not in ACTIONS:
        raise KeyError(f"unknown action {action!r}")
    return user is not None and (user.role == SYSTEM_ROLE or user.role in ACTIONS[action])


def require(user: User | None, action: str) -> None:
    """Raise PermissionDenied unless ``user`` may perform ``action``."""
    if not can(user, action):
        raise PermissionDenied(user or User("anonymous", "none"), action)


def can_open(user: User | None, page: str) -> bool:
    return user is not None and user.role in PAGES.get(page, frozenset())


def pages_for(role: str) -> list[str]:
    return [page for page, roles in PAGES.items() if role in roles]
