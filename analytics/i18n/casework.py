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
}
