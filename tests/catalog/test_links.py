"""Links: typed relations, visibility of both ends, write rights of the source's owner."""

from __future__ import annotations

import pytest

from tests.factories import ADMIN, make, principal
from xinzhi.catalog import links
from xinzhi.catalog.schemas import LinkCreate
from xinzhi.core.db import Database
from xinzhi.core.errors import Conflict, Forbidden, InvalidInput
from xinzhi.core.models import Role


def _link(
    source_type: str, source_id: int, target_type: str, target_id: int, relation: str
) -> LinkCreate:
    return LinkCreate(
        source_type=source_type,
        source_id=source_id,
        target_type=target_type,
        target_id=target_id,
        relation=relation,
    )


def test_links_are_listed_from_both_ends_with_titles(db: Database) -> None:
    ach = make(db, "achievements", title="退役电池快速分选方法")
    pat = make(db, "patents", pub_no="CN1A", title="一种电池分选装置")
    with db.write() as session:
        links.create_link(
            session, ADMIN, _link("achievements", ach, "patents", pat, "protected_by")
        )
    with db.read() as session:
        out = links.links_of(session, ADMIN, "achievements", ach)
        back = links.links_of(session, ADMIN, "patents", pat)
    assert out[0]["title"] == "一种电池分选装置" and out[0]["direction"] == "out"
    assert back[0]["title"] == "退役电池快速分选方法" and back[0]["label"] == "知识产权"


def test_wrong_relation_types_and_duplicates_are_refused(db: Database) -> None:
    ach = make(db, "achievements", title="成果")
    dem = make(db, "demands", title="需求")
    with pytest.raises(InvalidInput), db.write() as session:
        links.create_link(
            session, ADMIN, _link("achievements", ach, "demands", dem, "protected_by")
        )
    with db.write() as session:
        links.create_link(session, ADMIN, _link("achievements", ach, "demands", dem, "answers"))
    with pytest.raises(Conflict), db.write() as session:
        links.create_link(session, ADMIN, _link("achievements", ach, "demands", dem, "answers"))


def test_links_to_confidential_records_are_hidden_and_owner_rules_apply(db: Database) -> None:
    own = make(db, "organisations", name="甲")
    other = make(db, "organisations", name="乙")
    ach = make(db, "achievements", title="公开成果", owner_org_id=other)
    secret = make(db, "demands", title="保密需求", owner_org_id=own, confidentiality="confidential")
    with db.write() as session:
        links.create_link(session, ADMIN, _link("achievements", ach, "demands", secret, "answers"))
    outsider = principal(7, "x", Role.ENTERPRISE, other)
    with db.read() as session:
        assert links.links_of(session, outsider, "achievements", ach) == []
        assert len(links.links_of(session, ADMIN, "achievements", ach)) == 1
    stranger = principal(8, "y", Role.RESEARCHER, own)
    public = make(db, "demands", title="公开需求")
    with pytest.raises(Forbidden), db.write() as session:
        links.create_link(
            session, stranger, _link("achievements", ach, "demands", public, "answers")
        )
