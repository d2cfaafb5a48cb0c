"""The chains domain's user strings (Chinese first, English for the language toggle)."""

from __future__ import annotations

COMPONENTS: dict[str, tuple[str, str]] = {
    "patent_specialisation": ("专利专业化不足", "low patent specialisation"),
    "enterprise_presence": ("企业集聚不足", "few local enterprises"),
    "growth": ("增长落后", "slower growth"),
    "concentration": ("过度集中于少数申请人", "held by few applicants"),
    "research_supply": ("研发供给不足", "little local research"),
    "trl_gap": ("缺少中试阶段成果", "no TRL 4–6 results"),
    "demand_pressure": ("待解决需求多", "open demands"),
    "single_point": ("单点故障环节", "single point of failure"),
}
COMPONENT_LABELS = {k: zh for k, (zh, _en) in COMPONENTS.items()}
STAGES: dict[str, tuple[str, str]] = {
    "upstream": ("上游", "upstream"),
    "midstream": ("中游", "midstream"),
    "downstream": ("下游", "downstream"),
}
ENTITY_TYPES: dict[str, tuple[str, str]] = {
    "patent": ("专利", "patent"),
    "organisation": ("机构", "organisation"),
    "applicant": ("专利申请人", "patent applicant"),
    "achievement": ("科技成果", "achievement"),
    "expert": ("专家", "expert"),
    "demand": ("技术需求", "demand"),
    "policy": ("政策", "policy"),
    "challenge": ("揭榜挂帅榜单", "challenge"),
}
PLACEMENT_STATUS: dict[str, tuple[str, str]] = {
    "auto": ("自动归属", "automatic"),
    "confirmed": ("已确认", "confirmed"),
    "moved": ("已调整", "moved"),
}
RECOMMENDATION_KINDS: dict[str, tuple[str, str]] = {
    "attract": ("招商引资（补链）", "attract (fill the gap)"),
    "transfer": ("本地成果转化（强链）", "transfer local research"),
    "expert": ("专家智力支持", "experts"),
    "publish": ("发布榜单（揭榜挂帅）", "publish as a challenge"),
    "challenge": ("在榜榜单（揭榜挂帅）", "open challenge"),
}
TIERS: dict[str, tuple[str, str]] = {
    "tech_sme": ("科技型中小企业", "tech-based SME"),
    "innovative_sme": ("创新型中小企业", "innovative SME"),
    "srdi": ("专精特新中小企业", "specialised SME"),
    "little_giant": ("专精特新“小巨人”", "little giant"),
    "hnte": ("高新技术企业", "high-tech enterprise"),
}
_PAGES: dict[str, tuple[str, str]] = {
    "nav.chains": ("产业链图谱", "Chain maps"),
    "chains.title": ("产业链/创新链图谱", "Industrial and innovation chains"),
    "chains.lead": (
        "围绕标志性产品的产业链环节、短板评分与补链强链建议；每个数字标注数据日期。",
        "Chains around flagship products, weak-link scores and recommendations.",
    ),
    "chains.name": ("产业链", "Chain"),
    "chains.version": ("版本", "Version"),
    "chains.nodes": ("环节数", "Nodes"),
    "chains.placed_at": ("归属计算时间", "Placed at"),
    "chains.not_placed": ("尚未归属", "not placed yet"),
    "chains.none": ("尚无产业链，可用命令 xinzhi chains import 导入。", "No chains yet."),
    "chains.region": ("地区", "Region"),
    "chains.show": ("查看", "Show"),
    "chains.graph": ("产业链图（颜色越深越薄弱）", "Chain graph (darker = weaker)"),
    "chains.table": ("环节短板表", "Weak-link table"),
    "chains.node": ("环节", "Node"),
    "chains.stage": ("阶段", "Stage"),
    "chains.weak_score": ("短板评分", "Weak score"),
    "chains.local_patents": ("本地专利", "Local patents"),
    "chains.rta": ("专利专业化指数", "RTA"),
    "chains.share": ("全国占比", "Share"),
    "chains.enterprises": ("本地企业", "Local enterprises"),
    "chains.research": ("成果/专家/院所", "Research"),
    "chains.reasons": ("依据", "Reasons"),
    "chains.flagship": ("标志性产品", "Flagship"),
    "chains.export_xlsx": ("导出 Excel", "Export Excel"),
    "chains.export_docx": ("导出 Word", "Export Word"),
    "chains.data_date": ("数据截至", "Data as of"),
    "chains.local": ("本地已有", "Local"),
    "chains.recommendations": ("补链强链建议", "Recommendations"),
    "chains.no_recommendations": ("暂无建议。", "No recommendations."),
    "chains.placements": ("归属记录", "Placements"),
    "chains.no_placements": ("该环节尚无归属记录。", "Nothing placed here yet."),
    "chains.confidence": ("置信度", "Confidence"),
    "chains.status": ("状态", "Status"),
    "chains.type": ("类型", "Type"),
    "chains.record": ("记录", "Record"),
    "chains.confirm": ("确认", "Confirm"),
    "chains.move": ("移至", "Move to"),
    "chains.decided": ("已保存人工判断。", "Saved."),
    "chains.missing": ("缺什么", "What is missing"),
    "chains.back": ("返回产业链", "Back to the chain"),
    "chains.measures": ("指标", "Measures"),
    "chains.kind": ("建议类型", "Kind"),
    "chains.policy_map": ("政策应用图谱（环节 × 企业梯度）", "Policy map (node × tier)"),
    "chains.policy_general": ("不限环节的政策", "Policies for every node"),
    "chains.policy_none": ("无", "none"),
    "chains.platforms": ("概念验证中心与中试平台", "Proof-of-concept and pilot platforms"),
    "chains.no_platforms": ("暂无服务该环节的平台。", "No platform serves this node."),
    "chains.trl_assumed": ("范围为默认假设", "assumed range"),
    "chains.trl_gap": (
        "本地没有平台承接该环节 TRL {levels} 级的熟化（创新链缺口）。",
        "No local platform takes this node's TRL {levels} forward.",
    ),
}


def _messages() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {"zh": {}, "en": {}}
    tables = {
        "chains.component": COMPONENTS,
        "chains.stage": STAGES,
        "chains.entity": ENTITY_TYPES,
        "chains.pstatus": PLACEMENT_STATUS,
        "chains.rec": RECOMMENDATION_KINDS,
        "chains.tier": TIERS,
    }
    for prefix, table in tables.items():
        for code, (zh, en) in table.items():
            out["zh"][f"{prefix}.{code}"] = zh
            out["en"][f"{prefix}.{code}"] = en
    for key, (zh, en) in _PAGES.items():
        out["zh"][key] = zh
        out["en"][key] = en
    return out


MESSAGES = _messages()
