"""The one translation table: every string a user reads, in English and 简体中文.

Pages, charts, the command line and documents call :func:`t`; a test checks
that every key has both languages and that pages hold no bare literals.
"""
from __future__ import annotations

LANGUAGES = {"zh": "简体中文", "en": "English"}

TEXT: dict[str, tuple[str, str]] = {
    # app
    "app.title": ("Risk Radar", "风险雷达"),
    "app.subtitle": ("Early warning for the street's petitions and screenings",
                     "街道信访与排查风险预警"),
    "sidebar.language": ("Language", "语言"),
    "sidebar.period": ("Period", "时间范围"),
    "sidebar.community": ("Community", "社区"),
    "sidebar.all_communities": ("All communities", "全部社区"),
    "sidebar.data_until": ("Data up to {date}", "数据截至 {date}"),
    "nav.overview": ("Risk overview", "风险总览"),
    "nav.section.committee": ("Committee", "领导驾驶舱"),
    "db.empty": ("The database holds no ledgers yet. Build the demo street with "
                 "`python -m analytics init --demo`, or import your ledgers.",
                 "数据库中还没有台账数据。可运行 `python -m analytics init --demo` 生成演示街道，或导入台账。"),
    "db.cannot_open": ("The database {path} cannot be opened. If a command (an import, a restore) is using it, "
                       "wait until it ends and reload the page. Details: {reason}",
                       "无法打开数据库 {path}。如有命令（导入、恢复）正在使用它，请待其结束后刷新页面。详情：{reason}"),
    "period.invalid": ("Choose a start and an end date.", "请选择开始和结束日期。"),
    # overview
    "overview.title": ("Risk overview", "风险总览"),
    "overview.caption": ("{street} · {start} to {end} · {community}", "{street} · {start} 至 {end} · {community}"),
    "kpi.open_risks": ("Open risks", "未化解隐患"),
    "kpi.open_risks.help": ("Matters identified by the end of the period and not resolved by then.",
                            "截至期末已发现、尚未化解的事项。"),
    "kpi.petitions_month": ("Petitions, {month}", "{month}信访"),
    "kpi.petitions_month.help": ("From the 1st of the month to the period's end, against the same days a year "
                                 "earlier ({last_year}).",
                                 "本月1日至期末，与去年同期（{last_year}件）相比。"),
    "kpi.group_petitions": ("Group petitions", "集体访"),
    "kpi.group_petitions.help": ("Petitions in the period brought by five or more people (集体访).",
                                 "期内5人及以上共同提出的信访。"),
    "kpi.skip_level": ("Skip-level", "越级访"),
    "kpi.skip_level.help": ("Petitions in the period lodged above the street (district, city, province, national).",
                            "期内到区、市、省或进京提出的信访。"),
    "kpi.on_time": ("On time", "按期办结率"),
    "kpi.on_time.help": ("Of the petitions whose 60-day deadline fell in the period ({due} in all), the share "
                         "concluded by the deadline. Petitions not accepted are left out.",
                         "期内到期（共{due}件，不含不予受理）的信访中，在办理期限内办结的比例。"),
    "kpi.screened": ("Screened (30 days)", "30天排查覆盖"),
    "kpi.screened.help": ("Distinct households visited in the 30 days up to the period's end, of {households} "
                          "households.", "期末前30天内走访的不同住户数占总户数（{households}户）的比例。"),
    "kpi.none": ("—", "—"),
    "overview.heatmap": ("Petitions by community and category", "各社区分类信访热力图"),
    "overview.heatmap.metric": ("Show", "显示"),
    "metric.count": ("Count", "件数"),
    "metric.rate": ("Per 1,000 households", "每千户件数"),
    "overview.trend": ("Last 52 weeks", "近52周趋势"),
    "overview.serious": ("Most recent serious items", "近期重大情况"),
    "overview.serious.caption": ("Group petitions, petitions at city level or above, and screening findings graded "
                                 "orange or red, newest first.",
                                 "集体访、市级及以上信访、橙色或红色排查发现，按时间倒序。"),
    "overview.serious.none": ("Nothing serious in this period.", "本期无重大情况。"),
    "chart.week": ("Week", "周"),
    "chart.petitions": ("Petitions", "信访件数"),
    "chart.findings": ("Screening findings", "排查发现问题"),
    "chart.community": ("Community", "社区"),
    "chart.category": ("Category", "问题类别"),
    "col.date": ("Date", "日期"),
    "col.source": ("Source", "来源"),
    "col.community": ("Community", "社区"),
    "col.group": ("Group", "小组"),
    "col.category": ("Category", "问题类别"),
    "col.people": ("People", "人数"),
    "col.level": ("Level or grade", "层级/等级"),
    "col.text": ("Summary", "内容摘要"),
    "col.matter": ("Matter", "事项编号"),
    "source.petition": ("Petition", "信访"),
    "source.screening": ("Screening", "排查"),
    # command line
    "cli.init.exists": ("{path} already holds ledgers; add --force to replace it.",
                        "{path} 中已有台账数据；如需覆盖请加 --force。"),
    "cli.init.done": ("Created {path} (schema version {version}).", "已创建 {path}（结构版本 {version}）。"),
    "cli.init.demo": ("Built the demo street: {petitions} petitions, {screenings} screenings.",
                      "已生成演示街道：信访 {petitions} 件，排查 {screenings} 次。"),
    "cli.db.missing": ("No database at {path}. Create one with `python -m analytics init`.",
                       "{path} 处没有数据库。请先运行 `python -m analytics init`。"),
    "summary.communities": ("Communities", "社区"),
    "summary.groups": ("Groups", "小组"),
    "summary.households": ("Households", "户数"),
    "summary.population": ("Residents", "人口"),
    "summary.petitions": ("Petitions", "信访"),
    "summary.screenings": ("Screenings", "排查"),
    "summary.risk_items": ("Risk items", "风险隐患"),
    "summary.open_alerts": ("Open alerts", "未关闭预警"),
}


def t(key: str, lang: str = "zh", **values) -> str:
    """The text for ``key`` in ``lang`` ('zh' or 'en'), with ``values`` filled in."""
    english, chinese = TEXT[key]
    text = chinese if lang == "zh" else english
    return text.format(**values) if values else text
