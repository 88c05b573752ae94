"""Every user-facing string goes through the translation table, in both languages."""

from __future__ import annotations

import ast
import re

import pytest

from analytics.i18n import COMPOSED, TEXT, placeholders, t
from analytics.taxonomy import CATEGORIES, CHANNELS, GRADES, LEVELS, PETITION_STATUSES, label
from tests.helpers import ROOT

UI_FILES = [ROOT / "dashboard.py", *sorted((ROOT / "app_pages").glob("*.py")), *sorted((ROOT / "ui").glob("*.py"))]
# every module that may say something to a user (the string table itself left out)
CODE_FILES = [*UI_FILES, *sorted(p for p in (ROOT / "analytics").rglob("*.py") if "i18n" not in p.parts)]
CJK = re.compile(r"[\u4e00-\u9fff]")


def string_constants(source: str) -> list[str]:
    """String literals of a module, docstrings left out."""
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def test_every_entry_has_english_and_chinese():
    for key, (english, chinese) in TEXT.items():
        assert english.strip() and chinese.strip(), key
        terms = ("集体访", "YYYY年MM月DD日")  # a Chinese term or date form named in English on purpose
        assert not CJK.search(english.replace(terms[0], "").replace(terms[1], "")), f"{key}: Chinese in English"
        prose = re.sub(r"{\w+}|`[^`]*`", "", chinese)  # placeholders and commands stay as they are
        assert CJK.search(prose) or not re.search("[A-Za-z]{4,}", prose), f"{key}: Chinese text looks untranslated"
        # both languages take the same placeholders
        assert placeholders(english) == placeholders(chinese), key
        assert "~" not in chinese, f"{key}: Chinese has no plural forms"


@pytest.mark.parametrize("path", UI_FILES, ids=lambda p: p.name)
def test_pages_use_known_keys_and_no_bare_text(path):
    source = path.read_text(encoding="utf-8")
    for key in re.findall(r"""\btr?\(\s*["']([\w.]+)["']""", source):
        assert key in TEXT, f"{path.name}: unknown text key {key}"
    if path.name != "format.py":  # date formats ("2026年11月") live there
        chinese = [text for text in string_constants(source) if CJK.search(text)]
        assert not chinese, f"{path.name} holds Chinese text outside the translation table: {chinese}"
    bare = re.findall(
        r"""\bst\.(?:sidebar\.)?(?:title|header|subheader|caption|markdown|write|info|warning|error|
                         success|button|metric|radio|selectbox|date_input|text_input)\(\s*f?["']""",
        source,
        re.X,
    )
    assert not bare, f"{path.name}: literal text given to Streamlit: {bare}"


def code_trees():
    for path in CODE_FILES:
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def composed_prefix(node) -> str | None:
    """The constant head of a key built at run time: f"kind.{x}" or "kind." + x."""
    if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
        head = node.values[0].value
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and isinstance(node.left, ast.Constant):
        head = node.left.value
    else:
        return None
    return head if isinstance(head, str) and re.fullmatch(r"[a-z_]+(\.[a-z0-9_]+)*\.", head) else None


def held_prefix(node) -> bool:
    """f"{prefix}{code}": the prefix is a variable named ``prefix`` taken from a table of constant prefixes
    (audit_text's CODED), which test_every_prefix_of_a_built_key_is_declared checks."""
    first = node.values[0] if isinstance(node, ast.JoinedStr) and node.values else None
    return isinstance(first, ast.FormattedValue) and getattr(first.value, "id", None) == "prefix"


