"""Ledgers coming in: imports, quick entry, mappings, boundaries and the calendar, and why a row is refused."""

TEXT: dict[str, tuple[str, str]] = {
    "import.title": ("Import ledgers", "导入台账"),
    "import.masked": (
        "Personal data in the free text was masked before saving: {what}. The summaries keep the matter, not "
        "the person.",
        "保存前已遮蔽摘要中的个人信息：{what}。摘要保留事项内容，不含个人信息。",
    ),
    "masked.id_number": ("{n:~ID-card number|ID-card numbers}", "身份证号 {n} 个"),
    "masked.mobile": ("{n:~mobile number|mobile numbers}", "手机号 {n} 个"),
    "masked.landline": ("{n:~landline number|landline numbers}", "固定电话 {n} 个"),
    "masked.room": ("{n:~room number|room numbers}", "门牌号 {n} 个"),
    "import.calendar_admin": (
        "This file is a sensitive-date calendar: the calendar steers every alert's grade, so an administrator "
        "changes it (settings page, or the command line).",
        "该文件是敏感节点日历：日历影响每条预警的等级，须由管理员修改（设置页面或命令行）。",
    ),
    "import.demo_page": (
        "This is the demo database (an invented street): the office's ledgers never go into it. Create the "
        "office's own database and its first administrator, then import there:",
        "这是演示数据库（虚构的街道），本单位的台账不能导入其中。请先建立本单位自己的数据库和第一个管理员，再在其中导入：",
    ),
    "import.demo_commands": (
        "python -m analytics init --db data/office.duckdb\n"
        "python -m analytics user add NAME --role admin --db data/office.duckdb\n"
        "RISK_DB=data/office.duckdb make run",
        "python -m analytics init --db data/office.duckdb\n"
        "python -m analytics user add 用户名 --role admin --db data/office.duckdb\n"
        "RISK_DB=data/office.duckdb make run",
    ),
    "import.into_demo": (
        "{path} is the demo database (an invented street, accounts with the password demo): the office's ledgers "
        "never go into it. Create the office's own database and its first administrator, then import there: "
        "python -m analytics init --db data/office.duckdb; python -m analytics user add NAME --role admin "
        "--db data/office.duckdb; serve it with RISK_DB=data/office.duckdb make run.",
        "{path} 是演示数据库（虚构的街道，账号密码均为 demo），本单位的台账不能导入其中。请先建立本单位自己的数据库和"
        "第一个管理员，再导入：python -m analytics init --db data/office.duckdb；python -m analytics user add "
        "用户名 --role admin --db data/office.duckdb；然后用 RISK_DB=data/office.duckdb make run 启动。",
    ),
    "import.caption": (
        "CSV (UTF-8 or GB18030) or Excel (.xlsx), with Chinese or English headers. A file is imported "
        "whole or not at all; importing the same file again changes nothing.",
        "支持 CSV（UTF-8 或 GB18030）和 Excel（.xlsx），中英文表头均可。文件要么整体导入，要么完全不导入；"
        "重复导入同一文件不会产生变化。",
    ),
    "import.kind": ("Ledger", "台账类型"),
    "import.kind.choose": ("Choose the ledger this file is", "请选择该文件的台账类型"),
    "import.recognised": ("From its headers this file is the {ledger} ledger.", "根据表头，该文件是“{ledger}”。"),
    "import.not_recognised": (
        "The headers fit no ledger completely: choose the ledger, then say which column holds each field.",
        "表头不能完整匹配任何台账：请选择台账类型，再指定各字段对应的列。",
    ),
    "import.file.help": ("CSV or Excel (.xlsx), at most {limit} MB.", "CSV 或 Excel（.xlsx）文件，不超过 {limit} MB。"),
    "import.large_changes": (
        "This import would make {count:~large change|large changes} to the areas: households or residents "
        "changed by more than half, or new communities. Nothing was imported yet. Check them "
        "below; if they are right, confirm and import again.",
        "此次导入将对辖区数据做出 {count} 处大幅改动（户数或人口变化超过一半，或新增社区），"
        "尚未导入任何数据。请核对下表；如确认无误，请勾选确认后再次导入。",
    ),
    "import.confirm_changes": (
        "These {count:~change is|changes are} right: import them",
        "以上 {count} 处改动无误，确认导入",
    ),
    "import.change.what": ("Change", "改动"),
    "import.change.new_community": ("new community", "新增社区"),
    "import.change.old": ("Now", "现值"),
    "import.change.new": ("After the import", "导入后"),
    "import.from_records": ("Build the areas from a petitions or screenings file", "从信访或排查台账中生成辖区"),
    "import.records_kind": ("The file is a", "文件类型"),
    "import.file": ("File", "文件"),
    "import.templates": (
        "Empty templates with Chinese headers and drop-down lists, one per ledger:",
        "各类台账的空白模板（含中文表头和下拉选项）：",
    ),
    "import.sheet": ("Sheet", "工作表"),
    "import.preview": ("The file: {rows:~row|rows} (first rows shown)", "文件内容：共 {rows} 行（显示前几行）"),
    "import.columns": ("Columns", "列对应"),
    "import.columns.caption": (
        "Each ledger field and the file's column it is read from; * marks a required field.",
        "每个台账字段对应文件中的哪一列；* 为必填字段。",
    ),
    "import.no_column": ("(not in the file)", "（文件中没有）"),
    "import.same_for_all": ("{field}: the same for every row", "{field}：所有行相同"),
    "import.values": ("Values to translate", "需要对应的取值"),
    "import.values.caption": (
        "These values are not in the ledger's vocabulary. Choose what each one means.",
        "以下取值不在台账规定的选项中，请选择各自对应的含义。",
    ),
    "import.load_mapping": (
        "A saved mapping (.toml), if the file is in another shape",
        "已保存的映射文件（.toml，文件格式不同时使用）",
    ),
    "import.save_mapping": ("Save this mapping for next time", "保存此映射以便下次使用"),
    "import.ignored": ("Columns ignored: {columns}", "已忽略的列：{columns}"),
    "import.skip_invalid": ("Import the valid rows and give me the rest to fix", "导入有效行，其余行供我修改后再导入"),
    "import.run": ("Check and import", "检查并导入"),
    "import.progress": ("Importing…", "正在导入……"),
    "import.step.read": ("Reading the file…", "正在读取文件……"),
    "import.step.stage": ("Matching the columns…", "正在匹配列……"),
    "import.step.check": ("Checking every row…", "正在检查每一行……"),
    "import.step.write": ("Writing…", "正在写入……"),
    "import.step.done": ("Done.", "完成。"),
    "import.rejected": (
        "{file}: nothing was imported, {count:~problem|problems} found. The database is unchanged.",
        "{file}：未导入，发现 {count} 处问题，数据库保持不变。",
    ),
    "import.file_problem": ("{file}: {reason}", "{file}：{reason}"),
    "import.suggestions": (
        "{count:~imported petition|imported petitions} name no matter but look like part of an existing one. The "
        "risk scores count them with it; an officer can confirm each link.",
        "{count} 条导入的信访未填事项编号，但可能属于已有的风险隐患。"
        "风险评分已将其计入该隐患；承办干部可逐条确认关联。",
    ),
    "import.rejects": ("Download the rejected rows with reasons", "下载被拒行及原因"),
    "import.change.community": ("new community {community}", "新增社区：{community}"),
    "import.change.count": ("{community} {group}: {field} {old} → {new}", "{community}{group}：{field} {old} → {new}"),
    "import.mostly_ignored": (
        "{ignored} of the file's {total} columns are not in this ledger and will be ignored: "
        "check that this is the right file and the right ledger.",
        "文件的 {total} 列中有 {ignored} 列不属于该台账，将被忽略：请确认文件和台账类型是否正确。",
    ),
    "entry.title": ("Quick entry", "快速录入"),
    "entry.kind": ("Record", "记录类型"),
    "entry.screenings": ("Screening visit", "入户排查"),
    "entry.petitions": ("Petition", "信访登记"),
    "entry.id": ("Number", "编号"),
    "entry.visit_date": ("Visit date", "排查日期"),
    "entry.received_date": ("Received", "登记日期"),
    "entry.household": ("Household (e.g. building and flat)", "户号（如楼栋门牌）"),
    "entry.visitor": ("Visited by", "排查人"),
    "entry.finding": ("Finding", "排查发现"),
    "entry.severity": ("Severity (1 general - 4 extremely serious)", "严重程度（1-4，4为最严重）"),
    "entry.people_affected": ("People affected", "涉及人数"),
    "entry.description": ("What was found", "情况描述"),
    "entry.channel": ("Channel", "信访形式"),
    "entry.petitioner": ("Petitioner", "信访人"),
    "entry.level": ("Lodged at", "信访层级"),
    "entry.status": ("Status", "办理状态"),
    "entry.save": ("Save", "保存"),
    "entry.problem": ("{field}: {reason}", "{field}：{reason}"),
    "entry.suggest": (
        "Petition {petition} looks like part of matter {matter} ({reason}). One matter should keep one record.",
        "信访 {petition} 可能属于风险隐患 {matter}（{reason}）。同一风险隐患应合并为一条记录。",
    ),
    "entry.reason.same_petitioner": ("same petitioner, place and category", "同一信访人、同一小组、同一类别"),
    "entry.reason.same_issue": (
        "the same problem named, same place and category, within 60 days",
        "反映同一问题、同一小组、同一类别（60天内）",
    ),
    "entry.reason.similar_summary": ("a very similar summary, same place and category", "内容相近、同一小组、同一类别"),
    "entry.link": ("Link it to {matter}", "关联到 {matter}"),
    "entry.linked": (
        "Petition {petition} is now part of matter {matter}.",
        "信访 {petition} 已关联到风险隐患 {matter}。",
    ),
    "entry.saved": (
        "Saved {kind} {id} as a new record. The form is ready for the next one.",
        "已新建{kind}记录 {id}。表单已清空，可录入下一条。",
    ),
    "entry.amended": (
        "Record {id} changed; what it said before is kept in its history.",
        "记录 {id} 已修改，修改前的内容保留在修改记录中。",
    ),
    "entry.id.help": (
        "Given by the system: each save creates a new record with the next free number.",
        "系统自动编号：每次保存都新建一条记录，使用下一个未占用的编号。",
    ),
    "entry.amend": ("Change an existing record", "修改已有记录"),
    "entry.amend.help": (
        "Only to correct a record already saved: type its number and all of its fields again.",
        "仅用于更正已保存的记录：输入其编号并重新填写全部内容。",
    ),
    "entry.amend_id": ("Number of the record to change", "要修改的记录编号"),
    "entry.amend_sure": ("I confirm: replace that record's content with what is above", "我确认：用以上内容替换该记录"),
    "entry.amend_save": ("Change the record", "修改记录"),
    "entry.amend_confirm": (
        "Tick the confirmation first: changing a record replaces what it said.",
        "请先勾选确认：修改会替换该记录原有的内容。",
    ),
    "file.too_large": (
        "the file is {size_mb} MB, over the limit of {limit_mb} MB",
        "文件大小 {size_mb} MB，超过上限 {limit_mb} MB",
    ),
    "file.empty": ("the file is empty", "文件为空"),
    "file.no_rows": ("the file has a header but no rows", "文件只有表头，没有数据行"),
    "file.no_header": ("the first row holds no column names", "第一行没有列名"),
    "file.type": (
        "files of type {suffix} cannot be imported; use .csv or .xlsx",
        "不支持 {suffix} 类型的文件，请使用 .csv 或 .xlsx",
    ),
    "file.binary": ("this is not a text (CSV) file", "这不是文本（CSV）文件"),
    "file.encoding": (
        "the file's text encoding is not UTF-8 or GB18030; save it as CSV UTF-8",
        "文件编码既不是 UTF-8 也不是 GB18030，请另存为“CSV UTF-8”格式",
    ),
    "file.too_many_columns": (
        "the file has {columns} columns, more than the {limit} a ledger may have",
        "文件有 {columns} 列，超过台账允许的 {limit} 列",
    ),
    "file.not_xlsx": (
        "this is not an Excel (.xlsx) workbook, or it is damaged",
        "这不是有效的 Excel（.xlsx）文件，或文件已损坏",
    ),
    "file.long_line": (
        "line {line} is {size_kb:,} KB long, more than the {limit_kb:,} KB a ledger row may have: the file is "
        "damaged or not a ledger",
        "第 {line} 行长达 {size_kb:,} KB，超过台账一行最多 {limit_kb:,} KB：文件已损坏或不是台账",
    ),
    "file.zip_bomb": (
        "the workbook unpacks to far more than its size; it was refused for safety",
        "该工作簿解压后远大于文件本身，出于安全考虑已拒绝",
    ),
    "file.no_sheet": (
        "there is no sheet {sheet}; the sheets are: {sheets}",
        "没有名为 {sheet} 的工作表；现有工作表：{sheets}",
    ),
    "file.csv_broken": ("the CSV file cannot be read: {detail}", "无法读取该 CSV 文件：{detail}"),
    "mapping.unreadable": ("the mapping file cannot be read: {detail}", "无法读取映射文件：{detail}"),
    "mapping.syntax": ("the mapping file is not valid TOML: {detail}", "映射文件不是有效的 TOML：{detail}"),
    "mapping.unknown_section": (
        "unknown section(s) {name}: use [columns], [constants], [values.FIELD]",
        "未知的节 {name}：请使用 [columns]、[constants]、[values.字段]",
    ),
    "mapping.unknown_field": (
        "{name} in [{section}] is not a field of the {kind} ledger",
        "[{section}] 中的 {name} 不是 {kind} 台账的字段",
    ),
    "mapping.bad_value": ("{name} in [{section}] must be a single value", "[{section}] 中的 {name} 必须是单个值"),
    "mapping.bad_target": (
        "[values.{name}] maps to “{value}”, which is not one of: {allowed}",
        "[values.{name}] 映射到的“{value}”不在可选值中：{allowed}",
    ),
    "mapping.no_column": (
        "the mapping names column “{column}” for {field}, but the file has no such column",
        "映射为 {field} 指定的列“{column}”在文件中不存在",
    ),
    "ledger.areas": ("Areas (communities and groups)", "辖区（社区与小组）"),
    "ledger.petitions": ("Petitions", "信访台账"),
    "ledger.screenings": ("Screening visits", "排查台账"),
    "ledger.risks": ("Risk items", "风险隐患台账"),
    "ledger.calendar": ("Sensitive periods", "敏感节点"),
    "reason.required": ("a value is required", "必填项为空"),
    "reason.date": (
        "“{value}” is not a date (use YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD or YYYY年MM月DD日)",
        "“{value}”不是有效日期（请用 YYYY-MM-DD、YYYY/MM/DD、YYYY.MM.DD 或 YYYY年MM月DD日）",
    ),
    "reason.people": ("“{value}” is not a whole number of 1 or more", "“{value}”不是大于等于1的整数"),
    "reason.count": ("“{value}” is not a whole number of 0 or more", "“{value}”不是大于等于0的整数"),
    "reason.vocab": ("“{value}” is not one of: {allowed}", "“{value}”不在可选值中：{allowed}"),
    "reason.severity": (
        "“{value}” is not a severity (1-4, blue, yellow, orange, red)",
        "“{value}”不是有效等级（1-4 或 一般、较大、重大、特别重大）",
    ),
    "reason.level13": ("“{value}” is not a level from 1 to 3", "“{value}”不是1至3的等级"),
    "reason.community_unknown": (
        "community “{value}” is not in the areas; import the areas ledger first",
        "社区“{value}”不在辖区台账中，请先导入辖区台账",
    ),
    "reason.group_unknown": (
        "group “{value}” is not in this community in the areas",
        "小组“{value}”不在该社区的辖区台账中",
    ),
    "reason.too_long": ("the text is too long", "内容过长"),
    "reason.id_taken": (
        "number {value} is already taken by another record; a save never changes it (to change that "
        "record, choose “Change an existing record”)",
        "编号 {value} 已被其他记录使用；保存不会覆盖已有记录（如需修改该记录，请选择“修改已有记录”）",
    ),
    "reason.id_unknown": ("there is no record numbered {value} to change", "没有编号为 {value} 的记录可修改"),
    "reason.wrong_kind": (
        "the file's headers fit the {other} ledger ({other_fields} of its columns) better than the "
        "{asked} ledger ({asked_fields}): nothing was imported. Import it as {other}.",
        "该文件的表头更符合“{other}”（匹配 {other_fields} 列），而不是“{asked}”（匹配 {asked_fields} 列）："
        "未导入任何数据。请按“{other}”导入。",
    ),
    "reason.duplicate": (
        "“{value}” appears more than once in the file (first on row {first_row})",
        "“{value}”在文件中重复出现（首次在第 {first_row} 行）",
    ),
    "reason.resolved_needs_date": ("a resolved petition needs its resolution date", "已办结的信访需填写办结日期"),
    "reason.resolved_before_received": ("resolved before it was received", "办结日期早于登记日期"),
    "reason.resolved_before_identified": ("resolved before it was identified", "化解日期早于发现日期"),
    "reason.extension": (
        "“{value}” is not a number of days from 0 to 30 (an answer may be extended once, by up to 30 days)",
        "“{value}”不是0至30之间的天数（办理期限只能延长一次，最多30天）",
    ),
    "reason.date_order": (
        "{value} is earlier than {other} ({other_value}): the case's dates must follow its stages",
        "{value} 早于{other}（{other_value}），日期应与办理环节的先后一致",
    ),
    "reason.status_needs_date": (
        "the status “{other_value}” needs this date",
        "办理状态为“{other_value}”时须填写此日期",
    ),
    "reason.status_contradicts": (
        "the status “{value}” contradicts {other} ({other_value}), which belongs to a later stage",
        "办理状态“{value}”与{other}（{other_value}）矛盾：该日期属于之后的办理环节",
    ),
    "reason.end_before_start": ("ends before it starts", "结束日期早于开始日期"),
    "reason.neighbor_unknown": (
        "a neighbouring group named here is not in this community in the file",
        "相邻小组中有名称不在文件中该社区的小组里",
    ),
    "reason.missing_column": (
        "the required column {field} is missing (or map it with a mapping file)",
        "缺少必填列 {field}（或用映射文件指定对应列）",
    ),
    "geo.not_json": ("{file}: not a GeoJSON file ({reason}).", "{file}：不是 GeoJSON 文件（{reason}）。"),
    "geo.too_large": (
        "{file}: the file is {size_mb} MB, over the limit of {limit_mb} MB for boundaries.",
        "{file}：文件大小 {size_mb} MB，超过边界文件上限 {limit_mb} MB。",
    ),
    "geo.not_collection": ("{file}: a FeatureCollection is expected.", "{file}：应为 FeatureCollection。"),
    "geo.unknown_group": (
        "{file}, feature {feature}, {column}: no such group ({value}).",
        "{file}，第 {feature} 个要素，{column}：没有这个小组（{value}）。",
    ),
    "geo.bad_geometry": (
        "{file}, feature {feature}, {column}: a Polygon or MultiPolygon is expected.",
        "{file}，第 {feature} 个要素，{column}：应为 Polygon 或 MultiPolygon。",
    ),
    "geo.twice": (
        "{file}, feature {feature}, {column}: group {group} appears twice.",
        "{file}，第 {feature} 个要素，{column}：小组 {group} 重复出现。",
    ),
    "geo.empty": ("{file}: no features.", "{file}：没有任何要素。"),
    "calendar.missing": ("missing", "缺失"),
    "calendar.not_a_date": ("missing or not a date", "缺失或不是日期"),
    "calendar.before_start": ("before the start", "早于开始日期"),
    "calendar.level": ("must be 1, 2 or 3", "必须是1、2或3"),
}

# keys composed at run time (prefix + member): each vocabulary's members, from where they come
COMPOSED: dict[str, tuple[str, ...]] = {
    # analytics.privacy.MASKS: what is masked in free text
    "masked.": ("id_number", "mobile", "landline", "room"),
    # analytics.ledger.formats.KINDS
    "ledger.": ("areas", "petitions", "screenings", "risks", "calendar"),
    # the import page's progress steps
    "import.step.": ("read", "stage", "check", "write", "done"),
    # the quick entry's two kinds of record
    "entry.": ("screenings", "petitions"),
    # why a petition looks like part of a matter (analytics.linking)
    "entry.reason.": ("same_petitioner", "same_issue", "similar_summary"),
    # why a ledger row is refused (analytics.ledger.checks)
    "reason.": (
        "required",
        "date",
        "people",
        "count",
        "vocab",
        "severity",
        "level13",
        "community_unknown",
        "group_unknown",
        "too_long",
        "duplicate",
        "resolved_needs_date",
        "resolved_before_received",
        "resolved_before_identified",
        "extension",
        "date_order",
        "status_needs_date",
        "status_contradicts",
        "end_before_start",
        "neighbor_unknown",
    ),
}
