"""User strings of 智能匹配 (matching), in Chinese (first) and English.

Registered by :func:`xinzhi.app.install` from ``xinzhi.matching.domain``; the machinery and the
choice of Python modules over gettext files are explained in :mod:`xinzhi.common.web.i18n`.
"""

from __future__ import annotations

from xinzhi.matching.quality.result import LABELS, PARTIAL_QUESTIONS, QUESTIONS

# The quality gate writes its questions in Chinese (quality/result.py); these keys show them in
# either language (the English ones are below).
_GATE_ZH = {
    **{f"match.question.missing.{k}": v for k, v in QUESTIONS.items()},
    **{f"match.question.partial.{k}": v for k, v in PARTIAL_QUESTIONS.items()},
    **{f"match.element.{k}": v for k, v in LABELS.items()},
    **{f"match.level.{v}": v for v in ("合格", "待完善", "过于模糊")},
}

MESSAGES: dict[str, dict[str, str]] = {
    "zh": {
        **_GATE_ZH,
        "nav.match": "智能匹配",
        "match.title": "智能匹配",
        "match.heading_demand": "需求“{title}”的匹配结果",
        "match.heading_achievement": "成果“{title}”的匹配结果",
        "match.heading_patent": "专利“{title}”的匹配结果",
        "match.back": "返回记录",
        "match.panel": "智能匹配",
        "match.panel_demands": "查看能解答这条需求的成果、专利、专家和机构",
        "match.panel_achievements": "查看这项成果可对接的需求和企业",
        "match.text_label": "输入您的技术需求",
        "match.text_placeholder": (
            "例如：现有钙钛矿电池组件湿热环境下衰减快，希望封装后效率保持率达到90%以上"
        ),
        "match.run": "开始匹配",
        "match.index_empty": "匹配索引为空，暂时无法给出匹配结果。",
        "match.index_empty_ask": "请联系平台管理员建立匹配索引。",
        "match.build_index": "建立匹配索引",
        "match.quality": "需求质量",
        "match.points": "分",
        "match.expected_trl": "期望成熟度 TRL {low}–{high}",
        "match.quality_missing": "需要补充的内容",
        "match.status.missing": "缺失",
        "match.status.partial": "部分",
        "match.status.present": "完整",
        "match.suggested_keywords": "推荐关键词",
        "match.suggested_fields": "推荐领域",
        "match.filter.field": "技术领域",
        "match.filter.region": "地区代码",
        "match.filter.trl_min": "最低 TRL",
        "match.filter.trl_max": "最高 TRL",
        "match.filter.date_from": "起始日期",
        "match.filter.date_to": "截止日期",
        "match.filter.mode": "匹配方式",
        "match.mode.hybrid": "综合（关键词＋语义）",
        "match.mode.lexical": "仅关键词",
        "match.mode.dense": "仅语义",
        "match.target.achievement": "科技成果",
        "match.target.patent": "专利",
        "match.target.person": "专家",
        "match.target.organisation": "机构",
        "match.target.organisation_for_achievement": "企业与机构",
        "match.target.demand": "技术需求",
        "match.none": "没有符合条件的匹配。",
        "match.semantic": "语义 {score}",
        "match.semantic_hint": "语义相似度（余弦，越接近 1 越相似）",
        "match.score": "综合得分 {score}",
        "match.fit.field.same": "同一领域",
        "match.fit.field.different": "领域不同",
        "match.fit.field.related": "领域相近",
        "match.fit.trl.within": "成熟度符合",
        "match.fit.trl.below": "成熟度偏低",
        "match.fit.trl.above": "成熟度偏高",
        "match.fit.region.same_city": "同城",
        "match.fit.region.same_province": "同省",
        "match.fit.region.other": "外省",
        "match.feedback.useful": "有用",
        "match.feedback.not_useful": "无用",
        "match.feedback.login": "登录后可反馈",
        "match.feedback.saved": "反馈已记录，谢谢！",
        "match.feedback.saved_useful": "已记录：有用",
        "match.feedback.saved_not_useful": "已记录：无用",
        "match.took": "用时 {ms} 毫秒 · 索引 {n} 条 · 模型 {model}",
        "match.model.hashing": "字符哈希向量（离线）",
        "jobkind.matching.index": "构建匹配索引",
        "jobkind.matching.update": "更新匹配索引",
    },
    "en": {
        "nav.match": "Matching",
        "match.title": "Matching",
        "match.heading_demand": "Matches for the demand “{title}”",
        "match.heading_achievement": "Matches for the achievement “{title}”",
        "match.heading_patent": "Matches for the patent “{title}”",
        "match.back": "Back to the record",
        "match.panel": "Matching",
        "match.panel_demands": "Achievements, patents, experts and institutions that answer it",
        "match.panel_achievements": "Demands and enterprises this achievement could serve",
        "match.text_label": "Describe your technical need",
        "match.text_placeholder": (
            "e.g. our perovskite modules degrade fast in damp heat; we need encapsulation that "
            "keeps 90% of the efficiency"
        ),
        "match.run": "Match",
        "match.index_empty": "The matching index is empty, so there are no matches yet.",
        "match.index_empty_ask": "Ask a platform administrator to build the matching index.",
        "match.build_index": "Build the matching index",
        "match.quality": "Demand quality",
        "match.points": "points",
        "match.expected_trl": "expected maturity TRL {low}–{high}",
        "match.quality_missing": "What to add",
        "match.status.missing": "missing",
        "match.status.partial": "partial",
        "match.status.present": "present",
        "match.suggested_keywords": "Suggested keywords",
        "match.suggested_fields": "Suggested fields",
        "match.filter.field": "Field",
        "match.filter.region": "Region code",
        "match.filter.trl_min": "Lowest TRL",
        "match.filter.trl_max": "Highest TRL",
        "match.filter.date_from": "From",
        "match.filter.date_to": "To",
        "match.filter.mode": "Mode",
        "match.mode.hybrid": "Hybrid (keywords + meaning)",
        "match.mode.lexical": "Keywords only",
        "match.mode.dense": "Meaning only",
        "match.target.achievement": "Achievements",
        "match.target.patent": "Patents",
        "match.target.person": "Experts",
        "match.target.organisation": "Institutions",
        "match.target.organisation_for_achievement": "Enterprises and institutions",
        "match.target.demand": "Demands",
        "match.none": "No match within these filters.",
        "match.semantic": "semantic {score}",
        "match.semantic_hint": "Semantic similarity (cosine; closer to 1 is more similar)",
        "match.score": "score {score}",
        "match.fit.field.same": "same field",
        "match.fit.field.different": "other field",
        "match.fit.field.related": "related field",
        "match.fit.trl.within": "maturity fits",
        "match.fit.trl.below": "less mature",
        "match.fit.trl.above": "more mature",
        "match.fit.region.same_city": "same city",
        "match.fit.region.same_province": "same province",
        "match.fit.region.other": "other province",
        "match.feedback.useful": "Useful",
        "match.feedback.not_useful": "Not useful",
        "match.feedback.login": "Log in to give feedback",
        "match.feedback.saved": "Feedback saved, thank you!",
        "match.feedback.saved_useful": "Saved: useful",
        "match.feedback.saved_not_useful": "Saved: not useful",
        "match.took": "{ms} ms · {n} indexed records · model {model}",
        "match.model.hashing": "character hashing vectors (offline)",
        "match.question.missing.problem": (
            "What problem or pain point do you face now: where does the current process or "
            "product fall short, and with what effect?"
        ),
        "match.question.missing.indicators": (
            "Which technical targets should be reached, e.g. efficiency, cost or precision, with "
            "values and units?"
        ),
        "match.question.missing.budget": (
            "What budget range do you expect (10k yuan), or is it negotiable?"
        ),
        "match.question.missing.field": "Which technical field does the demand belong to?",
        "match.question.missing.trl": (
            "Which maturity do you expect: a lab or small-scale result, pilot, prototype, or a "
            "technology ready for production?"
        ),
        "match.question.missing.constraints": (
            "Which constraints apply: deadline, site or line conditions, "
            "environmental/standard/certification requirements, cost ceiling, preferred "
            "cooperation (transfer, licence, joint development)?"
        ),
        "match.question.partial.problem": (
            "Add detail to the problem: the current state, the gap, and how far it should improve."
        ),
        "match.question.partial.indicators": (
            "Quantify the targets: indicator name, target value and unit (e.g. efficiency up to "
            "95%)."
        ),
        "match.question.partial.budget": (
            "The budget is negotiable; give a rough range (10k yuan) so capable teams can be found."
        ),
        "match.question.partial.field": "A field was suggested from the text; please confirm it.",
        "match.question.partial.trl": (
            "State the expected maturity stage (small-scale, pilot, prototype or production)."
        ),
        "match.question.partial.constraints": (
            "Add other constraints: deadline, standards/certification, cost ceiling or "
            "cooperation mode."
        ),
        "match.element.problem": "Problem",
        "match.element.indicators": "Technical targets",
        "match.element.budget": "Budget",
        "match.element.field": "Field",
        "match.element.trl": "Expected maturity",
        "match.element.constraints": "Constraints",
        "match.level.合格": "Ready",
        "match.level.待完善": "Needs work",
        "match.level.过于模糊": "Too vague",
        "jobkind.matching.index": "Build the matching index",
        "jobkind.matching.update": "Update the matching index",
    },
}
