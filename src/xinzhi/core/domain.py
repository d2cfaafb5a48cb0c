"""The shape of a domain as the composition root sees it.

Each domain package declares one :class:`Domain` in its ``domain.py``; ``xinzhi.app`` lists
those modules and is the only place that knows them all (as Django's INSTALLED_APPS). Entries
are ``"module"`` or ``"module:attribute"`` strings, so declaring a domain imports nothing
heavy: the CLI resolves a command only when it runs, the worker imports job modules only when
it starts. core defines the shape and imports no domain.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Domain:
    """What one domain contributes to the application.

    - ``models``: modules whose import registers ORM tables in ``Base.metadata``
    - ``jobs``: modules whose import registers job kinds and periodic tasks
    - ``commands``: CLI command name → ``"module:attribute"`` of a click command or group
    - ``api``: ``"module:attribute"`` of a FastAPI ``APIRouter`` (or a function returning
      routers), mounted under ``/api/v1``
    - ``pages``: the same for HTML page routers
    - ``messages``: ``"module:attribute"`` of the domain's ``{"zh": {key: …}, "en": {key: …}}``
      strings (see ``xinzhi.common.web.i18n``)
    - ``subscribers``: ``"module:attribute"`` of functions that subscribe event handlers
    - ``demo``: ``"module:attribute"`` of ``fn(db) -> dict`` that loads the domain's demo data
    - ``web_state``: ``app.state`` name → ``"module:attribute"`` the web app keeps for the
      shared page frame (e.g. ``unread_count``, the header badge's counter; ``waiting_<domain>``
      names are collected for 待我处理, see ``xinzhi.common.waiting``)
    - ``nav``: (path, message key) links the domain adds to the site navigation
    """

    name: str
    models: tuple[str, ...] = ()
    jobs: tuple[str, ...] = ()
    commands: Mapping[str, str] = field(default_factory=dict)
    api: tuple[str, ...] = ()
    pages: tuple[str, ...] = ()
    messages: tuple[str, ...] = ()
    subscribers: tuple[str, ...] = ()
    demo: tuple[str, ...] = ()
    web_state: Mapping[str, str] = field(default_factory=dict)
