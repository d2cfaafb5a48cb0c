"""Who may change the catalog: written once, used by the API, pages and CLI.

Staff (admins, brokers) curate every record and run imports; enterprise and researcher users
create and edit their own organisation's achievements and demands (the record-level rule is
``catalog.service.check_write``); reviewers and the public read what is public.
"""

from __future__ import annotations

from xinzhi.common import permissions
from xinzhi.common.permissions import STAFF
from xinzhi.core.models import Role

IMPORT = "catalog.import"
WRITE_OWN = "catalog.write_own"

RULES = permissions.define(
    {
        IMPORT: STAFF,
        WRITE_OWN: STAFF | {Role.ENTERPRISE, Role.RESEARCHER},
    }
)
