"""Streamlit-side helpers shared by the pages: state, sidebar, cached data.

``analytics`` never imports this package; this package is the only place that
caches (``st.cache_resource`` for the database, ``st.cache_data`` for frames).
"""
