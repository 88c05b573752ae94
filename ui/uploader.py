"""The file uploader in the user's language.

Streamlit draws its uploader's words in English ("Drag and drop file here",
"Limit 2GB per file", "Browse files") whatever the page's language, and its
limit is the server's, not the office's ``max_upload_mb``. A style block
hides those words and writes ours in their place; the real limit is checked
by the import itself before the file is read.
"""

from __future__ import annotations

import json

import streamlit as st

from . import state


def speak_the_users_language(limit_mb: int) -> None:
    """Call once on a page with an uploader, before it."""
    drop = json.dumps(state.tr("upload.drop", limit=limit_mb), ensure_ascii=False)
    browse = json.dumps(state.tr("upload.browse"), ensure_ascii=False)
    st.html(f"""<style>
[data-testid="stFileUploaderDropzoneInstructions"] span {{ display: none; }}
[data-testid="stFileUploaderDropzoneInstructions"] > div::after {{ content: {drop}; font-size: 0.9rem; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {{ display: none; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]::after {{ content: {browse}; }}
</style>""")
