"""The composition root: the one place that knows every domain.

``DOMAINS`` lists each domain's ``domain.py``; everything that must see all domains — the
ORM metadata for migrations, CLI commands, API routers and pages, job kinds, event
subscriptions, message catalogues, demo data — is assembled here from their
:class:`~xinzhi.core.domain.Domain` declarations. Adding a domain is one folder plus one line
in ``DOMAINS``. Entry points (``xinzhi`` CLI, ``create_app``, the worker, tests) call
:func:`install` once before they touch the database.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import MetaData

from xinzhi.common.web import i18n
from xinzhi.core import jobs
from xinzhi.core.domain import Domain

if TYPE_CHECKING:
    from fastapi import APIRouter

# Order matters for routes: a domain's fixed paths must come before the catalog's generic
# `/{entity}` routes, so the catalog is last.
DOMAINS = (
    "xinzhi.challenges.domain",
    "xinzhi.engagements.domain",
    "xinzhi.notifications.domain",
    "xinzhi.patents.domain",
    "xinzhi.matching.domain",
    "xinzhi.maturity.domain",
    "xinzhi.enterprise.domain",
    "xinzhi.indices.domain",
    "xinzhi.chains.domain",
    "xinzhi.catalog.domain",
)


@cache
def domains() -> tuple[Domain, ...]:
    return tuple(importlib.import_module(name).DOMAIN for name in DOMAINS)


def resolve(target: str) -> Any:
    """``"module:attribute"`` → the attribute; ``"module"`` → the module."""
    module, _, attr = target.partition(":")
    loaded = importlib.import_module(module)
    return getattr(loaded, attr) if attr else loaded


@cache
def install() -> None:
    """Load every domain's tables, job kinds and message catalogues and subscribe its event
    handlers (once). A message key defined by two catalogues stops the start-up here."""
    for domain in domains():
        for module in domain.models:
            importlib.import_module(module)
        jobs.add_job_modules(domain.jobs)
        for target in domain.messages:
            i18n.register(resolve(target), target)
        for target in domain.subscribers:
            resolve(target)()
    _connect_domains()


def _connect_domains() -> None:
    """Links between domains that may not import each other: the outcomes of 对接 (signed,
    completed, terminated for 技术不匹配) are labels for the matcher's reranker; the maturity
    domain's approved TRL levels are the evidence 揭榜挂帅 milestone acceptance asks for, the
    matcher proposes the organisations and experts to invite to a challenge, challenges are
    placed on chain nodes, and a passed 场景验证 is filed as TRL evidence in the maturity domain,
    pending a reviewer's approval."""
    from xinzhi.app import chain_links
    from xinzhi.chains.hooks import RecordSource
    from xinzhi.chains.hooks import register as register_chain_source
    from xinzhi.challenges.evidence import register_evidence_sink, register_trl_source
    from xinzhi.challenges.invites import register_proposer
    from xinzhi.engagements.stats import outcome_labels
    from xinzhi.matching.labels import register_label_source

    register_label_source(outcome_labels)
    register_trl_source(_approved_trl)
    register_proposer(_propose_solvers)
    register_evidence_sink(_scenario_trl_evidence)
    register_chain_source(
        "challenge",
        RecordSource(
            chain_links.challenge_rows, chain_links.visible_challenges, chain_links.changed_at
        ),
    )


def _propose_solvers(settings: Any, principal: Any, text: str, k: int) -> list[dict[str, Any]]:
    """The matching engine's organisations and experts for a challenge's text (揭榜挂帅 invites)."""
    from xinzhi.matching.service import MatchOptions, match_text

    result = match_text(
        settings, principal, text, MatchOptions(targets=("organisation", "person"), k=k)
    )
    return [
        {"type": item.entity_type, "id": item.record_id, "title": item.title, "score": item.score}
        for items in result.groups.values()
        for item in items
    ]


