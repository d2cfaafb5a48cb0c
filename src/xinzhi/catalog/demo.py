"""The catalog's demo data set, loaded through the real importer (``xinzhi demo load``).

Organisations, experts and demands written by us (``demo_data/demo.yaml``) and 300 CSL papers
(Apache-2.0) as achievements go through the same import path users have, so the demo also
shows import reports; accounts for every role get ``settings.demo_password``. Loading twice
changes nothing (imports are idempotent; existing accounts are kept).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from xinzhi.catalog import links
from xinzhi.catalog.entities import ENTITIES
from xinzhi.catalog.importing.run import ImportOptions, import_file
from xinzhi.catalog.models import Organisation
from xinzhi.catalog.schemas import LinkCreate
from xinzhi.core.db import Database
from xinzhi.core.errors import ConfigError, Conflict, InvalidInput
from xinzhi.core.models import Role, User
from xinzhi.core.security import create_user, system_principal
from xinzhi.core.text import title_key

DEMO_DATA = Path(__file__).parent / "demo_data"
ACTOR = "demo"


def load_demo(db: Database) -> dict[str, Any]:
    """Load the demo set into ``db``; returns per-file counts."""
    settings = db.settings
    if settings.env == "production":
        raise ConfigError("demo data and demo accounts are refused in production")
    spec = yaml.safe_load((DEMO_DATA / "demo.yaml").read_text(encoding="utf-8"))
    staging = settings.data_dir / "demo"
    staging.mkdir(parents=True, exist_ok=True)
    summary: dict[str, Any] = {}
    for entity in ("organisations", "experts", "demands", "achievements"):
        path = staging / f"{entity}.json"
        path.write_text(json.dumps(spec[entity], ensure_ascii=False), encoding="utf-8")
        summary[entity] = _import(db, entity, path, "xinzhi demo (written by the authors)")
    csl = DEMO_DATA / "csl_achievements.tsv"
    summary["csl_achievements"] = _import(db, "achievements", csl, "CSL (Apache-2.0)")
    summary["links"] = _links(db, spec["links"])
    summary["users"] = _users(db, spec["users"], settings.demo_password)
    return summary


def demo_usernames() -> list[str]:
    """The accounts ``load_demo`` creates (all with ``settings.demo_password``)."""
    spec = yaml.safe_load((DEMO_DATA / "demo.yaml").read_text(encoding="utf-8"))
    return [str(user["username"]) for user in spec["users"]]


def _import(db: Database, entity: str, path: Path, source: str) -> dict[str, int]:
    report = import_file(db, entity, path, ImportOptions(source=source), actor=ACTOR)
    counts: dict[str, int] = report.counts.__dict__
    return counts


def _links(db: Database, specs: list[dict[str, Any]]) -> dict[str, int]:
    created = 0
    operator = system_principal(ACTOR)
    with db.write(actor=ACTOR) as session:
        for spec in specs:
            (source_type, source_title), (target_type, target_title) = (
                spec["source"],
                spec["target"],
            )
            data = LinkCreate(
                source_type=source_type,
                source_id=_id_by_title(session, source_type, source_title),
                target_type=target_type,
                target_id=_id_by_title(session, target_type, target_title),
                relation=spec["relation"],
            )
            try:
                with session.begin_nested():
                    links.create_link(session, operator, data)
                created += 1
            except Conflict:
                continue
    return {"created": created, "total": len(specs)}


def _id_by_title(session: Session, entity_name: str, title: str) -> int:
    entity = ENTITIES[entity_name]
    column = getattr(entity.model, entity.title_field)
    found = session.scalar(select(entity.model.id).where(column == title))
    if found is None:
        raise InvalidInput(f"demo link names a missing {entity_name}: {title}")
    return int(found)


def _users(db: Database, users: list[dict[str, Any]], password: str) -> dict[str, int]:
    created = 0
    with db.write(actor=ACTOR) as session:
        orgs = {title_key(o.name): o.id for o in session.scalars(select(Organisation))}
        for spec in users:
            if session.scalar(select(User.id).where(User.username == spec["username"])):
                continue
            create_user(
                session,
                username=spec["username"],
                password=password,
                role=Role(spec["role"]),
                organisation_id=orgs.get(title_key(spec.get("organisation", ""))),
                display_name=spec.get("display_name", ""),
            )
            created += 1
    return {"created": created, "total": len(users)}
