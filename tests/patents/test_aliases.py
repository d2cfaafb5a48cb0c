"""The applicant alias table: service, CLI, audit, and landscape counts by canonical name."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from tests.clients import run_cli
from tests.factories import ADMIN, make
from xinzhi.core.db import Database
from xinzhi.core.errors import Conflict, InvalidInput, NotFound
from xinzhi.core.models import AuditLog
from xinzhi.core.settings import Settings
from xinzhi.patents import aliases
from xinzhi.patents.landscape import landscape
from xinzhi.patents.service import PatentFilter, patent_frame

HUAWEI = ["华为技术（深圳）有限公司", "华为技术(深圳)股份有限公司"]
SHOWN = "华为技术(深圳)有限公司"  # the display form: NFKC, the most frequent spelling


def _patents(db: Database) -> None:
    rows = [
        ("CN1A", [HUAWEI[0]]),
        ("CN2A", [HUAWEI[0], "清华大学"]),
        ("CN3A", [HUAWEI[1]]),
        ("CN4A", ["Huawei Technologies Co., Ltd."]),
        ("CN5A", ["HUAWEI TECHNOLOGIES CO LTD", HUAWEI[1]]),
        ("CN6A", ["清华大学"]),
    ]
    for pub_no, applicants in rows:
        make(db, "patents", pub_no=pub_no, title=f"专利{pub_no}", applicants=applicants)


def _top(db: Database) -> dict[str, int]:
    with db.read() as session:
        frame = patent_frame(session, ADMIN, PatentFilter())
    return landscape(frame, None).top_applicants


def test_landscape_counts_spellings_of_one_applicant_once(db: Database) -> None:
    _patents(db)
    top = _top(db)
    # normaliser only: the Chinese spellings join, the English one is another key
    assert top == {SHOWN: 4, "清华大学": 2, "HUAWEI TECHNOLOGIES CO LTD": 2}

    with db.write(actor="test") as session:
        row = aliases.add_alias(session, "Huawei Technologies Co Ltd", HUAWEI[0], actor="test")
        assert row.alias_key == "huaweitechnologies" and row.source == "manual"
    # one patent (CN5A) names both spellings: counted once
    assert _top(db) == {SHOWN: 5, "清华大学": 2}


def test_canonical_applicant_normalises_then_applies_the_alias_table(db: Database) -> None:
    with db.write(actor="test") as session:
        aliases.add_alias(session, "中石化", "中国石油化工集团有限公司", actor="test")
    with db.read() as session:
        names = aliases.load_applicant_names(session)
    assert aliases.canonical_applicant("中石化", names) == "中国石油化工集团有限公司"
    # any spelling of the canonical name's key also reads as the canonical name
    assert (
        aliases.canonical_applicant("中国石油化工股份有限公司", names) == "中国石油化工集团有限公司"
    )
    assert aliases.canonical_applicant(" 清华 大学 ", names) == "清华大学"


def test_alias_rules_and_audit(db: Database) -> None:
    with db.write(actor="user:broker") as session:
        aliases.add_alias(session, "中石化", "中国石油化工集团有限公司", actor="user:broker")
        with pytest.raises(Conflict):
            aliases.add_alias(session, "中石化 ", "别的公司", actor="x")
        with pytest.raises(InvalidInput):  # a chain: 中石化 is an alias already
            aliases.add_alias(session, "Sinopec", "中石化", actor="x")
        with pytest.raises(InvalidInput):
            aliases.add_alias(session, "", "x", actor="x")
    with db.read() as session:
        listed = aliases.list_aliases(session, q="石化")
        assert [(a.alias, a.canonical, a.created_by) for a in listed] == [
            ("中石化", "中国石油化工集团有限公司", "user:broker")
        ]
        assert listed[0].created_at is not None
    with db.write(actor="user:broker") as session:
        aliases.remove_alias(session, "中石化")
        with pytest.raises(NotFound):
            aliases.remove_alias(session, "中石化")
    with db.read() as session:
        stmt = select(AuditLog.action).where(AuditLog.entity_type == "patent_applicant_aliases")
        assert sorted(session.scalars(stmt)) == ["create", "delete"]


def test_suggest_groups_spellings_and_accept_stores_them(db: Database) -> None:
    _patents(db)
    with db.read() as session:
        groups = aliases.suggest(session)
    assert [g.canonical for g in groups] == [SHOWN, "HUAWEI TECHNOLOGIES CO LTD"]
    group = groups[0].to_dict()
    assert group["canonical"] == SHOWN and group["patents"] == 4
    assert [n["name"] for n in group["names"]] == [HUAWEI[0], HUAWEI[1]]
    with db.write(actor="test") as session:
        stored = aliases.accept(session, groups, actor="test")
        assert [(r.canonical, r.source) for r in stored] == [
            (SHOWN, "auto"),
            ("HUAWEI TECHNOLOGIES CO LTD", "auto"),
        ]
        assert aliases.accept(session, groups, actor="test") == []  # already stored


def test_cli_list_add_remove_suggest(db: Database, settings: Settings) -> None:
    _patents(db)
    added = run_cli(settings, "patents", "aliases", "add", "HUAWEI TECH", HUAWEI[0], "--json")
    assert added.exit_code == 0, added.output
    assert json.loads(added.output)["canonical"] == SHOWN
    again = run_cli(settings, "patents", "aliases", "add", "Huawei Tech.", "x")
    assert again.exit_code != 0 and "别名已存在" in again.output
    listed = json.loads(run_cli(settings, "patents", "aliases", "list", "--json").output)
    assert [a["alias"] for a in listed] == ["HUAWEI TECH"]
    assert listed[0]["created_by"].startswith("cli:")
    suggested = run_cli(settings, "patents", "aliases", "suggest", "--json")
    assert json.loads(suggested.output)["groups"][0]["patents"] == 4
    human = run_cli(settings, "patents", "aliases", "suggest")
    assert HUAWEI[1] in human.output
    removed = run_cli(settings, "patents", "aliases", "remove", "huawei tech")
    assert removed.exit_code == 0, removed.output
    assert json.loads(run_cli(settings, "patents", "aliases", "list", "--json").output) == []
