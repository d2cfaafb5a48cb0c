"""Outcomes and feedback become labels; `xinzhi match train` retrains the demand reranker."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from tests.factories import make
from xinzhi.core.db import Database
from xinzhi.matching import labels, outcomes, service
from xinzhi.matching.labels import Label, register_label_source, unregister_label_source
from xinzhi.matching.learned import learned_path


@pytest.fixture(autouse=True)
def _fresh_retrievers() -> Iterator[None]:
    service.forget_retrievers()
    yield
    service.forget_retrievers()


def test_too_few_labels_keep_the_current_model(db: Database) -> None:
    with db.read() as s:
        report = outcomes.train(s, db.settings)
    assert not report.trained and not report.saved
    assert "标注不足" in report.message and "Too few labels" in report.message_en
    assert not learned_path(db.settings).exists()


def test_the_cli_says_too_few_labels_and_exits_zero(db: Database) -> None:
    from click.testing import CliRunner

    from xinzhi.cli.main import cli

    args = ["--database-url", db.settings.sqlalchemy_url, "--data-dir", str(db.settings.data_dir)]
    result = CliRunner().invoke(cli, [*args, "match", "train"])
    assert result.exit_code == 0, result.output
    assert "标注不足" in result.output and "Too few labels" in result.output


def _labelled_world(db: Database) -> list[Label]:
    """Fourteen demands in 江苏; for each, three 江苏 achievements are the good answers (as the
    outcomes say) and three Beijing ones that repeat the demand's words are not."""
    good = [
        make(db, "achievements", title=f"光伏组件阻隔封装方案{i}", region_code="320100")
        for i in range(3)
    ]
    bad = [
        make(
            db,
            "achievements",
            region_code="110000",
            title=f"钙钛矿电池封装湿热衰减 钙钛矿电池封装 {i}",
        )
        for i in range(3)
    ]
    labels: list[Label] = []
    for i in range(14):
        demand = make(
            db, "demands", title=f"钙钛矿电池封装湿热衰减问题{i}", detail="光伏组件封装阻隔",
            region_code="320500",
        )  # fmt: skip
        labels += [(demand, "achievement", a, 1) for a in good]
        labels += [(demand, "achievement", a, 0) for a in bad]
    return labels


def test_a_model_trained_on_outcomes_beats_the_fused_order_and_is_saved(db: Database) -> None:
    labels = _labelled_world(db)
    with db.read() as s:
        service.update_index(s, db.settings)

    def source(_session: Session) -> list[Label]:
        return labels

    register_label_source(source)
    try:
        with db.read() as s:
            report = outcomes.train(s, db.settings)
    finally:
        unregister_label_source(source)
    assert report.trained and report.held_out_demands > 0
    assert report.ndcg_after is not None and report.ndcg_before is not None
    assert report.ndcg_after > report.ndcg_before
    assert report.saved and learned_path(db.settings).exists()
    assert report.model["weights"]["same_region"] > 0
    learned = service.get_retriever(db.settings).learned
    assert learned is not None and learned.applies_to == ("demand",)


def test_feedback_marks_are_labels_and_outcomes_override_them(db: Database) -> None:
    from tests.factories import ADMIN
    from xinzhi.matching.feedback import record_feedback

    demand = make(db, "demands", title="需求")
    target = make(db, "achievements", title="成果")
    with db.write(actor="test") as s:
        record_feedback(
            s, ADMIN, db.settings, source_type="demand", source_id=demand,
            target_type="achievement", target_id=target, useful=True,
        )  # fmt: skip
    with db.read() as s:
        assert labels.collect_labels(s) == {(demand, "achievement", target): 1}

    def terminated(_session: Session) -> list[Label]:
        return [(demand, "achievement", target, 0)]  # 技术不匹配

    register_label_source(terminated)
    try:
        with db.read() as s:
            assert labels.collect_labels(s) == {(demand, "achievement", target): 0}
    finally:
        unregister_label_source(terminated)
