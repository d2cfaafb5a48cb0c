"""Outcomes become labels, and labels retrain the demand → candidate reranker.

Labels are ``(demand_id, candidate_type, candidate_id, label)`` with label 1 (a good match) or
0 (a bad one). Two sources:

- the stored feedback (``match_feedback`` rows whose source is a demand: 有用 → 1, 无用 → 0);
- label sources registered by the composition root (``labels.register_label_source``) — the
  engagements domain's ``outcome_labels(session)`` (signed / completed → 1, terminated for
  技术不匹配 → 0). Matching never imports that domain. A registered source wins over feedback
  for the same pair (an outcome is stronger evidence than a click).

:func:`train` splits the labelled demands by a hash of their id (``HELD_OUT`` of them held out),
fits the logistic reranker (``training.fit_logistic``) on the fused candidates' features of the
training demands, and compares nDCG@10 of the held-out demands' labelled candidates ordered by
the current model and by the new one. The new model is saved (``data_dir/matching/
rerank-demand.yaml``) only when there are enough labels and it is better.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import yaml
from sqlalchemy.orm import Session

from xinzhi.core.settings import Settings
from xinzhi.matching.labels import collect_labels
from xinzhi.matching.learned import learned_path
from xinzhi.matching.metrics import ndcg_at
from xinzhi.matching.rerank import FEATURES, RerankModel, pair_features
from xinzhi.matching.types import Filters, MatchDoc, make_key

MIN_PAIRS = 30
MIN_DEMANDS = 10
HELD_OUT = 0.3
DEPTH = 100


def _held_out(demand: int) -> bool:
    digest = hashlib.md5(f"demand:{demand}".encode()).digest()
    return digest[0] < 256 * HELD_OUT


@dataclass
class TrainReport:
    pairs: int
    demands: int
    trained: bool = False
    saved: bool = False
    ndcg_before: float | None = None
    ndcg_after: float | None = None
    held_out_demands: int = 0
    message: str = ""
    message_en: str = ""
    model: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class _Pair:
    demand: int
    key: str
    label: int
    features: dict[str, float]


def _pairs(
    session: Session, settings: Settings, labels: dict[tuple[int, str, int], int]
) -> list[_Pair]:
    """Features of each labelled pair whose candidate is among its demand's fused candidates."""
    from xinzhi.matching.documents import document_of
    from xinzhi.matching.service import get_retriever

    retriever = get_retriever(settings)
    by_demand: dict[int, dict[str, int]] = {}
    for (demand, ctype, cid), label in labels.items():
        by_demand.setdefault(demand, {})[make_key(ctype, cid)] = label
    out = []
    for demand, wanted in sorted(by_demand.items()):
        query = document_of(session, "demand", demand)
        if query is None:
            continue
        types = tuple(sorted({k.split(":")[0] for k in wanted}))
        filters = Filters(entity_types=types, exclude_keys=frozenset({query.key}))
        text = query.text or query.title
        saved, retriever.learned = retriever.learned, None
        try:
            hits = retriever.search(text, filters, k=DEPTH, explain=False)
        finally:
            retriever.learned = saved
        docs = retriever.backend.get([h.key for h in hits if h.key in wanted])
        found = [h for h in hits if h.key in wanted]
        for hit, doc in zip(found, docs, strict=True):
            if doc is None:
                continue
            f = pair_features(
                query, doc, rrf=hit.score, lexical=hit.lexical_score, dense=hit.dense_score
            )
            out.append(_Pair(demand, hit.key, wanted[hit.key], f))
    return out


def _ndcg(pairs: list[_Pair], score: Callable[[_Pair], float]) -> float:
    """Mean nDCG@10 of each demand's labelled candidates ordered by ``score``."""
    demands = sorted({p.demand for p in pairs})
    values = []
    for demand in demands:
        mine = sorted((p for p in pairs if p.demand == demand), key=lambda p: -score(p))
        relevant = {p.key for p in mine if p.label}
        if relevant:
            values.append(ndcg_at([p.key for p in mine], relevant, 10))
    return sum(values) / len(values) if values else 0.0


def _too_few(report: TrainReport, min_pairs: int, min_demands: int) -> TrainReport:
    report.message = (
        f"标注不足：现有 {report.pairs} 对、{report.demands} 个需求，至少需要 {min_pairs} 对、"
        f"{min_demands} 个需求；保留当前模型。"
    )
    report.message_en = (
        f"Too few labels: {report.pairs} pairs over {report.demands} demands; at least "
        f"{min_pairs} pairs over {min_demands} demands are needed. The current model is kept."
    )
    return report


def train(
    session: Session,
    settings: Settings,
    *,
    min_pairs: int = MIN_PAIRS,
    min_demands: int = MIN_DEMANDS,
    l2: float = 1.0,
) -> TrainReport:
    """Retrain the demand reranker from the labels; save it only when it beats the current one."""
    from xinzhi.matching.service import forget_retrievers, get_retriever
    from xinzhi.matching.training import fit_logistic

    labels = collect_labels(session)
    report = TrainReport(pairs=len(labels), demands=len({d for d, _, _ in labels}))
    if report.pairs < min_pairs or report.demands < min_demands:
        return _too_few(report, min_pairs, min_demands)
    pairs = _pairs(session, settings, labels)
    test = [p for p in pairs if _held_out(p.demand)]
    fit = [p for p in pairs if not _held_out(p.demand)]
    report.held_out_demands = len({p.demand for p in test})
    if not test or not fit or not any(p.label for p in fit) or all(p.label for p in fit):
        report.message = "标注的候选未被检索到，或训练集只有一类标签；保留当前模型。"
        report.message_en = "Labelled candidates not retrieved, or one class only; model kept."
        return report
    x = np.asarray([[p.features[n] for n in FEATURES] for p in fit], dtype=np.float64)
    y = np.asarray([float(p.label) for p in fit], dtype=np.float64)
    w, b = fit_logistic(x, y, l2)
    model = RerankModel(
        name="demand-outcomes",
        weights={n: round(float(v), 5) for n, v in zip(FEATURES, w, strict=True)},
        bias=round(b, 5),
        applies_to=("demand",),
        provenance={"training_pairs": len(fit), "held_out_demands": report.held_out_demands},
    )
    current = get_retriever(settings).reranker_for(MatchDoc(key="demand:0", title="", text=""))
    before = (lambda p: current.score(p.features)) if current else (lambda p: p.features["rrf"])
    report.trained = True
    report.ndcg_before = round(_ndcg(test, before), 4)
    report.ndcg_after = round(_ndcg(test, lambda p: model.score(p.features)), 4)
    model.provenance.update(ndcg_before=report.ndcg_before, ndcg_after=report.ndcg_after)
    report.model = model.to_dict()
    scores = f"nDCG@10 {report.ndcg_before} → {report.ndcg_after}"
    if report.ndcg_after > report.ndcg_before and not math.isnan(report.ndcg_after):
        path = learned_path(settings)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(model.to_dict(), allow_unicode=True), encoding="utf-8")
        forget_retrievers()  # the next search loads the new model
        report.saved = True
        report.message = f"新模型在留出需求上更好（{scores}），已保存。"
        report.message_en = f"The new model is better on the held-out demands ({scores}); saved."
    else:
        report.message = f"新模型未优于当前模型（{scores}），保留当前模型。"
        report.message_en = f"The new model is not better ({scores}); the current one is kept."
    return report
