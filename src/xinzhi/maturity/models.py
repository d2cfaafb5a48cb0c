"""TRL assessments, per-level checklist answers, evidence files and reviewer approvals."""

from __future__ import annotations