def test_every_key_a_call_names_exists_and_every_built_key_is_declared():
    """t("…")/tr("…") name keys of the table; a key built at run time starts with a declared vocabulary."""
    for path, tree in code_trees():
        for call in ast.walk(tree):
            if not (
                isinstance(call, ast.Call)
                and call.args
                and (getattr(call.func, "id", None) in ("t", "tr") or getattr(call.func, "attr", None) == "tr")
            ):
                continue
            first = call.args[0]
            texts = [first.body, first.orelse] if isinstance(first, ast.IfExp) else [first]
            for node in texts:
                if isinstance(node, ast.Constant):
                    assert node.value in TEXT, f"{path.name}:{node.lineno}: unknown key {node.value}"
                elif isinstance(node, ast.JoinedStr | ast.BinOp):
                    if held_prefix(node):  # f"{prefix}{code}": prefix from a table of declared prefixes
                        continue
                    assert composed_prefix(node), f"{path.name}:{node.lineno}: a key built without a fixed prefix"
                    assert composed_prefix(node) in COMPOSED, (
                        f"{path.name}:{node.lineno}: {composed_prefix(node)}… is built at run time but not declared"
                    )


def test_every_prefix_of_a_built_key_is_declared():
    """Also where the prefix sits in a table (audit_text's CODED) or is joined with +."""
    for path, tree in code_trees():
        for node in ast.walk(tree):
            prefix = composed_prefix(node)
            if (
                prefix is None
                and isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and re.fullmatch(r"[a-z_]+(\.[a-z0-9_]+)*\.", node.value)
            ):
                prefix = node.value
            if prefix and any(key.startswith(prefix) for key in TEXT):
                assert prefix in COMPOSED, f"{path.name}:{node.lineno}: {prefix}… is not declared in COMPOSED"


def test_every_declared_vocabulary_member_has_its_key():
    for prefix, members in COMPOSED.items():
        assert members, prefix
        for member in members:
            assert prefix + member in TEXT, f"{prefix}{member}"


def test_no_key_is_kept_that_nothing_uses():
    """A key is named somewhere in the code, or is a member of a declared vocabulary."""
    named = set()
    for _, tree in code_trees():
        named |= {
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in TEXT
        }
    composed = {prefix + member for prefix, members in COMPOSED.items() for member in members}
    unused = sorted(key for key in TEXT if key not in named and key not in composed)
    assert not unused, f"keys nothing uses: {unused}"


def test_vocabularies_follow_the_lists_they_translate():
    """The declared members are the domain's own lists, so a new role, action or detector needs its words."""
    from analytics import alert_runs, alerts, audit, rankings, roles
    from analytics.ledger.formats import KINDS
    from analytics.model.backtest import BASELINES
    from analytics.model.features import FEATURES
    from analytics.scoring.components import COMPONENTS
    from ui.state import PRESETS

    assert COMPOSED["role."] == roles.ROLES
    assert COMPOSED["audit.act."] == audit.ACTIONS
    assert COMPOSED["state."] == alerts.STATES
    assert set(COMPOSED["dismiss."]) == set(alerts.DISMISS_REASONS)
    assert COMPOSED["alert_run.trigger."] == alert_runs.TRIGGERS
    assert COMPOSED["ledger."] == KINDS
    # a ranking measure is a reported figure (figure.<key>) or the overdue count
    assert set(COMPOSED["rankings.measure."]) == set(rankings.MEASURES) - set(rankings.SHOWN)
    assert set(rankings.SHOWN) <= set(COMPOSED["figure."])
    assert COMPOSED["baseline."] == BASELINES
    # the season is one input to a reader, two to the model (its sine and cosine)
    assert set(COMPOSED["feature."]) == {f.removesuffix("_sin").removesuffix("_cos") for f in FEATURES}
    assert COMPOSED["component."] == COMPONENTS
    assert COMPOSED["period."] == PRESETS


# a placeholder followed by a word in -s: a count that needs {n:~one|many}, unless the word is a verb or the
# count is never one (a cluster has two groups or more; a file ignored past a limit has many columns)
NOT_COUNTS = {"is", "as", "has", "does", "looks", "lacks", "holds", "exists", "appears", "of its", "due is"}
NEVER_ONE = {
    "overview.heatmap.most",
    "alert.cluster",
    "import.mostly_ignored",
    "file.too_many_columns",
    "forecast.raised_by",
    "forecast.lowered_by",
}


