"""Telling owners about new matches: the ``match.new`` notice after an index update.

Cheap by design: only the first ``MAX_RECORDS`` changed records of an update are examined
(an import of thousands of rows announces its first ones; the rest are on the match pages),
one search of ``K`` results each, public records only. A changed demand or achievement whose
own matches clear the floor is a subject; so is each open demand or achievement that a changed
record newly matches. Each subject's organisation is told at most once per day: the last
notice date per record is kept in ``data_dir/matching/notified.json`` (no schema change).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import select

from xinzhi.catalog.models import Achievement, Demand
from xinzhi.core.db import Database
from xinzhi.core.events import Notice, publish
from xinzhi.core.models import User
from xinzhi.core.settings import Settings
from xinzhi.matching import floor
from xinzhi.matching.engine import Retriever
from xinzhi.matching.service import get_retriever
from xinzhi.matching.types import Filters, MatchDoc, split_key

MAX_RECORDS = 20
K = 5
COUNTERPARTS = {
    "demand": ("achievement",),
    "achievement": ("demand",),
    "patent": ("demand",),
    "person": ("demand",),
    "organisation": ("demand",),
}
LINKS = {"demand": "/match/demands/{}", "achievement": "/match/achievements/{}"}
TITLES = {"demand": "您的技术需求有新的匹配：{}", "achievement": "您的科技成果有新的匹配需求：{}"}


def _matches(retriever: Retriever, settings: Settings, doc: MatchDoc) -> list[str]:
    """Keys of public counterparts of ``doc`` above the floor, its own organisation's excluded."""
    text = doc.text or doc.title
    terms = len(retriever.tokenizer.key_terms(text))
    filters = Filters(
        entity_types=COUNTERPARTS[doc.entity_type],
        visible_orgs=frozenset(),
        exclude_keys=frozenset({doc.key}),
    )
    hits = retriever.search(text, filters, k=K)
    return [
        h.key
        for h in hits
        if h.doc is not None
        and (doc.owner_org_id is None or h.doc.owner_org_id != doc.owner_org_id)
        and floor.passes(
            settings,
            similarity=h.dense_score,
            matched_terms=len(h.matched_terms),
            query_terms=terms,
        )
    ]


def _subjects(settings: Settings, changed: Sequence[str]) -> set[str]:
    retriever = get_retriever(settings)
    subjects: set[str] = set()
    for doc in retriever.backend.get(list(changed[:MAX_RECORDS])):
        if doc is None or doc.confidential or doc.entity_type not in COUNTERPARTS:
            continue
        found = _matches(retriever, settings, doc)
        if found and doc.entity_type in LINKS:
            subjects.add(doc.key)
        subjects |= {k for k in found if split_key(k)[0] in LINKS}
    return subjects


def _ledger(settings: Settings) -> Path:
    return settings.data_dir / "matching" / "notified.json"


def _read_ledger(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_ledger(path: Path, ledger: dict[str, str], today: str) -> None:
    recent = {k: v for k, v in ledger.items() if v >= today}  # older dates no longer cap
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(recent, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def notify_new_matches(db: Database, settings: Settings, changed: Sequence[str]) -> int:
    """Publish ``match.new`` notices for the subjects of ``changed``; returns how many."""
    subjects = _subjects(settings, changed)
    if not subjects:
        return 0
    today = dt.date.today().isoformat()
    path = _ledger(settings)
    ledger = _read_ledger(path)
    sent = 0
    with db.write() as session:
        for key in sorted(subjects):
            if ledger.get(key) == today:
                continue
            entity, ident = split_key(key)
            row: Demand | Achievement | None = (
                session.get(Demand, int(ident))
                if entity == "demand"
                else session.get(Achievement, int(ident))
            )
            if row is None or row.owner_org_id is None:
                continue
            if isinstance(row, Demand) and row.status != "open":
                continue
            users = session.scalars(
                select(User.id).where(User.organisation_id == row.owner_org_id, User.active)
            ).all()
            if not users:
                continue
            notice = Notice(
                kind="match.new",
                recipients=tuple(int(u) for u in users),
                title=TITLES[entity].format(row.title[:60]),
                link=LINKS[entity].format(row.id),
                subject_type=entity,
                subject_id=row.id,
            )
            publish(session, notice)
            ledger[key] = today
            sent += 1
    _write_ledger(path, ledger, today)
    return sent
