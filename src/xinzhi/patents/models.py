"""Patent-domain tables beyond the catalog's ``patents``: the editable applicant alias table."""

from __future__ import annotations
