"""Matching over the real catalog (SQLite and PostgreSQL): index updates, reasons, visibility,
feedback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.factories import ADMIN, make_matching_catalog, make_user, principal
from xinzhi.catalog import service as catalog
from xinzhi.catalog.entities import ENTITIES
from xinzhi.core.db import Database
from xinzhi.core.errors import InvalidInput, NotFound
from xinzhi.core.models import Role
from xinzhi.core.security import ANONYMOUS
from xinzhi.matching import feedback, service
from xinzhi.matching.service import MatchOptions


@pytest.fixture(autouse=True)
def _fresh_retrievers() -> Iterator[None]:
    service.forget_retrievers()
    yield
    service.forget_retrievers()


@pytest.fixture
def catalog_db(db: Database) -> dict[str, int]:
    ids = make_matching_catalog(db, secret=True, expert=True)
    with db.read() as s:
        report = service.update_index(s, db.settings)
    assert report.added == 8 and report.documents == 8
    return ids


def test_a_demand_finds_its_answers_with_reasons(db: Database, catalog_db: dict[str, int]) -> None:
    with db.read() as s:
        result = service.match_record(
            s, db.settings, ADMIN, "demand", catalog_db["demand"], MatchOptions(k=5)
        )
    top = result.groups["achievement"][0]
    assert top.record_id == catalog_db["perovskite"]
    reasons = top.explanation
    assert "钙钛矿" in reasons.matched_terms and "封装" in reasons.matched_terms
    assert "钙钛矿" in reasons.title_terms
    assert reasons.field == "same" and reasons.region == "same province"
    assert reasons.trl == "within"  # 可中试 → expected band contains NASA 6
    assert result.groups["patent"][0].record_id == catalog_db["patent"]
    assert result.groups["person"][0].record_id == catalog_db["expert"]  # via developed_by
    # the expert's 光伏 is a sub-field of the demand's 能源 (issue 13: was 领域不同)
    assert result.groups["person"][0].explanation.field == "same"
    assert result.groups["organisation"][0].record_id == catalog_db["uni"]
    assert result.quality is not None and "score" in result.quality
    assert all(i.entity_type != "demand" for g in result.groups.values() for i in g)


def test_confidential_achievements_stay_hidden(db: Database, catalog_db: dict[str, int]) -> None:
    outsider_id = make_user(db, "outsider", Role.ENTERPRISE, catalog_db["org"])
    insider_id = make_user(db, "insider", Role.RESEARCHER, catalog_db["uni"])
    outsider = principal(outsider_id, "outsider", Role.ENTERPRISE, catalog_db["org"])
    insider = principal(insider_id, "insider", Role.RESEARCHER, catalog_db["uni"])
    options = MatchOptions(targets=("achievement",), k=10)
    with db.read() as s:
        for who, sees in ((outsider, False), (insider, True), (ADMIN, True)):
            found = service.match_text(db.settings, who, "钙钛矿电池封装胶膜", options)
            keys = {i.record_id for i in found.groups["achievement"]}
            assert (catalog_db["secret"] in keys) is sees
        with pytest.raises(NotFound):
            # the demand of another organisation is public, but an anonymous user cannot
            # give feedback, and a hidden record cannot be a match source
            service.match_record(
                s, db.settings, outsider, "achievement", catalog_db["secret"], options
            )


def test_index_follows_edits_and_deletes(db: Database, catalog_db: dict[str, int]) -> None:
    spec = ENTITIES["achievements"]
    with db.write(actor="test") as s:
        catalog.update_record(
            s,
            spec,
            ADMIN,
            catalog_db["wind"],
            spec.update.model_validate({"title": "氢燃料电池双极板"}),
        )
        catalog.delete_record(s, spec, ADMIN, catalog_db["perovskite"])
    with db.read() as s:
        report = service.update_index(s, db.settings)
    # the wind record, and the profiles of the expert and the university that lost a work
    assert (report.updated, report.deleted) == (3, 1)
    options = MatchOptions(targets=("achievement",), k=5, mode="lexical")
    hits = service.match_text(db.settings, ADMIN, "双极板", options).groups["achievement"]
    assert [h.record_id for h in hits] == [catalog_db["wind"]]
    hits = service.match_text(db.settings, ADMIN, "柔性封装", options).groups["achievement"]
    assert catalog_db["perovskite"] not in [h.record_id for h in hits]
    with db.read() as s:
        assert service.update_index(s, db.settings).unchanged == 7


def test_filters_narrow_the_matches(db: Database, catalog_db: dict[str, int]) -> None:
    floorless = db.settings.model_copy(update={"matching_floor_similarity": 0.0})
    run = lambda **kw: {  # noqa: E731
        i.record_id
        for i in service.match_text(
            floorless, ADMIN, "钙钛矿 封装 涂层", MatchOptions(targets=("achievement",), **kw)
        ).groups["achievement"]
    }
    assert run(fields=("材料",)) == {catalog_db["wind"]}
    assert run(trl_min=5) == {catalog_db["perovskite"]}
    assert run(region_prefix="3201") == {catalog_db["perovskite"]}
    with pytest.raises(InvalidInput):
        run(k=0)


def test_feedback_is_stored_and_reported(db: Database, catalog_db: dict[str, int]) -> None:
    with db.write(actor="test") as s:
        for rank, useful in ((1, True), (2, False), (5, True)):
            feedback.record_feedback(
                s,
                ADMIN,
                db.settings,
                source_type="demand",
                source_id=catalog_db["demand"],
                target_type="achievement",
                target_id=catalog_db["perovskite"],
                useful=useful,
                rank=rank,
            )
    with db.read() as s:
        report = feedback.feedback_report(s)
    assert report["marks"] == 3 and report["useful_share"] == round(2 / 3, 4)
    assert report["by_target"]["achievement"]["1-3"] == {"useful": 1, "not_useful": 1}
    with db.write(actor="test") as s, pytest.raises(Exception, match="登录"):
        feedback.record_feedback(
            s,
            ANONYMOUS,
            db.settings,
            source_type="demand",
            source_id=catalog_db["demand"],
            target_type="achievement",
            target_id=1,
            useful=True,
        )


@pytest.mark.milvus
def test_the_same_matches_through_the_milvus_backend(
    db: Database, catalog_db: dict[str, int]
) -> None:
    settings = db.settings.model_copy(update={"matching_backend": "milvus"})
    with db.read() as s:
        first = service.update_index(s, settings)
        again = service.update_index(s, settings)
    assert (first.added, again.added, again.unchanged) == (8, 0, 8)
    options = MatchOptions(k=5)
    with db.read() as s:
        milvus = service.match_record(s, settings, ADMIN, "demand", catalog_db["demand"], options)
        local = service.match_record(s, db.settings, ADMIN, "demand", catalog_db["demand"], options)
    for target in ("achievement", "patent", "person", "organisation"):
        assert milvus.groups[target][0].record_id == local.groups[target][0].record_id
    assert milvus.index["backend"] == "milvus"


def test_an_index_saved_by_another_process_is_reopened(
    db: Database, catalog_db: dict[str, int]
) -> None:
    from xinzhi.matching.local import LocalBackend

    first = service.get_retriever(db.settings)
    assert service.get_retriever(db.settings) is first  # unchanged files: the same object
    other = LocalBackend(service.index_dir(db.settings), dim=first.embedder.dim)  # "xinzhi worker"
    other.delete([f"achievement:{catalog_db['wind']}"])
    other.save()
    reopened = service.get_retriever(db.settings)
    assert reopened is not first
    assert reopened.backend.stats().documents == 7


def test_an_achievement_is_offered_to_demands_and_enterprises(
    db: Database, catalog_db: dict[str, int]
) -> None:
    options = MatchOptions(k=5)
    with db.read() as s:
        result = service.match_record(
            s, db.settings, ADMIN, "achievement", catalog_db["perovskite"], options
        )
        asked = service.match_record(
            s, db.settings, ADMIN, "achievement", catalog_db["perovskite"],
            MatchOptions(k=5, org_kinds=("university",)),
        )  # fmt: skip
    assert result.groups["demand"][0].record_id == catalog_db["demand"]
    assert {i.record_id for i in result.groups["organisation"]} <= {catalog_db["org"]}
    # the university owns the achievement: never offered as its own adopter
    assert catalog_db["uni"] not in {i.record_id for i in asked.groups["organisation"]}
