"""The 揭榜挂帅 domain's user strings: labels of statuses, funding modes, eligibility rules,
failure causes and the page texts, Chinese first and English for the toggle."""

from __future__ import annotations

from xinzhi.challenges.messages_pages import PAGES

Table = dict[str, tuple[str, str]]

STATUSES: Table = {
    "draft": ("草稿", "draft"),
    "published": ("已发榜", "published"),
    "closed": ("揭榜截止", "closed for applications"),
    "under_review": ("评审中", "under review"),
    "awarded": ("已挂帅", "awarded"),
    "in_progress": ("攻关中", "in progress"),
    "completed": ("已完成", "completed"),
    "failed": ("未成功", "failed"),
    "cancelled": ("已撤榜", "cancelled"),
}

# 深圳 2020 悬赏制 names the four modes (ANCHORS §H1).
FUNDING_MODES: Table = {
    "reward": ("揭榜奖励", "reward on success"),
    "race": ("赛马式", "parallel teams (race)"),
    "milestone": ("里程碑式", "paid by milestones"),
    "post": ("事后资助", "post-funding on results"),
}

RULES: Table = {
    "lead_kind": ("牵头单位类型", "lead organisation kind"),
    "lead_region": ("牵头单位所在地区", "lead organisation region"),
    "team_includes": ("团队须包含", "team must include"),
    "min_orgs": ("团队单位数下限", "minimum organisations in the team"),
    "team_region": ("团队单位所在地区", "team region"),
    "trl_needed": ("场景所需技术就绪度", "TRL the scenario needs"),
}

RULE_FAILURES: dict[str, str] = {
    "lead_kind": "牵头单位须为{kinds}，而申报的牵头单位是{actual}",
    "lead_region": "牵头单位须注册在行政区划代码以 {prefix} 开头的地区，而其代码为 {actual}",
    "team_includes": "团队须至少包含一家{kinds}",
    "min_orgs": "团队须至少由 {n} 家单位组成，实际 {actual} 家",
    "team_region": "团队单位须全部位于代码以 {prefix} 开头的地区，有 {n} 家不在",
}

ORG_KIND_LABELS: dict[str, str] = {
    "enterprise": "企业",
    "university": "高校",
    "institute": "科研院所",
    "park": "园区",
    "fund": "基金",
    "other": "其他单位",
}

MEMBER_ROLES: Table = {
    "lead": ("牵头单位", "lead"),
    "member": ("参与单位", "member"),
    "individual": ("个人", "individual"),
}

TIE_KINDS: Table = {
    "financial": ("经济利益关系", "financial tie"),
    "employment": ("雇佣关系", "employment tie"),
    "family": ("亲属关系", "family tie"),
}

CONFLICT_KINDS: Table = {
    "same_org": ("与申报团队同一单位", "same organisation as the team"),
    "coinventor": ("近三年与申报团队成员共同发明", "co-inventor with the team"),
    "codeveloper": ("与申报团队共同完成科技成果", "co-developer with the team"),
    **TIE_KINDS,
}

RECUSAL_KINDS: Table = {
    "recuse": ("回避", "recused"),
    "abstain": ("主动回避", "abstained"),
}

ROUNDS: Table = {"review": ("评审", "review"), "defence": ("答辩", "defence")}

APPLICATION_STATUSES: Table = {
    "submitted": ("已揭榜", "submitted"),
    "shortlisted": ("入围（赛马）", "shortlisted"),
    "awarded": ("挂帅", "awarded"),
    "not_selected": ("未入选", "not selected"),
}

MILESTONE_STATUSES: Table = {"pending": ("待验收", "pending"), "accepted": ("已验收", "accepted")}

PAYMENT_KINDS: Table = {
    "startup": ("启动资金", "start-up money"),
    "milestone": ("里程碑拨付", "milestone payment"),
    "award": ("揭榜奖励", "award"),
    "remainder": ("余款", "remainder"),
    "compensation": ("失败补偿", "failure compensation"),
}

