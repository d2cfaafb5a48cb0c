"""Who may run and review matching: written once, used by the API, pages and CLI.

Anyone may search for matches (visibility rules filter every result); staff rebuild the index
and read the feedback report.
"""

from __future__ import annotations

from xinzhi.common import permissions
from xinzhi.common.permissions import STAFF

INDEX = "matching.index"
FEEDBACK_REPORT = "matching.feedback_report"

RULES = permissions.define({INDEX: STAFF, FEEDBACK_REPORT: STAFF})
