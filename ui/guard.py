"""The check at the top of every page: a logged-in user whose role may open it.

The router checks first; this second check holds even if a page is ever
reached some other way (defence in depth: a page draws nothing for a stranger).
"""

from __future__ import annotations

import streamlit as st

from analytics import roles
from analytics.roles import User

from . import session, state
from .catalogue import BY_KEY


def page_user(key: str) -> User:
    user = session.current_user()
    if user is None:
        st.warning(state.tr("login.required"))
        st.stop()
    if not roles.can_open(user, key):
        state.refuse(user, BY_KEY[key])
        st.stop()
    return user