NEED_STATUSES: Table = {
    "submitted": ("待审核", "submitted"),
    "accepted": ("已纳入清单", "accepted"),
    "rejected": ("未纳入", "rejected"),
    "merged": ("已形成榜单", "merged into a challenge"),
}

CAUSES: Table = {
    "route": ("技术路线", "technical route"),
    "market": ("市场变化", "market change"),
    "funding": ("资金", "funding"),
    "team": ("团队", "team"),
    "management": ("管理", "management"),
    "external": ("外部条件", "external conditions"),
}

PUBLICATION: Table = {
    "public": ("可公开", "public"),
    "anonymised": ("匿名后公开", "anonymised"),
    "internal": ("仅内部", "internal only"),
}

CHECKLIST: Table = {
    "diligent": ("勤勉尽责地执行", "diligent execution"),
    "documented": ("技术路线有完整记录", "documented route"),
    "reusable": ("有可复用的成果", "reusable results"),
    "new_knowledge": ("产生了新的认识", "new knowledge"),
}

DECISIONS: Table = {
    "pending": ("待认定", "pending"),
    "valuable": ("有价值的失败", "valuable failure"),
    "not_valuable": ("不予认定", "not valuable"),
}

KINDS: Table = {"challenge": ("榜单", "challenge"), "scenario": ("应用场景", "scenario")}
OFFERS: Table = {
    "test_bed": ("试验场地", "test bed"),
    "data": ("数据", "data"),
    "first_purchase": ("首购订单", "first purchase"),
}
PARTNERS: Table = {
    "government": ("政府部门", "government"),
    "enterprise": ("企业", "enterprise"),
    "investor": ("投资机构", "investor"),
}

NOTICE_TITLES = {
    "published": "新榜单发布：{title}",
    "milestone_overdue": "里程碑已逾期：{title}（{milestone}）",
    "awarded": "揭榜结果：{title}",
    "deadline": "揭榜即将截止：{title}",
}


def zh(table: Table, code: str | None) -> str:
    """The Chinese label of ``code`` (the code itself when unknown)."""
    return table.get(code or "", (code or "", ""))[0]


def both(table: Table, code: str) -> str:
    label = table.get(code)
    return f"{label[0]} ({label[1]})" if label else code


def kinds_text(kinds: list[str]) -> str:
    return "或".join(ORG_KIND_LABELS.get(k, k) for k in kinds)


_TABLES = {
    "chl.status": STATUSES,
    "chl.mode": FUNDING_MODES,
    "chl.rule": RULES,
    "chl.role": MEMBER_ROLES,
    "chl.tie": TIE_KINDS,
    "chl.conflict": CONFLICT_KINDS,
    "chl.recusal": RECUSAL_KINDS,
    "chl.round": ROUNDS,
    "chl.app_status": APPLICATION_STATUSES,
    "chl.ms_status": MILESTONE_STATUSES,
    "chl.payment": PAYMENT_KINDS,
    "chl.need": NEED_STATUSES,
    "chl.cause": CAUSES,
    "chl.publication": PUBLICATION,
    "chl.check": CHECKLIST,
    "chl.decision": DECISIONS,
    "chl.ckind": KINDS,
    "chl.offer": OFFERS,
    "chl.partner": PARTNERS,
}


def _messages() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {"zh": {}, "en": {}}
    for prefix, table in _TABLES.items():
        for code, (zh_text, en_text) in table.items():
            out["zh"][f"{prefix}.{code}"] = zh_text
            out["en"][f"{prefix}.{code}"] = en_text
    for code, label in ORG_KIND_LABELS.items():
        out["zh"][f"chl.kind.{code}"] = label
        out["en"][f"chl.kind.{code}"] = code
    for key, (zh_text, en_text) in PAGES.items():
        out["zh"][key] = zh_text
        out["en"][key] = en_text
    return out


MESSAGES = _messages()
