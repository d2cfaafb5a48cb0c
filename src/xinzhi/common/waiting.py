"""待我处理: what waits for the signed-in user's action, gathered from every domain.

Each domain that has such work declares ``web_state={"waiting_<domain>": "module:waiting"}``
in its ``domain.py``; the function is ``waiting(session, principal) -> list[WaitingItem]`` and
returns only records the principal may act on (and so may read). The web app collects every
``waiting_*`` function (``app.state.waiting``) for the header count and the ``/queue`` page,
so no domain imports another.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from xinzhi.core.security import Principal

PREFIX = "waiting_"


@dataclass(frozen=True)
class WaitingItem:
    """One thing to do: ``kind_label`` is a message key (the kind of work, e.g. 待审批的成熟度
    评价), ``title`` what it is about (never more than the principal may read), ``link`` the
    page where the work is done."""

    kind_label: str
    title: str
    link: str


Provider = Callable[[Session, Principal], list[WaitingItem]]


def providers(state: Mapping[str, Any]) -> list[Provider]:
    """The ``waiting_*`` functions among the domains' web state, in a stable order."""
    return [state[name] for name in sorted(state) if name.startswith(PREFIX)]


def collect(session: Session, principal: Principal, found: Iterable[Provider]) -> list[WaitingItem]:
    """Every provider's items for ``principal`` (nothing for an anonymous visitor)."""
    if principal.user_id is None:
        return []
    return [item for provider in found for item in provider(session, principal)]
