"""Every user-facing string goes through the translation table, in both languages."""
from __future__ import annotations

import ast
import re

import pytest

from analytics.i18n import TEXT, t
from analytics.taxonomy import CATEGORIES, CHANNELS, GRADES, LEVELS, PETITION_STATUSES, label
from tests.conftest import ROOT

UI_FILES = [ROOT / "dashboard.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "ui").glob("*.py"))]
CJK = re.compile(r"[\u4e00-\u9fff]")


def string_constants(source: str) -> list[str]:
    """String literals of a module, docstrings left out."""
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value) for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
        and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
    }
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def test_every_entry_has_english_and_chinese():
    for key, (english, chinese) in TEXT.items():
        assert english.strip() and chinese.strip(), key
        terms = ("集体访", "YYYY年MM月DD日")  # a Chinese term or date form named in English on purpose
        assert not CJK.search(english.replace(terms[0], "").replace(terms[1], "")), f"{key}: Chinese in English"
        prose = re.sub(r"{\w+}|`[^`]*`", "", chinese)  # placeholders and commands stay as they are
        assert CJK.search(prose) or not re.search("[A-Za-z]{4,}", prose), f"{key}: Chinese text looks untranslated"
        # both languages take the same placeholders
        assert set(re.findall(r"{(\w+)}", english)) == set(re.findall(r"{(\w+)}", chinese)), key


@pytest.mark.parametrize("path", UI_FILES, ids=lambda p: p.name)
def test_pages_use_known_keys_and_no_bare_text(path):
    source = path.read_text(encoding="utf-8")
    for key in re.findall(r"""\btr?\(\s*["']([\w.]+)["']""", source):
        assert key in TEXT, f"{path.name}: unknown text key {key}"
    if path.name != "format.py":  # date formats ("2026年11月") live there
        chinese = [text for text in string_constants(source) if CJK.search(text)]
        assert not chinese, f"{path.name} holds Chinese text outside the translation table: {chinese}"
    bare = re.findall(r"""\bst\.(?:sidebar\.)?(?:title|header|subheader|caption|markdown|write|info|warning|error|
                         success|button|metric|radio|selectbox|date_input|text_input)\(\s*f?["']""", source, re.X)
    assert not bare, f"{path.name}: literal text given to Streamlit: {bare}"


def test_t_fills_values_in_either_language():
    assert t("sidebar.data_until", "en", date="2026-11-27") == "Data up to 2026-11-27"
    assert t("sidebar.data_until", "zh", date="2026-11-27") == "数据截至 2026-11-27"


def test_vocabulary_labels_in_both_languages():
    for vocabulary in (CATEGORIES, CHANNELS, LEVELS, PETITION_STATUSES, GRADES):
        for key in vocabulary:
            assert CJK.search(label(vocabulary, key, "zh")), key
            assert not CJK.search(label(vocabulary, key, "en")), key
    assert label(CATEGORIES, "labor_wages", "zh") == "劳动工资"
    assert label(LEVELS, "national", "en") == "National"


@pytest.mark.parametrize("role", ["officer", "analyst", "admin"])
def test_chinese_tables_show_no_none_nan_or_codes(served_copy, monkeypatch, role):
    """Issue 16.9: 'None' in cells, codes such as 'resolved' or raw JSON on Chinese pages."""
    import re

    import pandas as pd

    from analytics.roles import PAGES
    from tests.apptest import start
    from ui.catalogue import CATALOGUE

    people = {"用户", "对象"}  # account names are names of people
    at = start(served_copy, monkeypatch, role=role, lang="zh")
    for spec in CATALOGUE:
        if role not in PAGES[spec.key] or spec.key == "settings":  # the calendar editor is checked by its labels
            continue
        at.switch_page(spec.file).run()
        assert not at.exception, spec.key
        for table in at.dataframe:
            frame = table.value.data if hasattr(table.value, "data") else table.value
            for column in frame.columns:
                assert not re.search(r"[A-Za-z]{3,}", str(column)), (spec.key, column)
                if column in people:
                    continue
                for value in frame[column].head(300):
                    assert value is not None and not (isinstance(value, float) and pd.isna(value)), (spec.key, column)
                    assert not (isinstance(value, str) and (re.fullmatch(r"[a-z_]{3,}|nan|None", value)
                                                            or value.startswith("{"))), (spec.key, column, value)
