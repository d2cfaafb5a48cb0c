"""Chains (产业链/创新链), their nodes (环节) and where catalog records sit on them.

A chain is versioned by name: importing a chain whose name exists adds version n + 1 and keeps
the old one, so a map and its placements can always be reproduced. A placement ties one catalog
record (patent, organisation, achievement, expert, demand, policy; a 揭榜挂帅 challenge through
``hooks``) to one node with a confidence and its reasons; a person's confirmation or move
(``status`` ``confirmed`` / ``moved``) is never overwritten by a later automatic run.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from xinzhi.core.models import Audited, Base, Timestamped, utcnow

AUTO = "auto"
CONFIRMED = "confirmed"
MOVED = "moved"
KEPT = (CONFIRMED, MOVED)


class Chain(Audited, Timestamped, Base):
    __tablename__ = "chains"
    __table_args__ = (UniqueConstraint("name", "version", name="uq_chains_name_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    description: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(Text, default="")
    spec: Mapped[dict[str, Any]] = mapped_column(default=dict)
    placed_at: Mapped[dt.datetime | None]
    placement_summary: Mapped[dict[str, Any]] = mapped_column(default=dict)

    nodes: Mapped[list[ChainNode]] = relationship(
        back_populates="chain", cascade="all, delete-orphan", order_by="ChainNode.position"
    )


class ChainNode(Base):
    __tablename__ = "chain_nodes"
    __table_args__ = (UniqueConstraint("chain_id", "key", name="uq_chain_nodes_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    chain_id: Mapped[int] = mapped_column(ForeignKey("chains.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(128))
    stage: Mapped[str] = mapped_column(String(16))
    parent: Mapped[str | None] = mapped_column(String(64))
    flagship: Mapped[bool] = mapped_column(default=False)
    upstream: Mapped[list[str]] = mapped_column(default=list)
    keywords: Mapped[list[str]] = mapped_column(default=list)
    exclude: Mapped[list[str]] = mapped_column(default=list)
    ipc: Mapped[list[str]] = mapped_column(default=list)
    description: Mapped[str] = mapped_column(Text, default="")

    chain: Mapped[Chain] = relationship(back_populates="nodes")


class Placement(Audited, Base):
    __tablename__ = "chain_placements"
    __table_args__ = (
        UniqueConstraint(
            "chain_id", "entity_type", "entity_id", "node_key", name="uq_chain_placements"
        ),
        Index("ix_chain_placements_node", "chain_id", "node_key", "entity_type"),
        Index("ix_chain_placements_entity", "entity_type", "entity_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    chain_id: Mapped[int] = mapped_column(ForeignKey("chains.id", ondelete="CASCADE"))
    node_key: Mapped[str] = mapped_column(String(64))
    entity_type: Mapped[str] = mapped_column(String(16))
    entity_id: Mapped[int] = mapped_column(Integer)
    confidence: Mapped[float]
    method: Mapped[str] = mapped_column(String(32))
    reasons: Mapped[Any] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), default=AUTO)
    decided_by: Mapped[str] = mapped_column(String(128), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Platform(Audited, Timestamped, Base):
    """概念验证中心 / 中试平台 / other service platform: what it verifies, the TRL step it takes
    a technology through, and the chain nodes it serves (``"链名:节点key"`` or ``"节点key"``)."""

    __tablename__ = "chain_platforms"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(256), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # poc | pilot | service
    services: Mapped[list[str]] = mapped_column(default=list)
    trl_from: Mapped[int | None]
    trl_to: Mapped[int | None]
    region_code: Mapped[str | None] = mapped_column(String(6), index=True)
    serves: Mapped[list[str]] = mapped_column(default=list)
    capabilities: Mapped[str] = mapped_column(Text, default="")
    equipment: Mapped[str] = mapped_column(Text, default="")
    fees: Mapped[str] = mapped_column(Text, default="")
    contact: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(Text, default="")
