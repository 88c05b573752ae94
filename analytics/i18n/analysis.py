"""The overview, heatmaps, trends and rankings pages."""

TEXT: dict[str, tuple[str, str]] = {
    "overview.heatmap.most": (
        "The {shown} communities with the most petitions, of {total}; the download and the "
        "heatmaps page have them all.",
        "显示信访最多的 {shown} 个社区（共 {total} 个）；下载文件和热力图页面包含全部社区。",
    ),
    "overview.title": ("Risk overview", "风险总览"),
    "overview.caption": ("{street} · {start} to {end} · {community}", "{street} · {start} 至 {end} · {community}"),
    "overview.heatmap": ("Petitions by community and category", "各社区分类信访热力图"),
    "overview.heatmap.metric": ("Show", "显示"),
    "overview.trend": ("Last 52 weeks", "近52周趋势"),
    "overview.serious": ("Most recent serious items", "近期需关注的情况"),
    "overview.serious.caption": (
        "Group petitions, petitions at city level or above, and screening findings graded orange or red, newest first.",
        "集体访、越级访（不含复查、复核）、橙色或红色排查发现，按时间倒序。",
    ),
    "overview.serious.none": ("Nothing serious in this period.", "本期无需关注的情况。"),
    "kpi.open_risks": ("Open risks", "未化解风险隐患"),
    "kpi.open_risks.help": (
        "Risks not settled at the period's end: risk items of the ledger, matters residents "
        "petition about, and serious screening findings of the last 30 days. The same count as "
        "the risk register.",
        "截至期末尚未化解的风险隐患：隐患台账事项、信访反映的事项，以及近30天内的严重排查发现。"
        "与风险隐患台账的数量一致。",
    ),
    "kpi.petitions_month": ("Petitions, {month}", "{month}信访"),
    "kpi.petitions_month.delta": ("{change} on the same days a year before", "{change}（较去年同期）"),
    "kpi.petitions_month.help": (
        "From the 1st of the month to the period's end, against the same days a year earlier ({last_year}).",
        "本月1日至期末，与去年同期（{last_year}件）相比。",
    ),
    "kpi.group_petitions": ("Group petitions", "集体访"),
    "kpi.group_petitions.help": (
        "Petitions in the period brought by {size} or more people (集体访).",
        "期内{size}人及以上共同提出的信访。",
    ),
    "kpi.skip_level": ("Skip-level", "越级访"),
    "kpi.skip_level.help": (
        "Petitions in the period lodged at the {levels} level (skip-level petitions). A review or re-check asked "
        "of the level above is the lawful path and is not counted.",
        "期内到{levels}提出的信访（越级访）。向上一级申请复查、复核是法定程序，不计入。",
    ),
    "kpi.on_time": ("On time", "按期办结率"),
    "kpi.on_time.help": (
        "Of the petitions whose deadline fell in the period ({due} in all), the share answered by the deadline: "
        "60 days from acceptance, plus any extension. Petitions not accepted are left out.",
        "期内到期（共{due}件，不含不予受理）的信访中，在办理期限内答复办结的比例。期限自受理之日起60日，经批准延期的加延期天数。",
    ),
    "overview.figures": ("The figures the street reports", "信访工作指标"),
    "overview.figures.caption": (
        "As the street reports them for the period; a share is given from {minimum:~case|cases} on. Hover over ⓘ for "
        "what each counts.",
        "按本期统计，口径与街道上报一致；不足 {minimum} 件的比率不计算。将鼠标移到 ⓘ 上可查看计算方法。",
    ),
    "figures.col.figure": ("Figure", "指标"),
    "figures.col.value": ("Value", "数值"),
    "figures.col.counts": ("Counted", "计算依据"),
    "figure.petition_rate": ("Petitions per 10,000 residents", "万人信访率"),
    "figure.petition_rate.help": (
        "{numerator:~petition|petitions} registered in the period ÷ {denominator:~resident|residents} × 10,000.",
        "期内登记信访 {numerator} 件 ÷ 常住人口 {denominator} 人 × 10,000。",
    ),
    "figure.petition_rate_households": ("Petitions per 1,000 households", "千户信访率"),
    "figure.petition_rate_households.help": (
        "{numerator:~petition|petitions} registered in the period ÷ {denominator:~household|households} × 1,000.",
        "期内登记信访 {numerator} 件 ÷ {denominator} 户 × 1,000。",
    ),
    "figure.on_time": ("Answered on time", "按期办结率"),
    "figure.on_time.help": (
        "{numerator} of {denominator:~petition|petitions} due in the period answered by the deadline: 60 days from "
        "acceptance, plus any extension.",
        "期内到期的 {denominator} 件信访中，{numerator} 件在期限内答复办结（期限自受理之日起60日，含批准的延期）。",
    ),
    "figure.satisfaction": ("Satisfied", "满意率"),
    "figure.satisfaction.help": (
        "{numerator} of {denominator:~petitioner|petitioners} asked in a follow-up in the period satisfied or "
        "basically satisfied.",
        "期内回访的 {denominator} 件中，满意和基本满意 {numerator} 件。",
    ),
    "figure.settled": ("Risks settled", "化解率"),
    "figure.settled.help": (
        "{numerator} of {denominator:~risk item|risk items} due in the period settled and closed by its end.",
        "期内到化解期限的 {denominator} 项风险隐患中，期末前已化解销号 {numerator} 项。",
    ),
    "figure.repeat": ("Repeat petitions", "重复访率"),
    "figure.repeat.help": (
        "{numerator} of {denominator:~petition|petitions} in the period about a matter already petitioned. A "
        "review or re-check is not a repeat.",
        "期内 {denominator} 件信访中，就已信访过的同一事项再次信访的 {numerator} 件（复查、复核不计）。",
    ),
    "figure.first_settled": ("First petitions settled at once", "初信初访一次性化解率"),
    "figure.first_settled.help": (
        "{numerator} of {denominator:~first petition|first petitions} on a matter whose 90 days after the answer "
        "ended in the period not followed by another petition on it.",
        "答复后90天观察期在本期结束的 {denominator} 件初信初访中，期间未再就同一事项信访的 {numerator} 件。",
    ),
    "figure.found_early": ("Found early", "早发现率"),
    "figure.found_early.help": (
        "{numerator} of {denominator:~risk item|risk items} identified in the period found by screening or grid "
        "visits before anyone petitioned; of those, {nipped} settled before any petition.",
        "期内发现的 {denominator} 项风险隐患中，{numerator} 项由排查走访在有人信访之前发现，其中 {nipped} 项在信访之前"
        "已化解（化解在萌芽）。",
    ),
    "kpi.screened": ("Screened (30 days)", "30天排查覆盖"),
    "kpi.screened.help": (
        "Distinct households visited in the 30 days up to the period's end, of {households:~household|households}.",
        "期末前30天内走访的不同住户数占总户数（{households}户）的比例。",
    ),
    "heatmaps.title": ("Heatmaps", "热力图"),
    "heatmaps.caption": (
        "Petitions received {start} to {end}, {community}. Click a cell to see the petitions behind it.",
        "{start} 至 {end} 登记的信访，{community}。点击色块查看对应信访件。",
    ),
    "heatmaps.metric": ("Show", "显示"),
    "heatmaps.tab.communities": ("Communities × categories", "社区 × 类别"),
    "heatmaps.tab.groups": ("Groups × weeks", "小组 × 周"),
    "heatmaps.tab.calendar": ("Day by day", "逐日日历"),
    "heatmaps.tab.map": ("Map", "地图"),
    "heatmaps.community": ("Community", "社区"),
    "heatmaps.category": ("Category", "类别"),
    "heatmaps.all_categories": ("All categories", "全部类别"),
    "heatmaps.pick": ("Click a cell to list its petitions.", "点击色块即可列出对应信访件。"),
    "heatmaps.records": ("{count:~petition|petitions}: {cell}", "{cell}：共 {count} 件信访"),
    "heatmaps.records_more": ("The latest {shown} are listed.", "仅列出最近 {shown} 件。"),
    "heatmaps.no_score": (
        "No open matter has a score in this period: the score view is empty.",
        "本期没有未化解的风险隐患，风险分视图为空。",
    ),
    "map.alerts": ("Open alert: {grade}", "未关闭预警：{grade}"),
    "map.too_many": (
        "{count:~group|groups} are too many for one map: choose a community in the sidebar.",
        "共 {count} 个小组，无法在一张图上显示：请在左侧选择社区。",
    ),
    "map.caption": (
        "Groups coloured by the metric above over the period; triangles mark groups with open alerts. "
        "{tiles:~group has|groups have} no boundary and are drawn as tiles laid out by adjacency; an "
        "administrator can import a GeoJSON of boundaries (python -m analytics boundaries FILE).",
        "各小组按上方指标着色；三角形标出有未关闭预警的小组。{tiles} 个小组没有边界数据，按相邻关系排成方格；"
        "管理员可导入小组边界 GeoJSON（python -m analytics boundaries FILE）。",
    ),
    "trends.title": ("Trends", "趋势分析"),
    "trends.caption": (
        "Petitions received {start} to {end}, {community}, with the filters below.",
        "{start} 至 {end} 登记的信访，{community}，按下列条件筛选。",
    ),
    "trends.group": ("Group", "小组"),
    "trends.group_needs_community": (
        "Choose a community in the sidebar to pick one of its groups.",
        "在左侧选择社区后，可按小组筛选。",
    ),
    "trends.channel": ("Channel", "信访形式"),
    "trends.level": ("Level", "层级"),
    "trends.all": ("All", "全部"),
    "trends.frequency": ("By", "统计周期"),
    "trends.frequency.week": ("week", "周"),
    "trends.frequency.month": ("month", "月"),
    "trends.over_time": ("Petitions over time, a year before, and the alerts", "信访走势、上年同期与预警"),
    "trends.this_year": ("This period", "本期"),
    "trends.last_year": ("A year before", "上年同期"),
    "trends.alerts": ("Alert: {grade}", "预警：{grade}"),
    "trends.seasons": ("Trend and seasons (last three years, STL)", "长期趋势与季节规律（近三年）"),
    "trends.seasons.plain": (
        "The petitions of the last three years split into three parts: the long-run trend (rising or falling "
        "overall), the seasons (the same weeks every year, such as the start of the heating season), and what "
        "is left over (the residual: ordinary ups and downs, and anything unusual).",
        "把近三年的信访走势分成三部分：长期趋势（总体在上升还是下降）、季节规律（每年同一时段的起伏，如供暖季开始时）"
        "和剩余部分（残差：平常的起伏，以及不寻常的变化）。",
    ),
    "trends.no_seasons": (
        "Two years of records are needed to separate the seasons.",
        "需要至少两年的数据才能分解季节规律。",
    ),
    "trends.trend": ("Trend", "趋势"),
    "trends.seasonal": ("Season", "季节"),
    "trends.residual": ("Remainder", "残差"),
    "trends.channels": ("Share by channel", "各信访形式占比"),
    "trends.resolution": ("Days to resolution", "办结用时"),
    "trends.resolution.caption": (
        "{count:~petition|petitions} received in the period and resolved; median {median:~day|days}.",
        "本期登记并已办结 {count} 件，中位用时 {median} 天。",
    ),
    "trends.on_time": ("On time", "按期办结"),
    "trends.late": ("Late", "超期办结"),
    "trends.days": ("Days from receipt to resolution", "登记至办结天数"),
    "trends.units": ("On-time closure by responsible unit", "各责任单位按期办结率"),
    "trends.units.caption": (
        "Petitions due in the period; a unit with fewer than {minimum} due is not rated.",
        "按本期到期的信访统计；到期少于 {minimum} 件的单位不计算比率。",
    ),
    "trends.coverage": ("Screening coverage: households visited each month", "排查覆盖：每月走访户数占比"),
    "trends.coverage_axis": ("Share of households", "户数占比"),
    "trend.new": ("new", "新出现"),
    "trend.intensifying": ("intensifying", "加剧"),
    "trend.persistent": ("persistent", "持续"),
    "trend.diminishing": ("diminishing", "减弱"),
    "trend.sporadic": ("sporadic", "零星"),
    "trend.none": ("none", "无"),
    "rankings.title": ("Rankings and data quality", "排名与数据质量"),
    "rankings.caption": (
        "The figures the street reports, for {start} to {end}, defined as on the overview. Rates, not raw "
        "counts: a figure on fewer than {minimum} cases is shown as a dash and not ranked.",
        "{start} 至 {end} 的上报指标，口径与风险总览相同。按比率而非件数排名：不足 {minimum} 件的指标显示为“—”，"
        "不参与排名。",
    ),
    "rankings.measure": ("Rank by", "排名依据"),
    "rankings.measure.overdue": ("Overdue cases", "超期件"),
    "rankings.units_on_time": (
        "A unit has no residents: units are ranked on the share answered on time instead.",
        "责任单位没有辖区人口，改按按期办结率排名。",
    ),
    "rankings.communities": ("Communities", "社区"),
    "rankings.units": ("Responsible units", "责任单位"),
    "rankings.overdue_communities": (
        "Overdue cases open at the end are per 1,000 households for communities, per 100 due for units.",
        "期末仍超期的件数：社区按每千户计，责任单位按每百件到期计。",
    ),
    "rankings.quality": ("Data quality", "数据质量"),
    "rankings.public": ("Public report", "对外公布报告"),
    "rankings.public.caption": (
        "How petitions of the month or quarter chosen above were handled, for publication: aggregates only, "
        "nothing below community level, counts under 5 hidden with whatever would reveal them.",
        "上方所选月份或季度的信访办理情况，供对外公布：仅汇总数据，不细化到小组，"
        "不足 5 件的数字及可推算出它们的数字均不显示。",
    ),
    "rankings.public.not_ended": (
        "The public report is made once the month or quarter chosen above has ended: a period still running "
        "would be published twice, and the two could be subtracted.",
        "上方所选月份或季度结束后方可出具公布报告：未结束的期间会公布两次，两次相减可推算出其间的数字。",
    ),
    "rankings.public_docx": ("Download the public report (Word)", "下载公布报告（Word）"),
    "rankings.public_xlsx": ("Download the public report (Excel)", "下载公布报告（Excel）"),
    "rankings.quality.caption": (
        "Records of the period that weaken the analysis; fix them in the ledgers and import again.",
        "本期影响分析的记录；请在台账中更正后重新导入。",
    ),
    "quality.no_group": ("Petitions not placed in a group", "未落到小组的信访"),
    "quality.category_other": ('Petitions with category "other"', "类别为“其他”的信访"),
    "quality.no_unit": ("Petitions without a responsible unit", "未明确责任单位的信访"),
    "quality.resolved_no_date": ("Resolved petitions without a resolution date", "已办结但无办结日期的信访"),
    "quality.resolved_before_received": ("Resolved before they were received", "办结日期早于登记日期"),
    "quality.risk_no_group": ("Risk items not placed in a group", "未落到小组的风险隐患"),
}

# keys composed at run time (prefix + member): each vocabulary's members, from where they come
COMPOSED: dict[str, tuple[str, ...]] = {
    # the figures a street reports (analytics.figures.FIGURES), each with how it is counted
    "figure.": tuple(
        name + suffix
        for name in (
            "petition_rate",
            "petition_rate_households",
            "on_time",
            "satisfaction",
            "settled",
            "repeat",
            "first_settled",
            "found_early",
        )
        for suffix in ("", ".help")
    ),
    # the STL decomposition's parts (analytics.trend_charts)
    "trends.": ("trend", "seasonal", "residual"),
    # the trends page's series frequency
    "trends.frequency.": ("week", "month"),
    # an alert's trend class (detect.trend)
    "trend.": ("new", "intensifying", "persistent", "diminishing", "sporadic", "none"),
    # analytics.rankings.MEASURES that are not figures
    "rankings.measure.": ("overdue",),
    # analytics.quality's checks
    "quality.": (
        "no_group",
        "category_other",
        "no_unit",
        "resolved_no_date",
        "resolved_before_received",
        "risk_no_group",
    ),
}
