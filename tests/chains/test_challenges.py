"""揭榜挂帅 challenges on chain nodes, through the hook ``xinzhi.app`` registers: a published
challenge whose text names a node's keywords is placed there by terms (with confidence and
reasons), counted in the node's ``open_challenges`` (and its demand pressure) and listed in the
node's recommendations; a draft is not placed, and nobody but staff could see it anyway."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.chains.conftest import CHAIN, ROLES, World, catalog
from tests.clients import ClientAs, run_cli
from xinzhi.app import chain_links
from xinzhi.chains import facts, service, spec
from xinzhi.chains.models import Placement
from xinzhi.chains.recommend import recommendations
from xinzhi.chains.table import node_table, resolve_region
from xinzhi.challenges.models import Challenge
from xinzhi.core.db import Database
from xinzhi.core.models import utcnow
from xinzhi.core.security import ANONYMOUS, system_principal
from xinzhi.core.settings import Settings


def _challenge(db: Database, org_id: int, title: str, *, published: bool) -> int:
    with db.write(actor="test") as session:
        row = Challenge(
            title=title,
            goal="突破关键工艺，形成可量产方案",
            field="新能源",
            indicators=[{"name": "转换效率", "target": "≥25%", "unit": ""}],
            deadline=dt.date(2027, 6, 30),
            status="published" if published else "draft",
            published_at=utcnow() if published else None,
            owner_org_id=org_id,
        )
        session.add(row)
        session.flush()
        return row.id


@pytest.fixture
def with_challenges(settings: Settings, db: Database, chain_world: World) -> World:
    org = chain_world.ids["sc_ent"]
    chain_world.ids["open"] = _challenge(db, org, "光伏电站智能运维机器人揭榜", published=True)
    chain_world.ids["draft"] = _challenge(db, org, "光伏电站储能调度草案", published=False)
    result = run_cli(settings, "chains", "place", str(chain_world.chain_id), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["placed"]["challenge"] == 1
    return chain_world


def _placements(db: Database, entity_id: int) -> list[tuple[str, str, float, list[str]]]:
    with db.read() as session:
        return [
            (p.node_key, p.method, p.confidence, list(p.reasons))
            for p in session.scalars(
                select(Placement).where(
                    Placement.entity_type == "challenge", Placement.entity_id == entity_id
                )
            )
        ]


def test_published_challenge_is_placed_by_terms(db: Database, with_challenges: World) -> None:
    ((node, method, confidence, reasons),) = _placements(db, with_challenges.ids["open"])
    assert node == "station" and method == "terms"
    assert 0.5 <= confidence <= 0.85
    assert any("光伏电站" in str(reason) for reason in reasons)
    assert _placements(db, with_challenges.ids["draft"]) == []


def test_visibility_is_the_challenges_rule(db: Database, with_challenges: World) -> None:
    with db.read() as session:
        public = {r[0] for r in chain_links.visible_challenges(session, ANONYMOUS)}
        staff = {r[0] for r in chain_links.visible_challenges(session, system_principal("t"))}
    assert with_challenges.ids["open"] in public and with_challenges.ids["draft"] not in public
    assert {with_challenges.ids["open"], with_challenges.ids["draft"]} <= staff


@pytest.mark.parametrize("who", [r for r in ROLES if r != "anonymous"])
def test_node_counts_and_recommends_open_challenges(
    api: TestClient, with_challenges: World, who: str
) -> None:
    h, cid = with_challenges.headers(who), with_challenges.chain_id
    nodes = {
        n["key"]: n for n in api.get(f"/api/v1/chains/{cid}/nodes?region=四川", headers=h).json()
    }
    station = nodes["station"]["measures"]
    assert station["open_challenges"] == 1, who
    assert nodes["module"]["measures"]["open_challenges"] == 0
    assert any("揭榜挂帅榜单 1 项" in r for r in nodes["station"]["reasons"])
    # demand pressure: one open demand + one open challenge → 2/3
    assert nodes["station"]["components"]["demand_pressure"] == pytest.approx(2 / 3)
    recs = api.get(
        f"/api/v1/chains/{cid}/nodes/station/recommendations?region=510000", headers=h
    ).json()
    listed = [(r["type"], r["id"]) for r in recs if r["kind"] == "challenge"]
    assert listed == [("challenge", with_challenges.ids["open"])], who
    assert all(r["id"] != with_challenges.ids["draft"] for r in recs if r["type"] == "challenge")
    elsewhere = api.get(f"/api/v1/chains/{cid}/nodes?region=江苏", headers=h).json()
    assert {n["key"]: n for n in elsewhere}["station"]["measures"]["open_challenges"] == 0


def test_closed_challenge_is_placed_but_not_open(
    settings: Settings, db: Database, with_challenges: World
) -> None:
    with db.write(actor="test") as session:
        session.get_one(Challenge, with_challenges.ids["open"]).status = "closed"
    assert run_cli(settings, "chains", "place", str(with_challenges.chain_id)).exit_code == 0
    assert len(_placements(db, with_challenges.ids["open"])) == 1
    with db.read() as session:
        chain = service.get_chain(session, with_challenges.chain_id)
        data = facts.load(session, chain, system_principal("t"))
        rows = {r["key"]: r for r in node_table(chain, data, resolve_region("四川"))}
        recs = recommendations(data, resolve_region("四川"), "station")
    assert rows["station"]["measures"]["open_challenges"] == 0
    assert not [r for r in recs if r["kind"] == "challenge"]


def test_node_page_shows_the_open_challenge(
    client_as: ClientAs, db: Database, world: object
) -> None:
    ids = catalog(db)
    cid = _challenge(db, ids["sc_ent"], "光伏电站智能运维机器人揭榜", published=True)
    with db.write(actor="test") as session:
        chain = service.import_chain(session, spec.validate(CHAIN))
        service.place_chain(session, chain)
        chain_id = chain.id
    for who in ("admin", "public"):
        page = client_as(who).get(f"/chains/{chain_id}/nodes/station?region=四川")
        assert page.status_code == 200, who
        assert "在榜榜单（揭榜挂帅）" in page.text and "光伏电站智能运维机器人揭榜" in page.text
    staff_page = client_as("admin").get(f"/chains/{chain_id}/nodes/station?region=四川").text
    assert f'href="/challenges/{cid}"' in staff_page
