"""``xinzhi users``: accounts and API tokens."""

from __future__ import annotations

import click
from sqlalchemy import select

from xinzhi.common.cli import CliContext, emit, json_option, pass_ctx
from xinzhi.core import security
from xinzhi.core.errors import InvalidInput, NotFound
from xinzhi.core.models import Role, User


@click.group()
def users() -> None:
    """Accounts, roles and API tokens."""


@users.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.PUBLIC.value)
@click.option("--organisation-id", type=int, default=None)
@click.option("--email", default="", help="Address for notification e-mail (never shown publicly).")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@pass_ctx
def create(
    ctx: CliContext,
    username: str,
    role: str,
    organisation_id: int | None,
    email: str,
    password: str,
) -> None:
    """Create an account (the password is asked for unless given)."""
    address = _checked_email(email)
    with ctx.migrated_db().write(actor=ctx.principal.actor) as session:
        user = security.create_user(
            session,
            username=username,
            password=password,
            role=Role(role),
            organisation_id=organisation_id,
        )
        user.email = address
        click.echo(f"created user #{user.id} {username} ({role})")


@users.command("update")
@click.argument("username")
@click.option("--email", default=None, help="Address for notification e-mail; '' clears it.")
@click.option("--role", type=click.Choice([r.value for r in Role]), default=None)
@click.option("--active/--disabled", default=None, help="Enable or disable the account.")
@pass_ctx
def update(
    ctx: CliContext, username: str, email: str | None, role: str | None, active: bool | None
) -> None:
    """Change an account's e-mail address, role or whether it may log in."""
    with ctx.migrated_db().write(actor=ctx.principal.actor) as session:
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            raise NotFound(f"user {username!r} not found")
        if email is not None:
            user.email = _checked_email(email)
        if role is not None:
            user.role = role
        if active is not None:
            user.active = active
        click.echo(f"updated user #{user.id} {username}")


def _checked_email(raw: str) -> str:
    """The address, or InvalidInput naming the field (the same rule as the settings form)."""
    from pydantic import TypeAdapter, ValidationError

    from xinzhi.notifications.schemas import EmailAddress

    try:
        return str(TypeAdapter(EmailAddress).validate_python(raw.strip()))
    except ValidationError:
        raise InvalidInput(f"--email: 邮箱格式不正确 (not an e-mail address): {raw}") from None


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
