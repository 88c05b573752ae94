"""The command line's own messages."""

TEXT: dict[str, tuple[str, str]] = {
    "cli.boundaries.done": (
        "{file}: boundaries of {count:~group|groups} imported.",
        "{file}：已导入 {count} 个小组的边界。",
    ),
    "cli.brief.future": (
        "The week of {day} has not begun: a brief reports what has happened.",
        "{day} 所在的一周尚未开始：简报只报告已经发生的情况。",
    ),
    "cli.brief.done": ("Brief for the week of {monday} written to {path}.", "{monday} 起一周的简报已写入 {path}。"),
    "cli.brief.suffix": ("{path}: the brief is written as .docx or .xlsx.", "{path}：简报只能写成 .docx 或 .xlsx。"),
    "cli.daily.done": ("Daily report for {day} written to {path}.", "{day} 的敏感期日报已写入 {path}。"),
    "cli.daily.suffix": (
        "{path}: the daily report is written as .docx or .xlsx.",
        "{path}：日报只能写成 .docx 或 .xlsx。",
    ),
    "cli.report.done": (
        "Public report for {start} to {end} written to {path}.",
        "{start} 至 {end} 的公布报告已写入 {path}。",
    ),
    "cli.report.suffix": ("{path}: the report is written as .docx or .xlsx.", "{path}：报告只能写成 .docx 或 .xlsx。"),
    "cli.report.period": (
        "Give --month YYYY-MM or --quarter YYYYQN: the public report covers a whole month or quarter only "
        "(overlapping periods could be subtracted to reveal small counts).",
        "请给出 --month YYYY-MM 或 --quarter YYYYQN：公布报告只按整月或整季度出具（期间重叠可相减推算出小数字）。",
    ),
    "cli.report.not_ended": (
        "The period runs to {end}: the public report is made once a month or quarter has ended.",
        "该期间至 {end} 才结束：公布报告在整月或整季度结束后出具。",
    ),
    "cli.alerts.header": ("{count:~alert|alerts} open on {as_of}:", "{as_of} 共有 {count} 条预警："),
    "cli.backtest.header": (
        "The weekly run replayed from {since} to {until}: {weeks:~run|runs}, {new:~new alert|new alerts} "
        "({seconds:.0f} s).",
        "从 {since} 到 {until} 逐周重演预警：共 {weeks} 次，新预警 {new} 条（用时 {seconds:.0f} 秒）。",
    ),
    "cli.backtest.week": (
        "{as_of}  new {new:>4}  firing {firing:>5}  {kinds}",
        "{as_of}  新增 {new:>4}  在报 {firing:>5}  {kinds}",
    ),
    "cli.backtest.order": ("--since must be on or before --until.", "--since 须不晚于 --until。"),
    "cli.model.the_model": ("Escalation model", "升级预测模型"),
    "cli.model.too_few": (
        "Too few escalations to learn from or to judge by: {escalations} in {rows:~snapshot row|snapshot rows} "
        "(at least 10 are needed). Import more history, or wait until more has happened.",
        "历史中的升级事例太少，无法训练或评估：{rows} 条快照中只有 {escalations} 次升级（至少需要 10 次）。"
        "请导入更长的历史台账，或待数据积累后再试。",
    ),
    "cli.model.trained": (
        "Model {model_id} trained on {rows:~snapshot|snapshots} of {matters:~matter|matters} "
        "({escalations:~escalation|escalations}), {start} to {end}, in {seconds} s.",
        "模型 {model_id} 已训练：{start} 至 {end}，{matters} 项风险隐患的 {rows} 条快照（升级 {escalations} 次），"
        "用时 {seconds} 秒。",
    ),
    "cli.model.evaluated": (
        "Backtest from {origins:~origin|origins}, {start} to {end}: {rows:~prediction|predictions}, "
        "{escalations:~escalation|escalations}.",
        "滚动起点回测（{origins} 个起点，{start} 至 {end}）：预测 {rows} 条，其中升级 {escalations} 次。",
    ),
    "cli.init.exists": (
        "{path} already holds ledgers; add --force to replace it.",
        "{path} 中已有台账数据；如需覆盖请加 --force。",
    ),
    "cli.init.done": ("Created {path} (schema version {version}).", "已创建 {path}（结构版本 {version}）。"),
    "cli.init.calendar": (
        "The sensitive-date calendar holds {count:~standing period|standing periods} of {first} and {last} "
        "(the municipal and provincial people's congresses on their usual January dates, Spring Festival, the "
        "national congresses, National Day): correct the dates in Settings once they are announced, and add "
        "one-off events there.",
        "敏感节点日历已写入 {first}、{last} 年的 {count} 个常规节点（市两会、省两会按往年1月的日期预填，以及春节、"
        "全国两会、国庆节）：日期公布后请在“系统设置”中更正，重要活动也在那里添加。",
    ),
    "cli.init.demo": (
        "Built the demo street: {petitions:~petition|petitions}, {screenings:~screening|screenings}.",
        "已生成演示街道：信访 {petitions} 件，排查 {screenings} 次。",
    ),
    "cli.bulletin.done": ("Bulletin for {start} to {end} written to {path}.", "已生成 {start}至{end} 的通报：{path}"),
    "cli.risk.done": ("{matter}: {before} → {after}.", "{matter}：{before} → {after}。"),
    "cli.risk.number": ("Document number {number}.", "文号：{number}。"),
    "cli.risk.late": ("{days:~day|days} overdue", "逾期 {days} 天"),
    "cli.risk.count": ("{count:~item|items}.", "共 {count} 项。"),
    "cli.db.missing": (
        "No database at {path}. Create one with `python -m analytics init`.",
        "{path} 处没有数据库。请先运行 `python -m analytics init`。",
    ),
    "cli.user.no_password": (
        "No password: set RISK_PASSWORD or run the command in a terminal.",
        "未提供密码：请设置 RISK_PASSWORD 环境变量，或在终端中运行该命令。",
    ),
    "cli.user.password_prompt": ("Password for {name}: ", "{name} 的密码："),
    "cli.user.password_again": ("Password again: ", "再次输入密码："),
    "cli.user.password_mismatch": (
        "The two passwords differ; nothing was created.",
        "两次输入的密码不一致，未创建账号。",
    ),
    "cli.user.added": ("Account {name} ({role}) created.", "已创建账号 {name}（{role}）。"),
    "cli.import.rejects_needs_skip": (
        "--rejects goes with --skip-invalid.",
        "--rejects 需与 --skip-invalid 一起使用。",
    ),
    "cli.import.from_records_areas": (
        "--from-records builds the areas ledger: use it with `import areas`.",
        "--from-records 用于生成辖区台账，请与 `import areas` 一起使用。",
    ),
    "cli.import.kind_recognised": (
        "{file}: recognised as the {ledger} ledger ({kind}) from its headers.",
        "{file}：根据表头识别为“{ledger}”（{kind}）。",
    ),
    "cli.import.kind_unknown": (
        "{file}: its headers fit no ledger completely; name the ledger (import KIND FILE) "
        "and give a mapping (--mapping).",
        "{file}：表头不能完整匹配任何台账；请指明台账类型（import 类型 文件）并提供映射文件（--mapping）。",
    ),
    "cli.import.confirm": (
        "{file}: nothing was imported. The import would make {count:~large change|large changes} to the "
        "areas (above); if they are right, run the same command again with --yes.",
        "{file}：未导入任何数据。此次导入将对辖区数据做出 {count} 处大幅改动（见上）；"
        "如确认无误，请加上 --yes 重新运行同一命令。",
    ),
    "cli.import.use_kind": (
        "{file}: to import it as what it is: python -m analytics import {kind} {file}",
        "{file}：按其实际类型导入：python -m analytics import {kind} {file}",
    ),
    "cli.import.header": ("headers: ", "表头："),
    "cli.import.wrong_kind": (
        "{file}: nothing was imported; the database is unchanged.",
        "{file}：未导入任何数据，数据库保持不变。",
    ),
    "cli.import.no_file": ("No file at {path}.", "找不到文件 {path}。"),
    "cli.import.where": ("row {row}, column {column}: ", "第 {row} 行，{column} 列："),
    "cli.import.more_errors": ("… and {count:~more problem|more problems}.", "……另有 {count} 处问题。"),
    "cli.import.ignored": (
        "Columns ignored (not in the ledger format): {columns}",
        "已忽略的列（不在台账格式中）：{columns}",
    ),
    "cli.import.done": (
        "{file}: {read:~row|rows} read, {imported} imported ({updated} updated), {unchanged} unchanged, "
        "{rejected} rejected.",
        "{file}：读取 {read} 行，导入 {imported} 行（其中更新 {updated} 行），{unchanged} 行无变化，"
        "{rejected} 行被拒。",
    ),
    "cli.import.nothing": (
        "{file}: nothing was imported; the database is unchanged. Fix the problems above, or "
        "use --skip-invalid to import the valid rows.",
        "{file}：未导入任何数据，数据库保持不变。请修正上述问题，或使用 --skip-invalid 只导入有效行。",
    ),
    "cli.import.rejects_written": (
        "{rows:~rejected row|rejected rows}, with reasons, written to {path}.",
        "{rows} 行被拒记录及原因已写入 {path}。",
    ),
    "cli.score.header": (
        "{count} open risk items as of {as_of}, highest score first:",
        "截至 {as_of} 共 {count} 项未化解风险隐患，按分值从高到低：",
    ),
}
