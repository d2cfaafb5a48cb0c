"""Catalog records as searchable documents.

Each entity contributes the text a matcher should read and the metadata filters need:

- achievement: title, summary, keywords, field; TRL converted to the NASA scale;
- patent: title, abstract; publication date (when it became prior art); province; inventors;
- demand: title, detail, keywords, target indicators; publication date;
- person (expert): a profile built from the titles of the public achievements they developed
  (``developed_by`` links), the patents that name them as inventor and are linked to their
  organisation, their fields and bio — their name itself is not searchable text;
- organisation: its description and the titles of the public achievements it owns and the patents
  it applied for (``applicant_of`` links, or its exact name among a patent's applicants).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import String, cast, or_, select
from sqlalchemy.orm import Session

from xinzhi.catalog.models import Achievement, Demand, Link, Organisation, Patent, Person
from xinzhi.matching.types import MatchDoc, make_key

ENTITY_OF_TABLE = {
    "achievements": "achievement",
    "patents": "patent",
    "demands": "demand",
    "experts": "person",
    "organisations": "organisation",
}
MAX_PROFILE_TITLES = 40
LINK_TYPES = {
    "developed_by": ("achievements", "experts"),
    "applicant_of": ("organisations", "patents"),
}


def _join(*parts: Any) -> str:
    out = []
    for part in parts:
        if isinstance(part, list | tuple):
            part = "；".join(str(p) for p in part if p)
        if part:
            out.append(str(part))
    return "\n".join(out)


def _hash(doc: MatchDoc) -> str:
    parts = [doc.title, doc.text, doc.field, doc.region_code, doc.trl, str(doc.date)]
    parts += [doc.org_kind, doc.owner_org_id, doc.confidential]
    payload = json.dumps(parts, ensure_ascii=False)
    return hashlib.sha1(payload.encode("utf-8")).hexdigest()


def _finish(doc: MatchDoc) -> MatchDoc:
    return replace(doc, content_hash=_hash(doc))


def nasa_trl(level: int | None, scale: str | None) -> int | None:
    """A stored TRL on the NASA scale (the maturity package's documented mapping)."""
    if level is None:
        return None
    if not scale or scale == "nasa":
        return level
    from xinzhi.maturity.scales import convert

    return convert(level, scale, "nasa").level


def achievement_doc(a: Achievement) -> MatchDoc:
    return _finish(
        MatchDoc(
            key=make_key("achievement", a.id),
            title=a.title,
            text=_join(a.title, a.summary, a.keywords, a.field, a.discipline),
            field=a.field or "",
            region_code=a.region_code or "",
            trl=nasa_trl(a.trl, a.trl_scale),
            date=a.created_at.date() if a.created_at else None,
            org_kind=a.owner.kind if a.owner else "",
            owner_org_id=a.owner_org_id,
            confidential=a.confidentiality == "confidential",
        )
    )


def region_code_of(value: str) -> str:
    """A GB/T 2260 code from a code or a province name ("江苏", "江苏省"); "" if unknown."""
    value = value.strip()
    if value[:2].isdigit():
        return value[:6]
    from xinzhi.common.regions import region_code

    return (region_code(value) or "") if value else ""


def patent_doc(p: Patent) -> MatchDoc:
    return _finish(
        MatchDoc(
            key=make_key("patent", p.id),
            title=p.title,
            text=_join(p.title, p.abstract),
            field=p.ipc_main[:4] if p.ipc_main else "",
            region_code=p.region_code or region_code_of(p.province),
            date=p.pub_date or p.app_date,  # when it became prior art
            people=tuple(p.inventors or ()),
        )
    )


def demand_doc(d: Demand) -> MatchDoc:
    indicators = [
        " ".join(str(v) for v in item.values() if v) for item in d.target_indicators or []
    ]
    return _finish(
        MatchDoc(
            key=make_key("demand", d.id),
            title=d.title,
            text=_join(d.title, d.detail, d.keywords, d.field, indicators),
            field=d.field or "",
            region_code=d.region_code or "",
            date=d.published_on,
            org_kind=d.owner.kind if d.owner else "",
            owner_org_id=d.owner_org_id,
            confidential=d.confidentiality == "confidential",
        )
    )


def person_doc(p: Person, works: Sequence[str]) -> MatchDoc:
    return _finish(
        MatchDoc(
            key=make_key("person", p.id),
            title=p.name,
            text=_join(p.title, p.fields, p.bio, list(works)[:MAX_PROFILE_TITLES]),
            field=(p.fields or [""])[0],
            region_code=(p.organisation.region_code or "") if p.organisation else "",
            org_kind=p.organisation.kind if p.organisation else "",
        )
    )


def organisation_doc(o: Organisation, works: Sequence[str]) -> MatchDoc:
    return _finish(
        MatchDoc(
            key=make_key("organisation", o.id),
            title=o.name,
            text=_join(o.description, list(works)[:MAX_PROFILE_TITLES]),
            region_code=o.region_code or "",
            org_kind=o.kind,
        )
    )


def _links(session: Session, relation: str) -> list[tuple[int, int]]:
    """(source id, target id) of the links of ``relation`` between its declared types."""
    source, target = LINK_TYPES[relation]
    rows = session.execute(
        select(Link.source_id, Link.target_id).where(
            Link.relation == relation, Link.source_type == source, Link.target_type == target
        )
    ).all()
    return [(int(s), int(t)) for s, t in rows]


def _profiles(session: Session) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """Titles of each expert's and each organisation's *public* works.

    A profile is one document that every caller may be matched against, so a confidential
    achievement's title never enters it: otherwise its words would reach anyone through the
    profile's ``matched_terms``, its score and its rank (issue #12, docs/security.md). The
    confidential achievement itself stays matchable for those who may read it.
    """
    achievement_titles = dict(
        session.execute(
            select(Achievement.id, Achievement.title).where(Achievement.confidentiality == "public")
        ).all()
    )
    person_works: dict[int, list[str]] = defaultdict(list)
    for achievement_id, person_id in _links(session, "developed_by"):
        if achievement_id in achievement_titles:
            person_works[person_id].append(achievement_titles[achievement_id])
    org_works: dict[int, list[str]] = defaultdict(list)
    for owner, title in session.execute(
        select(Achievement.owner_org_id, Achievement.title).where(
            Achievement.owner_org_id.is_not(None), Achievement.confidentiality == "public"
        )
    ):
        if owner is not None:
            org_works[int(owner)].append(title)
    org_by_name = {
        name: oid for oid, name in session.execute(select(Organisation.id, Organisation.name))
    }
    linked = defaultdict(list)
    for org_id, patent_id in _links(session, "applicant_of"):
        linked[patent_id].append(org_id)
    for pid, title, applicants in session.execute(
        select(Patent.id, Patent.title, Patent.applicants)
    ):
        owners = set(linked.get(pid, [])) | {
            org_by_name[a] for a in applicants or [] if a in org_by_name
        }
        for org_id in owners:
            if len(org_works[org_id]) < MAX_PROFILE_TITLES:
                org_works[org_id].append(title)
    return person_works, org_works


def iter_documents(
    session: Session, entity_types: Sequence[str], *, batch: int = 2000
) -> Iterator[MatchDoc]:
    """Every record of ``entity_types`` as a document, streamed in primary-key order."""
    person_works: dict[int, list[str]] = {}
    org_works: dict[int, list[str]] = {}
    if {"person", "organisation"} & set(entity_types):
        person_works, org_works = _profiles(session)
    builders: dict[str, tuple[Any, Any]] = {
        "achievement": (Achievement, achievement_doc),
        "patent": (Patent, patent_doc),
        "demand": (Demand, demand_doc),
        "person": (Person, lambda p: person_doc(p, person_works.get(p.id, []))),
        "organisation": (Organisation, lambda o: organisation_doc(o, org_works.get(o.id, []))),
    }
    for entity in entity_types:
        model, build = builders[entity]
        last = 0
        while True:
            rows = session.scalars(
                select(model).where(model.id > last).order_by(model.id).limit(batch)
            ).all()
            if not rows:
                break
            for row in rows:
                yield build(row)
            last = rows[-1].id
            session.expunge_all()


def document_of(session: Session, entity_type: str, record_id: int) -> MatchDoc | None:
    """One record as a document (the query side of a match), or ``None`` if it does not exist."""
    model = {"achievement": Achievement, "patent": Patent, "demand": Demand}.get(entity_type)
    if model is not None:
        row = session.get(model, record_id)
        if row is None:
            return None
        build: dict[str, Callable[[Any], MatchDoc]] = {
            "achievement": achievement_doc,
            "patent": patent_doc,
            "demand": demand_doc,
        }
        return build[entity_type](row)
    for doc in iter_documents(session, [entity_type]):
        if doc.key == make_key(entity_type, record_id):
            return doc
    return None


def own_keys(session: Session, org_id: int | None) -> frozenset[str]:
    """Keys of an organisation and of what it owns: never offered as its own demand's solver.

    Its achievements and demands (owner), its experts (employer), its patents (an
    ``applicant_of`` link or its exact name among the applicants) and the organisation itself.
    """
    if org_id is None:
        return frozenset()
    keys = {make_key("organisation", org_id)}
    for model, column, entity in (
        (Achievement, Achievement.owner_org_id, "achievement"),
        (Demand, Demand.owner_org_id, "demand"),
        (Person, Person.organisation_id, "person"),
    ):
        keys |= {
            make_key(entity, i) for i in session.scalars(select(model.id).where(column == org_id))
        }
    patents = {t for s, t in _links(session, "applicant_of") if s == org_id}
    name = session.scalar(select(Organisation.name).where(Organisation.id == org_id))
    if name:
        # narrowed in SQL on the JSON text (ensure_ascii may escape it, so no narrowing then)
        rows = select(Patent.id, Patent.applicants).where(
            or_(
                cast(Patent.applicants, String).contains(name),
                cast(Patent.applicants, String).contains(json.dumps(name)[1:-1]),
            )
        )
        for pid, applicants in session.execute(rows):
            if name in (applicants or ()):
                patents.add(int(pid))
    return frozenset(keys | {make_key("patent", p) for p in patents})
