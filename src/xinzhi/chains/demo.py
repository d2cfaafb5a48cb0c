"""Demo: the two shipped chains (光伏, 锂电池/储能) imported once and placed on the catalog,
with a few patents and enterprises written by us so the map has something to show."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select

from xinzhi.catalog.entities import ENTITIES
from xinzhi.catalog.service import create_record
from xinzhi.chains import service, spec
from xinzhi.chains.models import Chain
from xinzhi.core.db import Database
from xinzhi.core.security import system_principal

DEMO_FILE = Path(__file__).parent / "data" / "demo_records.yaml"
ACTOR = "demo"


def _records(db: Database) -> int:
    data = yaml.safe_load(DEMO_FILE.read_text(encoding="utf-8"))
    created = 0
    operator = system_principal(ACTOR)
    with db.write(actor=ACTOR) as session:
        for entity in ("organisations", "patents"):
            spec_ = ENTITIES[entity]
            for item in data[entity]:
                model = spec_.model
                key = item.get("pub_no") or item["name"]
                column = model.pub_no if entity == "patents" else model.name
                if session.scalar(select(model.id).where(column == key)) is None:
                    create_record(session, spec_, operator, spec_.create.model_validate(item))
                    created += 1
    return created


def load_demo(db: Database) -> dict[str, Any]:
    created = _records(db)
    names = []
    with db.write(actor=ACTOR) as session:
        for chain_spec in spec.shipped():
            chain = session.scalar(
                select(Chain).where(Chain.name == chain_spec["name"]).order_by(Chain.version.desc())
            )
            if chain is None:
                chain = service.import_chain(session, chain_spec)
            service.place_chain(session, chain)
            names.append(f"{chain.name} v{chain.version}")
        from xinzhi.chains import platforms

        registry = platforms.import_platforms(session, platforms.load_file(platforms.DEMO_FILE))
    return {"chains": "、".join(names), "records": created, "platforms": registry}
