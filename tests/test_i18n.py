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