def test_english_counts_take_singular_and_plural_forms():
    for key, (english, _) in TEXT.items():
        assert "(s)" not in english.replace("section(s)", ""), f"{key}: write {{n:~one|many}} instead of (s)"
        if key in NEVER_ONE:
            continue
        for match in re.finditer(r"\{\w+(?::[^}~]*)?\} ((?:[a-z]+ )?[a-z]+s)\b", english):
            assert match.group(1) in NOT_COUNTS or match.group(1).split()[-1] in NOT_COUNTS, (
                f"{key}: '{match.group(0)}' needs a singular form"
            )
    assert t("alert.overdue", "en", petitions=1, days=1) == "Overdue: 1 petition, 1 day past the deadline"
    assert t("alert.overdue", "en", petitions=3, days=12) == "Overdue: 3 petitions, 12 days past the deadline"
    assert t("check.petition_group", "en", rows=1).startswith("1 petition names a group")
    assert t("alert.overdue", "zh", petitions=1, days=1) == "超期未办结：1 件，已超期 1 天"


def test_t_fills_values_in_either_language():
    assert t("sidebar.data_until", "en", date="2026-11-27") == "Data up to 2026-11-27"
    assert t("sidebar.data_until", "zh", date="2026-11-27") == "数据截至 2026-11-27"


def test_vocabulary_labels_in_both_languages():
    for vocabulary in (CATEGORIES, CHANNELS, LEVELS, PETITION_STATUSES, GRADES):
        for key in vocabulary:
            assert CJK.search(label(vocabulary, key, "zh")), key
            assert not CJK.search(label(vocabulary, key, "en")), key
    assert label(CATEGORIES, "labor_wages", "zh") == "劳动工资"
    assert label(LEVELS, "national", "en") == "National" and label(LEVELS, "national", "zh") == "进京"


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
                    assert not (
                        isinstance(value, str)
                        and (re.fullmatch(r"[a-z_]{3,}|nan|None", value) or value.startswith("{"))
                    ), (spec.key, column, value)


def _chinese_a_user_reads() -> dict[str, str]:
    """Every Chinese string shown to a user: the tables, the settings' help, the vocabularies' labels."""
    from analytics import taxonomy
    from analytics.settings import APP_SETTINGS

    shown = {key: chinese for key, (_, chinese) in TEXT.items()}
    shown.update({f"setting:{s.name}": s.help_zh for s in APP_SETTINGS})
    for name in (
        "CATEGORIES",
        "CHANNELS",
        "LEVELS",
        "PETITION_STATUSES",
        "PETITION_KINDS",
        "SATISFACTION",
        "RISK_SOURCES",
        "RISK_STATUSES",
        "GRADES",
        "FINDINGS",
    ):
        for code, labels in getattr(taxonomy, name).items():
            shown[f"{name}:{code}"] = labels[1]  # the label shown (the others are accepted at import)
    return shown


def test_no_chinese_string_uses_a_banned_term():
    from analytics.i18n.banned import ALLOWED, BANNED

    found = [
        f"{key}: “{text}” — {why}"
        for key, text in _chinese_a_user_reads().items()
        if key not in ALLOWED
        for pattern, why in BANNED
        if re.search(pattern, text)
    ]
    assert not found, "\n".join(found)


def test_the_banned_terms_catch_what_they_ban():
    from analytics.i18n.banned import ALLOWED, BANNED

    said = [
        "特别重大预警",
        "聚集：相邻3个小组",
        "本期受理并已办结 3 件",
        "信访方式",
        "见 README",
        "领导班子",
        "风险事项",
    ]
    for text in said:
        assert any(re.search(pattern, text) for pattern, _ in BANNED), text
    for fine in ("不予受理", "决定是否受理", "受理日期", "连片上升", "信访形式", "红色预警", "风险隐患"):
        assert not any(re.search(pattern, fine) for pattern, _ in BANNED), fine
    assert set(ALLOWED) <= set(TEXT)
