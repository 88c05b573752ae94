"""The risk register: scores and their components, the escalation model's forecasts and inputs."""

TEXT: dict[str, tuple[str, str]] = {
    "model.damaged": (
        "Stored model {model_id} is damaged (its checksum does not match): train a new one.",
        "已保存的模型 {model_id} 已损坏（校验和不符），请重新训练。",
    ),
    "model.unsigned": (
        "The stored model (no. {model_id}) is not signed by this installation's key, so it is not loaded (a model "
        "is program code): train the model again (python -m analytics model train).",
        "已保存的模型 {model_id} 不是本系统的密钥签名的，因此不予加载（模型含可执行代码）：请重新训练模型"
        "（python -m analytics model train）。",
    ),
    "model.other_sklearn": (
        "The stored model (no. {model_id}) was made with scikit-learn {made_with}, this program runs {ours}: "
        "train the model again (python -m analytics model train).",
        "已保存的模型 {model_id} 由 scikit-learn {made_with} 训练，本程序使用 {ours}：请重新训练模型"
        "（python -m analytics model train）。",
    ),
    "register.title": ("Risk register", "风险隐患台账"),
    "register.caption": (
        "Open risk items as of {as_of}, highest score first. Select a row to see why it scores as it does.",
        "截至 {as_of} 未化解的风险隐患，按分值从高到低排列。选择一行查看评分依据。",
    ),
    "register.grades": ("Grades", "等级"),
    "register.categories": ("Categories", "问题类别"),
    "register.all_categories": ("All categories", "全部类别"),
    "register.search": ("Matter number contains", "事项编号包含"),
    "register.count": ("{shown} of {total:~open item|open items}", "共 {total} 项，显示 {shown} 项"),
    "register.none": ("No open risk items match.", "没有符合条件的未化解风险隐患。"),
    "register.pick": ("Select a row in the table to see the item's details.", "在表中选择一行以查看详情。"),
    "register.detail": ("{matter} · {grade} · {score:~point|points}", "{matter} · {grade} · {score} 分"),
    "register.unit": ("Responsible unit", "责任单位"),
    "register.leader": ("Leader in charge", "包案领导"),
    "register.due": ("Deadline", "化解期限"),
    "register.why": ("Why this score", "评分构成"),
    "register.timeline": ("Petitions and screenings on this matter", "该风险隐患的信访与排查记录"),
    "register.history": ("Changes seen on re-import", "重新导入时记录的变更"),
    "register.no_history": ("No changes recorded.", "暂无变更记录。"),
    "register.places": (
        "Places with the highest smoothed petition rate (last 90 days)",
        "近90天信访率（平滑后）最高的小组",
    ),
    "register.community_places": (
        "Communities and categories standing out against the street (last 90 days)",
        "近90天相对全街道突出的社区与问题类别",
    ),
    "register.two_measures": (
        "Two measures, two questions. The grade (red, orange, yellow, blue) says how serious a "
        "matter is now: people involved, levels reached, repeats, overdue days. The escalation "
        "chance says how likely something new happens within 30 days (a group petition, a "
        "higher level, a return after resolution). A red matter can have a low chance: it is "
        "serious, and already at a level where little more can happen soon.",
        "两个指标，回答两个问题。预警等级（红、橙、黄、蓝）衡量风险隐患现在有多严重：涉及人数、到过的层级、"
        "重复信访、超期天数。升级概率衡量未来30天内出现新情况的可能性（集体访、更高层级、化解后再访）。"
        "红色风险隐患的升级概率可能很低：它已经很严重，短期内再进一步的空间不大。",
    ),
    "forecast.yes": ("yes", "是"),
    "forecast.no": ("no", "否"),
    "forecast.column": ("Escalation chance (30 days)", "30天内升级概率"),
    "forecast.title": ("Escalation forecast", "升级预测"),
    "forecast.probability": (
        "{percent}% chance that this matter escalates within 30 days (a group petition, a "
        "higher level, or a petition after it was marked resolved); the usual chance is "
        "{usual}%.",
        "该风险隐患 30 天内升级（集体访、更高层级信访，或标记化解后再次信访）的概率为 {percent}%；平均为 {usual}%。",
    ),
    "forecast.bullet": ("- {text}", "- {text}"),
    "forecast.bar": ("{name}: {value} (typical {typical})", "{name}：本隐患{value}（通常{typical}）"),
    "forecast.bar_points": ("{points:~point|points}", "{points}个百分点"),
    "forecast.raised_by": (
        "**{name}** is {value} here against {typical} for a typical matter: this makes a new "
        "escalation within 30 days more likely, by about {points} points.",
        "**{name}**：本隐患为{value}，通常为{typical}。这一点使30天内出现新的升级的可能性增加约{points}个百分点。",
    ),
    "forecast.lowered_by": (
        "**{name}** is {value} here against {typical} for a typical matter: on its own this "
        "makes a *new* escalation within 30 days less likely, by about {points} points.",
        "**{name}**：本隐患为{value}，通常为{typical}。单看这一点，30天内出现*新的*升级的"
        "可能性减少约{points}个百分点。",
    ),
    "forecast.lowered_means": (
        "Why can more petitions or a higher level lower the chance? Escalation here means "
        "something new: a group petition, a higher level than before, or a petition after "
        "the matter was marked resolved. A matter already petitioned many times or already at a "
        "high level has less room for that and is usually being handled. It stays serious: "
        "that is what its grade says.",
        "为什么信访次数多、层级高反而可能降低概率？这里的“升级”指出现新的情况：集体访、比以往更高的"
        "层级，或标记化解后再次信访。已多次信访或已到更高层级的风险隐患，再出现新升级的空间较小，且通常已在"
        "处理之中。这并不表示该隐患不严重——严重程度由预警等级反映。",
    ),
    "forecast.effect": ("Change in the 30-day escalation chance (points)", "对30天内升级概率的影响（百分点）"),
    "forecast.note": (
        "Each effect is how much the chance would change if that input were typical of the "
        "matters the model learned from (model {model_id}, trained on {start} to {end}). A forecast "
        "is a prompt to look at the matter, not a judgement of the people involved.",
        "每项影响表示：若该因素取模型学习过的通常数值，概率会变化多少（模型 {model_id}，训练数据 {start} 至 "
        "{end}）。预测只是提示关注该风险隐患，不是对当事人的评判。",
    ),
    "forecast.none": (
        "No escalation model has been trained on this database yet. An administrator can train one on the "
        "Settings page or with `python -m analytics model train`.",
        "本数据库尚未训练升级预测模型。系统管理员可在“系统设置”页训练。",
    ),
    "forecast.not_open": (
        "The escalation forecast covers matters open on the chosen day.",
        "升级预测只针对所选日期仍未化解的风险隐患。",
    ),
    "feature.petitions": ("Petitions so far", "累计信访件数"),
    "feature.last_30_days": ("Petitions in the last 30 days", "近 30 天信访件数"),
    "feature.days_31_to_90": ("Petitions 31-90 days ago", "31-90 天前信访件数"),
    "feature.petitioners": ("Petitioners", "信访人数（不同人）"),
    "feature.people": ("People involved", "涉及人数"),
    "feature.petition_people": ("Largest petition (people)", "单次信访最多人数"),
    "feature.level_rank": ("Highest level reached", "已达最高层级"),
    "feature.overdue_days": ("Days overdue", "超期天数"),
    "feature.severity_max": ("Screening severity", "排查发现严重程度"),
    "feature.relative_risk": ("Group's petition rate against the street", "所在小组信访率（相对街道）"),
    "feature.age_days": ("Days since identified", "发现至今天数"),
    "feature.quiet_days": ("Days since the last petition", "距上次信访天数"),
    "feature.escalations_before": ("Earlier escalations", "此前升级次数"),
    "feature.unsatisfied_answers": ("Unsatisfying answers", "答复不满意次数"),
    "feature.last_answer": (
        "Latest answer (none / satisfied / basic / unsatisfied)",
        "最近一次答复（未答复/满意/基本满意/不满意）",
    ),
    "feature.days_since_answer": ("Days since the latest answer", "距最近一次答复天数"),
    "feature.findings_nearby_30_days": ("Screening findings nearby, last 30 days", "近 30 天周边排查发现"),
    "feature.days_to_sensitive": ("Days to the next sensitive period", "距下一敏感节点天数"),
    "feature.sensitive_level_next": ("Level of the next sensitive period", "下一敏感节点级别"),
    "feature.season": ("Season", "季节"),
    "feature.from_screening": ("Found by screening", "由排查发现"),
    "feature.resolved": ("Marked resolved", "已标记化解"),
    "feature.days_since_resolved": ("Days since marked resolved", "标记化解至今天数"),
    "feature.category": ("Category", "类别"),
    "component.category": ("Type of problem", "问题类别"),
    "component.people": ("People involved", "涉及人数"),
    "component.recurrence": ("Recurrence", "重复信访"),
    "component.level": ("Highest level reached", "最高信访层级"),
    "component.overdue": ("Overdue", "超期"),
    "component.trend": ("Trend", "趋势"),
    "component.sensitive_period": ("Sensitive period ahead", "临近敏感节点"),
    "component.place": ("Place's rate", "所在小组信访率"),
    "component.screening": ("Screening finding", "排查发现"),
    "component.total": ("Score", "总分"),
    "component.points": ("Points", "分值"),
    "answer.0": ("not answered yet", "尚未答复"),
    "answer.1": ("satisfied", "满意"),
    "answer.2": ("basically satisfied", "基本满意"),
    "answer.3": ("unsatisfied", "不满意"),
    "baseline.climatology": ("Usual rate", "平均概率（气候基线）"),
    "baseline.persistence": ("Escalated before", "曾升级即再升级"),
    "baseline.rule_score": ("Rule score", "规则评分"),
    "baseline.logistic_regression": ("Logistic regression", "逻辑回归"),
    "campaigns.title": ("Screening campaigns", "排查活动"),
    "campaigns.caption": (
        "Where screening has not been lately (groups with no visit for the blind-spot limit), then the "
        "door-to-door visits that the screening ledger tags with a campaign: how far the campaign got and the "
        "hidden risks it found, with how each stands now.",
        "先看哪些小组近期无人入户排查（超过排查盲区天数），再看排查台账中标注了排查活动的入户走访：活动进度，"
        "以及排查出的风险隐患和每项的化解情况。",
    ),
    "campaigns.none": (
        "No visit in the screening ledger names a campaign yet. Fill the campaign column of the screening "
        "ledger with the campaign's name to follow it here.",
        "排查台账中还没有标注排查活动的走访。在排查台账的“排查活动”一列填写活动名称，即可在此查看进度。",
    ),
    "campaigns.gaps": ("Screening coverage gap", "排查覆盖缺口"),
    "campaigns.gaps.none": (
        "Every group has had a screening visit in the last {days:~day|days}.",
        "近 {days} 天内每个小组都有入户排查。",
    ),
    "campaigns.gaps.summary": (
        "{groups:~group|groups} in {communities:~community|communities} ({households:~household|households}) "
        "had no screening visit in the last {days:~day|days}.",
        "{communities} 个社区的 {groups} 个小组（{households} 户）近 {days} 天无人入户排查。",
    ),
    "campaigns.gaps.list": ("Groups not visited, longest first", "未排查小组（按未排查天数排序）"),
    "campaigns.pick": ("Campaign", "排查活动"),
    "campaigns.dates": (
        "{first} to {last}, {visits:~visit|visits}",
        "{first} 至 {last}，入户走访 {visits} 次",
    ),
    "campaigns.due": ("Households due", "应排查户数"),
    "campaigns.visited": ("Households visited", "已排查户数"),
    "campaigns.visited.help": (
        "Each household counts once however often it was visited: {share} of the households due.",
        "同一户多次走访只计一次，占应排查户数的 {share}。",
    ),
    "campaigns.problems": ("Problems noted", "发现问题"),
    "campaigns.hidden_risks": ("Hidden risks found", "排查出风险隐患"),
    "campaigns.coverage": ("{share} of the households due visited", "已排查 {share} 的应排查户"),
    "campaigns.by_community": ("Progress by community", "各社区进度"),
    "campaigns.findings": ("Hidden risks the campaign found", "活动排查出的风险隐患"),
    "campaigns.findings.none": (
        "The campaign found no hidden risk (no finding became a risk item).",
        "本次活动未排查出风险隐患（没有发现问题列入风险隐患台账）。",
    ),
    "severity.1": ("minor", "轻微"),
    "severity.2": ("moderate", "较重"),
    "severity.3": ("serious", "严重"),
    "severity.4": ("very serious", "十分严重"),
}

