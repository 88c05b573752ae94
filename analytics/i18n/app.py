"""The frame around every page: title, sidebar, menu, periods, the database's own messages."""

TEXT: dict[str, tuple[str, str]] = {
    "app.title": ("Risk Radar", "风险雷达"),
    "app.subtitle": ("Early warning for the street's petitions and screenings", "街道信访与排查风险预警"),
    "sidebar.language": ("Language", "语言"),
    "sidebar.period": ("Period", "时间范围"),
    "sidebar.community": ("Community", "社区"),
    "sidebar.all_communities": ("All communities", "全部社区"),
    "sidebar.data_until": ("Data up to {date}", "数据截至 {date}"),
    "sidebar.unread": ("{count:~unread alert|unread alerts}", "{count} 条未读预警"),
    "nav.overview": ("Risk overview", "风险总览"),
    "nav.section.risks": ("Risks and alerts", "风险与预警"),
    "nav.section.analysis": ("Analysis", "统计分析"),
    "nav.heatmaps": ("Heatmaps", "热力图"),
    "nav.trends": ("Trends", "趋势分析"),
    "nav.rankings": ("Rankings", "排名与数据质量"),
    "nav.section.admin": ("Administration", "系统管理"),
    "nav.section.me": ("My account", "我的账号"),
    "nav.accounts": ("Accounts", "账号管理"),
    "nav.settings": ("Settings", "系统设置"),
    "nav.audit": ("Audit log", "操作日志"),
    "nav.account": ("Password", "修改密码"),
    "nav.section.records": ("Records", "台账录入"),
    "nav.import": ("Import ledgers", "导入台账"),
    "nav.entry": ("Quick entry", "快速录入"),
    "nav.register": ("Risk register", "风险隐患台账"),
    "nav.campaigns": ("Screening campaigns", "排查活动"),
    "nav.review": ("Weekly alert review", "每周预警研判"),
    "period.week": ("This week", "本周"),
    "period.month": ("This month", "本月"),
    "period.quarter": ("This quarter", "本季度"),
    "period.year": ("Last 12 months", "近一年"),
    "period.custom": ("Choose dates", "自定义"),
    "period.start": ("From", "开始日期"),
    "period.end": ("To", "结束日期"),
    "period.span": ("{start} to {end}", "{start} 至 {end}"),
    "db.empty": (
        "The database holds no ledgers yet. Build the demo street with `python -m analytics init --demo`, "
        "or import your ledgers.",
        "数据库中还没有台账数据。请先在“导入台账”页导入辖区、信访和排查台账。",
    ),
    "db.problem": ("{reason}", "数据库问题：{reason}"),
    "db.cannot_open": (
        "The database {path} cannot be opened. If a command (an import, a restore) is using it, "
        "wait until it ends and reload the page. Details: {reason}",
        "无法打开数据库 {path}。如有命令（导入、恢复）正在使用它，请待其结束后刷新页面。详情：{reason}",
    ),
    "logout": ("Log out", "退出登录"),
    "signed_in_as": ("{name} · {role}", "{name} · {role}"),
    "download.xlsx": ("Download Excel", "下载 Excel"),
    "download.csv": ("Download CSV", "下载 CSV"),
    "refused.action": ("{user} ({role}) may not {what}.", "{user}（{role}）无权执行此操作：{what}。"),
    "refused.title": ("Not available to your role", "无权访问"),
    "refused.body": (
        'The page "{page}" is not part of the {role} role\'s work. If you need it, ask an admin.',
        "“{page}”页面不属于{role}角色的工作范围。如确有需要，请联系管理员。",
    ),
    "summary.communities": ("Communities", "社区"),
    "summary.groups": ("Groups", "小组"),
    "summary.households": ("Households", "户数"),
    "summary.population": ("Residents", "人口"),
    "summary.petitions": ("Petitions", "信访"),
    "summary.screenings": ("Screenings", "排查"),
    "summary.risk_items": ("Risk items", "风险隐患"),
    "summary.open_alerts": ("Open alerts", "未关闭预警"),
    "upload.drop": (
        "Drop a file here, or choose one: CSV or Excel (.xlsx), at most {limit} MB",
        "将文件拖到此处，或点击“选择文件”：CSV 或 Excel（.xlsx），不超过 {limit} MB",
    ),
    "upload.browse": ("Choose a file", "选择文件"),
}

# keys composed at run time (prefix + member): each vocabulary's members, from where they come
COMPOSED: dict[str, tuple[str, ...]] = {
    # ui.state.PRESETS
    "period.": ("week", "month", "quarter", "year", "custom"),
    # analytics.db summary() figures
    "summary.": (
        "communities",
        "groups",
        "households",
        "population",
        "petitions",
        "screenings",
        "risk_items",
        "open_alerts",
    ),
}
