"""Patent-domain tables beyond the catalog's ``patents``: the editable applicant alias table.

An alias says that an applicant name (any spelling that normalises to ``alias_key``, see
:func:`xinzhi.patents.names.applicant_key`) stands for ``canonical``. Aliases are written by
users (``source = manual``) or accepted from the suggestions (``auto``); every insert, update
and delete is audited, and each row keeps who created it and when.
"""

from __future__ import annotations

import enum

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from xinzhi.core.models import Audited, Base, Timestamped


class AliasSource(enum.StrEnum):
    MANUAL = "manual"
    AUTO = "auto"


class ApplicantAlias(Audited, Timestamped, Base):
    """申请人别名: one applicant name (by its normalised key) → its canonical name."""

    __tablename__ = "patent_applicant_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    alias: Mapped[str] = mapped_column(String(256))
    alias_key: Mapped[str] = mapped_column(String(256), unique=True)
    canonical: Mapped[str] = mapped_column(String(256), index=True)
    source: Mapped[str] = mapped_column(String(16), default=AliasSource.MANUAL.value)
    created_by: Mapped[str] = mapped_column(String(128), default="")
    note: Mapped[str] = mapped_column(Text, default="")