# keys composed at run time (prefix + member): each vocabulary's members, from where they come
COMPOSED: dict[str, tuple[str, ...]] = {
    # analytics.model.store.DamagedModel: why a stored model is not loaded
    "model.": ("damaged", "unsigned", "other_sklearn"),
    # analytics.scoring.components.COMPONENTS
    "component.": (
        "category",
        "people",
        "recurrence",
        "level",
        "overdue",
        "trend",
        "sensitive_period",
        "place",
        "screening",
    ),
    # analytics.model.features.FEATURES
    "feature.": (
        "petitions",
        "last_30_days",
        "days_31_to_90",
        "petitioners",
        "people",
        "petition_people",
        "level_rank",
        "overdue_days",
        "severity_max",
        "relative_risk",
        "age_days",
        "quiet_days",
        "escalations_before",
        "unsatisfied_answers",
        "last_answer",
        "days_since_answer",
        "findings_nearby_30_days",
        "days_to_sensitive",
        "sensitive_level_next",
        "season",
        "from_screening",
        "resolved",
        "days_since_resolved",
        "category",
    ),
    # a screening finding's severity, 1-4 (its own words, not the grades of emergencies)
    "severity.": ("1", "2", "3", "4"),
    # the satisfaction codes of an answer (0-3)
    "answer.": ("0", "1", "2", "3"),
    # analytics.model.backtest.BASELINES
    "baseline.": ("climatology", "persistence", "rule_score", "logistic_regression"),
}
