"""The engagements domain's user strings: labels of stages, channels, termination reasons,
contract types, transfer modes and payment forms, Chinese first and English for the toggle."""

from __future__ import annotations

# Stage order (推荐 → 已联系 → 有意向 → 洽谈中 → 已签约 → 实施中 → 已验收), issue #13 §1.
STAGES: dict[str, tuple[str, str]] = {
    "recommended": ("推荐", "recommended"),
    "contacted": ("已联系", "contacted"),
    "interested": ("有意向", "interested"),
    "negotiating": ("洽谈中", "negotiating"),
    "signed": ("已签约", "signed"),
    "implementing": ("实施中", "implementing"),
    "completed": ("已验收", "completed"),
    "terminated": ("已终止", "terminated"),
}

TERMINATION_REASONS: dict[str, tuple[str, str]] = {
    "mismatch": ("技术不匹配", "technology does not match"),
    "price": ("价格/预算", "price or budget"),
    "timing": ("时间", "timing"),
    "ip": ("知识产权", "intellectual property"),
    "no_response": ("对方无回应", "no response"),
    "other": ("其他", "other"),
}

CHANNELS: dict[str, tuple[str, str]] = {
    "phone": ("电话", "phone"),
    "meeting": ("会面", "meeting"),
    "email": ("邮件", "e-mail"),
    "platform": ("平台消息", "platform message"),
}

CANDIDATE_TYPES: dict[str, tuple[str, str]] = {
    "achievement": ("科技成果", "achievement"),
    "person": ("专家", "expert"),
    "organisation": ("机构", "organisation"),
    "patent": ("专利", "patent"),
}

# 民法典 art. 843: 技术开发、转让、许可、咨询、服务 (许可 is its own type).
CONTRACT_TYPES: dict[str, tuple[str, str]] = {
    "development": ("技术开发", "technology development"),
    "transfer": ("技术转让", "technology transfer"),
    "licensing": ("技术许可", "technology licensing"),
    "consulting": ("技术咨询", "technology consulting"),
    "service": ("技术服务", "technology service"),
}

# The two groups universities and institutes report yearly (促进科技成果转化法 art. 21,
# 财科教〔2017〕22号): 转让/许可/作价投资 vs 开发/咨询/服务.
REPORT_GROUPS: dict[str, tuple[str, str]] = {
    "transfer_licensing_equity": ("转让/许可/作价投资", "transfer, licensing, equity"),
    "development_consulting_service": ("开发/咨询/服务", "development, consulting, service"),
}

TRANSFER_MODES: dict[str, tuple[str, str]] = {
    "": ("", ""),
    "assignment": ("转让", "assignment"),
    "exclusive_licence": ("独占许可", "exclusive licence"),
    "sole_licence": ("排他许可", "sole licence"),
    "ordinary_licence": ("普通许可", "ordinary licence"),
    "equity": ("作价投资", "equity investment"),
    "other": ("其他", "other"),
}

# 民法典 art. 846: 一次总算一次总付, 一次总算分期支付, 提成支付, 提成 + 入门费.
PAYMENT_FORMS: dict[str, tuple[str, str]] = {
    "": ("", ""),
    "lump_sum": ("一次总算、一次总付", "lump sum paid once"),
    "instalments": ("一次总算、分期支付", "lump sum in instalments"),
    "royalty": ("提成支付", "royalties"),
    "royalty_with_fee": ("提成支付附加预付入门费", "royalties with an entry fee"),
}

# Demand status codes this domain sets (issue #13 §2: 已对接 / 已签约 / 已解决); "open" is the
# catalog's default. Pages showing a demand's status should use these labels.
ORIGINS: dict[str, tuple[str, str]] = {
    "manual": ("人工创建", "created by hand"),
    "match": ("来自匹配", "from a match"),
    "response": ("需求响应", "response to a demand"),
}


def zh(table: dict[str, tuple[str, str]], code: str | None) -> str:
    """The Chinese label of ``code`` (the code itself when unknown)."""
    return table.get(code or "", (code or "", ""))[0]


def both(table: dict[str, tuple[str, str]], code: str) -> str:
    """``中文 (english)`` for messages read by people and searched by scripts."""
    label = table.get(code)
    return f"{label[0]} ({label[1]})" if label else code


