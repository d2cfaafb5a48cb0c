"""The notifications domain's reaction to :class:`~xinzhi.core.events.Notice`.

``install()`` is called once where the application starts (the web app, the job worker and the
CLI); it is idempotent, so calling it from each is harmless.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from xinzhi.core.events import Notice, subscribe
from xinzhi.notifications import service


def on_notice(session: Session, notice: Notice) -> None:
    """Inbox rows and queued e-mail, in the publisher's transaction."""
    service.deliver(session, notice)


def install() -> None:
    subscribe(Notice, on_notice)
