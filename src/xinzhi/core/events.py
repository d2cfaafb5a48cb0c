"""In-process domain events: a domain says what happened, other domains react.

A publisher never imports its subscribers, so domains stay independent: the composition root
(``xinzhi.app``) subscribes each domain's handlers once at start-up. Handlers run synchronously
inside the publisher's unit of work (same session, same transaction): a notice is saved with
the change that caused it or not at all. A handler that needs slow work enqueues a job.

Two event types cover what crosses domains today:

- :class:`Notice` — something a person should be told (inbox, e-mail). The publisher decides
  who (``recipients``: user ids) and what (``title``, ``body``, ``link``); the notifications
  domain decides how, following each user's settings.
- :class:`RecordChanged` — a catalog record was created, updated or deleted, so derived data
  (the matching index) can follow.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Notice:
    """A message for users. ``kind`` is a stable code such as ``engagement.stage``."""

    kind: str
    recipients: tuple[int, ...]
    title: str
    body: str = ""
    link: str = ""
    subject_type: str = ""
    subject_id: int | None = None


@dataclass(frozen=True)
class RecordChanged:
    """A catalog record changed. ``action`` is ``create``, ``update`` or ``delete``."""

    entity: str
    record_id: int
    action: str
    extra: dict[str, Any] = field(default_factory=dict)


Event = Notice | RecordChanged
E = TypeVar("E", Notice, RecordChanged)
Handler = Callable[[Session, Any], None]

_HANDLERS: dict[type, list[Handler]] = {}


def subscribe(event_type: type[E], handler: Callable[[Session, E], None]) -> None:
    """Call ``handler(session, event)`` for every published event of ``event_type`` (idempotent)."""
    handlers = _HANDLERS.setdefault(event_type, [])
    if handler not in handlers:
        handlers.append(handler)


def unsubscribe(event_type: type[E], handler: Callable[[Session, E], None]) -> None:
    """Stop calling ``handler`` (a test's temporary listener)."""
    handlers = _HANDLERS.get(event_type, [])
    if handler in handlers:
        handlers.remove(handler)


def publish(session: Session, event: Event) -> None:
    """Run the subscribers of ``event``'s type in the caller's transaction."""
    for handler in list(_HANDLERS.get(type(event), ())):
        handler(session, event)
