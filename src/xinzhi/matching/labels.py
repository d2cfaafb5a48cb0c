"""Where the reranker's labels come from: the stored 有用/无用 feedback and the label sources the
composition root registers (the engagements domain's outcomes). A small module of its own, so
registering a source at start-up does not load the trainer (NumPy, the reranker)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinzhi.matching.models import MatchFeedback

Label = tuple[int, str, int, int]  # demand id, candidate type, candidate id, 1 / 0
LabelSource = Callable[[Session], Sequence[Label]]
_SOURCES: list[LabelSource] = []


def register_label_source(fn: LabelSource) -> None:
    """Add a source of outcome labels (composition root; idempotent)."""
    if fn not in _SOURCES:
        _SOURCES.append(fn)


def unregister_label_source(fn: LabelSource) -> None:
    if fn in _SOURCES:
        _SOURCES.remove(fn)


def feedback_labels(session: Session) -> list[Label]:
    rows = session.execute(
        select(
            MatchFeedback.source_id,
            MatchFeedback.target_type,
            MatchFeedback.target_id,
            MatchFeedback.useful,
        )
        .where(MatchFeedback.source_type == "demand")
        .order_by(MatchFeedback.id)
    )
    return [(int(d), str(t), int(c), int(bool(u))) for d, t, c, u in rows]


def collect_labels(session: Session) -> dict[tuple[int, str, int], int]:
    """Every labelled pair; later marks replace earlier ones, outcomes replace feedback."""
    labels: dict[tuple[int, str, int], int] = {}
    for fn in (feedback_labels, *_SOURCES):
        for demand, ctype, cid, label in fn(session):
            labels[(int(demand), str(ctype), int(cid))] = 1 if label else 0
    return labels
