"""Handling each 风险隐患 to 销号: its steps, 督办, the committee's meeting, the documents, the 通报, conflicts."""

TEXT: dict[str, tuple[str, str]] = {
    # the states (the risks ledger's vocabulary, as the lifecycle names them)
    "risk.state.open": ("Awaiting review", "待研判"),
    "risk.state.assigned": ("Assigned", "已交办"),
    "risk.state.in_progress": ("Being resolved", "化解中"),
    "risk.state.close_requested": ("Closure requested", "申请销号"),
    "risk.state.resolved": ("Closed", "已销号"),
    # the steps
    "risk.act.assign": ("Assigned", "交办"),
    "risk.act.feedback": ("Progress report", "反馈"),
    "risk.act.supervise": ("Supervision notice", "督办"),
    "risk.act.request_close": ("Closure requested", "申请销号"),
    "risk.act.close": ("Closed", "销号"),
    "risk.act.send_back": ("Sent back", "退回"),
    "risk.act.reopen": ("Reopened", "重新打开"),
    "risk.act.reopened": ("Reopened by a new record", "因新记录重新打开"),
    "risk.act.overdue": ("Past its deadline (supervision raised)", "逾期（系统督办）"),
    # refusals
    "risk.reopened_by": (
        "Risk item {matter} had been closed; new records name it ({records}): it is open again, awaiting review.",
        "{matter} 已销号，但新记录（{records}）再次涉及该事项，已重新打开，待研判。",
    ),
    "risk.unknown_matter": (
        "There is no risk item {matter}: check the matter number (as in the register).",
        "没有编号为 {matter} 的风险隐患，请核对事项编号（以风险隐患台账为准）。",
    ),
    "risk.unknown_unit": (
        "The unit {unit} is not one of the street's handling units. Close names: {close}. New units come in with a "
        "ledger that names them.",
        "“{unit}”不在本街道的承办单位名单中。相近的名称：{close}。新单位随台账导入后即可选用。",
    ),
    "risk.due_needed": ("Give the deadline.", "请填写化解期限。"),
    "risk.due_past": (
        "The deadline {due} is before today ({today}): give a day from today on.",
        "化解期限 {due} 早于今天（{today}），请填写今天或以后的日期。",
    ),
    "risk.date_future": (
        "The day {day} is after today ({today}): a report is dated when it was made.",
        "日期 {day} 晚于今天（{today}），反馈日期应为实际反馈的日期。",
    ),
    "risk.before_assigned": (
        "The day {day} is before the item was assigned ({assigned}).",
        "日期 {day} 早于交办日期（{assigned}）。",
    ),
    "risk.not_overdue": (
        "Risk item {matter}: not past its deadline ({due}); a supervision notice is for an overdue item.",
        "{matter} 尚未超过化解期限（{due}），督办只针对逾期事项。",
    ),
    "risk.field_needed": ("Fill in {field}.", "请填写{field}。"),
    "risk.close_needs_what": (
        "Say what was done to settle it before asking to close it.",
        "申请销号前请写明已采取的化解措施。",
    ),
    "risk.too_long": (
        "{field} is too long (the limit is {limit:~character|characters}).",
        "{field}超过 {limit} 个字符。",
    ),
    "risk.closed_already": ("Risk item {matter}: closed on {day} already.", "{matter} 已于 {day} 销号，不能重复销号。"),
    "risk.own_request": (
        "{matter}: you asked to close it yourself; another committee member signs it off.",
        "{matter}：销号申请由您本人提出，须由其他班子成员审核销号。",
    ),
    "risk.not_now": (
        "Risk item {matter}: this step is not possible while it is {state_said}.",
        "{matter} 当前状态为“{state_said}”，不能进行此操作。",
    ),
    "risk.unknown_state": ("Unknown state {state}: one of {states}.", "未知状态 {state}，可选：{states}。"),
    "conflict.unknown": (
        "Conflict {conflict} is settled already or does not exist.",
        "冲突 {conflict} 已处理或不存在。",
    ),
    "conflict.steps_only": (
        "{matter}: its state and closing date change only through the handling steps (report, request, sign-off), "
        "never from a ledger.",
        "{matter}：状态和销号日期只能通过处置流程（反馈、申请销号、审核销号）改变，不能由台账覆盖。",
    ),
    "conflict.line": (
        "Row {row}, {matter}, {column}: the ledger says {ledger}, the product recorded {product} (kept).",
        "第 {row} 行，{matter}，{column}：台账为“{ledger}”，系统记录为“{product}”（已保留系统记录）。",
    ),
    "conflict.summary": (
        "{count:~field|fields} of risk items handled in the product differ from the ledger: the product's record "
        "was kept. Settle them on the import page.",
        "有 {count} 处与系统中的处置记录不一致，已保留系统记录，请在台账导入页面逐条处理。",
    ),
    "conflict.as.product": ("kept the product's record", "保留系统记录"),
    "conflict.as.ledger": ("took the ledger's value", "采用台账的值"),
    "risk.no_alert": ("There is no alert {alert}.", "没有编号为 {alert} 的预警。"),
    # the documents
    "doc.assign.title": ("{street}: risk item assignment sheet", "{street}风险隐患交办单"),
    "doc.supervise.title": ("{street}: supervision notice", "{street}风险隐患督办单"),
    "doc.minutes.title": ("{street}: minutes of the risk review meeting", "{street}风险隐患研判例会纪要"),
    "doc.section.matter": ("The matter", "事项基本信息"),
    "doc.section.facts": ("The facts", "基本情况"),
    "doc.section.asked": ("What is asked", "工作要求"),
    "doc.section.rules": ("How to report", "办理要求"),
    "doc.section.overdue": ("Past its deadline", "逾期情况"),
    "doc.section.reports": ("Reports so far", "已反馈情况"),
    "doc.assign.asked_default": (
        "Settle the matter with the residents concerned before the deadline and report in writing.",
        "请在化解期限内与相关群众沟通化解，并书面反馈办理结果。",
    ),
    "doc.assign.rules": (
        "Sign for this sheet on receipt. Report progress at least every week; when settled, ask for closing "
        "with what was done and the evidence. An item not closed by its deadline is supervised.",
        "承办单位收到本单后签收，至少每周反馈一次进展；化解完毕后，附化解措施和佐证材料申请销号。"
        "逾期未销号的，将予以督办。",
    ),
    "doc.supervise.raised": (
        "Raised by the early warning on {day} (alert {alert}).",
        "本督办由预警系统于{day}发出（预警编号 {alert}）。",
    ),
    "doc.supervise.no_reports": ("No report received.", "未收到反馈。"),
    "doc.supervise.asked_default": (
        "Settle it and report in writing by {due}; if it is still open then, the leader in charge is called in.",
        "请于{due}前办结并书面反馈；届时仍未办结的，将约谈包案领导。",
    ),
    "doc.minutes.summary": (
        "{count:~item|items} reviewed one by one; {decided:~decision|decisions} recorded.",
        "本次例会逐条研判事项 {count} 项，形成决定 {decided} 项。",
    ),
    "doc.facts.petitions": (
        "{count:~petition|petitions} on this matter, from {first} to {last}.",
        "该事项共有信访 {count} 件（{first}至{last}）。",
    ),
    "doc.facts.visits": ("{count:~screening visit|screening visits} noted it.", "入户排查发现记录 {count} 条。"),
    "doc.field.matter": ("Matter number", "事项编号"),
    "doc.field.category": ("Category", "问题类别"),
    "doc.field.place": ("Community and group", "所在社区、小组"),
    "doc.field.identified": ("Identified", "发现日期"),
    "doc.field.source": ("Source", "来源"),
    "doc.field.people": ("People involved", "涉及人数"),
    "doc.field.unit": ("Handling unit", "承办单位"),
    "doc.field.leader": ("Leader in charge", "包案领导"),
    "doc.field.handler": ("Handled by", "承办人"),
    "doc.field.assigned": ("Assigned on", "交办日期"),
    "doc.field.due": ("Deadline", "化解期限"),
    "doc.field.missed": ("Deadline missed", "原化解期限"),
    "doc.field.days_overdue": ("Days overdue", "已逾期天数"),
    "doc.field.new_due": ("Settle by", "督办期限"),
    "doc.field.held_on": ("Held on", "会议时间"),
    "doc.field.chair": ("Chaired by", "主持人"),
    "doc.field.attendees": ("Present", "参会人员"),
    "doc.field.recorded_by": ("Recorded by", "记录人"),
    "doc.sign.assigner": ("Assigned by (signature)", "交办人（签字）"),
    "doc.sign.supervisor": ("Supervised by (signature)", "督办人（签字）"),
    "doc.sign.unit": ("Head of the unit (signature)", "承办单位负责人（签字）"),
    "doc.sign.received": ("Received on", "签收日期"),
    "doc.sign.chair": ("Chair (signature)", "主持人（签字）"),
    "doc.sign.recorder": ("Recorder (signature)", "记录人（签字）"),
    "doc.no_assignment": ("{matter} has not been assigned yet.", "{matter} 尚未交办。"),
    "doc.no_supervision": ("{matter} has no supervision yet.", "{matter} 尚无督办记录。"),
    "doc.no_meeting": ("There is no meeting {meeting}.", "没有编号为 {meeting} 的例会。"),
    "doc.no_pdf": (
        "PDF needs LibreOffice on the server (Debian package libreoffice-writer); the Word file is ready.",
        "生成 PDF 需要服务器安装 LibreOffice（Debian 软件包 libreoffice-writer），Word 文件可直接下载。",
    ),
    # the meeting
    "meeting.section.new_alerts": ("This week's new alerts", "本周新增预警"),
    "meeting.section.serious": ("Red and orange risk items not yet closed", "未销号的红色、橙色风险隐患"),
    "meeting.section.overdue": ("Overdue risk items", "逾期未销号的风险隐患"),
    "meeting.undecided": ("Decision: not yet recorded", "决定：尚未记录"),
    "meeting.decided.watch": ("Decision: keep watching", "决定：持续关注"),
    "meeting.decided.assign": (
        "Decision: assigned to {unit}, leader in charge {leader}, to settle by {due}",
        "决定：交办{unit}，包案领导{leader}，{due}前化解",
    ),
    "meeting.decided.note": ("; {note}", "；{note}"),
    "meeting.reopen_reason": (
        "The review meeting ({meeting}) decided to assign it again.",
        "研判例会（第 {meeting} 次）决定重新交办。",
    ),
    "meeting.bad_decision": ("Unknown decision {decision}.", "未知的决定类型 {decision}。"),
    "meeting.unknown": ("There is no meeting {meeting}.", "没有编号为 {meeting} 的例会。"),
    "meeting.ended": ("Meeting {meeting} has ended: its minutes are final.", "例会 {meeting} 已结束，纪要已定稿。"),
    "meeting.no_item": ("Meeting {meeting} has no item {position}.", "例会 {meeting} 没有第 {position} 项。"),
    "risk.field.unit": ("the unit", "承办单位"),
    "risk.field.leader": ("the leader in charge", "包案领导"),
    "risk.field.handler": ("the person handling it", "承办人"),
    "risk.field.note": ("the note", "情况说明"),
    "risk.field.reason": ("the reason", "原因"),
    "risk.field.evidence": ("the evidence", "佐证材料"),
}

COMPOSED: dict[str, tuple[str, ...]] = {
    "risk.state.": ("open", "assigned", "in_progress", "close_requested", "resolved"),
    "risk.act.": (
        "assign",
        "feedback",
        "supervise",
        "request_close",
        "close",
        "send_back",
        "reopen",
        "reopened",
        "overdue",
    ),
    "risk.field.": ("unit", "leader", "handler", "note", "reason", "evidence"),
    "conflict.as.": ("product", "ledger"),
    "meeting.section.": ("new_alerts", "serious", "overdue"),
}
