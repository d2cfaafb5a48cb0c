"""The weak-link table of a region as Excel (one sheet of nodes, one of reasons) or Word,
through ``common.office``; headers are Chinese and every sheet carries the data date."""

from __future__ import annotations

import io
from typing import Any

import pandas as pd
from sqlalchemy.orm import Session

from xinzhi.chains import views
from xinzhi.chains.messages import STAGES
from xinzhi.common.office import add_table, use_cjk_font, workbook_bytes
from xinzhi.core.errors import InvalidInput
from xinzhi.core.security import Principal

FORMATS = (".xlsx", ".docx")


def frames(rows: list[dict[str, Any]]) -> dict[str, pd.DataFrame]:
    table = pd.DataFrame(
        [
            {
                "环节": r["name"],
                "阶段": STAGES.get(r["stage"], (r["stage"],))[0],
                "标志性产品": "是" if r["flagship"] else "否",
                "短板评分": r["weak_score"],
                "本地专利（件）": r["measures"]["local_patents"],
                "全国占比": r["measures"]["share"],
                "专利专业化指数RTA": r["measures"]["rta"],
                "集中度HHI": r["measures"]["hhi"],
                "本地企业（家）": r["measures"]["local_enterprises"],
                "本地成果（项）": r["measures"]["local_achievements"],
                "本地专家（人）": r["measures"]["local_experts"],
                "待对接需求（项）": r["measures"]["open_demands"],
                "发布中榜单（项）": r["measures"]["open_challenges"],
                "数据截至": r["measures"]["data_date"],
            }
            for r in rows
        ]
    )
    reasons = pd.DataFrame(
        [{"环节": r["name"], "依据": reason} for r in rows for reason in r["reasons"]]
    )
    return {"短板表": table, "依据": reasons}


def export_bytes(
    session: Session, principal: Principal, chain_id: int, region: str, suffix: str
) -> bytes:
    if suffix not in FORMATS:
        raise InvalidInput(f"导出格式须为 .xlsx 或 .docx (got {suffix!r})")
    chain, rows = views.weak_table(session, principal, chain_id, region)
    sheets = frames(rows)
    if suffix == ".xlsx":
        return workbook_bytes(sheets)
    from docx import Document

    doc = Document()
    use_cjk_font(doc)
    doc.add_heading(f"{chain.name}产业链短板分析（{region}）", level=1)
    date = rows[0]["measures"]["data_date"] if rows else "—"
    doc.add_paragraph(f"数据截至 {date}；短板评分 0–1，越高越薄弱。")
    add_table(doc, sheets["短板表"], digits=3)
    doc.add_heading("依据", level=2)
    for r in rows:
        doc.add_paragraph(f"{r['name']}：" + "；".join(r["reasons"]))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