NOTICE_TITLES = {
    "engagement.created": "新的对接：{demand}",
    "engagement.stage": "对接阶段变为「{stage}」：{demand}",
    "demand.response": "您的需求收到新的响应：{demand}",
    "contract.recorded": "已登记技术合同：{demand}",
    "engagement.follow_up_due": "对接待跟进：{demand}",
}


def _labels(prefix: str, table: dict[str, tuple[str, str]]) -> dict[str, dict[str, str]]:
    """``{"zh": {prefix.code: 中文}, "en": {prefix.code: english}}`` of a label table."""
    return {
        lang: {f"{prefix}.{code}": pair[i] for code, pair in table.items() if code}
        for i, lang in enumerate(("zh", "en"))
    }


_TABLES = {
    "eng.stage": STAGES,
    "eng.reason": TERMINATION_REASONS,
    "eng.channel": CHANNELS,
    "eng.ctype": CANDIDATE_TYPES,
    "eng.contract_type": CONTRACT_TYPES,
    "eng.mode": TRANSFER_MODES,
    "eng.payform": PAYMENT_FORMS,
    "eng.origin": ORIGINS,
}

# Page strings: (中文, English).
_PAGES: dict[str, tuple[str, str]] = {
    "eng.title": ("对接", "Engagements"),
    "eng.list_lead": (
        "需求与成果、专家、机构之间的对接，从推荐到签约与验收。",
        "Engagements between demands and achievements, experts or organisations, "
        "from recommendation to contract and acceptance.",
    ),
    "eng.view_table": ("列表", "Table"),
    "eng.view_board": ("看板", "Board"),
    "eng.filter.stage": ("阶段", "Stage"),
    "eng.filter.demand": ("需求", "Demand"),
    "eng.filter.broker": ("服务专员", "Broker"),
    "eng.filter.overdue": ("只看逾期跟进", "Overdue follow-ups only"),
    "eng.unassigned": ("未指派", "unassigned"),
    "eng.col.id": ("编号", "No."),
    "eng.col.demand": ("需求", "Demand"),
    "eng.col.candidate": ("候选对象", "Candidate"),
    "eng.col.stage": ("阶段", "Stage"),
    "eng.col.days": ("本阶段天数", "Days in stage"),
    "eng.col.broker": ("服务专员", "Broker"),
    "eng.col.score": ("匹配得分", "Score"),
    "eng.col.follow_up": ("下次跟进", "Next follow-up"),
    "eng.overdue": ("已逾期", "overdue"),
    "eng.due_today": ("今日到期", "due today"),
    "eng.days": ("{n} 天", "{n} days"),
    "eng.none": ("暂无对接。", "No engagements yet."),
    "eng.detail_title": ("对接 #{id}", "Engagement #{id}"),
    "eng.parties": ("对接双方", "Parties"),
    "eng.demand_side": ("需求方", "Demand"),
    "eng.candidate_side": ("候选方", "Candidate"),
    "eng.origin": ("来源", "Origin"),
    "eng.proposal": ("方案说明", "Proposal"),
    "eng.score": ("匹配得分与理由", "Match score and reasons"),
    "eng.no_score": ("人工建立，无匹配得分。", "Created by hand; no match score."),
    "eng.timeline": ("阶段进程", "Stage timeline"),
    "eng.entered": ("进入时间", "Entered"),
    "eng.left": ("离开时间", "Left"),
    "eng.current": ("当前", "current"),
    "eng.move": ("推进阶段", "Move the stage"),
    "eng.move_to": ("推进到「{stage}」", "Move to “{stage}”"),
    "eng.final": ("对接已结束，不能再变更阶段。", "This engagement has ended."),
    "eng.terminate": ("终止对接", "Terminate"),
    "eng.reason": ("终止原因", "Reason"),
    "eng.note": ("说明", "Note"),
    "eng.note_hint": ("原因为「其他」时必填", "required when the reason is “other”"),
    "eng.moved": ("阶段已更新。", "Stage updated."),
    "eng.err.skip": (
        "不能从「{current}」直接变更为「{target}」：下一阶段只能是「{allowed}」，或选择原因终止。",
        "Cannot move from “{current}” to “{target}”: the next stage can only be "
        "“{allowed}”, or terminate with a reason.",
    ),
    "eng.contacts": ("联系记录", "Contact log"),
    "eng.no_contacts": ("暂无联系记录。", "No contacts logged yet."),
    "eng.contact.add": ("添加联系记录", "Log a contact"),
    "eng.contact.date": ("联系日期", "Date"),
    "eng.contact.channel": ("联系方式", "Channel"),
    "eng.contact.participants": ("参与人", "Participants"),
    "eng.contact.summary": ("内容摘要", "Summary"),
    "eng.contact.next": ("下次跟进日期", "Next follow-up"),
    "eng.contact.saved": ("联系记录已保存。", "Contact logged."),
    "eng.contract": ("技术合同", "Technology contract"),
    "eng.contract.locked": (
        "对接进入「已签约」阶段后可登记技术合同。",
        "The contract can be recorded once the engagement is signed.",
    ),
    "eng.contract.record": ("登记技术合同", "Record the contract"),
    "eng.contract.type": ("合同类型", "Contract type"),
    "eng.contract.mode": ("转化方式", "Transfer mode"),
    "eng.contract.payform": ("支付方式", "Payment form"),
    "eng.contract.project": ("项目名称", "Project name"),
    "eng.contract.amount": ("合同成交额（万元）", "Contract amount (10k yuan)"),
    "eng.contract.non_tech": ("非技术性款项（万元）", "Non-technical part (10k yuan)"),
    "eng.contract.tech": ("技术交易额（万元）", "Technology amount (10k yuan)"),
    "eng.contract.tech_hint": (
        "留空则按 合同成交额 − 非技术性款项 计算",
        "blank: contract amount minus the non-technical part",
    ),
    "eng.contract.signed_on": ("签订日期", "Signing date"),
    "eng.contract.valid_until": ("有效期至", "Valid until"),
    "eng.contract.reg_no": ("登记号", "Registration no."),
    "eng.contract.investment": ("预计新增投入（万元）", "Expected new investment (10k yuan)"),
    "eng.contract.output": ("预计新增产值（万元）", "Expected new output (10k yuan)"),
    "eng.contract.transfer_hint": (
        "技术转让合同须填写预计新增投入与产值",
        "required for technology transfer contracts",
    ),
    "eng.contract.deadline": ("登记申请截止日", "Registration deadline"),
    "eng.contract.review": ("认定审查期限", "Review period"),
    "eng.contract.review_days": ("{n} 日", "{n} days"),
    "eng.contract.review_working_days": ("{n} 个工作日", "{n} working days"),
    "eng.contract.rule": ("登记规则版本", "Registration rules"),
    "eng.contract.buyer": ("买方", "Buyer"),
    "eng.contract.seller": ("卖方（登记方）", "Seller (registers)"),
    "eng.contract.saved": ("技术合同已登记。", "Contract recorded."),
    "eng.ms": ("付款节点", "Payment milestones"),
    "eng.ms.due_on": ("到期日", "Due"),
    "eng.ms.amount": ("金额（万元）", "Amount (10k yuan)"),
    "eng.ms.paid": ("支付状态", "Paid"),
    "eng.ms.paid_yes": ("已支付", "paid"),
    "eng.ms.paid_no": ("未支付", "unpaid"),
    "eng.ms.add": ("添加付款节点", "Add a milestone"),
    "eng.ms.remove": ("删除", "Remove"),
    "eng.ms.none": ("无付款节点。", "No milestones."),
    "eng.ms.row": ("第 {n} 个付款节点", "Milestone {n}"),
    "eng.add_from_match": ("加入对接", "Start an engagement"),
    "eng.created": ("已加入对接。", "Engagement created."),
    "eng.already": ("该需求与该候选已有进行中的对接。", "An open engagement already exists."),
    "eng.respond": ("响应该需求", "Respond to this demand"),
    "eng.respond_lead": (
        "简要说明您的单位能如何解决该需求，可附上一项本单位的科技成果。",
        "Say briefly how your organisation can meet this demand; you may offer one of its "
        "achievements.",
    ),
    "eng.respond.proposal": ("方案简述", "Short proposal"),
    "eng.respond.achievement": ("提供的科技成果", "Achievement offered"),
    "eng.respond.org_only": ("（以本单位名义响应）", "(respond as the organisation)"),
    "eng.respond.submit": ("提交响应", "Send the response"),
    "eng.respond.sent": ("响应已提交，需求方和服务专员会收到通知。", "Response sent."),
    "eng.respond.mine": ("本单位已响应过该需求：", "Your organisation has responded:"),
    "eng.wb.title": ("工作台", "Workbench"),
    "eng.wb.lead.broker": ("我的对接进展、待跟进事项与本月合同。", "My pipeline."),
    "eng.wb.lead.enterprise": ("本单位需求的匹配与对接情况。", "Your demands."),
    "eng.wb.lead.researcher": ("本单位成果收到的关注与对接。", "Your achievements."),
    "eng.wb.lead.admin": ("全省对接漏斗、转化率与技术合同统计。", "Funnel and contracts."),
    "eng.wb.lead.other": ("您可以浏览与检索平台上的公开信息。", "Browse and search."),
    "eng.wb.pipeline": ("我的对接（按阶段）", "My pipeline by stage"),
    "eng.wb.board": ("打开看板", "Open the board"),
    "eng.wb.follow_ups": ("待跟进", "Follow-ups due"),
    "eng.wb.no_follow_ups": ("没有到期的跟进。", "No follow-ups due."),
    "eng.wb.month_contracts": ("本月签订的技术合同", "Contracts signed this month"),
    "eng.wb.amount": ("{amount} 万元", "{amount} × 10k yuan"),
    "eng.wb.no_contracts": ("本月暂无合同。", "No contracts this month."),
    "eng.wb.my_demands": ("本单位的需求", "Our demands"),
    "eng.wb.no_demands": ("本单位尚未发布需求。", "No demands yet."),
    "eng.wb.matches": ("匹配结果", "Matches"),
    "eng.wb.stages": ("对接阶段", "Engagement stages"),
    "eng.wb.quality": ("需求质量待补充", "What the demand still lacks"),
    "eng.wb.quality_ok": ("要素齐全", "complete"),
    "eng.wb.inbox": ("消息", "Messages"),
    "eng.wb.inbox_link": ("查看消息与通知", "Open messages and notices"),
    "eng.wb.my_achievements": ("本单位的科技成果", "Our achievements"),
    "eng.wb.no_achievements": ("本单位尚无科技成果。", "No achievements yet."),
    "eng.wb.trl": ("技术成熟度", "TRL"),
    "eng.wb.trl_none": ("未评价", "not assessed"),
    "eng.wb.interest": ("收到的关注（本单位为候选方）", "Interest received"),
    "eng.wb.no_interest": ("暂无对接。", "None yet."),
    "eng.wb.funnel": ("对接漏斗", "Funnel"),
    "eng.wb.step": ("环节", "Step"),
    "eng.wb.count": ("数量", "Count"),
    "eng.wb.rate": ("转化率", "Conversion"),
    "eng.wb.median": ("中位停留天数", "Median days"),
    "eng.wb.pipe.demands": ("需求", "Demands"),
    "eng.wb.pipe.matched": ("已匹配", "Matched"),
    "eng.wb.pipe.contacted": ("已联系", "Contacted"),
    "eng.wb.pipe.signed": ("已签约", "Signed"),
    "eng.wb.pipe.completed": ("已验收", "Completed"),
    "eng.wb.stage_days": ("各阶段停留天数（中位数）", "Median days per stage"),
    "eng.wb.amount_by_region": ("合同成交额（按地区，万元）", "Amount by region (10k yuan)"),
    "eng.wb.amount_by_field": ("合同成交额（按领域，万元）", "Amount by field (10k yuan)"),
    "eng.wb.amount_by_month": ("合同成交额（按月份，万元）", "Amount by month (10k yuan)"),
    "eng.wb.contracts_total": (
        "技术合同 {n} 项，合同成交额 {amount} 万元，技术交易额 {tech} 万元",
        "{n} contracts, {amount} (10k yuan), technology part {tech}",
    ),
    "eng.wb.no_data": ("暂无数据。", "No data."),
    "eng.wb.exports": ("导出", "Exports"),
    "eng.wb.export_contracts": ("技术合同登记表（Excel）", "Contracts (Excel)"),
    "eng.wb.export_funnel": ("对接漏斗与合同统计（Excel）", "Funnel and statistics (Excel)"),
    "eng.wb.all": ("全部对接", "All engagements"),
}


def _messages() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {"zh": {}, "en": {}}
    for prefix, table in _TABLES.items():
        for lang, texts in _labels(prefix, table).items():
            out[lang].update(texts)
    for key, (zh_text, en_text) in _PAGES.items():
        out["zh"][key] = zh_text
        out["en"][key] = en_text
    return out


MESSAGES = _messages()