def _approved_trl(session: Any, achievement_id: int) -> int | None:
    """The highest TRL with reviewer-approved evidence over an achievement's assessments
    (superseded ones included: their approvals stay valid evidence)."""
    from sqlalchemy import func, select

    from xinzhi.maturity.models import TrlAssessment

    level = session.scalar(
        select(func.max(TrlAssessment.achieved_level)).where(
            TrlAssessment.achievement_id == achievement_id
        )
    )
    return int(level) if level is not None else None


def _scenario_trl_evidence(
    session: Any, settings: Any, achievement_id: int, record: dict[str, Any]
) -> dict[str, Any] | None:
    """A passed 场景验证 as TRL evidence of one achievement, *pending* reviewer approval.

    On the achievement's open assessment (a new one on GB/T 22900-2022, hardware track, when
    it has none) the level-``record["level"]`` operational-environment criterion of each of its
    tracks is answered ``met`` with a note naming the scenario, and the validation record is
    attached as a JSON evidence file. No level is approved: the maturity domain's rule is that
    only a reviewer approves a level (``maturity.service.approve_level``), so the achieved TRL
    moves only when one does. A level already approved is locked and left alone (``None``)."""
    import io
    import json

    from xinzhi.core.security import system_principal
    from xinzhi.maturity import service
    from xinzhi.maturity.checklist import checklist

    system = system_principal("scenario-validation")
    level = int(record["level"])
    row = service.latest(session, achievement_id)
    if row is None or row.status != service.OPEN:
        row = service.start_assessment(session, system, achievement_id,
                                       note=f"场景验证 #{record['challenge_id']}")  # fmt: skip
    if any(a.level == level for a in row.approvals):
        return None
    # the first criterion of the level per track is the operational-environment demonstration
    # on every scale (gbt.7.hw.1 实际环境运行，现场测试通过; nasa/eu.7.*.1); the others (e.g.
    # gbt.7.hw.2 目标成本验证) are not shown by a validation and stay unanswered
    criteria: dict[str, Any] = {}
    for c in checklist(row.scale).for_track(row.track):
        if c.level == level:
            criteria.setdefault(c.track, c)
    note = f"场景验证通过：{record['title']}（{record['site']}，场景 #{record['challenge_id']}）"
    payload = json.dumps(record, ensure_ascii=False, indent=1, default=str).encode()
    name = f"scenario-{record['challenge_id']}-validation.json"
    for criterion in criteria.values():
        service.answer(session, system, row.id, criterion.id, "met", note)
        service.add_evidence(
            session, settings, system, row.id, criterion.id, name, io.BytesIO(payload)
        )
    return {
        "achievement_id": achievement_id,
        "assessment_id": row.id,
        "level": level,
        "criteria": [c.id for c in criteria.values()],
        "status": "pending_approval",
    }


def metadata() -> MetaData:
    """The whole schema: core's tables and every domain's."""
    from xinzhi.core.models import Base

    install()
    return Base.metadata


def commands() -> dict[str, str]:
    """CLI command name → ``"module:attribute"``, over every domain."""
    found: dict[str, str] = {}
    for domain in domains():
        found.update(domain.commands)
    return found


def _routers(targets: Iterator[str]) -> list[APIRouter]:
    from fastapi import APIRouter

    found: list[APIRouter] = []
    for target in targets:
        value = resolve(target)
        if isinstance(value, APIRouter):
            found.append(value)
        else:
            found.extend(value())
    return found


def api_routers() -> list[APIRouter]:
    return _routers(t for d in domains() for t in d.api)


def page_routers() -> list[APIRouter]:
    return _routers(t for d in domains() for t in d.pages)


def demo_loaders() -> list[tuple[str, Any]]:
    """(domain name, ``fn(db) -> dict``) in load order: the catalog first, others build on it."""
    ordered = sorted(domains(), key=lambda d: d.name != "catalog")
    return [(d.name, resolve(t)) for d in ordered for t in d.demo]


def web_state() -> dict[str, Any]:
    """``app.state`` values the domains give the shared page frame; one owner per name."""
    found: dict[str, Any] = {}
    for domain in domains():
        for name, target in domain.web_state.items():
            if name in found:
                raise ValueError(f"web_state {name!r} is declared by two domains")
            found[name] = resolve(target)
    return found
