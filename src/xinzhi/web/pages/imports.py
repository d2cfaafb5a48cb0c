"""Placeholder until the importer's preview lands."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
