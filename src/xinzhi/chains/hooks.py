"""Record types of other domains placed on chains, registered by the composition root.

The chains domain may not import another domain, so a domain's records come in through
:func:`register`: ``xinzhi.app._connect_domains`` registers the 揭榜挂帅 challenges (entity type
``challenge``). A source gives three functions:

- ``place(session)`` yields ``(id, text, ipc codes, main ipc)`` rows to place (by terms, like
  demands);
- ``visible(session, principal)`` yields ``(id, title, region_code, open)`` for the records
  ``principal`` may see (the owning domain's visibility rule, not ours);
- ``changed_at(session)`` the latest change, so ``chains.refresh`` re-places after it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy.orm import Session

from xinzhi.core.security import Principal

Row = tuple[int, str, list[str], str]  # id, text, ipc codes, main ipc
Visible = tuple[int, str, str | None, bool]  # id, title, region code, open


@dataclass(frozen=True)
class RecordSource:
    place: Callable[[Session], Iterator[Row]]
    visible: Callable[[Session, Principal], Iterable[Visible]]
    changed_at: Callable[[Session], dt.datetime | None]


SOURCES: dict[str, RecordSource] = {}


def register(entity_type: str, source: RecordSource) -> None:
    """Place ``entity_type`` records from ``source`` (registering again replaces)."""
    SOURCES[entity_type] = source
