"""Why a result matched: terms, semantic score and the field / TRL / region fit (pure functions).

Fit rules (documented in docs/matching.md):

- field: through the field taxonomy (``taxonomy.field_fit``): ``same`` when the fields are
  equal or one is the other's parent, ``related`` under the same top field, ``different`` when
  both are known and apart, else ``unknown``;
- TRL: against the demand's expected band (from the quality gate's stage cues): ``within``,
  ``below`` (less mature than asked), ``above``; ``unknown`` when either side is missing;
- region: ``same city`` (first 4 digits of the GB/T 2260 code), ``same province`` (first 2),
  ``other``, or ``unknown``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from xinzhi.matching.taxonomy import field_fit
from xinzhi.matching.types import MatchDoc


def trl_fit(band: tuple[int, int] | None, trl: int | None) -> str:
    if band is None or trl is None:
        return "unknown"
    low, high = band
    if trl < low:
        return "below"
    return "above" if trl > high else "within"


def region_fit(query_region: str, doc_region: str) -> str:
    if len(query_region) < 2 or len(doc_region) < 2:
        return "unknown"
    if len(query_region) >= 4 and query_region[:4] == doc_region[:4]:
        return "same city"
    return "same province" if query_region[:2] == doc_region[:2] else "other"


REASON_TEXT = {
    ("field", "same"): "同一领域",
    ("field", "related"): "领域相近",
    ("trl", "within"): "成熟度符合需求",
    ("trl", "below"): "成熟度低于需求",
    ("trl", "above"): "成熟度高于需求",
    ("region", "same city"): "同城",
    ("region", "same province"): "同省",
}


@dataclass
class Explanation:
    matched_terms: list[str]
    title_terms: list[str]
    semantic: float | None
    lexical: float | None
    ranks: dict[str, int]
    field: str
    trl: str
    region: str
    reasons: list[str] = dataclasses.field(default_factory=list)
    rerank: dict[str, float] | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def explain_hit(
    *,
    matched_terms: Sequence[str],
    title_tokens: Sequence[str],
    semantic: float | None,
    lexical: float | None,
    ranks: dict[str, int],
    doc: MatchDoc,
    query_field: str = "",
    query_region: str = "",
    trl_band: tuple[int, int] | None = None,
    rerank: dict[str, float] | None = None,
) -> Explanation:
    title = set(title_tokens)
    fits = {
        "field": field_fit(query_field, doc.field),
        "trl": trl_fit(trl_band, doc.trl),
        "region": region_fit(query_region, doc.region_code),
    }
    reasons = []
    if matched_terms:
        reasons.append("共同术语：" + "、".join(matched_terms[:8]))
    dense_rank = min((ranks[n] for n in ("dense", "dense_other") if n in ranks), default=None)
    if semantic is not None and dense_rank is not None:
        reasons.append(f"语义相似度 {semantic:.2f}（语义排名第 {dense_rank}）")
    reasons += [REASON_TEXT[(k, v)] for k, v in fits.items() if (k, v) in REASON_TEXT]
    if rerank and rerank.get("shared_people", 0.0) > 0:
        reasons.append("有共同发明人/完成人")
    return Explanation(
        matched_terms=list(matched_terms),
        title_terms=[t for t in matched_terms if t in title],
        semantic=semantic,
        lexical=lexical,
        ranks=ranks,
        field=fits["field"],
        trl=fits["trl"],
        region=fits["region"],
        reasons=reasons,
        rerank=rerank,
    )
