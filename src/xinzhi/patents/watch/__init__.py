"""Patent watchlists and warnings: a watchlist is a saved query over patents; a scheduled job
re-runs it and raises explained warnings (new filings, burst start, stage change, maturity)."""
