"""``xinzhi users``: accounts and API tokens."""

from __future__ import annotations

import click
from sqlalchemy import select

from xinzhi.common.cli import CliContext, emit, json_option, pass_ctx
from xinzhi.core import security
from xinzhi.core.errors import NotFound
from xinzhi.core.models import Role, User


@click.group()
def users() -> None:
    """Accounts, roles and API tokens."""


@users.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.PUBLIC.value)
@click.option("--organisation-id", type=int, default=None)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@pass_ctx
def create(
    ctx: CliContext, username: str, role: str, organisation_id: int | None, password: str
) -> None:
    """Create an account (the password is asked for unless given)."""
    with ctx.migrated_db().write(actor=ctx.principal.actor) as session:
        user = security.create_user(
            session,
            username=username,
            password=password,
            role=Role(role),
            organisation_id=organisation_id,
        )
        click.echo(f"created user #{user.id} {username} ({role})")


@users.command("list")
@json_option
@pass_ctx
def list_(ctx: CliContext, as_json: bool) -> None:
    """List accounts."""
    with ctx.migrated_db().read() as session:
        rows = [
            {
                "id": u.id,
                "username": u.username,
                "role": u.role,
                "organisation_id": u.organisation_id,
                "active": u.active,
            }
            for u in session.scalars(select(User).order_by(User.id))
        ]
    emit(
        rows,
        as_json,
        lambda rs: "\n".join(
            f"#{r['id']}\t{r['username']}\t{r['role']}\t{'active' if r['active'] else 'disabled'}"
            for r in rs
        ),
    )


@users.command("token")
@click.argument("username")
@click.option("--name", default="cli", help="A label for the token.")
@pass_ctx
def token(ctx: CliContext, username: str, name: str) -> None:
    """Issue an API token for USERNAME (printed once; only its hash is stored)."""
    with ctx.migrated_db().write(actor=ctx.principal.actor) as session:
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            raise NotFound(f"user {username!r} not found")
        click.echo(security.issue_token(session, user, name))
