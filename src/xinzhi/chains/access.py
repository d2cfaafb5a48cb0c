"""Who may do what with chains, written once for the API, the pages and the CLI.

Every signed-in role reads chain maps, weak-link tables and recommendations (the counts and
lists inside apply the catalog's visibility: a confidential achievement or demand shows only
to its organisation and staff). Importing, placing and confirming or moving a placement is
staff work (admins and brokers curate the catalog). Anonymous visitors are asked to log in.
"""

from __future__ import annotations

from xinzhi.common import permissions
from xinzhi.common.permissions import EVERYONE, STAFF

READ = "chains.read"
MANAGE = "chains.manage"
DECIDE = "chains.decide"

RULES = permissions.define({READ: EVERYONE, MANAGE: STAFF, DECIDE: STAFF})
