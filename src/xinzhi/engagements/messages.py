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
DEMAND_STATUSES: dict[str, tuple[str, str]] = {
    "open": ("待对接", "open"),
    "engaged": ("已对接", "engaged"),
    "signed": ("已签约", "signed"),
    "solved": ("已解决", "solved"),
}

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
