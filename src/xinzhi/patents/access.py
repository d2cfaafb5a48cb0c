"""Who may change patent navigation data: written once, used by the API, pages and CLI."""

from __future__ import annotations

from xinzhi.common import permissions
from xinzhi.common.permissions import STAFF

ALIASES_EDIT = "patents.aliases.edit"

RULES = permissions.define({ALIASES_EDIT: STAFF})
