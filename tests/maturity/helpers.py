"""Shared set-up for maturity tests: an achievement with linked patents, written through the
real catalog services."""

from __future__ import annotations

import io

from sqlalchemy.orm import Session

from tests.factories import ADMIN, make
from xinzhi.catalog.links import create_link
from xinzhi.catalog.schemas import LinkCreate
from xinzhi.core.db import Database
from xinzhi.core.models import Role
from xinzhi.core.security import Principal
from xinzhi.core.settings import Settings
from xinzhi.maturity import service
from xinzhi.maturity.checklist import checklist

REVIEWER = Principal(user_id=None, username="reviewer-test", role=Role.REVIEWER)
SUMMARY = (
    "利用宽频电化学阻抗谱特征与迁移学习模型，在3分钟内完成退役电池模组容量与内阻分档，"
    "实验室样机在磷酸铁锂模组上容量估计误差小于2.5%，尚未量产。"
)


def achievement(db: Database, *, patents: tuple[str, ...] = (), **values: object) -> int:
    data = {"title": "退役锂电池快速分选方法", "summary": SUMMARY, "field": "新能源"} | values
    achievement_id = make(db, "achievements", **data)
    for i, pub_no in enumerate(patents):
        patent_id = make(db, "patents", pub_no=pub_no, title=f"专利{i}")
        with db.write(actor="test") as session:
            link = LinkCreate(source_type="achievements", source_id=achievement_id,
                              target_type="patents", target_id=patent_id,
                              relation="protected_by")  # fmt: skip
            create_link(session, ADMIN, link)
    return achievement_id


def meet_level(
    session: Session, settings: Settings, assessment_id: int, level: int, *, content: bytes = b""
) -> None:
    """Answer every criterion of ``level`` as met, each with one evidence file."""
    row = service.get_assessment(session, ADMIN, assessment_id)
    for c in checklist(row.scale).for_level(level, row.track):
        service.answer(session, ADMIN, assessment_id, c.id, "met", note=f"见附件 {c.id}")
        body = content or f"evidence for {c.id}".encode()
        service.add_evidence(session, settings, ADMIN, assessment_id, c.id, f"{c.id}.pdf",
                             io.BytesIO(body))  # fmt: skip
