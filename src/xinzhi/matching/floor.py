"""The relevance floor: a result is shown only with enough evidence that it answers the query.

RRF scores are ranks, not relevance (every query's first result scores about 1/61 per
ranking), so the floor is on the two calibrated signals each result carries:

- the semantic similarity (cosine of the configured embedding model) reaches
  ``matching_floor_similarity``, or
- the result shares ``matching_floor_terms`` key terms with the query (fewer when the query has
  fewer key terms: a one-term query needs its one term).

How the default was chosen from labelled data is in docs/matching.md ("Relevance floor").
"""

from __future__ import annotations

from xinzhi.core.settings import Settings

NO_MATCH_ZH = "暂无足够匹配的结果"
NO_MATCH_EN = "No good match yet"
ADD_HINT_ZH = "补充以下内容后再试："
ADD_HINT_EN = "Add the following to the demand and try again:"


def passes(
    settings: Settings, *, similarity: float | None, matched_terms: int, query_terms: int
) -> bool:
    """Whether a result with these signals clears the floor (pure)."""
    floor = settings.matching_floor_similarity
    if floor <= 0.0:
        return True
    if similarity is not None and similarity >= floor:
        return True
    needed = min(settings.matching_floor_terms, query_terms)
    return settings.matching_floor_terms > 0 and needed > 0 and matched_terms >= needed


def advice(empty_targets: list[str], questions: list[str]) -> dict[str, object]:
    """What a match page shows when a target type has nothing above the floor."""
    return {
        "message": NO_MATCH_ZH,
        "message_en": NO_MATCH_EN,
        "empty_targets": empty_targets,
        "hint": ADD_HINT_ZH if questions else "",
        "hint_en": ADD_HINT_EN if questions else "",
        "add": questions,
    }
