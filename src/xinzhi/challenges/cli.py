"""CLI (placeholder)."""

import click


@click.group()
def challenges() -> None:
    """揭榜挂帅."""
