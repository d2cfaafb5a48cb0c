"""Watchlists, their runs and the warnings they raise."""

from __future__ import annotations
