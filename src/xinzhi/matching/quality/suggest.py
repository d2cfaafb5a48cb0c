"""Suggestions for the poster: technical fields from a keyword table, and technical terms.

The keyword → field table is ``fields.yaml`` beside this module; terms are runs of nouns found by
``rjieba`` with generic words (技术, 合作, 公司 …) left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

import rjieba
import yaml

GENERIC_TERMS = frozenset(
    "技术 合作 公司 需求 寻求 企业 项目 问题 难题 研发 产品 方面 相关 领域 人才 高层次 引进 "
    "开发 生产 行业 方案 应用 研究 系统 工艺 方法 能力 产业化 对接 落地 专家 单位 我们 "
    "目标 要求 水平 性能 质量 情况 现有 国内 国际 国家 市场 工作 设计 制造 服务 高端 新型 "
    "解决 提高 提升 降低 改进 优化 实现 希望 需要 急需 项目负责人 课题 研制 海外 小时 分钟 "
    "技术指标 技术难题 技术问题 客户 全世界 部分 指标".split()
)
_NOUNISH = ("n", "nz", "vn", "ng", "eng", "nt")


@lru_cache(maxsize=1)
def field_table() -> dict[str, tuple[str, ...]]:
    """The keyword → field table written beside this module (``fields.yaml``)."""
    raw = resources.files("xinzhi.matching.quality").joinpath("fields.yaml").read_text("utf-8")
    data = yaml.safe_load(raw)
    return {
        str(name): tuple(str(k).lower() for k in words) for name, words in data["fields"].items()
    }


def suggest_fields(title: str, body: str, limit: int = 3) -> tuple[str, ...]:
    """Fields whose keywords occur in the text (a title hit counts twice), best first."""
    title, body = title.lower(), body.lower()
    scores: dict[str, int] = {}
    for name, words in field_table().items():
        score = sum(2 * (w in title) + (w in body) for w in words)
        if score:
            scores[name] = score
    return tuple(sorted(scores, key=lambda n: -scores[n])[:limit])


def suggest_keywords(
    title: str, body: str, known: Iterable[str] = (), limit: int = 8
) -> tuple[str, ...]:
    """Technical terms: runs of nouns (``rjieba.tag``) without generic words, title first."""
    known_set = {k.lower() for k in known}
    scores: dict[str, float] = {}
    for weight, text in ((2.0, title), (1.0, body)):
        for term in _noun_runs(text):
            if term.lower() not in known_set:
                scores[term] = scores.get(term, 0.0) + weight
    ranked = sorted(scores, key=lambda t: (-scores[t], -len(t)))
    return tuple(ranked[:limit])


def _noun_runs(text: str) -> list[str]:
    """Adjacent noun tokens joined when short (动力电池), else the tokens one by one."""
    terms: list[str] = []
    run: list[str] = []
    for word, pos in [*rjieba.tag(text), ("", "x")]:
        word = word.strip()
        if word and pos.startswith(_NOUNISH) and word not in GENERIC_TERMS:
            run.append(word)
            continue
        joined = "".join(run)
        terms.extend([joined] if len(joined) <= 6 else run)
        run = []
    return [t for t in terms if len(t) >= 2 and _is_term(t)]


def _is_term(term: str) -> bool:
    """No quantities (厚度0.05mm, 250m2): a term starting with a digit or mixing Chinese and
    digits is a measurement, not a keyword. ``NCM811`` stays."""
    if term[0].isdigit():
        return False
    has_digit = any(ch.isdigit() for ch in term)
    return not (has_digit and any("\u4e00" <= ch <= "\u9fff" for ch in term))
